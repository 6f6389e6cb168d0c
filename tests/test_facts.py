"""`alliance facts`: filtering and JSON output on the shipped fact base and on small ones."""
from __future__ import annotations

import re

import pytest
from conftest import SHIPPED, minimal_base, minimal_fact


def ids(result) -> list[str]:
    assert result.code == 0, result.stderr
    return [fact["id"] for fact in result.json()]


@pytest.mark.parametrize("theme", ["security", "sanctions", "economy", "divergence"])
def test_every_theme_has_at_least_ten_facts_and_only_facts_of_that_theme(run, theme):
    result = run("facts", "--theme", theme, "--json")
    facts = result.json()
    assert len(facts) >= 10
    assert all(theme in fact["themes"] for fact in facts)
    assert result.stderr == ""


def test_json_is_the_full_fact_objects_exactly_as_in_the_yaml(run, shipped):
    result = run("facts", "--json")
    assert result.json() == shipped["facts"]


def test_json_is_utf8_not_ascii_escaped(run):
    result = run("facts", "--search", "bündnis", "--json")
    assert "bündnis".encode() in result.stdout_bytes


def test_theme_is_case_insensitive(run):
    assert ids(run("facts", "--theme", "SANCTIONS", "--json")) == ids(run("facts", "-t", "sanctions", "--json"))


def test_repeated_theme_is_any_of(run, shipped):
    expected = [f["id"] for f in shipped["facts"] if {"economy", "divergence"} & set(f["themes"])]
    assert ids(run("facts", "-t", "economy", "-t", "divergence", "--json")) == expected


def test_all_themes_and_exclude_theme(run, shipped):
    both = [f["id"] for f in shipped["facts"] if {"security", "divergence"} <= set(f["themes"])]
    assert ids(run("facts", "--all-themes", "security", "--all-themes", "divergence", "--json")) == both
    not_security = [f["id"] for f in shipped["facts"] if "security" not in f["themes"]]
    assert ids(run("facts", "--exclude-theme", "security", "--json")) == not_security


def test_unknown_theme_is_a_usage_error_naming_the_themes_and_the_closest(run):
    result = run("facts", "--theme", "sanction")
    assert result.code == 2
    assert result.stdout_bytes == b""
    assert result.error_lines == [
        "alliance: error: --theme: unknown theme 'sanction' "
        "(did you mean 'sanctions'?); choose from security, sanctions, economy, divergence"]


def test_search_ignores_case_and_accents(run):
    found = ids(run("facts", "--search", "BUNDNIS", "--json"))
    assert "security-044" in found
    assert found == ids(run("facts", "--search", "Bündnis", "--json"))


def test_search_finds_every_spelling_of_a_name(run):
    assert "security-005" in ids(run("facts", "--search", "Massoud", "--json"))
    assert "security-006" in ids(run("facts", "--search", "Araghtschi", "--json"))


def test_actor_and_source_filters(run, shipped):
    putin = [f["id"] for f in shipped["facts"] if "Vladimir Putin" in f["actors"]]
    assert ids(run("facts", "--actor", "Vladimir Putin", "--json")) == putin
    def quotes(fact, source):  # in its evidence, or in one of its disagreements
        accounts = [a for d in fact.get("disagreements") or [] for a in d["accounts"]]
        return any(item["source"] == source for item in fact["evidence"] + accounts)

    cites = [f["id"] for f in shipped["facts"] if quotes(f, "putins-promise")]
    assert ids(run("facts", "--source", "putins-promise", "--json")) == cites
    only_in_disagreement = [f["id"] for f in shipped["facts"]
                            if quotes(f, "inside-the-pact")
                            and all(e["source"] != "inside-the-pact" for e in f["evidence"])]
    assert "divergence-014" in only_in_disagreement
    assert set(only_in_disagreement) <= set(ids(run("facts", "--source", "inside-the-pact", "--json")))


def test_stance_credibility_reliability_contested(run, shipped):
    hedged = [f["id"] for f in shipped["facts"] if f["stance"] == "hedged"]
    assert ids(run("facts", "--stance", "Hedged", "--json")) == hedged
    strong = [f["id"] for f in shipped["facts"] if f["credibility"] <= 2]
    assert ids(run("facts", "--min-credibility", "2", "--json")) == strong
    contested = [f["id"] for f in shipped["facts"] if f.get("disagreements")]
    assert ids(run("facts", "--contested", "--json")) == contested
    assert len(ids(run("facts", "--uncontested", "--json"))) == len(shipped["facts"]) - len(contested)
    assert ids(run("facts", "--min-reliability", "C", "--json")) == []  # both sources are graded F
    assert len(ids(run("facts", "--min-reliability", "F", "--json"))) == len(shipped["facts"])


def test_date_range_and_attribution(run):
    assert ids(run("facts", "--since", "2000", "--until", "2001-06", "--json")) == ["security-015"]
    assert ids(run("facts", "--since", "2002", "--json")) == []
    assert ids(run("facts", "--attributed-to", "Putin", "--json")) == ["security-034", "security-036", "security-037"]
    bad = run("facts", "--since", "2001-13")
    assert bad.code == 2 and "is not a date; write YYYY, YYYY-MM or YYYY-MM-DD" in bad.stderr


