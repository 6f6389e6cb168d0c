"""Listings that are not facts (themes, sources, actors, stats) as a table for people; exports/rows.py
writes them for other tools."""
from __future__ import annotations

from alliance_cli.query.catalog import Listing
from alliance_cli.render.view import View


def rows_table(listing: Listing, view: View) -> str:
    """A table whose columns are never narrower than their longest word; where that cannot fit the terminal,
    one block per row, each value beside its label."""
    from alliance_cli.render.exports.csv_format import cell
    from alliance_cli.render.terminal import console, layout

    headers = [header for _, header in listing.columns]
    texts = [[cell(row.get(key)) for key, _ in listing.columns] for row in listing.rows]
    by_column = [[header, *(row[n] for row in texts)] for n, header in enumerate(headers)]
    total = console.terminal_width(view.env)
    widths = layout.fit(layout.content_width(total, len(headers)), [layout.longest_word(c) for c in by_column],
                        [layout.longest_line(c) for c in by_column])
    if widths is None:
        return _blocks(listing.title, headers, texts, view)
    table = console.new_table(view.env, listing.title)
    for header, width in zip(headers, widths, strict=True):
        table.add_column(header, width=width, overflow="fold")
    for row in texts:
        table.add_row(*(console.safe(text) for text in row))
    return console.render(view.env, table)


def _blocks(title: str, headers: list[str], texts: list[list[str]], view: View) -> str:
    from rich.rule import Rule
    from rich.table import Table

    from alliance_cli.render.terminal import console, layout

    label = layout.longest_line(headers)
    parts: list = [console.safe(title, style="bold")]
    for row in texts:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True, width=label)
        grid.add_column(overflow="fold", width=max(1, console.terminal_width(view.env) - label - 2))
        for header, text in zip(headers, row, strict=True):
            if text:
                grid.add_row(console.safe(header), console.safe(text))
        parts += [Rule(style="dim", characters="─" if console.unicode_output(view.env) else "-"), grid]
    return console.render(view.env, *parts)
