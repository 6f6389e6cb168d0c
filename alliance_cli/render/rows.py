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
    from alliance_cli.render import console
    from alliance_cli.render.csv_format import cell

    table = console.new_table(view.env, listing.title)
    for key, header in listing.columns:
        table.add_column(header, overflow="fold", no_wrap=key in ("id", "count", "grade"))
    for row in listing.rows:
        table.add_row(*(console.safe(cell(row.get(key))) for key, _ in listing.columns))
    return console.render(view.env, table)
