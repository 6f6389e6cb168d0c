"""Issue 11: hostile YAML, damaged caches, odd environments, exports that load back, invisible text, CSV injection."""
from __future__ import annotations

import ast
import csv
import io
import itertools
import json
import os
import sys
import time
import tracemalloc
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SHIPPED, minimal_base, minimal_fact
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance_cli.factbase import cache, loading, strict_yaml
from alliance_cli.text import UNSAFE_CATEGORIES, neutralise

FACT_BASE_ERROR = 3

# --- 1. aliases are refused by what the parser built, whatever separates them ------------------------

# Everything libyaml accepts before an anchor or alias: blanks, every line break it knows (NEL, LINE
# SEPARATOR and PARAGRAPH SEPARATOR among them), and a byte-order mark, which it skips at a line's start.
SEPARATORS = [" ", "\t", "\n", "\r", "\r\n", "\x85", "\u2028", "\u2029",
              "\n\ufeff", "\r\ufeff", "\x85\ufeff", "\u2028\ufeff", "\u2029\ufeff", "\n\t", "\u2028 "]


def bomb(levels: int, separators: list[str]) -> str:
    """A billion-laughs document in flow style with each anchor and alias right after a separator:
    9**levels items once expanded."""
    pick = iter(separators * 100)
    parts = [f"a:{next(pick)}&a [lol,lol,lol,lol,lol,lol,lol,lol,lol]"]
    names = "abcdefghijk"
    for a, b in itertools.pairwise(names[:levels + 1]):
        parts.append(f"{b}:{next(pick)}&{b} [" + ",".join(f"{next(pick)}*{a}" for _ in range(9)) + "]")
    return "{" + ",".join(parts) + "}\n"


def test_every_separator_parses_as_yaml_with_the_alias_expanded():
    """The separators really are ones libyaml accepts: PyYAML's own loader expands these documents."""
    for separator in SEPARATORS:
        data = yaml.load(bomb(1, [separator]), Loader=yaml.CSafeLoader)
        assert data["b"] == [["lol"] * 9] * 9, repr(separator)


def refused_within_bounds(text: str) -> strict_yaml.YamlProblem:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(strict_yaml.YamlProblem) as refusal:
            strict_yaml.load(text)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 2.0  # 9**9 items would take minutes; the refusal takes milliseconds
    assert peak < 8 * 1024 * 1024  # and gigabytes
    return refusal.value


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(levels=st.integers(1, 9), separators=st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=12),
       text_hint=st.booleans())
def test_alias_structures_are_refused_in_bounded_time_and_memory(levels, separators, text_hint, monkeypatch_module):
    """With the text scan that finds anchors for precise messages switched off, the node count alone refuses them."""
    monkeypatch_module.setattr(strict_yaml, "_may_hold_anchors", strict_yaml._may_hold_anchors if text_hint
                               else lambda text: False)
    problem = refused_within_bounds(bomb(levels, separators))
    assert "are not allowed" in problem.message and ("anchors (&" in problem.message or "aliases (*" in problem.message)


@pytest.fixture(scope="module")
def monkeypatch_module():
    patcher = pytest.MonkeyPatch()
    yield patcher
    patcher.undo()


@pytest.mark.parametrize("text", ["a: &x foo\nb: *x\n", "a: &x [1]\nb: *x\n", "{a: &x {k: v}, b: [*x]}\n",
                                  "a:\n- &x\n  k: v\n- *x\n"])
def test_every_alias_is_refused_by_the_node_count_alone(text, monkeypatch):
    monkeypatch.setattr(strict_yaml, "_may_hold_anchors", lambda text: False)
    problem = refused_within_bounds(text)
    assert problem.message.startswith("anchors (&x) are not allowed"), problem


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029", "\n\ufeff"])
def test_validate_refuses_the_bomb_the_text_scan_missed(run, write_base, separator):
    path = write_base(bomb(9, [separator]))
    result = run("validate", path)
    line = 2 if separator != " " else 1
    column = 2 if separator.endswith("\ufeff") else 1
    assert (result.code, result.stdout, result.error_lines) == (
        FACT_BASE_ERROR, "", [f"{path}:{line}:{column}: anchors (&a) are not allowed; write each value out in full"])


def test_valid_documents_with_tags_are_not_mistaken_for_aliases(monkeypatch):
    monkeypatch.setattr(strict_yaml, "_may_hold_anchors", lambda text: False)
    document = strict_yaml.load("a: [1, !!str 2, {b: !!map {c: d}}]\nk: !!str v\n")
    assert document is not None and document.data == {"a": [1, "2", {"b": {"c": "d"}}], "k": "v"}


