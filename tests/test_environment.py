"""environment.py and the process around it: any value of any variable the program reads gives a fallback or
one line, never a traceback."""
from __future__ import annotations

import io
import os
import sys

import pytest
from conftest import minimal_base

FACT_BASE_ERROR = 3


# --- any value of any variable the program reads: a fallback or one line, never a traceback --------

ODD_VALUES = ["", " ", "abc", "0", "-5", "²", "99999999999999999999", "1e3", "80 ", "\u202e80", "\udcff", "a\nb",
              "relative/path", "/proc/no-such-folder", "-R", "'unbalanced"]
VARIABLES = ["COLUMNS", "LINES", "PAGER", "ALLIANCE_PAGER", "NO_COLOR", "FORCE_COLOR", "TERM", "XDG_CACHE_HOME",
             "ALLIANCE_FACTS"]


class FakeTerminal(io.TextIOWrapper):
    def isatty(self):
        return True

    def fileno(self):
        return 99


@pytest.mark.parametrize("name", VARIABLES)
def test_odd_environment_values_on_a_terminal(name, monkeypatch, tmp_path, capfd):
    from alliance_cli.cli.entry import main

    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((100, 30)))
    for value in ODD_VALUES:
        stdout, stderr = FakeTerminal(io.BytesIO(), encoding="utf-8"), io.StringIO()
        monkeypatch.setattr(sys, "stdout", stdout)
        monkeypatch.setattr(sys, "stderr", stderr)
        for variable in VARIABLES:
            monkeypatch.delenv(variable, raising=False)
        monkeypatch.setenv("HOME", str(tmp_path))
        monkeypatch.setenv("LINES", "8")  # the listing is longer: the pager is asked for
        monkeypatch.setenv("PAGER", "cat")
        monkeypatch.setenv(name, value)
        monkeypatch.setattr(sys, "argv", ["alliance", "themes"])
        code = main()
        stdout.flush()
        shown = stdout.buffer.getvalue().decode("utf-8") + capfd.readouterr().out  # a pager writes to the real fd 1
        errors = stderr.getvalue().splitlines()
        assert "Traceback" not in stderr.getvalue() and "internal error" not in stderr.getvalue(), (name, value)
        if name == "ALLIANCE_FACTS" and value.strip():
            assert code == FACT_BASE_ERROR and len(errors) == 1, (value, errors)
            assert "no such file" in errors[0] or "is a directory" in errors[0]
        else:
            assert (code, errors) == (0, []), (name, value, errors)
            assert "security" in shown, (name, value)


@pytest.mark.parametrize("value, width", [("abc", 100), ("0", 100), ("²", 100), ("-5", 100), ("60", 60),
                                          (" 72 ", 72), ("99999999999999999999", 100)])
def test_columns_is_used_when_it_is_a_count_and_the_terminal_width_otherwise(value, width, monkeypatch):
    from alliance_cli.environment import Environment

    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((100, 30)))
    monkeypatch.setattr(sys, "stdout", FakeTerminal(io.BytesIO(), encoding="utf-8"))
    monkeypatch.setenv("COLUMNS", value)
    monkeypatch.setenv("LINES", value)
    env = Environment.from_process()
    assert (env.width, env.height) == (width, 30 if width == 100 else width)


def test_a_pager_that_cannot_run_does_not_lose_the_output(run, monkeypatch):
    from alliance_cli.environment import Environment
    from alliance_cli.render.terminal.output import emit

    out = io.BytesIO()
    env = Environment(out, io.StringIO(), stdout_isatty=True, height=3, pager="alliance-no-such-pager-here")
    emit(env, "one\ntwo\nthree\nfour\n")
    assert out.getvalue() == b"one\ntwo\nthree\nfour\n"


def test_a_cache_folder_name_no_system_takes_is_skipped(run, write_base):
    path = write_base(minimal_base())
    result = run("facts", "--file", path, "--json", variables={"XDG_CACHE_HOME": "/tmp/a\0b"})
    assert (result.code, result.stderr) == (0, "")


def test_a_fact_base_name_no_system_takes_is_one_line(run):
    result = run("facts", "--json", variables={"ALLIANCE_FACTS": "bad\0name.yaml"})
    assert (result.code, result.error_lines) == (FACT_BASE_ERROR, ["bad\\x00name.yaml: is not a usable file name"])
