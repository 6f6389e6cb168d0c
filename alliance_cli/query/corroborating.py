"""`corroborate`'s work, for any caller (the command, the browser's reading screen): a source's sentences,
each with the facts it may support or dispute.

The sentences are the capture's own, as `read` and `coverage` split it. A fact that already cites a
sentence (a quote of its evidence or of a disagreement overlaps it) is left out for that sentence: what it
would add is already there. The scoring is `corroboration`'s; this module only puts it to a source.
"""
from __future__ import annotations

from dataclasses import dataclass

from alliance_cli.factbase.captures import Capture, Finder, Sentence
from alliance_cli.factbase.store import Store
from alliance_cli.query.corroboration import RELATED, Analyser, Candidate, CorroborationIndex, candidates
from alliance_cli.query.plan import Query


@dataclass(frozen=True)
class SentenceCandidates:
    """One sentence of the capture, and the facts above the threshold for it, best first."""

    sentence: Sentence
    text: str
    candidates: list[Candidate]
    cited_by: list[str]  # ids of the facts that already quote it (left out of its candidates)


@dataclass(frozen=True)
class Corroboration:
    capture: Capture
    sentences: list[SentenceCandidates]


def citing_by_sentence(store: Store, finder: Finder, source_id: str) -> dict[int, set[int]]:
    """Sentence index -> ordinals of the facts that already quote that sentence of the source."""
    from alliance_cli.query.passages import citations

    found = citations(store, finder, source_id)
    by_sentence: dict[int, set[int]] = {}
    for cited in found.cited:
        ordinal = store.ordinal_of[cited.quoted.fact_id]
        for index in found.capture.sentences_overlapping(cited.span.start, cited.span.end):
            by_sentence.setdefault(index, set()).add(ordinal)
    return by_sentence


def corroborate(store: Store, finder: Finder, source_id: str, allowed: list[int] | None = None,
                min_score: float = RELATED, index: CorroborationIndex | None = None) -> Corroboration:
    """Every sentence of `source_id`'s capture with its candidates among the facts `allowed` (all when None)."""
    from alliance_cli.query.corroboration_cache import index_for

    capture = finder.load(source_id)
    index = index or index_for(store)
    analyser = Analyser(store.entities)
    citing = citing_by_sentence(store, finder, source_id)
    results = []
    for n, sentence in enumerate(capture.sentences):
        text = capture.text[sentence.start:sentence.end]
        citing_it = sorted(citing.get(n, ()))
        found = candidates(index, analyser.terms(text, spell=True), allowed, citing_it, min_score)
        results.append(SentenceCandidates(sentence, text, found, [store.ids[o] for o in citing_it]))
    return Corroboration(capture, results)


def corroborate_source(store: Store, finder: Finder, source: str, query: Query | None = None,
                       min_score: float | None = None) -> Corroboration:
    """`corroborate` for a source as the user names it (any case), against the facts `query` selects (all
    when None); an unknown source is a usage error with a did-you-mean, a changed capture an error."""
    from alliance_cli.query.attaching import unchanged_capture
    from alliance_cli.query.passages import resolve_source
    from alliance_cli.query.selection import select

    source_id = resolve_source(store, source)
    unchanged_capture(finder, source_id)
    allowed = None if query is None else select(store, query)
    return corroborate(store, finder, source_id, allowed, RELATED if min_score is None else min_score)
