"""Captured articles for reading: a quote in its sentences (`show --context`), an article with what cites it
(`read`), and what no fact cites (`read --uncovered`).

The captures are untrusted text like the fact base: every piece reaches rich through `console.safe`.
On a terminal with colour, quotes are highlighted; without colour they are marked « » (<< >> in ASCII),
since a highlight that cannot be seen would leave the reader guessing where the quote is.
"""
from __future__ import annotations

from typing import Any

from alliance_cli.factbase.captures import NO_SECTION, Capture
from alliance_cli.factbase.store import Store
from alliance_cli.query.passages import Citations, Coverage, QuoteContext
from alliance_cli.render.terminal import console
from alliance_cli.render.view import View

HIGHLIGHT = "bold black on yellow"
IDS = "cyan"


def section_name(section: str) -> str:
    return section if section != NO_SECTION else "(before the first heading)"


def _marks(view: View) -> tuple[str, str]:
    if view.env.color:
        return "", ""
    return ("«", "»") if console.unicode_output(view.env) else ("<<", ">>")


def _marked(view: View, text: str, ids: str = "", opens: bool = True, closes: bool = True):
    """A cited stretch: highlighted (colour) or between marks (no colour), then the citing fact ids."""
    from rich.text import Text

    opening, closing = _marks(view)
    shown = (opening if opens else "") + _flat(text) + (closing if closes else "")
    piece = Text()
    piece.append_text(console.safe(shown, style=HIGHLIGHT if view.env.color else ""))
    if ids:
        piece.append_text(console.safe(f" [{ids}]", style=IDS))
    return piece


def _flat(text: str) -> str:
    """A paragraph's line breaks are spaces: captures wrap lines where the page had a link."""
    return text.replace("\r\n", " ").replace("\n", " ")


# --- show --context ----------------------------------------------------------------------------------------------

def context_view(store: Store, shown: list[tuple[int, list[QuoteContext]]], view: View) -> str:
    from rich.rule import Rule

    parts: list[Any] = []
    for ordinal, contexts in shown:
        if parts:
            parts += ["", Rule(style="dim"), ""]
        fact = store.fact(ordinal)
        parts += [console.safe(fact["id"], style="bold cyan"), console.safe(fact["statement"], style="bold")]
        for item in contexts:
            parts += [""] + one_context(store, item, view)
    return console.render(view.env, *parts)


def contexts_json(store: Store, shown: list[tuple[int, list[QuoteContext]]], view: View) -> bytes:
    """`show --context --json`: with one fact an object, with several an array of them."""
    from alliance_cli.render.exports.json_format import pretty

    objects = [_context_object(store, n, items) for n, items in shown]
    return pretty(objects[0] if len(objects) == 1 else objects)


def _context_object(store: Store, ordinal: int, items: list[QuoteContext]) -> dict[str, Any]:
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


def one_context(store: Store, item: QuoteContext, view: View) -> list[Any]:
    """One quote in the sentences around it, for `show --context` and the browser's `c`."""
    quoted, capture = item.quoted, item.capture
    source = store.source_by_id[quoted.source_id]
    if quoted.role == "evidence":
        label = f"[{quoted.number}] {source['title']} (source {source['id']})"
    else:
        label = f"[disagreement: {quoted.point}] {source['id']} says: {quoted.says}"
    if item.span is None:
        return [console.safe(label, style="bold"), _indented(console.safe(
            f"not found in {capture.path}: “{quoted.quote}” (run 'alliance verify')", style="bold red"))]
    from rich.console import Group

    line, column = capture.line_column(item.span.start)
    return [console.safe(label, style="bold"), _indented(Group(
        console.safe(section_name(item.span.section), style="underline"),
        console.safe(f"{capture.path.name}, line {line}, column {column}, "
                     f"characters {item.span.start}–{item.span.end}", style="dim"),
        _context_text(item, view)))]