# --- 2. an entry of any shape that cannot be used is rebuilt --------------------------------------------

def cached_entry(run, path) -> Path:
    first = run("facts", "--file", path, "--json")
    assert first.code == 0, first.stderr
    [entry] = Path(run.variables["XDG_CACHE_HOME"], "alliance").glob(f"*{cache.SUFFIX}")
    return entry


def reheader(entry: Path, change) -> None:
    """Replace the header line by `change(header)`, keeping the body."""
    data = entry.read_bytes()
    header, body = data.split(b"\n", 1)
    entry.write_bytes(json.dumps(change(json.loads(header))).encode() + b"\n" + body)


@pytest.mark.parametrize("header", [
    lambda h: [1], lambda h: None, lambda h: "text", lambda h: 7, lambda h: {},
    lambda h: {**h, "sections": []}, lambda h: {**h, "sections": {}}, lambda h: {**h, "count": "1"},
    lambda h: {**h, "sections": {**h["sections"], "records": [0, -5, 0]}},
    lambda h: {**h, "sections": {**h["sections"], "ids": [10 ** 12, 1, 0]}},
    lambda h: {**h, "sections": {**h["sections"], "offsets": "x"}},
    lambda h: {**h, "count": h["count"] + 1},
])
def test_an_entry_of_any_shape_that_cannot_be_used_is_rebuilt(run, write_base, header):
    path = write_base(minimal_base())
    expected = run("facts", "--file", path, "--json").stdout_bytes
    entry = cached_entry(run, path)
    good = entry.read_bytes()
    reheader(entry, header)
    for _ in range(2):  # rebuilt, then read from the rebuilt entry
        result = run("facts", "--file", path, "--json")
        assert (result.code, result.stderr, result.stdout_bytes) == (0, "", expected)
    assert entry.read_bytes() == good


