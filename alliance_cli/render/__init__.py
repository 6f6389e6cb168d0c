"""Output, in three rooms: `terminal/` (plumbing: console, output, layout), `views/` (for people, one per
command) and `exports/` (for other tools, one module per format family). Formats are named here and nowhere else.

A renderer returns `bytes` for machine formats (always UTF-8) or `str` for
human formats (encoded for the terminal by `terminal.output.emit`). Each format's module
is imported only when that format is asked for, so `--json` never pays for a
table, and a new format is one line in a table below. Modules are named from
`alliance_cli.render`: `views.table`, `exports.json_format`.
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

# format -> (module, function): `function(store, ordinals, view)` renders a selection of facts.
FACT_RENDERERS = {
    "table": ("views.table", "facts_table"),
    "json": ("exports.json_format", "facts_json"),
    "jsonl": ("exports.json_format", "facts_jsonl"),
    "csv": ("exports.csv_format", "facts_csv"),
    "spreadsheet": ("exports.csv_format", "facts_spreadsheet"),
    "yaml": ("exports.yaml_format", "facts_yaml"),
    "markdown": ("exports.markdown_format", "facts_markdown"),
    "stix": ("exports.stix_format", "facts_stix"),
    "html": ("exports.html_format", "facts_html"),
    "sqlite": ("exports.sqlite_format", "facts_sqlite"),
    "annotations": ("exports.annotations", "facts_annotations"),
}
# format -> (module, function): `function(listing, view)` renders themes, sources, actors or stats.
ROW_RENDERERS = {
    "table": ("views.rows", "rows_table"),
    "json": ("exports.rows", "rows_json"),
    "jsonl": ("exports.rows", "rows_jsonl"),
    "csv": ("exports.rows", "rows_csv"),
    "spreadsheet": ("exports.rows", "rows_spreadsheet"),
    "yaml": ("exports.rows", "rows_yaml"),
    "markdown": ("exports.rows", "rows_markdown"),
}
# format -> (module, function): `function(listing, view)` renders the sources catalog as citations.
SOURCE_RENDERERS = {
    "csl-json": ("exports.citation_format", "sources_csl_json"),
    "bibtex": ("exports.citation_format", "sources_bibtex"),
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
    module, function = SOURCE_RENDERERS[name] if name in SOURCE_RENDERERS else ROW_RENDERERS[name]
    return getattr(import_module(f"alliance_cli.render.{module}"), function)


# The commands that write their own kind of output: command -> format -> (module, function).
VIEW_RENDERERS = {
    "show": {"table": ("views.detail", "fact_details"), "json": ("views.detail", "facts_json")},
    "show --context": {"table": ("views.reading", "context_view"), "json": ("views.reading", "contexts_json")},
    "coverage": {"table": ("views.coverage", "coverage_table"), "json": ("views.coverage", "coverage_json")},
    "quote": {"yaml": ("views.curation", "quote_yaml"), "json": ("views.curation", "quote_json")},
    "diff": {"table": ("views.diff", "diff_table"), "json": ("views.diff", "diff_json"),
             "markdown": ("views.diff", "diff_markdown")},
}


def view_renderer(command: str, name: str) -> Callable[..., Any]:
    """The function that writes `command`'s output in format `name` (checked by the command's options)."""
    module, function = VIEW_RENDERERS[command][name]
    return getattr(import_module(f"alliance_cli.render.{module}"), function)
