"""Which claims of the fact base a sentence of a captured article confirms, disputes or touches on.

An analyst adding an article needs to know, sentence by sentence, which existing facts it says again
(evidence to attach: a second source changes the grade), which it contradicts (a disagreement to record)
and which sentences are new. Reading 100 facts per sentence by hand is what this replaces.

How, with no model and nothing downloaded: each fact is a few *passages* (its statement and each quote),
each a bag of word stems (lint's stemmer, so `sanctioned` is `sanctions`; words of one meaning in this
domain, `accord` and `agreement`, made one term by `corroboration_lexicon`), entities (by any of their
names: `Tehran` and `Iran` are one) and numbers. A sentence is scored against a passage by the share of
their combined weight they have in common (Dice), each term weighted by how rare it is among the facts
(IDF), so `drones` counts far more than `Russia`. A fact's score is its best passage's, and a fact
sharing a single term with the sentence is no candidate: one word is a topic, not a claim. The relation
(`corroboration_relation`) comes from what the two do not share: numbers or years that differ, a named
person against another, a term one denies and the other affirms, or one hedged ("likely", "may") where the
other is firm. The reasons are returned as words for the reader.

The index (`CorroborationIndex`) holds each fact's passages as terms and, per term, the facts using it;
`corroboration_cache` keeps it in the cache folder so that a run on a large base only scores.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from alliance_cli.factbase.store import Fact, Store
from alliance_cli.query import corroboration_lexicon as lexicon
from alliance_cli.query import corroboration_relation as relating
from alliance_cli.query import corroboration_words as reading
from alliance_cli.query.corroboration_terms import Candidate, FactProfile, Terms

# Scores: a candidate is shown from RELATED on; from SAME on it is taken to make the same claim. Both were
# chosen on the tuning sets only (the test article and inside-the-pact; putins-promise is held out): see
# benchmarks/corroborate.py.
RELATED = 0.25
SAME = 0.26
PRIOR = math.log(1 + 20)  # added to every comparison's total: the weight of a term one passage in 20 uses (3.04)
_SHARED_TERMS = 2  # a candidate shares at least this many terms (stems, entities, numbers) with the sentence
TOP = 3  # candidates the table shows per sentence
_POOL = 60  # facts scored exactly per sentence, after counting shared rare terms
_COMMON_SHARE = 0.2  # terms in more than this share of passages do not propose candidates (they still score)
_PROPOSERS = 8  # the sentence's rarest terms, whose facts are counted to choose the ones to score
_BUDGET = 20_000  # at most this many of their postings are counted per sentence (a large base's common terms)

_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_THE_PAIR = frozenset(("the", "these", "those", "their", "our", "both"))  # "the two countries" is no count
_NUMBER_WORDS = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
                 "nine": "9", "ten": "10", "twenty": "20", "dozen": "12", "hundred": "100"}


class Analyser:
    """Turns text into `Terms`, knowing the fact base's entities by every spelling."""

    def __init__(self, entities: Sequence[dict]) -> None:
        from alliance_cli.query.names import spellings

        # first word -> [(words, entity, written in capitals only)], longest first
        self.names: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
        self.kinds = {e["name"]: e.get("kind", "") for e in entities}
        for entity in entities:
            for spelling in spellings(entity):
                written, folded = reading.words(spelling)
                if folded:
                    capitals = len("".join(written)) <= 3 and "".join(written).isupper()
                    self.names.setdefault(folded[0], []).append((tuple(folded), entity["name"], capitals))
        for spelled in self.names.values():
            spelled.sort(key=lambda name: -len(name[0]))

    def terms(self, text: str, spell: bool = False) -> Terms:
        """The terms of `text`; with `spell` (for a sentence), also each stem's word as written, for the
        reasons, and what only a sentence's relation needs: unknown names, and any qualifying word."""
        from alliance_cli.text import fold

        entities, stems, numbers, strangers = self._keys(text)
        windows, rest = reading.negation_windows(text)
        denied: set[str] = set()
        negated: set[str] = set()
        if windows:  # what the negators' words hold; `negated`: what nothing else in the text affirms
            denied = set().union(*(_keys_of(*self._keys(window)[:3]) for window in windows))
            negated = denied - _keys_of(*self._keys(rest)[:3])
        people = frozenset(e for e in entities if self.kinds.get(e) == "person")
        return Terms(frozenset(stems), frozenset(entities), frozenset(numbers), reading.hedge(text), people,
                     tuple(stems.items()) if spell else (), frozenset(strangers) if spell else frozenset(),
                     spell and reading.hedge_words().search(fold(text)) is not None, frozenset(negated),
                     frozenset(denied))

    def _keys(self, text: str) -> tuple[list[str], dict[str, str], set[str], list[str]]:
        """The entities `text` names, its content words' stems (each with the word as written first), its
        numbers and the names of people it gives that the fact base does not know; stems through the
        domain's synonyms (`corroboration_lexicon`)."""
        written, folded = reading.words(text)
        entities, rest, strangers = self._entities(written, folded)
        synonyms = lexicon.canonical()
        stems: dict[str, str] = {}
        numbers = set()
        previous = ""
        for word in rest:
            number = _NUMBER_WORDS.get(word, word if _NUMBER.match(word) else None)
            if number is not None and not (word == "two" and previous in _THE_PAIR):
                numbers.add(number.replace(",", ""))
            elif reading.is_content(word):
                stem = reading.stem_of(word)
                stems.setdefault(synonyms.get(stem, stem), word)
            previous = word
        return entities, stems, numbers, strangers

    def _entities(self, written: list[str], folded: list[str]) -> tuple[list[str], list[str], list[str]]:
        """The entities named in the words (the longest name first), the folded words outside names, and
        the names the fact base does not know: two or more capitalised words running together after the first
        word (`Qasem Soleimani`)."""
        found: list[str] = []
        rest: list[str] = []
        strangers: list[str] = []
        run: list[str] = []
        n = 0
        while n < len(folded):
            size = 0
            for words, name, capitals in self.names.get(folded[n], ()):
                if tuple(folded[n:n + len(words)]) == words and \
                        (not capitals or "".join(written[n:n + len(words)]).isupper()):
                    found.append(name)
                    size = len(words)
                    break
            capitalised = not size and n > 0 and written[n][:1].isupper()
            if not capitalised and len(run) >= 2:
                strangers.append(" ".join(run))
            run = [*run, written[n]] if capitalised else []
            if size:
                n += size
            else:
                rest.append(folded[n])
                n += 1
        if len(run) >= 2:
            strangers.append(" ".join(run))
        return found, rest, strangers


