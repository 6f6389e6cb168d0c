"""Whether a sentence that shares a fact's subject says the same (`supports`) or otherwise (`differs`).

What two texts share makes the score; what they do not share decides the relation. A sentence differs
from a fact when it gives another year or count, names another person, qualifies what the fact asserts
(or asserts what it qualifies), or denies what the fact affirms. Each reason is returned in words, for the
reader to check: the tool proposes, the analyst decides.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from alliance_cli.query.corroboration_terms import FactProfile, Terms

_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


def relation(score: float, conflicts: list[str], related: float, same: float) -> str:
    """`supports` from `same` on without conflict, `differs` from there with one (or a little lower: a
    conflict is itself a sign that the two speak of one thing), `related` otherwise."""
    if score >= same:
        return "differs" if conflicts else "supports"
    if conflicts and score >= (related + same) / 2:
        return "differs"
    return "related"


def conflicts(sentence: Terms, fact: FactProfile, shared: frozenset[str]) -> list[str]:
    """What the sentence says otherwise than the fact: numbers, years, people, denial, firmness."""
    found = []
    for kind, mine, theirs in (("year", _years(sentence.numbers), _years(fact.numbers)),
                               ("number", _counts(sentence.numbers), _counts(fact.numbers))):
        if mine and theirs and not mine & theirs:
            found.append(f"{kind} {', '.join(sorted(mine))} where the fact has {', '.join(sorted(theirs))}")
    named = sentence.people | sentence.strangers
    if named and fact.people and not sentence.people & fact.people:
        found.append(f"names {', '.join(sorted(named))} where the fact names {', '.join(sorted(fact.people))}")
    found += _denials(sentence, fact, shared)
    firmness = _firmness(sentence, fact)
    return found + [firmness] if firmness else found


def _denials(sentence: Terms, fact: FactProfile, shared: frozenset[str]) -> list[str]:
    """A shared term that the sentence only denies and no passage of the fact denies ("went to Beijing, not
    Moscow" against "visited Moscow"), or that the sentence only affirms and every passage of the fact that
    has it only denies. Judged over all the fact's passages, so that a fact which both affirms and denies a
    term (one pact signed, another not) is never said to conflict with either reading."""
    denied = sorted(k for k in shared & sentence.negated if not any(k in p.denied for p in fact.passages))
    only_denied = frozenset().union(*(p.negated for p in fact.passages)) & shared - sentence.denied
    affirmed = sorted(k for k in only_denied if all(k in p.negated for p in fact.passages if k in p.index_keys()))
    spelled = dict(sentence.spelled)
    found = []
    if denied:
        found.append(f"denies {', '.join(_shown(k, spelled) for k in denied)} where the fact affirms it")
    if affirmed:
        found.append(f"affirms {', '.join(_shown(k, spelled) for k in affirmed)} where the fact denies it")
    return found


def _firmness(sentence: Terms, fact: FactProfile) -> str | None:
    """Hedged where the fact is asserted, unless the fact's own words carry the same qualifier (a fact
    about an "alleged failure" is not disputed by a sentence about the alleged failure); or stated firmly
    where the fact is hedged."""
    if sentence.hedged and fact.stance == "asserted":
        if any(p.hedged == sentence.hedged for p in fact.passages):
            return None
        return f"hedged ('{sentence.hedged}') where the fact is asserted"
    if not sentence.tentative and fact.stance == "hedged":
        return "stated firmly where the fact is hedged"
    return None


def why(weight: Callable[[str], float], shared: frozenset[str], sentence: Terms, conflicting: list[str]) -> str:
    """The reasons in words: the shared words (the most telling first), entities and numbers, then what
    conflicts."""
    ranked = sorted(shared, key=lambda k: (-weight(k), k))
    spelled = dict(sentence.spelled)
    words = [spelled.get(k, k) for k in ranked if not k.startswith(("@", "#"))][:6]
    entities = [k[1:] for k in ranked if k.startswith("@")]
    numbers = [k[1:] for k in ranked if k.startswith("#")]
    parts = []
    if words:
        parts.append("shares " + ", ".join(words))
    if entities:
        parts.append("names " + ", ".join(entities))
    if numbers:
        parts.append("agrees on " + ", ".join(numbers))
    parts += conflicting
    return "; ".join(parts) if parts else "little in common"


def _shown(key: str, spelled: dict[str, str]) -> str:
    return key[1:] if key.startswith(("@", "#")) else spelled.get(key, key)


def _years(numbers: frozenset[str]) -> set[str]:
    return {n for n in numbers if _YEAR.match(n)}


def _counts(numbers: frozenset[str]) -> set[str]:
    return {n for n in numbers if not _YEAR.match(n)}
