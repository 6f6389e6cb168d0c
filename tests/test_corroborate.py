"""`corroborate`, `evidence add` and `disagreement add`: what they find, what they write, and every refusal."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHIPPED

from alliance_cli.errors import FactBaseError
from alliance_cli.factbase import evidence_editing
from alliance_cli.factbase.loading import parse

FRICTION = "indicate that the partnership can encounter friction"


# The evidence that issue 25's audit found missing, as the shipped file now holds it; the tests work on the
# base as it was before, so that what corroborate finds and evidence add writes can be checked.
AUDITED = (
    "  - source: putins-promise\n    section: 'Beyond Diplomacy: Security, Defense, and Covert Collaboration'\n"
    "    quote: Past instances, such as criticisms from Iranian Revolutionary Guard Corps commanders\n"
    "  - source: putins-promise\n    section: 'Beyond Diplomacy: Security, Defense, and Covert Collaboration'\n"
    "    quote: indicate that the partnership can encounter friction\n",
    "  - source: inside-the-pact\n    section: Unequal Partners? Dynamics and Divergences in the Russland-Iran Bündnis\n"
    "    quote: While the partnership offers undeniable benefits to both Moscow and Tehran, it is also characterized by "
    "inherent power imbalances and occasional divergences in national interests\n",
)


@pytest.fixture(scope="module")
def before_audit(tmp_path_factory) -> Path:
    """The shipped fact base without the evidence the audit added, with its captures beside it."""
    folder = tmp_path_factory.mktemp("before-audit")
    text = SHIPPED.read_text(encoding="utf-8")
    for block in AUDITED:
        assert block in text, "the shipped base no longer holds this evidence as the test expects"
        text = text.replace(block, "", 1)
    (folder / "facts.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "captures", folder / "captures")
    return folder / "facts.yaml"


@pytest.fixture
def base(tmp_path, before_audit) -> Path:
    """A copy of that fact base, with its captures, that a test may edit."""
    shutil.copy(before_audit, tmp_path / "facts.yaml")
    shutil.copytree(ROOT / "captures", tmp_path / "captures")
    return tmp_path / "facts.yaml"


@pytest.fixture(scope="module")
def putins_rows(tmp_path_factory, before_audit) -> list[dict]:
    """`corroborate putins-promise --json` on the base before the audit, run once for the tests that read it."""
    from conftest import Runner

    result = Runner(tmp_path_factory.mktemp("cache"))("corroborate", "putins-promise", "--json", "--file", before_audit)
    assert result.code == 0, result.stderr
    return result.json()


def _sentence(rows: list[dict], words: str) -> dict:
    return next(row for row in rows if words in row["sentence"]["text"])


# --- corroborate ------------------------------------------------------------------------------------------

def test_json_is_one_object_per_sentence_in_order_with_offsets_into_the_capture(putins_rows):
    rows = putins_rows
    text = (ROOT / "captures" / "putins-promise.txt").read_text(encoding="utf-8")
    starts = [row["sentence"]["start"] for row in rows]
    assert starts == sorted(starts) and len(rows) > 50
    for row in rows:
        sentence = row["sentence"]
        assert set(sentence) == {"text", "section", "start", "end"} and set(row) == {"sentence", "cited_by", "candidates"}
        assert text[sentence["start"]:sentence["end"]] == sentence["text"]
        scores = [c["score"] for c in row["candidates"]]
        assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
        for candidate in row["candidates"]:
            assert set(candidate) == {"fact", "relation", "score", "why"}
            assert candidate["relation"] in ("supports", "differs", "related") and candidate["why"]
            assert candidate["fact"] not in row["cited_by"]


def test_the_missing_citation_of_the_issue_is_among_the_top_three(putins_rows):
    friction = _sentence(putins_rows, FRICTION)
    assert "divergence-008" in friction["cited_by"]  # it already cites the sentence, so it is left out
    assert "divergence-007" in [c["fact"] for c in friction["candidates"][:3]]


def test_the_other_missing_citation_of_the_issue_is_among_the_top_three(run, before_audit):
    rows = run("corroborate", "inside-the-pact", "--json", "--file", before_audit).json()
    benefits = _sentence(rows, "While the partnership offers undeniable benefits to both Moscow and Tehran")
    assert "divergence-013" in [c["fact"] for c in benefits["candidates"][:3]]


def test_a_fact_citing_a_sentence_is_left_out_of_its_candidates(run):
    rows = run("corroborate", "putins-promise", "--json").json()  # the shipped base: divergence-007 cites it now
    friction = _sentence(rows, FRICTION)
    assert {"divergence-007", "divergence-008"} <= set(friction["cited_by"])
    assert not {"divergence-007", "divergence-008"} & {c["fact"] for c in friction["candidates"]}


def test_a_sentence_restating_a_claim_supports_it_and_a_different_year_differs(run, tmp_path):
    folder = tmp_path / "captures"
    folder.mkdir()
    shutil.copy(ROOT / "tests" / "corroboration" / "third-article.txt", folder)
    base = tmp_path / "facts.yaml"
    shutil.copy(SHIPPED, base)
    assert run("sources", "add", folder / "third-article.txt", "--id", "third-article", "--title", "Third",
               "--file", base).code == 0
    rows = run("corroborate", "third-article", "--json", "--file", base).json()
    drones = _sentence(rows, "Tehran has sent attack drones")["candidates"][0]
    assert (drones["fact"], drones["relation"]) == ("security-023", "supports")
    year = next(c for c in _sentence(rows, "was signed in 2005")["candidates"][:3] if c["fact"] == "security-015")
    assert year["relation"] == "differs" and "year 2005 where the fact has 2001" in year["why"]
    assert _sentence(rows, "Bad weather delayed")["candidates"] == []


def test_filters_and_min_score_narrow_the_facts_compared(run, shipped_once, putins_rows):
    rows = run("corroborate", "putins-promise", "--json", "--theme", "divergence").json()
    found = {c["fact"] for row in rows for c in row["candidates"]}
    divergence = {f["id"] for f in shipped_once["facts"] if "divergence" in f["themes"]}
    assert found and found <= divergence
    strict = run("corroborate", "putins-promise", "--json", "--min-score", "0.5").json()
    assert all(c["score"] >= 0.5 for row in strict for c in row["candidates"])
    assert sum(len(r["candidates"]) for r in strict) < sum(len(r["candidates"]) for r in putins_rows)


def test_the_table_shows_sections_sentences_and_at_most_three_candidates(run, before_audit):
    result = run("corroborate", "putins-promise", "--file", before_audit, width=100)
    assert result.code == 0
    assert "Beyond Diplomacy: Security, Defense, and Covert Collaboration" in result.stdout
    assert "divergence-007" in result.stdout and "why: " in result.stdout
    assert "cited by divergence-008" in result.stdout


def test_a_sentence_matching_no_fact_is_not_called_new_information(run, before_audit):
    """The matcher compares words: a claim restated in other words finds no fact too, so the table says
    both readings (it once printed "new: no fact above the threshold", and counted such sentences "new")."""
    result = run("corroborate", "putins-promise", "--file", before_audit, width=200)
    head = result.stdout.splitlines()[0]
    assert head.startswith("putins-promise: 61 sentences; ") and head.endswith(" match none")
    block = result.stdout.split("line 1: ← Back to Home\n")[1].splitlines()[0]
    assert block == "    no fact above the threshold: new information, or a known claim in other words"


@pytest.mark.parametrize(("args", "code", "message"), [
    (("corroborate", "putins-promis"), 2, "no source named 'putins-promis' (did you mean 'putins-promise'?)"),
    (("corroborate", "putins-promise", "--min-score", "high"), 2, "--min-score 'high' is not a score"),
    (("corroborate", "putins-promise", "--min-score", "1.5"), 2, "give a number from 0 to 1"),
    (("corroborate", "putins-promise", "--theme", "sanction"), 2, "did you mean 'sanctions'"),
    (("corroborate", "putins-promise", "--actor", "Putn"), 2, "did you mean 'Vladimir Putin'"),
])
def test_bad_input_is_one_line_and_an_exit_code(run, args, code, message):
    result = run(*args)
    assert result.code == code
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_missing_or_changed_capture_stops_it(run, base):
    capture = base.parent / "captures" / "putins-promise.txt"
    capture.write_text(capture.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    changed = run("corroborate", "putins-promise", "--file", base)
    assert changed.code == 3 and "the capture has changed" in changed.stderr
    assert run("evidence", "add", "divergence-007", "putins-promise", FRICTION, "--file", base).code == 3
    capture.unlink()
    missing = run("corroborate", "putins-promise", "--file", base, "--sources", base.parent / "captures")
    assert missing.code == 3 and "no such file" in missing.stderr


def test_the_main_job_does_not_import_the_ranking(tmp_path):
    probe = ("import sys\nfrom alliance_cli.cli.entry import main\n"
             "sys.argv = ['alliance', 'facts', '--theme', 'sanctions', '--json']\nassert main() == 0\n"
             "print(sorted(m for m in sys.modules if 'corroborat' in m or m.startswith('rapidfuzz')), file=sys.stderr)\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "[]"


def test_the_index_is_cached_and_reanalyses_only_changed_facts(tmp_path, monkeypatch):
    from alliance_cli.factbase.store import FactBase
    from alliance_cli.query import corroboration, corroboration_cache

    store = parse(str(SHIPPED), SHIPPED.read_bytes())
    variables = {"XDG_CACHE_HOME": str(tmp_path)}
    first = corroboration_cache.index_for(store, variables)
    analysed = []
    original = corroboration.profile
    monkeypatch.setattr(corroboration_cache, "profile", lambda a, f: analysed.append(f["id"]) or original(a, f))
    again = corroboration_cache.index_for(store, variables)
    assert isinstance(again, corroboration_cache.StoredIndex) and analysed == []
    assert [again.profile(n) for n in range(len(store))] == first.profiles
    facts = list(store.facts)
    facts[3] = {**facts[3], "statement": "A statement changed by hand about drones and Caspian ports."}
    del facts[10]
    facts.append({**facts[0], "id": "security-999"})  # a new fact (its JSON differs from every stored one)
    edited = FactBase({"sources": store.sources, "entities": store.entities, "facts": facts})
    updated = corroboration_cache.index_for(edited, variables)
    assert analysed == [facts[3]["id"], "security-999"]  # the removed fact and the 95 others are not analysed
    fresh = corroboration.build_index(edited)
    assert isinstance(updated, corroboration_cache.StoredIndex)
    assert updated.passage_count == fresh.passage_count
    assert [updated.profile(n) for n in range(len(edited))] == fresh.profiles
    assert set(updated.terms()) == set(fresh._postings)
    assert all(list(updated.postings(k)) == fresh.postings(k) and updated.frequency(k) == fresh.frequency(k)
               for k in fresh._postings)


def test_an_index_updated_for_facts_in_another_order_equals_a_fresh_one(tmp_path):
    from alliance_cli.factbase.store import FactBase
    from alliance_cli.query import corroboration, corroboration_cache

    store = parse(str(SHIPPED), SHIPPED.read_bytes())
    variables = {"XDG_CACHE_HOME": str(tmp_path)}
    corroboration_cache.index_for(store, variables)
    edited = FactBase({"sources": store.sources, "entities": store.entities, "facts": store.facts[::-1]})
    updated = corroboration_cache.index_for(edited, variables)
    fresh = corroboration.build_index(edited)
    assert isinstance(updated, corroboration_cache.StoredIndex)
    assert all(list(updated.postings(k)) == fresh.postings(k) and updated.frequency(k) == fresh.frequency(k)
               for k in fresh._postings)


@pytest.mark.parametrize("edited", ["factbase/lint/words.py", "query/names.py", "text.py", "query/corroboration_words.py"])
def test_a_change_to_any_code_that_analyses_a_fact_names_another_index(tmp_path, monkeypatch, edited):
    """The index stores analyses (stems, stopwords, a name's spellings, folded text): code that changes
    them must not find an index analysed by the old code. Once, lint's word lists were not in the stamp."""
    from alliance_cli.query import corroboration_cache

    store = parse(str(SHIPPED), SHIPPED.read_bytes())
    variables = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    copy = tmp_path / "alliance_cli"
    shutil.copytree(corroboration_cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(corroboration_cache, "PACKAGE", str(copy))
    before = corroboration_cache._path(store, variables)
    with open(copy / edited, "a", encoding="utf-8") as handle:
        handle.write("\n# a stopword added, a stem changed\n")
    assert corroboration_cache._path(store, variables) != before


def test_a_link_to_nowhere_among_old_indexes_does_not_stop_their_pruning(tmp_path):
    from alliance_cli.query import corroboration_cache

    folder = tmp_path / "alliance"
    folder.mkdir()
    for n in range(corroboration_cache.KEEP + 3):
        (folder / f"corroboration-0-{n:020x}.index").write_bytes(b"old")
    (folder / f"corroboration-0-{99:020x}.index").symlink_to(tmp_path / "nowhere")
    store = parse(str(SHIPPED), SHIPPED.read_bytes())
    corroboration_cache.index_for(store, {"XDG_CACHE_HOME": str(tmp_path)})
    assert len(list(folder.glob("corroboration-*"))) == corroboration_cache.KEEP


def test_pruning_removes_only_what_alliance_made_when_the_cache_is_a_link_into_a_users_folder(run, tmp_path):
    """The cache folder may be a link into a folder of the user's own files (hostile tester 3): old
    `corroboration-*` notes and a hidden `.chapter.tmp` draft there once went with the stale indexes."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "alliance").symlink_to(notes)
    mine = [notes / f"corroboration-meeting-{n}.md" for n in range(12)] + [notes / ".chapter.tmp",
                                                                          notes / ".draft.v1.txt.tmp"]
    for path in mine:
        path.write_text("the user's\n", encoding="utf-8")
        os.utime(path, (1_000_000_000, 1_000_000_000))  # long ago: older than any clean-up's age
    stale = notes / f".corroboration-3-{0:020x}.index.abcd1234.tmp"  # a killed writer's, alliance's own
    stale.write_bytes(b"half")
    os.utime(stale, (1_000_000_000, 1_000_000_000))
    variables = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert run("corroborate", "putins-promise", "--json", variables=variables).code == 0
    assert all(path.read_text(encoding="utf-8") == "the user's\n" for path in mine)
    assert not stale.exists()


def test_a_damaged_index_file_is_rebuilt(tmp_path):
    from alliance_cli.query import corroboration_cache

    store = parse(str(SHIPPED), SHIPPED.read_bytes())
    variables = {"XDG_CACHE_HOME": str(tmp_path)}
    corroboration_cache.index_for(store, variables)
    [written] = (tmp_path / "alliance").glob("corroboration-*")
    written.write_bytes(b"{not json\n" + written.read_bytes()[:100])
    rebuilt = corroboration_cache.index_for(store, variables)
    assert not isinstance(rebuilt, corroboration_cache.StoredIndex) and len(rebuilt.profiles) == len(store)


# --- evidence add ---------------------------------------------------------------------------------------------

def test_evidence_add_inserts_the_quote_verbatim_and_keeps_every_other_byte(run, base):
    before = base.read_bytes()
    result = run("evidence", "add", "DIVERGENCE-007", "putins-promise", "the partnership can encounter Friction",
                 "--file", base)
    assert result.code == 0, result.stderr
    after = base.read_bytes()
    added = (b"  - source: putins-promise\n"
             b"    section: 'Beyond Diplomacy: Security, Defense, and Covert Collaboration'\n"
             b"    quote: the partnership can encounter friction\n")
    assert len(after) == len(before) + len(added) and after.replace(added, b"", 1) == before
    assert "credibility: stored 6; the rubric now computes 6" in result.stdout
    assert run("validate", base).code == 0 and run("verify", "--file", base).code == 0
    assert run("lint", "--file", base).code == 0


def test_evidence_add_reports_the_new_grade_and_the_command_that_sets_it(run, base):
    result = run("evidence", "add", "divergence-013", "inside-the-pact",
                 "While the partnership offers undeniable benefits to both Moscow and Tehran", "--file", base)
    assert result.code == 0, result.stderr
    assert "stored 6; the rubric now computes 2" in result.stdout
    assert "sed -i '" in result.stdout and "s/credibility: 6/credibility: 2/'" in result.stdout


def test_evidence_add_keeps_crlf_and_a_byte_order_mark(run, base):
    text = base.read_bytes().replace(b"\n", b"\r\n")
    base.write_bytes(b"\xef\xbb\xbf" + text)
    assert run("evidence", "add", "divergence-007", "putins-promise", FRICTION, "--file", base).code == 0
    after = base.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\n" not in after.replace(b"\r\n", b"")
    assert b"    quote: indicate that the partnership can encounter friction\r\n" in after


@pytest.mark.parametrize(("args", "code", "message"), [
    (("divergence-07", "putins-promise", FRICTION), 2, "no fact with id 'divergence-07' (did you mean 'divergence-007'?)"),
    (("divergence-007", "putin-promise", FRICTION), 2, "did you mean 'putins-promise'?"),
    (("divergence-007", "putins-promise", "the partnership will surely break apart soon"), 5,
     "the text is not in putins-promise; the closest passage"),
    (("divergence-008", "putins-promise", "alleged failure to provide crucial logistical support"), 2,
     "already cites these words of putins-promise"),
    (("divergence-007", "putins-promise", "Back to Home"), 3, "left unchanged: the change would not validate"),
])
def test_evidence_add_refuses_bad_input_and_leaves_the_file_unchanged(run, base, args, code, message):
    before = base.read_bytes()
    result = run("evidence", "add", *args, "--file", base)
    assert result.code == code, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3
    assert base.read_bytes() == before


def test_evidence_add_refuses_a_read_only_file(run, base):
    before = base.read_bytes()
    base.chmod(0o444)  # refused even for root, who could write it
    try:
        result = run("evidence", "add", "divergence-007", "putins-promise", FRICTION, "--file", base)
        assert result.code == 1 and "is read-only; alliance does not change it" in result.stderr
    finally:
        base.chmod(0o644)
    assert base.read_bytes() == before


# --- disagreement add -----------------------------------------------------------------------------------------

def test_disagreement_add_creates_the_list_before_related_and_validates(run, base):
    result = run("disagreement", "add", "security-023", "--point", "How firmly the drone deliveries are stated",
                 "--says", "States the deliveries as fact.", "--says", "Also states them as fact.",
                 "inside-the-pact", "Iran's supply of combat drones", "putins-promise", "Iran's supply of combat drones",
                 "--file", base)
    assert result.code == 0, result.stderr
    fact = next(f for f in parse(str(base), base.read_bytes()).facts if f["id"] == "security-023")
    [disagreement] = fact["disagreements"]
    assert disagreement["point"] == "How firmly the drone deliveries are stated"
    assert [a["source"] for a in disagreement["accounts"]] == ["inside-the-pact", "putins-promise"]
    assert "credibility: stored 2; the rubric now computes 3" in result.stdout
    assert run("validate", base).code == 0 and run("verify", "--file", base).code == 0


def test_disagreement_add_appends_to_an_existing_list(run, base):
    result = run("disagreement", "add", "divergence-014", "--point", "Whether analysts debate it",
                 "--says", "Reports the debate.", "--says", "Calls it more than convenience.",
                 "putins-promise", "analysts frequently debate", "inside-the-pact",
                 "more than just a temporary alignment of convenience", "--file", base)
    assert result.code == 0, result.stderr
    fact = next(f for f in parse(str(base), base.read_bytes()).facts if f["id"] == "divergence-014")
    assert len(fact["disagreements"]) == 2


@pytest.mark.parametrize(("args", "message"), [
    (("security-023", "--point", "p", "--says", "a", "--says", "b", "inside-the-pact", "combat drones"),
     "give two sides"),
    (("security-023", "--point", "p", "--says", "a", "inside-the-pact", "combat drones", "putins-promise", "combat drones"),
     "give --says twice"),
    (("security-023", "--point", "p", "--says", "a", "--says", "b", "inside-the-pact", "combat drones", "inside-the-pact",
      "combat drones"), "give a different source for each side"),
])
def test_disagreement_add_refuses_bad_sides(run, base, args, message):
    before = base.read_bytes()
    result = run("disagreement", "add", *args, "--file", base)
    assert result.code == 2 and message in result.stderr
    assert base.read_bytes() == before


def test_editing_adds_a_disagreements_key_at_the_end_of_a_fact_without_later_keys():
    text = ("facts:\n- id: a-001\n  evidence:\n  - source: s\n    section: H\n    quote: q  # a comment\n"
            "# between facts\n- id: a-002\n  evidence:\n  - source: s\n    section: H\n    quote: r\n")
    changed = evidence_editing.add_disagreement(text, "f.yaml", "a-001", {
        "point": "p", "accounts": [{"source": "s", "says": "x", "quote": "q"}, {"source": "t", "says": "y", "quote": "z"}]})
    assert changed == text.replace("    quote: q  # a comment\n", "    quote: q  # a comment\n  disagreements:\n"
                                   "  - point: p\n    accounts:\n    - source: s\n      says: x\n      quote: q\n"
                                   "    - source: t\n      says: y\n      quote: z\n")


def test_hostile_text_in_a_capture_stays_inert_in_the_table_and_exact_in_json(run, base):
    article = base.parent / "hostile.txt"
    article.write_text("A Hostile Heading\n\nTehran has sent attack drones to Moscow \x1b[31m[bold]for use[/bold] in the "
                       "war against Ukraine\u202e.\n", encoding="utf-8")
    assert run("sources", "add", article, "--id", "hostile", "--title", "Hostile", "--file", base).code == 0
    table = run("corroborate", "hostile", "--file", base, tty=True, color=True)
    assert table.code == 0 and "\x1b[31m" not in table.stdout and "\\x1b[31m" in table.stdout
    assert "[bold]for use[/bold]" in table.stdout and "<U+202E>" in table.stdout
    [row] = run("corroborate", "hostile", "--file", base, "--json").json()
    assert "\x1b[31m[bold]" in row["sentence"]["text"] and row["candidates"][0]["fact"] == "security-023"


@pytest.mark.parametrize("command", ["corroborate", "evidence add", "disagreement add"])
def test_each_help_opens_with_examples(capsys, command):
    from alliance_cli.cli.app import main

    assert main([*command.split(), "--help"]) == 0
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
    examples = lines.index("Examples:")
    assert lines[examples + 1].startswith(f"alliance {command}")
    assert examples < lines.index("Options:")


def test_evidence_add_refuses_a_folder_and_a_list_it_cannot_extend_in_place(run, base, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copy(base, folder / "facts.yaml")
    shutil.copytree(base.parent / "captures", folder / "captures")
    refused = run("evidence", "add", "divergence-007", "putins-promise", FRICTION, "--file", folder)
    assert refused.code == 2 and "is a fact base folder" in refused.stderr
    text = ("facts:\n- id: a-001\n  evidence: [{source: s, section: H, quote: q}]\n")
    with pytest.raises(FactBaseError, match="add this by hand"):
        evidence_editing.add_evidence(text, "f.yaml", "a-001", {"source": "s", "section": "H", "quote": "r"})
