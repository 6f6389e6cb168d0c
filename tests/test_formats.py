"""Every output format, parsed back with the tool a user would use on it."""
from __future__ import annotations

import csv
import io
import json
import re
import sys

import pytest
import yaml
from conftest import minimal_base, minimal_fact
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_cli.cli.app import main
from alliance_cli.environment import pager_command, wants_color
from alliance_cli.factbase import parsing


def test_jsonl_is_one_object_per_line(run, shipped):
    result = run("facts", "--format", "jsonl", "-t", "economy")
    lines = result.stdout.splitlines()
    expected = [f for f in shipped["facts"] if "economy" in f["themes"]]
    assert [json.loads(line) for line in lines] == expected


def test_csv_opens_in_the_csv_module_with_a_header_and_joined_lists(run, shipped):
    result = run("facts", "--format", "csv")
    assert result.stdout_bytes.count(b"\r\n") >= len(shipped["facts"]) + 1
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert len(rows) == len(shipped["facts"])
    first, fact = rows[0], shipped["facts"][0]
    assert first["id"] == fact["id"]
    assert first["statement"] == fact["statement"]
    assert first["themes"] == "; ".join(fact["themes"])
    assert first["actors"] == "; ".join(fact["actors"])
    assert first["credibility"] == str(fact["credibility"])
    quoted = next(row for row in rows if '"' in row["statement"])  # embedded quotes survive RFC 4180 quoting
    assert quoted["statement"] == next(f["statement"] for f in shipped["facts"] if f["id"] == quoted["id"])


def test_csv_fields(run):
    result = run("facts", "--format", "csv", "--fields", "id,themes,contested", "--search", "INSTC")
    assert result.stdout_bytes == b"id,themes,contested\r\neconomy-004,economy; sanctions,no\r\n"


def test_yaml_is_a_fact_base_that_loads_back(run, tmp_path):
    result = run("facts", "--format", "yaml", "-t", "divergence")
    exported = tmp_path / "divergence.yaml"
    exported.write_bytes(result.stdout_bytes)
    document = yaml.safe_load(result.stdout)
    assert {s["id"] for s in document["sources"]} == {"inside-the-pact", "putins-promise"}
    back = run("facts", "--file", exported, "--json")
    assert back.code == 0, back.stderr
    expected = run("facts", "-t", "divergence", "--json").json()
    selected = {f["id"] for f in expected}
    for fact in expected:  # the export keeps only relations inside the selection
        kept = [r for r in fact.pop("related", None) or [] if r in selected]
        if kept:
            fact["related"] = kept
    assert len(expected) >= 10 and back.json() == expected
    assert run("validate", exported).code == 0


def test_yaml_keeps_only_relations_and_sources_inside_the_selection(run, tmp_path):
    result = run("facts", "--format", "yaml", "--search", "Esbati")
    document = yaml.safe_load(result.stdout)
    assert [f["id"] for f in document["facts"]] == ["divergence-008"]
    assert "related" not in document["facts"][0]  # divergence-009 was not selected
    names = {e["name"] for e in document["entities"]}
    assert names == set(document["facts"][0]["actors"])
    path = tmp_path / "one.yaml"
    path.write_bytes(result.stdout_bytes)
    assert run("validate", path).code == 0


def test_markdown_groups_by_theme_with_a_footnote_per_fact(run, shipped):
    result = run("facts", "--format", "markdown", "-t", "economy")
    text = result.stdout
    economy = [f for f in shipped["facts"] if "economy" in f["themes"]]
    assert text.startswith(f"# Russia–Iran alliance: {len(economy)} sourced claims\n")
    assert "## Economy" in text and "## Security" in text
    references = set(re.findall(r"\[\^(\d+)\](?!:)", text))
    definitions = re.findall(r"^\[\^(\d+)\]: (.*)$", text, re.MULTILINE)
    assert references == {n for n, _ in definitions}
    assert len(definitions) == len(economy)
    first = dict(definitions)["1"]
    quote = economy[0]["evidence"][0]["quote"]
    assert f"“{quote}”" in first and "section “" in first


