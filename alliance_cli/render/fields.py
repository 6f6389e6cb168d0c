"""The fields a fact offers to --fields: its own keys, plus two derived ones."""
from __future__ import annotations

from alliance_cli.errors import UsageProblem
from alliance_cli.factbase.store import fact_sources

DERIVED = ("sources", "contested")


def parse_fields(text: str | None) -> tuple[str, ...] | None:
    if not text:
        return None
    from alliance_cli.factbase.schema import FACT_FIELDS
    from alliance_cli.suggest import did_you_mean

    all_fields = FACT_FIELDS + DERIVED

    names = tuple(name.strip() for name in text.split(",") if name.strip())
    for name in names:
        if name not in all_fields:
            raise UsageProblem(f"--fields: unknown field '{name}'{did_you_mean(name, all_fields)}; "
                               f"choose from {', '.join(all_fields)}")
    return names


def pick(fact: dict, names: tuple[str, ...]) -> dict:
    """The named fields of a fact, in the order asked; absent optional fields are null."""
    return {name: field_value(fact, name) for name in names}


def field_value(fact: dict, name: str):
    if name == "sources":
        return fact_sources(fact)
    if name == "contested":
        return bool(fact.get("disagreements"))
    return fact.get(name)
