"""Output formats: one module per format, chosen here and nowhere else.

A renderer returns `bytes` for machine formats (always UTF-8) or `str` for
human formats (encoded for the terminal by `cli.emit`). Modules that need rich
or yaml import them themselves, so `--json` never pays for a table.
"""
from __future__ import annotations

from typing import Callable

FORMATS = ("table", "json", "jsonl", "csv", "yaml", "markdown")


def fact_renderer(name: str) -> Callable:
    """`render(store, ordinals, view)` for a listing of facts in format `name`."""
    if name == "json":
        from alliance_cli.render.json_format import facts_json as render
    elif name == "jsonl":
        from alliance_cli.render.json_format import facts_jsonl as render
    elif name == "csv":
        from alliance_cli.render.csv_format import facts_csv as render
    elif name == "yaml":
        from alliance_cli.render.yaml_format import facts_yaml as render
    elif name == "markdown":
        from alliance_cli.render.markdown_format import facts_markdown as render
    else:
        from alliance_cli.render.table import facts_table as render
    return render


def rows_renderer(name: str) -> Callable:
    """`render(listing, view)` for a listing of rows (themes, sources, actors, stats) in format `name`."""
    from alliance_cli.render import rows

    return getattr(rows, f"rows_{name}")
