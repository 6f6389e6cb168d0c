"""Growing the fact base: `quote` (evidence from words typed by hand) and `new-fact` (a skeleton to complete);
`sources add` is in sources.py, `evidence add` and `disagreement add` in corroborate.py."""
# No `from __future__ import annotations` here: typer reads these annotations at run time.
from typing import Annotated

import typer

from alliance_cli.cli import options as opt
from alliance_cli.cli.session import CommonOptions, Session
from alliance_cli.errors import NotFound, UsageProblem
from alliance_cli.factbase.store import Store
from alliance_cli.factbase.vocabulary import THEMES

QuoteFormatOption = Annotated[list[str] | None, opt.format_option(
    "yaml", "json", help="yaml (an evidence entry to paste) or json [default: yaml].")]


def _find(session: Session, store: Store, source: str, text: str, sources: str | None, option: str = "SOURCE"):
    from alliance_cli.query.passages import resolve_source
    from alliance_cli.query.quoting import find

    if not text.strip():
        raise UsageProblem("give the words to look for: alliance quote SOURCE 'some words of it'")
    source_id = resolve_source(store, source, option)
    found = opt.finder(session, store, sources)
    capture = found.load(source_id)
    opt.warn_if_changed(session, found)
    return capture, find(capture, text)


def _not_one_place(capture, finding) -> NotFound:
    from alliance_cli.query.quoting import not_one_place

    return not_one_place(capture, finding)


def quote(
    ctx: typer.Context,
    source: opt.SourceArgument,
    text: Annotated[list[str], typer.Argument(
        metavar="TEXT...", help="The words to find, as you have them; several arguments are joined by spaces.")],
    fmt: QuoteFormatOption = None,
    json_output: opt.JsonOption = False,
    sources: opt.SourcesOption = None,
    file: opt.FileOption = None,
    no_cache: opt.NoCacheOption = False,
) -> None:
    """Find words in a captured article and print them as an evidence entry, verbatim, with section and place.

    Case, accents, straight or curly quotes, dashes, white space and a few typos do not stop a match; what is
    printed is always the capture's own text. When the words occur under several headings, every place is
    listed (exit code 5); when they are not there, the closest passage is shown (exit code 5).

    \b
    Examples:
      alliance quote inside-the-pact "both nations are heavily burdened"
      alliance quote putins-promise 'Russia -- for its ongoing conflict' --json
    """
    output_format = opt.output_format(fmt, json_output, default="yaml")
    session = opt.session(ctx, CommonOptions(file=file, no_cache=no_cache, no_color=True, no_pager=True))
    capture, finding = _find(session, session.store(), source, " ".join(text), sources)
    from alliance_cli.render import view_renderer
    from alliance_cli.render.view import View

    session.emit(view_renderer("quote", output_format)(capture, finding, View(session.env)))
    if finding.outcome != "found":
        raise _not_one_place(capture, finding)


def new_fact(
    ctx: typer.Context,
    source: Annotated[str, typer.Option(
        "--source", "-s", metavar="ID", autocompletion=opt.complete_sources, help="The source the quote is from.")],
    quote_text: Annotated[str, typer.Option(
        "--quote", "-q", metavar="TEXT", help="Words of the quote, found as `alliance quote` finds them.")],
    theme: Annotated[str, typer.Option(
        "--theme", "-t", metavar="THEME", autocompletion=opt.complete_themes,
        callback=lambda value: opt.choose(value, tuple(THEMES), "theme"),
        help="The fact's theme: security, sanctions, economy or divergence; the id is the next free in it.")],
    sources: opt.SourcesOption = None,
    file: opt.FileOption = None,
    no_cache: opt.NoCacheOption = False,
) -> None:
    """Print the skeleton of a new fact: the next free id in its theme, and the quote as found, with its section.

    The fields to complete are left empty, so the fact does not pass 'alliance validate' until they are filled in.

    \b
    Examples:
      alliance new-fact --source inside-the-pact --quote "both nations are heavily burdened" --theme sanctions
      alliance new-fact -s putins-promise -q "Their economic cooperation is multifaceted" -t economy >> draft.yaml
    """
    from alliance_cli.query.passages import next_fact_id
    from alliance_cli.render.view import View
    from alliance_cli.render.views.curation import fact_skeleton

    session = opt.session(ctx, CommonOptions(file=file, no_cache=no_cache, no_color=True, no_pager=True))
    store = session.store()
    capture, finding = _find(session, store, source, quote_text, sources, "--source")
    if finding.outcome != "found":
        raise _not_one_place(capture, finding)
    session.emit(fact_skeleton(next_fact_id(store, theme), theme, capture, finding.matches[0], View(session.env)))
