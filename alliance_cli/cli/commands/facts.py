"""`facts`, `timeline` and `stats`: the commands that take the filters."""
# No `from __future__ import annotations` here: typer reads these annotations at run time.
from collections.abc import Callable

import typer

from alliance_cli.cli import options as opt
from alliance_cli.cli.session import CommonOptions, Session
from alliance_cli.errors import UsageProblem
from alliance_cli.query.plan import NO_ORDERING, FactFilters, Ordering
from alliance_cli.render import FACT_RENDERERS, ROW_FORMATS

FACT_FORMATS = tuple(FACT_RENDERERS)

Work = Callable[[Session, FactFilters, Ordering, str, str | None], None]


def _filtered_command(work: Work, formats: tuple[str, ...] = FACT_FORMATS) -> Callable[..., None]:
    """A command taking every filter; `work(session, filters, ordering, format, fields)` does the rest."""

    @opt.takes_filters
    def command(
        ctx: typer.Context,
        filters: FactFilters,
        ordering: Ordering,
        fmt: opt.FormatOption = None,
        json_output: opt.JsonOption = False,
        fields: opt.FieldsOption = None,
        output: opt.OutputOption = None,
        file: opt.FileOption = None,
        no_cache: opt.NoCacheOption = False,
        no_color: opt.NoColorOption = False,
        no_pager: opt.NoPagerOption = False,
    ) -> None:
        common = CommonOptions(file=file, no_cache=no_cache, no_color=no_color, no_pager=no_pager,
                               output=opt.first(output))
        work(opt.session(ctx, common), filters, ordering,
             opt.output_format(fmt, json_output, allowed=formats), fields)

    return command


def _list(timeline: bool) -> Work:
    def work(session: Session, filters: FactFilters, ordering: Ordering, fmt: str, fields: str | None) -> None:
        from alliance_cli.cli.listing import Presentation, list_facts

        presentation = Presentation(format=fmt, fields=opt.parse_fields(fields, fmt))
        list_facts(session, filters, ordering, presentation, timeline=timeline)

    return work


def _stats(session: Session, filters: FactFilters, ordering: Ordering, fmt: str, fields: str | None) -> None:
    from alliance_cli.query import catalog
    from alliance_cli.query.plan import plan
    from alliance_cli.query.selection import select
    from alliance_cli.render.view import View

    if fields:
        raise UsageProblem("--fields is for facts; stats writes its own columns")
    if ordering != NO_ORDERING:
        raise UsageProblem("--sort and --limit order facts; stats counts them, so drop them")
    store = session.store()
    planned = plan(store, filters)
    ordinals = select(store, planned.query, planned.search)
    view = View(session.env, title=planned.caption)
    if fmt == "table":
        from alliance_cli.render.views.stats import stats_table

        session.emit(stats_table(catalog.counts(store, ordinals), view))
        return
    from alliance_cli.render import rows_renderer

    session.emit(rows_renderer(fmt)(catalog.counts_listing(store, ordinals), view))


facts = _filtered_command(_list(timeline=False))
facts.__doc__ = """List facts, filtered, as a table or in a format for other tools.

\b
Examples:
  alliance facts --theme sanctions
  alliance facts --theme sanctions --json | jq -r '.[].statement'
  alliance facts --search araghchi --contested --format markdown
  alliance facts --theme sanctions --format html --output sanctions.html
  alliance facts --format sqlite --output facts.db
"""

timeline = _filtered_command(_list(timeline=True))
timeline.__doc__ = """The dated facts in order, filtered like `facts`.

\b
Examples:
  alliance timeline
  alliance timeline --theme security --since 2000 --json
"""

stats = _filtered_command(_stats, ROW_FORMATS)
stats.__doc__ = """Counts by theme, source, stance and grade, drawn as bars; filtered like `facts`.

\b
Examples:
  alliance stats
  alliance stats --theme sanctions --format csv
"""