@pytest.mark.parametrize("section", ["column:stance", "facet:themes", "ids", "sources", "offsets"])
def test_damage_to_a_section_read_late_is_caught_before_the_query(run, write_base, section):
    path = write_base(minimal_base())
    expected = run("facts", "--file", path, "--json", "--stance", "asserted").stdout_bytes
    entry = cached_entry(run, path)
    data = bytearray(entry.read_bytes())
    header_length = data.index(b"\n") + 1
    start, length, _ = json.loads(data[:header_length])["sections"][section]
    data[header_length + start + length // 2] ^= 0x01
    entry.write_bytes(bytes(data))
    result = run("facts", "--file", path, "--json", "--stance", "asserted")
    assert (result.code, result.stderr, result.stdout_bytes) == (0, "", expected)


# --- 3. the key follows the validating code; the folder follows the platform ---------------------------

@pytest.fixture
def fake_code(tmp_path, monkeypatch):
    """The stamp computed over two stand-in source files, with no stamp kept in this process."""
    files = [tmp_path / "validation.py", tmp_path / "schema.py"]
    for path in files:
        path.write_text(f"# {path.name}\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_code_files", lambda: [str(p) for p in files])
    monkeypatch.setattr(cache, "_stamp", None)
    return files


def fresh_stamp(folder) -> str:
    cache._stamp = None
    return cache.code_stamp(str(folder) if folder else None)


def test_the_key_changes_when_any_validating_source_changes(fake_code, tmp_path):
    before = fresh_stamp(None)
    fake_code[0].write_text("# validation.py, with a new rule\n", encoding="utf-8")
    assert fresh_stamp(None) != before
    assert cache.key("0" * 64, None) != cache.key("1" * 64, None)


def test_the_stamp_is_kept_per_installation_and_recomputed_after_an_edit(fake_code, tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    stamp = fresh_stamp(folder)
    [memo] = folder.glob(f"*{cache.STAMP_SUFFIX}")
    assert memo.read_text() == stamp
    memo.write_text("f" * 64)  # what a later run reads instead of hashing the sources again
    assert fresh_stamp(folder) == "f" * 64
    fake_code[1].write_text("# schema.py, edited\n", encoding="utf-8")  # new size, times: another memo
    assert fresh_stamp(folder) not in ("f" * 64, stamp)


def test_the_real_stamp_covers_every_module_of_the_factbase_package_and_the_version():
    names = {os.path.relpath(p, ROOT / "alliance_cli") for p in cache._code_files()}
    package = {os.path.relpath(p, ROOT / "alliance_cli") for p in (ROOT / "alliance_cli" / "factbase").glob("*.py")}
    assert names == package | {"__init__.py"}


@pytest.mark.parametrize("variables", [
    {"HOME": "/h"}, {"HOME": "/h", "XDG_CACHE_HOME": "/x"}, {"HOME": "/h", "XDG_CACHE_HOME": ""},
    {"HOME": "/h", "XDG_CACHE_HOME": "relative/dir"}, {"HOME": "/h", "XDG_CACHE_HOME": "  "},
])
@pytest.mark.parametrize("platform", ["linux", "darwin"])
def test_folder_follows_platformdirs(variables, platform, monkeypatch):
    from platformdirs.macos import MacOS
    from platformdirs.unix import Unix

    monkeypatch.setattr(os, "environ", dict(variables))
    expected = (MacOS if platform == "darwin" else Unix)(appname="alliance", appauthor=False).user_cache_dir
    assert cache.directory(variables, platform) == expected


def test_folder_on_windows_is_local_app_data():
    assert cache.directory({"LOCALAPPDATA": "C:\\Users\\a\\AppData\\Local", "XDG_CACHE_HOME": "/x"},
                           "win32") == "C:\\Users\\a\\AppData\\Local\\alliance\\Cache"
    assert cache.directory({"USERPROFILE": "C:\\Users\\a"}, "win32") == "C:\\Users\\a\\AppData\\Local\\alliance\\Cache"
    assert cache.directory({}, "win32") is None


# --- 4. any value of any variable the program reads: a fallback or one line, never a traceback --------

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


# --- 5. every yaml export loads back ------------------------------------------------------------------

def exported(run, *args) -> tuple[bytes, object]:
    result = run("facts", *args, "--format", "yaml")
    assert result.code == 0, result.stderr
    return result.stdout_bytes, result


def loads_back(run, tmp_path, data: bytes, name="export.yaml"):
    path = tmp_path / name
    path.write_bytes(data)
    result = run("facts", "--file", path, "--json")
    assert result.code == 0, result.stderr
    return result.json()


def test_an_empty_selection_exports_a_fact_base_that_loads_back_empty(run, tmp_path):
    data, _ = exported(run, "--search", "zzzzzz")
    assert data == b"# 0 facts selected by alliance: search: zzzzzz\nsources: []\nentities: []\nfacts: []\n"
    assert loads_back(run, tmp_path, data) == []


@pytest.mark.parametrize("breaker", ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\x0b", "\x1b", "\x00"])
def test_a_line_break_in_a_filter_value_stays_in_the_header_comment(run, tmp_path, breaker):
    data, _ = exported(run, "--search", f"putin{breaker}sources: 1")
    text = data.decode("utf-8")
    header, rest = text.split("\n", 1)
    assert header.startswith("# ") and not any(c in header for c in "\r\x85\u2028\u2029\x0b\x1b\x00")
    assert not rest.startswith("#")
    loads_back(run, tmp_path, data)


def test_an_actor_named_by_an_alias_brings_its_entity_along(run, write_base, tmp_path):
    path = write_base(minimal_base(minimal_fact(actors=["Moscow"], attributed_to="Tehran")))
    data, _ = exported(run, "--file", path)
    document = yaml.safe_load(data)
    assert [e["name"] for e in document["entities"]] == ["Russia", "Iran"]
    assert [f["id"] for f in loads_back(run, tmp_path, data)] == ["sanctions-001"]


HOSTILE_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t\x85"),
                       min_size=1, max_size=30).filter(lambda t: t.strip())


@settings(deadline=None)
@given(statement=HOSTILE_TEXT, quote=HOSTILE_TEXT, title=HOSTILE_TEXT,
       section=st.sampled_from(["x", "- a", "'q'", '"d"', "a: b", "#c", "a\x85b", "a\u2028b", "yes", "0123", "~"]))
def test_any_text_survives_a_yaml_export_and_loads_back_unchanged(statement, quote, section, title):
    from alliance_cli.environment import Environment
    from alliance_cli.render.exports.yaml_format import facts_yaml
    from alliance_cli.render.view import View

    fact = minimal_fact(statement=statement, evidence=[{"source": "one", "section": section, "quote": quote}])
    store = loading.parse("F", json.dumps(minimal_base(fact), ensure_ascii=False).encode("utf-8"))  # JSON is YAML
    exported = facts_yaml(store, [0], View(Environment(io.BytesIO(), io.StringIO()), title=title))
    assert loading.parse("export", exported).facts == store.facts


# --- 6. invisible and controlling characters are made visible, by category --------------------------------

@pytest.mark.parametrize("char, shown", [
    ("\u200b", "<U+200B>"), ("\u200d", "<U+200D>"), ("\U000e0041", "<U+E0041>"), ("\u2028", "<U+2028>"),
    ("\u2029", "<U+2029>"), ("\ufeff", "<U+FEFF>"), ("\ue000", "<U+E000>"), ("\U000f0000", "<U+F0000>"),
    ("\udcff", "<U+DCFF>"), ("\x1b", "\\x1b"), ("\x85", "\\x85"), ("\u202e", "<U+202E>"), ("\u00ad", "\\xad"),
    ("\t", "    "), ("\n", "\n"), ("é", "é"), ("\u00a0", "\u00a0"), ("–", "–"),
])
def test_neutralise_shows_what_would_be_invisible_or_act_on_the_terminal(char, shown):
    assert neutralise(f"a{char}b") == f"a{shown}b"


def test_neutralise_decides_by_category_for_every_code_point():
    unsafe = [c for c in map(chr, range(sys.maxunicode + 1)) if unicodedata.category(c) in UNSAFE_CATEGORIES]
    assert all(neutralise(c) != c for c in unsafe if c != "\n")
    assert {unicodedata.category(c) for c in unsafe} == UNSAFE_CATEGORIES


def test_a_zero_width_character_in_a_statement_is_visible_in_the_table(run, write_base):
    path = write_base(minimal_base(minimal_fact(statement="Both\u200b partners\U000e0041 are\u2028 here.")))
    result = run("facts", "--file", path, width=200)
    assert "Both<U+200B> partners<U+E0041> are<U+2028> here." in result.stdout
    assert run("facts", "--file", path, "--json").json()[0]["statement"] == "Both\u200b partners\U000e0041 are\u2028 here."


# --- 8. CSV: exact for programs, inert for spreadsheets -----------------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tpadded", "\rreturn"]


def test_csv_stays_exact_and_spreadsheet_defuses_formulas(run, write_base):
    facts = [minimal_fact(f"sanctions-{n:03}", statement=text) for n, text in enumerate(FORMULAS + ["Bündnis – ok"])]
    path = write_base(minimal_base(*facts))
    exact = run("facts", "--file", path, "--fields", "id,statement", "--format", "csv")
    inert = run("facts", "--file", path, "--fields", "id,statement", "--format", "spreadsheet")
    assert exact.code == inert.code == 0
    exact_rows = list(csv.reader(io.StringIO(exact.stdout_bytes.decode("utf-8"), newline="")))
    assert [row[1] for row in exact_rows[1:]] == FORMULAS + ["Bündnis – ok"]
    assert inert.stdout_bytes.startswith(b"\xef\xbb\xbf")
    inert_rows = list(csv.reader(io.StringIO(inert.stdout_bytes.decode("utf-8-sig"), newline="")))
    assert [row[1] for row in inert_rows[1:]] == ["'" + f for f in FORMULAS] + ["Bündnis – ok"]
    assert [row[0] for row in inert_rows] == [row[0] for row in exact_rows]


def test_spreadsheet_also_serves_the_listings(run):
    result = run("themes", "--format", "spreadsheet")
    assert result.code == 0
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbftheme,facts,definition\r\n")


# --- 9. a YAML error says where the context starts, and what an unclosed quote did -------------------------

def test_unclosed_quote_names_the_mapping_it_broke_and_where_the_quote_opens(run, tmp_path):
    lines = SHIPPED.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines) if text.startswith("    quote: ") and n > 150)
    lines[line] = lines[line].replace("quote: ", 'quote: "', 1)
    path = tmp_path / "unclosed.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    result = run("validate", path)
    assert result.code == FACT_BASE_ERROR
    [message] = result.error_lines
    assert f"the quoted text that opens at {line + 1}:12 runs on to line" in message
    assert "is its closing quote missing?" in message
    assert "did not find expected key (while parsing a block mapping that starts at" in message


def test_flow_error_names_where_the_flow_collection_starts(run, write_base):
    path = write_base("sources: [a, b\nfacts: []\n")
    result = run("validate", path)
    assert result.error_lines == [f"{path}:2:6: YAML syntax error: did not find expected ',' or ']' "
                                  "(while parsing a flow sequence that starts at 1:10)"]


# --- 10. the captures: every test reaches them through the fixture ---------------------------------------------

def test_every_test_reaches_the_captures_through_the_fixture():
    direct = [f"{path.name}:{node.lineno}" for path in sorted((ROOT / "tests").glob("test_*.py"))
              for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
              if isinstance(node, ast.ImportFrom) and node.module == "conftest"
              and any(alias.name == "CAPTURES" for alias in node.names)]
    assert direct == []


def test_the_size_limit_message_gives_both_sizes(run, tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:  # sparse: no disk used
        handle.truncate(loading.MAX_BYTES * 3 + 12345)
    result = run("validate", path)
    assert result.error_lines == [f"{path}: the file is 3,221,237,817 bytes, over the limit of 1,073,741,824 bytes "
                                  "(1 GiB) for a fact base file"]
