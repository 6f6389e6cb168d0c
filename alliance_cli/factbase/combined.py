"""Several stores read as one, end to end: a fact base folder's files, or the pieces of one large file.

A repeat query of a folder, or of a file that was edited, is answered from the stores of its
pieces as they are cached (`cache`), never from a second copy of all their facts: writing such a
copy after every edit would cost more than the edit. So the joining must be cheap: ids and columns
are lists joined once, and a facet is joined only for the values a query asks about (`--theme
sanctions` joins the sanctions ordinals of each piece, not every theme's).
"""
from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from alliance_cli.factbase.store import FactBase, Lookups, Store


class Combined(Lookups):
    """The pieces' stores, end to end: ordinals run through the pieces in order."""

    def __init__(self, parts: Sequence[Store], settings: dict[str, Any] | None = None) -> None:
        self.parts = list(parts)
        self.settings = settings or {}
        self.starts = [0]
        for part in parts:
            self.starts.append(self.starts[-1] + len(part))
        self.sources = [s for part in parts for s in part.sources]
        self.entities = [e for part in parts for e in part.entities]
        self._ids: list[str] | None = None
        self._columns: dict[str, list[Any]] = {}
        self._facets: dict[str, JoinedFacet] = {}
        self.name: str | None = None  # the cache entry that lists the pieces, if there is one

    def __len__(self) -> int:
        return self.starts[-1]

    def __getattr__(self, name: str) -> Any:
        """What a store derives from a top-level key other than the lists (say `captures:`), derived by
        FactBase from the keys the files give, so that a new key needs no code here."""
        if name.startswith("_") or name in ("facts", "settings", "parts", "starts", "name"):
            raise AttributeError(name)
        return getattr(self._derived, name)

    @property
    def _derived(self) -> FactBase:
        return FactBase({"sources": [], "facts": [], **self.settings})

    @property
    def captures(self) -> list[str]:
        return self._derived.captures

    @property
    def ids(self) -> list[str]:  # type: ignore[override]
        if self._ids is None:
            self._ids = [i for part in self.parts for i in part.ids]
        return self._ids

    def column(self, name: str) -> list[Any]:
        if name not in self._columns:
            joined: list[Any] = []
            for part in self.parts:
                joined += part.column(name)
            self._columns[name] = joined
        return self._columns[name]

    def facet(self, name: str) -> dict[str, list[int]]:
        if name not in self._facets:
            self._facets[name] = JoinedFacet([(start, part.facet(name)) for start, part in
                                              zip(self.starts, self.parts, strict=False)])
        return self._facets[name]  # type: ignore[return-value]

    def _part(self, ordinal: int) -> tuple[Store, int]:
        n = bisect.bisect_right(self.starts, ordinal) - 1
        return self.parts[n], ordinal - self.starts[n]

    def fact(self, ordinal: int) -> dict[str, Any]:
        part, local = self._part(ordinal)
        return part.fact(local)

    def fact_json(self, ordinal: int) -> bytes:
        part, local = self._part(ordinal)
        return part.fact_json(local)


class JoinedFacet(Mapping):
    """Value -> ordinals over every piece, each value's list joined when first asked for."""

    def __init__(self, pieces: list[tuple[int, Mapping[str, list[int]]]]) -> None:
        self._pieces = pieces
        self._joined: dict[str, list[int]] = {}
        self._keys: list[str] | None = None

    def __getitem__(self, value: str) -> list[int]:
        found = self._joined.get(value)
        if found is None:
            found = []
            for start, facet in self._pieces:
                ordinals = facet.get(value)
                if ordinals:
                    found += [start + o for o in ordinals] if start else ordinals
            if not found and not any(value in facet for _, facet in self._pieces):
                raise KeyError(value)
            self._joined[value] = found
        return found

    def _all_keys(self) -> list[str]:
        if self._keys is None:
            self._keys = list(dict.fromkeys(k for _, facet in self._pieces for k in facet))
        return self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._all_keys())

    def __len__(self) -> int:
        return len(self._all_keys())

    def __contains__(self, value: object) -> bool:
        return value in self._joined or any(value in facet for _, facet in self._pieces)


class Slice(Lookups):
    """Facts `start` to `stop` of another store, as a store of their own (no sources, no entities): the
    pieces of an edited file that it still holds, taken from its earlier version's cache entry."""

    def __init__(self, store: Store, start: int, stop: int) -> None:
        self.store, self.start, self.stop = store, start, stop
        self.sources: list[dict[str, Any]] = []
        self.entities: list[dict[str, Any]] = []
        self.captures: list[str] = []

    def __len__(self) -> int:
        return self.stop - self.start

    @property
    def ids(self) -> list[str]:  # type: ignore[override]
        return self.store.ids[self.start:self.stop]

    def column(self, name: str) -> list[Any]:
        return self.store.column(name)[self.start:self.stop]

    def facet(self, name: str) -> dict[str, list[int]]:
        start, stop, sliced = self.start, self.stop, {}
        for value, ordinals in self.store.facet(name).items():
            inside = ordinals[bisect.bisect_left(ordinals, start):bisect.bisect_left(ordinals, stop)]
            if inside:
                sliced[value] = [o - start for o in inside]
        return sliced

    def fact(self, ordinal: int) -> dict[str, Any]:
        return self.store.fact(self.start + ordinal)

    def fact_json(self, ordinal: int) -> bytes:
        return self.store.fact_json(self.start + ordinal)
