"""'Did you mean …?' for every mistyped name: themes, fields, ids, sources."""


def did_you_mean(value: str, candidates) -> str:
    """` (did you mean 'x'?)`, or an empty string when nothing is close."""
    import difflib

    by_fold = {c.casefold(): c for c in candidates}
    if value.casefold() in by_fold:
        return f" (did you mean '{by_fold[value.casefold()]}'?)"
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
