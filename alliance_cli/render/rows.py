"""Listings that are not facts (themes, sources, actors, stats) in every format."""
from __future__ import annotations

from alliance_cli.query.catalog import Listing
from alliance_cli.render.view import View


def rows_json(listing: Listing, view: View) -> bytes:
    from alliance_cli.render.json_format import dumps

    body = b",\n".join(dumps(row) for row in listing.rows)
    return b"[\n" + body + b"\n]\n" if listing.rows else b"[]\n"


def rows_jsonl(listing: Listing, view: View) -> bytes:
    from alliance_cli.render.json_format import dumps

    return b"".join(dumps(row) + b"\n" for row in listing.rows)


def rows_csv(listing: Listing, view: View, spreadsheet: bool = False) -> bytes:
    from alliance_cli.render.csv_format import cell, table_csv

    keys = [key for key, _ in listing.columns]
    return table_csv(keys, ([cell(row.get(k)) for k in keys] for row in listing.rows), spreadsheet=spreadsheet)


def rows_spreadsheet(listing: Listing, view: View) -> bytes:
    return rows_csv(listing, view, spreadsheet=True)


def rows_yaml(listing: Listing, view: View) -> bytes:
    from alliance_cli.render.yaml_format import dump

    return dump(listing.rows).encode("utf-8")


def rows_markdown(listing: Listing, view: View) -> str:
    from alliance_cli.render.csv_format import cell
    from alliance_cli.render.markdown_format import escape

    lines = [f"# {escape(listing.title)}", "",
             "| " + " | ".join(header for _, header in listing.columns) + " |",
             "|" + "---|" * len(listing.columns)]
    for row in listing.rows:
        lines.append("| " + " | ".join(escape(cell(row.get(key))) for key, _ in listing.columns) + " |")
    return "\n".join(lines) + "\n"


def rows_table(listing: Listing, view: View) -> str:
    """A table whose columns are never narrower than their longest word; where that cannot fit the terminal,
    one block per row, each value beside its label."""
    from alliance_cli.render import console, layout
    from alliance_cli.render.csv_format import cell

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

    from alliance_cli.render import console, layout

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
