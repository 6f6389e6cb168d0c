"""`read` and `coverage`: the captured articles beside the facts citing them."""
# No `from __future__ import annotations` here: typer reads these annotations at run time.
from typing import Annotated

import typer

from alliance_cli.cli import options as opt
from alliance_cli.cli.session import CommonOptions


def read(
    ctx: typer.Context,
    source: opt.SourceArgument,
    uncovered: Annotated[bool, typer.Option(
        "--uncovered", help="Only the sentences that no fact cites, under their headings.")] = False,
    sources: opt.SourcesOption = None,
    file: opt.FileOption = None,
    no_cache: opt.NoCacheOption = False,
    no_color: opt.NoColorOption = False,
    no_pager: opt.NoPagerOption = False,
) -> None:
    """Read a captured article, with every cited passage marked and the ids of the facts citing it.

    On a terminal the cited passages are highlighted and long articles are paged; without colour they are
    marked « ». The captures are found through the fact base's 'captures:' folder, or --sources.

    \b
    Examples:
      alliance read inside-the-pact
      alliance read putins-promise --uncovered
      alliance read inside-the-pact --no-color | grep -n security-013
    """
    from alliance_cli.query.passages import citations, coverage, resolve_source
    from alliance_cli.render.view import View

    session = opt.session(ctx, CommonOptions(file=file, no_cache=no_cache, no_color=no_color, no_pager=no_pager))
    store = session.store()
    source_id = resolve_source(store, source)
    found = opt.finder(session, store, sources)
    cited = citations(store, found, source_id)
    opt.warn_if_changed(session, found)
    summary = coverage(cited)
    view = View(session.env)
    if uncovered:
        from alliance_cli.render.views.reading import uncovered_view

        session.emit(uncovered_view(store, summary, view))
    else:
        from alliance_cli.render.views.reading import article_view

        session.emit(article_view(store, cited, summary, view))


def coverage(
    ctx: typer.Context,
    source_ids: Annotated[list[str] | None, typer.Argument(
        metavar="[SOURCE]...", autocompletion=opt.complete_sources, help="Sources to report [default: all].")] = None,
    fmt: Annotated[list[str] | None, opt.format_option("table", "json", help="table or json [default: table].")] = None,
    json_output: opt.JsonOption = False,
    sources: opt.SourcesOption = None,
    file: opt.FileOption = None,
    no_cache: opt.NoCacheOption = False,
    no_color: opt.NoColorOption = False,
    no_pager: opt.NoPagerOption = False,
) -> None:
    """How much of each captured article the facts cite, and the sentences that no fact cites.

    Shares count the article's sentences (headings aside), and their characters without white space. A sentence
    counts as cited when a quote covers any part of it.

    \b
    Examples:
      alliance coverage
      alliance coverage putins-promise --json | jq '.[0].uncovered[].text'
    """
    from alliance_cli.query.passages import citations, resolve_source
    from alliance_cli.query.passages import coverage as summarise
    from alliance_cli.render import view_renderer
    from alliance_cli.render.view import View

    output_format = opt.output_format(fmt, json_output)
    session = opt.session(ctx, CommonOptions(file=file, no_cache=no_cache, no_color=no_color, no_pager=no_pager))
    store = session.store()
    wanted = [resolve_source(store, s) for s in source_ids] if source_ids else [s["id"] for s in store.sources]
    found = opt.finder(session, store, sources)
    summaries = [summarise(citations(store, found, source_id)) for source_id in dict.fromkeys(wanted)]
    opt.warn_if_changed(session, found)
    session.emit(view_renderer("coverage", output_format)(summaries, View(session.env)))
