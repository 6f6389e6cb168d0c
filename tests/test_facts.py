"""`alliance facts`: filtering and JSON output on the shipped fact base and on small ones."""
from __future__ import annotations

import pytest
from conftest import minimal_base, minimal_fact


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

