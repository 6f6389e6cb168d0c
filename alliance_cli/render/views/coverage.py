"""`alliance coverage`: per source, how much of the capture facts cite, and the sentences none cites."""
from __future__ import annotations

from typing import Any

from alliance_cli.query.passages import Coverage
from alliance_cli.render.terminal import console
from alliance_cli.render.view import View


def coverage_rows(summaries: list[Coverage]) -> list[dict[str, Any]]:
    rows = []
    for summary in summaries:
        capture = summary.capture
        rows.append({
            "source": summary.source_id,
            "file": str(capture.path),
            "sentences": summary.sentences,
            "cited_sentences": summary.cited_sentences,
            "sentence_share": round(summary.sentence_share, 4),
            "characters": summary.characters,
            "cited_characters": summary.cited_characters,
            "character_share": round(summary.character_share, 4),
            "uncovered": [{"section": s.section, "line": capture.line_column(s.start)[0], "start": s.start,
                           "end": s.end, "text": capture.text[s.start:s.end]} for s in summary.uncovered],
            "quotes_not_found": [{"fact": q.fact_id, "quote": q.quote} for q in summary.unplaced],
        })
    return rows


def coverage_json(summaries: list[Coverage], view: View) -> bytes:
    from alliance_cli.render.exports.json_format import pretty

    return pretty(coverage_rows(summaries))


def coverage_table(summaries: list[Coverage], view: View) -> str:
    from alliance_cli.render.views.reading import section_name

    table = console.new_table(view.env, "Coverage: the share of each capture that facts cite")
    for header in ("source", "sentences cited", "characters cited", "uncovered sentences"):
        table.add_column(header, overflow="fold", no_wrap=header == "source")
    for summary in summaries:
        table.add_row(console.safe(summary.source_id),
                      f"{summary.cited_sentences} of {summary.sentences} ({summary.sentence_share:.0%})",
                      f"{summary.cited_characters:,} of {summary.characters:,} ({summary.character_share:.0%})",
                      str(len(summary.uncovered)))
    parts: list[Any] = [table]
    for summary in summaries:
        capture = summary.capture
        if summary.unplaced:
            parts += ["", console.safe(f"Quotes of {summary.source_id} not found in {capture.path} "
                                       "(run 'alliance verify'):", style="bold red")]
            parts += [console.safe(f"  {q.fact_id}: “{q.quote}”") for q in summary.unplaced]
        if not summary.uncovered:
            continue
        parts += ["", console.safe(f"Uncovered in {summary.source_id}", style="bold underline")]
        section: str | None = None
        for sentence in summary.uncovered:
            if sentence.section != section:
                section = sentence.section
                parts.append(console.safe(section_name(section), style="bold"))
            line = capture.line_column(sentence.start)[0]
            entry = console.safe(f"  line {line}: ", style="dim")
            entry.append_text(console.safe(" ".join(capture.text[sentence.start:sentence.end].split())))
            parts.append(entry)
    return console.render(view.env, *parts)