@pytest.mark.parametrize("command", ["themes", "sources", "actors", "stats"])
def test_catalog_listings_in_every_format(run, command):
    as_json = run(command, "--json").json()
    assert isinstance(as_json, list) and as_json
    lines = run(command, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == as_json
    rows = list(csv.reader(io.StringIO(run(command, "--format", "csv").stdout, newline="")))
    assert len(rows) == len(as_json) + 1
    assert yaml.safe_load(run(command, "--format", "yaml").stdout) == as_json
    assert run(command, "--format", "markdown").stdout.startswith("# ")
    assert run(command).code == 0


def test_themes_counts_match_the_facts(run, shipped):
    counts = {row["theme"]: row["facts"] for row in run("themes", "--json").json()}
    for theme, count in counts.items():
        assert count == sum(theme in f["themes"] for f in shipped["facts"])


def test_sources_and_actors_carry_citations_and_aliases(run):
    sources = {s["id"]: s for s in run("sources", "--json").json()}
    assert sources["putins-promise"]["author"] == "Timothy Cline"
    assert sources["putins-promise"]["reliability"] == "F"
    actors = {a["name"]: a for a in run("actors", "--json").json()}
    assert "Massoud Pezeshkian" in actors["Masoud Pezeshkian"]["aliases"]
    assert actors["Vladimir Putin"]["speaks_in"] == 3


def test_table_wraps_statements_at_80_columns_and_loses_no_word(run, shipped):
    result = run("facts", "-t", "sanctions", tty=True, width=80)
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    flat = re.sub(r"[│╭╮╰╯├┤┬┴┼─\s]+", " ", result.stdout)
    for fact in shipped["facts"]:
        if "sanctions" in fact["themes"]:
            for word in fact["statement"].split():
                assert word in flat or len(word) > 20, word


def test_table_is_never_cropped_when_piped(run, shipped):
    result = run("facts", "-t", "sanctions")  # not a terminal
    longest = max(len(f["statement"]) for f in shipped["facts"] if "sanctions" in f["themes"])
    assert max(len(line) for line in result.stdout.splitlines()) > longest
    assert "\x1b[" not in result.stdout


def test_colour_only_when_asked_or_on_a_terminal(run):
    assert "\x1b[" in run("facts", "-t", "economy", tty=True, color=True, width=120).stdout
    assert "\x1b[" not in run("facts", "-t", "economy", tty=True, color=False, width=120).stdout
    assert "\x1b[" not in run("facts", "-t", "economy", "--no-color", tty=True, color=True, width=120).stdout


@pytest.mark.parametrize("variables, isatty, flag, expected", [
    ({}, True, False, True),
    ({}, False, False, False),
    ({"NO_COLOR": "1"}, True, False, False),
    ({"TERM": "dumb"}, True, False, False),
    ({"FORCE_COLOR": "1"}, False, False, True),
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, True, False, False),
    ({"FORCE_COLOR": "1"}, True, True, False),
])
def test_colour_rules(variables, isatty, flag, expected):
    assert wants_color(variables, isatty, flag) is expected


def test_pager_rules():
    assert pager_command({}) == "less"
    assert pager_command({"PAGER": "most"}) == "most"
    assert pager_command({"PAGER": "most", "ALLIANCE_PAGER": "cat"}) is None
    assert pager_command({"PAGER": ""}) is None


def test_long_output_on_a_terminal_goes_through_the_pager(run, tmp_path):
    import io as _io

    from alliance_cli.environment import Environment

    paged = tmp_path / "paged.txt"
    out = _io.BytesIO()
    env = Environment(stdout=out, stderr=_io.StringIO(), stdout_isatty=True, width=80, height=10,
                      pager=f"cat > {paged}", variables=dict(run.variables))
    assert main(["facts", "-t", "economy"], env=env) == 0
    assert out.getvalue() == b""
    assert "economy-001" in paged.read_text(encoding="utf-8")


def test_search_matches_are_highlighted_in_the_table(run):
    result = run("facts", "--search", "bundnis", tty=True, color=True, width=200)
    assert result.code == 0
    # the accented original is what is styled, even though the search was typed without the accent
    highlighted = re.findall(r"\x1b\[[0-9;]*m([^\x1b]+)\x1b\[0m", result.stdout)
    assert any(part.casefold() == "bündnis" for part in highlighted), highlighted
    plain = run("facts", "--search", "bundnis", tty=True, color=False, width=200)
    assert "\x1b[" not in plain.stdout and "bündnis" in plain.stdout


def test_a_piped_run_never_gets_a_pager_or_colour(monkeypatch):
    import io as _io

    from alliance_cli.environment import Environment

    class Piped(_io.TextIOWrapper):
        def isatty(self):
            return False

    monkeypatch.setattr(sys, "stdout", Piped(_io.BytesIO()))
    monkeypatch.setenv("PAGER", "less")
    env = Environment.from_process()
    assert (env.pager, env.color, env.width) == (None, False, None)



# --- every yaml export loads back ------------------------------------------------------------------

def exported(run, *args) -> tuple[bytes, object]:
    result = run("facts", *args, "--format", "yaml")
    assert result.code == 0, result.stderr
    return result.stdout_bytes, result


def loads_back(run, tmp_path, data: bytes, name="export.yaml"):
    path = tmp_path / name
    path.write_bytes(data)
    result = run("facts", "--file", path, "--json")
    assert result.code == 0, result.stderr
    return result.json()


def test_an_empty_selection_exports_a_fact_base_that_loads_back_empty(run, tmp_path):
    data, _ = exported(run, "--search", "zzzzzz")
    assert data == b"# 0 facts selected by alliance: search: zzzzzz\nsources: []\nentities: []\nfacts: []\n"
    assert loads_back(run, tmp_path, data) == []


