"""The cache of validated fact bases: correct before fast."""
from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, minimal_base, minimal_fact

from alliance_cli.factbase import cache, loading, parsing

pytestmark = pytest.mark.own_cache  # these tests count and damage the cache's entries


def entries(cache_home: Path) -> list[Path]:
    folder = cache_home / "alliance"
    return sorted(folder.glob(f"*{cache.SUFFIX}")) if folder.is_dir() else []


@pytest.fixture
def home(run) -> Path:
    return Path(run.variables["XDG_CACHE_HOME"])


def statements(result) -> list[str]:
    assert result.code == 0, result.stderr
    return [f["statement"] for f in result.json()]


def test_lives_in_the_user_cache_directory_never_beside_the_data(run, write_base, home, tmp_path):
    path = write_base(minimal_base())
    run("facts", "--file", path, "--json")
    assert len(entries(home)) == 1
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_default_location_is_home_dot_cache():
    assert cache.cache_folder({"HOME": "/h"}) == "/h/.cache/alliance"
    assert cache.cache_folder({"HOME": "/h", "XDG_CACHE_HOME": ""}) == "/h/.cache/alliance"
    assert cache.cache_folder({"XDG_CACHE_HOME": "/x"}) == "/x/alliance"


def test_repeat_run_reads_the_cache_and_gives_the_same_answer(run, write_base, home):
    path = write_base(minimal_base())
    first = run("facts", "--file", path, "--json")
    assert isinstance(loading.load(str(path), run.variables), cache.CachedFactBase)
    assert run("facts", "--file", path, "--json").stdout_bytes == first.stdout_bytes


def test_keyed_by_content_not_modification_time(run, write_base, home):
    path = write_base(minimal_base())
    assert statements(run("facts", "--file", path, "--json")) == ["Both partners are under Western sanctions."]
    stat = path.stat()
    changed = minimal_base(minimal_fact(statement="Both partners are under Western sanctions!"))
    write_base(changed, name=path.name)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime, new content
    assert statements(run("facts", "--file", path, "--json")) == ["Both partners are under Western sanctions!"]


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign", "garbage", "empty"])
def test_damaged_entry_is_detected_and_rebuilt(run, write_base, home, damage):
    path = write_base(minimal_base())
    expected = run("facts", "--file", path, "--json").stdout_bytes
    [entry] = entries(home)
    data = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(data[:-7])
    elif damage == "flip":
        index = data.index(b"Western", data.index(b"\n"))
        entry.write_bytes(data[:index] + b"E" + data[index + 1:])
    elif damage == "foreign":
        entry.write_bytes(data.replace(b'"magic":"alliance-fact-cache"', b'"magic":"someone-else"', 1))
    elif damage == "garbage":
        entry.write_bytes(os.urandom(len(data)))
    else:
        entry.write_bytes(b"")
    assert cache.read(run.variables, _digest(path)) is None
    result = run("facts", "--file", path, "--json")
    assert result.stdout_bytes == expected
    assert entries(home)[0].read_bytes() == data  # rewritten whole


def test_an_entry_made_by_other_code_is_never_read(run, write_base, home, monkeypatch):
    path = write_base(minimal_base())
    run("facts", "--file", path, "--json")
    assert cache.read(run.variables, _digest(path)) is not None
    monkeypatch.setattr(cache, "code_stamp", lambda folder=None: "0" * 64)  # what a change to any validating module does
    assert cache.read(run.variables, _digest(path)) is None


def test_read_only_or_unusable_cache_directory_is_not_an_error(run, write_base, tmp_path):
    path = write_base(minimal_base())
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder would go")
    result = run("facts", "--file", path, "--json", variables={"XDG_CACHE_HOME": str(blocker)})
    assert (result.code, result.stderr) == (0, "")
    assert statements(result) == ["Both partners are under Western sanctions."]


def test_missing_cache_directory_is_created(run, write_base, tmp_path):
    path = write_base(minimal_base())
    home = tmp_path / "deep" / "er"
    run("facts", "--file", path, "--json", variables={"XDG_CACHE_HOME": str(home)})
    assert len(entries(home)) == 1


def files_in(folder: Path) -> list[str]:
    """The cache folder's files, but the memo of the code stamp and the note of what each path held."""
    return [p.name for p in folder.iterdir() if not p.name.endswith((cache.STAMP_SUFFIX, cache.NOTE_SUFFIX))]


def test_writes_are_atomic_and_leave_no_temporary_files(run, write_base, home):
    path = write_base(minimal_base())
    run("facts", "--file", path, "--json")
    assert files_in(home / "alliance") == [entries(home)[0].name]


def test_no_cache_skips_it(run, write_base, home):
    path = write_base(minimal_base())
    result = run("facts", "--file", path, "--json", "--no-cache")
    assert result.code == 0
    assert entries(home) == []


def test_cache_never_uses_code_executing_loaders():
    source = Path(cache.__file__).read_text(encoding="utf-8")
    for forbidden in ("pickle", "marshal", "shelve", "eval(", "exec("):
        assert forbidden not in source.replace("never pickle", "")


