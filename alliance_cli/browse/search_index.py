"""The browser's search index: every fact's searchable text, folded once (`text.fold`), for a scan per keystroke.

Folding 100,000 facts takes seconds, so the folded texts are kept in the cache beside the facts' entry,
under its name and a hash of the code that makes them (`_index_name`): the next `browse` reads them
instead. With no cache (`--no-cache`, or a store not read from one), they are folded each time.

Why chunks. Reading the kept index is what stands between the first screen and a search that works.
Decoding 50 MB of text takes 45 ms; splitting it into 100,000 strings took 50-90 ms more, and
memory for 100,000 string objects. So the texts stay joined, a chunk of `PER_CHUNK` texts to a string
(so a text in another script widens its chunk alone, not the whole index), with where each text
starts and ends in its chunk. A search runs on its text's span of the chunk, `pattern.search(chunk,
start, end)`, which is the search of that text alone: the end bounds the match and every look-ahead
(`end` is where the string ends, for the pattern), and the one thing a search looks at before its
start is the character before it, for the look-behind "no word character before the word"
(`query.search._pattern`): that character is `_BETWEEN_TEXTS`, no word character, as at a string's
start. The search's patterns use no other look-behind, nor `^`, `\\A`, `\\b` or `\\B` (a test holds
them to that, and compares every answer with the search of each text alone).
"""
from __future__ import annotations

import bisect
import sys
from array import array
from collections.abc import Callable, Mapping
from typing import NamedTuple

from alliance_cli.factbase.store import Fact, Store
from alliance_cli.query.search import Term, searchable_fields

SHIFT = 10
PER_CHUNK = 1 << SHIFT  # texts in a chunk
_BETWEEN_TEXTS = "\x02"  # no word character: what a search sees before a text's start is as at a string's start


class Texts(NamedTuple):
    chunks: list[str]  # PER_CHUNK texts each, joined by _BETWEEN_TEXTS
    starts: array  # where each text starts in its chunk
    ends: array  # where it ends


def pack(texts: list[str]) -> Texts:
    chunks, starts, ends = [], array("q"), array("q")
    for first in range(0, len(texts), PER_CHUNK):
        part, at = texts[first:first + PER_CHUNK], 0
        for text in part:
            starts.append(at)
            ends.append(at + len(text))
            at += len(text) + 1
        chunks.append(_BETWEEN_TEXTS.join(part))
    return Texts(chunks, starts, ends)


def text_of(texts: Texts, n: int) -> str:
    return texts.chunks[n >> SHIFT][texts.starts[n]:texts.ends[n]]


def matching(texts: Texts, term: Term, chosen: list[int]) -> list[int]:
    """The facts of `chosen` whose text `term` matches, in order. A term of several alternatives (a name and
    its other spellings) is looked for first by the text each begins with (`Term.leads`): only the texts
    holding one are searched with the pattern, which decides."""
    chunks, starts, ends = texts
    if len(term.leads) > 1:
        holding: set[int] = set()
        for lead in term.leads:
            holding |= _holding(texts, lead)
        chosen = [n for n in chosen if n in holding]
    search = term.pattern.search
    return [n for n in chosen if search(chunks[n >> SHIFT], starts[n], ends[n])]


def _holding(texts: Texts, lead: str) -> set[int]:
    """The texts that hold `lead` (whole, within their own span), found chunk by chunk with `str.find`."""
    found: set[int] = set()
    chunks, starts, ends = texts
    for c, chunk in enumerate(chunks):
        first, stop = c << SHIFT, min((c + 1) << SHIFT, len(starts))
        at = chunk.find(lead)
        while at >= 0:
            n = bisect.bisect_right(starts, at, first, stop) - 1
            if at + len(lead) <= ends[n]:
                found.add(n)
                at = chunk.find(lead, ends[n] + 1)
            else:  # (across a text's end: look on)
                at = chunk.find(lead, at + 1)
    return found


def raw_searchable(fact: Fact) -> str:
    """The text a search reads in a fact, before folding: its fields joined as `Search.matches` joins them."""
    return "\x00".join(text for _, text in searchable_fields(fact))


