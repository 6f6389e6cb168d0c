"""The default view of facts on a terminal: a table that wraps statements between words, never inside one.

Where the terminal is wide enough for the statement to get STATEMENT_MIN columns beside
the themes and sources, they have columns of their own; on a narrower one (80 columns)
they move under the statement, which then takes most of the width.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alliance_cli.factbase.store import Store, cited_sources, is_contested
from alliance_cli.render.terminal import console, layout
from alliance_cli.render.view import View

if TYPE_CHECKING:
    from alliance_cli.query.search import Search

STATEMENT_MIN = 60


class Marks:
    """The separators a terminal can show: ` · ` and `…` where it encodes them, else ASCII."""

    def __init__(self, view: View) -> None:
        unicode = console.unicode_output(view.env)
        self.dot = " · " if unicode else " | "
        self.ellipsis = "…" if unicode else "..."
        self.quotes = ("“", "”") if unicode else ('"', '"')


def facts_table(store: Store, ordinals: list[int], view: View) -> str:
    marks = Marks(view)
    facts = [store.fact(n) for n in ordinals]
    total = console.terminal_width(view.env)
    ids = layout.longest_line([f["id"] for f in facts] + ["id"])
    themes = layout.longest_word([t for f in facts for t in f["themes"]] + ["themes"])
    sources = layout.longest_word([s for f in facts for s in cited_sources(f)] + ["source"])
    wide_cells = [statement_cell(f, view.search, marks) for f in facts]
    wanted = layout.longest_line(c.plain for c in wide_cells + [console.safe("statement")])
    room = layout.content_width(total, 4) - ids - themes - sources
    table = console.new_table(view.env, caption=console.safe(_caption(len(ordinals), view.title, marks.dot)),
                              caption_justify="left")
    table.add_column("id", no_wrap=True, style="cyan", width=ids)
    if room >= min(wanted, STATEMENT_MIN):
        table.add_column("themes", width=themes, overflow="fold")
        table.add_column("statement", width=min(wanted, room), overflow="fold")
        table.add_column("source", width=sources, overflow="fold")
        for fact, cell in zip(facts, wide_cells, strict=True):
            table.add_row(console.safe(fact["id"]), console.safe("\n".join(fact["themes"])), cell,
                          console.safe("\n".join(cited_sources(fact))))
    else:
        table.add_column("statement", width=max(1, layout.content_width(total, 2) - ids), overflow="fold")
        for fact in facts:
            table.add_row(console.safe(fact["id"]), statement_cell(fact, view.search, marks, filed=True))
    return console.render(view.env, table)


def statement_cell(fact: dict[str, Any], search: Search | None = None, marks: Marks | None = None,
                   filed: bool = False):
    """The statement, then dim lines: how firmly it is held (stance, credibility, contested); with `filed`,
    its themes and sources; and, for a search that matched outside the statement, where and in what words."""
    dot = marks.dot if marks else " · "
    highlight = search.any_term if search is not None else None
    cell = console.safe(fact["statement"], highlight)
    notes = [fact["stance"], f"credibility {fact['credibility']}"]
    if fact.get("date"):
        notes.insert(0, fact["date"])
    if is_contested(fact):
        notes.append("contested")
    cell.append("\n" + dot.join(notes), style="dim")
    if filed:
        cell.append_text(console.safe(f"\n{', '.join(fact['themes'])}{dot}{', '.join(cited_sources(fact))}",
                                      style="dim"))
    if search is not None:
        for snippet in search.snippets(fact):
            cell.append_text(_snippet_text(snippet, highlight, marks))
    return cell


def _snippet_text(snippet, highlight, marks: Marks | None):
    ellipsis, (opening, closing) = (marks.ellipsis, marks.quotes) if marks else ("…", ("“", "”"))
    text = console.safe(f"\nmatched in {snippet.path}: {opening}", style="dim")
    shown = (ellipsis if snippet.cut_before else "") + snippet.text + (ellipsis if snippet.cut_after else "")
    text.append_text(console.safe(shown, highlight, style="dim italic"))
    text.append(closing, style="dim")
    return text


def _caption(count: int, title: str, dot: str) -> str:
    noun = "fact" if count == 1 else "facts"
    return f"{count} {noun}" + (f"{dot}{title}" if title else "")
