"""Issue 10, the views and checks: tables at 80 columns, the markdown brief's disagreements, verify's sections,
calendar dates, conflicting options, stats filters and shell completion."""
from __future__ import annotations

import hashlib
import re

import pytest
import yaml
from conftest import SHIPPED, minimal_base, minimal_fact

from alliance_cli.cli.app import main

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


# --- verify: sections ----------------------------------------------------------------------------------------------

PACT = "inside-the-russia-iran-pact.txt"
FORGING = "Forging a New Eastern Axis: The Russia-Iran Strategic Imperative"
QUOTE = "both nations are heavily burdened by comprehensive Western sanctions"


@pytest.fixture
def captured(write_base, captures):
    def base_with(*sections: str):
        data = minimal_base(*(minimal_fact(f"sanctions-{n:03}", evidence=[
            {"source": "one", "section": section, "quote": QUOTE}]) for n, section in enumerate(sections, 1)))
        data["sources"][0]["sha256"] = hashlib.sha256((captures / PACT).read_bytes()).hexdigest()
        return write_base(data)

    return base_with


def test_verify_checks_each_section_is_a_heading_and_the_quote_stands_under_it(run, captured, captures):
    assert run("verify", "--sources", captures, "--file", captured(FORGING)).code == 0
    path = captured(FORGING, "Totally made up heading", FORGING.replace("New", "new"),
                    "Sanctions and Survival: The Economic Underpinnings of the Alliance")
    result = run("verify", "--sources", captures, "--file", path)
    assert result.code == 4
    assert result.error_lines == [
        "sanctions-002: source one: section “Totally made up heading” is not a heading of the source; it is given "
        f"for the quote “{QUOTE}”",
        f"sanctions-003: source one: section “{FORGING.replace('New', 'new')}” is not a heading of the source (did "
        f"you mean “{FORGING}”?); it is given for the quote “{QUOTE}”",
        f"sanctions-004: source one: the quote “{QUOTE}” is not under section “Sanctions and Survival: The Economic "
        f"Underpinnings of the Alliance”: it stands under “{FORGING}”",
        "3 of 4 quotes or 1 sources failed verification",
    ]


# --- validation: calendar dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("date, valid", [("2001-02-31", False), ("2001-02-29", False), ("2000-02-29", True),
                                         ("2001-04-31", False), ("2001-12-31", True), ("2001-02", True)])
def test_dates_must_be_on_the_calendar(run, write_base, date, valid):
    path = write_base(yaml.safe_dump(minimal_base(minimal_fact(date=date)), sort_keys=False))
    result = run("validate", path)
    if valid:
        assert result.code == 0, result.stderr
    else:
        line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.strip().startswith("date:"))
        assert (result.code, result.error_lines) == (3, [
            f"{path}:{line}:9: 'date' must be a real calendar date, not '{date}'"])


# --- conflicting options, stats ------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, line", [
    (("--contested", "--uncontested"), "--contested and --uncontested exclude each other; give one"),
    (("--since", "2002", "--until", "2001"), "--since 2002 is after --until 2001; no date can be in that range"),
    (("--fields", "id", "--format", "markdown"), "--fields shapes json, jsonl, csv, spreadsheet; --format markdown writes whole "
                                                 "facts, so drop --fields or choose one of those formats"),
    (("--format", "json", "--format", "csv"), "--format was given 2 times ('json' and 'csv'); give it once"),
    (("--json", "--format", "csv"), "--json and --format csv ask for two formats; give one"),
    (("--sort", "id", "--sort", "date"), "--sort was given 2 times ('id' and 'date'); give it once"),
])
def test_conflicting_or_repeated_single_value_options_are_usage_errors(run, base, args, line):
    result = run("facts", "--file", base, *args)
    assert (result.code, result.stdout, result.error_lines) == (2, "", [f"alliance: error: {line}"])


def test_stats_takes_the_filters_of_facts(run, base):
    rows = run("stats", "--file", base, "--theme", "economy", "--actor", "russia", "--json").json()
    by_theme = {r["value"]: r["facts"] for r in rows if r["group"] == "theme"}
    assert by_theme == {"security": 0, "sanctions": 0, "economy": 3, "divergence": 0}
    searched = run("stats", "--file", base, "-q", "RUDN", "--json").json()
    assert {r["value"]: r["facts"] for r in searched if r["group"] == "contested"} == {"contested": 1,
                                                                                     "uncontested": 0}


# --- completion ----------------------------------------------------------------------------------------------------

def complete(monkeypatch, capsys, run, words: str, shell: str = "bash") -> list[str]:
    monkeypatch.setenv("XDG_CACHE_HOME", run.variables["XDG_CACHE_HOME"])
    monkeypatch.setenv("_ALLIANCE_COMPLETE", f"complete_{shell}")
    if shell == "bash":
        monkeypatch.setenv("COMP_WORDS", words)
        monkeypatch.setenv("COMP_CWORD", str(len(words.split()) - (0 if words.endswith(" ") else 1)))
    else:
        monkeypatch.setenv("_TYPER_COMPLETE_ARGS", words)
    with pytest.raises(SystemExit):
        main([])
    return capsys.readouterr().out.splitlines()


def test_bash_completion_quotes_names_of_several_words(monkeypatch, capsys, run):
    assert complete(monkeypatch, capsys, run, "alliance facts --actor Vlad") == ["Vladimir\\ Putin"]
    assert complete(monkeypatch, capsys, run, "alliance facts --attributed-to the") == ["the\\ article", "the\\ West"]
    assert complete(monkeypatch, capsys, run, "alliance facts --actor 'Russland-I") == ["Russland-Iran\\ Bündnis"]


def test_zsh_gets_the_names_as_they_are(monkeypatch, capsys, run):
    assert complete(monkeypatch, capsys, run, "alliance facts --actor Vlad", "zsh") == [
        "_arguments '*: :((\"Vladimir Putin\"))'"]


@pytest.mark.parametrize("words, expected", [
    ("alliance facts --stance h", ["hedged"]),
    ("alliance facts --format j", ["json", "jsonl"]),
    ("alliance facts --sort c", ["credibility"]),
    ("alliance facts --min-reliability ", ["A", "B", "C", "D", "E", "F"]),
    ("alliance stats --theme s", ["security", "sanctions"]),
])
def test_completion_of_fixed_values(monkeypatch, capsys, run, words, expected):
    assert complete(monkeypatch, capsys, run, words) == expected
