"""A file known unchanged by its status (`factbase/unchanged.py`): what the skipped hash detects and what it
does not, each shown on a real file; the answer is always the cold load's."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import dump_yaml, minimal_base, minimal_fact

from alliance_cli.factbase import cache, loading, parsing, unchanged

pytestmark = pytest.mark.own_cache

LATER = 10 * 1_000_000_000  # the clock moved on 10 s: every file written by the test is settled


@pytest.fixture
def variables(tmp_path) -> dict:
    return {"XDG_CACHE_HOME": str(tmp_path / "cache")}


@pytest.fixture
def hashed(monkeypatch) -> list[str]:
    """The paths hashed (or read whole) by the loads that follow."""
    seen: list[str] = []
    digest, read = parsing.file_digest_and_state, parsing.read_bytes_and_state

    def counting_digest(path):
        seen.append(str(path))
        return digest(path)

    def counting_read(path):
        seen.append(str(path))
        return read(path)

    monkeypatch.setattr(parsing, "file_digest_and_state", counting_digest)
    monkeypatch.setattr(loading, "read_bytes_and_state", counting_read)
    return seen


@pytest.fixture
def settled(monkeypatch):
    """The clock 10 s ahead, so the files just written count as settled."""
    monkeypatch.setattr(unchanged, "now_ns", lambda: _real_now() + LATER)


def _real_now() -> int:
    import time

    return time.time_ns()


def statement(path: Path, variables: dict, use_cache: bool = True) -> str:
    return loading.load(str(path), variables, use_cache).fact(0)["statement"]


def write(path: Path, text: str) -> Path:
    path.write_text(dump_yaml(minimal_base(minimal_fact(statement=text))), encoding="utf-8")
    return path


def same_size_edit(path: Path, text: str) -> None:
    """New content of the same size, with the modification time put back (as `cp -p` or `touch -d` would)."""
    before = path.stat()
    old = path.read_bytes()
    write(path, text)
    assert len(path.read_bytes()) == len(old) and path.read_bytes() != old
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_settled_file_is_found_by_its_state_without_hashing(tmp_path, variables, hashed, settled):
    path = write(tmp_path / "facts.yaml", "First version.")
    assert statement(path, variables) == "First version."  # parsed; its state recorded
    hashed.clear()
    assert statement(path, variables) == "First version."
    assert hashed == []
    assert isinstance(loading.load(str(path), variables), cache.CachedFactBase)


def test_a_file_changed_a_moment_ago_is_hashed_and_its_state_not_recorded(tmp_path, variables, hashed):
    path = write(tmp_path / "facts.yaml", "First version.")
    statement(path, variables)
    assert hashed == [str(path)]  # read once, to be hashed and parsed
    assert unchanged.recorded(variables, str(path))[1] is None  # racily clean: it could change in the same tick
    hashed.clear()
    assert statement(path, variables) == "First version."
    assert hashed == [str(path)]
    assert unchanged.recorded(variables, str(path))[1] is None


def test_a_state_is_recorded_on_a_later_hit_once_the_file_is_settled(tmp_path, variables, hashed, monkeypatch):
    path = write(tmp_path / "facts.yaml", "First version.")
    statement(path, variables)  # too fresh to record
    monkeypatch.setattr(unchanged, "now_ns", lambda: _real_now() + LATER)
    statement(path, variables)  # hashed, a hit: the state recorded now
    assert unchanged.recorded(variables, str(path))[1] == unchanged.state(path.stat())
    hashed.clear()
    assert statement(path, variables) == "First version."
    assert hashed == []


def test_an_edit_that_keeps_the_size_and_restores_the_modification_time_is_detected(tmp_path, variables, settled):
    path = write(tmp_path / "facts.yaml", "First version.")
    statement(path, variables)
    recorded = unchanged.recorded(variables, str(path))[1]
    same_size_edit(path, "Other version.")
    now = unchanged.state(path.stat())
    assert now[:5] == recorded[:5]  # device, inode, mode, size and modification time all as recorded
    assert now[5] != recorded[5]  # the change time moved: no process can set it back
    assert statement(path, variables) == "Other version."


def test_a_file_replaced_by_a_rename_is_detected(tmp_path, variables, settled):
    path = write(tmp_path / "facts.yaml", "First version.")
    statement(path, variables)
    before = path.stat()
    other = write(tmp_path / "other.yaml", "Other version.")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, path)
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert statement(path, variables) == "Other version."


def test_a_permission_change_is_detected(tmp_path, variables, settled, hashed):
    path = write(tmp_path / "facts.yaml", "First version.")
    statement(path, variables)
    path.chmod(0o600)
    hashed.clear()
    assert statement(path, variables) == "First version."
    assert hashed == [str(path)]  # hashed again: the change time moved (and the mode is in the state)


def test_what_is_not_detected_a_change_that_keeps_every_time(tmp_path, variables, settled):
    """The limit, shown by forging it: a change that left size, modification and change time as they were
    (setting the clock back, writing the disk directly) serves the entry of the content recorded. Git's
    index trusts the same state; no write through the file system can leave the change time."""
    path = write(tmp_path / "facts.yaml", "First version.")
    statement(path, variables)
    digest = unchanged.recorded(variables, str(path))[0]
    same_size_edit(path, "Other version.")
    unchanged.remember(variables, str(path), digest, unchanged.state(path.stat()))  # as if the state held
    assert statement(path, variables) == "First version."
    assert statement(path, variables, use_cache=False) == "Other version."  # --no-cache never consults the note


def test_the_answer_after_any_of_these_is_the_cold_loads(tmp_path, variables, settled, hashed):
    path = write(tmp_path / "facts.yaml", "First version.")
    statement(path, variables)
    for n, text in enumerate(["Other version.", "A longer third version.", "A longer forth version."]):
        same_size_edit(path, text) if n % 2 == 0 else write(path, text)
        assert loading.load(str(path), variables).fact(0) == loading.load(str(path), {}, False).fact(0)


@pytest.mark.parametrize("note_state", [None, "x", [1, 2, 3], {"a": 1}, [0, 0, 0, 0, 0, "0"]])
def test_a_note_of_any_other_shape_means_hashing(tmp_path, note_state):
    path = write(tmp_path / "facts.yaml", "First version.")
    assert not unchanged.matches(str(path), note_state)
    assert unchanged.matches(str(path), unchanged.state(path.stat()))
    assert not unchanged.matches(str(tmp_path / "missing.yaml"), unchanged.state(path.stat()))


def test_settled_state_needs_the_same_status_around_the_read_and_times_older_than_the_margin(tmp_path):
    path = write(tmp_path / "facts.yaml", "First version.")
    status = path.stat()
    newest = max(status.st_mtime_ns, status.st_ctime_ns)
    margin = unchanged.SETTLED_SECONDS * 1_000_000_000
    assert unchanged.settled_state(status, status, newest + margin + 1) == unchanged.state(status)
    assert unchanged.settled_state(status, status, newest + margin) is None  # within the margin: racily clean
    assert unchanged.settled_state(status, status, newest) is None
    path.write_text("changed while read", encoding="utf-8")
    assert unchanged.settled_state(status, path.stat(), newest + LATER) is None


def test_a_modification_time_in_the_future_is_never_recorded(tmp_path, variables, settled):
    path = write(tmp_path / "facts.yaml", "First version.")
    future = _real_now() + 3600 * 1_000_000_000
    os.utime(path, ns=(future, future))
    statement(path, variables)
    assert unchanged.recorded(variables, str(path))[1] is None


# --- a folder: each file by its own state ---------------------------------------------------------

def folder_of(tmp_path: Path) -> Path:
    folder = tmp_path / "base"
    folder.mkdir()
    base = minimal_base(minimal_fact(statement="First version."))
    (folder / "sources.yaml").write_text(dump_yaml({"sources": base["sources"], "entities": base["entities"]}),
                                         encoding="utf-8")
    (folder / "facts.yaml").write_text(dump_yaml({"facts": base["facts"]}), encoding="utf-8")
    return folder


def test_a_settled_folder_hashes_only_the_file_that_changed(tmp_path, variables, hashed, settled):
    folder = folder_of(tmp_path)
    assert statement(folder, variables) == "First version."
    statement(folder, variables)  # a hit: the files' states recorded, if the first load had not
    hashed.clear()
    assert statement(folder, variables) == "First version."
    assert hashed == []
    facts = folder / "facts.yaml"
    before = facts.stat()
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("First version.", "Other version."), encoding="utf-8")
    os.utime(facts, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert statement(folder, variables) == "Other version."
    assert hashed == [str(facts)]
