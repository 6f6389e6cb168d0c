"""Reading claims in their articles: captures found through `captures:`, `show --context`, `read`, `coverage`,
and `--format annotations`."""
from __future__ import annotations

import ast
import copy
import functools
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SHARED_SOURCES, SHIPPED, dump_yaml

from alliance_cli.cli.app import main
from alliance_cli.environment import Environment
from alliance_cli.factbase import parsing
from alliance_cli.factbase.captures import Capture, blocks_of, is_heading, normal_form, sentence_spans
from alliance_cli.factbase.parsing import parse, read_bytes

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
    path.write_text(dump_yaml(base), encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path) -> Path:
    return small_base(tmp_path / "base")


@functools.cache
def _shipped() -> dict:
    store = parse(str(SHIPPED), read_bytes(str(SHIPPED)))  # libyaml: faster than conftest's `shipped`
    return {"captures": store.captures[0], "sources": store.sources, "entities": store.entities,
            "facts": store.facts}


def shipped_base() -> dict:
    """The shipped fact base as data, a copy for each caller to change."""
    return copy.deepcopy(_shipped())


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

def test_the_captures_are_the_articles_the_fact_base_cites_and_those_beside_the_checkout(captures):
    """`captures/` holds each source's capture, as its sha256 says; where `../shared/sources` stands beside
    the checkout (in CI, always), it holds the same files, byte for byte."""

    sources = shipped_base()["sources"]
    assert sorted(p.name for p in captures.iterdir()) == sorted(s["file"] for s in sources)
    for source in sources:
        data = (captures / source["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == source["sha256"], source["id"]
    if SHARED_SOURCES.is_dir():  # .ci/run checks that it is there
        assert sorted(p.name for p in SHARED_SOURCES.iterdir()) == sorted(p.name for p in captures.iterdir())
        for path in captures.iterdir():
            assert (SHARED_SOURCES / path.name).read_bytes() == path.read_bytes(), path.name


def test_shipped_fact_base_names_its_captures_folder():
    assert shipped_base()["captures"] == "captures"


def test_verify_finds_captures_through_the_key_without_sources(run):
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


def test_a_fact_base_without_the_key_falls_back_to_shipped_captures_only_with_the_recorded_sha256(run, write_base):
    shipped = shipped_base()
    del shipped["captures"]
    path = write_base(shipped)
    assert run("verify", "--file", path).code == 0
    shipped["sources"][0]["sha256"] = "1" * 64
    result = run("verify", "--file", write_base(shipped))
    assert result.code == 4
    assert result.error_lines[0].startswith("source inside-the-pact: capture 'inside-the-russia-iran-pact.txt' "
                                            "not found; looked in ")


# --- show --context -------------------------------------------------------------------------------------------------

def test_missing_captures_say_where_alliance_looked_and_how_to_point_at_them(run, small):
    shutil.rmtree(small.parent / "texts")
    result = run("show", "economy-001", "--context", "--file", small)
    assert result.code == 3
    shipped_captures = ROOT / "captures"
    assert result.error_lines == [
        f"alliance: error: source small: capture 'small.txt' not found; looked in {small.parent / 'texts'} "
        f"('captures: texts' in {small}); {shipped_captures} (the captures shipped with alliance). Point at the "
        f"folder holding it with 'captures: FOLDER' in {small} (relative to that file) or with --sources DIR"]


def test_show_context_puts_each_quote_in_its_sentences_under_its_heading(run, small):
    result = run("show", "economy-001", "--context", "--file", small)
    assert result.code == 0, result.stderr
    assert result.stdout == (
        "economy-001\n"
        "Statement of economy-001.\n"
        "\n"
        "[1] The Small Article (source small)\n"
        "    The Small Article\n"
        "    small.txt, line 2, column 18, characters 35–94\n"
        "    Trade grew fast. «The pact was signed in 2001 under Khatami and renewed later». Officials call it a "
        "“roadmap” – nothing more.\n")


def test_show_context_n_sentences_stay_within_the_section(run, small):
    result = run("show", "sanctions-001", "--context", "5", "--file", small)
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines()[6] == ("    Sanctions bite hard. «Both partners trade in roubles and rials». "
                                             "Nobody knows the totals.")
    zero = run("show", "sanctions-001", "--context", "0", "--file", small)
    assert zero.stdout.splitlines()[6] == "    «Both partners trade in roubles and rials»."
    lines = zero.stdout.splitlines()
    assert lines[8:12] == ["[disagreement: How hard the sanctions bite] small says: Hard.",
                           "    Money Matters",
                           "    small.txt, line 6, column 1, characters 157–176",
                           "    «Sanctions bite hard»."]


def test_show_context_highlights_the_quote_on_a_terminal(run, small):
    result = run("show", "economy-001", "--context", "--file", small, tty=True, color=True, width=200)
    assert ("Trade grew fast. \x1b[1;30;43mThe pact was signed in 2001 under Khatami and renewed later\x1b[0m. "
            "Officials call it a “roadmap” – nothing more.") in result.stdout
    assert "«" not in result.stdout


def test_show_context_json_gives_positions_and_context(run, small):
    shown = run("show", "economy-001", "--context", "--json", "--file", small).json()
    assert shown == {"id": "economy-001", "statement": "Statement of economy-001.", "quotes": [{
        "role": "evidence", "number": 1, "source": "small", "section": "The Small Article",
        "quote": "The pact was signed in 2001 under Khatami and renewed later", "found": True,
        "found_in_section": "The Small Article", "start": 35, "end": 94, "line": 2, "column": 18,
        "exact": "The pact was signed in 2001 under Khatami and renewed\nlater",
        "context": {"start": 18, "end": 141, "text": "Trade grew fast. The pact was signed in 2001 under Khatami "
                    "and renewed\nlater. Officials call it a “roadmap” – nothing more."}}]}


def test_show_context_rejects_a_count_that_is_not_a_number(run, small):
    result = run("show", "economy-001", "--context=many", "--file", small)
    assert (result.code, result.error_lines) == (2, ["alliance: error: --context takes a number of sentences "
                                                     "(0 or more), not 'many'"])


def test_show_context_on_a_changed_capture_warns_and_fails_for_the_missing_quote(run, small):
    capture = small.parent / "texts" / "small.txt"
    capture.write_text(ARTICLE.replace("under Khatami", "under Rouhani"), encoding="utf-8")
    result = run("show", "economy-001", "--context", "--file", small)
    assert result.code == 4
    assert result.error_lines[0].startswith(f"warning: source small: {capture} has sha256 ")
    assert result.error_lines[1] == (f"economy-001: source small: quote not found in {capture} “The pact was signed "
                                     "in 2001 under Khatami and renewed later”")
    assert f"not found in {capture}" in result.stdout


def test_show_context_of_every_shipped_fact_finds_every_quote(run):
    ids = [f["id"] for f in shipped_base()["facts"]]
    result = run("show", *ids, "--context", "--json")
    assert result.code == 0, result.stderr
    assert all(q["found"] for f in result.json() for q in f["quotes"])


# --- read and coverage ----------------------------------------------------------------------------------------------

def test_read_marks_cited_passages_with_the_citing_ids(run, small):
    result = run("read", "SMALL", "--file", small)
    assert result.code == 0, result.stderr
    assert result.stdout == (
        "The Small Article\n"
        f"source small · {small.parent / 'texts' / 'small.txt'}\n"
        "4 of 6 sentences (67%) and 68% of the characters are cited by 2 facts\n"
        "\n"
        "The Small Article\n"
        "\n"
        "Trade grew fast. «The pact was signed in 2001 under Khatami and renewed later» [economy-001]. Officials "
        "call it a “roadmap” – nothing more.\n"
        "\n"
        "Money Matters\n"
        "\n"
        "«Sanctions bite hard» [sanctions-001]. «Both partners trade in roubles and rials» [sanctions-001]. "
        "«Nobody knows the totals» [sanctions-001].\n")


def test_read_highlights_on_a_terminal(run, small):
    result = run("read", "small", "--file", small, tty=True, color=True, width=200)
    assert ("\x1b[1;30;43mThe pact was signed in 2001 under Khatami and renewed later\x1b[0m\x1b[36m [economy-001]"
            in result.stdout)


def test_read_uncovered_lists_only_what_no_fact_cites(run, small):
    result = run("read", "small", "--uncovered", "--file", small)
    assert result.stdout.splitlines()[3:] == ["", "The Small Article", "line 2: Trade grew fast.",
                                              "line 3: Officials call it a “roadmap” – nothing more."]


def test_read_pages_a_long_article_on_a_terminal(small, tmp_path, run):
    paged = tmp_path / "paged.txt"
    out, err = io.BytesIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, stdout_isatty=True, color=False, width=100, height=5,
                      pager=f"cat > '{paged}'", variables=run.variables)
    assert main(["read", "small", "--file", str(small)], env=env) == 0, err.getvalue()
    assert out.getvalue() == b""
    assert paged.read_text(encoding="utf-8").startswith("The Small Article\nsource small ·")  # then the path


def test_read_names_an_unknown_source_with_a_suggestion(run, small):
    result = run("read", "smal", "--file", small)
    assert (result.code, result.error_lines) == (2, ["alliance: error: SOURCE: no source named 'smal' (did you "
                                                     "mean 'small'?); 'alliance sources' lists them"])


def test_read_shows_hostile_capture_text_literally(run, tmp_path):
    base = small_base(tmp_path, ARTICLE.replace("Trade grew fast.", "Trade [bold]grew[/bold] :smile: \x1b[31mfast."))
    result = run("read", "small", "--file", base, tty=True, color=True, width=200)
    assert "Trade [bold]grew[/bold] :smile: \\x1b[31mfast." in result.stdout
    assert "\x1b[31m" not in result.stdout


def test_read_of_a_shipped_article_names_every_fact_citing_it(run):
    shipped = shipped_base()
    result = run("read", "putins-promise")
    assert result.code == 0, result.stderr
    citing = {f["id"] for f in shipped["facts"]
              if any(e["source"] == "putins-promise" for e in f["evidence"])
              or any(a["source"] == "putins-promise" for d in f.get("disagreements") or [] for a in d["accounts"])}
    assert citing and all(fact_id in result.stdout for fact_id in citing)
    assert result.stdout.splitlines()[2].endswith(f"are cited by {len(citing)} facts")
    assert " of 61 sentences " in result.stdout.splitlines()[2]


def test_coverage_table(run, small):
    result = run("coverage", "--file", small)
    assert result.code == 0, result.stderr
    assert result.stdout == (
        "Coverage: the share of each capture that facts cite\n"
        "╭────────┬─────────────────┬──────────────────┬─────────────────────╮\n"
        "│ source │ sentences cited │ characters cited │ uncovered sentences │\n"
        "├────────┼─────────────────┼──────────────────┼─────────────────────┤\n"
        "│ small  │ 4 of 6 (67%)    │ 120 of 176 (68%) │ 2                   │\n"
        "╰────────┴─────────────────┴──────────────────┴─────────────────────╯\n"
        "\n"
        "Uncovered in small\n"
        "The Small Article\n"
        "  line 2: Trade grew fast.\n"
        "  line 3: Officials call it a “roadmap” – nothing more.\n")


def test_coverage_json(run, small):
    rows = run("coverage", "small", "--json", "--file", small).json()
    assert rows == [{
        "source": "small", "file": str(small.parent / "texts" / "small.txt"), "sentences": 6, "cited_sentences": 4,
        "sentence_share": 0.6667, "characters": 176, "cited_characters": 120, "character_share": 0.6818,
        "uncovered": [
            {"section": "The Small Article", "line": 2, "start": 18, "end": 34, "text": "Trade grew fast."},
            {"section": "The Small Article", "line": 3, "start": 96, "end": 141,
             "text": "Officials call it a “roadmap” – nothing more."}],
        "quotes_not_found": []}]
    running_text = [line for line in ARTICLE.splitlines() if line not in ("The Small Article", "Money Matters")]
    assert rows[0]["characters"] == sum(not c.isspace() for c in "".join(running_text))


def test_coverage_of_the_shipped_captures(run):
    rows = run("coverage", "--json").json()
    assert [(r["source"], r["sentences"]) for r in rows] == [("inside-the-pact", 52), ("putins-promise", 61)]
    assert all(r["quotes_not_found"] == [] and 0 < r["cited_sentences"] <= r["sentences"] for r in rows)


# --- --format annotations -------------------------------------------------------------------------------------------

def texts_by_target(shipped_base: dict, folder: Path) -> dict[str, str]:
    return {f"urn:hash::sha256:{s['sha256']}": (folder / s["file"]).read_text(encoding="utf-8")
            for s in shipped_base["sources"]}


def test_every_annotation_position_slices_the_capture_to_exactly_the_quote(run):
    shipped = shipped_base()
    collection = run("facts", "--format", "annotations").json()
    texts = texts_by_target(shipped, ROOT / "captures")
    items = collection["first"]["items"]
    quotes = [e["quote"] for f in shipped["facts"] for e in f["evidence"]] + [
        a["quote"] for f in shipped["facts"] for d in f.get("disagreements") or [] for a in d["accounts"]]
    assert collection["total"] == len(items) == len(quotes)
    for item in items:
        text = texts[item["target"]["source"]]
        quote, position = item["target"]["selector"]
        exact = text[position["start"]:position["end"]]
        assert exact == quote["exact"]
        assert " ".join(exact.split()) in quotes  # the quote, with verify's rule for white space
        assert text[:position["start"]].endswith(quote["prefix"]) and text[position["end"]:].startswith(quote["suffix"])


def test_annotations_of_a_small_base(run, small):
    collection = run("facts", "--theme", "economy", "--format", "annotations", "--file", small).json()
    digest = hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()
    assert {k: v for k, v in collection.items() if k not in ("id", "first")} == {
        "@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
        "label": "alliance: 1 quote of 1 fact (theme: economy)", "total": 1}
    assert collection["first"]["items"] == [{
        "id": "urn:alliance:fact:economy-001:evidence:1", "type": "Annotation", "motivation": "describing",
        "body": [{"type": "TextualBody", "purpose": "describing", "format": "text/plain",
                  "value": "Statement of economy-001."},
                 {"type": "TextualBody", "purpose": "tagging", "value": "economy"}],
        "target": {"source": f"urn:hash::sha256:{digest}", "selector": [
            {"type": "TextQuoteSelector", "exact": "The pact was signed in 2001 under Khatami and renewed\nlater",
             "prefix": " Small Article\nTrade grew fast. ", "suffix": ". Officials call it a “roadmap” "},
            {"type": "TextPositionSelector", "start": 35, "end": 94}]}}]


def test_annotations_refuse_a_capture_that_is_not_the_recorded_one(run, small):
    (small.parent / "texts" / "small.txt").write_text(ARTICLE + "More.\n", encoding="utf-8")
    result = run("facts", "--format", "annotations", "--file", small)
    assert result.code == 4 and result.stdout == ""
    assert "positions into it would not point into the recorded capture" in result.error_lines[0]


def test_annotations_are_for_facts_only(run):
    result = run("themes", "--format", "annotations")
    assert (result.code, result.error_lines) == (2, ["alliance: error: this command writes table, json, jsonl, csv, "
                                                     "spreadsheet, yaml, markdown, not annotations; it exports facts: 'alliance "
                                                     "facts --format annotations'"])


def test_annotations_of_nothing_is_an_empty_collection(run, small):
    collection = run("facts", "--search", "penguin", "--format", "annotations", "--file", small).json()
    assert (collection["total"], "first" in collection) == (0, False)
    assert json.dumps(collection)  # valid JSON all the same



# --- the captures: every test reaches them through the fixture ---------------------------------------------

def test_every_test_reaches_the_captures_through_the_fixture():
    direct = [f"{path.name}:{node.lineno}" for path in sorted((ROOT / "tests").glob("test_*.py"))
              for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
              if isinstance(node, ast.ImportFrom) and node.module == "conftest"
              and any(alias.name == "CAPTURES" for alias in node.names)]
    assert direct == []


def test_the_size_limit_message_gives_both_sizes(run, tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:  # sparse: no disk used
        handle.truncate(parsing.MAX_BYTES * 3 + 12345)
    result = run("validate", path)
    assert result.error_lines == [f"{path}: the file is 3,221,237,817 bytes, over the limit of 1,073,741,824 bytes "
                                  "(1 GiB) for a fact base file"]
