"""Output formats: one module per format, named here and nowhere else.

A renderer returns `bytes` for machine formats (always UTF-8) or `str` for
human formats (encoded for the terminal by `output.emit`). Each format's module
is imported only when that format is asked for, so `--json` never pays for a
table, and a new format is one line in a table below.
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

# format -> (module, function): `function(store, ordinals, view)` renders a selection of facts.
FACT_RENDERERS = {
    "table": ("table", "facts_table"),
    "json": ("json_format", "facts_json"),
    "jsonl": ("json_format", "facts_jsonl"),
    "csv": ("csv_format", "facts_csv"),
    "spreadsheet": ("csv_format", "facts_spreadsheet"),
    "yaml": ("yaml_format", "facts_yaml"),
    "markdown": ("markdown_format", "facts_markdown"),
    "stix": ("stix_format", "facts_stix"),
    "html": ("html_format", "facts_html"),
    "sqlite": ("sqlite_format", "facts_sqlite"),
    "annotations": ("annotations", "facts_annotations"),
}
# format -> function of `rows`: `function(listing, view)` renders themes, sources, actors or stats.
ROW_RENDERERS = {
    "table": "rows_table",
    "json": "rows_json",
    "jsonl": "rows_jsonl",
    "csv": "rows_csv",
    "spreadsheet": "rows_spreadsheet",
    "yaml": "rows_yaml",
    "markdown": "rows_markdown",
}
# format -> (module, function): `function(listing, view)` renders the sources catalog as citations.
SOURCE_RENDERERS = {
    "csl-json": ("citation_format", "sources_csl_json"),
    "bibtex": ("citation_format", "sources_bibtex"),
}
FORMATS = tuple(FACT_RENDERERS) + tuple(SOURCE_RENDERERS)  # every name --format accepts
ROW_FORMATS = tuple(ROW_RENDERERS)
# Formats written only to `--output FILE`: binary, or with a companion file beside it. Their renderer
# returns {path: bytes} for the files to write, the first at the path `view.output` names.
FILE_FORMATS = ("sqlite",)
# Formats that --fields shapes; the others always write whole facts.
FIELD_FORMATS = ("json", "jsonl", "csv", "spreadsheet")


def fact_renderer(name: str) -> Callable[..., Any]:
    """`render(store, ordinals, view)` for a listing of facts in format `name`."""
    module, function = FACT_RENDERERS[name]
    return getattr(import_module(f"alliance_cli.render.{module}"), function)


def rows_renderer(name: str) -> Callable[..., Any]:
    """`render(listing, view)` for a listing of rows (themes, sources, actors, stats) in format `name`."""
    if name in SOURCE_RENDERERS:
        module, function = SOURCE_RENDERERS[name]
        return getattr(import_module(f"alliance_cli.render.{module}"), function)
    return getattr(import_module("alliance_cli.render.rows"), ROW_RENDERERS[name])


# The commands that write their own kind of output: command -> format -> (module, function).
VIEW_RENDERERS = {
    "coverage": {"table": ("coverage", "coverage_table"), "json": ("coverage", "coverage_json")},
    "quote": {"yaml": ("curation", "quote_yaml"), "json": ("curation", "quote_json")},
    "diff": {"table": ("diff_format", "diff_table"), "json": ("diff_format", "diff_json"),
             "markdown": ("diff_format", "diff_markdown")},
}


def view_renderer(command: str, name: str) -> Callable[..., Any]:
    """The function that writes `command`'s output in format `name` (checked by the command's options)."""
    module, function = VIEW_RENDERERS[command][name]
    return getattr(import_module(f"alliance_cli.render.{module}"), function)
