"""The corroboration index, kept in the cache folder so that a run on a large base only scores.

Analysing a fact (its statement and quotes through the stemmer and the entity names) costs about a
millisecond, so 100,000 facts take minutes; reading them back takes well under a second. The index is
rebuilt incrementally, as the fact base is: the file records a digest of each fact's JSON line beside its
analysis, and after an edit only the facts whose digest is new are analysed again.

One file per set of entities (which decide how names are read) and version of this code, in the cache
folder the fact cache uses, written whole through its atomic write. Layout: a JSON header line (the counts,
each term's number of passages and place in the postings, and where each section is), then the sections:
the postings (int32 ordinals per term), each fact's profile as a JSON line with their offsets (int64), and
the facts' digests. Nothing in it executes: JSON and arrays of integers, never pickle. A run reads the
header and then only the postings and profiles its sentences need. A file that is unreadable, of another
shape or for other facts is ignored and rebuilt.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from array import array
from collections.abc import Mapping, Sequence
from typing import Any

from alliance_cli.factbase.store import Store
from alliance_cli.files import open_regular
from alliance_cli.query.corroboration import Analyser, CorroborationIndex, profile
from alliance_cli.query.corroboration_terms import FactProfile, Terms

VERSION = 3
PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The code that turns a fact into its profile: a change to any of it (a stem, a stopword, a name's
# spellings, how text is folded) makes another index, never a stale one read back.
ANALYSIS_CODE = ("query/corroboration.py", "query/corroboration_cache.py", "query/corroboration_terms.py",
                 "query/corroboration_words.py", "query/corroboration_lexicon.py", "query/names.py",
                 "factbase/lint/words.py", "text.py")
KEEP = 8  # index files kept in the cache folder
_DIGEST = 12  # bytes of each fact's digest (24 hex characters)


def index_for(store: Store, variables: Mapping[str, str] | None = None) -> CorroborationIndex:
    """The index of `store`: read from the cache when it holds these facts; else updated from the cached one
    (only the facts that changed are analysed, and the term lists are patched) or built, and stored."""
    from alliance_cli.factbase.cache_entry import record_chunks

    offsets, bodies = record_chunks(store)  # the facts' JSON lines end to end, as the fact cache holds them
    signature = hashlib.blake2b(offsets.tobytes(), digest_size=16)
    for body in bodies:
        signature.update(body)
    whole = signature.hexdigest()
    path = _path(store, os.environ if variables is None else variables)
    stored = StoredIndex.open(path) if path else None
    if stored is not None and stored.whole == whole:
        return stored
    blob = memoryview(bodies[0] if len(bodies) == 1 else b"".join(bodies))
    digests = [hashlib.blake2b(blob[offsets[n]:offsets[n + 1] - 1], digest_size=_DIGEST).hexdigest()
               for n in range(len(store))]  # each fact's JSON line, without its line end
    if path and stored is not None:
        _write(path, _updated(stored, store, digests), digests, whole)
        reopened = StoredIndex.open(path)
        if reopened is not None and reopened.whole == whole:
            return reopened
    analyser = Analyser(store.entities)
    built = CorroborationIndex([profile(analyser, store.fact(n)) for n in range(len(store))])
    if path:
        _write(path, _contents(built), digests, whole)
    return built


# What a cache file holds, before it is laid out: each term's passage count and facts, the number of
# passages, and each fact's profile as a line of JSON.
Contents = tuple[dict[str, int], dict[str, list[int]], int, list[bytes]]


def _line(made: FactProfile) -> bytes:
    return json.dumps(_encode(made), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _contents(built: CorroborationIndex) -> Contents:
    return ({k: built.frequency(k) for k in built._postings}, built._postings, built.passage_count,
            [_line(made) for made in built.profiles])


def _updated(stored: StoredIndex, store: Store, digests: list[str]) -> Contents:
    """The stored index patched for the facts now in `store`: a fact whose digest is stored keeps its line;
    the others are analysed, and the term lists and counts lose the facts that went and gain those that came."""
    spare: dict[str, list[int]] = {}
    for digest, old in stored.by_digest_all():
        spare.setdefault(digest, []).append(old)
    new_of_old = [-1] * stored.count
    lines: list[bytes] = []
    fresh: dict[int, FactProfile] = {}
    analyser: Analyser | None = None
    for ordinal, digest in enumerate(digests):
        olds = spare.get(digest)
        if olds:
            old = olds.pop(0)
            new_of_old[old] = ordinal
            lines.append(stored.line(old))
        else:
            analyser = analyser or Analyser(store.entities)
            fresh[ordinal] = profile(analyser, store.fact(ordinal))
            lines.append(_line(fresh[ordinal]))
    frequency = {k: stored.frequency(k) for k in stored.terms()}
    passages = stored.passage_count
    for old in (o for o, n in enumerate(new_of_old) if n < 0):
        for passage in stored.profile(old).passages:
            passages -= 1
            for key in passage.index_keys():
                frequency[key] -= 1
    monotonic = all(a < b for a, b in zip(*_pairs([n for n in new_of_old if n >= 0]), strict=True))
    postings = {k: [n for o in stored.postings(k) if (n := new_of_old[o]) >= 0] for k in stored.terms()}
    touched: set[str] = set()
    for ordinal, made in fresh.items():
        keys: set[str] = set()
        for passage in made.passages:
            passages += 1
            for key in passage.index_keys():
                frequency[key] = frequency.get(key, 0) + 1
            keys |= passage.index_keys()
        for key in keys:
            postings.setdefault(key, []).append(ordinal)
        touched |= keys
    for key in postings if not monotonic else touched:
        postings[key].sort()
    kept = {k for k, ordinals in postings.items() if ordinals}
    return ({k: frequency[k] for k in kept}, {k: postings[k] for k in kept}, max(1, passages), lines)


def _pairs(values: list[int]) -> tuple[list[int], list[int]]:
    return values[:-1], values[1:]


class StoredIndex(CorroborationIndex):
    """The index as the cache file holds it: the header read at once, postings and profiles on demand."""

    def __init__(self, data: Any, header: dict[str, Any], body: int) -> None:
        self._data = memoryview(data)
        self._body = body
        self._terms: dict[str, list[int]] = header["terms"]
        self._sections: dict[str, list[int]] = header["sections"]
        self.passage_count = header["passages"]
        self.whole = header["whole"]
        self.count = header["facts"]
        self._profiles: dict[int, FactProfile] = {}
        self._offsets = array("q")
        self._offsets.frombytes(self._section("offsets"))

    @classmethod
    def open(cls, path: str) -> StoredIndex | None:
        """The index in the file at `path`, mapped so that only the pages a run reads are read; None when it
        is missing, unreadable or of another shape."""
        import mmap

        try:
            with open_regular(path) as handle:
                data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            end = data.find(b"\n")
            header = json.loads(data[:end])
            if header.get("version") != VERSION or len(data) != end + 1 + header["size"]:
                return None
            return cls(data, header, end + 1)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _section(self, name: str) -> memoryview:
        start, length = self._sections[name]
        return self._data[self._body + start:self._body + start + length]

    def frequency(self, key: str) -> int:
        term = self._terms.get(key)
        return term[0] if term else 0

    def postings(self, key: str) -> Sequence[int]:
        term = self._terms.get(key)
        if not term:
            return ()
        found = array("i")
        found.frombytes(self._section("postings")[term[1] * 4:(term[1] + term[2]) * 4])
        return found

    def profile(self, ordinal: int) -> FactProfile:
        made = self._profiles.get(ordinal)
        if made is None:
            made = _decode(json.loads(self.line(ordinal)))
            self._profiles[ordinal] = made
        return made

    def line(self, ordinal: int) -> bytes:
        """The fact's profile as stored: a line of JSON."""
        return bytes(self._section("profiles")[self._offsets[ordinal]:self._offsets[ordinal + 1]])

    def by_digest_all(self) -> list[tuple[str, int]]:
        """Every stored fact's digest and ordinal, for an incremental rebuild."""
        digests = bytes(self._section("digests")).decode("ascii")
        width = _DIGEST * 2
        return [(digests[n * width:(n + 1) * width], n) for n in range(self.count)]

    def terms(self) -> list[str]:
        """Every term the index knows."""
        return list(self._terms)


