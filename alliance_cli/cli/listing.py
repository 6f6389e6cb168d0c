"""`facts` and `timeline` after their options are parsed, for both entry paths: load, select, render, write."""
from __future__ import annotations

from typing import NamedTuple

from alliance_cli.cli.session import Session
from alliance_cli.query.plan import NO_ORDERING, FactFilters, Ordering, plan


class Presentation(NamedTuple):
    format: str = "table"
    fields: tuple[str, ...] | None = None


TABLE = Presentation()


def list_facts(session: Session, filters: FactFilters, ordering: Ordering = NO_ORDERING,
               presentation: Presentation = TABLE, *, timeline: bool = False) -> None:
    from alliance_cli.query.selection import select
    from alliance_cli.render import FILE_FORMATS, fact_renderer
    from alliance_cli.render.view import View

    if presentation.format in FILE_FORMATS and session.output is None:
        from alliance_cli.errors import UsageProblem

        raise UsageProblem(f"--format {presentation.format} writes a file, not text for a terminal or a pipe; "
                           "give --output FILE")
    store = session.store()
    planned = plan(store, filters, ordering, timeline=timeline)
    ordinals = select(store, planned.query, planned.search)
    table = presentation.format == "table"
    if table and not ordinals:
        session.message("No facts match." + (f" ({planned.caption})" if planned.caption else ""))
        return
    if table and timeline:
        from alliance_cli.render.views.timeline import timeline_table as render
    else:
        render = fact_renderer(presentation.format)
    session.emit(render(store, ordinals, View(session.env, presentation.fields, planned.search, planned.caption,
                                              session.output, planned.criteria, fact_base=session.path)))
