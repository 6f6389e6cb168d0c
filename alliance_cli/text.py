"""Text helpers: folding for matching what readers treat as the same, and neutralising untrusted text."""
from __future__ import annotations

import re
import unicodedata

# Characters a terminal acts on or a reader cannot see, by Unicode category: controls (Cc: C0, DEL, C1),
# format characters (Cf: bidirectional controls, zero-width characters, tag characters, the byte-order
# mark, soft hyphen), line and paragraph separators (Zl, Zp), private use (Co) and lone surrogates (Cs).
UNSAFE_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp", "Co", "Cs"))

# Every apostrophe and single quote as ', every double quote as ", every dash and hyphen as -: what readers
# treat as the same mark. `fold` applies it; verify names it when a quote matches only through it.
QUOTES_AND_DASHES = str.maketrans({
    **dict.fromkeys("’‘‛‚ʼʹ´`′", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−⁃", "-"),
})
# What `fold` maps beyond case and accents: letters that Unicode does not decompose into a base letter
# and a mark (ł, ø, đ, æ …), quotes and dashes as above, and the soft hyphen to nothing. Applied before
# NFKD (which would turn ´ into a space and a mark) and again after it (NFKD turns some compatibility
# forms into the dashes listed here).
_SEPARATORS = re.compile(r"[\s-]+")
_FOLDS = str.maketrans({
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "þ": "th", "ħ": "h", "ı": "i", "ŧ": "t",
    "ŀ": "l", "ĸ": "k", "ŋ": "n", "\u00ad": None,
}) | QUOTES_AND_DASHES


def fold(text: str) -> str:
    """Text as matching sees it: `Łódź’s North–South` -> `lodz's north-south`.

    Case folded, accents removed (including letters NFKD does not split: ł ø đ æ ß),
    compatibility forms unified, apostrophes and quotes made straight and dashes made
    hyphens, so that readers' equivalents are equal. Always equal to
    `fold_with_positions(text)[0]`.
    """
    if text.isascii():
        return text.lower().replace("`", "'")
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLDS))
    if not decomposed.isascii():
        decomposed = "".join(c for c in decomposed if not unicodedata.combining(c))
    return decomposed.translate(_FOLDS)


def name_key(text: str) -> str:
    """What two spellings of a name share: folded, and a hyphen or dash is a space (`Russia–Iran  Alliance` and
    `russia iran alliance` are one name)."""
    return _SEPARATORS.sub(" ", fold(text)).strip()


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each of its characters, the index of the character of `text` it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = fold(char)
        folded.append(piece)
        origin.extend([index] * len(piece))
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


_URI_SAFE = "!#$%&'()*+,-./:;=?@[]_~"  # RFC 3986's reserved and unreserved marks; `%` keeps escapes already made


def uri(iri: str) -> str:
    """An address as a URI, as RFC 3987's IRI-to-URI conversion makes it: every character outside ASCII's
    printable URI characters percent-encoded as UTF-8 (`…/wiki/Bündnis` -> `…/wiki/B%C3%BCndnis`), so
    that strict consumers (STIX validators, citation managers) take it; ASCII addresses are unchanged."""
    from urllib.parse import quote

    return quote(iri, safe=_URI_SAFE)
