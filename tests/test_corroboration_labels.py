"""The hand labels that `benchmarks/corroborate.py` measures by stay true to what they label.

Each `tests/corroboration/SOURCE.labels.X.json` was written by one labeller: every sentence of SOURCE, as
the tool splits it, with the facts it supports, differs from or touches on. SOURCE is a shipped source
(labelled blind by two labellers) or `fourth-article`, written for the tests (labelled by its author, `a`,
and blind by another, `b`). If the sentence splitter, a capture or a fact id changes, the labels would
quietly measure something else; these tests fail instead.
"""
from __future__ import annotations

import json

import pytest
from conftest import ROOT, SHIPPED

from alliance_cli.factbase.captures import Capture, Finder
from alliance_cli.factbase.loading import parse
from alliance_cli.factbase.store import cited_sources

OURS = ROOT / "tests" / "corroboration"
LABELS = sorted(OURS.glob("*.labels.*.json"))
RELATIONS = ("supports", "differs", "related")


@pytest.fixture(scope="module")
def shipped():
    store = parse(str(SHIPPED), SHIPPED.read_bytes())
    return store, Finder(store, str(SHIPPED))


def test_each_labelled_article_has_two_labellers():
    sources = [path.name.split(".labels.")[0] for path in LABELS]
    assert sorted(sources) == ["fourth-article"] * 2 + ["inside-the-pact"] * 2 + ["putins-promise"] * 2


def _capture(source: str, finder: Finder | None):
    path = OURS / f"{source}.txt"
    if path.exists():  # written for the tests: not a source of the shipped base
        return Capture(source, path, path.read_text(encoding="utf-8"), "", "")
    assert finder is not None
    return finder.load(source)


@pytest.mark.parametrize("path", LABELS, ids=lambda p: p.name)
def test_every_sentence_is_labelled_in_order_with_its_exact_text(path, shipped):
    _, finder = shipped
    capture = _capture(path.name.split(".labels.")[0], finder)
    rows = json.loads(path.read_text(encoding="utf-8"))
    texts = [capture.text[s.start:s.end] for s in capture.sentences]
    assert [row["n"] for row in rows] == list(range(len(texts)))
    assert [row["text"] for row in rows] == texts


@pytest.mark.parametrize("path", LABELS, ids=lambda p: p.name)
def test_a_labelled_fact_exists_and_cites_another_source_so_the_benchmark_keeps_it(path, shipped):
    store, _ = shipped
    source = path.name.split(".labels.")[0]
    for row in json.loads(path.read_text(encoding="utf-8")):
        named = [fact for relation in RELATIONS for fact in row[relation]]
        assert len(named) == len(set(named)), f"sentence {row['n']} gives a fact two relations"
        for fact in named:
            assert fact in store.ids, f"sentence {row['n']}: no fact {fact}"
            others = set(cited_sources(store.fact(store.ids.index(fact)))) - {source}
            assert others, f"sentence {row['n']}: {fact} cites only {source}, which the benchmark drops"


def test_the_third_articles_labels_cover_its_sentences_in_order_and_name_existing_facts(shipped):
    """The older, one-labeller format: each sentence with its facts and one relation."""
    store, _ = shipped
    capture = _capture("third-article", None)  # written for the tests: read from tests/corroboration
    rows = json.loads((OURS / "third-article.labels.json").read_text(encoding="utf-8"))["sentences"]
    assert [row["text"] for row in rows] == [capture.text[s.start:s.end] for s in capture.sentences]
    for row in rows:
        assert row["relation"] in ("supports", "differs", "new")
        assert bool(row["facts"]) == (row["relation"] != "new"), row["text"]
        assert all(fact in store.ids for fact in row["facts"]), row["text"]
