"""Every class of error, sent through both entry paths (the fast path and typer), ends the same way."""
from __future__ import annotations

import io

import pytest
from conftest import minimal_base, minimal_fact

from alliance_cli import errors
from alliance_cli.cli import fastpath
from alliance_cli.cli.app import main
from alliance_cli.environment import Environment
from alliance_cli.query import selection
from alliance_cli.render.terminal.output import OutputClosed

ARGV = ["facts", "--theme", "sanctions", "--json"]


class ClosedPipe(io.BytesIO):
    def write(self, data):
        raise BrokenPipeError(32, "Broken pipe")


def through_both(run, argv, *, encoding="utf-8", stdout_class=io.BytesIO, **variables):
    """(exit code, stdout, stderr) from each entry path, for the same run."""
    ends = []
    for entry in (fastpath.run, main):
        out, err = stdout_class(), io.StringIO()
        env = Environment(stdout=out, stderr=err, stdout_encoding=encoding,
                          variables={**run.variables, **variables})
        code = entry(argv, env)
        ends.append((code, out.getvalue() if stdout_class is io.BytesIO else b"", err.getvalue()))
    assert ends[0][0] is not None, "the fast path should serve this run"
    return ends


ALLIANCE_ERRORS = [cls for cls in vars(errors).values()
                   if isinstance(cls, type) and issubclass(cls, errors.AllianceError)] + [OutputClosed]


@pytest.mark.parametrize("error_class", ALLIANCE_ERRORS, ids=lambda cls: cls.__name__)
def test_each_alliance_error_gives_the_same_line_and_code(run, monkeypatch, error_class):
    def fail(*args):
        raise error_class("first line", "second line")

    monkeypatch.setattr(selection, "select", fail)
    fast, full = through_both(run, ARGV)
    assert fast == full
    assert fast[0] == error_class.exit_code


@pytest.mark.parametrize(("raised", "code", "stderr"), [
    (KeyboardInterrupt(), 130, "alliance: interrupted\n"),
    (BrokenPipeError(32, "Broken pipe"), 141, ""),
    (RuntimeError("boom\nsecond"), 1, "alliance: internal error: RuntimeError: boom second (this is a bug in "
                                      "alliance; rerun with ALLIANCE_DEBUG=1 for the traceback and report it)\n"),
])
def test_interrupts_broken_pipes_and_bugs_end_the_same_way(run, monkeypatch, raised, code, stderr):
    def fail(*args):
        raise raised

    monkeypatch.setattr(selection, "select", fail)
    fast, full = through_both(run, ARGV)
    assert fast == full == (code, b"", stderr)


def test_fact_base_errors_are_the_same(run, write_base, tmp_path):
    bad = write_base("sources: [\n")
    fast, full = through_both(run, ARGV + ["--file", str(bad)])
    assert fast == full and fast[0] == 3 and fast[2].startswith(f"{bad}:2:1: ")
    missing = tmp_path / "missing.yaml"
    fast, full = through_both(run, ARGV, ALLIANCE_FACTS=str(missing))
    assert fast == full
    assert fast == (3, b"", f"{missing}: no such file (give another with --file or $ALLIANCE_FACTS)\n")


def test_output_errors_are_the_same(run, write_base):
    accented = write_base(minimal_base(minimal_fact(statement="Das Russland-Iran-Bündnis.")))
    fast, full = through_both(run, ["facts", "--theme", "sanctions", "--file", str(accented)], encoding="ascii")
    assert fast == full and fast[0] == 6 and "cannot show" in fast[2]
    fast, full = through_both(run, ARGV, stdout_class=ClosedPipe)
    assert fast == full == (141, b"", "")


@pytest.mark.parametrize(("argv", "expected"), [
    (["facts", "--theme", "sanction"], "alliance: error: --theme: unknown theme 'sanction' (did you mean 'sanctions'?)"),
    (["facts", "--actor", "Putn"], "alliance: error: --actor: no entity named 'Putn' (did you mean 'Vladimir Putin'?)"),
    (["facts", "--limit", "x"], "alliance: error: --limit: 'x' is not a whole number of 0 or more"),
    (["timeline", "--stance", "firm"], "alliance: error: --stance: unknown stance 'firm'"),
    (["facts", "--bogus"], "alliance: error: No such option: --bogus (see 'alliance facts --help')"),
])
def test_a_usage_error_has_one_form_and_one_exit_code_whichever_check_finds_it(run, argv, expected):
    result = run(*argv)
    assert result.code == 2
    [line] = result.error_lines
    assert line.startswith(expected), line
