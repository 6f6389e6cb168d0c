"""Text helpers: accent- and case-insensitive matching, and neutralising untrusted text for terminals."""
from __future__ import annotations

import re
import unicodedata

# C0 (but newline), DEL, C1, and the bidirectional controls that can reorder what a reader sees.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


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
    """Control and bidi characters made visible (`\\x1b`, `<U+202E>`), so text cannot drive the terminal."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\t":
        return "    "
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"<U+{code:04X}>"
