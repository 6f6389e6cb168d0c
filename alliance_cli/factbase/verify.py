"""`alliance verify`: every quote must stand, verbatim, in the captured source it cites.

Matching rule (documented in the README): both texts are put in Unicode NFC and
every run of white space (spaces, tabs, line breaks) counts as one space, because
captures wrap lines where the page did not. Nothing else is normalised: a curly
apostrophe in the source must be curly in the quote, and case, punctuation and
dashes must match exactly. When a quote fails only because of typographic
quotes or case, the report says so, to make the fix obvious.

Each piece of evidence also names its `section`: that must be a heading of the
source, written as the source writes it (by the same rule), and the quote must
stand under it, between that heading and the next. A heading is a line of the
capture that is not a paragraph: it starts with a capital, a digit or a symbol,
holds at most HEADING_WORDS words, and does not end in `.`, `,`, `;` or `:`.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from alliance_cli.factbase.store import Store

_SPACE = re.compile(r"\s+")
HEADING_WORDS = 16
_TYPOGRAPHIC = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


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


def normalise(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


@dataclass
class Capture:
    """A source's text, whole and cut at its headings, each normalised."""

    text: str
    sections: list[tuple[str, str]]  # (heading, what stands under it up to the next heading)

    @classmethod
    def of(cls, raw: str) -> Capture:
        sections: list[tuple[str, list[str]]] = []
        for line in raw.splitlines():
            if is_heading(line):
                heading = normalise(line)
                # a heading repeated with nothing between (a page's title shown twice) is one section
                if not (sections and sections[-1][0] == heading and not "".join(sections[-1][1]).strip()):
                    sections.append((heading, []))
            elif sections:
                sections[-1][1].append(line)
        return cls(normalise(raw), [(heading, normalise("\n".join(body))) for heading, body in sections])

    def headings(self) -> list[str]:
        return list(dict.fromkeys(heading for heading, _ in self.sections))


def is_heading(line: str) -> bool:
    text = line.strip()
    return (bool(text) and not text[0].islower() and not text.endswith((".", ",", ";", ":"))
            and len(text.split()) <= HEADING_WORDS)


def verify(store: Store, folder: Path) -> Report:
    captures: dict[str, Capture] = {}
    failures: list[Failure] = []
    for source in store.sources:
        text, problem = _read_source(folder, source)
        if problem:
            failures.append(Failure("", source["id"], "", problem))
        else:
            captures[source["id"]] = Capture.of(text)
    checked = 0
    for ordinal in range(len(store)):
        fact = store.fact(ordinal)
        for source_id, quote, section in _quotes(fact):
            checked += 1
            capture = captures.get(source_id)
            if capture is None:
                continue
            reason = _quote_problem(normalise(quote), capture.text)
            if reason:
                failures.append(Failure(fact["id"], source_id, quote, reason))
            elif section is not None:
                reason = _section_problem(normalise(section), normalise(quote), capture)
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
    headings = capture.headings()
    if section not in headings:
        import difflib

        close = difflib.get_close_matches(section, headings, n=1, cutoff=0.6)
        hint = f" (did you mean “{close[0]}”?)" if close else ""
        return f"section “{section}” is not a heading of the source{hint}; it is given for the quote “{quote}”"
    if any(heading == section and quote in body for heading, body in capture.sections):
        return None
    under = [heading for heading, body in capture.sections if quote in body]
    where = f"it stands under “{under[0]}”" if under else "it stands before the first heading"
    return f"the quote “{quote}” is not under section “{section}”: {where}"


def _read_source(folder: Path, source: dict) -> tuple[str, str | None]:
    path = folder / source["file"]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return "", f"{path}: no such file"
    except OSError as error:
        return "", f"{path}: cannot be read: {error.strerror or error}"
    digest = hashlib.sha256(data).hexdigest()
    if digest != source["sha256"]:
        return "", f"{path}: sha256 is {digest}, but the fact base records {source['sha256']}: the capture has changed"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return "", f"{path}: not UTF-8 text"


def _quote_problem(quote: str, text: str) -> str | None:
    if quote in text:
        return None
    if quote.translate(_TYPOGRAPHIC) in text.translate(_TYPOGRAPHIC):
        return "quote not found verbatim: it matches only if straight and curly quotes or dashes are treated alike"
    if quote.casefold() in text.casefold():
        return "quote not found verbatim: it matches only if letter case is ignored"
    return "quote not found in the source"
