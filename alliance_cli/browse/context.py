"""A fact's quotes in their captured articles, for the browser's `c` key.

The passages are the curation work's (`query.passages.contexts`: the sentences
around each quote, within its section, as `show --context` gives them), found as
every command finds captures (`factbase.captures.Finder`: the fact base's
`captures:` folder, else the captures shipped with alliance). This module only
lays them out for the dialog: the quote between « » and highlighted, so that it
shows with colour or without.
"""
from __future__ import annotations

from typing import Any

from alliance_cli.factbase.store import Store
from alliance_cli.render.terminal.console import safe

AROUND = 1  # sentences on either side, as `show --context` by default
QUOTE_STYLE = "bold reverse"


def quotes_in_context(store: Store, fact_base: str, ordinal: int, around: int = AROUND) -> Any:
    """A rich `Group`: the fact, then each quote in the sentences around it, or why it cannot be shown."""
    from rich.console import Group

    from alliance_cli.factbase.captures import CaptureProblem, Finder
    from alliance_cli.query.passages import contexts

    fact = store.fact(ordinal)
    parts: list[Any] = [safe(f"{fact['id']}: the quotes in their articles", style="bold"),
                        safe("Escape or c goes back", style="dim")]
    finder = Finder(store, fact_base)
    try:
        found = contexts(store, finder, ordinal, around)
    except CaptureProblem as problem:
        return Group(*parts, "", safe(" ".join(problem.lines), style="bold red"))
    for capture in finder.loaded():
        if capture.changed:
            parts += ["", safe(f"{capture.path} has changed since the fact base recorded its sha256: "
                               "'alliance verify' says where", style="bold red")]
    for item in found:
        parts += ["", *_one(store, item)]
    return Group(*parts)


def _one(store: Store, item: Any) -> list[Any]:
    from alliance_cli.render.views.reading import section_name

    quoted, capture, span = item.quoted, item.capture, item.span
    source = store.source_by_id[quoted.source_id]
    if quoted.role == "evidence":
        label = f"[{quoted.number}] {source['title']} (source {source['id']})"
    else:
        label = f"[disagreement: {quoted.point}] {source['id']} says: {quoted.says}"
    if span is None:
        return [safe(label, style="bold"),
                safe(f"not found in {capture.path}: “{quoted.quote}” (run 'alliance verify')", style="bold red")]
    line, column = capture.line_column(span.start)
    return [safe(label, style="bold"),
            safe(f"section: {section_name(span.section)} ({capture.path.name}, line {line}, column {column})",
                 style="dim"),
            _passage(item)]


def _passage(item: Any) -> Any:
    """The sentences around the quote, paragraph by paragraph, the quote marked « » and highlighted."""
    from rich.text import Text

    text, span = item.capture.text, item.span
    stretches: dict[int, list[int]] = {}
    for sentence in item.sentences:  # none for a heading: the quote alone
        stretch = stretches.setdefault(sentence.paragraph, [sentence.start, sentence.end])
        stretch[1] = sentence.end
    shown = Text()
    for start, end in list(stretches.values()) or [[span.start, span.end]]:
        if shown:
            shown.append("\n\n")
        low, high = max(start, span.start), min(end, span.end)
        if low >= high:
            shown.append_text(safe(_flat(text[start:end])))
            continue
        shown.append_text(safe(_flat(text[start:low])))
        opening = "«" if low == span.start else ""
        closing = "»" if high == span.end else ""
        shown.append_text(safe(opening + _flat(text[low:high]) + closing, style=QUOTE_STYLE))
        shown.append_text(safe(_flat(text[high:end])))
    return shown


def _flat(text: str) -> str:
    """A paragraph's line breaks are spaces: captures wrap lines where the page did not."""
    return text.replace("\r\n", " ").replace("\n", " ")
