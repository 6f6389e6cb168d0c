"""The rubric's credibility grade, computed from the evidence, and `show` displaying it beside the stored one."""
from __future__ import annotations

import pytest
from conftest import minimal_base, minimal_fact
from hypothesis import given
from hypothesis import strategies as st

from alliance_cli.factbase.grading import computed_credibility, independent_groups


def source(source_id: str, *links: str) -> dict:
    return {"id": source_id, "title": f"Article {source_id}", "site": "A site", "kind": "web article",
            "file": f"{source_id}.txt", "sha256": "0" * 64, "reliability": "F",
            "reliability_rationale": "No basis to judge.", **({"links_to": list(links)} if links else {})}


def evidence(*source_ids: str) -> list[dict]:
    return [{"source": s, "section": "Heading", "quote": f"words of {s}"} for s in source_ids]


DISAGREEMENT = {"point": "How many", "accounts": [{"source": "a", "says": "Two.", "quote": "two"},
                                                  {"source": "b", "says": "Three.", "quote": "three"}]}
LINKED = {"a": source("a", "b"), "b": source("b", "a"), "c": source("c")}


def grade(stance="asserted", sources=("a",), disagreements=(), by_id=None):
    fact = minimal_fact(stance=stance, evidence=evidence(*sources), disagreements=list(disagreements))
    return computed_credibility(fact, by_id if by_id is not None else LINKED)


@pytest.mark.parametrize(("case", "expected", "basis"), [
    ({"stance": "hedged", "sources": ("a", "c")}, 6, "hedged"),
    ({"stance": "opinion", "sources": ("a", "b")}, 6, "opinion"),
    ({"stance": "alleged", "sources": ("a", "c")}, 3, "alleged"),  # never better than 3, even if independent
    ({"sources": ("a",)}, 3, "single"),
    ({"sources": ("a", "a")}, 3, "single"),  # two quotes from one source are one source
    ({"sources": ("a", "b")}, 2, "dependent"),  # they link to each other
    ({"sources": ("a", "c")}, 1, "independent"),
    ({"sources": ("a", "c"), "disagreements": [DISAGREEMENT]}, 3, "disagreement"),
])
def test_the_rubric(case, expected, basis):
    result = grade(**case)
    assert (result.grade, result.basis) == (expected, basis)


def test_reasons_name_the_sources_and_the_count():
    assert grade(sources=("a",)).reason == "one source asserts it (a)"
    assert grade(sources=("a", "b")).reason == ("2 sources assert it consistently, but they link to each other, "
                                                "so they are not independent (a, b)")
    assert grade(sources=("a", "c")).reason == "2 independent sources assert it consistently (a; c)"
    assert grade(sources=("a", "c"), disagreements=[DISAGREEMENT]).reason == (
        "conflicting details: the sources disagree on 1 recorded point")


def test_a_link_in_either_direction_or_through_a_third_source_makes_sources_dependent():
    one_way = {"a": source("a", "b"), "b": source("b")}
    assert grade(sources=("a", "b"), by_id=one_way).grade == 2
    chain = {"a": source("a", "m"), "b": source("b", "m"), "m": source("m")}  # a -> m <- b
    assert independent_groups(["a", "b"], chain) == [["a", "b"]]
    assert grade(sources=("a", "b"), by_id=chain).grade == 2


@given(st.sampled_from(["asserted", "hedged", "alleged", "opinion"]),
       st.lists(st.sampled_from("abc"), min_size=1, max_size=4), st.booleans())
def test_more_conflict_or_more_links_never_improve_a_grade(stance, sources, contested):
    free = {"a": source("a"), "b": source("b"), "c": source("c")}
    result = grade(stance, tuple(sources), [DISAGREEMENT] if contested else [], free)
    assert result.grade in (1, 2, 3, 6)
    assert grade(stance, tuple(sources), [DISAGREEMENT], free).grade >= result.grade
    assert grade(stance, tuple(sources), [DISAGREEMENT] if contested else [], LINKED).grade >= result.grade


def two_source_base(*facts) -> dict:
    base = minimal_base(*facts)
    base["sources"] = [source("one", "two"), source("two", "one")]
    return base


def test_show_gives_the_rubric_grade_and_its_reason_beside_the_stored_one(run, write_base):
    agrees = minimal_fact("sanctions-001", evidence=evidence("one", "two"), credibility=2)
    departs = minimal_fact("sanctions-002", credibility=6, credibility_rationale="An assessment.")
    path = write_base(two_source_base(agrees, departs))
    text = " ".join(run("show", "sanctions-001", "sanctions-002", "--file", path, width=200).stdout.split())
    assert ("Rubric grade 2 (Probably true): 2 sources assert it consistently, but they link to each other, so "
            "they are not independent (one, two); the stored grade agrees") in text
    assert ("Credibility 6 (Truth cannot be judged): An assessment. Rubric grade 3 (Possibly true): one source "
            "asserts it (one); the stored grade (6) departs from it: the rationale says why") in text


def test_show_json_carries_the_rubric_grade(run, write_base):
    path = write_base(two_source_base(minimal_fact(stance="hedged", credibility=6)))
    assert run("show", "sanctions-001", "--json", "--file", path).json()["rubric_credibility"] == {
        "grade": 6, "basis": "hedged",
        "reason": "the stance is hedged: a possibility, whose truth these sources give no basis to judge"}