class SearchIndex:
    """The folded texts of a store's facts, read from the cache or folded, in a thread if need be (`build`)."""

    BATCH = 2000

    def __init__(self, store: Store, cache: Mapping[str, str] | None = None) -> None:
        self.store = store
        self.cache = cache
        self._texts: Texts | None = None

    @property
    def ready(self) -> bool:
        return self._texts is not None

    def texts(self) -> Texts:
        if self._texts is None:
            self.build()
        return self._texts  # type: ignore[return-value]

    def haystacks(self) -> list[str]:
        """Every fact's folded text, as a list (a scan uses `matching`)."""
        texts = self.texts()
        return [text_of(texts, n) for n in range(len(texts.starts))]

    def matching(self, term: Term, chosen: list[int]) -> list[int]:
        return matching(self.texts(), term, chosen)

    def build(self, progress: Callable[[int], None] | None = None) -> None:
        """Read or fold every fact's text. Safe to run in a thread: the texts are published whole at the end."""
        if self._texts is not None:
            return
        from alliance_cli.factbase import cache

        name = _index_name(self.store) if self.cache is not None else None
        kept = _decoded(cache.read_blob(self.cache, name), len(self.store)) if name and self.cache else None
        if kept is not None:
            self._texts = kept
            return
        store, total = self.store, len(self.store)
        haystacks: list[str] = []
        for start in range(0, total, self.BATCH):
            raws = [raw_searchable(store.fact(n)) for n in range(start, min(start + self.BATCH, total))]
            haystacks += fold_many(raws)
            if progress is not None:
                progress(len(haystacks))
        self._texts = pack(haystacks)
        if name and self.cache is not None:
            cache.write_blob(self.cache, name, _encoded(self._texts))


def _index_name(store: Store) -> str | None:
    """What the index of a store read from the cache is kept under: the entry's name, and a hash of the
    code that makes the index (what a search reads in a fact, how it is folded, how it is kept)."""
    entry = getattr(store, "name", None)
    if type(entry) is not str:
        return None
    import hashlib
    import inspect

    from alliance_cli import text
    from alliance_cli.query import search

    digest = hashlib.sha256()
    for module in (text, search, sys.modules[__name__]):
        digest.update(inspect.getsource(module).encode("utf-8"))
    return f"search-index:{entry}:{digest.hexdigest()}"


def _encoded(texts: Texts) -> bytes:
    """Count, chunks, each chunk's length in bytes, the starts and ends, then the chunks in UTF-8."""
    chunks = [chunk.encode("utf-8", "surrogatepass") for chunk in texts.chunks]
    head = array("q", [len(texts.starts), len(chunks), *map(len, chunks)])
    return head.tobytes() + texts.starts.tobytes() + texts.ends.tobytes() + b"".join(chunks)


def _decoded(data: bytes | memoryview | None, count: int) -> Texts | None:
    """The texts `_encoded` wrote, if they are `count` of them and hang together; else None."""
    if data is None:
        return None
    view, size = memoryview(data), array("q").itemsize
    chunks = -(-count // PER_CHUNK)
    head, starts, ends = array("q"), array("q"), array("q")
    places = (2 + chunks) * size, count * size, count * size
    if len(view) < sum(places):
        return None
    head.frombytes(view[:places[0]])
    starts.frombytes(view[places[0]:places[0] + places[1]])
    ends.frombytes(view[places[0] + places[1]:sum(places)])
    if head[:2] != array("q", [count, chunks]) or min(head, default=0) < 0 or sum(head[2:]) != len(view) - sum(places):
        return None
    at, texts = sum(places), []
    try:
        for length in head[2:]:
            texts.append(str(view[at:at + length], "utf-8", "surrogatepass"))
            at += length
    except UnicodeDecodeError:
        return None
    return _checked(Texts(texts, starts, ends))


def _checked(texts: Texts) -> Texts | None:
    """The texts, if each chunk's spans start at 0 and end at its end (the blob's CRC vouches for the rest)."""
    for c, chunk in enumerate(texts.chunks):
        first, last = c << SHIFT, min((c + 1) << SHIFT, len(texts.starts)) - 1
        if texts.starts[first] != 0 or texts.ends[last] != len(chunk):
            return None
    return texts


_BETWEEN = "\x01"  # folds to itself; the fields within a text are joined by \x00


def fold_many(texts: list[str]) -> list[str]:
    """`[text.fold(t) for t in texts]`, faster: the texts are folded as one string and split again.

    `fold` works character by character (`fold(text)` is the folds of its characters joined), so
    this gives each text's fold. A text that holds the separator itself is folded alone.
    """
    from alliance_cli.text import fold

    if any(_BETWEEN in t for t in texts):
        return [fold(t) for t in texts]
    pieces = fold(_BETWEEN.join(texts)).split(_BETWEEN)
    return pieces if len(pieces) == len(texts) else [fold(t) for t in texts]
