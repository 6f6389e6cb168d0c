"""`alliance verify`: every quote must stand, verbatim, in the captured source it cites.

Matching rule (documented in the README): both texts are put in Unicode NFC and
every run of white space (spaces, tabs, line breaks) counts as one space, because
captures wrap lines where the page did not. Nothing else is normalised: a curly
apostrophe in the source must be curly in the quote, and case, punctuation and
dashes must match exactly. When a quote fails only because of typographic
quotes or case, the report says so, to make the fix obvious.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from alliance_cli.factbase.store import Store

_SPACE = re.compile(r"\s+")
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


def verify(store: Store, folder: Path) -> Report:
    texts: dict[str, str] = {}
    failures: list[Failure] = []
    for source in store.sources:
        text, problem = _read_source(folder, source)
        if problem:
            failures.append(Failure("", source["id"], "", problem))
        else:
            texts[source["id"]] = text
    checked = 0
    for ordinal in range(len(store)):
        fact = store.fact(ordinal)
        for source_id, quote in _quotes(fact):
            checked += 1
            if source_id in texts:
                reason = _quote_problem(normalise(quote), texts[source_id])
                if reason:
                    failures.append(Failure(fact["id"], source_id, quote, reason))
    return Report(checked, len(store.sources), failures)


def _quotes(fact: dict):
    for evidence in fact["evidence"]:
        yield evidence["source"], evidence["quote"]
    for disagreement in fact.get("disagreements") or []:
        for account in disagreement["accounts"]:
            yield account["source"], account["quote"]


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
        return normalise(data.decode("utf-8")), None
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
