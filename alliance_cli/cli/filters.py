"""The filter options of `facts`, `timeline` and `stats`, and the one function that turns them into a query.

Both entry paths (the fast path and typer) fill a `FactFilters` and hand it to
`plan`, so an option always means the same thing and is described the same way.
NamedTuples rather than dataclasses: the fast path must not pay for importing `inspect`.
"""
from __future__ import annotations

from typing import Any, NamedTuple

from alliance_cli.query.selection import Query


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


NO_ORDERING = Ordering()


def plan(filters: FactFilters, ordering: Ordering = NO_ORDERING, *, timeline: bool = False) -> tuple[Query, str]:
    """The query the options ask for, and its caption in words (`theme: sanctions; search: putin`)."""
    filters = filters.deduplicated()
    query = Query(
        any_themes=filters.theme, all_themes=filters.all_themes, exclude_themes=filters.exclude_theme,
        actors=filters.actor, sources=filters.source, stances=filters.stance,
        attributed_to=filters.attributed_to, min_credibility=filters.min_credibility,
        min_reliability=filters.min_reliability, contested=filters.contested, since=filters.since,
        until=filters.until, dated_only=timeline, search=filters.search,
        sort=ordering.sort or ("date" if timeline else "file"), limit=ordering.limit)
    return query, caption(filters)


def caption(filters: FactFilters) -> str:
    return "; ".join(criteria(filters))


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
