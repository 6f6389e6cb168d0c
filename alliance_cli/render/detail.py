"""`alliance show`: everything known about one fact, laid out for reading."""
from __future__ import annotations

from alliance_cli.factbase import Store
from alliance_cli.render import console
from alliance_cli.render.view import View
from alliance_cli.vocabulary import CREDIBILITY, RELIABILITY, STANCES


def fact_detail(store: Store, ordinal: int, related: list[int], view: View) -> str:
    from rich.console import Group
    from rich.table import Table

    fact = store.fact(ordinal)
    about = Table.grid(padding=(0, 2))
    about.add_column(style="bold", no_wrap=True)
    about.add_column(overflow="fold")
    for label, value in _about(fact):
        about.add_row(label, value)
    parts = [console.safe(fact["id"], style="bold cyan"), console.safe(fact["statement"], style="bold"), "", about]
    parts += _evidence(store, fact)
    parts += _disagreements(store, fact)
    if related:
        parts += ["", console.safe("Related facts", style="bold underline")]
        for other in related:
            other_fact = store.fact(other)
            parts.append(console.safe(f"{other_fact['id']}  {other_fact['statement']}"))
    return console.render(view.env, Group(*parts))


def _about(fact: dict) -> list[tuple[str, object]]:
    speaker = fact["attributed_to"] + (f" ({fact['attributed_role']})" if fact.get("attributed_role") else "")
    grade = fact["credibility"]
    rows = [
        ("Themes", console.safe(", ".join(fact["themes"]))),
        ("Actors", console.safe(", ".join(fact["actors"]))),
        ("Attributed to", console.safe(speaker)),
        ("Stance", console.safe(f"{fact['stance']}: {STANCES[fact['stance']]}")),
        ("Credibility", console.safe(f"{grade} ({CREDIBILITY[grade].split(':')[0]}): {fact['credibility_rationale']}")),
    ]
    if fact.get("date"):
        rows.append(("Date", console.safe(fact["date"])))
    rows.append(("Contested", console.safe("yes, see below" if fact.get("disagreements") else "no")))
    return rows


def _evidence(store: Store, fact: dict) -> list:
    parts: list = ["", console.safe("Evidence", style="bold underline")]
    for n, evidence in enumerate(fact["evidence"], start=1):
        source = store.source_by_id[evidence["source"]]
        reliability = source["reliability"]
        parts.append(console.safe(f"[{n}] {source['title']}, {source['site']}"
                                  + (f", by {source['author']}" if source.get("author") else "")
                                  + f" (source {source['id']}, reliability {reliability}: "
                                  + f"{RELIABILITY[reliability].split(':')[0]})", style="bold"))
        parts.append(console.safe(f"    section: {evidence['section']}", style="dim"))
        parts.append(console.safe(f"    “{evidence['quote']}”", style="italic"))
    return parts


def _disagreements(store: Store, fact: dict) -> list:
    parts: list = []
    for disagreement in fact.get("disagreements") or []:
        parts += ["", console.safe(f"Disagreement: {disagreement['point']}", style="bold underline")]
        for account in disagreement["accounts"]:
            parts.append(console.safe(f"  {account['source']}: {account['says']}"))
            parts.append(console.safe(f"    “{account['quote']}”", style="italic"))
    return parts
