"""`lint`: claims stronger than their evidence, found mechanically."""
# No `from __future__ import annotations` here: typer reads these annotations at run time.
from typing import Annotated

import typer

from alliance_cli.cli import options as opt
from alliance_cli.cli.session import CommonOptions
from alliance_cli.errors import LintFindings
from alliance_cli.factbase.vocabulary import LINT_RULES

_FORMATS = ("text", "json")


def _rules(values: list[str] | None) -> list[str]:
    return [opt.choose(v, tuple(LINT_RULES), "lint rule") for v in values or ()]


def _complete_rules(incomplete: str) -> list[str]:
    return [r for r in LINT_RULES if r.startswith(incomplete.casefold())]


def lint(
    ctx: typer.Context,
    path: Annotated[str | None, typer.Argument(
        metavar="[PATH]", help="Fact base to lint [default: --file, $ALLIANCE_FACTS, else the shipped one].")] = None,
    file: opt.FileOption = None,
    fmt: Annotated[list[str] | None, opt.format_option(*_FORMATS, help="text or json [default: text].")] = None,
    json_output: opt.JsonOption = False,
    rule: Annotated[list[str] | None, typer.Option(
        "--rule", "-r", callback=_rules, metavar="RULE", autocompletion=_complete_rules,
        help=f"Run only this rule (repeatable): {', '.join(LINT_RULES)}.")] = None,
    accepted: Annotated[bool, typer.Option(
        "--accepted", help="Also list the findings the file accepts (lint_accept), with their reasons.")] = False,
) -> None:
    """Find claims stronger than their evidence: dropped hedges, flat statements, unattributed speakers,
    grades the evidence does not give, unquoted names. Every finding is file:line:column, rule id, fact id
    and one line; exit status 7 while any finding is not accepted in the file.

    A fact accepts a rule's findings on purpose with `lint_accept: [{rule: ID, reason: "..."}]`.

    \b
    Examples:
      alliance lint
      alliance lint my-facts.yaml --rule grade-departs
      alliance lint --json | jq '.findings[] | select(.rule == "flat-statement") | .fact'
    """
    from alliance_cli.factbase.lint import lint_file
    from alliance_cli.render.views.lint_report import report_json, report_text, summary

    output_format = opt.output_format(fmt, json_output, default="text")
    session = opt.session(ctx, CommonOptions(file=opt.one_fact_base(path, file), no_cache=True, no_color=True,
                                             no_pager=True))
    report = lint_file(session.path, rule or None)
    session.emit(report_json(report) if output_format == "json" else report_text(report, accepted))
    if report.open:
        raise LintFindings(summary(report))
