"""`facts` and `timeline` after their options are parsed, for both entry paths: load, select, render, write."""
from __future__ import annotations

from typing import NamedTuple

from alliance_cli.cli.filters import NO_ORDERING, FactFilters, Ordering, criteria, plan
from alliance_cli.cli.session import Session


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
    query, title = plan(filters, ordering, timeline=timeline)
    store = session.store()
    ordinals = select(store, query)
    table = presentation.format == "table"
    search = None
    if query.search:
        from alliance_cli.query.search import compile_search

        search = compile_search(store, query.search)
    if table and not ordinals:
        session.message("No facts match." + (f" ({title})" if title else ""))
        return
    if table and timeline:
        from alliance_cli.render.timeline import timeline_table as render
    else:
        render = fact_renderer(presentation.format)
    session.emit(render(store, ordinals, View(session.env, presentation.fields, search, title, session.output,
                                              tuple(criteria(filters.deduplicated())), fact_base=session.path)))
