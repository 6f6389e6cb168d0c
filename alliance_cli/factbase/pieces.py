"""A fact base file cut into pieces at its facts, so that an edit re-reads only the facts it touched.

Parsing 100,000 facts takes some 15 s, and an edit to one statement changes one of them. So a file
is cut in two: its head (everything but the entries of `facts:`: sources, entities, settings, a few
hundred entries at most) and its facts' entries, grouped into pieces of a few dozen. A piece starts
at an entry whose first bytes hash to a multiple of `AVERAGE`, so where pieces start depends on the
entries alone: inserting a fact changes one piece, not every piece after it. The cache keeps each piece's digest
with the file's entry (`incremental`); the next version of the file reuses the facts of every piece
whose bytes it still holds, and parses the head and the other pieces alone.

The cut is made in the bytes, by lines, and trusted only where it is exactly YAML's: the facts'
header is a bare `facts:` line at column 0, given once; each entry starts with `- ` at one indent;
every other line of the section is blank, a comment, or indented deeper; and no line break other
than LF or CRLF occurs (YAML also breaks lines at CR, NEL, LS and PS). Anything else: no pieces,
and the file is parsed whole. Even then the cut is checked against the parser before it is kept
(`matches`): each piece must hold exactly the entries the parser found there.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass

AVERAGE = 32  # entries per piece, on average
_SEEN = 64  # bytes of an entry that decide whether a piece starts there
_HEADER_REST = re.compile(rb"[ \t]*(?:#[^\n]*)?\r?\n")
_BLANK_OR_COMMENT = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\r?\n)*")
_ENTRY = re.compile(rb"( *)-[ \r\n]")
# The patterns searched for in the whole file begin with a literal line feed, which `re` scans for
# quickly: a pattern anchored with `^` in multi-line mode is tried at every byte, six times slower.


@dataclass
class Layout:
    head: bytes  # the file without its facts' entries (the header line kept, so `facts:` is there, empty)
    pieces: list[bytes]  # the entries, in order, cut into pieces
    starts: list[list[int]]  # for each piece, where each of its entries starts in it
    first_line: int  # the 0-based line of the first entry in the file
    indent: int  # the column of the entries' `-`

    def __post_init__(self) -> None:
        self.counts = [len(starts) for starts in self.starts]  # entries in each piece

    def digests(self) -> list[str]:
        return [hashlib.sha256(piece).hexdigest() for piece in self.pieces]

    def lines(self, piece: int) -> list[int]:
        """The 0-based line, in the piece, where each of its entries starts."""
        text, line, before, lines = self.pieces[piece], 0, 0, []
        for start in self.starts[piece]:
            line += text.count(b"\n", before, start)
            lines.append(line)
            before = start
        return lines

    def all_lines(self) -> list[int]:
        """The 0-based line, in the file, where each entry starts."""
        lines, line = [], self.first_line
        for n, piece in enumerate(self.pieces):
            lines += [line + at for at in self.lines(n)]
            line += piece.count(b"\n")
        return lines


def split(data: bytes) -> Layout | None:
    """The file cut at its facts, or None when the cut cannot be trusted (see the module's note).

    Line breaks other than LF and CRLF (YAML also breaks at CR, NEL, LS and PS) are not looked for
    here: they shift the lines of the parser's entries against the cut's, which `matches` catches.
    """
    header = _header(data)
    if header is None:
        return None
    start = _BLANK_OR_COMMENT.match(data, header).end()  # type: ignore[union-attr]
    first = _ENTRY.match(data, start)
    if first is None:
        return None
    indent = len(first.group(1))
    end = _section_end(data, start, indent)
    if _stray_line(data, start, end, indent):
        return None
    entry = re.compile(rb"\n" + b" " * indent + rb"-[ \r\n]")
    starts = [start] + [m.start() + 1 for m in entry.finditer(data, start, end)]
    return _layout(data, starts, start, end, indent)


def _header(data: bytes) -> int | None:
    """Where the line after the one bare `facts:` line at column 0 starts; None if there is not exactly one."""
    found = [0] if data.startswith(b"facts:") else []
    position = data.find(b"\nfacts:")
    while position != -1:
        found.append(position + 1)
        position = data.find(b"\nfacts:", position + 1)
    if len(found) != 1:
        return None
    rest = _HEADER_REST.match(data, found[0] + len(b"facts:"))
    return rest.end() if rest else None


def _section_end(data: bytes, start: int, indent: int) -> int:
    """Where the facts' section ends: the first line at column 0 that is no entry, blank line or comment."""
    other = rb"\n(?:[^ #\r\n-]|-[^ \r\n])" if indent == 0 else rb"\n[^ #\r\n]"
    found = re.compile(other).search(data, start)
    return found.start() + 1 if found else len(data)


def _stray_line(data: bytes, start: int, end: int, indent: int) -> bool:
    """Whether a line of the section stands less deep than the entries' content without starting an entry."""
    if indent == 0:
        return False
    patterns = [rb"\n {%d}(?!-[ \r\n])[^ \r\n#]" % indent]
    if indent > 1:
        patterns.append(rb"\n {1,%d}[^ \r\n#]" % (indent - 1))
    return any(re.compile(p).search(data, start, end) for p in patterns)


def _layout(data: bytes, starts: list[int], start: int, end: int, indent: int) -> Layout:
    """Entries grouped into pieces: a piece ends before an entry whose first bytes (its first line,
    mostly: `- id: ...`) have a CRC-32 that is a multiple of AVERAGE."""
    cuts = [n for n, at in enumerate(starts) if n and zlib.crc32(data[at:at + _SEEN]) % AVERAGE == 0]
    pieces, offsets = [], []
    for first, stop in zip([0, *cuts], [*cuts, len(starts)], strict=True):
        piece_start = starts[first]
        piece_end = starts[stop] if stop < len(starts) else end
        pieces.append(data[piece_start:piece_end])
        offsets.append([at - piece_start for at in starts[first:stop]])
    return Layout(data[:start] + data[end:], pieces, offsets, data.count(b"\n", 0, start), indent)


def matches(starts: list[int], item_lines: list[int]) -> bool:
    """Whether the parser's entries (the lines they start on) fall one to each entry of the cut (the lines
    they start on): a cut inside a quoted text, or one that missed an entry, is caught here."""
    if len(item_lines) != len(starts):
        return False
    bounds = [*starts[1:], None]
    return all(begin <= at and (stop is None or at < stop)
               for begin, stop, at in zip(starts, bounds, item_lines, strict=True))


def describe(data: bytes, root) -> list[list] | None:
    """[digest, entries] of each piece of a file that was parsed whole, for its cache entry; None when the
    file cannot be cut, or when the cut disagrees with the parser's node tree (`root`)."""
    from yaml.nodes import MappingNode, SequenceNode

    layout = split(data)
    if layout is None or not isinstance(root, MappingNode):
        return None
    facts = next((value for key, value in root.value if key.value == "facts"), None)
    if not isinstance(facts, SequenceNode):
        return None
    if not matches(layout.all_lines(), [item.start_mark.line for item in facts.value]):
        return None
    return [[digest, count] for digest, count in zip(layout.digests(), layout.counts, strict=True)]
