"""`alliance timeline` on a terminal: dated facts in order, laid out as the facts table is."""
from __future__ import annotations

from alliance_cli.factbase.store import Store, cited_sources
from alliance_cli.render.terminal import console, layout
from alliance_cli.render.view import View
from alliance_cli.render.views.table import STATEMENT_MIN, Marks, statement_cell


def timeline_table(store: Store, ordinals: list[int], view: View) -> str:
    marks = Marks(view)
    facts = [store.fact(n) for n in ordinals]
    total = console.terminal_width(view.env)
    noun = "dated fact" if len(ordinals) == 1 else "dated facts"
    dates = layout.longest_line([f["date"] for f in facts] + ["date"])
    ids = layout.longest_line([f["id"] for f in facts] + ["id"])
    sources = layout.longest_word([s for f in facts for s in cited_sources(f)] + ["source"])
    wide_cells = [statement_cell(f, view.search, marks) for f in facts]
    wanted = layout.longest_line(c.plain for c in wide_cells + [console.safe("statement")])
    room = layout.content_width(total, 4) - dates - ids - sources
    table = console.new_table(view.env, caption=console.safe(f"{len(ordinals)} {noun}"), caption_justify="left")
    table.add_column("date", no_wrap=True, style="bold", width=dates)
    table.add_column("id", no_wrap=True, style="cyan", width=ids)
    if room >= min(wanted, STATEMENT_MIN):
        table.add_column("statement", width=min(wanted, room), overflow="fold")
        table.add_column("source", width=sources, overflow="fold")
        for fact, cell in zip(facts, wide_cells, strict=True):
            table.add_row(console.safe(fact["date"]), console.safe(fact["id"]), cell,
                          console.safe("\n".join(cited_sources(fact))))
    else:
        table.add_column("statement", width=max(1, layout.content_width(total, 3) - dates - ids), overflow="fold")
        for fact in facts:
            table.add_row(console.safe(fact["date"]), console.safe(fact["id"]),
                          statement_cell(fact, view.search, marks, filed=True))
    return console.render(view.env, table)
