"""The rubric's credibility grade, computed from a fact's evidence rather than entered by hand.

The rubric (NATO/Admiralty information credibility, as the header of facts.yaml applies it):

* **1** confirmed by independent sources: two or more sources that do not link to each other
  (directly or through a chain of `links_to`) assert the claim, and no disagreement is recorded;
* **2** stated as fact by two or more sources consistently, but they are not independent
  (dependent sources can never reach 1);
* **3** one source only, or conflicting details: any recorded disagreement makes the grade 3,
  however many sources assert the claim;
* **6** truth cannot be judged: the stance is `hedged` (a possibility, not a statement of fact)
  or `opinion` (a judgement, which no number of reporters can confirm).

`alleged` is graded as an assertion but never better than 3: a source that reports an allegation
does not vouch for it, so however many sources repeat it, it is at best "possibly true".

The inputs are only the evidence's sources, their `links_to`, the stance and the disagreements.
Whether a claim is an assessment or forecast rather than an event cannot be read from those, so
an asserted assessment computes as 2 or 3 and is stored as 6 with a rationale that says so; lint's
`grade-departs` rule checks that every such departure is explained.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from alliance_cli.factbase.store import Fact

# What a computed grade rests on.
Basis = Literal["independent", "dependent", "single", "disagreement", "alleged", "hedged", "opinion"]


@dataclass(frozen=True)
class Grade:
    """A computed credibility grade, why, and what it rests on (lint's explanations are keyed by `basis`)."""

    grade: int
    reason: str
    basis: Basis


def computed_credibility(fact: Fact, sources: Mapping[str, Mapping[str, Any]]) -> Grade:
    """The rubric's grade for `fact`, given every source of the fact base by id."""
    stance = fact["stance"]
    if stance == "hedged":
        return Grade(6, "the stance is hedged: a possibility, whose truth these sources give no basis to judge",
                     "hedged")
    if stance == "opinion":
        return Grade(6, "the stance is opinion: a judgement, which no number of reporters can confirm", "opinion")
    asserting = list(dict.fromkeys(e["source"] for e in fact["evidence"]))
    disagreements = fact.get("disagreements") or []
    if stance == "alleged":
        return Grade(3, "the stance is alleged: the sources report an allegation without vouching for it, "
                        "so it is at best possibly true", "alleged")
    if disagreements:
        points = len(disagreements)
        return Grade(3, f"conflicting details: the sources disagree on {points} recorded "
                        f"point{'s' if points > 1 else ''}", "disagreement")
    if len(asserting) == 1:
        return Grade(3, f"one source asserts it ({asserting[0]})", "single")
    groups = independent_groups(asserting, sources)
    if len(groups) >= 2:
        return Grade(1, f"{len(groups)} independent sources assert it consistently "
                        f"({'; '.join(', '.join(g) for g in groups)})", "independent")
    return Grade(2, f"{len(asserting)} sources assert it consistently, but they link to each other, "
                    f"so they are not independent ({', '.join(asserting)})", "dependent")


def independent_groups(source_ids: Iterable[str], sources: Mapping[str, Mapping[str, Any]]) -> list[list[str]]:
    """`source_ids` grouped so that sources linked by any chain of `links_to` (either way) share a group."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for source_id, source in sources.items():
        for target in source.get("links_to") or ():
            parent[root(source_id)] = root(target)
    groups: dict[str, list[str]] = {}
    for source_id in source_ids:
        groups.setdefault(root(source_id), []).append(source_id)
    return list(groups.values())
