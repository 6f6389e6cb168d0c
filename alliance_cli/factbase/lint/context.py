"""What every lint rule looks up across the fact base (`LintContext`), and the helpers the rules share."""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from alliance_cli.factbase.lint.words import (
    GENERIC,
    META,
    REPORTING_VERBS,
    STOPWORDS,
    tokens,
)
from alliance_cli.factbase.store import Fact, Store
from alliance_cli.factbase.vocabulary import ARTICLE
from alliance_cli.text import fold, fold_with_positions

SPEAKER_KINDS = ("person", "organisation", "group", "country")


@dataclass
class LintContext:
    """What rules look up across the fact base."""

    sources: dict[str, dict[str, Any]]
    spellings: dict[str, list[str]]  # canonical entity name -> folded spellings (name, aliases, metonyms)
    kinds: dict[str, str]  # canonical entity name -> kind
    _words_cache: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, store: Store) -> LintContext:
        spellings = {e["name"]: [fold(s) for s in [e["name"], *(e.get("aliases") or []), *(e.get("metonyms") or [])]]
                     for e in store.entities}
        return cls(dict(store.source_by_id), spellings, {e["name"]: e["kind"] for e in store.entities})

    def name_words(self, fact: Fact) -> set[str]:
        """Words of the names (every spelling) of the fact's actors and speaker, and of the speaker's role."""
        found = self.speaker_words(fact)
        for name in fact["actors"]:
            found.update(self.words_of(name))
        return found

    def speaker_words(self, fact: Fact) -> set[str]:
        found = set() if fact["attributed_to"] == ARTICLE else set(self.words_of(fact["attributed_to"]))
        found.update(t.word for t in tokens(fact.get("attributed_role") or ""))
        return found

    def mentioned_names(self, fact: Fact, folded_quotes: str) -> set[str]:
        """Words of the speaker's names, and of every entity whose name the quotes use in any spelling:
        a statement may say "Russia" where the quote says "Moscow", but not name someone no quote names."""
        found = self.speaker_words(fact)
        words = [t.word for t in tokens(folded_quotes)]
        runs = {tuple(words[i:i + n]) for n in self._lengths for i in range(len(words) - n + 1)}
        for spelling in runs & self._entity_of.keys():  # every mention, "russia" in "russia-iran pact" too
            found.update(self.words_of(self._entity_of[spelling]))
        return found

    @cached_property
    def _entity_of(self) -> dict[tuple[str, ...], str]:
        """Each spelling, as its words, -> the entity."""
        return {tuple(t.word for t in tokens(s)): name for name, spellings in self.spellings.items()
                for s in spellings}

    @cached_property
    def _longest_first(self) -> list[int]:
        return sorted(self._lengths, reverse=True)

    @cached_property
    def _lengths(self) -> set[int]:
        return {len(spelling) for spelling in self._entity_of if spelling}

    def words_of(self, name: str) -> set[str]:
        if name not in self._words_cache:
            self._words_cache[name] = {t.word for s in self.spellings.get(name, [fold(name)]) for t in tokens(s)}
        return self._words_cache[name]

    def without_names(self, words: list[str]) -> list[str]:
        """`words` less every run of them that spells an entity's name ("united states", "putin")."""
        kept, n = [], 0
        while n < len(words):
            length = next((k for k in self._longest_first if tuple(words[n:n + k]) in self._entity_of), 0)
            if length:
                n += length
            else:
                kept.append(words[n])
                n += 1
        return kept

    @cached_property
    def person_words(self) -> set[str]:
        """Words of people's names: "Vladimir" as well as "Putin"."""
        return {w for name, kind in self.kinds.items() if kind == "person" for w in self.words_of(name)}

    @cached_property
    def entity_words(self) -> set[str]:
        """Words of every spelling of every entity, less common words ("the" in "the West")."""
        return {w for name in self.spellings for w in self.words_of(name) if w not in STOPWORDS}


def _facts(store: Store) -> Iterator[tuple[int, Fact]]:
    for ordinal in range(len(store)):
        yield ordinal, store.fact(ordinal)


def _clauses(folded: str) -> list[tuple[int, int]]:
    """Spans of the clauses of a folded statement: split at colons, semicolons, dashes and ', which'."""
    cuts = [0]
    for match in re.finditer(r":\s|;\s|,\s(?:which|who|whose|where)\b|\s[—–]\s", folded):
        cuts.append(match.start())
    cuts.append(len(folded))
    return list(itertools.pairwise(cuts))


def _snippet(text: str, start: int, end: int, origin: list[int] | None = None) -> str:
    """The original words of `text` behind a span of `fold(text)` (`origin`: fold_with_positions(text)[1])."""
    if origin is None:
        _, origin = fold_with_positions(text)
    if not origin or start >= len(origin):
        return text
    return text[origin[start]:origin[min(end, len(origin)) - 1] + 1]


def is_content(word: str) -> bool:
    return (word not in STOPWORDS and word not in META and word not in REPORTING_VERBS and word not in GENERIC
            and not word.isdigit() and len(word) > 2)


def related_quotes(texts: dict[str, tuple[str, str]]) -> dict[str, set[str]]:
    """For each quote text, itself and every text of the same source that contains it or that it contains."""
    holding: dict[str, list[str]] = {}  # word -> keys of the texts holding it
    for key, (_, text) in texts.items():
        for word in set(text.split()):
            holding.setdefault(word, []).append(key)
    related: dict[str, set[str]] = {key: {key} for key in texts}
    for key, (source, text) in texts.items():
        words = set(text.split())
        if not words:
            continue
        rarest = min(words, key=lambda w: len(holding[w]))
        for other in holding[rarest]:
            other_source, other_text = texts[other]
            if other != key and other_source == source and text in other_text:
                related[key].add(other)
                related[other].add(key)
    return related
