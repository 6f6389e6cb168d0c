"""`alliance timeline` on a terminal: dated facts in order."""
from __future__ import annotations

from alliance_cli.factbase.store import Store, cited_sources
from alliance_cli.render import console
from alliance_cli.render.table import statement_cell
from alliance_cli.render.view import View


def timeline_table(store: Store, ordinals: list[int], view: View) -> str:
    noun = "dated fact" if len(ordinals) == 1 else "dated facts"
    table = console.new_table(view.env, caption=console.safe(f"{len(ordinals)} {noun}"), caption_justify="left")
    table.add_column("date", no_wrap=True, style="bold")
    table.add_column("id", no_wrap=True, style="cyan")
    table.add_column("statement", overflow="fold", ratio=1)
    table.add_column("source", overflow="fold")
    for ordinal in ordinals:
        fact = store.fact(ordinal)
        table.add_row(console.safe(fact["date"]), console.safe(fact["id"]), statement_cell(fact, view.highlight),
                      console.safe("\n".join(cited_sources(fact))))
    return console.render(view.env, table)
