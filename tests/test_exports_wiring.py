"""The export formats' wiring: which command takes which format, --output, and the main job's imports."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

EXPORT_MODULES = ("stix_format", "html_format", "sqlite_format", "citation_format", "countries")


_REPORT_MODULES = """
import atexit, json, sys
atexit.register(lambda: sys.__stderr__.write("MODULES " + json.dumps(sorted(sys.modules)) + "\\n"))
sys.argv = ["alliance", *sys.argv[1:]]
from alliance_cli.cli.entry import main
sys.exit(main())
"""


def _imported(argv: list[str], tmp_path) -> set[str]:
    """The alliance modules a real `alliance ...` process has loaded when it ends (sys.modules: formats
    are loaded with importlib, which `python -X importtime` does not report)."""
    process = subprocess.run([sys.executable, "-c", _REPORT_MODULES, *argv], cwd=ROOT, capture_output=True,
                             text=True, timeout=60,
                             env={"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path), "HOME": str(tmp_path)})
    assert process.returncode == 0, process.stderr[-2000:]
    line = next(line for line in process.stderr.splitlines() if line.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES ")))


def test_the_main_job_imports_none_of_the_export_formats(tmp_path):
    fast = _imported(["facts", "--theme", "sanctions", "--json"], tmp_path)
    assert "alliance_cli.cli.fastpath" in fast and "alliance_cli.render.exports.json_format" in fast
    assert "typer" not in fast
    full = _imported(["facts", "--theme", "sanctions", "--json", "--limit", "50"], tmp_path)  # the typer path
    assert "alliance_cli.cli.commands.facts" in full
    for modules in (fast, full):
        assert not [m for m in modules if m.startswith("alliance_cli.render.") and m.rsplit(".", 1)[-1] in EXPORT_MODULES]
    stix = _imported(["facts", "--theme", "sanctions", "--format", "stix"], tmp_path)
    assert "alliance_cli.render.exports.stix_format" in stix  # the check above can see them when they load


def test_output_writes_the_file_instead_of_stdout(run, tmp_path):
    target = tmp_path / "sanctions.json"
    result = run("facts", "-t", "sanctions", "--json", "--output", target)
    assert result.code == 0 and result.stdout_bytes == b""
    assert result.error_lines == [f"Wrote {target}."]
    assert target.read_bytes() == run("facts", "-t", "sanctions", "--json").stdout_bytes
    colour = run("facts", "-t", "sanctions", "-o", tmp_path / "table.txt", tty=True, color=True, width=80)
    assert colour.code == 0 and "\x1b[" not in (tmp_path / "table.txt").read_text(encoding="utf-8")


def test_output_never_overwrites_the_fact_base_and_reports_what_it_cannot_write(run, write_base, tmp_path):
    from conftest import minimal_base

    base = write_base(minimal_base())
    before = base.read_bytes()
    result = run("facts", "--format", "yaml", "--file", base, "--output", base)
    assert result.code == 2 and base.read_bytes() == before
    assert result.error_lines == [f"alliance: error: --output {base} is the fact base being read; choose another file"]
    missing = tmp_path / "no-such-folder" / "out.json"
    result = run("facts", "--json", "--output", missing)
    assert result.code == 1  # a write that failed, as a full disk is (exit 2 is for the command line)
    assert result.error_lines == [f"alliance: error: {missing}: cannot be written: No such file or directory"]
    assert not [p for p in tmp_path.glob("**/.*") if p.is_file()]
    result = run("facts", "--json", "-o", "a.json", "-o", "b.json")
    assert result.code == 2 and "--output was given 2 times" in result.stderr


def test_each_command_takes_only_the_formats_it_can_write(run):
    expected = {
        ("themes", "--format", "stix"): "this command writes table, json, jsonl, csv, spreadsheet, yaml, markdown, not stix; "
                                        "it exports facts: 'alliance facts --format stix'",
        ("stats", "--format", "stix"): "this command writes table, json, jsonl, csv, spreadsheet, yaml, markdown, not stix; "
                                       "it exports facts: 'alliance facts --format stix'",
        ("actors", "--format", "bibtex"): "this command writes table, json, jsonl, csv, spreadsheet, yaml, markdown, not bibtex; "
                                          "it cites sources: 'alliance sources --format bibtex'",
    }
    for argv, message in expected.items():
        result = run(*argv)
        assert (result.code, result.error_lines) == (2, [f"alliance: error: {message}"]), argv
    result = run("facts", "--format", "csl-json")
    assert result.code == 2
    assert result.stderr.endswith("not csl-json; it cites sources: 'alliance sources --format csl-json'\n")
    result = run("facts", "--format", "stx")
    assert result.code == 2 and "did you mean 'stix'" in result.stderr


def test_timeline_exports_too(run):
    result = run("timeline", "--format", "stix", variables={"SOURCE_DATE_EPOCH": "0"})
    assert result.code == 0
    dated = run("timeline", "--json").json()
    notes = [o for o in result.json()["objects"] if o["type"] in ("note", "opinion")]
    assert len(notes) == len(dated) > 0
