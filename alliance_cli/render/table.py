"""The default view of facts on a terminal: a table that wraps, never cuts, statements."""
from __future__ import annotations

from alliance_cli.factbase.store import Store, cited_sources, is_contested
from alliance_cli.render import console
from alliance_cli.render.view import View


def facts_table(store: Store, ordinals: list[int], view: View) -> str:
    dot = " · " if console.unicode_output(view.env) else " | "
    table = console.new_table(view.env, caption=console.safe(_caption(len(ordinals), view.title, dot)),
                              caption_justify="left")
    table.add_column("id", no_wrap=True, style="cyan")
    table.add_column("themes", overflow="fold")
    table.add_column("statement", overflow="fold", ratio=1)
    table.add_column("source", overflow="fold")
    for ordinal in ordinals:
        fact = store.fact(ordinal)
        table.add_row(console.safe(fact["id"]), console.safe("\n".join(fact["themes"])),
                      statement_cell(fact, view.highlight, dot), console.safe("\n".join(cited_sources(fact))))
    return console.render(view.env, table)


def statement_cell(fact: dict, highlight: tuple[str, ...] = (), dot: str = " · "):
    """The statement, then a dim line saying how firmly it is held: stance, credibility, contested."""
    cell = console.safe(fact["statement"], highlight)
    notes = [fact["stance"], f"credibility {fact['credibility']}"]
    if fact.get("date"):
        notes.insert(0, fact["date"])
    if is_contested(fact):
        notes.append("contested")
    cell.append("\n" + dot.join(notes), style="dim")
    return cell


def _caption(count: int, title: str, dot: str) -> str:
    noun = "fact" if count == 1 else "facts"
    return f"{count} {noun}" + (f"{dot}{title}" if title else "")
