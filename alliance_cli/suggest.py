"""'Did you mean …?' for every mistyped name: themes, fields, ids, sources."""
from __future__ import annotations

import re
from collections.abc import Iterable

_NUMBERED = re.compile(r"^(.*?)-?0*(\d+)$")


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """` (did you mean 'x'?)`, or an empty string when nothing is close."""
    import difflib

    candidates = list(candidates)
    by_fold = {c.casefold(): c for c in candidates}
    if value.casefold() in by_fold:
        return f" (did you mean '{by_fold[value.casefold()]}'?)"
    close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def did_you_mean_id(value: str, ids: Iterable[str]) -> str:
    """Like `did_you_mean`, but an id with the same prefix and number wins: divergence-03 -> divergence-003."""
    ids = list(ids)
    wanted = _numbered(value)
    if wanted is not None:
        same = [i for i in ids if _numbered(i) == wanted]
        if same:
            return f" (did you mean '{same[0]}'?)"
    return did_you_mean(value, ids)


def _numbered(fact_id: str) -> tuple[str, int] | None:
    match = _NUMBERED.match(fact_id.strip().casefold())
    return (match.group(1).rstrip("-"), int(match.group(2))) if match else None
