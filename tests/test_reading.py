"""Reading claims in their articles: the captures, found through the fact base's `captures:` folder."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SHIPPED, SOURCES

from alliance_cli.factbase.captures import Capture, blocks_of, is_heading, normal_form, sentence_spans
from alliance_cli.factbase.loading import parse, read_bytes

ARTICLE = """The Small Article
Trade grew fast. The pact was signed in 2001 under Khatami and renewed
later. Officials call it a “roadmap” – nothing more.

Money Matters
Sanctions bite hard. Both partners trade in roubles and rials. Nobody knows the totals.
"""


def fact(fact_id: str, quote: str, section: str, **more) -> dict:
    return {"id": fact_id, "statement": f"Statement of {fact_id}.", "themes": [fact_id.split("-")[0]],
            "actors": ["Iran"], "attributed_to": "the article", "stance": "asserted", "credibility": 3,
            "credibility_rationale": "One source.", "evidence": [{"source": "small", "section": section,
                                                                  "quote": quote}], **more}


def small_base(folder: Path, article: str = ARTICLE, captures: str | None = "texts") -> Path:
    """A fact base in `folder` citing one capture, kept in `folder/texts` (its `captures:` folder)."""
    texts = folder / "texts"
    texts.mkdir(parents=True, exist_ok=True)
    (texts / "small.txt").write_text(article, encoding="utf-8")
    digest = hashlib.sha256(article.encode("utf-8")).hexdigest()
    disagreement = {"point": "How hard the sanctions bite", "accounts": [
        {"source": "small", "says": "Hard.", "quote": "Sanctions bite hard"},
        {"source": "small", "says": "Nobody knows.", "quote": "Nobody knows the totals"}]}
    base = {
        "sources": [{"id": "small", "title": "The Small Article", "site": "A site", "kind": "web article",
                     "file": "small.txt", "sha256": digest, "reliability": "F",
                     "reliability_rationale": "No basis."}],
        "entities": [{"name": "Iran", "kind": "country"}],
        "facts": [fact("economy-001", "The pact was signed in 2001 under Khatami and renewed later",
                       "The Small Article"),
                  fact("sanctions-001", "Both partners trade in roubles and rials", "Money Matters",
                       disagreements=[disagreement])],
    }
    if captures is not None:
        base = {"captures": captures, **base}
    path = folder / "facts.yaml"
    path.write_text(yaml.safe_dump(base, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path) -> Path:
    return small_base(tmp_path / "base")


# --- the structure of a capture -------------------------------------------------------------------------------------

def test_headings_paragraphs_and_sentences_of_a_capture():
    capture = Capture("small", Path("small.txt"), ARTICLE, "", "")
    shown = [(b.heading, ARTICLE[b.start:b.end], b.section) for b in capture.blocks]
    assert shown == [
        (True, "The Small Article", "The Small Article"),
        (False, "Trade grew fast. The pact was signed in 2001 under Khatami and renewed\nlater. Officials call it a "
                "“roadmap” – nothing more.", "The Small Article"),
        (True, "Money Matters", "Money Matters"),
        (False, "Sanctions bite hard. Both partners trade in roubles and rials. Nobody knows the totals.",
         "Money Matters"),
    ]
    assert [ARTICLE[s.start:s.end] for s in capture.sentences] == [
        "Trade grew fast.", "The pact was signed in 2001 under Khatami and renewed\nlater.",
        "Officials call it a “roadmap” – nothing more.", "Sanctions bite hard.",
        "Both partners trade in roubles and rials.", "Nobody knows the totals."]
    assert capture.section_at(0) == "The Small Article" and capture.section_at(len(ARTICLE) - 2) == "Money Matters"


@pytest.mark.parametrize(("line", "heading"), [
    ("Unequal Partners? Dynamics and Divergences in the Russland-Iran Bündnis", True),
    ("Navigating the Dynamics: An Alliance of Convenience or Conviction?", True),
    ("Russia & Iran: Unequal Allies Shaping a New Global Order.", False),  # a link's text, ending a sentence
    ("russland iran bündnis thus serves as a critical pillar", False),  # a wrapped line of running text
    ("T", False),
    ("This contemporary framework builds upon a robust foundation established decades ago and more and more, "
     "running on past one hundred and fifty characters without a stop", False),
])
def test_what_counts_as_a_heading(line, heading):
    assert is_heading(line) is heading


def test_sentences_end_at_stops_before_capitals_or_quotes_but_not_after_abbreviations():
    text = 'He said "no." Then U.S. officials left. The U.S. and Iran met. Dr. Smith came! Did he? "Yes."'
    assert [text[s:e] for s, e in sentence_spans(text, 0, len(text))] == [
        'He said "no."', "Then U.S. officials left.", "The U.S. and Iran met.", "Dr. Smith came!", "Did he?",
        '"Yes."']


def test_positions_of_the_verify_rule_map_back_to_the_capture():
    text = "a  b\n\nce\u0301 d"  # e + combining acute: NFC makes one character of the two
    key, starts, ends = normal_form(text)
    assert key == "a b c\u00e9 d"
    assert [text[start:end] for start, end in zip(starts, ends, strict=True)] == [
        "a", "  ", "b", "\n\n", "c", "e\u0301", " ", "d"]


def test_every_shipped_quote_stands_under_the_heading_its_evidence_names():
    from alliance_cli.factbase.captures import Finder

    store = parse(str(SHIPPED), read_bytes(str(SHIPPED)))
    finder = Finder(store, str(SHIPPED))
    for ordinal in range(len(store)):
        fact = store.fact(ordinal)
        for evidence in fact["evidence"]:
            spans = finder.load(evidence["source"]).find_verbatim(evidence["quote"])
            assert evidence["section"] in {s.section for s in spans}, (fact["id"], evidence["quote"])
        for disagreement in fact.get("disagreements") or []:
            for account in disagreement["accounts"]:
                assert finder.load(account["source"]).find_verbatim(account["quote"]), (fact["id"], account["quote"])


def test_shipped_captures_have_the_expected_headings():
    blocks = blocks_of((ROOT / "captures" / "inside-the-russia-iran-pact.txt").read_text(encoding="utf-8"))
    assert [b.section for b in blocks if b.heading] == [
        "Inside the Russia-Iran Pact: Security, Sanctions & Secret Deals",
        "Forging a New Eastern Axis: The Russia-Iran Strategic Imperative",
        "Beyond Mutual Defense: Understanding the Security Dimensions of the Pact",
        "Sanctions and Survival: The Economic Underpinnings of the Alliance",
        "Unequal Partners? Dynamics and Divergences in the Russland-Iran Bündnis"]


# --- where the captures are -----------------------------------------------------------------------------------------

@pytest.mark.skipif(not SOURCES.is_dir(), reason="needs ../shared/sources beside the checkout")
def test_shipped_copies_are_the_captured_articles_byte_for_byte():
    shipped = sorted(p.name for p in (ROOT / "captures").iterdir())
    assert shipped == sorted(p.name for p in SOURCES.iterdir())
    for name in shipped:
        assert (ROOT / "captures" / name).read_bytes() == (SOURCES / name).read_bytes(), name


def test_shipped_fact_base_names_its_captures_folder(shipped):
    assert shipped["captures"] == "captures"


def test_verify_finds_captures_through_the_key_without_sources(run, shipped):
    result = run("verify")
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("verified: ") and result.stdout.endswith(" in 2 sources, and every sha256 matches\n")


def test_captures_key_is_relative_to_the_fact_base_file(run, small, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not the fact base's folder
    assert run("verify", "--file", small).stdout == "verified: 4 quotes found verbatim in 1 sources, and every sha256 matches\n"


def test_sources_option_overrides_the_key(run, small, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run("verify", "--file", small, "--sources", elsewhere)
    assert result.code == 4
    assert result.error_lines[0] == f"source small: {elsewhere / 'small.txt'}: no such file"


def test_a_fact_base_without_the_key_falls_back_to_shipped_captures_only_with_the_recorded_sha256(run, tmp_path,
                                                                                                  write_base, shipped):
    del shipped["captures"]
    path = write_base(shipped)
    assert run("verify", "--file", path).code == 0
    shipped["sources"][0]["sha256"] = "1" * 64
    result = run("verify", "--file", write_base(shipped))
    assert result.code == 4
    assert result.error_lines[0].startswith("source inside-the-pact: capture 'inside-the-russia-iran-pact.txt' "
                                            "not found; looked in ")
