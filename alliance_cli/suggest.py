"""'Did you mean …?' for every mistyped name (themes, fields, ids, sources, entities, sections): one set of rules."""
from __future__ import annotations

from collections.abc import Iterable


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """` (did you mean 'x'?)`, or an empty string when nothing is close: `Index`'s rules, for a few candidates."""
    return Index(candidates).did_you_mean(value)


def closest(value: str, candidates: Iterable[str]) -> str | None:
    """The candidate `Index` would suggest for `value`, or None."""
    return Index(candidates).closest(value)


class Index:
    """Suggestions from many candidates (ids, names): built once, each lookup linear at most.

    A mistyped value is looked up, in order: ignoring case; by its prefix and number, so that
    `security-00012` finds `security-000012`; by its number under another prefix; and only then
    by similarity over every candidate (rapidfuzz, in C). That last search costs a few
    milliseconds for 100,000 candidates, so a process spends at most FUZZY_BUDGET candidate
    comparisons on it: past that, a value with no near spelling by the first three gets no
    suggestion, and reporting N problems stays linear in N instead of N x candidates.
    """

    FUZZY_BUDGET = 20_000_000
    spent = 0  # comparisons spent by this process, over every index (tests read it)

    def __init__(self, candidates: Iterable[str]) -> None:
        self.candidates = sorted(candidates)  # the same answer whatever the order they were given in
        self._by_fold: dict[str, str] | None = None
        self._by_number: dict[tuple[str, int], str] | None = None
        self._by_bare_number: dict[int, list[str]] = {}

    def did_you_mean(self, value: str) -> str:
        """` (did you mean 'x'?)`, or an empty string when nothing is close."""
        found = self.closest(value)
        return f" (did you mean '{found}'?)" if found is not None else ""

    def closest(self, value: str) -> str | None:
        if self._by_fold is None:
            self._by_fold = {c.casefold(): c for c in reversed(self.candidates)}  # the first in order wins
        found = self._by_fold.get(value.casefold())
        if found is not None:
            return found
        wanted = _numbered(value)
        if wanted is not None:
            by_number = self._numbers()
            found = by_number.get(wanted)
            if found is not None:
                return found
            others = self._by_bare_number.get(wanted[1], ())
            best = _best(value, others) if others else None
            if best is not None:
                return best
        if Index.spent + len(self.candidates) > self.FUZZY_BUDGET:
            return None
        Index.spent += len(self.candidates)
        return _best(value, self.candidates)

    def _numbers(self) -> dict[tuple[str, int], str]:
        if self._by_number is None:
            self._by_number = {}
            for candidate in reversed(self.candidates):
                numbered = _numbered(candidate)
                if numbered is not None:
                    self._by_number[numbered] = candidate
                    self._by_bare_number.setdefault(numbered[1], []).append(candidate)
            for same in self._by_bare_number.values():
                same.reverse()
        return self._by_number


def _best(value: str, candidates) -> str | None:
    """The most similar candidate with a similarity of 0.6 or more (difflib's usual cutoff), or None."""
    try:
        from rapidfuzz import fuzz, process
    except ImportError:  # pragma: no cover - rapidfuzz is a dependency; difflib gives the same answers, slower
        import difflib

        close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
        return close[0] if close else None
    found = process.extractOne(value, candidates, scorer=fuzz.ratio, score_cutoff=60)
    return found[0] if found else None


def _numbered(fact_id: str) -> tuple[str, int] | None:
    """(prefix, number) of an id that ends in digits: `divergence-003` -> ('divergence', 3)."""
    text = fact_id.strip().casefold()
    prefix = text.rstrip(_DIGITS)
    if len(prefix) == len(text):
        return None
    return prefix.rstrip("-"), int(text[len(prefix):])


_DIGITS = "0123456789"
