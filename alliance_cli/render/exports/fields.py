"""The fields a fact offers to --fields: its own keys, plus two derived ones."""
from __future__ import annotations

from typing import Any

from alliance_cli.factbase.store import Fact, cited_sources, is_contested

DERIVED = ("sources", "contested")


def pick(fact: Fact, names: tuple[str, ...]) -> dict[str, Any]:
    """The named fields of a fact, in the order asked; absent optional fields are null."""
    return {name: field_value(fact, name) for name in names}


def field_value(fact: Fact, name: str) -> Any:
    if name == "sources":
        return cited_sources(fact)
    if name == "contested":
        return is_contested(fact)
    return fact.get(name)
