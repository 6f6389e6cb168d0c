"""Quotes placed in their captures: what each fact cites, the sentences around it, and what no fact cites."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from alliance_cli.factbase.captures import Capture, Finder, Sentence, Span
from alliance_cli.factbase.store import Fact, Store


def resolve_source(store: Store, text: str, option: str = "SOURCE") -> str:
    """The id of the source `text` names (names.py's rule: any case); a usage error with a did-you-mean when none."""
    from alliance_cli.query.names import resolve_source as resolve

    return resolve(store, text, option)


@dataclass(frozen=True)
class Quoted:
    """One quote of a fact: from its evidence, or from an account in one of its disagreements."""

    fact_id: str
    role: str  # "evidence" or "disagreement"
    number: int  # 1-based among the fact's evidence, or among all its accounts
    source_id: str
    section: str | None  # evidence records its section; accounts do not
    quote: str
    point: str | None = None  # the disagreement's point, for accounts
    says: str | None = None


def quotes_of(fact: Fact) -> Iterator[Quoted]:
    for n, evidence in enumerate(fact["evidence"], start=1):
        yield Quoted(fact["id"], "evidence", n, evidence["source"], evidence["section"], evidence["quote"])
    n = 0
    for disagreement in fact.get("disagreements") or []:
        for account in disagreement["accounts"]:
            n += 1
            yield Quoted(fact["id"], "disagreement", n, account["source"], None, account["quote"],
                         disagreement["point"], account["says"])


def place(capture: Capture, quoted: Quoted) -> Span | None:
    """Where the quote stands in its capture: the first place in its recorded section, else the first place."""
    spans = capture.find_verbatim(quoted.quote)
    in_section = [s for s in spans if s.section == quoted.section]
    chosen = in_section or spans
    return chosen[0] if chosen else None


@dataclass(frozen=True)
class Cited:
    quoted: Quoted
    span: Span


@dataclass
class Citations:
    """The quotes that cite one source, placed in its capture, and the quotes that could not be placed."""

    capture: Capture
    cited: list[Cited]
    unplaced: list[Quoted]


def citations(store: Store, finder: Finder, source_id: str) -> Citations:
    capture = finder.load(source_id)
    cited, unplaced = [], []
    for ordinal in store.facet("sources").get(source_id, ()):
        for quoted in quotes_of(store.fact(ordinal)):
            if quoted.source_id != source_id:
                continue
            span = place(capture, quoted)
            if span is None:
                unplaced.append(quoted)
            else:
                cited.append(Cited(quoted, span))
    cited.sort(key=lambda c: (c.span.start, c.span.end))
    return Citations(capture, cited, unplaced)


@dataclass(frozen=True)
class QuoteContext:
    """A quote and the sentences around it, within its section."""

    quoted: Quoted
    capture: Capture
    span: Span | None  # None: the quote is not in the capture
    sentences: list[Sentence]  # in order; empty when the quote is a heading or not found


def context(capture: Capture, quoted: Quoted, around: int) -> QuoteContext:
    span = place(capture, quoted)
    if span is None:
        return QuoteContext(quoted, capture, None, [])
    inside = capture.sentences_overlapping(span.start, span.end)
    if not inside:
        return QuoteContext(quoted, capture, span, [])
    all_sentences = capture.sentences
    section = all_sentences[inside[0]].section
    first, last = inside[0], inside[-1]
    for _ in range(min(around, len(all_sentences))):  # never more steps than the capture has sentences
        moved = False
        if first > 0 and all_sentences[first - 1].section == section:
            first, moved = first - 1, True
        if last + 1 < len(all_sentences) and all_sentences[last + 1].section == section:
            last, moved = last + 1, True
        if not moved:  # the section is exhausted on both sides
            break
    return QuoteContext(quoted, capture, span, all_sentences[first:last + 1])


def contexts(store: Store, finder: Finder, ordinal: int, around: int) -> list[QuoteContext]:
    return [context(finder.load(q.source_id), q, around) for q in quotes_of(store.fact(ordinal))]


@dataclass(frozen=True)
class Coverage:
    source_id: str
    capture: Capture
    sentences: int
    cited_sentences: int
    characters: int  # characters of sentences, white space aside
    cited_characters: int
    uncovered: list[Sentence]
    unplaced: list[Quoted]

    @property
    def sentence_share(self) -> float:
        return self.cited_sentences / self.sentences if self.sentences else 0.0

    @property
    def character_share(self) -> float:
        return self.cited_characters / self.characters if self.characters else 0.0


def coverage(found: Citations) -> Coverage:
    """How much of the capture's running text (its sentences, not its headings) the quotes cover."""
    capture = found.capture
    text = capture.text
    covered = [False] * len(text)
    for cited in found.cited:
        covered[cited.span.start:cited.span.end] = [True] * (cited.span.end - cited.span.start)
    cited_sentences: set[int] = set()
    for cited in found.cited:
        cited_sentences.update(capture.sentences_overlapping(cited.span.start, cited.span.end))
    characters = cited_characters = 0
    for sentence in capture.sentences:
        for index in range(sentence.start, sentence.end):
            if not text[index].isspace():
                characters += 1
                cited_characters += covered[index]
    uncovered = [s for n, s in enumerate(capture.sentences) if n not in cited_sentences]
    return Coverage(capture.source_id, capture, len(capture.sentences), len(cited_sentences), characters,
                    cited_characters, uncovered, found.unplaced)


def next_fact_id(store: Store, theme: str) -> str:
    """The next free id in `theme`, numbered as its ids are: security-043 -> security-044."""
    import re

    pattern = re.compile(re.escape(theme) + r"-([0-9]+)")
    numbered = [match.group(1) for fact_id in store.ids if (match := pattern.fullmatch(fact_id))]
    width = max((len(n) for n in numbered), default=3)
    return f"{theme}-{max((int(n) for n in numbered), default=0) + 1:0{width}d}"