def _context_text(item: QuoteContext, view: View):
    """The sentences around the quote, paragraph by paragraph, with the quote marked."""
    from rich.text import Text

    capture, span = item.capture, item.span
    assert span is not None  # noqa: S101 - the caller checked
    text = capture.text
    if not item.sentences:  # a heading, or a stretch outside any sentence
        return _marked(view, text[span.start:span.end])
    paragraphs: dict[int, list[int]] = {}
    for sentence in item.sentences:
        stretch = paragraphs.setdefault(sentence.paragraph, [sentence.start, sentence.end])
        stretch[1] = sentence.end
    shown = Text()
    for start, end in paragraphs.values():
        if shown:
            shown.append("\n\n")
        lo, hi = max(start, span.start), min(end, span.end)
        if lo >= hi:
            shown.append_text(console.safe(_flat(text[start:end])))
            continue
        shown.append_text(console.safe(_flat(text[start:lo])))
        shown.append_text(_marked(view, text[lo:hi], opens=lo == span.start, closes=hi == span.end))
        shown.append_text(console.safe(_flat(text[hi:end])))
    return shown


def _indented(renderable):
    from rich.padding import Padding

    return Padding(renderable, (0, 0, 0, 4))


# --- read ----------------------------------------------------------------------------------------------------------

def article_view(store: Store, found: Citations, summary: Coverage, view: View) -> str:
    from rich.text import Text

    capture = found.capture
    parts: list[Any] = _header(store, capture, summary)
    clusters = _clusters(found)
    for block in capture.blocks:
        if block.heading:
            parts += ["", console.safe(capture.text[block.start:block.end], style="bold underline")]
            continue
        shown = Text()
        cursor = block.start
        for start, end, ids in clusters:
            if end <= block.start or start >= block.end:
                continue
            lo, hi = max(start, block.start), min(end, block.end)
            shown.append_text(console.safe(_flat(capture.text[cursor:lo])))
            shown.append_text(_marked(view, capture.text[lo:hi], ids if hi == end else "", opens=lo == start,
                                      closes=hi == end))
            cursor = hi
        shown.append_text(console.safe(_flat(capture.text[cursor:block.end])))
        parts += ["", shown]
    return console.render(view.env, *parts)


def _clusters(found: Citations) -> list[tuple[int, int, str]]:
    """Overlapping cited spans merged: (start, end, the citing fact ids in order of first citation)."""
    merged: list[list[Any]] = []
    for cited in found.cited:
        span = cited.span
        if merged and span.start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span.end)
            merged[-1][2].append(cited.quoted.fact_id)
        else:
            merged.append([span.start, span.end, [cited.quoted.fact_id]])
    return [(start, end, ", ".join(dict.fromkeys(ids))) for start, end, ids in merged]


def _header(store: Store, capture: Capture, summary: Coverage) -> list[Any]:
    source = store.source_by_id[capture.source_id]
    facts = len(store.facet("sources").get(capture.source_id, ()))
    lines: list[Any] = [
        console.safe(source["title"], style="bold"),
        console.safe(f"source {source['id']} · {capture.path}", style="dim"),
        console.safe(f"{summary.cited_sentences} of {summary.sentences} sentences "
                     f"({summary.sentence_share:.0%}) and {summary.character_share:.0%} of the characters "
                     f"are cited by {facts} fact{'' if facts == 1 else 's'}", style="dim"),
    ]
    for quoted in summary.unplaced:
        lines.append(console.safe(f"{quoted.fact_id}: quote not found in the capture: “{quoted.quote}” "
                                  "(run 'alliance verify')", style="bold red"))
    return lines


def uncovered_view(store: Store, summary: Coverage, view: View) -> str:
    capture = summary.capture
    parts: list[Any] = _header(store, capture, summary)
    section: str | None = None
    for sentence in summary.uncovered:
        if sentence.section != section:
            section = sentence.section
            parts += ["", console.safe(section_name(section), style="bold underline")]
        line, _ = capture.line_column(sentence.start)
        entry = console.safe(f"line {line}: ", style="dim")
        entry.append_text(console.safe(_flat(capture.text[sentence.start:sentence.end])))
        parts.append(entry)
    if not summary.uncovered:
        parts += ["", console.safe("Every sentence is cited by at least one fact.")]
    return console.render(view.env, *parts)
