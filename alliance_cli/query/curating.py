"""An article as the browser's reading screen shows it: its sentences, what cites each, the coverage
count, and `corroborate`'s candidates for the sentence under the cursor.

The sentences are the capture's own (`read` and `coverage` split it the same way), the count is
`coverage`'s, and the candidates are `corroborate`'s, computed for one sentence when the cursor
reaches it and kept: opening a 5,000-sentence article must not rank every sentence first.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from alliance_cli.factbase.captures import Capture, Finder, Sentence
from alliance_cli.factbase.store import Store
from alliance_cli.query.corroboration import Analyser, Candidate, CorroborationIndex


@dataclass
class Reading:
    """One source's capture, sentence by sentence, with the ids of the facts that cite each."""

    store: Store
    capture: Capture
    cited_by: list[tuple[str, ...]]  # per sentence: ids of the facts quoting it, in file order
    covered: int  # sentences cited at least once, as `coverage` counts them (a test checks they agree)
    _ranking: tuple[CorroborationIndex, Analyser] | None = None  # made when the first sentence is ranked
    _found: dict[int, list[Candidate]] = field(default_factory=dict)

    @property
    def source_id(self) -> str:
        return self.capture.source_id

    @property
    def sentences(self) -> list[Sentence]:
        return self.capture.sentences

    def text(self, index: int) -> str:
        sentence = self.sentences[index]
        return self.capture.text[sentence.start:sentence.end]

    def count_words(self) -> str:
        total = len(self.sentences)
        share = f" ({self.covered / total:.0%})" if total else ""
        return f"{self.covered} of {total} sentences cited{share}"

    def next_uncovered(self, after: int) -> int | None:
        """The first sentence after `after` that no fact cites, going round to the start; None when all are."""
        total = len(self.sentences)
        for step in range(1, total + 1):
            index = (after + step) % total
            if not self.cited_by[index]:
                return index
        return None

    def candidates(self, index: int) -> list[Candidate]:
        """`corroborate`'s candidates for sentence `index`, best first, without the facts that cite it."""
        found = self._found.get(index)
        if found is None:
            found = self._rank(index)
            self._found[index] = found
        return found

    def _rank(self, index: int) -> list[Candidate]:
        from alliance_cli.query.corroboration import candidates
        from alliance_cli.query.corroboration_cache import index_for

        if self._ranking is None:
            self._ranking = (index_for(self.store), Analyser(self.store.entities))
        ranking, analyser = self._ranking
        citing = [self.store.ordinal_of[i] for i in self.cited_by[index]]
        return candidates(ranking, analyser.terms(self.text(index), spell=True), None, citing)


def reading(store: Store, finder: Finder, source: str) -> Reading:
    """The reading of `source` (any case); an unknown source is a usage error with a did-you-mean, a capture
    that is missing or changed an error (quotes taken from another text would not verify)."""
    from alliance_cli.query.attaching import unchanged_capture
    from alliance_cli.query.corroborating import citing_by_sentence
    from alliance_cli.query.passages import resolve_source

    source_id = resolve_source(store, source, "--read")
    capture = unchanged_capture(finder, source_id)
    by_sentence = citing_by_sentence(store, finder, source_id)
    cited_by = [tuple(store.ids[o] for o in sorted(by_sentence.get(n, ()))) for n in range(len(capture.sentences))]
    # `coverage`'s count of cited sentences is the number of sentences some quote overlaps: these, without
    # its count of characters, which costs a pass over every character of the capture
    return Reading(store, capture, cited_by, len(by_sentence))


def article_of(store: Store, ordinal: int) -> str | None:
    """The source a fact's first evidence quotes: the article the browser opens for it."""
    evidence = store.fact(ordinal)["evidence"]
    return evidence[0]["source"] if evidence else None


def other_quote(store: Store, fact_id: str, source_id: str) -> tuple[str, str] | None:
    """A quote of the fact from a source other than `source_id` (source, quote): the other side of a dispute."""
    fact = store.fact(store.ordinal_of[fact_id])
    return next(((e["source"], e["quote"]) for e in fact["evidence"] if e["source"] != source_id), None)
