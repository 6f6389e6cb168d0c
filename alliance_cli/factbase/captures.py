"""The captured texts that sources cite: where they are, and their headings, sentences and quotes.

Where: a fact base says where its captures are with the top-level key `captures:`,
a folder relative to the fact base file; `--sources DIR` overrides it. A capture
not found there is also looked for among the captures shipped with alliance, and
taken from there only when its sha256 is the one the source records, so a copy
of the shipped fact base (`alliance facts --format yaml > mine.yaml`) still finds
the texts it cites, and never a different text under the same name.

Structure: captures are plain text. A heading is a line of its own that starts
with a capital letter or a digit, holds two to 25 words and at most 150
characters, does not end as a sentence or clause does (`.`, `,`, `;`, `:`, `!`,
possibly followed by closing quotes; it may end with `?`), has no sentence
ending inside it, and is not part of a wrapped sentence: the line after it does
not go on in lower case, and the running text before it does not break off in
a lower-case word or a comma. Everything under a heading is its section. A paragraph is a run of other non-blank lines; a line
break inside one is a space (captures wrap lines where the page had a link).
Sentences end at `.`, `!`, `?` or `…` (and any closing quotes) before white
space and a character that is not a lower-case letter, except after
abbreviations such as `U.S.` or a single initial.

Offsets count Unicode code points of the capture as decoded from UTF-8, unchanged
(a byte-order mark at the start is not part of the text).
Quotes are found by `verify`'s rule: Unicode NFC, and any run of white space
equals one space.
"""
from __future__ import annotations

import bisect
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from alliance_cli.errors import AllianceError, ExitCode
from alliance_cli.factbase.store import Store

NO_SECTION = ""  # the section of text before the first heading
_MAX_HEADING_CHARACTERS = 150
_MAX_HEADING_WORDS = 25
_CLOSERS = "\"'”’»)]"
_NOT_HEADING_END = frozenset(".,;:!…")
_BOUNDARY = re.compile(r"[.!?…]+[" + re.escape(_CLOSERS) + r"]*(?=\s)")
_ABBREVIATION = re.compile(r"(?<![\w.])(?:[A-Z]|U\.S|U\.K|U\.N|e\.g|i\.e|Mr|Mrs|Ms|Dr|Prof|vs)\.$")
_SPACE = re.compile(r"\s+")


class CaptureProblem(AllianceError):
    """A capture that cannot be used: the fact base is incomplete without it (exit code 3)."""

    exit_code = ExitCode.FACT_BASE


class CaptureNotFound(CaptureProblem):
    """No capture for a source: `reason` says where alliance looked and how to point it at the captures."""

    def __init__(self, source_id: str, reason: str) -> None:
        super().__init__(f"source {source_id}: {reason}")
        self.reason = reason


def base_directory(fact_base_path: str) -> str:
    """The folder that a fact base's relative paths start from."""
    return fact_base_path if os.path.isdir(fact_base_path) else os.path.dirname(os.path.abspath(fact_base_path))


def shipped_folder() -> Path:
    """The captures shipped with alliance: beside the shipped fact base, in the package or the checkout."""
    from alliance_cli.factbase.loading import shipped_path

    return Path(shipped_path()).parent / "captures"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Place:
    """Where the finder looks: a folder, and in words why."""

    folder: Path
    why: str
    shipped: bool = False


class Finder:
    """Finds the capture of each source of a fact base: `--sources`, else `captures:`, else the shipped ones."""

    def __init__(self, store: Store, fact_base_path: str, override: str | os.PathLike[str] | None = None) -> None:
        self.store = store
        self.fact_base_path = fact_base_path
        self.override = Path(override) if override is not None else None
        self._loaded: dict[str, Capture] = {}

    @cached_property
    def places(self) -> list[Place]:
        if self.override is not None:
            return [Place(self.override, "--sources")]
        base = Path(base_directory(self.fact_base_path))
        places = [Place(base / folder, f"'captures: {folder}' in {self.fact_base_path}")
                  for folder in self.store.captures]
        shipped = shipped_folder()
        if all(p.folder.resolve() != shipped.resolve() for p in places):
            places.append(Place(shipped, "the captures shipped with alliance", shipped=True))
        return places

    def folder(self) -> Path | None:
        """Where new captures go: --sources, else the fact base's own captures folder; None if it names none."""
        own = [p for p in self.places if not p.shipped]
        return own[0].folder if own else None

    def locate(self, source: dict[str, Any]) -> Path:
        """The capture file of `source`; CaptureNotFound says where alliance looked."""
        name = source["file"]
        if self.override is not None:
            path = self.override / name
            if not path.is_file():
                raise CaptureNotFound(source["id"], f"{path}: " + (_what_is(path) or "no such file"))
            return path
        for place in self.places:
            path = place.folder / name
            if path.is_file() and (not place.shipped or _digest_of_file(path) == source["sha256"]):
                return path
            if not place.shipped and os.path.lexists(path):  # a FIFO, a device or a folder in the capture's place
                raise CaptureNotFound(source["id"], f"{path}: " + (_what_is(path) or "cannot be read"))
        looked = "; ".join(f"{place.folder} ({place.why})" for place in self.places)
        raise CaptureNotFound(source["id"], f"capture '{name}' not found; looked in {looked}. Point at the folder "
                              f"holding it with 'captures: FOLDER' in {self.fact_base_path} (relative to that file) "
                              "or with --sources DIR")

    def loaded(self) -> list[Capture]:
        """The captures read so far."""
        return list(self._loaded.values())

    def load(self, source_id: str) -> Capture:
        """The capture of source `source_id`, read and decoded; its sha256 compared with the recorded one."""
        if source_id not in self._loaded:
            source = self.store.source_by_id[source_id]
            self._loaded[source_id] = read_capture(source, self.locate(source))
        return self._loaded[source_id]