def test_entries_are_pruned_by_last_use_not_by_age(run, write_base, home, monkeypatch):
    monkeypatch.setattr(cache, "KEEP_ENTRIES", 3)
    paths = [write_base(minimal_base(minimal_fact(statement=f"Claim {n}."))) for n in range(4)]
    for n, path in enumerate(paths[:3]):
        before = set(entries(home))
        run("facts", "--json", "--file", path)
        [entry] = set(entries(home)) - before
        os.utime(entry, (1e9 + n, 1e9 + n))  # written (and last used) long ago, oldest first
    run("facts", "--json", "--file", paths[0])  # the oldest entry is used again
    run("facts", "--json", "--file", paths[3])  # a fourth entry: one must go
    assert len(entries(home)) == 3
    assert cache.read(run.variables, _digest(paths[0])) is not None  # written first, used last: kept
    assert cache.read(run.variables, _digest(paths[1])) is None  # least recently used: dropped


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture
def slow_first_load(write_base, monkeypatch):
    """A fact base whose parse takes 0.25 s, with progress due after 0.1 s whatever its size."""
    real_parse = parsing.parse

    def slow_parse(*args, **options):
        time.sleep(0.25)
        return real_parse(*args, **options)

    monkeypatch.setattr(loading, "parse", slow_parse)
    monkeypatch.setattr(parsing, "PROGRESS_AFTER_SECONDS", 0.1)
    monkeypatch.setattr(parsing, "PROGRESS_MIN_BYTES", 0)
    return write_base(minimal_base())


def test_a_slow_first_load_shows_progress_on_a_terminal_only(slow_first_load):
    shown = Terminal()
    loading.load(str(slow_first_load), {}, use_cache=False, progress=shown)
    text = shown.getvalue()
    assert f"\ralliance: reading {slow_first_load} (0 MiB, cached after this run)… 0 s" in text
    assert text.endswith("\r\x1b[K")  # the line is cleared before any output


def test_a_slow_first_load_is_silent_when_stderr_is_not_a_terminal(run, slow_first_load):
    result = run("facts", "--json", "--no-cache", "--file", slow_first_load)  # the runner's stderr is no terminal
    assert (result.code, result.stderr) == (0, "")
    assert [f["id"] for f in result.json()] == ["sanctions-001"]


@pytest.mark.slow
def test_separate_processes_at_once_agree_and_leave_one_good_entry(write_base, tmp_path):
    import subprocess

    from conftest import ROOT

    path = write_base(minimal_base(*(minimal_fact(f"security-{n:03}", themes=["security"]) for n in range(400))))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "shared-cache")}
    command = [sys.executable, "-m", "alliance_cli", "facts", "--json", "--file", str(path)]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(6)]
    results = [run.communicate(timeout=60) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err for _, err in results]
    assert len({out for out, _ in results}) == 1
    [entry] = entries(tmp_path / "shared-cache")
    assert files_in(entry.parent) == [entry.name]  # no temporary file left behind
    cached = cache.read({"XDG_CACHE_HOME": str(tmp_path / "shared-cache")}, _digest(path))
    assert cached is not None and len(cached) == 400



# --- an entry of any shape that cannot be used is rebuilt --------------------------------------------

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


@pytest.mark.parametrize("section", ["column:stance", "facet:themes", "ids", "sources", "offsets", "blocks", "records"])
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


# --- the key follows the validating code; the folder follows the platform ---------------------------

@pytest.fixture
def fake_code(tmp_path):
    """Two stand-in source files, for stamps computed over them (`fresh_stamp`)."""
    files = [tmp_path / "validation.py", tmp_path / "schema.py"]
    for path in files:
        path.write_text(f"# {path.name}\n", encoding="utf-8")
    return files


@pytest.fixture
def fresh_stamp(fake_code):
    """The stamp of the stand-in files as a new process would compute it, memoised in `folder` if given."""
    return lambda folder: cache.stamp_of([str(p) for p in fake_code], str(folder) if folder else None)


def test_the_key_changes_when_any_validating_source_changes(fake_code, fresh_stamp):
    before = fresh_stamp(None)
    fake_code[0].write_text("# validation.py, with a new rule\n", encoding="utf-8")
    assert fresh_stamp(None) != before
    assert cache.key("0" * 64, None) != cache.key("1" * 64, None)


def test_the_stamp_is_kept_per_installation_and_recomputed_after_an_edit(fake_code, fresh_stamp, tmp_path):
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
    names = {os.path.relpath(p, ROOT / "alliance_cli") for p in cache.code_files()}
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
    assert cache.cache_folder(variables, platform) == expected


def test_folder_on_windows_is_local_app_data():
    assert cache.cache_folder({"LOCALAPPDATA": "C:\\Users\\a\\AppData\\Local", "XDG_CACHE_HOME": "/x"},
                           "win32") == "C:\\Users\\a\\AppData\\Local\\alliance\\Cache"
    assert cache.cache_folder({"USERPROFILE": "C:\\Users\\a"}, "win32") == "C:\\Users\\a\\AppData\\Local\\alliance\\Cache"
    assert cache.cache_folder({}, "win32") is None


# --- bytes derived from an entry (the browser's search index) -------------------------------------

@pytest.mark.parametrize("data", [b"", b"x", bytes(range(256)) * 1000])
def test_a_blob_is_read_back_as_written_and_any_damage_is_none(tmp_path, data):
    variables = {"XDG_CACHE_HOME": str(tmp_path)}
    cache.write_blob(variables, "some:name", data)
    assert bytes(cache.read_blob(variables, "some:name")) == data
    assert cache.read_blob(variables, "other:name") is None
    [kept] = (tmp_path / "alliance").glob(f"*{cache.BLOB_SUFFIX}")
    whole = kept.read_bytes()
    for damaged in [whole[:-1], whole + b"!", whole.split(b"\n")[0], b"", whole.replace(b'"crc":', b'"crc":1')]:
        kept.write_bytes(damaged)
        assert cache.read_blob(variables, "some:name") is None, damaged[:80]
