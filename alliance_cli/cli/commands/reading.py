"""`read` and `coverage`, and the work of `show --context`: the captured articles beside the facts citing them."""
# No `from __future__ import annotations` here: typer reads these annotations at run time.
from collections.abc import Callable
from typing import Annotated, Any

import typer

from alliance_cli.cli import options as opt
from alliance_cli.cli.session import CommonOptions, Session
from alliance_cli.errors import UsageProblem, VerificationFailed
from alliance_cli.factbase.captures import Finder
from alliance_cli.factbase.store import Store

SourceArgument = Annotated[str, typer.Argument(
    metavar="SOURCE", autocompletion=opt.complete_sources, help="A source id, in any case ('alliance sources').")]


def format_choice(*choices: str) -> Callable[[list[str] | None], list[str]]:
    """A callback for --format: given once, and one of `choices` in any case."""
    def check(values: list[str] | None) -> list[str]:
        value = opt.once(values, "--format")
        return [] if value is None else [opt.choose(value, choices, "format")]

    return check


def chosen_format(values: list[str] | None, json_flag: bool, default: str) -> str:
    """--format (checked by `format_choice`) and --json as one format; `default` when neither is given."""
    chosen = opt.first(values)
    if json_flag and chosen not in (None, "json"):
        raise UsageProblem(f"--json and --format {chosen} ask for two formats; give one")
    return "json" if json_flag else chosen or default


def finder(session: Session, store: Store, sources: str | None) -> Finder:
    return Finder(store, session.path, sources)


def warn_if_changed(session: Session, found: Finder) -> None:
    for capture in found.loaded():
        if capture.changed:
            session.message(capture.changed_warning())


def read(
    ctx: typer.Context,
    source: SourceArgument,
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
    found = finder(session, store, sources)
    cited = citations(store, found, source_id)
    warn_if_changed(session, found)
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
    fmt: Annotated[list[str] | None, typer.Option(
        "--format", "-f", metavar="FORMAT", callback=format_choice("table", "json"),
        help="table or json [default: table].")] = None,
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

    output_format = chosen_format(fmt, json_output, "table")
    session = opt.session(ctx, CommonOptions(file=file, no_cache=no_cache, no_color=no_color, no_pager=no_pager))
    store = session.store()
    wanted = [resolve_source(store, s) for s in source_ids] if source_ids else [s["id"] for s in store.sources]
    found = finder(session, store, sources)
    summaries = [summarise(citations(store, found, source_id)) for source_id in dict.fromkeys(wanted)]
    warn_if_changed(session, found)
    session.emit(view_renderer("coverage", output_format)(summaries, View(session.env)))


def show_in_context(session: Session, store: Store, ordinals: list[int], around: int, sources: str | None,
                    output_format: str) -> None:
    """`show --context N`: each quote of each fact inside the N sentences either side of it, under its heading."""
    from alliance_cli.query.passages import contexts

    found = finder(session, store, sources)
    shown = [(n, contexts(store, found, n, around)) for n in ordinals]
    warn_if_changed(session, found)
    if output_format == "json":
        from alliance_cli.render.exports.json_format import pretty

        objects = [_context_json(store, n, items) for n, items in shown]
        session.emit(pretty(objects[0] if len(objects) == 1 else objects))
    else:
        from alliance_cli.render.view import View
        from alliance_cli.render.views.reading import context_view

        session.emit(context_view(store, shown, View(session.env)))
    missing = [f"{item.quoted.fact_id}: source {item.quoted.source_id}: quote not found in {item.capture.path} "
               f"“{item.quoted.quote}”" for _, items in shown for item in items if item.span is None]
    if missing:
        raise VerificationFailed(*missing, "run 'alliance verify' for the full check")


def _context_json(store: Store, ordinal: int, items: list) -> dict[str, Any]:
    fact = store.fact(ordinal)
    quotes = []
    for item in items:
        quoted, capture, span = item.quoted, item.capture, item.span
        entry: dict[str, Any] = {"role": quoted.role, "number": quoted.number, "source": quoted.source_id,
                                 "section": quoted.section, "quote": quoted.quote, "found": span is not None}
        if quoted.role == "disagreement":
            entry.update(point=quoted.point, says=quoted.says)
        if span is not None:
            line, column = capture.line_column(span.start)
            start = item.sentences[0].start if item.sentences else span.start
            end = item.sentences[-1].end if item.sentences else span.end
            entry.update(found_in_section=span.section, start=span.start, end=span.end, line=line, column=column,
                         exact=capture.text[span.start:span.end],
                         context={"start": start, "end": end, "text": capture.text[start:end]})
        quotes.append(entry)
    return {"id": fact["id"], "statement": fact["statement"], "quotes": quotes}
