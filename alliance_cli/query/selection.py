"""Selecting and ordering facts: plain data in, fact ordinals out."""
from __future__ import annotations

from typing import TYPE_CHECKING

from alliance_cli.factbase.store import Store
from alliance_cli.factbase.vocabulary import RELIABILITY
from alliance_cli.query.plan import Query, resolve_query

if TYPE_CHECKING:
    from alliance_cli.query.search import Search

def select(store: Store, query: Query, search: Search | None = None) -> list[int]:
    """Ordinals of the facts matching every given filter, sorted and limited.

    `search` is `query.search` compiled, as `plan.plan` gives it; compiled here when not given.
    Names in the query (actors, sources, speakers) may be written in any case and by any
    spelling; one that names nothing is a UsageProblem, never an empty result.
    """
    query = resolve_query(store, query)
    chosen = _by_facets(store, query)
    chosen = _by_columns(store, query, chosen)
    if query.search:
        if search is None:
            from alliance_cli.query.search import compile_search

            search = compile_search(store, query.search)
        if search is not None:
            chosen = [n for n in chosen if search.matches(store.fact(n))]
    chosen = _sorted(store, chosen, query.sort)
    return chosen if query.limit is None else chosen[: query.limit]


def _by_facets(store: Store, query: Query) -> list[int]:
    everything = range(len(store))
    chosen: set[int] | None = None

    def narrow(ordinals) -> None:
        nonlocal chosen
        chosen = set(ordinals) if chosen is None else chosen & set(ordinals)

    if query.any_themes:
        narrow(_union(store.facet("themes"), query.any_themes))
    for theme in query.all_themes:
        narrow(store.facet("themes").get(theme, ()))
    if query.actors:
        narrow(_union(store.facet("actors"), query.actors))
    if query.sources:
        narrow(_union(store.facet("sources"), query.sources))
    if query.exclude_themes:
        excluded = set(_union(store.facet("themes"), query.exclude_themes))
        chosen = (set(everything) if chosen is None else chosen) - excluded
    return list(everything) if chosen is None else sorted(chosen)


def _union(facet: dict[str, list[int]], values: tuple[str, ...]) -> list[int]:
    if len(values) == 1:
        return facet.get(values[0], [])
    merged: set[int] = set()
    for value in values:
        merged.update(facet.get(value, ()))
    return sorted(merged)


def _by_columns(store: Store, query: Query, chosen: list[int]) -> list[int]:
    tests = []
    if query.stances:
        stance = store.column("stance")
        tests.append(lambda n: stance[n] in query.stances)
    if query.min_credibility is not None:
        credibility = store.column("credibility")
        tests.append(lambda n: credibility[n] <= query.min_credibility)
    if query.contested is not None:
        contested = store.column("contested")
        tests.append(lambda n: contested[n] == query.contested)
    if query.attributed_to:
        speakers = store.column("attributed_to")
        tests.append(lambda n: speakers[n] in query.attributed_to)
    if query.since or query.until or query.dated_only:
        dates = store.column("date")
        low, high = _bounds(query.since, query.until)
        tests.append(lambda n: dates[n] is not None and _overlaps(dates[n], low, high))
    if query.min_reliability is not None:
        good = set(_reliable_sources(store, query.min_reliability))
        tests.append(lambda n: n in good)
    return [n for n in chosen if all(test(n) for test in tests)] if tests else chosen


def _reliable_sources(store: Store, floor: str) -> list[int]:
    grades = list(RELIABILITY)
    good_ids = [s["id"] for s in store.sources if grades.index(s["reliability"]) <= grades.index(floor)]
    return _union(store.facet("sources"), tuple(good_ids))


def date_range(date: str) -> tuple[str, str]:
    """A partial date as the first and last full dates it covers, for comparing as text."""
    parts = date.split("-")
    start = "-".join(parts + ["01"] * (3 - len(parts)))
    end = "-".join(parts + ["12", "31"][len(parts) - 1:]) if len(parts) < 3 else date
    return start, end


def _bounds(since: str | None, until: str | None) -> tuple[str, str]:
    return (date_range(since)[0] if since else "0000-00-00"), (date_range(until)[1] if until else "9999-99-99")


def _overlaps(date: str, low: str, high: str) -> bool:
    start, end = date_range(date)
    return start <= high and end >= low


def _sorted(store: Store, chosen: list[int], key: str) -> list[int]:
    if key == "id":
        ids = store.ids
        return sorted(chosen, key=ids.__getitem__)
    if key == "date":
        dates = store.column("date")
        return sorted(chosen, key=lambda n: (dates[n] is None, date_range(dates[n]) if dates[n] else ("", "")))
    if key == "credibility":
        credibility = store.column("credibility")
        return sorted(chosen, key=credibility.__getitem__)
    return chosen
