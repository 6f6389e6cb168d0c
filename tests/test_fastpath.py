"""The fast path for `facts --theme T --json` writes exactly what the typer command line writes."""
from __future__ import annotations

import io

import pytest

from alliance_cli.cli import fastpath
from alliance_cli.cli.app import main
from alliance_cli.render.environment import Environment

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
