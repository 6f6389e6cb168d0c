"""`alliance diff OLD NEW`: facts added, removed and changed by id, as a table, JSON or Markdown; git revisions."""
from __future__ import annotations

import copy
import subprocess

import pytest
from conftest import minimal_base, minimal_fact


@pytest.fixture
def versions(write_base, tmp_path, monkeypatch):
    """An old and a new fact base: one fact changed, one removed, one added, one source changed."""
    kept = minimal_fact("sanctions-001")
    gone = minimal_fact("sanctions-002", statement="A fact that goes.")
    old = minimal_base(kept, gone)
    new = minimal_base(copy.deepcopy(kept), minimal_fact("economy-001", statement="A new fact.", themes=["economy"]))
    changed = new["facts"][0]
    changed.update(stance="hedged", credibility=6, statement="Both partners may be under Western sanctions.")
    changed["evidence"] = [{"source": "one", "section": "Heading", "quote": "heavily burdened"}]
    new["sources"][0]["reliability"] = "E"
    write_base(old, "old.yaml")
    write_base(new, "new.yaml")
    monkeypatch.chdir(tmp_path)
    return "old.yaml", "new.yaml"


def test_diff_json_names_each_change_by_id(run, versions):
    old, new = versions
    result = run("diff", old, new, "--json")
    assert result.code == 0, result.stderr
    assert result.json() == {
        "old": str(old), "new": str(new),
        "facts": {
            "added": [minimal_fact("economy-001", statement="A new fact.", themes=["economy"])],
            "removed": [minimal_fact("sanctions-002", statement="A fact that goes.")],
            "changed": [{"id": "sanctions-001", "fields": [
                {"field": "statement", "old": "Both partners are under Western sanctions.",
                 "new": "Both partners may be under Western sanctions."},
                {"field": "stance", "old": "asserted", "new": "hedged"},
                {"field": "credibility", "old": 3, "new": 6},
                {"field": "evidence",
                 "old": [{"source": "one", "section": "Heading", "quote": "both nations are heavily burdened"}],
                 "new": [{"source": "one", "section": "Heading", "quote": "heavily burdened"}],
                 "removed_items": [{"source": "one", "section": "Heading",
                                    "quote": "both nations are heavily burdened"}],
                 "added_items": [{"source": "one", "section": "Heading", "quote": "heavily burdened"}]},
            ]}],
        },
        "sources": {"added": [], "removed": [], "changed": [
            {"id": "one", "fields": [{"field": "reliability", "old": "F", "new": "E"}]}]},
    }


TABLE = """\
Changes from old.yaml to new.yaml
╭─────────┬───────────────┬────────────────────┬───────────────────────────────────┬───────────────────────────────────╮
│ change  │ id            │ field              │ before                            │ after                             │
├─────────┼───────────────┼────────────────────┼───────────────────────────────────┼───────────────────────────────────┤
│ added   │ economy-001   │                    │                                   │ A new fact.                       │
├─────────┼───────────────┼────────────────────┼───────────────────────────────────┼───────────────────────────────────┤
│ removed │ sanctions-002 │                    │ A fact that goes.                 │                                   │
├─────────┼───────────────┼────────────────────┼───────────────────────────────────┼───────────────────────────────────┤
│ changed │ one           │ source reliability │ F                                 │ E                                 │
├─────────┼───────────────┼────────────────────┼───────────────────────────────────┼───────────────────────────────────┤
│ changed │ sanctions-001 │ statement          │ Both partners are under Western   │ Both partners may be under        │
│         │               │                    │ sanctions.                        │ Western sanctions.                │
├─────────┼───────────────┼────────────────────┼───────────────────────────────────┼───────────────────────────────────┤
│ changed │ sanctions-001 │ stance             │ asserted                          │ hedged                            │
├─────────┼───────────────┼────────────────────┼───────────────────────────────────┼───────────────────────────────────┤
│ changed │ sanctions-001 │ credibility        │ 3                                 │ 6                                 │
├─────────┼───────────────┼────────────────────┼───────────────────────────────────┼───────────────────────────────────┤
│ changed │ sanctions-001 │ evidence           │ − one [Heading]: “both nations    │ + one [Heading]: “heavily         │
│         │               │                    │ are heavily burdened”             │ burdened”                         │
╰─────────┴───────────────┴────────────────────┴───────────────────────────────────┴───────────────────────────────────╯
1 fact added, 1 removed, 1 changed; 0 sources added, 0 removed, 1 changed
"""


