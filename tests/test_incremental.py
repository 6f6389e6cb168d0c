"""An edit re-reads only what it changed (a file of a folder, a piece of a file), and every re-query after edits
gives what a cold load of the same data gives."""
from __future__ import annotations

import copy
import random
import re
from pathlib import Path

import pytest
import yaml
from conftest import dump, minimal_base, minimal_fact, small_base
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance_cli.factbase import assembly, cache, incremental, pieces

FACT_BASE_ERROR = 3


# --- 3. incremental: an edit re-reads that file only ----------------------------------------------


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """What each run parses, in order: files in full (by name), and the head or a piece of an edited file."""
    seen: list[str] = []
    whole, head, piece = assembly.parse_part, incremental.parse_head, incremental.parse_piece

    def counting(part):
        seen.append(Path(part.path).name)
        return whole(part)

    def counting_head(path, data, whole):
        seen.append(f"{Path(path).name}: head")
        return head(path, data, whole)

    def counting_piece(path, layout, n):
        seen.append(f"{Path(path).name}: {layout.counts[n]} facts")
        return piece(path, layout, n)

    monkeypatch.setattr(assembly, "parse_part", counting)
    monkeypatch.setattr(incremental, "parse_head", counting_head)
    monkeypatch.setattr(incremental, "parse_piece", counting_piece)
    return seen


@pytest.mark.own_cache  # counts what is parsed or cached
def test_after_an_edit_only_that_file_is_parsed_again(run, shipped_folder, parses):
    query = ("facts", "--file", shipped_folder, "-t", "economy", "--json")
    first = run(*query)
    assert sorted(parses) == ["divergence.yaml", "economy.yaml", "entities.yaml", "sanctions.yaml",
                              "security.yaml", "sources.yaml"]
    parses.clear()
    assert run(*query).stdout_bytes == first.stdout_bytes and parses == []  # warm: the folder's own entry
    economy = shipped_folder / "facts" / "economy.yaml"
    economy.write_text(economy.read_text(encoding="utf-8").replace("statement: ", "statement: Edited: ", 1)
                       .replace("Edited: ", "'Edited - ", 1).replace("\n  themes:", "'\n  themes:", 1),
                       encoding="utf-8")
    edited = run(*query)
    assert edited.code == 0, edited.stderr
    [head, piece] = parses  # the file's head (sources, entities, settings: none here) and the piece edited
    assert head == "economy.yaml: head" and re.fullmatch(r"economy\.yaml: \d+ facts", piece)
    assert edited.json()[0]["statement"].startswith("Edited - ")
    assert [f["id"] for f in edited.json()] == [f["id"] for f in first.json()]


@pytest.mark.own_cache  # counts what is parsed or cached
def test_each_file_has_its_own_entry_and_the_folder_one_more(run, shipped_folder):
    run("facts", "--file", shipped_folder, "--json")
    folder = Path(run.variables["XDG_CACHE_HOME"]) / "alliance"
    assert len(list(folder.glob(f"*{cache.SUFFIX}"))) == 6 + 1  # the folder's: the list of its files' entries
    assert len(list(folder.glob(f"*{cache.NOTE_SUFFIX}"))) == 1  # what each file held, for the run after an edit


# --- 5. edits at scale (issue 24): each re-query after an edit is the cold load's answer ---------------------


def edit(data: dict, rng: random.Random, step: int) -> str:
    """Change `data` in place as curation does, now and then wrongly; says what it did."""
    facts = data["facts"]
    fact = rng.choice(facts)
    kind = rng.choice(["statement", "statement", "insert", "delete", "move", "duplicate-id", "unknown-related",
                       "alias", "source-added", "source-dropped", "bad-stance", "self-related"])
    if kind == "statement":
        fact["statement"] = f"Edited ({step}): {fact['statement']}"
    elif kind == "insert":
        facts.insert(rng.randrange(len(facts) + 1), {**fact, "id": f"security-{900 + step}"})
    elif kind == "delete" and len(facts) > 1:
        facts.remove(fact)
    elif kind == "move":
        facts.remove(fact)
        facts.insert(rng.randrange(len(facts) + 1), fact)
    elif kind == "duplicate-id":
        fact["id"] = rng.choice(facts)["id"]
    elif kind == "unknown-related":
        fact["related"] = [f"security-{800 + step}"]
    elif kind == "self-related":
        fact["related"] = [fact["id"]]
    elif kind == "alias":
        entity = rng.choice(data["entities"])
        entity["aliases"] = [*entity.get("aliases", []), f"Alias {step}"]
    elif kind == "source-added":
        data["sources"].append({**data["sources"][0], "id": f"added-{step}"})
    elif kind == "source-dropped" and len(data["sources"]) > 1:
        data["sources"].pop(rng.randrange(len(data["sources"])))
    elif kind == "bad-stance":
        fact["stance"] = "sure"
    return kind


