"""factbase/validation.py and suggest.Index on a broken fact base: the error path is linear, and a query shows a
bounded number of problems."""
from __future__ import annotations

from pathlib import Path

import yaml
from conftest import minimal_base, minimal_fact

from alliance_cli.suggest import Index

FACT_BASE_ERROR = 3


def dump(data, path: Path) -> Path:
    path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def at(text: str, needle: str) -> str:
    index = text.index(needle)
    return f"{text.count(chr(10), 0, index) + 1}:{index - text.rfind(chr(10), 0, index)}"


def test_a_query_shows_twenty_problems_and_how_many_more_validate_shows_all(run, tmp_path):
    facts = [minimal_fact(f"sanctions-{n:03d}", related=[f"sanctions-{n + 500:03d}"]) for n in range(1, 31)]
    path = dump(minimal_base(*facts), tmp_path / "facts.yaml")
    query = run("facts", "--file", path, "--json")
    assert query.code == FACT_BASE_ERROR
    assert len(query.error_lines) == 21
    assert query.error_lines[:2] == [f"{path}:{at(path.read_text(), 'sanctions-501')}: unknown fact 'sanctions-501' "
                                     "(did you mean 'sanctions-001'?)",
                                     f"{path}:{at(path.read_text(), 'sanctions-502')}: unknown fact 'sanctions-502' "
                                     "(did you mean 'sanctions-002'?)"]
    assert query.error_lines[-1] == f"… and 10 more problems; run 'alliance validate {path}' to list them all"
    every = run("validate", path)
    assert every.code == FACT_BASE_ERROR and len(every.error_lines) == 30
    assert every.error_lines[:20] == query.error_lines[:20]


def test_suggestions_come_from_an_index_aware_of_prefixes_and_numbers():
    ids = [f"{theme}-{n:06d}" for n in range(2000) for theme in ("security", "sanctions")]
    index = Index(ids)
    spent = Index.spent
    assert index.closest("security-00012") == "security-000012"  # a digit dropped
    assert index.closest("SECURITY-000012") == "security-000012"  # case
    assert index.closest("economy-001999") in ("security-001999", "sanctions-001999")  # the number, another prefix
    assert Index.spent == spent  # none of these scanned every id
    assert index.closest("securityy") == "security-000000"  # no number: similar spellings, over every id
    assert Index.spent == spent + len(ids)


def test_fuzzy_suggestions_stop_at_the_budget_so_many_problems_stay_linear(monkeypatch):
    monkeypatch.setattr(Index, "spent", 0)
    monkeypatch.setattr(Index, "FUZZY_BUDGET", 25_000)
    index = Index([f"fact-{n}" for n in range(10_000)])
    assert index.closest("fakt-zz") is not None  # 10,000 spent
    assert index.closest("fakt-zy") is not None  # 20,000 spent
    assert index.closest("fakt-zx") is None  # would pass 25,000: no fuzzy search
    assert index.closest("fact-00017") == "fact-17"  # lookups by number still answer


def test_many_broken_references_cost_lookups_not_scans(run, tmp_path, monkeypatch):
    monkeypatch.setattr(Index, "spent", 0)
    facts = [minimal_fact(f"security-{n:05d}", themes=["security"],
                          related=[f"security-{(n + 1) % 1000:04d}"] if n % 10 == 0 else [])
             for n in range(1000)]
    path = dump(minimal_base(*facts), tmp_path / "facts.yaml")
    result = run("validate", path)
    assert result.code == FACT_BASE_ERROR and len(result.error_lines) == 100
    assert result.error_lines[0].endswith("unknown fact 'security-0001' (did you mean 'security-00001'?)")
    assert Index.spent == 0
