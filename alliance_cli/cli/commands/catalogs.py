"""`themes`, `sources` and `actors`: what there is to filter on, with counts."""
# No `from __future__ import annotations` here: typer reads these annotations at run time.
from collections.abc import Callable

import typer

from alliance_cli.cli import options as opt
from alliance_cli.cli.session import CommonOptions
from alliance_cli.factbase.store import Store
from alliance_cli.query import catalog
from alliance_cli.query.catalog import Listing
from alliance_cli.render import ROW_FORMATS, SOURCE_RENDERERS


def _catalog_command(build: Callable[[Store], Listing], doc: str, formats: tuple[str, ...] = ROW_FORMATS
                     ) -> Callable[..., None]:
    def command(
        ctx: typer.Context,
        fmt: opt.FormatOption = None,
        json_output: opt.JsonOption = False,
        file: opt.FileOption = None,
        no_cache: opt.NoCacheOption = False,
        no_color: opt.NoColorOption = False,
        no_pager: opt.NoPagerOption = False,
    ) -> None:
        from alliance_cli.render import rows_renderer
        from alliance_cli.render.view import View

        common = CommonOptions(file=file, no_cache=no_cache, no_color=no_color, no_pager=no_pager)
        session = opt.session(ctx, common)
        output_format = opt.output_format(fmt, json_output, allowed=formats)
        session.emit(rows_renderer(output_format)(build(session.store()), View(session.env)))

    command.__doc__ = doc
    return command


themes = _catalog_command(catalog.themes, """The themes, what each covers, and how many facts carry it.

\b
Examples:
  alliance themes
  alliance themes --json | jq -r '.[] | "\\(.theme) \\(.facts)"'
""")
sources = _catalog_command(catalog.sources, """The sources: citation, reliability grade and why, facts citing each.

\b
Examples:
  alliance sources
  alliance sources --format csv > sources.csv
  alliance sources --format csl-json > sources.json
  alliance sources --format bibtex > sources.bib
""", ROW_FORMATS + tuple(SOURCE_RENDERERS))
actors = _catalog_command(catalog.actors, """People, states and bodies, with every spelling a search accepts.

\b
Examples:
  alliance actors
  alliance actors --json | jq '.[] | select(.aliases | length > 0)'
""")
