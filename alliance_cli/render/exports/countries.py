"""ISO 3166-1 alpha-2 codes by English name, for STIX `location` objects (which name a country by code).

The names are the ISO 3166 short and official names plus the common English forms (`Russia`,
`United States`, `Iran`); matching ignores case and accents. A country whose name and aliases are
all missing here gets no location object: the STIX export names it in the text only.
"""
from __future__ import annotations

from functools import cache

from alliance_cli.text import fold


@cache
def _codes() -> dict[str, str]:
    """countries.txt, a package resource: a code, a space, then every accepted name, separated by "|"."""
    from importlib.resources import files

    codes = {}
    for line in files(__package__).joinpath("countries.txt").read_text(encoding="utf-8").splitlines():
        code, names = line.split(" ", 1)
        for name in names.split("|"):
            codes[fold(name)] = code
    return codes


def iso_code(*names: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of the first of `names` that is a known country name, or None."""
    codes = _codes()
    return next((codes[fold(n)] for n in names if fold(n) in codes), None)
