"""The corroboration index, kept in the cache folder so that a run on a large base only scores.

Building the index reads every fact's statement and quotes through the stemmer: about 40 s for 100,000
facts, against well under a second to load it. It is rebuilt incrementally, as the fact base is: a fact's
profile is stored under a hash of its JSON line, so after an edit only the facts that changed are analysed
again, and the analysis of the others is read back. The entry is keyed by the entities (which decide how
names are read) and the code of the analysis; anything unreadable is ignored and rebuilt. JSON only, written
whole through the fact cache's atomic write, never pickle.
"""
from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from alliance_cli.factbase.store import Store
from alliance_cli.query.corroboration import Analyser, CorroborationIndex, FactProfile, Terms, profile

VERSION = 1
KEEP = 8  # index files kept in the cache folder


def index_for(store: Store, variables: dict[str, str] | None = None) -> CorroborationIndex:
    """The index of `store`: facts whose analysis is cached are read back, the others analysed and stored."""
    path = _path(store, os.environ if variables is None else variables)
    known = _read(path) if path else {}
    analyser: Analyser | None = None
    profiles: list[FactProfile] = []
    fresh: dict[str, Any] = {}
    for ordinal in range(len(store)):
        digest = hashlib.blake2b(store.fact_json(ordinal), digest_size=12).hexdigest()
        stored = known.get(digest)
        if stored is None:
            analyser = analyser or Analyser(store.entities)
            made = profile(analyser, store.fact(ordinal))
            stored = _encode(made)
            profiles.append(made)
        else:
            profiles.append(_decode(stored))
        fresh[digest] = stored
    if path and fresh.keys() != known.keys():
        _write(path, fresh)
    return CorroborationIndex(profiles)


def _path(store: Store, variables: Any) -> str | None:
    from alliance_cli.factbase import cache

    folder = cache.directory(variables)
    if folder is None:
        return None
    stamp = hashlib.blake2b(digest_size=10)
    stamp.update(json.dumps(store.entities, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for module in ("corroboration", "corroboration_cache"):
        with open(os.path.join(os.path.dirname(__file__), f"{module}.py"), "rb") as handle:
            stamp.update(handle.read())
    return os.path.join(folder, f"corroboration-{VERSION}-{stamp.hexdigest()}.json")


def _encode(made: FactProfile) -> list[Any]:
    return [made.stance, sorted(made.actors),
            [[sorted(p.stems), sorted(p.entities), sorted(p.numbers), p.hedged, sorted(p.people)]
             for p in made.passages]]


def _decode(stored: list[Any]) -> FactProfile:
    stance, actors, passages = stored
    return FactProfile([Terms(frozenset(s), frozenset(e), frozenset(n), h, frozenset(p))
                        for s, e, n, h, p in passages], frozenset(actors), stance)


def _read(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(path: str, data: dict[str, Any]) -> None:
    """Through the cache's own atomic write; a cache folder that cannot be written is skipped."""
    from alliance_cli.factbase import cache

    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, exist_ok=True)
    except (OSError, ValueError):
        return
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if cache._write_atomically(folder, path, body):
        _prune(folder, path)


def _prune(folder: str, kept: str) -> None:
    """Keep the KEEP most recently written indexes (one per fact base's entities and code); drop the rest."""
    try:
        names = [os.path.join(folder, n) for n in os.listdir(folder) if n.startswith("corroboration-")]
        names.sort(key=lambda p: os.stat(p).st_mtime, reverse=True)
        for stale in [p for p in names if p != kept][KEEP - 1:]:
            os.unlink(stale)
    except OSError:
        pass
