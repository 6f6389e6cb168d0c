"""Names resolve one way everywhere: case, accents and aliases; an unknown name is a usage error (issue 10)."""
from __future__ import annotations

import pytest
import yaml
from conftest import found, minimal_base, minimal_fact
from trust_fixtures import trust_base

IRAN = ["economy-001", "security-001", "security-002", "security-003", "sanctions-001", "divergence-002"]


@pytest.mark.parametrize("name", ["Iran", "iran", "IRAN", "Irán", " iran ", "Tehran", "tehrán"])
def test_actor_ignores_case_and_accents_and_takes_any_name_of_the_entity(run, base, name):
    assert found(run, base, "--actor", name) == IRAN


@pytest.mark.parametrize("name", ["Putin", "putin", "Vladimir Putin", "vladimir-putin"])
def test_attributed_to_resolves_aliases(run, base, name):
    assert found(run, base, "--attributed-to", name) == ["security-001"]


def test_attributed_to_the_article_in_any_case(run, base):
    article = found(run, base, "--attributed-to", "The Article")
    assert "security-001" not in article and "security-004" not in article and "economy-001" in article


def test_names_with_hyphens_or_spaces_are_one_name(run, base):
    assert found(run, base, "--actor", "international north south transport corridor") == ["economy-001"]
    assert found(run, base, "--actor", "instc") == ["economy-001"]


def test_source_ignores_case(run, base):
    assert found(run, base, "--source", "TWO") == ["divergence-001"]


@pytest.mark.parametrize("args, line", [
    (("--actor", "Putn"), "--actor: no entity named 'Putn' (did you mean 'Vladimir Putin'?); "
                          "'alliance actors' lists them"),
    (("--actor", "Araghtsch"), "--actor: no entity named 'Araghtsch' (did you mean 'Abbas Araghchi'?); "
                               "'alliance actors' lists them"),
    (("--source", "tw"), "--source: no source named 'tw' (did you mean 'two'?); 'alliance sources' lists them"),
    (("--attributed-to", "a"), "--attributed-to: no speaker named 'a'; say 'the article' for the articles' own "
                               "claims; 'alliance actors' lists the others"),
    (("--actor", "Iran", "--actor", "Nowhere"), "--actor: no entity named 'Nowhere'; 'alliance actors' lists them"),
])
def test_a_name_that_names_nothing_is_a_usage_error_with_a_did_you_mean(run, base, args, line):
    for command in ("facts", "timeline", "stats"):
        result = run(command, "--file", base, *args)
        assert (result.code, result.stdout, result.error_lines) == (2, "", [f"alliance: error: {line}"])


def test_putins_source_prefix_suggests_the_source_on_the_shipped_base(run):
    result = run("facts", "--source", "putins")
    assert (result.code, result.error_lines) == (2, [
        "alliance: error: --source: no source named 'putins' (did you mean 'putins-promise'?); "
        "'alliance sources' lists them"])


def test_a_fact_naming_an_entity_by_an_alias_is_canonicalised_at_load(run, write_base, tmp_path):
    data = trust_base()
    data["facts"][6]["actors"] = ["Araghtschi", "Abbas Araghchi", "Tehran"]  # two spellings of one person
    path = write_base(data)
    fact = run("facts", "--file", path, "--json").json()[6]
    assert (fact["actors"], fact["attributed_to"]) == (["Abbas Araghchi", "Iran"], "Abbas Araghchi")
    assert run("facts", "--file", path, "--json").json()[1]["attributed_to"] == "Vladimir Putin"
    assert found(run, path, "--actor", "Abbas Araghchi") == ["security-004"]
    actors = {row["name"]: row for row in run("actors", "--file", path, "--json").json()}
    assert (actors["Abbas Araghchi"]["facts"], actors["Vladimir Putin"]["speaks_in"]) == (1, 1)
    export = run("facts", "--file", path, "--attributed-to", "putin", "--format", "yaml")
    exported = tmp_path / "export.yaml"
    exported.write_bytes(export.stdout_bytes)
    assert [e["name"] for e in yaml.safe_load(export.stdout)["entities"]] == ["Russia", "Iran", "Vladimir Putin"]
    assert run("validate", exported).code == 0


def test_two_entities_may_not_share_a_name_even_up_to_case_and_accents(run, write_base):
    data = minimal_base(minimal_fact())
    data["entities"].append({"name": "IRÁN", "kind": "country"})
    path = write_base(data)
    result = run("validate", path)
    assert result.code == 3
    assert result.error_lines == [f"{path}:19:9: the name 'IRÁN' reads as 'Iran', a name of another entity "
                                  "(case, accents and hyphens aside) (first given on line 15)"]


def test_show_takes_several_ids_in_any_case(run, base):
    result = run("show", "--file", base, "SECURITY-001", "Economy-001", "--json")
    assert [fact["id"] for fact in result.json()] == ["security-001", "economy-001"]


def test_show_suggests_the_id_meant(run, write_base):
    path = write_base(minimal_base(minimal_fact("divergence-003"), minimal_fact("divergence-013")))
    result = run("show", "--file", path, "divergence-03")
    assert (result.code, result.error_lines) == (5, [
        "alliance: error: no fact with id 'divergence-03' (did you mean 'divergence-003'?); "
        "'alliance facts' lists them"])
