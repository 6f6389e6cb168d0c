"""From the filters a user gave to the one plan every view of the facts reads.

A filter is declared once for the command line (`cli/options.py`, `filter_options`),
has one field in `FactFilters` and one in `Query`, and is applied in `selection.select`:
adding a filter touches those three places. `plan` turns the filters into a `Plan`:
the query with every name resolved to what the fact base holds, its caption in words,
and the compiled search, which `facts`, `timeline`, `stats` and `browse` all read, so
they cannot disagree about what a filter means.

NamedTuples rather than dataclasses: the fast path must not pay for importing `inspect`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from alliance_cli.factbase.store import Store

if TYPE_CHECKING:
    from alliance_cli.query.search import Search

SORT_KEYS = ("file", "id", "date", "credibility")


class FactFilters(NamedTuple):
    """The filters as the user gave them (already checked against their vocabularies)."""

    theme: tuple[str, ...] = ()
    all_themes: tuple[str, ...] = ()
    exclude_theme: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    search: tuple[str, ...] = ()
    stance: tuple[str, ...] = ()
    attributed_to: tuple[str, ...] = ()
    min_credibility: int | None = None
    min_reliability: str | None = None
    contested: bool | None = None
    since: str | None = None
    until: str | None = None

    def deduplicated(self) -> FactFilters:
        """The same filters with each value once, however often it was given."""
        unique: dict[str, Any] = {name: tuple(dict.fromkeys(value)) for name, value in self._asdict().items()
                                  if isinstance(value, tuple)}
        return self._replace(**unique)


class Ordering(NamedTuple):
    sort: str | None = None
    limit: int | None = None


NO_FILTERS = FactFilters()
NO_ORDERING = Ordering()


class Query(NamedTuple):
    any_themes: tuple[str, ...] = ()
    all_themes: tuple[str, ...] = ()
    exclude_themes: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    attributed_to: tuple[str, ...] = ()
    min_credibility: int | None = None  # 1 is the strongest grade: keep grades <= this
    min_reliability: str | None = None  # "A" is the strongest: keep facts citing a source graded <= this
    contested: bool | None = None
    since: str | None = None
    until: str | None = None
    dated_only: bool = False
    search: tuple[str, ...] = ()  # every one must match
    sort: str = "file"
    limit: int | None = None


class Plan(NamedTuple):
    query: Query  # names resolved to the fact base's canonical ones
    caption: str  # the filters in words: `theme: sanctions; search: putin`
    criteria: tuple[str, ...]  # the caption's parts, one filter each
    search: Search | None  # `query.search` compiled, or None when there is no search


def plan(store: Store, filters: FactFilters, ordering: Ordering = NO_ORDERING, *, timeline: bool = False) -> Plan:
    """The plan the options ask for. A name that names nothing, or a search of no words, is a UsageProblem."""
    filters = filters.deduplicated()
    query = resolve_query(store, to_query(filters, ordering, timeline=timeline))
    shown = criteria(filters)
    search = None
    if query.search:
        from alliance_cli.query.search import compile_search

        search = compile_search(store, query.search)
    return Plan(query, "; ".join(shown), tuple(shown), search)


def to_query(filters: FactFilters, ordering: Ordering = NO_ORDERING, *, timeline: bool = False) -> Query:
    return Query(
        any_themes=filters.theme, all_themes=filters.all_themes, exclude_themes=filters.exclude_theme,
        actors=filters.actor, sources=filters.source, stances=filters.stance,
        attributed_to=filters.attributed_to, min_credibility=filters.min_credibility,
        min_reliability=filters.min_reliability, contested=filters.contested, since=filters.since,
        until=filters.until, dated_only=timeline, search=filters.search,
        sort=ordering.sort or ("date" if timeline else "file"), limit=ordering.limit)


def resolve_query(store: Store, query: Query) -> Query:
    """The query with every actor, source and speaker by its canonical name, each once."""
    if not (query.actors or query.sources or query.attributed_to):
        return query
    from alliance_cli.query.names import resolve_entity, resolve_source, resolve_speaker

    def each(names: tuple[str, ...], resolve) -> tuple[str, ...]:
        return tuple(dict.fromkeys(resolve(name) for name in names))

    return query._replace(
        actors=each(query.actors, lambda name: resolve_entity(store, name)),
        sources=each(query.sources, lambda name: resolve_source(store, name)),
        attributed_to=each(query.attributed_to, lambda name: resolve_speaker(store, name)))


def criteria(filters: FactFilters) -> list[str]:
    """Each filter given, in words: `theme: sanctions`, `contested`."""
    shown = []
    for name, value in filters._asdict().items():
        if value in (None, ()):
            continue
        label = name.replace("_", " ")
        if name == "contested":
            shown.append("contested" if value else "uncontested")
        else:
            words = ", ".join(map(str, value)) if isinstance(value, tuple) else str(value)
            shown.append(f"{label}: {words}")
    return shown
