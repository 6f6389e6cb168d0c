"""Untrusted text in the fact base never drives the terminal; pipes, signals and locales end cleanly."""
from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time

import pytest
import yaml
from conftest import ROOT, minimal_base, minimal_fact

HOSTILE = {
    "markup": "[bold red]loud[/] and a lone [/] closing tag",
    "emoji": "smiling :smile: face",
    "ansi": "red \x1b[31mRED\x1b[0m text",
    "osc": "title \x1b]0;pwned\x07 set",
    "c1": "csi \x9b31m in C1",
    "bidi": "abc \u202eevil\u202c def",
}
VISIBLE = {
    "markup": "[bold red]loud[/] and a lone [/] closing tag",
    "emoji": "smiling :smile: face",
    "ansi": "red \\x1b[31mRED\\x1b[0m text",
    "osc": "title \\x1b]0;pwned\\x07 set",
    "c1": "csi \\x9b31m in C1",
    "bidi": "abc <U+202E>evil<U+202C> def",
}
RAW_CONTROL = ("\x1b]", "\x07", "\x9b", "\u202e", "\x1b[31mRED")


@pytest.fixture
def hostile_base(write_base):
    facts = [minimal_fact(f"security-{n:03}", themes=["security"], statement=text,
                          evidence=[{"source": "one", "section": text, "quote": text}])
             for n, text in enumerate(HOSTILE.values(), start=1)]
    base = minimal_base(*facts)
    base["sources"][0]["title"] = HOSTILE["osc"]
    base["entities"][0]["aliases"] = [HOSTILE["markup"]]
    return write_base(base)


@pytest.mark.parametrize("color", [False, True])
def test_table_shows_hostile_text_literally(run, hostile_base, color):
    result = run("facts", "--file", hostile_base, tty=True, color=color, width=200)
    assert result.code == 0, result.stderr
    for kind, text in VISIBLE.items():
        assert text in result.stdout, kind
    for raw in RAW_CONTROL:
        assert raw not in result.stdout
    assert "😄" not in result.stdout


@pytest.mark.parametrize("color", [False, True])
def test_show_shows_hostile_text_literally(run, hostile_base, color):
    for n in range(1, len(HOSTILE) + 1):
        result = run("show", f"security-{n:03}", "--file", hostile_base, tty=True, color=color, width=200)
        assert result.code == 0, result.stderr
        text = list(VISIBLE.values())[n - 1]
        assert result.stdout.count(text) >= 3  # statement, section and quote
        assert VISIBLE["osc"] in result.stdout  # the source's title
        for raw in RAW_CONTROL:
            assert raw not in result.stdout


@pytest.mark.parametrize("command", ["sources", "actors", "timeline", "stats"])
def test_other_human_views_neutralise_too(run, hostile_base, command):
    result = run(command, "--file", hostile_base, tty=True, color=True, width=200)
    assert result.code == 0, result.stderr
    for raw in RAW_CONTROL:
        assert raw not in result.stdout


def test_markdown_neutralises_and_escapes(run, hostile_base):
    text = run("facts", "--file", hostile_base, "--format", "markdown").stdout
    for raw in RAW_CONTROL:
        assert raw not in text
    assert "\\[bold red\\]loud\\[/\\]" in text


def test_json_and_csv_keep_the_text_exact(run, hostile_base):
    statements = [f["statement"] for f in run("facts", "--file", hostile_base, "--json").json()]
    assert statements == list(HOSTILE.values())
    result = run("facts", "--file", hostile_base, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [row["statement"] for row in rows] == list(HOSTILE.values())


def test_error_messages_neutralise_file_text(run, write_base):
    path = write_base(minimal_base(minimal_fact(themes=["\x1b]0;pwned\x07"])))
    result = run("facts", "--file", path)
    assert result.code == 3
    assert "\x1b" not in result.stderr and "\\x1b]0;pwned\\x07" in result.stderr


# --- pipes, signals, locales ----------------------------------------------------

class ClosedPipe(io.RawIOBase):
    def writable(self):
        return True

    def write(self, data):
        raise BrokenPipeError(32, "Broken pipe")


def test_broken_pipe_ends_quietly_in_process(run):
    result = run("facts", "--json", stdout=ClosedPipe())
    assert (result.code, result.stderr) == (141, "")


def _alliance(*args, **kwargs):
    env = {**os.environ, "PYTHONPATH": str(ROOT), **kwargs.pop("env", {})}
    env.pop("ALLIANCE_FACTS", None)
    return [sys.executable, "-m", "alliance_cli", *args], env


@pytest.mark.parametrize("reader", ["head -c 100", "head -1"])
def test_broken_pipe_ends_quietly_in_a_real_pipeline(reader, tmp_path):
    command, env = _alliance("facts", "--json", env={"XDG_CACHE_HOME": str(tmp_path)})
    line = " ".join(f"'{part}'" for part in command) + f" 2>{tmp_path}/err | {reader} >/dev/null; echo ${{PIPESTATUS[0]}}"
    status = subprocess.run(["bash", "-c", line], env=env, capture_output=True, text=True, timeout=60)
    assert (tmp_path / "err").read_text() == ""
    assert status.stdout.strip() in ("0", "141")  # 0 when everything fit in the pipe before head left


@pytest.mark.slow
def test_ctrl_c_exits_130_without_a_traceback(tmp_path):
    import fcntl

    from conftest import minimal_base

    base = tmp_path / "facts.yaml"
    base.write_text(yaml.safe_dump(minimal_base()), encoding="utf-8")
    capture = tmp_path / "new.txt"
    capture.write_text("A heading here\n\nSome text of it.\n", encoding="utf-8")
    holder = os.open(base, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another writer holds the fact base: `sources add` waits for it
    command, env = _alliance("sources", "add", str(capture), "--id", "new", "--title", "T", "--file", str(base),
                             env={"XDG_CACHE_HOME": str(tmp_path)})
    try:
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(1.5)  # started, and waiting for the lock
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        os.close(holder)
    assert process.returncode == 130
    assert out == b""
    assert err.decode() == "alliance: interrupted\n"


def test_c_locale_still_writes_correct_utf8(tmp_path):
    command, env = _alliance("show", "security-044", "--no-color", env={"LC_ALL": "C", "LANG": "C",
                                                                        "XDG_CACHE_HOME": str(tmp_path)})
    result = subprocess.run(command, env=env, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "russland iran bündnis" in result.stdout.decode("utf-8")


def test_ascii_stdout_gives_ascii_tables_or_says_what_to_set(tmp_path):
    variables = {"PYTHONIOENCODING": "ascii", "XDG_CACHE_HOME": str(tmp_path)}
    command, env = _alliance("facts", "-t", "economy", env=variables)
    plain = subprocess.run(command, env=env, capture_output=True, timeout=60)
    assert plain.returncode == 0, plain.stderr
    plain.stdout.decode("ascii")  # ASCII box drawing, every statement intact
    assert b"economy-004" in plain.stdout and b"+----" in plain.stdout
    command, env = _alliance("show", "security-044", env=variables)
    accented = subprocess.run(command, env=env, capture_output=True, timeout=60)
    assert accented.returncode == 6
    assert accented.stdout == b""
    assert accented.stderr.decode().endswith(
        "set PYTHONIOENCODING=utf-8 or a UTF-8 locale (LC_ALL=C.UTF-8), or use --json\n")
    as_json = subprocess.run(command + ["--json"], env=env, capture_output=True, timeout=60)
    assert as_json.returncode == 0
    assert "bündnis".encode() in as_json.stdout
