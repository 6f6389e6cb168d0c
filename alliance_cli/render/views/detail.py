"""One fact laid out for reading, once, for both `alliance show` and the browser's fact pane.

The statement, who says it and how firmly, the stored grade beside the rubric's, each
piece of evidence with its source, reliability and section, each disagreement with its
accounts, and the related facts. The browser asks for the same layout with what only an
interactive screen has (`Interactive`): the search marked, the path of facts opened before
this one, the keys that act on the pane, and related facts that open on a click. So `show`
and `browse` cannot drift apart. Every piece of fact-base text goes through `console.safe`,
so markup, emoji codes and control characters stay inert.
"""
from __future__ import annotations

import re
from typing import Any, NamedTuple

from alliance_cli.factbase.store import Store, is_contested
from alliance_cli.factbase.vocabulary import CREDIBILITY_LABEL, RELIABILITY_LABEL, STANCES
from alliance_cli.query.catalog import capture_note
from alliance_cli.render.terminal import console
from alliance_cli.render.view import View


class Interactive(NamedTuple):
    """What the browser's pane adds to the layout."""

    highlight: re.Pattern[str] | None = None  # the search, marked in the statement and the quotes
    trail: tuple[int, ...] = ()  # the facts opened before this one, shown as a path


def fact_details(store: Store, shown: list[tuple[int, list[int]]], view: View) -> str:
    """`alliance show`: each fact (ordinal, related ordinals) in turn, separated by a rule."""
    from rich.rule import Rule

    parts: list = []
    for ordinal, related in shown:
        if parts:
            parts += ["", Rule(style="dim"), ""]
        parts += fact_parts(store, ordinal, related)
    return console.render(view.env, *parts)


def facts_json(store: Store, shown: list[tuple[int, list[int]]], view: View) -> bytes:
    """`alliance show --json`: each fact with the sources it cites, its related ids and the rubric's grade;
    with one fact an object, with several an array of them."""
    from alliance_cli.factbase.grading import computed_credibility
    from alliance_cli.factbase.store import cited_sources
    from alliance_cli.render.exports.json_format import pretty

    objects = []
    for ordinal, related in shown:
        fact = store.fact(ordinal)
        rubric = computed_credibility(fact, store.source_by_id)
        objects.append({**fact, "cited_sources": [store.source_by_id[s] for s in cited_sources(fact)],
                        "related_facts": [store.ids[n] for n in related],
                        "rubric_credibility": {"grade": rubric.grade, "reason": rubric.reason, "basis": rubric.basis}})
    return pretty(objects[0] if len(objects) == 1 else objects)


def fact_parts(store: Store, ordinal: int, related: list[int], interactive: Interactive | None = None) -> list[Any]:
    """The fact at `ordinal` as rich renderables, for `show` or (with `interactive`) the browser's pane."""
    fact = store.fact(ordinal)
    highlight = interactive.highlight if interactive else None
    parts: list[Any] = _trail(store, fact, interactive.trail) if interactive and interactive.trail else []
    parts += [console.safe(fact["id"], style="bold cyan"), console.safe(fact["statement"], highlight, style="bold"),
              ""]
    about = _grid(bold_first=True)
    for label, value in _about(fact, store):
        about.add_row(label, value)
    parts.append(about)
    parts += _evidence(store, fact, highlight, keys=interactive is not None)
    parts += _disagreements(fact, highlight, side_by_side=interactive is not None)
    parts += _related(store, related, clickable=interactive is not None)
    return parts


def _trail(store: Store, fact: dict, trail: tuple[int, ...]) -> list[Any]:
    from rich.text import Text

    path = Text("", style="dim")
    for earlier in trail:
        path.append_text(console.safe(store.ids[earlier]))
        path.append(" › ")
    path.append_text(console.safe(fact["id"]))
    return [path, Text("Backspace or Escape goes back", style="dim"), ""]


def _grid(bold_first: bool = False):
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold" if bold_first else "", no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def _heading(text: str) -> Any:
    return console.safe(text, style="bold underline")


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


def _evidence(store: Store, fact: dict, highlight: re.Pattern[str] | None, keys: bool) -> list:
    grid = _grid()
    for n, evidence in enumerate(fact["evidence"], start=1):
        source = store.source_by_id[evidence["source"]]
        grade = source["reliability"]
        cited = console.safe(f"{source['title']}, {source['site']}"
                             + (f", by {source['author']}" if source.get("author") else "")
                             + (f", published {source['published']}" if source.get("published") else "")
                             + f" (source {source['id']}; reliability {grade}: {RELIABILITY_LABEL[grade]})",
                             style="bold")
        lines = [capture_note(source), f"why {grade}: {source['reliability_rationale']}",
                 f"section: {evidence['section']}"]
        for line in filter(None, lines):
            cited.append("\n")
            cited.append_text(console.safe(line, style="dim"))
        cited.append("\n")
        cited.append_text(console.safe(f"“{evidence['quote']}”", highlight, style="italic"))
        grid.add_row(f"[{n}]", cited)
    return ["", _heading("Evidence (c: in context)" if keys else "Evidence"), grid]


def _disagreements(fact: dict, highlight: re.Pattern[str] | None, side_by_side: bool) -> list:
    """Each disagreement and its accounts: one under the other, or (in the browser's pane) side by side."""
    parts: list = []
    for disagreement in fact.get("disagreements") or []:
        accounts = disagreement["accounts"]
        said = [console.safe(account["says"]) for account in accounts]
        for text, account in zip(said, accounts, strict=True):
            text.append("\n")
            text.append_text(console.safe(f"“{account['quote']}”", highlight, style="italic"))
        parts += ["", _heading(f"Disagreement: {disagreement['point']}"),
                  _side_by_side(accounts, said) if side_by_side else _one_under_another(accounts, said)]
    return parts


def _one_under_another(accounts: list[dict], said: list[Any]) -> Any:
    grid = _grid()
    for account, text in zip(accounts, said, strict=True):
        grid.add_row(console.safe(account["source"], style="bold"), text)
    return grid


def _side_by_side(accounts: list[dict], said: list[Any]) -> Any:
    from rich.table import Table

    sides = Table(box=None, padding=(0, 1), expand=True, show_edge=False, pad_edge=False)
    for account in accounts:
        sides.add_column(console.safe(account["source"], style="bold"), ratio=1, overflow="fold")
    sides.add_row(*said)
    return sides


def _related(store: Store, related: list[int], clickable: bool) -> list:
    """The related facts; in the browser numbered for `r`, each opening on a click."""
    from rich.style import Style

    if not related:
        return []
    grid = _grid()
    for n, other in enumerate(related, start=1):
        fact = store.fact(other)
        number = console.safe(f"{n}. {fact['id']}" if clickable else fact["id"],
                              style="cyan underline" if clickable else "cyan")
        statement = console.safe(fact["statement"])
        if clickable:
            link = Style(meta={"@click": f"app.open_related({n - 1})"})
            number.stylize(link)
            statement.stylize(link)
        grid.add_row(number, statement)
    return ["", _heading("Related facts (r: open one)" if clickable else "Related facts"), grid]