def write_as(data: dict, target: Path, files: int) -> None:
    """`data` as one file, or as a folder of `files` files (sources and entities in the first)."""
    if files == 1:
        dump(data, target)
        return
    facts = data["facts"]
    size = -(-len(facts) // (files - 1))
    dump({"sources": data["sources"], "entities": data["entities"]}, target / "base.yaml")
    for n in range(files - 1):
        dump({"facts": facts[n * size:(n + 1) * size] or [facts[0]]} if n == 0 else {"facts": facts[n * size:(n + 1) * size]},
             target / f"facts-{n}.yaml")


def agrees_with_a_cold_load(run, target: Path) -> None:
    for argv in (["facts", "--json"], ["facts", "-t", "sanctions", "--sort", "id"], ["stats", "--json"]):
        warm, cold = run(*argv, "--file", target), run(*argv, "--file", target, "--no-cache")
        assert (warm.code, warm.stdout, warm.stderr) == (cold.code, cold.stdout, cold.stderr), argv


def requeries_after_edits(run, target: Path, files: int, seed: int, edits: int, monkeypatch) -> list[str]:
    """The edits made; each is followed by queries checked against a cold load. Each run that the
    pieces served (rather than a load of whole files) is counted in the list as `served`."""
    monkeypatch.setattr(pieces, "AVERAGE", 3)  # pieces of a few facts, so that twenty facts make several
    served: list[str] = []
    for name in ("load_file", "load_folder"):
        real = getattr(incremental, name)

        def counting(*args, real=real, **kwargs):
            built = real(*args, **kwargs)
            served.extend(["served"] if built is not None else [])
            return built

        monkeypatch.setattr(incremental, name, counting)
    rng = random.Random(seed)  # noqa: S311 - choosing test data, not secrets
    data = yaml.safe_load(small_base())
    write_as(data, target, files)
    agrees_with_a_cold_load(run, target)
    done = []
    for step in range(edits):
        good = copy.deepcopy(data)
        done.append(edit(data, rng, step))
        write_as(data, target, files)
        agrees_with_a_cold_load(run, target)
        if rng.random() < 0.5:  # most often the mistake is put right, as curation would
            data = good
    return done + served


def test_requeries_after_edits_to_one_file_agree_with_a_cold_load(run, tmp_path, monkeypatch):
    done = requeries_after_edits(run, tmp_path / "base.yaml", 1, 7, 6, monkeypatch)
    assert done.count("served") >= 2, done


def test_requeries_after_edits_to_a_folder_agree_with_a_cold_load(run, tmp_path, monkeypatch):
    done = requeries_after_edits(run, tmp_path / "base", 3, 11, 6, monkeypatch)
    assert done.count("served") >= 2, done


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), files=st.integers(1, 4))
def test_requeries_after_random_edits_agree_with_a_cold_load(run, tmp_path_factory, monkeypatch, seed, files):
    target = tmp_path_factory.mktemp("edited") / ("base.yaml" if files == 1 else "base")
    requeries_after_edits(run, target, files, seed, 10, monkeypatch)


@pytest.mark.own_cache  # counts what is parsed or cached
def test_a_rebuilt_file_parses_only_the_piece_edited(run, tmp_path, monkeypatch, parses):
    monkeypatch.setattr(pieces, "AVERAGE", 3)
    data = yaml.safe_load(small_base())
    target = dump(data, tmp_path / "base.yaml")
    run("facts", "--json", "--file", target)
    data["facts"][10]["statement"] = "Edited."
    dump(data, target)
    parses.clear()
    agrees_with_a_cold_load(run, target)
    head, piece, *more = parses
    assert head == "base.yaml: head" and re.fullmatch(r"base\.yaml: \d+ facts", piece) and more == []
    assert int(piece.split()[1]) < len(data["facts"])


@pytest.mark.slow
def test_a_folder_of_2000_files_parses_only_the_file_edited(run, tmp_path, parses):
    """Issue 21, item 15: the cache once kept 1,024 entries, so a folder of 2,000 files evicted its own,
    and the run after an edit to one file parsed about a thousand again."""
    folder = tmp_path / "base"
    base = minimal_base(minimal_fact("sanctions-000"))
    dump({"sources": base["sources"], "entities": base["entities"]}, folder / "base.yaml")
    for n in range(2000):
        dump({"facts": [minimal_fact(f"sanctions-{n + 1:04}")]}, folder / f"f{n:04}.yaml")
    first = run("facts", "--file", folder, "--json")
    assert first.code == 0 and len(parses) == 2001
    edited = folder / "f1000.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("statement: ", "statement: Edited ", 1),
                      encoding="utf-8")
    parses.clear()
    again = run("facts", "--file", folder, "--json")
    assert parses == ["f1000.yaml: head", "f1000.yaml: 1 facts"]
    assert again.stdout == run("facts", "--file", folder, "--json", "--no-cache").stdout != first.stdout
