"""`alliance show`: everything known about one fact, laid out for reading."""
from __future__ import annotations

from alliance_cli.factbase.store import Store, is_contested
from alliance_cli.factbase.vocabulary import CREDIBILITY_LABEL, RELIABILITY_LABEL, STANCES
from alliance_cli.query.catalog import capture_note
from alliance_cli.render.terminal import console
from alliance_cli.render.view import View


def fact_details(store: Store, shown: list[tuple[int, list[int]]], view: View) -> str:
    """Each fact (ordinal, related ordinals) in turn, separated by a rule."""
    from rich.rule import Rule

    parts: list = []
    for ordinal, related in shown:
        if parts:
            parts += ["", Rule(style="dim"), ""]
        parts += _detail(store, ordinal, related)
    return console.render(view.env, *parts)


def _detail(store: Store, ordinal: int, related: list[int]) -> list:
    fact = store.fact(ordinal)
    about = _grid(bold_first=True)
    for label, value in _about(fact, store):
        about.add_row(label, value)
    parts = [console.safe(fact["id"], style="bold cyan"), console.safe(fact["statement"], style="bold"), "", about]
    parts += _evidence(store, fact)
    parts += _disagreements(fact)
    if related:
        listing = _grid()
        for other in related:
            other_fact = store.fact(other)
            listing.add_row(console.safe(other_fact["id"], style="cyan"), console.safe(other_fact["statement"]))
        parts += ["", console.safe("Related facts", style="bold underline"), listing]
    return parts


def _grid(bold_first: bool = False):
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold" if bold_first else "", no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def _about(fact: dict, store: Store) -> list[tuple[str, object]]:
    from alliance_cli.factbase.grading import computed_credibility

    speaker = fact["attributed_to"] + (f" ({fact['attributed_role']})" if fact.get("attributed_role") else "")
    grade = fact["credibility"]
    rubric = computed_credibility(fact, store.source_by_id)
    agreement = "the stored grade agrees" if rubric.grade == grade else \
        f"the stored grade ({grade}) departs from it: the rationale says why"
    rows = [
        ("Themes", console.safe(", ".join(fact["themes"]))),
        ("Actors", console.safe(", ".join(fact["actors"]))),
        ("Attributed to", console.safe(speaker)),
        ("Stance", console.safe(f"{fact['stance']}: {STANCES[fact['stance']]}")),
        ("Credibility", console.safe(f"{grade} ({CREDIBILITY_LABEL[grade]}): {fact['credibility_rationale']}")),
        ("Rubric grade", console.safe(f"{rubric.grade} ({CREDIBILITY_LABEL[rubric.grade]}): {rubric.reason}; "
                                      f"{agreement}")),
    ]
    if fact.get("date"):
        rows.append(("Date", console.safe(fact["date"])))
    rows.append(("Contested", console.safe("yes, see below" if is_contested(fact) else "no")))
    return rows


def _evidence(store: Store, fact: dict) -> list:
    grid = _grid()
    for n, evidence in enumerate(fact["evidence"], start=1):
        source = store.source_by_id[evidence["source"]]
        grade = source["reliability"]
        cited = console.safe(f"{source['title']}, {source['site']}"
                             + (f", by {source['author']}" if source.get("author") else "")
                             + (f", published {source['published']}" if source.get("published") else "")
                             + f" (source {source['id']}; reliability {grade}: {RELIABILITY_LABEL[grade]})",
                             style="bold")
        cited.append("\n")
        capture = capture_note(source)
        if capture:
            cited.append_text(console.safe(capture, style="dim"))
            cited.append("\n")
        cited.append_text(console.safe(f"section: {evidence['section']}", style="dim"))
        cited.append("\n")
        cited.append_text(console.safe(f"“{evidence['quote']}”", style="italic"))
        grid.add_row(f"[{n}]", cited)
    return ["", console.safe("Evidence", style="bold underline"), grid]


def _disagreements(fact: dict) -> list:
    parts: list = []
    for disagreement in fact.get("disagreements") or []:
        grid = _grid()
        for account in disagreement["accounts"]:
            said = console.safe(account["says"])
            said.append("\n")
            said.append_text(console.safe(f"“{account['quote']}”", style="italic"))
            grid.add_row(console.safe(account["source"], style="bold"), said)
        parts += ["", console.safe(f"Disagreement: {disagreement['point']}", style="bold underline"), grid]
    return parts
