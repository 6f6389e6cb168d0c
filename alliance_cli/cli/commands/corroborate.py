"""`corroborate` (which claims an article's sentences confirm or dispute), and `evidence add` and
`disagreement add`, which attach what it finds. Each parses, calls one domain function, and renders."""
# No `from __future__ import annotations` here: typer reads these annotations at run time.
from collections.abc import Callable
from typing import Annotated, Any

import typer

from alliance_cli.cli import options as opt
from alliance_cli.cli.session import CommonOptions
from alliance_cli.errors import UsageProblem
from alliance_cli.query.plan import FactFilters

FactArgument = Annotated[str, typer.Argument(
    metavar="FACT", autocompletion=opt.complete_ids, help="The fact's id, in any case.")]


def _score(value: list[str] | None) -> list[float]:
    chosen = opt.once(value, "--min-score")
    if chosen is None:
        return []
    try:
        score = float(chosen)
    except ValueError:
        score = -1.0
    if not 0 <= score <= 1:
        raise UsageProblem(f"--min-score '{chosen}' is not a score; give a number from 0 to 1")
    return [score]


@opt.takes_filters
def corroborate(
    ctx: typer.Context,
    article: Annotated[str, typer.Argument(
        metavar="SOURCE", autocompletion=opt.complete_sources, help="A source id, in any case ('alliance sources').")],
    min_score: Annotated[list[str] | None, typer.Option(
        "--min-score", metavar="0-1", help="Show candidates from this score on [default: the tool's threshold, "
                                           "0.25].")] = None,
    filters: FactFilters = FactFilters(),  # noqa: B008 - replaced by the filter options (opt.takes_filters)
    fmt: Annotated[list[str] | None, opt.format_option("table", "json", help="table or json [default: table].")] = None,
    json_output: opt.JsonOption = False,
    sources: opt.SourcesOption = None,
    file: opt.FileOption = None,
    no_cache: opt.NoCacheOption = False,
    no_color: opt.NoColorOption = False,
    no_pager: opt.NoPagerOption = False,
) -> None:
    """Check an article against every claim in the fact base: for each sentence, the facts it may support or
    dispute, with a score from 0 to 1 and why.

    A relation is 'supports' (the same claim), 'differs' (the same subject, but another number, year or name,
    or hedged where the fact is firm) or 'related'. Facts that already cite a sentence are left out for it; a
    sentence with no candidate is new. The filters of 'facts' narrow the facts compared.

    \b
    Examples:
      alliance corroborate putins-promise
      alliance corroborate inside-the-pact --theme divergence --min-score 0.3
      alliance corroborate my-article --json | jq '.[] | select(.candidates != [])'
    """
    from alliance_cli.query.corroborating import corroborate_source
    from alliance_cli.query.plan import plan

    output_format = opt.output_format(fmt, json_output)
    session = opt.session(ctx, CommonOptions(file=file, no_cache=no_cache, no_color=no_color, no_pager=no_pager))
    store = session.store()
    planned = plan(store, filters)
    title = planned.caption
    found = opt.finder(session, store, sources)
    scores = _score(min_score)
    result = corroborate_source(store, found, article, planned.query if title else None,
                                scores[0] if scores else None)
    from alliance_cli.render.view import View

    view = View(session.env, title=f"compared with the facts of {title}" if title else "")
    if output_format == "json":
        from alliance_cli.render.views.corroboration import corroboration_json

        session.emit(corroboration_json(store, result, view))
    else:
        from alliance_cli.render.views.corroboration import corroboration_table

        session.emit(corroboration_table(store, result, view))


# --- evidence add, disagreement add --------------------------------------------------------------------------------

