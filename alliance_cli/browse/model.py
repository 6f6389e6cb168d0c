"""What the browser lists: the command line's filters, refined by the filter bar, as fact ordinals.

The filter bar holds the search text, the theme toggles, the stance and the
contested choice. They start as the command line gave them (`browse --theme
sanctions` starts with that toggle on) and replace those options; every other
option (actor, source, dates, grades, sort, limit) stays as given. The result is
always what `alliance facts` with the same options lists: a test checks it.

A keystroke must not re-read 100,000 facts. The search is `query.search`'s, but
the text it reads in each fact is folded once, in bulk (`search_index`), and the
selection without the search is kept while only the search changes; the last
few results are kept too, and a search that can only narrow the one before it
scans that one's result alone.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from alliance_cli.browse.search_index import SearchIndex
from alliance_cli.environment import Environment
from alliance_cli.factbase.store import Store
from alliance_cli.query.plan import NO_FILTERS, NO_ORDERING, FactFilters, Ordering, Query, plan
from alliance_cli.query.search import Search
from alliance_cli.query.search import narrows as term_narrows
from alliance_cli.query.selection import select

KEPT_RESULTS = 32  # searches remembered (each at most a list of the fact base's ordinals)


@dataclass(frozen=True)
class Bar:
    """What the filter bar holds."""

    search: str = ""
    themes: tuple[str, ...] = ()  # facts with any of them; none toggled means every theme
    stances: tuple[str, ...] = ()  # any of them; empty means any stance
    contested: bool | None = None  # None: either


@dataclass(frozen=True)
class Selection:
    ordinals: list[int]
    caption: str  # the options in words, as `facts` captions its table
    pending: bool = False  # the search index is still being built: ordinals ignore the search
    search: Search | None = None  # the search the bar and the command line ask for together
    criteria: tuple[str, ...] = ()  # the caption's parts, one filter each, as `facts` gives them to renderers

    @property
    def highlight(self) -> re.Pattern[str] | None:
        """What the search matches, to mark in the list and the fact."""
        return self.search.any_term if self.search is not None else None


class Browser:
    """The fact base, the command line's filters and ordering, and the search index."""

    def __init__(self, store: Store, filters: FactFilters = NO_FILTERS, ordering: Ordering = NO_ORDERING,
                 cache: Mapping[str, str] | None = None) -> None:
        self.store = store
        self.filters = filters
        self.ordering = ordering
        self.index = SearchIndex(store, cache)
        self._unsearched: tuple[Query, list[int]] | None = None
        self._found: dict[tuple[str, ...], tuple[Search, list[int]]] = {}  # search texts -> facts, oldest first

    def initial_bar(self) -> Bar:
        f = self.filters
        return Bar(search=f.search[0] if f.search else "", themes=f.theme, stances=f.stance, contested=f.contested)

    def filters_for(self, bar: Bar) -> FactFilters:
        """The command line's filters with the bar's values in place of its own for those four."""
        typed = (bar.search,) if bar.search.strip() else ()
        return self.filters._replace(search=typed + self.filters.search[1:], theme=bar.themes,
                                     stance=bar.stances, contested=bar.contested)

    def select(self, bar: Bar, *, wait: bool = True) -> Selection:
        """The facts the bar selects, in order; a UsageProblem where `facts` would give one (a name that
        names nothing, a search of no words). With `wait=False` and the index not yet built, the
        search is left out and the selection says so (`pending`)."""
        planned = plan(self.store, self.filters_for(bar), self.ordering)
        query, search = planned.query, planned.search
        chosen = self._without_search(query._replace(search=(), limit=None))
        pending = search is not None and not wait and not self.index.ready
        if search is not None and not pending:
            chosen = self._searched(chosen, query.search, search)
        if query.limit is not None:
            chosen = chosen[: query.limit]
        return Selection(chosen, planned.caption, pending, search, planned.criteria)

    def _without_search(self, query: Query) -> list[int]:
        if self._unsearched is None or self._unsearched[0] != query:
            self._unsearched = (query, select(self.store, query))
            self._found.clear()
        return self._unsearched[1]

    def _searched(self, chosen: list[int], texts: tuple[str, ...], search: Search) -> list[int]:
        """The facts of `chosen` that `search` matches, in order, as `select` keeps them.

        The last few results are kept: deleting a letter goes back to one of them. A search that
        can only narrow a kept one (typing `putin` after `puti`) scans that result alone.
        """
        if texts in self._found:
            self._found[texts] = self._found.pop(texts)  # the most recently used is kept longest
            return self._found[texts][1]
        for before, found in self._found.values():
            if len(found) < len(chosen) and narrows(search, before):
                chosen = found
        for term in search.terms:  # the rarest first would be faster still; the order of `search` is kept
            chosen = self.index.matching(term, chosen)
        if len(self._found) >= KEPT_RESULTS:
            del self._found[next(iter(self._found))]
        self._found[texts] = (search, chosen)
        return chosen


def narrows(search: Search, before: Search) -> bool:
    """Whether every fact `search` matches is one `before` matches: each term of `before` narrows to
    some term of `search` (typing more of a word narrows; a word that becomes a name with other
    spellings, or a short word held whole (`us`, then `usa`), does not)."""
    return all(any(term_narrows(then, now) for now in search.terms) for then in before.terms)


def export(store: Store, fact_base: str, selection: Selection, env: Environment, path: str, fmt: str) -> int:
    """Write the facts listed to a new file at `path` (whole or not at all, never over an existing one), as the
    bytes `alliance facts` with the same options writes in that format (a test compares them); return how many.
    files.WriteFailed if it cannot; a UsageProblem for a file the fact base reads (its folder, its captures)."""
    from alliance_cli.factbase.protected import refuse_replacing
    from alliance_cli.files import write_file
    from alliance_cli.render import fact_renderer
    from alliance_cli.render.view import View

    refuse_replacing(fact_base, store, path, "the export")
    view = View(env, None, selection.search, selection.caption, None, selection.criteria)
    output = fact_renderer(fmt)(store, selection.ordinals, view)
    write_file(path, output if isinstance(output, bytes) else output.encode("utf-8"), replace=False)
    return len(selection.ordinals)
