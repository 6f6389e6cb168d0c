"""`validate`, `verify` and `schema`: checking a fact base and describing its format."""
# No `from __future__ import annotations` here: typer reads these annotations at run time.
from pathlib import Path
from typing import Annotated

import typer

from alliance_cli.cli import options as opt
from alliance_cli.cli.session import CommonOptions
from alliance_cli.errors import UsageProblem, VerificationFailed


def validate(
    ctx: typer.Context,
    path: Annotated[str | None, typer.Argument(
        metavar="[PATH]", help="Fact base to check [default: --file, $ALLIANCE_FACTS, else the shipped one].")] = None,
    file: opt.FileOption = None,
) -> None:
    """Check a fact base against the format and across references; list every problem.

    \b
    Examples:
      alliance validate
      alliance validate my-facts.yaml
      alliance validate facts/            # a folder: every *.yaml under it, as one fact base
    """
    from alliance_cli.factbase.directory import unread
    from alliance_cli.factbase.loading import check

    session = opt.session(ctx, CommonOptions(file=opt.one_fact_base(path, file), no_cache=True, no_color=True,
                                             no_pager=True))
    store = check(session.path)
    files = len(getattr(store, "parts", ()))
    skipped = unread(session.path) if files else []
    if skipped:
        session.message(f"note: {len(skipped)} *.yml file{'s are' if len(skipped) > 1 else ' is'} not read (a fact "
                        f"base folder reads *.yaml files only; rename to include): {', '.join(skipped[:5])}"
                        + (", …" if len(skipped) > 5 else ""))
    session.emit(f"{session.path}: valid: {len(store)} facts, {len(store.sources)} sources, "
                 f"{len(store.entities)} entities" + (f" in {files} files" if files else "") + "\n")


def verify(
    ctx: typer.Context,
    sources: opt.SourcesOption = None,
    file: opt.FileOption = None,
    no_cache: opt.NoCacheOption = False,
) -> None:
    """Check that every quote stands verbatim in its source, and every source's sha256.

    The captures are found through the fact base's 'captures:' folder (the shipped fact base ships its own),
    or in --sources DIR.

    \b
    Examples:
      alliance verify
      alliance verify --sources ../shared/sources
      alliance verify --file my-facts.yaml
    """
    from alliance_cli.factbase.captures import Finder
    from alliance_cli.factbase.verify import verify as run_verify

    session = opt.session(ctx, CommonOptions(file=file, no_cache=no_cache, no_color=True, no_pager=True))
    if sources is not None and not Path(sources).is_dir():
        raise UsageProblem(f"--sources: {sources} is not a folder")
    store = session.store()
    report = run_verify(store, Finder(store, session.path, sources).locate)
    if report.failures:
        raise VerificationFailed(*(f.line() for f in report.failures),
                                 f"{len(report.failures)} of {report.quotes_checked} quotes or "
                                 f"{report.sources_checked} sources failed verification")
    session.emit(f"verified: {report.quotes_checked} quotes found verbatim in {report.sources_checked} sources, "
                 "and every sha256 matches\n")


def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of the fact base format, for editors and other tools.

    \b
    Examples:
      alliance schema > alliance.schema.json
      alliance schema | jq '.properties.facts.items.required'
    """
    from alliance_cli.factbase import schema as fact_schema
    from alliance_cli.render.exports.json_format import pretty

    opt.session(ctx, CommonOptions(no_color=True, no_pager=True)).emit(pretty(fact_schema.json_schema()))
