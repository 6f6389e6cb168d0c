"""What corroboration compares: a text's terms, a fact's profile, and a candidate found for a sentence.

Kept apart from the scoring (`corroboration`) and the relation (`corroboration_relation`) so that both can
read them without importing each other.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Terms:
    """What a text says, for comparison: word stems, entities (canonical names) and numbers."""

    stems: frozenset[str]
    entities: frozenset[str]
    numbers: frozenset[str]
    hedged: str | None  # the first hedge or allegation word, when the text qualifies its claim
    people: frozenset[str] = frozenset()
    spelled: tuple[tuple[str, str], ...] = ()  # (stem, the word as written), for a sentence's reasons
    strangers: frozenset[str] = frozenset()  # a sentence's names of people the fact base does not know
    tentative: bool = False  # a sentence's claim is qualified, even only by `can` or `could`
    negated: frozenset[str] = frozenset()  # index keys the text only ever denies ("not Moscow": `@Russia`)
    denied: frozenset[str] = frozenset()  # index keys it denies somewhere, whether or not it affirms them too

    def index_keys(self) -> frozenset[str]:
        """Everything that can be shared, as index keys: stems, `@Entity` and `#number` (computed once)."""
        found = self.__dict__.get("_keys")
        if found is None:
            found = self.stems | {"@" + e for e in self.entities} | {"#" + n for n in self.numbers}
            self.__dict__["_keys"] = found  # a frozen dataclass may still cache in its __dict__
        return found


@dataclass
class FactProfile:
    """One fact as the scorer reads it: its passages' terms, its actors, its stance and numbers."""

    passages: list[Terms]
    actors: frozenset[str]
    stance: str

    @property
    def numbers(self) -> frozenset[str]:
        return frozenset().union(*(p.numbers for p in self.passages))

    @property
    def people(self) -> frozenset[str]:
        return frozenset().union(*(p.people for p in self.passages))


@dataclass(frozen=True)
class Candidate:
    """A fact that a sentence may support or dispute."""

    ordinal: int
    relation: str  # supports, differs or related
    score: float
    why: str
