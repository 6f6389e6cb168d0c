"""The fast path for `facts --theme T --json` writes exactly what the typer command line writes."""
from __future__ import annotations

import io

import pytest

from alliance_cli.cli import fastpath
from alliance_cli.cli.app import main
from alliance_cli.environment import Environment

SERVED = [
    ["facts", "--json"],
    ["facts", "--theme", "sanctions", "--json"],
    ["facts", "-t", "SANCTIONS", "-t", "economy", "--json"],
    ["facts", "-t", "economy", "-t", "economy", "--json"],
    ["facts", "--json", "--theme", "divergence", "--no-cache"],
    ["facts", "--format", "jsonl", "-t", "security"],
    ["facts", "-f", "json"],
    ["facts", "--theme", "sanctions"],
    ["facts", "-t", "Economy", "--no-color", "--no-pager"],
    ["facts", "--format", "table", "-t", "divergence"],
    ["facts"],
]
NOT_SERVED = [
    [], ["--help"], ["facts", "-t", "sanction", "--json"], ["facts", "--json", "--json"],
    ["facts", "--json", "--format", "csv"], ["facts", "--json", "--limit", "3"], ["facts", "--theme", "--json"],
    ["facts", "-tsanctions", "--json"], ["facts", "--theme=sanctions", "--json"], ["show", "security-001"],
    ["facts", "--json", "--file"], ["facts", "--json", "-F", "a.yaml", "-F", "b.yaml"], ["facts", "--json", "--help"],
]


def both(run, argv, variables=None, tty=False):
    results = []
    for entry in (fastpath.run, main):
        out, err = io.BytesIO(), io.StringIO()
        env = Environment(stdout=out, stderr=err, stdout_isatty=tty, color=tty, width=80 if tty else None,
                          variables={**run.variables, **(variables or {})})
        results.append((entry(argv, env), out.getvalue(), err.getvalue()))
    return results


@pytest.mark.parametrize("argv", SERVED)
def test_served_runs_match_the_typer_command_line(run, argv):
    fast, full = both(run, argv)
    assert fast[0] is not None, "the fast path should serve this"
    assert fast == full
    assert fast[0] == 0 and fast[1]


@pytest.mark.parametrize("argv", NOT_SERVED)
def test_everything_else_is_left_to_typer(argv):
    assert fastpath.parse(argv) is None


def test_terminal_tables_match(run):
    fast, full = both(run, ["facts", "-t", "sanctions"], tty=True)
    assert fast == full and "\x1b[" in fast[1].decode()
    fast, full = both(run, ["facts", "-t", "sanctions", "--no-color"], tty=True)
    assert fast == full and "\x1b[" not in fast[1].decode()


def test_every_option_the_fast_path_recognises_is_declared_by_facts_with_the_same_meaning():
    """The fast path's grammar is a subset of `facts`: each option it reads is one `facts` declares, under the
    same parameter (so the same meaning), and every value it accepts is one `facts` accepts as the same value."""
    import typer

    from alliance_cli.cli import options
    from alliance_cli.cli.app import build_app
    from alliance_cli.factbase.vocabulary import THEMES
    from alliance_cli.render import FORMATS

    facts = typer.main.get_command(build_app()).commands["facts"]  # type: ignore[attr-defined]
    declared = {name: param.name for param in facts.params for name in param.opts + param.secondary_opts}
    # fast path's key -> the facts parameter that means the same
    meaning = {"themes": "theme", "file": "file", "format": "fmt", "json": "json_output",
               "no_cache": "no_cache", "no_color": "no_color", "no_pager": "no_pager"}
    recognised = {**{o: "themes" for o in fastpath._THEME_OPTIONS}, **{o: "file" for o in fastpath._FILE_OPTIONS},
                  **{o: "format" for o in fastpath._FORMAT_OPTIONS}, "--json": "json", **fastpath._FLAGS}
    for option, key in recognised.items():
        assert declared.get(option) == meaning[key], option
    for fmt in fastpath._FAST_FORMATS:
        assert options.choose(fmt, FORMATS, "format") == fmt
    assert [options.choose(theme, tuple(THEMES), "theme") for theme in THEMES] == list(THEMES)
    for argv in (["facts", "--theme", "Sanctions"], ["facts", "-t", "economy", "--format", "jsonl", "--no-pager"]):
        parsed = fastpath.parse(argv)
        assert parsed is not None, argv
        assert set(parsed) == set(meaning), argv


def test_the_filter_options_are_declared_once_and_shared(tmp_path):
    """facts, timeline, stats and browse take the same filter options, from one declaration."""
    import typer

    from alliance_cli.cli import options
    from alliance_cli.cli.app import build_app

    commands = typer.main.get_command(build_app()).commands  # type: ignore[attr-defined]
    wanted = [name for name, _, _ in options.FILTER_OPTIONS + options.ORDERING_OPTIONS]
    for name in ("facts", "timeline", "stats", "browse"):
        taken = [p.name for p in commands[name].params]
        assert [p for p in taken if p in wanted] == wanted, name
