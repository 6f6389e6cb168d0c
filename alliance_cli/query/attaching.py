"""Attaching what an article says to a fact: a quote as evidence, or two quotes as a disagreement.

The domain functions behind `evidence add` and `disagreement add`, and the browser's curation screen after
them: each takes the words as a person has them, finds them in the capture with `quote`'s tolerance, and
records the capture's own text, so what is written always passes `verify`. Each returns what a caller
needs to report: the entry written, and the fact's stored grade beside what the rubric now computes.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from alliance_cli.errors import UsageProblem
from alliance_cli.factbase.captures import Capture, CaptureProblem, Finder, normalise
from alliance_cli.factbase.grading import Grade
from alliance_cli.factbase.store import Store
from alliance_cli.factbase.undo import Edits
from alliance_cli.query.quoting import Match


@dataclass(frozen=True)
class Written:
    """One change to a fact, written: where, what, and the grade before and after."""

    path: str
    fact_id: str
    what: str  # "evidence" or "disagreement"
    entry: dict[str, Any]
    stored: int  # the credibility the fact records
    computed: Grade  # what the rubric computes from the fact as it now stands
    credibility_line: int | None  # 1-based line of `credibility:` in the file, to change it by hand


def fact_ordinal(store: Store, text: str) -> int:
    """The fact `text` names (any case); a usage error with a did-you-mean when none."""
    from alliance_cli.query.names import fact_ordinal as named

    return named(store, text, UsageProblem, "FACT: ")


def unchanged_capture(finder: Finder, source_id: str) -> Capture:
    """The source's capture, refused when it is not the text the fact base recorded (its sha256 differs):
    offsets and quotes taken from another text would not verify."""
    capture = finder.load(source_id)
    if capture.changed:
        raise CaptureProblem(f"source {source_id}: {capture.path} has sha256 {capture.digest}, but the fact base "
                             f"records {capture.recorded}; the capture has changed, so nothing is taken from it "
                             "(run 'alliance verify')")
    return capture


def found_once(finder: Finder, store: Store, source: str, text: str, option: str = "SOURCE") -> tuple[str, Match]:
    """The one place where `text` stands in the capture of `source`; NotFound (exit 5) with the closest passage
    when it is not there, or the places when it stands under several headings."""
    from alliance_cli.query.passages import resolve_source
    from alliance_cli.query.quoting import find, not_one_place

    if not text.strip():
        raise UsageProblem("give the words of the quote: some words of a sentence of the capture")
    source_id = resolve_source(store, source, option)
    capture = unchanged_capture(finder, source_id)
    finding = find(capture, text)
    if finding.outcome != "found":
        raise not_one_place(capture, finding)
    return source_id, finding.matches[0]


def add_evidence(store: Store, finder: Finder, path: str, fact: str, source: str, text: str,
                 edits: Edits | None = None) -> Written:
    """Add the words `text` of `source` to the evidence of `fact`, verbatim and with their section; through
    `edits` (a screen's undoable writes) when given."""
    from alliance_cli.factbase import evidence_editing

    ordinal = fact_ordinal(store, fact)
    record = store.fact(ordinal)
    source_id, match = found_once(finder, store, source, text)
    entry = {"source": source_id, "section": match.span.section, "quote": match.quote}
    if any(e["source"] == source_id and match.quote in normalise(e["quote"]) for e in record["evidence"]):
        raise UsageProblem(f"{record['id']} already cites these words of {source_id} in its evidence")
    write(path, lambda t: evidence_editing.add_evidence(t, path, record["id"], entry), edits,
          f"attached to {record['id']}", record["id"])
    changed = {**record, "evidence": [*record["evidence"], entry]}
    return _written(store, path, changed, "evidence", entry)


def add_disagreement(store: Store, finder: Finder, path: str, fact: str, point: str,
                     sides: list[tuple[str, str, str]], edits: Edits | None = None) -> Written:
    """Record a disagreement on `fact` about `point`: one account per side, each (source, says, words), the
    words found in that source's capture and recorded verbatim."""
    from alliance_cli.factbase import evidence_editing

    ordinal = fact_ordinal(store, fact)
    record = store.fact(ordinal)
    if not point.strip():
        raise UsageProblem("--point: say what the sources disagree on, in a few words")
    accounts = []
    for n, (source, says, text) in enumerate(sides, start=1):
        if not says.strip():
            raise UsageProblem(f"side {n}: say what {source} says, in our words (--says)")
        source_id, match = found_once(finder, store, source, text, f"side {n}: SOURCE")
        accounts.append({"source": source_id, "says": says.strip(), "quote": match.quote})
    if len({a["source"] for a in accounts}) < 2:
        raise UsageProblem("a disagreement is between two sources; give a different source for each side")
    disagreement = {"point": point.strip(), "accounts": accounts}
    write(path, lambda t: evidence_editing.add_disagreement(t, path, record["id"], disagreement), edits,
          f"disagreement on {record['id']}", record["id"])
    changed = {**record, "disagreements": [*(record.get("disagreements") or []), disagreement]}
    return _written(store, path, changed, "disagreement", disagreement)


def write(path: str, change: Callable[[str], str], edits: Edits | None, what: str, subject: str) -> str:
    """The one write of every change here: `evidence_editing.rewrite`, through a screen's `edits` if any."""
    from alliance_cli.factbase import evidence_editing

    if edits is None:
        return evidence_editing.rewrite(path, change)
    return edits.apply(change, what, subject)


def _written(store: Store, path: str, fact: dict[str, Any], what: str, entry: dict[str, Any]) -> Written:
    from alliance_cli.factbase.grading import computed_credibility

    return Written(path, fact["id"], what, entry, fact["credibility"],
                   computed_credibility(fact, store.source_by_id), _credibility_line(path, fact["id"]))


def _credibility_line(path: str, fact_id: str) -> int | None:
    """Where the fact's `credibility:` stands in the file as written now (1-based), for the reader to change."""
    from alliance_cli.factbase import editing
    from alliance_cli.factbase.evidence_editing import _fact_node, _value

    try:
        text = editing.read_text(path)
        node = _value(_fact_node(text, path, fact_id), "credibility")
    except Exception:  # the report only; the write has succeeded
        return None
    return None if node is None else node.start_mark.line + 1
