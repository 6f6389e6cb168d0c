"""Listings that are not facts (themes, sources, actors, stats) for other tools: JSON, CSV, YAML, Markdown."""
from __future__ import annotations

from alliance_cli.query.catalog import Listing
from alliance_cli.render.view import View


def rows_json(listing: Listing, view: View) -> bytes:
    from alliance_cli.render.exports.json_format import dumps

    body = b",\n".join(dumps(row) for row in listing.rows)
    return b"[\n" + body + b"\n]\n" if listing.rows else b"[]\n"


def rows_jsonl(listing: Listing, view: View) -> bytes:
    from alliance_cli.render.exports.json_format import dumps

    return b"".join(dumps(row) + b"\n" for row in listing.rows)


def rows_csv(listing: Listing, view: View, spreadsheet: bool = False) -> bytes:
    from alliance_cli.render.exports.csv_format import cell, table_csv

    keys = [key for key, _ in listing.columns]
    return table_csv(keys, ([cell(row.get(k)) for k in keys] for row in listing.rows), spreadsheet=spreadsheet)


def rows_spreadsheet(listing: Listing, view: View) -> bytes:
    return rows_csv(listing, view, spreadsheet=True)


def rows_yaml(listing: Listing, view: View) -> bytes:
    from alliance_cli.render.exports.yaml_format import dump

    return dump(listing.rows).encode("utf-8")


def rows_markdown(listing: Listing, view: View) -> str:
    from alliance_cli.render.exports.csv_format import cell
    from alliance_cli.render.exports.markdown_format import escape

    lines = [f"# {escape(listing.title)}", "",
             "| " + " | ".join(header for _, header in listing.columns) + " |",
             "|" + "---|" * len(listing.columns)]
    for row in listing.rows:
        lines.append("| " + " | ".join(escape(cell(row.get(key))) for key, _ in listing.columns) + " |")
    return "\n".join(lines) + "\n"
