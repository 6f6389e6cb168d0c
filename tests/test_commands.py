"""show, timeline, stats, help, version and completion."""
from __future__ import annotations

import typing

import pytest

from alliance_cli.cli import options as cli
from alliance_cli.cli.app import main


def test_show_has_everything_about_a_fact(run):
    result = run("show", "divergence-003", "--no-color", tty=True, width=120)
    assert result.code == 0, result.stderr
    text = " ".join(result.stdout.split())
    for expected in [
        "divergence-003",
        "Attributed to Ahmad Vakhshiteh (lecturer at the Russian University of Friendship of Peoples)",
        "Stance opinion: A judgement attributed to a named or unnamed person or group.",
        "Credibility 6 (Truth cannot be judged):",
        "Contested yes, see below",
        "Inside the Russia-Iran Pact: Security, Sanctions & Secret Deals, Not named in the capture",
        "reliability F: Reliability cannot be judged",
        "section: Unequal Partners? Dynamics and Divergences in the Russland-Iran Bündnis",
        "Disagreement: The wording of the quotation",
        "Disagreement: Vakhshiteh's affiliation",
        "Related facts",
        "divergence-002",
    ]:
        assert expected in text, expected


def test_show_json_adds_cited_sources_and_related(run):
    fact = run("show", "security-015", "--json").json()
    assert fact["date"] == "2001"
    assert [s["id"] for s in fact["cited_sources"]] == ["inside-the-pact", "putins-promise"]
    assert fact["related_facts"][:2] == ["economy-001", "security-016"]


def test_show_suggests_the_closest_id(run):
    result = run("show", "securty-015")
    assert result.code == 5
    assert result.error_lines == ["alliance: error: no fact with id 'securty-015' (did you mean 'security-015'?); "
                                  "'alliance facts' lists them"]


def test_timeline_is_the_dated_facts_in_order(run, shipped):
    dated = sorted((f["date"], f["id"]) for f in shipped["facts"] if f.get("date"))
    result = run("timeline", "--json")
    assert [(f["date"], f["id"]) for f in result.json()] == dated
    table = run("timeline", tty=True, width=80)
    assert "2001" in table.stdout and "1 dated fact\n" in table.stdout


def test_stats_draws_bars_with_counts(run, shipped):
    result = run("stats", tty=True, width=100)
    assert "By theme" in result.stdout and "█" in result.stdout
    rows = {(r["group"], r["value"]): r["facts"] for r in run("stats", "--json").json()}
    assert rows[("theme", "security")] == sum("security" in f["themes"] for f in shipped["facts"])
    assert rows[("contested", "contested")] == sum(bool(f.get("disagreements")) for f in shipped["facts"])


COMMANDS = ["facts", "timeline", "show", "themes", "sources", "actors", "stats", "validate", "verify", "schema"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_opens_with_real_examples(capsys, command):
    assert main([command, "--help"]) == 0
    text = capsys.readouterr().out
    lines = [line.strip() for line in text.splitlines()]
    examples = lines.index("Examples:")
    assert lines[examples + 1].startswith(f"alliance {command}")
    assert examples < lines.index("Options:")


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == "alliance 1.0.0\n"


def test_no_arguments_prints_help(capsys):
    assert main([]) == 0
    assert "Usage: alliance" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(run):
    result = run("fact")
    assert result.code == 2
    assert result.error_lines[0].startswith("alliance: error: No such command 'fact'.")


def test_completion_offers_themes_actors_sources_and_ids(run, monkeypatch):
    class Context:
        obj = None
        params: typing.ClassVar[dict] = {}

    monkeypatch.setenv("XDG_CACHE_HOME", run.variables["XDG_CACHE_HOME"])
    assert cli.complete_themes("s") == ["security", "sanctions"]
    assert cli.complete_actors(Context(), "Vlad") == ["Vladimir Putin"]
    # typer keeps only completions that begin with what was typed, so the typed case is kept
    assert cli.complete_actors(Context(), "vlad") == ["vladimir Putin"]
    assert cli.complete_sources(Context(), "p") == ["putins-promise"]
    assert cli.complete_ids(Context(), "security-01")[:2] == ["security-010", "security-011"]
    Context.params = {"file": "/no/such/file.yaml"}
    assert cli.complete_ids(Context(), "") == []


def test_install_completion_is_offered(capsys):
    assert main(["--help"]) == 0
    assert "--install-completion" in capsys.readouterr().out


def test_stats_fits_80_columns_without_cutting_numbers(run, shipped):
    result = run("stats", tty=True, width=80)
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert f"│    {sum(f['credibility'] == 6 for f in shipped['facts'])} │" in result.stdout


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
