"""`alliance corroborate`: each sentence of an article under its heading, with the claims it may support or
dispute, and the reports of `evidence add` and `disagreement add`.

The capture and the fact base are untrusted text: every piece reaches rich through `console.safe`, and the
JSON is written by `json.dumps`, never through markup.
"""
from __future__ import annotations

from typing import Any

from alliance_cli.factbase.store import Store
from alliance_cli.query.attaching import Written
from alliance_cli.query.corroborating import Corroboration
from alliance_cli.query.corroboration import TOP
from alliance_cli.render.terminal import console
from alliance_cli.render.view import View

RELATION_STYLES = {"supports": "green", "differs": "bold red", "related": "yellow"}
# Not "new": the matcher compares words, so a claim restated in other words also finds nothing (measured in
# benchmarks/corroborate.py: a heavily paraphrased article has most of its restatements unmatched).
NO_MATCH = "    no fact above the threshold: new information, or a known claim in other words"


def corroboration_rows(store: Store, result: Corroboration) -> list[dict[str, Any]]:
    """One object per sentence, in the capture's order: the sentence with its offsets, and its candidates."""
    return [{"sentence": {"text": item.text, "section": item.sentence.section, "start": item.sentence.start,
                          "end": item.sentence.end},
             "cited_by": item.cited_by,
             "candidates": [{"fact": store.ids[c.ordinal], "relation": c.relation, "score": c.score, "why": c.why}
                            for c in item.candidates]}
            for item in result.sentences]


def corroboration_json(store: Store, result: Corroboration, view: View) -> bytes:
    from alliance_cli.render.exports.json_format import pretty

    return pretty(corroboration_rows(store, result))


def corroboration_table(store: Store, result: Corroboration, view: View) -> str:
    from alliance_cli.render.views.reading import section_name

    capture = result.capture
    with_candidates = sum(1 for item in result.sentences if item.candidates)
    new = sum(1 for item in result.sentences if not item.candidates and not item.cited_by)
    parts: list[Any] = [
        console.safe(f"{capture.source_id}: {len(result.sentences)} sentences; {with_candidates} may support or "
                     f"dispute facts, {new} match none", style="bold"),
        console.safe(f"{view.title}" if view.title else "compared with every fact", style="dim")]
    section: str | None = None
    for item in result.sentences:
        if item.sentence.section != section:
            section = item.sentence.section
            parts += ["", console.safe(section_name(section), style="bold underline")]
        line = capture.line_column(item.sentence.start)[0]
        entry = console.safe(f"line {line}: ", style="dim")
        entry.append_text(console.safe(" ".join(item.text.split())))
        parts += ["", entry]
        if item.cited_by:
            parts.append(console.safe(f"    cited by {', '.join(item.cited_by)}", style="dim"))
        if not item.candidates:
            parts.append(console.safe("    nothing else above the threshold" if item.cited_by else NO_MATCH, style="dim"))
        for candidate in item.candidates[:TOP]:
            parts += _candidate(store, candidate)
    return console.render(view.env, *parts)


def _candidate(store: Store, candidate) -> list[Any]:
    from rich.padding import Padding

    head = console.safe(f"{candidate.relation:<8}", style=RELATION_STYLES.get(candidate.relation, ""))
    head.append_text(console.safe(f" {candidate.score:.2f} ", style="dim"))
    head.append_text(console.safe(store.ids[candidate.ordinal], style="cyan"))
    head.append_text(console.safe(f"  {store.fact(candidate.ordinal)['statement']}"))
    return [Padding(head, (0, 0, 0, 4)), Padding(console.safe(f"why: {candidate.why}", style="dim"), (0, 0, 0, 13))]


def written_report(written: Written, view: View) -> str:
    """What was added to which fact, as YAML, then the stored grade beside the rubric's and how to set it."""
    import shlex

    from alliance_cli.factbase.evidence_editing import item_lines
    from alliance_cli.text import neutralise

    lines = [f"# added to the {'evidence' if written.what == 'evidence' else 'disagreements'} of "
             f"{written.fact_id} in {written.path}:", *item_lines(written.entry, "", "  ", 0)]
    computed = written.computed
    lines.append(f"# credibility: stored {written.stored}; the rubric now computes {computed.grade}: "
                 f"{computed.reason}")
    if computed.grade != written.stored and written.credibility_line is not None:
        line = written.credibility_line
        command = (f"sed -i '{line}s/credibility: {written.stored}/credibility: {computed.grade}/' "
                   f"{shlex.quote(written.path)}")
        lines.append(f"# to set it (and then say why in credibility_rationale, line {line + 1}): {command}")
    elif computed.grade != written.stored:
        lines.append(f"# to set it, change the fact's 'credibility: {written.stored}' to {computed.grade}")
    return "\n".join(neutralise(line) for line in lines) + "\n"
