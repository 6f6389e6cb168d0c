"""The fact store: what queries and renderers read, whether it came from YAML or the cache.

`Store` is the interface; `FactBase` (built from a freshly validated file) and
`cache_entry.CachedFactBase` implement it, so a query never knows which it has.

Two ideas are defined here and nowhere else:

* **the sources a fact cites** (`cited_sources`): every source its evidence quotes,
  then every source quoted only in one of its disagreements. A source that speaks
  in a disagreement is part of the fact's record (its words are quoted there), so
  `--source`, `show`, the yaml export and `stats` all count it;
* **contested** (`is_contested`): the fact records at least one disagreement.
"""
from __future__ import annotations

import json
from functools import cached_property
from typing import Any, Protocol

COLUMNS = ("stance", "credibility", "date", "attributed_to", "contested")
FACETS = ("themes", "actors", "sources")

Fact = dict[str, Any]


def cited_sources(fact: Fact) -> list[str]:
    """Ids of the sources a fact cites, in order, each once: evidence first, then disagreements."""
    ids = [e["source"] for e in fact["evidence"]]
    for disagreement in fact.get("disagreements") or []:
        ids += [account["source"] for account in disagreement["accounts"]]
    return list(dict.fromkeys(ids))


def is_contested(fact: Fact) -> bool:
    """Whether the sources disagree on the fact: it records at least one disagreement."""
    return bool(fact.get("disagreements"))


def column_value(fact: Fact, name: str) -> Any:
    return is_contested(fact) if name == "contested" else fact.get(name)


def facet_values(fact: Fact, name: str) -> list[str]:
    return cited_sources(fact) if name == "sources" else fact[name]


def encode_fact(fact: Fact) -> bytes:
    """A fact as one line of JSON: the unit the cache stores and `--json` writes."""
    return json.dumps(fact, ensure_ascii=False).encode("utf-8")


class Store(Protocol):
    """A validated fact base, addressed by ordinal (the fact's position in the file)."""

    @property
    def ids(self) -> list[str]: ...

    @property
    def sources(self) -> list[dict[str, Any]]: ...

    @property
    def entities(self) -> list[dict[str, Any]]: ...

    @property
    def captures(self) -> list[str]:
        """Folders of the captured texts, as written (`captures:`), relative to the fact base's folder."""
        ...

    @property
    def ordinal_of(self) -> dict[str, int]: ...

    @property
    def source_by_id(self) -> dict[str, dict[str, Any]]: ...

    def __len__(self) -> int: ...

    def column(self, name: str) -> list[Any]:
        """One value per fact, for a scalar field in COLUMNS."""
        ...

    def facet(self, name: str) -> dict[str, list[int]]:
        """Value -> ordinals of the facts carrying it, for a list field in FACETS."""
        ...

    def fact(self, ordinal: int) -> Fact: ...

    def fact_json(self, ordinal: int) -> bytes:
        """The fact as its JSON line, exactly as `--json` writes it."""
        ...


class Lookups:
    """The indexes both stores derive from `ids` and `sources`."""

    ids: list[str]
    sources: list[dict[str, Any]]

    @cached_property
    def ordinal_of(self) -> dict[str, int]:
        return {fact_id: n for n, fact_id in enumerate(self.ids)}

    @cached_property
    def source_by_id(self) -> dict[str, dict[str, Any]]:
        return {s["id"]: s for s in self.sources}


class FactBase(Lookups):
    def __init__(self, data: dict[str, Any]) -> None:
        self.facts: list[Fact] = data["facts"]
        self.sources = data["sources"]
        self.entities: list[dict[str, Any]] = data.get("entities") or []
        self.captures: list[str] = [data["captures"]] if data.get("captures") else []
        self.ids = [f["id"] for f in self.facts]
        self._columns: dict[str, list[Any]] = {}
        self._facets: dict[str, dict[str, list[int]]] = {}

    def __len__(self) -> int:
        return len(self.facts)

    def fact(self, ordinal: int) -> Fact:
        return self.facts[ordinal]

    def fact_json(self, ordinal: int) -> bytes:
        return encode_fact(self.facts[ordinal])

    def column(self, name: str) -> list[Any]:
        if name not in self._columns:
            self._columns[name] = [column_value(f, name) for f in self.facts]
        return self._columns[name]

    def facet(self, name: str) -> dict[str, list[int]]:
        if name not in self._facets:
            index: dict[str, list[int]] = {}
            for ordinal, fact in enumerate(self.facts):
                for value in facet_values(fact, name):
                    index.setdefault(value, []).append(ordinal)
            self._facets[name] = index
        return self._facets[name]
