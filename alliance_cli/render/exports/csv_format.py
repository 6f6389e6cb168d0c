"""CSV per RFC 4180: a header row, one row per fact, CRLF line ends, list fields joined with '; '.

Two forms. `csv` is exact: every cell holds the text as it is, for programs. `spreadsheet` is
for opening in Excel, LibreOffice or Google Sheets, which run a cell that begins with `=`, `+`,
`-`, `@`, a tab or a carriage return as a formula ("CSV injection"): such a cell gets a leading
apostrophe, the spreadsheets' own mark for "this is text", and the file starts with a UTF-8
byte-order mark, without which Excel reads UTF-8 as a legacy code page ("BÃ¼ndnis").
"""
from __future__ import annotations

import csv
import io

from alliance_cli.factbase.store import Store
from alliance_cli.render.exports.fields import field_value
from alliance_cli.render.view import View

DEFAULT_COLUMNS = ("id", "statement", "themes", "actors", "attributed_to", "attributed_role", "stance",
                   "credibility", "credibility_rationale", "date", "sources", "evidence", "contested",
                   "disagreements", "related")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"


def facts_csv(store: Store, ordinals: list[int], view: View, spreadsheet: bool = False) -> bytes:
    columns = view.fields or DEFAULT_COLUMNS
    rows = ([cell(field_value(store.fact(n), name)) for name in columns] for n in ordinals)
    return table_csv(columns, rows, spreadsheet=spreadsheet)


def facts_spreadsheet(store: Store, ordinals: list[int], view: View) -> bytes:
    return facts_csv(store, ordinals, view, spreadsheet=True)


def table_csv(header, rows, spreadsheet: bool = False) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    if spreadsheet:
        rows = ([inert(value) for value in row] for row in rows)
    writer.writerows(rows)
    return ((BYTE_ORDER_MARK if spreadsheet else "") + buffer.getvalue()).encode("utf-8")


def inert(value: str) -> str:
    """A cell a spreadsheet shows as the text it is, never runs as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def cell(value) -> str:
    """One spreadsheet cell: lists joined with '; ', evidence and disagreements spelled out."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(_item(v) for v in value)
    return str(value)


def _item(value) -> str:
    if isinstance(value, dict) and "quote" in value and "section" in value:
        return f"{value['source']} [{value['section']}]: {value['quote']}"
    if isinstance(value, dict) and "accounts" in value:
        sides = " / ".join(f"{a['source']}: {a['says']}" for a in value["accounts"])
        return f"{value['point']} ({sides})"
    return str(value)