def _keys_of(entities: list[str], stems: dict[str, str], numbers: set[str]) -> set[str]:
    """The index keys of what `Analyser._keys` found (as `Terms.index_keys` writes them)."""
    return set(stems) | {"@" + e for e in entities} | {"#" + n for n in numbers}


# --- the index ----------------------------------------------------------------------------------------

def fact_passages(fact: Fact) -> list[str]:
    """The texts a fact is compared by: its statement, then each quote (evidence, then accounts)."""
    texts = [fact["statement"], *(e["quote"] for e in fact["evidence"])]
    for disagreement in fact.get("disagreements") or []:
        texts += [a["quote"] for a in disagreement["accounts"]]
    return list(dict.fromkeys(texts))


def profile(analyser: Analyser, fact: Fact) -> FactProfile:
    """The fact's passages as terms. The fact's actors are kept beside them, not added to each passage:
    measured, adding them ("both partners" is Russia and Iran) lowered recall at 3 on the shipped sources."""
    return FactProfile([analyser.terms(text) for text in fact_passages(fact)], frozenset(fact.get("actors") or ()),
                       fact["stance"])


class CorroborationIndex:
    """What scoring needs: each fact's profile, the facts using each term, and how many passages use it.

    This one is built in memory from profiles; `corroboration_cache.StoredIndex` reads the same from a
    cache file, each piece only when a sentence asks for it."""

    def __init__(self, profiles: list[FactProfile]) -> None:
        self.profiles = profiles
        self._postings: dict[str, list[int]] = {}
        self._frequency: Counter[str] = Counter()
        for ordinal, fact in enumerate(profiles):
            keys: set[str] = set()
            for passage in fact.passages:
                passage_keys = passage.index_keys()
                self._frequency.update(passage_keys)
                keys |= passage_keys
            for key in keys:
                self._postings.setdefault(key, []).append(ordinal)
        self.passage_count = max(1, sum(len(p.passages) for p in profiles))

    def frequency(self, key: str) -> int:
        """How many passages use `key`."""
        return self._frequency.get(key, 0)

    def postings(self, key: str) -> Sequence[int]:
        """The ordinals of the facts using `key`, in order."""
        return self._postings.get(key, ())

    def profile(self, ordinal: int) -> FactProfile:
        return self.profiles[ordinal]

    def weight(self, key: str) -> float:
        """IDF: log(1 + N / df); a term no passage uses weighs as one used once."""
        weights = self.__dict__.setdefault("_weights", {})
        found = weights.get(key)
        if found is None:
            found = weights[key] = math.log(1 + self.passage_count / max(1, self.frequency(key)))
        return found

    def weigh(self, keys: Iterable[str]) -> float:
        """The summed weight of `keys`."""
        weights = self.__dict__.setdefault("_weights", {})
        return sum(weights[k] if k in weights else self.weight(k) for k in keys)

    def total_weight(self, passage: Terms) -> float:
        """The weight of all of a fact passage's terms, kept while the index keeps the passage."""
        totals = self.__dict__.setdefault("_totals", {})
        found = totals.get(id(passage))
        if found is None:
            found = totals[id(passage)] = self.weigh(passage.index_keys())
        return found