def _path(store: Store, variables: Mapping[str, str]) -> str | None:
    from alliance_cli.factbase import cache

    folder = cache.cache_folder(variables)
    if folder is None:
        return None
    stamp = hashlib.blake2b(digest_size=10)
    stamp.update(json.dumps(store.entities, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for module in ANALYSIS_CODE:
        with open(os.path.join(PACKAGE, *module.split("/")), "rb") as handle:
            stamp.update(handle.read())
    return os.path.join(folder, f"corroboration-{VERSION}-{stamp.hexdigest()}.index")


def _encode(made: FactProfile) -> list[Any]:
    return [made.stance, sorted(made.actors),
            [[sorted(p.stems), sorted(p.entities), sorted(p.numbers), p.hedged, sorted(p.people), sorted(p.negated),
              sorted(p.denied)]
             for p in made.passages]]


def _decode(stored: list[Any]) -> FactProfile:
    """A stored profile; most passages name no person and deny nothing, so those share one empty set (a warm
    run decodes thousands)."""
    stance, actors, passages = stored
    return FactProfile([Terms(frozenset(s), frozenset(e), frozenset(n), h, frozenset(p) if p else _NONE,
                              negated=frozenset(o) if o else _NONE, denied=frozenset(d) if d else _NONE)
                        for s, e, n, h, p, o, d in passages], frozenset(actors), stance)


_NONE: frozenset[str] = frozenset()


def _write(path: str, contents: Contents, digests: list[str], whole: str) -> None:
    """Through the fact cache's atomic write; a cache folder that cannot be written is skipped."""
    from alliance_cli.factbase import cache

    frequency, lists, passage_count, lines = contents
    postings = array("i")
    terms: dict[str, list[int]] = {}
    for key, ordinals in lists.items():
        terms[key] = [frequency[key], len(postings), len(ordinals)]
        postings.extend(ordinals)
    offsets = array("q", [0])
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    sections = {"postings": postings.tobytes(), "offsets": offsets.tobytes(), "profiles": b"".join(lines),
                "digests": "".join(digests).encode("ascii")}
    places, at = {}, 0
    for name, body in sections.items():
        places[name] = [at, len(body)]
        at += len(body)
    header = {"version": VERSION, "facts": len(digests), "passages": passage_count, "whole": whole,
              "terms": terms, "sections": places, "size": at}
    data = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n" + \
        b"".join(sections.values())
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, exist_ok=True)
    except (OSError, ValueError):
        return
    if cache.write_atomically(folder, path, data):
        _prune(folder, path)


_INDEX_NAME = re.compile(r"corroboration-\d+-[0-9a-f]{20}\.index")  # as `_path` names them: only those are pruned


def _prune(folder: str, kept: str) -> None:
    """Keep the KEEP most recently written indexes (one per set of entities and version); drop the rest."""
    try:
        names = [os.path.join(folder, n) for n in os.listdir(folder) if _INDEX_NAME.fullmatch(n)]
        names.sort(key=lambda p: os.lstat(p).st_mtime, reverse=True)  # a planted link to nowhere stops nothing
        for stale in [p for p in names if p != kept][KEEP - 1:]:
            os.unlink(stale)
    except OSError:
        pass