def _group(name: str, help_text: str, command: Callable[..., Any],
           safe: Callable[[Callable[..., Any]], Callable[..., Any]]) -> typer.Typer:
    group = typer.Typer(name=name, help=help_text, no_args_is_help=True, rich_markup_mode=None,
                        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
    group.command("add")(safe(command))
    return group


def evidence(safe: Callable[[Callable[..., Any]], Callable[..., Any]]) -> typer.Typer:
    return _group("evidence", "Attach a quote of a captured article to a fact: 'evidence add'.", evidence_add, safe)


def disagreement(safe: Callable[[Callable[..., Any]], Callable[..., Any]]) -> typer.Typer:
    return _group("disagreement", "Record where two sources disagree on a fact: 'disagreement add'.",
                  disagreement_add, safe)


evidence.builds_group = True  # type: ignore[attr-defined]
disagreement.builds_group = True  # type: ignore[attr-defined]


def evidence_add(
    ctx: typer.Context,
    fact: FactArgument,
    source: opt.SourceArgument,
    text: Annotated[list[str], typer.Argument(
        metavar="TEXT...", help="Words of the quote, as 'alliance quote' finds them; several are joined by spaces.")],
    sources: opt.SourcesOption = None,
    file: opt.FileOption = None,
) -> None:
    """Add a quote to a fact's evidence: found in the capture as 'alliance quote' finds it, written verbatim with
    its section. The fact base file keeps every other byte; the result is validated before it is written.

    Then the fact's stored grade is shown beside what the rubric now computes.

    \b
    Examples:
      alliance evidence add divergence-007 putins-promise "the partnership can encounter friction" --file mine.yaml
      alliance evidence add divergence-013 inside-the-pact "offers undeniable benefits to both Moscow and Tehran"
    """
    from alliance_cli.query.attaching import add_evidence

    session, store, found = _editing_session(ctx, file, sources)
    _show(session, add_evidence(store, found, session.path, fact, source, " ".join(text)))


def disagreement_add(
    ctx: typer.Context,
    fact: FactArgument,
    sides: Annotated[list[str], typer.Argument(
        metavar="SOURCE TEXT SOURCE TEXT", help="Each side: a source and words of its capture, found as "
                                                "'alliance quote' finds them.")],
    point: Annotated[str, typer.Option("--point", metavar="TEXT", help="What the sources disagree on.")],
    says: Annotated[list[str], typer.Option(
        "--says", metavar="TEXT", help="What each side says, in our words: give it twice, in the order of the "
                                       "sides.")],
    sources: opt.SourcesOption = None,
    file: opt.FileOption = None,
) -> None:
    """Record a disagreement on a fact: the point, and one verbatim account per side.

    The fact base file keeps every other byte; the result is validated before it is written. Then the fact's
    stored grade is shown beside what the rubric now computes.

    \b
    Examples:
      alliance disagreement add security-015 --point "When the first agreement was signed" \\
        --says "Says 2001" --says "Says 2005" inside-the-pact "initially signed in 2001" my-article "signed in 2005"
    """
    from alliance_cli.query.attaching import add_disagreement

    if len(sides) != 4:
        raise UsageProblem(f"give two sides, each a SOURCE and its TEXT (4 arguments after FACT), not {len(sides)}; "
                           "quote a TEXT of several words as one argument")
    if len(says) != 2:
        raise UsageProblem(f"give --says twice, once per side in their order, not {len(says)} times")
    session, store, found = _editing_session(ctx, file, sources)
    accounts = [(sides[0], says[0], sides[1]), (sides[2], says[1], sides[3])]
    _show(session, add_disagreement(store, found, session.path, fact, point, accounts))


def _editing_session(ctx: typer.Context, file: str | None, sources: str | None):
    from alliance_cli.cli.commands.curation import _refuse_shipped

    session = opt.session(ctx, CommonOptions(file=file, no_cache=True, no_color=True, no_pager=True))
    _refuse_shipped(session.path)
    store = session.store()
    return session, store, opt.finder(session, store, sources)


def _show(session, written) -> None:
    from alliance_cli.render.view import View
    from alliance_cli.render.views.corroboration import written_report

    session.emit(written_report(written, View(session.env)))
