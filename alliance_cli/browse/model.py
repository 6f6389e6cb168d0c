"""What the browser lists: the command line's filters, refined by the filter bar, as fact ordinals.

The filter bar holds the search text, the theme toggles, the stance and the
contested choice. They start as the command line gave them (`browse --theme
sanctions` starts with that toggle on) and replace those options; every other
option (actor, source, dates, grades, sort, limit) stays as given. The result is
always what `alliance facts` with the same options lists: a test checks it.

A keystroke must not re-read 100,000 facts, so the searchable text of every fact
is folded once (`SearchIndex`), in bulk, and each keystroke only scans those
strings; the selection without the search is kept while only the search changes.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from alliance_cli.cli.filters import NO_ORDERING, FactFilters, Ordering, plan
from alliance_cli.factbase.store import Fact, Store
from alliance_cli.query.selection import Query, search_terms, select

NO_FILTERS = FactFilters()
KEPT_RESULTS = 16  # searches remembered (each at most a list of the fact base's ordinals)


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


class Browser:
    """The fact base, the command line's filters and ordering, and the search index."""

    def __init__(self, store: Store, filters: FactFilters = NO_FILTERS, ordering: Ordering = NO_ORDERING) -> None:
        self.store = store
        self.filters = filters
        self.ordering = ordering
        self.index = SearchIndex(store)
        self._unsearched: tuple[Query, list[int]] | None = None
        self._found: dict[tuple[str, ...], list[int]] = {}  # folded search texts -> facts, oldest first
        self._terms: dict[str, tuple[str, ...]] = {}

    def initial_bar(self) -> Bar:
        f = self.filters
        return Bar(search=f.search[0] if f.search else "", themes=f.theme, stances=f.stance, contested=f.contested)

    def filters_for(self, bar: Bar) -> FactFilters:
        """The command line's filters with the bar's values in place of its own for those four."""
        typed = (bar.search,) if bar.search.strip() else ()
        return self.filters._replace(search=typed + self.filters.search[1:], theme=bar.themes,
                                     stance=bar.stances, contested=bar.contested)

    def select(self, bar: Bar, *, wait: bool = True) -> Selection:
        """The facts the bar selects, in order. With `wait=False` and the index not yet built, the
        search is left out and the selection says so (`pending`)."""
        query, caption = plan(self.filters_for(bar), self.ordering)
        chosen = self._without_search(query._replace(search=(), limit=None))
        pending = bool(query.search) and not wait and not self.index.ready
        if query.search and not pending:
            chosen = self._searched(chosen, query.search)
        if query.limit is not None:
            chosen = chosen[: query.limit]
        return Selection(chosen, caption, pending)

    def terms(self, text: str) -> tuple[str, ...]:
        """`search_terms`, remembered: each keystroke asks for them twice (to select, to highlight)."""
        if text not in self._terms:
            if len(self._terms) > 256:
                self._terms.clear()
            self._terms[text] = search_terms(self.store, text)
        return self._terms[text]

    def _without_search(self, query: Query) -> list[int]:
        if self._unsearched is None or self._unsearched[0] != query:
            self._unsearched = (query, select(self.store, query))
            self._found.clear()
        return self._unsearched[1]

    def _searched(self, chosen: list[int], texts: tuple[str, ...]) -> list[int]:
        """The facts of `chosen` that mention every text (by any of its spellings), in order.

        The last few results are kept. Deleting a letter goes back to one of them. Typing one adds to
        the text, and a fact that mentions `putin` mentions `puti`: when every term of the new search
        contains an earlier search's text, only that earlier result is scanned.
        """
        from alliance_cli.text import fold

        wanted = tuple(fold(text.strip()) for text in texts)
        if wanted in self._found:
            return self._found[wanted]
        terms = [_covering(self.terms(text)) for text in texts]
        for before, found in self._found.items():
            if len(found) < len(chosen) and len(before) == len(wanted) and all(
                    all(part in term for term in now) for part, now in zip(before, terms, strict=True)):
                chosen = found
        haystacks = self.index.haystacks()
        for now in terms:
            chosen = _matching(chosen, now, haystacks)
        if len(self._found) >= KEPT_RESULTS:
            del self._found[next(iter(self._found))]
        self._found[wanted] = chosen
        return chosen


def _covering(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The terms that no shorter term is part of: a text holding `vladimir putin` holds `putin`."""
    kept: list[str] = []
    for term in sorted(terms, key=len):
        if not any(shorter in term for shorter in kept):
            kept.append(term)
    return tuple(kept)


def _matching(chosen: list[int], terms: tuple[str, ...], haystacks: list[str]) -> list[int]:
    if len(terms) == 1:
        term = terms[0]
        return [n for n in chosen if term in haystacks[n]]
    found: set[int] = set()
    for term in terms:
        found.update(n for n in chosen if term in haystacks[n])
    return [n for n in chosen if n in found]


def raw_searchable(fact: Fact) -> str:
    """The text a search looks in, before folding: `query.selection.searchable_text` without its `fold`."""
    quotes = [e["quote"] for e in fact["evidence"]]
    for disagreement in fact.get("disagreements") or []:
        quotes += [a["quote"] for a in disagreement["accounts"]]
    return "\n".join([fact["statement"], *quotes, *fact["actors"], fact["attributed_to"]])


class SearchIndex:
    """Every fact's searchable text, folded (`text.fold`) once, for a scan per keystroke."""

    BATCH = 2000

    def __init__(self, store: Store) -> None:
        self.store = store
        self._haystacks: list[str] | None = None

    @property
    def ready(self) -> bool:
        return self._haystacks is not None

    def haystacks(self) -> list[str]:
        if self._haystacks is None:
            self.build()
        return self._haystacks  # type: ignore[return-value]

    def build(self, progress: Callable[[int], None] | None = None) -> None:
        """Fold every fact's text. Safe to run in a thread: the list is published whole at the end."""
        if self._haystacks is not None:
            return
        store, total = self.store, len(self.store)
        haystacks: list[str] = []
        for start in range(0, total, self.BATCH):
            raws = [raw_searchable(store.fact(n)) for n in range(start, min(start + self.BATCH, total))]
            haystacks += fold_many(raws)
            if progress is not None:
                progress(len(haystacks))
        self._haystacks = haystacks


_SEPARATOR = "\x00"


def fold_many(texts: list[str]) -> list[str]:
    """`[text.fold(t) for t in texts]`, several times faster: the texts are folded as one string.

    Folding works character by character (casefold; NFKD, whose reordering of combining marks never
    crosses the separator, a starter; dropping combining marks), so folding the joined texts and
    splitting again gives each text's fold. A text that holds the separator itself is folded alone.
    """
    from alliance_cli.text import fold

    if any(_SEPARATOR in t for t in texts):
        return [fold(t) for t in texts]
    folded = unicodedata.normalize("NFKD", _SEPARATOR.join(texts).casefold())
    if not folded.isascii():
        for mark in {c for c in set(folded) if unicodedata.combining(c)}:
            folded = folded.replace(mark, "")
    pieces = folded.split(_SEPARATOR)
    return pieces if len(pieces) == len(texts) else [fold(t) for t in texts]