def build_index(store: Store, analyser: Analyser | None = None) -> CorroborationIndex:
    analyser = analyser or Analyser(store.entities)
    return CorroborationIndex([profile(analyser, store.fact(n)) for n in range(len(store))])


# --- scoring ----------------------------------------------------------------------------------------

def candidates(index: CorroborationIndex, sentence: Terms, allowed: Iterable[int] | None = None,
               excluded: Iterable[int] = (), min_score: float = RELATED) -> list[Candidate]:
    """The facts above `min_score` for one sentence, best first; `allowed` narrows them (filters)."""
    pool = _pool(index, sentence, None if allowed is None else set(allowed), set(excluded))
    own = index.weigh(sentence.index_keys())
    found = []
    for ordinal in pool:
        fact = index.profile(ordinal)
        best, shared = max((score_passage(index, sentence, p, own) for p in fact.passages), key=lambda f: f[0])
        if best >= min_score and len(shared) >= _SHARED_TERMS:
            found.append(_judge(index, sentence, ordinal, best, shared))
    found.sort(key=lambda c: (-c.score, c.ordinal))
    return found


def _pool(index: CorroborationIndex, sentence: Terms, allowed: set[int] | None, excluded: set[int]) -> list[int]:
    """The facts worth scoring: those sharing the most weight of the sentence's rarer terms."""
    used = sorted((index.frequency(k), k) for k in sentence.index_keys() if index.frequency(k))
    limit = index.passage_count * _COMMON_SHARE
    rare = [k for df, k in used if df <= max(limit, 2)][:_PROPOSERS] or [k for _, k in used[:_PROPOSERS]]
    shared: Counter[int] = Counter()
    counted = 0
    for key in rare:  # Counter.update counts in C; the rarest first, until the budget is spent
        postings = index.postings(key)
        if counted and counted + len(postings) > _BUDGET:
            break
        shared.update(postings)
        counted += len(postings)
    for ordinal in excluded:
        shared.pop(ordinal, None)
    if allowed is not None:
        for ordinal in [o for o in shared if o not in allowed]:
            del shared[ordinal]
    return [ordinal for ordinal, _ in shared.most_common(_POOL)]


def score_passage(index: CorroborationIndex, sentence: Terms, passage: Terms,
                  own: float | None = None) -> tuple[float, frozenset[str]]:
    """Dice over IDF weights: twice the shared weight over the two texts' total weights (`own`: the
    sentence's, when the caller has it), plus PRIOR. The prior is what makes two short texts sharing two
    words ("their economic cooperation is multifaceted") weigh less than two long ones sharing ten: the
    fewer words compared, the weaker the evidence. Measured on the tuning sets, it lowered the false
    matches on new information without losing a hit."""
    shared = sentence.index_keys() & passage.index_keys()
    if not shared:
        return 0.0, shared
    total = (index.weigh(sentence.index_keys()) if own is None else own) + index.total_weight(passage)
    return 2 * index.weigh(shared) / (total + PRIOR), shared


def _judge(index: CorroborationIndex, sentence: Terms, ordinal: int, best: float,
           shared: frozenset[str]) -> Candidate:
    conflicts = relating.conflicts(sentence, index.profile(ordinal), shared)
    return Candidate(ordinal, relating.relation(best, conflicts, RELATED, SAME), round(min(best, 1.0), 3),
                     relating.why(index.weight, shared, sentence, conflicts))
