"""Text helpers: accent- and case-insensitive matching, and neutralising untrusted text for terminals."""
from __future__ import annotations

import unicodedata

# Characters a terminal acts on or a reader cannot see, by Unicode category: controls (Cc: C0, DEL, C1),
# format characters (Cf: bidirectional controls, zero-width characters, tag characters, the byte-order
# mark, soft hyphen), line and paragraph separators (Zl, Zp), private use (Co) and lone surrogates (Cs).
UNSAFE_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp", "Co", "Cs"))


def fold(text: str) -> str:
    """Lower-cased, accents removed, compatibility forms unified: `Bündnis` -> `bundnis`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each of its characters, the index of the character of `text` it came from."""
    folded, origin = [], []
    for index, char in enumerate(text):
        for piece in unicodedata.normalize("NFKD", char.casefold()):
            if not unicodedata.combining(piece):
                folded.append(piece)
                origin.append(index)
    return "".join(folded), origin


def neutralise(text: str) -> str:
    """Invisible and controlling characters made visible (`\\x1b`, `<U+202E>`, `<U+200B>`), so text can
    neither drive the terminal nor hide from the reader; newlines are kept, a tab becomes four spaces.

    `str.isprintable` is false for every character of UNSAFE_CATEGORIES (and for a few harmless
    ones: other spaces, unassigned code points), so printable text, nearly all of it, costs one C call.
    """
    if text.isprintable():
        return text
    category = unicodedata.category
    return "".join(_visible(char) if char != "\n" and category(char) in UNSAFE_CATEGORIES else char
                   for char in text)


def _visible(char: str) -> str:
    if char == "\t":
        return "    "
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"<U+{code:04X}>"
