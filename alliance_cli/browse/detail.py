"""One fact laid out for the browser's detail pane: what `alliance show` gives, as rich renderables.

Evidence with sources and sections, the grades with their reasons, each
disagreement with its accounts side by side, and the related facts, numbered for
`r` and clickable. Every piece of fact-base text goes through `console.safe`, so
markup, emoji codes and control characters stay inert.
"""
from __future__ import annotations

import re
from typing import Any

from alliance_cli.factbase.store import Store, is_contested
from alliance_cli.factbase.vocabulary import CREDIBILITY_LABEL, RELIABILITY_LABEL, STANCES
from alliance_cli.render.terminal.console import safe


def fact_detail(store: Store, ordinal: int, related: list[int], highlight: re.Pattern[str] | None = None,
                trail: list[int] | None = None) -> Any:
    """A rich `Group` for the fact at `ordinal`; `trail` is the facts opened before it (shown as a path)."""
    from rich.console import Group
    from rich.text import Text

    fact = store.fact(ordinal)
    parts: list[Any] = []
    if trail:
        path = Text("", style="dim")
        for earlier in trail:
            path.append_text(safe(store.ids[earlier]))
            path.append(" › ")
        path.append_text(safe(fact["id"]))
        parts += [path, Text("Backspace or Escape goes back", style="dim"), ""]
    parts += [safe(fact["id"], style="bold cyan"), safe(fact["statement"], highlight, style="bold"), ""]
    about = _grid(bold_first=True)
    for label, value in _about(fact):
        about.add_row(label, value)
    parts.append(about)
    parts += _evidence(store, fact, highlight)
    parts += _disagreements(fact, highlight)
    parts += _related(store, related)
    return Group(*parts)


def _grid(bold_first: bool = False) -> Any:
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold" if bold_first else "", no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def _about(fact: dict) -> list[tuple[str, Any]]:
    speaker = fact["attributed_to"] + (f" ({fact['attributed_role']})" if fact.get("attributed_role") else "")
    grade = fact["credibility"]
    rows = [
        ("Themes", safe(", ".join(fact["themes"]))),
        ("Actors", safe(", ".join(fact["actors"]))),
        ("Attributed to", safe(speaker)),
        ("Stance", safe(f"{fact['stance']}: {STANCES[fact['stance']]}")),
        ("Credibility", safe(f"{grade} ({CREDIBILITY_LABEL[grade]}): {fact['credibility_rationale']}")),
    ]
    if fact.get("date"):
        rows.append(("Date", safe(fact["date"])))
    rows.append(("Contested", safe("yes, see below" if is_contested(fact) else "no")))
    return rows


def _heading(text: str) -> Any:
    return safe(text, style="bold underline")


def _evidence(store: Store, fact: dict, highlight: re.Pattern[str] | None) -> list[Any]:
    grid = _grid()
    for n, evidence in enumerate(fact["evidence"], start=1):
        source = store.source_by_id[evidence["source"]]
        grade = source["reliability"]
        cited = safe(f"{source['title']}, {source['site']}"
                     + (f", by {source['author']}" if source.get("author") else "")
                     + f" (source {source['id']}; reliability {grade}: {RELIABILITY_LABEL[grade]})",
                     style="bold")
        for line, style in ((f"why {grade}: {source['reliability_rationale']}", "dim"),
                            (f"section: {evidence['section']}", "dim")):
            cited.append("\n")
            cited.append_text(safe(line, style=style))
        cited.append("\n")
        cited.append_text(safe(f"“{evidence['quote']}”", highlight, style="italic"))
        grid.add_row(f"[{n}]", cited)
    return ["", _heading("Evidence (c: in context)"), grid]


def _disagreements(fact: dict, highlight: re.Pattern[str] | None) -> list[Any]:
    from rich.table import Table

    parts: list[Any] = []
    for disagreement in fact.get("disagreements") or []:
        sides = Table(box=None, padding=(0, 1), expand=True, show_edge=False, pad_edge=False)
        cells = []
        for account in disagreement["accounts"]:
            sides.add_column(safe(account["source"], style="bold"), ratio=1, overflow="fold")
            said = safe(account["says"])
            said.append("\n")
            said.append_text(safe(f"“{account['quote']}”", highlight, style="italic"))
            cells.append(said)
        sides.add_row(*cells)
        parts += ["", _heading(f"Disagreement: {disagreement['point']}"), sides]
    return parts


def _related(store: Store, related: list[int]) -> list[Any]:
    from rich.style import Style

    if not related:
        return []
    grid = _grid()
    for n, other in enumerate(related, start=1):
        link = Style(meta={"@click": f"app.open_related({n - 1})"})
        fact = store.fact(other)
        number = safe(f"{n}. {fact['id']}", style="cyan underline")
        number.stylize(link)
        statement = safe(fact["statement"])
        statement.stylize(link)
        grid.add_row(number, statement)
    return ["", _heading("Related facts (r: open one)"), grid]