def test_sort_and_limit(run, shipped):
    by_credibility = sorted(shipped["facts"], key=lambda f: f["credibility"])
    assert ids(run("facts", "--sort", "credibility", "--limit", "3", "--json")) == [f["id"] for f in by_credibility[:3]]
    assert ids(run("facts", "--sort", "id", "-n", "2", "--json")) == sorted(f["id"] for f in shipped["facts"])[:2]


def test_nothing_matching_is_an_empty_array_and_success(run):
    result = run("facts", "--search", "no such words anywhere", "--json")
    assert (result.code, result.stdout, result.stderr) == (0, "[]\n", "")


def test_nothing_matching_in_a_table_says_so_on_stderr(run):
    result = run("facts", "--search", "no such words anywhere")
    assert (result.code, result.stdout, result.stderr) == (0, "", "No facts match. (search: no such words anywhere)\n")


def test_file_option_and_environment_variable(run, write_base):
    path = write_base(minimal_base(minimal_fact("sanctions-001"), minimal_fact("economy-001", themes=["economy"])))
    assert ids(run("facts", "--file", path, "--json")) == ["sanctions-001", "economy-001"]
    assert ids(run("facts", "--json", variables={"ALLIANCE_FACTS": str(path)})) == ["sanctions-001", "economy-001"]
    other = write_base(minimal_base(minimal_fact("security-009", themes=["security"])))
    # --file wins over the environment variable
    assert ids(run("facts", "--file", other, "--json", variables={"ALLIANCE_FACTS": str(path)})) == ["security-009"]


def test_fields_picks_fields_in_order(run):
    result = run("facts", "-t", "sanctions", "--fields", "id,contested,sources", "--limit", "2", "--json")
    assert result.json() == [
        {"id": "security-002", "contested": False, "sources": ["inside-the-pact", "putins-promise"]},
        {"id": "security-008", "contested": False, "sources": ["inside-the-pact"]},
    ]
    bad = run("facts", "--fields", "id,statment", "--json")
    assert bad.code == 2
    assert bad.error_lines[0].startswith("alliance: error: --fields: unknown field 'statment' (did you mean 'statement'?)")


def test_json_and_another_format_conflict(run):
    result = run("facts", "--json", "--format", "csv")
    assert (result.code, result.stderr) == (2, "alliance: error: --json and --format csv ask for two formats; give one\n")


# --- tables at 80 columns ----------------------------------------------------------------------------------------

def tokens(text: str) -> set[str]:
    words = re.sub(r"[\u2500-\u257f]", " ", text).split()
    return {w.strip(",;:.·…“”\"'()[]") for w in words} - {""}


@pytest.mark.parametrize("args", [("facts",), ("facts", "-q", "RUDN"), ("timeline",), ("sources",), ("actors",),
                                  ("themes",), ("stats",), ("show", "divergence-003")])
def test_no_table_breaks_a_word_at_80_columns(run, args):
    narrow = run(*args, tty=True, width=80)
    assert narrow.code == 0, narrow.stderr
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 80
    known = tokens(run(*args).stdout) | tokens(SHIPPED.read_text(encoding="utf-8"))
    broken = {t for t in tokens(narrow.stdout) - known if set(t) != {"█"}}
    assert broken == set(), args  # such as "otherwis" + "e", or the header "descriptio" + "n"


def test_the_statement_gets_most_of_an_80_column_table(run, base):
    result = run("facts", "--file", base, "-t", "economy", tty=True, width=80)
    assert result.stdout.splitlines()[:8] == [
        "╭─────────────┬────────────────────────────────────────────────────────────────╮",
        "│ id          │ statement                                                      │",
        "├─────────────┼────────────────────────────────────────────────────────────────┤",
        "│ economy-001 │ The International North-South Transport Corridor links Russia  │",
        "│             │ and Iran.                                                      │",
        "│             │ asserted · credibility 3                                       │",
        "│             │ economy · one                                                  │",
        "├─────────────┼────────────────────────────────────────────────────────────────┤",
    ]


def test_a_wide_terminal_keeps_themes_and_sources_in_columns(run, base):
    lines = run("facts", "--file", base, "-t", "sanctions", tty=True, width=140).stdout.splitlines()
    assert re.fullmatch(r"│ id +│ themes +│ statement +│ source │", lines[1])
    assert re.fullmatch(r"│ sanctions-001 │ sanctions │ The terms may stay secret, much like Iran’s previous "
                        r"agreements with China\. +│ one +│", lines[3])


def test_records_take_the_place_of_a_table_too_wide_for_the_terminal(run, base):
    result = run("sources", "--file", base, tty=True, width=40)
    assert result.stdout.splitlines()[:10] == [
        "Sources",
        "────────────────────────────────────────",
        "id              one",
        "title           An article",
        "site            A site",
        "kind            web article",
        "facts           10",
        "grade           F",
        "why that grade  None.",
        "────────────────────────────────────────",
    ]