@pytest.mark.parametrize("breaker", ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\x0b", "\x1b", "\x00"])
def test_a_line_break_in_a_filter_value_stays_in_the_header_comment(run, tmp_path, breaker):
    data, _ = exported(run, "--search", f"putin{breaker}sources: 1")
    text = data.decode("utf-8")
    header, rest = text.split("\n", 1)
    assert header.startswith("# ") and not any(c in header for c in "\r\x85\u2028\u2029\x0b\x1b\x00")
    assert not rest.startswith("#")
    loads_back(run, tmp_path, data)


def test_an_actor_named_by_an_alias_brings_its_entity_along(run, write_base, tmp_path):
    path = write_base(minimal_base(minimal_fact(actors=["Moscow"], attributed_to="Tehran")))
    data, _ = exported(run, "--file", path)
    document = yaml.safe_load(data)
    assert [e["name"] for e in document["entities"]] == ["Russia", "Iran"]
    assert [f["id"] for f in loads_back(run, tmp_path, data)] == ["sanctions-001"]


HOSTILE_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t\x85"),
                       min_size=1, max_size=30).filter(lambda t: t.strip())


@settings(deadline=None)
@given(statement=HOSTILE_TEXT, quote=HOSTILE_TEXT, title=HOSTILE_TEXT,
       section=st.sampled_from(["x", "- a", "'q'", '"d"', "a: b", "#c", "a\x85b", "a\u2028b", "yes", "0123", "~"]))
def test_any_text_survives_a_yaml_export_and_loads_back_unchanged(statement, quote, section, title):
    from alliance_cli.environment import Environment
    from alliance_cli.render.exports.yaml_format import facts_yaml
    from alliance_cli.render.view import View

    fact = minimal_fact(statement=statement, evidence=[{"source": "one", "section": section, "quote": quote}])
    store = parsing.parse("F", json.dumps(minimal_base(fact), ensure_ascii=False).encode("utf-8"))  # JSON is YAML
    exported = facts_yaml(store, [0], View(Environment(io.BytesIO(), io.StringIO()), title=title))
    assert parsing.parse("export", exported).facts == store.facts


# --- CSV: exact for programs, inert for spreadsheets -----------------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tpadded", "\rreturn"]


def test_csv_stays_exact_and_spreadsheet_defuses_formulas(run, write_base):
    facts = [minimal_fact(f"sanctions-{n:03}", statement=text) for n, text in enumerate(FORMULAS + ["Bündnis – ok"])]
    path = write_base(minimal_base(*facts))
    exact = run("facts", "--file", path, "--fields", "id,statement", "--format", "csv")
    inert = run("facts", "--file", path, "--fields", "id,statement", "--format", "spreadsheet")
    assert exact.code == inert.code == 0
    exact_rows = list(csv.reader(io.StringIO(exact.stdout_bytes.decode("utf-8"), newline="")))
    assert [row[1] for row in exact_rows[1:]] == FORMULAS + ["Bündnis – ok"]
    assert inert.stdout_bytes.startswith(b"\xef\xbb\xbf")
    inert_rows = list(csv.reader(io.StringIO(inert.stdout_bytes.decode("utf-8-sig"), newline="")))
    assert [row[1] for row in inert_rows[1:]] == ["'" + f for f in FORMULAS] + ["Bündnis – ok"]
    assert [row[0] for row in inert_rows] == [row[0] for row in exact_rows]


def test_spreadsheet_also_serves_the_listings(run):
    result = run("themes", "--format", "spreadsheet")
    assert result.code == 0
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbftheme,facts,definition\r\n")


# --- the markdown brief ------------------------------------------------------------------------------------------

def test_markdown_carries_each_side_of_every_disagreement_and_a_readable_selection(run, base):
    result = run("facts", "--file", base, "--contested", "--format", "markdown")
    assert result.stdout == """# Russia–Iran alliance: 1 sourced claim

Selected by:

- contested: only facts on which the sources disagree

## Divergence

- The sources name his university differently. [^1]

## Where the sources disagree

### divergence-001 [^1]

The sources name his university differently.

**The university's name**

- *An article* (one): Friendship of Peoples. “the Russian University of Friendship of Peoples”
- *Another article* (two): Peoples' Friendship. “the Russian University of Peoples' Friendship (RUDN)”

[^1]: *An article* (A site), section “Heading”: “a lecturer from the Russian University of Peoples' Friendship \
(RUDN) in the capital”. Fact divergence-001, credibility 3.
"""
    several = run("facts", "--file", base, "-t", "economy", "-q", "corridor", "--format", "markdown").stdout
    assert "Selected by:\n\n- theme: economy\n- search: corridor\n\n## Economy" in several
