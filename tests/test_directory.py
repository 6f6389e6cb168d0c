"""A fact base that is a folder of files: one base, errors that name their own file, the same answers as one file."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml
from conftest import SHIPPED, dump, dump_yaml, in_folder_order, minimal_base, minimal_fact, small_base
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance_cli.factbase import loading

FACT_BASE_ERROR = 3


# --- 1. a folder is one fact base ---------------------------------------------------------------


def test_a_folder_gives_the_same_facts_as_the_single_file(run, shipped_folder, shipped):
    folder = run("facts", "--file", shipped_folder, "--json")
    single = run("facts", "--json")
    assert folder.code == single.code == 0
    assert [f["id"] for f in folder.json()] == in_folder_order(shipped)
    assert sorted(folder.json(), key=lambda f: f["id"]) == sorted(single.json(), key=lambda f: f["id"])
    for argv in (["facts", "-t", "sanctions", "--sort", "id"], ["show", "divergence-003"], ["stats", "--json"],
                 ["sources", "--json"], ["actors", "--json"], ["timeline", "--json"],
                 ["facts", "--attributed-to", "Putin", "--format", "csv", "--sort", "id"]):
        assert run(*argv, "--file", shipped_folder).stdout == run(*argv).stdout, argv


def test_alliance_facts_names_a_folder_too(run, shipped_folder, shipped):
    result = run("facts", "--json", variables={"ALLIANCE_FACTS": str(shipped_folder)})
    assert [f["id"] for f in result.json()] == in_folder_order(shipped)


def test_validate_says_how_many_files(run, shipped_folder, shipped):
    result = run("validate", shipped_folder)
    assert (result.code, result.stdout) == (0, f"{shipped_folder}: valid: {len(shipped['facts'])} facts, "
                                               f"{len(shipped['sources'])} sources, "
                                               f"{len(shipped['entities'])} entities in 6 files\n")


def test_only_visible_yaml_files_count_in_path_order(run, tmp_path):
    folder = tmp_path / "base"
    base = minimal_base(minimal_fact("sanctions-001"))
    dump({"sources": base["sources"], "entities": base["entities"]}, folder / "a.yaml")
    dump({"facts": [minimal_fact("sanctions-003")]}, folder / "b" / "z.yaml")
    dump({"facts": [minimal_fact("sanctions-002")]}, folder / "b.yaml")
    dump({"facts": [minimal_fact("sanctions-009")]}, folder / ".hidden.yaml")
    dump({"facts": [minimal_fact("sanctions-008")]}, folder / ".git" / "x.yaml")
    dump({"facts": [minimal_fact("sanctions-007")]}, folder / "notes.yml")
    (folder / "empty.yaml").write_text("# a file being written\n", encoding="utf-8")
    result = run("facts", "--file", folder, "--json")
    assert result.code == 0, result.stderr
    assert [f["id"] for f in result.json()] == ["sanctions-002", "sanctions-003"]  # b.yaml, then b/z.yaml


def test_the_shipped_fact_base_is_still_one_file():
    assert SHIPPED.is_file() and Path(loading.shipped_path()).is_file()


# --- 2. ids unique across files; every error names its own file, line and column -------------------------


def test_errors_in_several_files_each_name_their_own_place(run, shipped_folder, shipped):
    from alliance_cli.factbase.vocabulary import STANCES
    from alliance_cli.suggest import did_you_mean

    sanctions = shipped_folder / "facts" / "sanctions.yaml"
    economy = shipped_folder / "facts" / "economy.yaml"
    security = shipped_folder / "facts" / "security.yaml"
    s_text = sanctions.read_text(encoding="utf-8").replace("source: inside-the-pact", "source: inside-the-pakt", 1)
    sanctions.write_text(s_text, encoding="utf-8")
    e_text = economy.read_text(encoding="utf-8").replace("stance: asserted", "stance: sure", 1)
    economy.write_text(e_text, encoding="utf-8")
    first = next(f for f in shipped["facts"] if f["id"].startswith("sanctions"))
    y_text = security.read_text(encoding="utf-8") + dump_yaml([first])
    security.write_text(y_text, encoding="utf-8")
    expected = [
        f"{economy}:{at(e_text, 'stance: sure', 8)}: 'stance' must be one of asserted, hedged, alleged, opinion, "
        f"not 'sure'{did_you_mean('sure', STANCES)}",
        f"{sanctions}:{at(s_text, 'inside-the-pakt')}: unknown source 'inside-the-pakt' "
        "(did you mean 'inside-the-pact'?)",
        f"{security}:{y_text.count(chr(10), 0, y_text.rindex('- id: ')) + 1}:7: duplicate fact id '{first['id']}' "
        f"(first given in {sanctions} on line {at(s_text, 'id: ' + first['id']).split(':')[0]})",
    ]
    assert run("validate", shipped_folder).error_lines == expected
    assert run("facts", "--file", shipped_folder).error_lines == expected  # from the files' cache entries too
    assert run("facts", "--file", shipped_folder).error_lines == expected


@pytest.mark.parametrize("other", ["facts:\n- id: security-001\n",  # a duplicate id in a fact missing its fields
                                   "x\n"])  # a file holding a bare word, beside a fact given in two files
def test_a_malformed_file_beside_a_duplicate_id_gets_its_messages_not_an_internal_error(run, shipped_folder, shipped,
                                                                                         other):
    """The cross-file checks re-read the suspect files as written, and once assumed each had passed its own
    checks: a fact without `actors`, or a file that is not a mapping, stopped them with an internal error."""
    if other == "x\n":
        fact = next(f for f in shipped["facts"] if f["id"] == "security-001")
        (shipped_folder / "facts" / "again.yaml").write_text("facts:\n" + dump_yaml([fact]), encoding="utf-8")
    (shipped_folder / "other.yaml").write_text(other, encoding="utf-8")
    for command in (("validate", shipped_folder), ("facts", "--file", shipped_folder)):
        result = run(*command)
        assert result.code == 3, result.stderr
        assert any("duplicate fact id 'security-001'" in line for line in result.error_lines)
        assert all(line.startswith(str(shipped_folder)) for line in result.error_lines), result.error_lines


def at(text: str, needle: str, offset: int = 0) -> str:
    index = text.index(needle) + offset
    return f"{text.count(chr(10), 0, index) + 1}:{index - text.rfind(chr(10), 0, index)}"


def test_a_reference_broken_by_an_edit_to_another_file_is_found_in_the_cached_file(run, tmp_path):
    folder = tmp_path / "base"
    base = minimal_base()
    dump({"sources": base["sources"], "entities": base["entities"]}, folder / "a.yaml")
    facts = dump({"facts": base["facts"]}, folder / "b.yaml")
    assert run("facts", "--file", folder, "--json").code == 0  # both files cached
    dump({"sources": [{**base["sources"][0], "id": "one-a"}], "entities": base["entities"]}, folder / "a.yaml")
    result = run("facts", "--file", folder, "--json")
    text = facts.read_text(encoding="utf-8")
    assert (result.code, result.error_lines) == (
        FACT_BASE_ERROR, [f"{facts}:{at(text, 'source: one', 8)}: unknown source 'one' (did you mean 'one-a'?)"])


def test_a_file_that_is_not_yaml_is_one_line_and_its_problems_of_form_come_with_it(run, tmp_path):
    folder = tmp_path / "base"
    base = minimal_base()
    dump({"sources": base["sources"], "entities": base["entities"]}, folder / "a.yaml")
    broken = folder / "b.yaml"
    broken.write_text("facts: [\n", encoding="utf-8")
    dump({"facts": [minimal_fact("sanctions-002", stance="sure", actors=["Rusia"])]}, folder / "c.yaml")
    result = run("validate", folder)
    text = (folder / "c.yaml").read_text(encoding="utf-8")
    assert result.error_lines == [  # references wait: b.yaml may define what c.yaml names
        f"{broken}:2:1: YAML syntax error: did not find expected node content (while parsing a flow node)",
        f"{folder / 'c.yaml'}:{at(text, 'stance: sure', 8)}: 'stance' must be one of asserted, hedged, alleged, "
        "opinion, not 'sure'"]
    broken.write_text("facts: []\n", encoding="utf-8")
    assert run("validate", folder).error_lines == [  # in the order of the file
        f"{folder / 'c.yaml'}:{at(text, 'Rusia')}: unknown entity 'Rusia' (did you mean 'Russia'?)",
        f"{folder / 'c.yaml'}:{at(text, 'stance: sure', 8)}: 'stance' must be one of asserted, hedged, alleged, "
        "opinion, not 'sure'"]


def test_a_folder_without_yaml_files_says_so(run, tmp_path):
    result = run("facts", "--file", tmp_path, "--json")
    assert (result.code, result.error_lines) == (
        FACT_BASE_ERROR, [f"{tmp_path}: no .yaml files in this folder; a fact base folder holds one or more *.yaml "
                          "files with sources, entities and facts"])

# --- 4. the folder and the same data in one file agree -----------------------------------------------------




MUTATIONS = ["none", "duplicate-fact", "duplicate-source", "unknown-source", "unknown-actor", "unknown-related",
             "self-related", "two-entities-one-name", "unknown-speaker", "link-to-nothing", "bad-stance"]


def mutated(mutation: str, rng: random.Random) -> dict:
    data = yaml.safe_load(small_base())
    facts = data["facts"]
    fact = rng.choice(facts)
    if mutation == "duplicate-fact":
        fact["id"] = rng.choice([f for f in facts if f is not fact])["id"]
    elif mutation == "duplicate-source":
        data["sources"].append(dict(data["sources"][0]))
    elif mutation == "unknown-source":
        fact["evidence"][0]["source"] = "no-such-source"
    elif mutation == "unknown-actor":
        fact["actors"] = [*fact["actors"], "Atlantis"]
    elif mutation == "unknown-related":
        fact["related"] = ["security-999"]
    elif mutation == "self-related":
        fact["related"] = [fact["id"]]
    elif mutation == "two-entities-one-name":
        data["entities"].append({**data["entities"][0], "aliases": []})
    elif mutation == "unknown-speaker":
        fact["attributed_to"] = "Nobody"
    elif mutation == "link-to-nothing":
        data["sources"][0]["links_to"] = ["nowhere"]
    elif mutation == "bad-stance":
        fact["stance"] = "sure"
    return data


def messages(lines: list[str]) -> list[str]:
    """The problems without where they stand (a file differs between the two forms)."""
    return sorted(re.sub(r" \(first given (in \S+ )?on line \d+\)", "", line.split(": ", 1)[1]) for line in lines)


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=st.sampled_from(MUTATIONS), seed=st.integers(0, 10_000), files=st.integers(2, 5))
def test_a_folder_and_one_file_with_the_same_data_agree(run, tmp_path_factory, mutation, seed, files):
    rng = random.Random(seed)  # noqa: S311 - choosing test data, not secrets
    data = mutated(mutation, rng)
    folder = tmp_path_factory.mktemp("folder")
    single = dump(data, folder.parent / f"{folder.name}.yaml")
    pieces: list[dict] = [{} for _ in range(files)]
    for section in ("sources", "entities", "facts"):
        for item in data[section]:
            pieces[rng.randrange(files)].setdefault(section, []).append(item)
    for n, piece in enumerate(pieces):
        dump(piece, folder / f"part-{n}.yaml")
    one, many = run("validate", single), run("validate", folder)
    assert one.code == many.code
    assert messages(one.error_lines) == messages(many.error_lines)
    assert (one.code == 0) == (mutation == "none")


def test_a_key_other_than_the_lists_may_sit_in_one_file_only(run, tmp_path):
    for n, text in enumerate(["captures: caps\nfacts: []\n", "captures: caps\n", "facts: []\ncaptures: other\n"]):
        (tmp_path / f"f{n}.yaml").write_text(text, encoding="utf-8")
    result = run("validate", tmp_path)
    assert (result.code, result.error_lines) == (FACT_BASE_ERROR, [
        f"{tmp_path / 'f2.yaml'}:2:1: 'captures' is also given in {tmp_path / 'f0.yaml'} on line 1; give it in one "
        "file of the folder"])


# --- 5. what the single-file checks also do: canonical names, dates, across files and across edits -----------


def test_an_actor_named_by_an_alias_in_another_file_follows_the_entities_there(run, tmp_path):
    folder = tmp_path / "base"
    base = minimal_base()
    entities = folder / "a.yaml"
    dump({"sources": base["sources"], "entities": base["entities"]}, entities)  # Russia, alias Moscow
    facts = dump({"facts": [minimal_fact(actors=["Moscow", "Iran"], attributed_to="Tehran")]}, folder / "b.yaml")
    single = dump(base | {"facts": [minimal_fact(actors=["Moscow", "Iran"], attributed_to="Tehran")]},
                  tmp_path / "single.yaml")
    read = run("facts", "--file", folder, "--json").json()[0]
    assert (read["actors"], read["attributed_to"]) == (["Russia", "Iran"], "Iran")
    assert read == run("facts", "--file", single, "--json").json()[0]
    moved = [{**base["entities"][0], "aliases": []}, {**base["entities"][1], "aliases": ["Tehran", "Moscow"]}]
    dump({"sources": base["sources"], "entities": moved}, entities)  # b.yaml is read from its cache entry
    assert run("facts", "--file", folder, "--json").json()[0]["actors"] == ["Iran"]
    dump({"sources": base["sources"], "entities": [{**e, "aliases": []} for e in base["entities"]]}, entities)
    result = run("facts", "--file", folder, "--json")
    text = facts.read_text(encoding="utf-8")
    assert (result.code, result.error_lines) == (FACT_BASE_ERROR, [
        f"{facts}:{at(text, 'Moscow')}: unknown entity 'Moscow'",
        f"{facts}:{at(text, 'Tehran')}: unknown entity 'Tehran' (did you mean 'Iran'?); use 'the article' when the "
        "article itself makes the claim"])


def test_a_date_off_the_calendar_is_found_in_a_folder_and_again_on_the_next_run(run, tmp_path):
    folder = tmp_path / "base"
    base = minimal_base()
    dump({"sources": base["sources"], "entities": base["entities"]}, folder / "a.yaml")
    facts = dump({"facts": [minimal_fact(date="2001-02-31")]}, folder / "b.yaml")
    text = facts.read_text(encoding="utf-8")
    expected = [f"{facts}:{at(text, chr(39) + '2001-02-31')}: 'date' must be a real calendar date, not '2001-02-31'"]
    for _ in range(2):  # the file with the problem is never cached as good
        result = run("facts", "--file", folder, "--json")
        assert (result.code, result.error_lines) == (FACT_BASE_ERROR, expected)


# --- 6. sources add writes a new file into a folder --------------------------------------------------------------


def test_sources_add_writes_a_new_file_into_a_folder_and_rewrites_none(run, tmp_path):
    import hashlib

    folder = tmp_path / "base"
    base = minimal_base()
    files = {name: dump(content, folder / name) for name, content in (
        ("sources.yaml", {"sources": base["sources"]}), ("facts.yaml", {"facts": base["facts"],
                                                                         "entities": base["entities"]}))}
    before = {name: path.read_bytes() for name, path in files.items()}
    capture = tmp_path / "downloads" / "third.txt"
    capture.parent.mkdir()
    capture.write_text("Caspian Corridor\nRail freight grew last year.\n", encoding="utf-8")
    result = run("sources", "add", capture, "--id", "caspian", "--title", "Caspian Corridor", "--file", folder)
    assert result.code == 0, result.stderr
    new = folder / "caspian.yaml"
    assert result.error_lines[:2] == [
        f"added source 'caspian' to {folder} as {new} (sha256 {hashlib.sha256(capture.read_bytes()).hexdigest()})",
        f"copied {capture} to {folder / 'captures' / 'third.txt'}"]
    assert {name: path.read_bytes() for name, path in files.items()} == before
    assert (folder / "captures" / "third.txt").read_bytes() == capture.read_bytes()
    written = yaml.safe_load(new.read_text(encoding="utf-8"))
    assert written["captures"] == "captures" and [s["id"] for s in written["sources"]] == ["caspian"]
    assert [s["id"] for s in run("sources", "--json", "--file", folder).json()] == ["caspian", "one"]
    again = run("sources", "add", capture, "--id", "caspian", "--title", "Caspian Corridor", "--file", folder)
    assert (again.code, again.error_lines) == (2, ["alliance: error: --id: the fact base already has a source "
                                                   "'caspian'; choose another id"])
    assert sorted(p.name for p in folder.iterdir()) == ["captures", "caspian.yaml", "facts.yaml", "sources.yaml"]
