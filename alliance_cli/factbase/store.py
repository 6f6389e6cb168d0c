"""The fact store: what queries and renderers read, whether it came from YAML or the cache.

Both `FactBase` (built from a freshly validated file) and `cache.CachedFactBase`
offer the same small interface, so that a query never knows which it has:

* `ids`, `sources`, `entities`;
* `column(name)`: one value per fact, for the scalar fields queries filter on;
* `facet(name)`: value -> ordinals of the facts carrying it, for list fields;
* `fact(i)` and `fact_json(i)`: one whole fact, as data or as its JSON line.
"""
from __future__ import annotations

import json
from functools import cached_property

COLUMNS = ("stance", "credibility", "date", "attributed_to", "contested")
FACETS = ("themes", "actors", "sources")


def fact_sources(fact: dict) -> list[str]:
    """Ids of the sources a fact cites, in order, each once."""
    return list(dict.fromkeys(e["source"] for e in fact["evidence"]))


def column_value(fact: dict, name: str):
    if name == "contested":
        return bool(fact.get("disagreements"))
    return fact.get(name)


def facet_values(fact: dict, name: str) -> list[str]:
    return fact_sources(fact) if name == "sources" else fact[name]


def encode_fact(fact: dict) -> bytes:
    """A fact as one line of JSON: the unit the cache stores and `--json` writes."""
    return json.dumps(fact, ensure_ascii=False).encode("utf-8")


class Store:
    """What `FactBase` and `cache.CachedFactBase` share; subclasses provide the interface above."""

    ids: list[str]
    sources: list[dict]
    entities: list[dict]

    @cached_property
    def ordinal_of(self) -> dict[str, int]:
        return {fact_id: n for n, fact_id in enumerate(self.ids)}

    @cached_property
    def source_by_id(self) -> dict[str, dict]:
        return {s["id"]: s for s in self.sources}


class FactBase(Store):
    def __init__(self, data: dict) -> None:
        self.facts: list[dict] = data["facts"]
        self.sources: list[dict] = data["sources"]
        self.entities: list[dict] = data.get("entities") or []
        self.ids: list[str] = [f["id"] for f in self.facts]
        self._columns: dict[str, list] = {}
        self._facets: dict[str, dict[str, list[int]]] = {}

    def __len__(self) -> int:
        return len(self.facts)

    def fact(self, ordinal: int) -> dict:
        return self.facts[ordinal]

    def fact_json(self, ordinal: int) -> bytes:
        return encode_fact(self.facts[ordinal])

    def column(self, name: str) -> list:
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