def test_diff_table(run, versions):
    old, new = versions
    result = run("diff", old, new, width=120)
    assert result.code == 0, result.stderr
    assert result.stdout == TABLE


def test_diff_markdown(run, versions):
    old, new = versions
    result = run("diff", old, new, "--format", "markdown")
    assert result.stdout == (
        f"# Changes from {old} to {new}\n"
        "\n"
        "1 fact added, 1 removed, 1 changed; 0 sources added, 0 removed, 1 changed.\n"
        "\n"
        "## Facts added\n\n- **economy-001**: A new fact.\n\n"
        "## Facts removed\n\n- **sanctions-002**: A fact that goes.\n\n"
        "## Facts changed\n\n"
        "### sanctions-001\n\n"
        "| field | before | after |\n"
        "|---|---|---|\n"
        "| statement | Both partners are under Western sanctions. | Both partners may be under Western sanctions. |\n"
        "| stance | asserted | hedged |\n"
        "| credibility | 3 | 6 |\n"
        "| evidence | − one \\[Heading\\]: “both nations are heavily burdened” | + one \\[Heading\\]: “heavily "
        "burdened” |\n"
        "\n"
        "## Sources changed\n\n"
        "### one\n\n"
        "| field | before | after |\n"
        "|---|---|---|\n"
        "| reliability | F | E |\n")


def test_diff_of_equal_fact_bases_says_so(run, versions):
    old, _ = versions
    result = run("diff", old, old)
    assert (result.code, result.stdout, result.error_lines) == (
        0, "", [f"No changes: {old} and {old} hold the same facts and sources."])
    assert run("diff", old, old, "--json").json()["facts"] == {"added": [], "removed": [], "changed": []}


def test_diff_reports_a_bad_side_like_any_fact_base(run, versions, tmp_path):
    old, _ = versions
    missing = run("diff", old, "none.yaml")
    assert (missing.code, missing.error_lines) == (3, ["none.yaml: no such file (give another with --file or "
                                                       "$ALLIANCE_FACTS)"])
    bad_format = run("diff", old, old, "--format", "csv")
    assert bad_format.code == 2
    assert "unknown format 'csv'" in bad_format.error_lines[0]


def test_diff_reads_git_revisions(run, tmp_path, monkeypatch, write_base):
    monkeypatch.chdir(tmp_path)
    environment = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                   "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    def git(*args: str) -> None:
        subprocess.run(["git", *args], check=True, capture_output=True)

    git("init", "-q")
    write_base(minimal_base(minimal_fact("sanctions-001"), minimal_fact("sanctions-002")), "facts.yaml")
    git("add", "facts.yaml")
    git("commit", "-q", "-m", "first")
    write_base(minimal_base(minimal_fact("sanctions-001", credibility=2)), "facts.yaml")
    changes = run("diff", "HEAD:facts.yaml", "facts.yaml", "--json").json()["facts"]
    assert [f["id"] for f in changes["removed"]] == ["sanctions-002"]
    assert changes["changed"] == [{"id": "sanctions-001", "fields": [{"field": "credibility", "old": 3, "new": 2}]}]
    unknown = run("diff", "HEAD~5:facts.yaml", "facts.yaml")
    assert unknown.code == 3
    assert unknown.error_lines[0].startswith("HEAD~5:facts.yaml: no such file, and git cannot read it as REV:PATH: ")