def _what_is(path: Path) -> str | None:
    """`is a folder`, `is a FIFO (named pipe), not a regular file`, …: what is there instead of a capture."""
    from alliance_cli.files import kind_of

    try:
        return f"is {kind_of(path.stat().st_mode)}, not a regular file"
    except (OSError, ValueError):
        return None


def _digest_of_file(path: Path) -> str | None:
    from alliance_cli.files import read_bounded

    try:
        return sha256_of(read_bounded(str(path), MAX_CAPTURE_BYTES))
    except OSError:
        return None


MAX_CAPTURE_BYTES = 64 << 20  # a captured article; far beyond any real one


def read_capture(source: dict[str, Any], path: Path) -> Capture:
    """The capture's text; a UTF-8 byte-order mark (Notepad's "UTF-8 with BOM") is not part of it, so offsets
    count from the first character after it. The sha256 is of the file's bytes, as recorded."""
    from alliance_cli.files import read_bounded

    try:
        data = read_bounded(str(path), MAX_CAPTURE_BYTES)
    except OSError as error:
        raise CaptureNotFound(source["id"], f"{path}: cannot be read: {error.strerror or error}") from None
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        raise CaptureProblem(f"source {source['id']}: {path}: not UTF-8 text") from None
    return Capture(source["id"], path, text, sha256_of(data), source["sha256"])


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph: `[start, end)` in the capture, without surrounding white space."""

    heading: bool
    start: int
    end: int
    section: str  # the heading in force: the block's own text for a heading


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    section: str
    paragraph: int  # index of its paragraph among the capture's blocks


@dataclass(frozen=True)
class Span:
    """A stretch of a capture, `[start, end)`, and the section it starts in."""

    start: int
    end: int
    section: str


class Capture:
    def __init__(self, source_id: str, path: Path, text: str, digest: str, recorded: str) -> None:
        self.source_id = source_id
        self.path = path
        self.text = text
        self.digest = digest
        self.recorded = recorded  # the sha256 the fact base records

    @property
    def changed(self) -> bool:
        return self.digest != self.recorded

    def changed_warning(self) -> str:
        return (f"warning: source {self.source_id}: {self.path} has sha256 {self.digest}, but the fact base records "
                f"{self.recorded}; quotes and positions may not match (run 'alliance verify')")

    @cached_property
    def blocks(self) -> list[Block]:
        return blocks_of(self.text)

    @cached_property
    def sentences(self) -> list[Sentence]:
        found = []
        for index, block in enumerate(self.blocks):
            if not block.heading:
                found += [Sentence(start, end, block.section, index)
                          for start, end in sentence_spans(self.text, block.start, block.end)]
        return found

    @cached_property
    def _heading_starts(self) -> list[int]:
        return [b.start for b in self.blocks if b.heading]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def section_at(self, offset: int) -> str:
        headings = [b for b in self.blocks if b.heading]
        index = bisect.bisect_right(self._heading_starts, offset) - 1
        return headings[index].section if index >= 0 else NO_SECTION

    def sentences_overlapping(self, start: int, end: int) -> range:
        """Indexes of the sentences that share at least one character with `[start, end)`."""
        starts = self._sentence_starts
        first = max(bisect.bisect_right(starts, start) - 1, 0)
        while first < len(self.sentences) and self.sentences[first].end <= start:
            first += 1
        last = bisect.bisect_left(starts, end)
        return range(first, max(first, last))

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0, *(match.end() for match in re.finditer("\n", self.text))]

    def line_column(self, offset: int) -> tuple[int, int]:
        """Line and column (1-based) of an offset: a search among the line starts, not a count from the top
        (that made `coverage` and `quote` quadratic in the capture's size)."""
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    @cached_property
    def _verbatim(self) -> tuple[str, list[int], list[int]]:
        return normal_form(self.text)

    def find_verbatim(self, quote: str) -> list[Span]:
        """Every place where `quote` stands by verify's rule (NFC; a run of white space is one space)."""
        wanted = normalise(quote)
        key, starts, ends = self._verbatim
        found: list[Span] = []
        if not wanted:
            return found
        at = key.find(wanted)
        while at != -1:
            start, end = starts[at], ends[at + len(wanted) - 1]
            found.append(Span(start, end, self.section_at(start)))
            at = key.find(wanted, at + 1)
        return found


def normalise(text: str) -> str:
    """verify's rule: NFC, every run of white space one space, none at either end."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def normal_form(text: str) -> tuple[str, list[int], list[int]]:
    """The text by verify's rule (not stripped), and for each of its characters where it starts and ends in `text`."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    nfc = unicodedata.is_normalized("NFC", text)
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char.isspace():
            stop = index + 1
            while stop < length and text[stop].isspace():
                stop += 1
            out.append(" ")
            starts.append(index)
            ends.append(stop)
            index = stop
            continue
        stop = index + 1
        if not nfc:  # a starter and the combining marks after it are normalised together
            while stop < length and unicodedata.combining(text[stop]):
                stop += 1
        for piece in (char if nfc else unicodedata.normalize("NFC", text[index:stop])):
            out.append(piece)
            starts.append(index)
            ends.append(stop)
        index = stop
    return "".join(out), starts, ends


def blocks_of(text: str) -> list[Block]:
    lines = []  # (start, stripped line) of each line, blank lines as ""
    position = 0
    for line in text.splitlines(keepends=True):
        lines.append((position + len(line) - len(line.lstrip()), line.strip()))
        position += len(line)
    blocks: list[Block] = []
    section = NO_SECTION
    paragraph: list[int] | None = None  # [start, end] of the paragraph being read
    for n, (start, body) in enumerate(lines):
        before = lines[n - 1][1] if n > 0 and paragraph is not None else ""
        after = lines[n + 1][1] if n + 1 < len(lines) else ""
        if not body or (is_heading(body) and not _continues(before, after)):
            if paragraph is not None:
                blocks.append(Block(False, paragraph[0], paragraph[1], section))
                paragraph = None
            if body:
                section = body
                blocks.append(Block(True, start, start + len(body), section))
            continue
        if paragraph is None:
            paragraph = [start, start + len(body)]
        else:
            paragraph[1] = start + len(body)
    if paragraph is not None:
        blocks.append(Block(False, paragraph[0], paragraph[1], section))
    return blocks


def _continues(before: str, after: str) -> bool:
    """Whether a line is part of a wrapped sentence: the running text before it breaks off mid-sentence (in a
    lower-case word or after a comma), or the line after it goes on in lower case."""
    return (bool(before) and (before[-1].islower() or before[-1] == ",")) or (bool(after) and after[0].islower())


def is_heading(line: str) -> bool:
    """Whether a stripped, non-blank line reads as a heading (see the module's description)."""
    if len(line) > _MAX_HEADING_CHARACTERS or not (line[0].isupper() or line[0].isdigit()):
        return False
    if not 2 <= len(line.split()) <= _MAX_HEADING_WORDS:
        return False
    if line.rstrip(_CLOSERS)[-1:] in _NOT_HEADING_END:
        return False
    stops = [(s, e) for s, e in sentence_spans(line, 0, len(line)) if line[e - 1:e] != "?"]
    return len(stops) <= 1  # no sentence ends inside it (a question may: "Unequal Partners? Dynamics …")


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of the paragraph `text[start:end]`, each `[start, end)` without surrounding white space."""
    spans = []
    piece_start = start
    for match in _BOUNDARY.finditer(text, start, end):
        after = match.end()
        following = text[after:end].lstrip()
        if not following or following[0].islower():
            continue
        if _ABBREVIATION.search(text, max(start, after - 12), after):
            continue
        spans.append((piece_start, after))
        piece_start = after + (len(text[after:end]) - len(following))
    if piece_start < end:
        spans.append((piece_start, end))
    return [_trimmed(text, s, e) for s, e in spans if text[s:e].strip()]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
