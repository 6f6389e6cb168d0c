"""`show`: everything known about one or more facts."""
# No `from __future__ import annotations` here: typer reads these annotations at run time.
from typing import Annotated

import typer

from alliance_cli.cli import options as opt
from alliance_cli.cli.session import CommonOptions, Session
from alliance_cli.errors import UsageProblem, VerificationFailed
from alliance_cli.factbase.store import Store
from alliance_cli.render import view_renderer
from alliance_cli.render.view import View


def show(
    ctx: typer.Context,
    fact_ids: Annotated[list[str], typer.Argument(
        metavar="ID...", autocompletion=opt.complete_ids, help="One or more fact ids, in any case.")],
    fmt: opt.FormatOption = None,
    json_output: opt.JsonOption = False,
    context: Annotated[list[str] | None, typer.Option(
        "--context", metavar="[N]",
        help="Each quote inside the N sentences either side of it in the captured text (N defaults to 1).")] = None,
    sources: opt.SourcesOption = None,
    file: opt.FileOption = None,
    no_cache: opt.NoCacheOption = False,
    no_color: opt.NoColorOption = False,
    no_pager: opt.NoPagerOption = False,
) -> None:
    """Everything about facts: evidence, grades, disagreements, related facts.

    With one ID, --json writes an object; with several, an array of them.

    \b
    Examples:
      alliance show security-001
      alliance show divergence-003 security-013
      alliance show divergence-003 --json | jq .evidence
      alliance show security-013 --context 2
    """
    output_format = opt.output_format(fmt, json_output, allowed=("table", "json"))
    around = _sentences(opt.once(context, "--context"))
    session = opt.session(ctx, CommonOptions(file=file, no_cache=no_cache, no_color=no_color, no_pager=no_pager))
    store = session.store()
    ordinals = [_ordinal(store, fact_id) for fact_id in dict.fromkeys(fact_ids)]
    if around is not None:
        _show_in_context(session, store, ordinals, around, sources, output_format)
        return
    if sources is not None:
        raise UsageProblem("--sources is where --context reads the captures; add --context, or drop --sources")
    from alliance_cli.query.related import related_facts

    shown = [(n, related_facts(store, n)) for n in ordinals]
    session.emit(view_renderer("show", output_format)(store, shown, View(session.env)))


def _show_in_context(session: Session, store: Store, ordinals: list[int], around: int, sources: str | None,
                     output_format: str) -> None:
    """Each quote of each fact inside the `around` sentences either side of it, under its heading."""
    from alliance_cli.query.passages import contexts

    found = opt.finder(session, store, sources)
    shown = [(n, contexts(store, found, n, around)) for n in ordinals]
    opt.warn_if_changed(session, found)
    session.emit(view_renderer("show --context", output_format)(store, shown, View(session.env)))
    missing = [f"{item.quoted.fact_id}: source {item.quoted.source_id}: quote not found in {item.capture.path} "
               f"“{item.quoted.quote}”" for _, items in shown for item in items if item.span is None]
    if missing:
        raise VerificationFailed(*missing, "run 'alliance verify' for the full check")


def _sentences(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.strip().isdigit():
        raise UsageProblem(f"--context takes a number of sentences (0 or more), not '{value}'")
    return int(value)


def _ordinal(store: Store, fact_id: str) -> int:
    from alliance_cli.query.names import fact_ordinal

    return fact_ordinal(store, fact_id)
