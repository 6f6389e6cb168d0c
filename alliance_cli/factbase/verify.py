"""`alliance verify`: every quote must stand, verbatim, in the captured source it cites.

Matching rule (documented in the README): both texts are put in Unicode NFC and
every run of white space (spaces, tabs, line breaks) counts as one space, because
captures wrap lines where the page did not. Nothing else is normalised: a curly
apostrophe in the source must be curly in the quote, and case, punctuation and
dashes must match exactly. When a quote fails only because of typographic
quotes or case, the report says so, to make the fix obvious.

Each piece of evidence also names its `section`: that must be a heading of the
source, written as the source writes it (by the same rule), and the quote must
stand under it, between that heading and the next. Headings are those that
`captures.py` finds (its module description gives the rule), the same that
`quote`, `new-fact` and `read` report, so an entry they print always passes.

The captures are found by the caller (`captures.Finder.locate`: --sources, else
the fact base's `captures:` folder, else the shipped captures).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alliance_cli.factbase.captures import NO_SECTION, Capture, CaptureNotFound, normalise
from alliance_cli.factbase.store import Store
from alliance_cli.text import QUOTES_AND_DASHES


@dataclass(frozen=True)
class Failure:
    fact_id: str
    source_id: str
    quote: str
    reason: str

    def line(self) -> str:
        where = f"{self.fact_id}: " if self.fact_id else ""
        quote = f" “{self.quote}”" if self.quote else ""
        return f"{where}source {self.source_id}: {self.reason}{quote}"


@dataclass
class Report:
    quotes_checked: int
    sources_checked: int
    failures: list[Failure]


def verify(store: Store, locate: Callable[[dict[str, Any]], Path]) -> Report:
    """Check every source's capture (found by `locate`, which raises CaptureNotFound) and every quote."""
    captures: dict[str, tuple[Capture, str]] = {}  # source id -> the capture, and its text by the rule
    failures: list[Failure] = []
    for source in store.sources:
        try:
            path = locate(source)
        except CaptureNotFound as missing:
            failures.append(Failure("", source["id"], "", missing.reason))
            continue
        text, problem = _read_source(path, source)
        if problem:
            failures.append(Failure("", source["id"], "", problem))
        else:
            capture = Capture(source["id"], path, text, source["sha256"], source["sha256"])
            captures[source["id"]] = (capture, normalise(text))
    checked = 0
    for ordinal in range(len(store)):
        fact = store.fact(ordinal)
        for source_id, quote, section in _quotes(fact):
            checked += 1
            if source_id not in captures:
                continue
            capture, text = captures[source_id]
            reason = _quote_problem(normalise(quote), text)
            if reason:
                failures.append(Failure(fact["id"], source_id, quote, reason))
            elif section is not None:
                reason = _section_problem(normalise(section), quote, capture)
                if reason:  # the reason quotes the quote itself
                    failures.append(Failure(fact["id"], source_id, "", reason))
    return Report(checked, len(store.sources), failures)


def _quotes(fact: dict):
    """(source, quote, section) of every quote; accounts of a disagreement name no section."""
    for evidence in fact["evidence"]:
        yield evidence["source"], evidence["quote"], evidence["section"]
    for disagreement in fact.get("disagreements") or []:
        for account in disagreement["accounts"]:
            yield account["source"], account["quote"], None


def _section_problem(section: str, quote: str, capture: Capture) -> str | None:
    headings = list(dict.fromkeys(normalise(b.section) for b in capture.blocks if b.heading))
    shown = normalise(quote)
    if section not in headings:
        from alliance_cli.suggest import closest

        close = closest(section, headings)
        hint = f" (did you mean “{close}”?)" if close else ""
        return f"section “{section}” is not a heading of the source{hint}; it is given for the quote “{shown}”"
    under = [normalise(span.section) for span in capture.find_verbatim(quote)]
    if section in under:
        return None
    where = f"it stands under “{under[0]}”" if under and under[0] != NO_SECTION else "it stands before the first heading"
    return f"the quote “{shown}” is not under section “{section}”: {where}"


def _read_source(path: Path, source: dict) -> tuple[str, str | None]:
    from alliance_cli.factbase.captures import MAX_CAPTURE_BYTES
    from alliance_cli.files import read_bounded

    try:
        data = read_bounded(str(path), MAX_CAPTURE_BYTES)
    except FileNotFoundError:
        return "", f"{path}: no such file"
    except OSError as error:
        return "", f"{path}: cannot be read: {error.strerror or error}"
    digest = hashlib.sha256(data).hexdigest()
    if digest != source["sha256"]:
        return "", f"{path}: sha256 is {digest}, but the fact base records {source['sha256']}: the capture has changed"
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"), None  # a byte-order mark is not text
    except UnicodeDecodeError:
        return "", f"{path}: not UTF-8 text"


def _quote_problem(quote: str, text: str) -> str | None:
    if quote in text:
        return None
    if quote.translate(QUOTES_AND_DASHES) in text.translate(QUOTES_AND_DASHES):
        return "quote not found verbatim: it matches only if straight and curly quotes or dashes are treated alike"
    if quote.casefold() in text.casefold():
        return "quote not found verbatim: it matches only if letter case is ignored"
    return "quote not found in the source"
