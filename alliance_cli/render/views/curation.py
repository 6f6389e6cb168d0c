"""Text for curators to paste: evidence entries found by `quote`, and the skeleton of a new fact.

Everything written is YAML that alliance's strict reader reads back as exactly the
capture's words. Control and bidirectional characters are written as escapes in
double quotes, so that the output cannot drive the terminal and still means the
same text when pasted.
"""
from __future__ import annotations

import json
from typing import Any

from alliance_cli.factbase.captures import Capture
from alliance_cli.query.quoting import Match, QuoteLookup
from alliance_cli.render.view import View
from alliance_cli.text import neutralise


def yaml_text(value: str) -> str:
    """`value` as one YAML scalar on one line, read back as exactly `value`."""
    from alliance_cli.factbase.editing import scalar

    return scalar(value)


def evidence_entry(source_id: str, match: Match, indent: str = "") -> list[str]:
    return [f"{indent}- source: {yaml_text(source_id)}",
            f"{indent}  section: {yaml_text(match.span.section)}",
            f"{indent}  quote: {yaml_text(match.quote)}"]


def where(capture: Capture, match: Match) -> str:
    line, column = capture.line_column(match.span.start)
    return f"{capture.source_id}, line {line}, column {column}, characters {match.span.start}–{match.span.end}"


def how(match: Match) -> str:
    if match.verbatim:
        return "exactly as given"
    if match.differences == 0:
        return "as in the capture; the text given differs only in case, quotes, dashes, accents or spacing"
    edits = "edit" if match.differences == 1 else "edits"
    return f"as in the capture; the text given differs by {match.differences} {edits} besides case, quotes, " \
           "dashes, accents and spacing"


def _verbatim_note(match: Match) -> list[str]:
    if match.exact == match.quote:
        return []
    return [f"# verbatim in the capture: {json.dumps(neutralise(match.exact), ensure_ascii=False)} "
            "(evidence writes each run of white space as one space)"]


def quote_yaml(capture: Capture, finding: QuoteLookup, view: View) -> str:
    lines: list[str] = []
    if finding.outcome == "found":
        first = finding.matches[0]
        if len(finding.matches) > 1:
            places = ", ".join(f"line {capture.line_column(m.span.start)[0]}" for m in finding.matches)
            lines.append(f"# {len(finding.matches)} places in one section ({places}); the evidence entry is "
                         "the same for each")
        lines.append(f"# {where(capture, first)}: {how(first)}")
        lines += _verbatim_note(first)
        lines += evidence_entry(capture.source_id, first)
    elif finding.outcome == "ambiguous":
        lines.append(f"# {len(finding.matches)} places in {len(finding.sections)} sections; "
                     "quote more words to choose one")
        for match in finding.matches:
            lines += ["", f"# {where(capture, match)}: {how(match)}"] + evidence_entry(capture.source_id, match)
    else:
        if not finding.approximate:
            return "# not in the capture as given; a text this long is not searched for near matches\n"
        if not finding.matches:
            return "# nothing in the capture comes close\n"
        closest = finding.matches[0]
        lines.append(f"# not found in {capture.source_id}; the closest passage, {closest.differences} edits away "
                     f"({where(capture, closest)}):")
        lines += _verbatim_note(closest)
        lines += evidence_entry(capture.source_id, closest)
    return "\n".join(lines) + "\n"


def quote_json(capture: Capture, finding: QuoteLookup, view: View) -> bytes:
    from alliance_cli.render.exports.json_format import pretty

    places = []
    for match in finding.matches:
        line, column = capture.line_column(match.span.start)
        places.append({"section": match.span.section, "line": line, "column": column, "start": match.span.start,
                       "end": match.span.end, "exact": match.exact, "quote": match.quote,
                       "differences": match.differences, "verbatim": match.verbatim,
                       "evidence": {"source": capture.source_id, "section": match.span.section,
                                    "quote": match.quote}})
    return pretty({"source": capture.source_id, "file": str(capture.path), "text": finding.text,
                   "outcome": finding.outcome, "places": places})


SKELETON_NOTES = {
    "statement": "one claim in your own words, no stronger than the quote",
    "actors": "entity names the claim is about ('alliance actors' lists them)",
    "attributed_to": "'the article', or the entity that makes the claim",
    "stance": "asserted, hedged, alleged or opinion",
    "credibility": "1 (confirmed by other sources) to 6 (truth cannot be judged); see the README's Grades",
    "credibility_rationale": "one line: why that grade",
}


def fact_skeleton(fact_id: str, theme: str, capture: Capture, match: Match, view: View) -> str:
    empty: dict[str, Any] = {"statement": "''", "actors": "[]", "attributed_to": "''", "stance": "''",
                             "credibility": "", "credibility_rationale": "''"}
    lines = ["# A new fact to complete: give every empty value, then check it with 'alliance validate'.",
             f"# The quote is in {where(capture, match)}: {how(match)}."]
    lines += _verbatim_note(match)
    lines += [f"- id: {yaml_text(fact_id)}"]
    for name in ("statement", "themes", "actors", "attributed_to", "stance", "credibility",
                 "credibility_rationale"):
        if name == "themes":
            lines += ["  themes:", f"  - {yaml_text(theme)}"]
            continue
        value = empty[name]
        lines.append(f"  {name}:{' ' + value if value else ''}  # {SKELETON_NOTES[name]}")
    lines.append("  evidence:")
    lines += evidence_entry(capture.source_id, match, indent="  ")
    return "\n".join(lines) + "\n"
