"""`alliance lint`'s report: `file:line:column: rule: fact: message` lines for people, or one JSON object."""
from __future__ import annotations

from alliance_cli.factbase.lint import Located, Report
from alliance_cli.text import neutralise


def report_text(report: Report, with_accepted: bool) -> str:
    """One line per finding (and per accepted finding, if asked), or a line saying the base is clean."""
    shown = report.findings if with_accepted else report.open
    lines = [_line(report.path, f) for f in shown]
    if not report.open:
        accepted = len(report.accepted)
        rules = len(report.rules)
        lines.append(f"{report.path}: lint clean: {report.facts} fact{'' if report.facts == 1 else 's'}, "
                     f"{rules} rule{'' if rules == 1 else 's'}, "
                     f"{accepted} accepted finding{'' if accepted == 1 else 's'}"
                     + (" (listed with --accepted)" if accepted and not with_accepted else ""))
    return "".join(neutralise(line) + "\n" for line in lines)


def report_json(report: Report) -> bytes:
    from alliance_cli.render.exports.json_format import pretty

    return pretty({
        "file": report.path,
        "facts": report.facts,
        "rules": report.rules,
        "findings": [_object(f) for f in report.open],
        "accepted": [{**_object(f), "reason": f.finding.accepted} for f in report.accepted],
    })


def summary(report: Report) -> str:
    """The line for stderr when findings remain."""
    count, facts = len(report.open), len({f.finding.fact_id for f in report.open})
    accepted = len(report.accepted)
    return (f"{report.path}: {count} lint finding{'' if count == 1 else 's'} in {facts} "
            f"fact{'' if facts == 1 else 's'}" + (f" ({accepted} more accepted in the file)" if accepted else "")
            + "; the README's 'Lint' section explains each rule")


def _line(path: str, located: Located) -> str:
    f = located.finding
    accepted = f" [accepted: {f.accepted}]" if f.accepted is not None else ""
    return f"{located.file or path}:{located.line}:{located.column}: {f.rule}: {f.fact_id}: {f.message}{accepted}"


def _object(located: Located) -> dict:
    f = located.finding
    where = {"file": located.file} if located.file else {}
    return {**where, "rule": f.rule, "fact": f.fact_id, "line": located.line, "column": located.column, "message": f.message}
