"""CSV per RFC 4180: a header row, one row per fact, CRLF line ends, list fields joined with '; '."""
from __future__ import annotations

import csv
import io

from alliance_cli.factbase.store import Store
from alliance_cli.render.fields import field_value
from alliance_cli.render.view import View

DEFAULT_COLUMNS = ("id", "statement", "themes", "actors", "attributed_to", "attributed_role", "stance",
                   "credibility", "credibility_rationale", "date", "sources", "evidence", "contested",
                   "disagreements", "related")


def facts_csv(store: Store, ordinals: list[int], view: View) -> bytes:
    columns = view.fields or DEFAULT_COLUMNS
    rows = ([cell(field_value(store.fact(n), name)) for name in columns] for n in ordinals)
    return table_csv(columns, rows)


def table_csv(header, rows) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


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
