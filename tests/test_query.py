"""The query layer on a small fact base made for it: every filter and sort against an exact expected set.

The shipped data cannot test this: it has one dated fact and grades every source F. Here the dates
are a year, a month and a day with overlapping spans; the sources are graded A, C and F; every
credibility level from 1 to 6 occurs.
"""
from __future__ import annotations

import pytest

from alliance_cli.factbase.store import FactBase
from alliance_cli.query.plan import Query
from alliance_cli.query.selection import date_range, select


def fact(fact_id, *, date=None, themes=("security",), credibility=3, stance="asserted", actors=("Russia",),
         speaker="the article", sources=("a",), disputed_by=None):
    record = {"id": fact_id, "statement": f"Statement {fact_id}.", "themes": list(themes), "actors": list(actors),
              "attributed_to": speaker, "stance": stance, "credibility": credibility,
              "credibility_rationale": "Test.",
              "evidence": [{"source": s, "section": "S", "quote": f"quote {fact_id}"} for s in sources]}
    if date:
        record["date"] = date
    if disputed_by:
        record["disagreements"] = [{"point": "P", "accounts": [
            {"source": sources[0], "says": "one", "quote": "q1"}, {"source": disputed_by, "says": "other", "quote": "q2"}]}]
    return record


FACTS = [
    fact("t-004", date="2002-12-31", themes=["sanctions"], credibility=4, stance="opinion", sources=["b"],
         speaker="Vladimir Putin"),
    fact("t-001", date="2001", credibility=1),
    fact("t-006", date="2000", themes=["divergence", "security"], credibility=6, sources=["c"]),
    fact("t-002", date="2001-05", themes=["security", "economy"], credibility=2, stance="hedged", actors=["Iran"],
         sources=["b"]),
    fact("t-007", date="2001-12", themes=["sanctions", "economy"], credibility=2),
    fact("t-003", date="2001-05-03", themes=["economy"], stance="alleged", actors=["Russia", "Iran"],
         sources=["c"], disputed_by="a"),
    fact("t-005", themes=["divergence"], credibility=5, sources=["a", "c"]),
]
SOURCES = [
    {"id": "a", "reliability": "A"},
    {"id": "b", "reliability": "C"},
    {"id": "c", "reliability": "F", "links_to": ["a"]},
]
ENTITIES = [{"name": "Russia", "kind": "country"}, {"name": "Iran", "kind": "country"},
            {"name": "Vladimir Putin", "kind": "person"}]


@pytest.fixture(scope="module")
def store():
    return FactBase({"sources": SOURCES, "entities": ENTITIES, "facts": FACTS})


def ids(store, **query) -> list[str]:
    return [store.ids[n] for n in select(store, Query(**query))]


FILE_ORDER = ["t-004", "t-001", "t-006", "t-002", "t-007", "t-003", "t-005"]


@pytest.mark.parametrize(("query", "expected"), [
    ({}, FILE_ORDER),
    ({"any_themes": ("economy",)}, ["t-002", "t-007", "t-003"]),
    ({"any_themes": ("sanctions", "divergence")}, ["t-004", "t-006", "t-007", "t-005"]),
    ({"all_themes": ("security", "economy")}, ["t-002"]),
    ({"exclude_themes": ("security",)}, ["t-004", "t-007", "t-003", "t-005"]),
    ({"any_themes": ("economy",), "exclude_themes": ("sanctions",)}, ["t-002", "t-003"]),
    ({"actors": ("Iran",)}, ["t-002", "t-003"]),
    ({"actors": ("Russia",)}, ["t-004", "t-001", "t-006", "t-007", "t-003", "t-005"]),
    ({"actors": ("Iran", "Russia")}, FILE_ORDER),
    ({"sources": ("b",)}, ["t-004", "t-002"]),
    ({"sources": ("a",)}, ["t-001", "t-007", "t-003", "t-005"]),  # t-003 quotes a in a disagreement
    ({"stances": ("hedged", "alleged")}, ["t-002", "t-003"]),
    ({"attributed_to": ("Vladimir Putin",)}, ["t-004"]),
    ({"contested": True}, ["t-003"]),
    ({"contested": False}, ["t-004", "t-001", "t-006", "t-002", "t-007", "t-005"]),
])
def test_each_filter_keeps_exactly_its_facts(store, query, expected):
    assert ids(store, **query) == expected


@pytest.mark.parametrize(("grade", "expected"), [
    (1, ["t-001"]),
    (2, ["t-001", "t-002", "t-007"]),
    (3, ["t-001", "t-002", "t-007", "t-003"]),
    (4, ["t-004", "t-001", "t-002", "t-007", "t-003"]),
    (5, ["t-004", "t-001", "t-002", "t-007", "t-003", "t-005"]),
    (6, FILE_ORDER),
])
def test_min_credibility_keeps_that_grade_and_better(store, grade, expected):
    assert ids(store, min_credibility=grade) == expected


@pytest.mark.parametrize(("floor", "expected"), [
    ("A", ["t-001", "t-007", "t-003", "t-005"]),
    ("B", ["t-001", "t-007", "t-003", "t-005"]),
    ("C", ["t-004", "t-001", "t-002", "t-007", "t-003", "t-005"]),
    ("F", FILE_ORDER),
])
def test_min_reliability_keeps_facts_citing_a_source_that_good(store, floor, expected):
    assert ids(store, min_reliability=floor) == expected


@pytest.mark.parametrize(("since", "until", "expected"), [
    ("2001-06", None, ["t-004", "t-001", "t-007"]),  # the year 2001 reaches into June
    (None, "2001-05-02", ["t-001", "t-006", "t-002"]),  # May 2001 began before the 2nd
    ("2001-05-03", "2001-05-03", ["t-001", "t-002", "t-003"]),  # a day inside a month inside a year
    ("2001", "2001", ["t-001", "t-002", "t-007", "t-003"]),
    ("2002-12-31", None, ["t-004"]),
    ("2003", None, []),
    (None, "1999-12-31", []),
])
def test_dates_keep_every_fact_whose_span_overlaps(store, since, until, expected):
    assert ids(store, since=since, until=until) == expected


def test_dated_only_leaves_out_the_undated(store):
    assert ids(store, dated_only=True) == [i for i in FILE_ORDER if i != "t-005"]


@pytest.mark.parametrize(("key", "expected"), [
    ("file", FILE_ORDER),
    ("id", ["t-001", "t-002", "t-003", "t-004", "t-005", "t-006", "t-007"]),
    ("date", ["t-006", "t-001", "t-002", "t-003", "t-007", "t-004", "t-005"]),  # undated last
    ("credibility", ["t-001", "t-002", "t-007", "t-003", "t-004", "t-005", "t-006"]),  # ties keep file order
])
def test_sorts(store, key, expected):
    assert ids(store, sort=key) == expected


def test_limit_applies_after_sorting(store):
    assert ids(store, sort="credibility", limit=2) == ["t-001", "t-002"]
    assert ids(store, limit=0) == []


def test_filters_combine_with_and(store):
    assert ids(store, any_themes=("security", "economy"), stances=("asserted",), since="2001",
               sort="date") == ["t-001", "t-007"]


@pytest.mark.parametrize(("date", "span"), [
    ("2001", ("2001-01-01", "2001-12-31")),
    ("2001-02", ("2001-02-01", "2001-02-31")),  # compared as text: the 31st of any month ends it
    ("2001-05-03", ("2001-05-03", "2001-05-03")),
])
def test_partial_dates_cover_their_whole_span(date, span):
    assert date_range(date) == span
