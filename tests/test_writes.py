"""Nothing lost, nothing hung (issue 21): every write locked, atomic and non-clobbering; every read bounded.

Each test is named after what it keeps; the device nodes, FIFOs and links they need are made in their own
scratch folder (never /dev: one run that wrote to /dev/full replaced it on the machine where it ran).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, dump_yaml, minimal_base, minimal_fact

from alliance_cli import files, locking

CAPTURE = "A Heading Of The Article\n\nBoth nations are heavily burdened by sanctions. They trade more.\n"


def base_file(folder: Path, data: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "facts.yaml"
    path.write_text(dump_yaml(data or minimal_base()), encoding="utf-8")
    return path


def base_folder(folder: Path) -> Path:
    base = minimal_base()
    folder.mkdir(parents=True)
    (folder / "main.yaml").write_text(dump_yaml(base), encoding="utf-8")
    return folder


def capture_file(folder: Path, name: str = "article.txt", text: str = CAPTURE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def add(run, capture: Path, base: Path, source_id: str = "new-source", *more: str):
    return run("sources", "add", capture, "--id", source_id, "--title", "A title", *more, "--file", base)


def alliance(*args: str, cache: Path, **popen):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(cache)}
    env.pop("ALLIANCE_FACTS", None)
    return subprocess.Popen([sys.executable, "-m", "alliance_cli", *args], env=env, **popen)


def device(folder: Path, name: str, major: int, minor: int) -> Path:
    """A character device node in the scratch folder (as root), or skip where mknod is not allowed."""
    path = folder / name
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    except (PermissionError, OSError):
        pytest.skip("mknod is not allowed here")
    return path


# --- 1. concurrent writers -----------------------------------------------------------------------------------------

@pytest.mark.slow
def test_six_sources_added_at_once_to_one_file_all_survive(tmp_path):
    base = base_file(tmp_path / "base")
    captures = [capture_file(tmp_path / "in", f"a{n}.txt", CAPTURE + f"Text {n}.\n") for n in range(6)]
    processes = [alliance("sources", "add", str(c), "--id", f"source-{n}", "--title", "T", "--file", str(base),
                          cache=tmp_path / "cache", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for n, c in enumerate(captures)]
    results = [(p.wait(timeout=120), p.stderr.read().decode()) for p in processes]  # type: ignore[union-attr]
    assert [code for code, _ in results] == [0] * 6, results
    ids = [s["id"] for s in yaml.safe_load(base.read_text(encoding="utf-8"))["sources"]]
    assert sorted(ids) == ["one", *(f"source-{n}" for n in range(6))]


@pytest.mark.slow
def test_two_captures_of_one_name_added_at_once_to_a_folder_keep_their_checksums(tmp_path):
    folder = base_folder(tmp_path / "fb")
    first = capture_file(tmp_path / "a", "same.txt", CAPTURE + "First.\n")
    second = capture_file(tmp_path / "b", "same.txt", CAPTURE + "Second.\n")
    processes = [alliance("sources", "add", str(c), "--id", f"source-{n}", "--title", "T", "--file", str(folder),
                          cache=tmp_path / "cache", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for n, c in enumerate((first, second))]
    codes = sorted(p.wait(timeout=120) for p in processes)
    assert codes == [0, 2]  # one added; the other refused, since the name now holds a different text
    (added,) = [yaml.safe_load(p.read_text())["sources"][0] for p in folder.glob("source-*.yaml")]
    assert hashlib.sha256((folder / "captures" / "same.txt").read_bytes()).hexdigest() == added["sha256"]


def test_a_second_writer_waits_a_bounded_time_then_says_so(tmp_path):
    import fcntl

    base = base_file(tmp_path)
    holder = os.open(base, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        started = time.monotonic()
        with pytest.raises(files.WriteFailed, match="another alliance is writing to this fact base"), \
                locking.locked(str(base), wait=0.3):
            pytest.fail("the lock was held by another writer")
        assert time.monotonic() - started < 2
    finally:
        os.close(holder)
    with locking.locked(str(base), wait=0.3):  # free again
        pass


def test_a_lock_is_taken_again_on_the_file_that_replaced_the_one_locked(tmp_path):
    base = base_file(tmp_path)
    entered = threading.Event()
    order = []

    def writer() -> None:
        with locking.locked(str(base)):
            entered.set()
            time.sleep(0.2)
            order.append("first")
            files.write_file(str(base), b"sources: []\nfacts: []\n", replace=True)  # the lock moves to the new file

    thread = threading.Thread(target=writer)
    thread.start()
    entered.wait(5)
    with locking.locked(str(base)):
        order.append("second")
        assert base.read_bytes() == b"sources: []\nfacts: []\n"  # it read what the first writer wrote
    thread.join()
    assert order == ["first", "second"]


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"before\n")
    seen = files.Snapshot.of(str(path))
    time.sleep(0.01)
    path.write_bytes(b"someone else's edit\n")
    with pytest.raises(files.WriteFailed, match="changed since alliance read it"):
        files.write_file(str(path), b"mine\n", replace=True, read_as=seen)
    assert path.read_bytes() == b"someone else's edit\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.yaml"]  # no temporary file left


# --- 2, 3, 4: what is never written over ---------------------------------------------------------------------------

def test_output_into_a_fact_base_folder_where_it_would_be_read_is_refused(run, tmp_path):
    folder = base_folder(tmp_path / "fb")
    before = (folder / "main.yaml").read_bytes()
    for target in (folder / "main.yaml", folder / "export.yaml", folder / "sub" / "x.yaml"):
        result = run("facts", "--file", folder, "--format", "yaml", "--output", target)
        assert result.code == 2, result.stderr
        assert result.error_lines == [f"alliance: error: --output {target} is a file the fact base folder {folder} "
                                      "reads, or would read; choose a file outside it, or one not ending in .yaml"]
    assert (folder / "main.yaml").read_bytes() == before and sorted(os.listdir(folder)) == ["main.yaml"]
    assert run("facts", "--file", folder, "--json", "--output", folder / "export.json").code == 0


def test_output_through_a_link_never_replaces_a_file_of_a_folder_base(run, tmp_path):
    """A member that is a symbolic link is protected by the file it names, by either path (hostile tester, 2)."""
    folder = base_folder(tmp_path / "fb")
    (tmp_path / "ext").mkdir()
    (folder / "main.yaml").rename(tmp_path / "ext" / "main.yaml")
    (folder / "main.yaml").symlink_to(tmp_path / "ext" / "main.yaml")
    (folder / ".drafts").mkdir()
    (folder / "x.yaml").symlink_to(folder / ".drafts" / "x.yaml")
    (folder / ".drafts" / "x.yaml").write_text("facts: []\n", encoding="utf-8")
    before = (tmp_path / "ext" / "main.yaml").read_bytes()
    for target in (folder / "main.yaml", tmp_path / "ext" / "main.yaml", folder / ".drafts" / "x.yaml"):
        result = run("facts", "--file", folder, "--json", "--output", target)
        assert result.code == 2, (target, result.stderr)
        assert "is a file the fact base folder" in result.stderr
    assert (tmp_path / "ext" / "main.yaml").read_bytes() == before
    assert run("validate", folder).code == 0


def test_output_never_replaces_a_capture_the_fact_base_cites(run, tmp_path):
    base = base_file(tmp_path / "base")
    add(run, capture_file(tmp_path / "in"), base)
    capture = tmp_path / "base" / "captures" / "article.txt"
    before = capture.read_bytes()
    result = run("facts", "--file", base, "--format", "csv", "--output", capture)
    assert result.code == 2
    assert "is the captured article of source 'new-source'" in result.stderr
    assert capture.read_bytes() == before


def test_the_browsers_export_never_writes_where_the_folder_would_read_it(tmp_path):
    from alliance_cli.browse.model import Bar, Browser, export
    from alliance_cli.environment import Environment
    from alliance_cli.errors import UsageProblem
    from alliance_cli.factbase.loading import load

    folder = base_folder(tmp_path / "fb")
    store = load(str(folder), {"XDG_CACHE_HOME": str(tmp_path / "cache")})
    browser = Browser(store)
    selection = browser.select(Bar())
    with pytest.raises(UsageProblem, match="is a file the fact base folder"):
        export(store, str(folder), selection, Environment(io.BytesIO(), io.StringIO()), str(folder / "sel.yaml"), "json")
    assert not (folder / "sel.yaml").exists()
    assert export(store, str(folder), selection, Environment(io.BytesIO(), io.StringIO()), str(tmp_path / "sel.json"),
                  "json") == len(store)


def test_a_read_only_fact_base_is_not_rewritten(run, tmp_path):
    base = base_file(tmp_path / "base")
    base.chmod(0o444)
    before = base.read_bytes()
    result = add(run, capture_file(tmp_path / "in"), base)
    assert result.code == 1
    assert result.error_lines == [f"alliance: error: {base}: is read-only; alliance does not change it (make it "
                                  "writable first)"]
    assert base.read_bytes() == before and stat.S_IMODE(base.stat().st_mode) == 0o444
    assert not (tmp_path / "base" / "captures" / "article.txt").exists()  # the capture copied was taken back
    assert not [p for p in (tmp_path / "base").rglob(".*")]  # nor any temporary file


def test_a_fact_base_with_another_hard_link_is_not_split(run, tmp_path):
    """An atomic write replaces the name, not the file: a second hard link would silently keep the old text."""
    base = base_file(tmp_path / "base")
    other = tmp_path / "backup-of-facts.yaml"
    os.link(base, other)
    before = base.read_bytes()
    result = add(run, capture_file(tmp_path / "in"), base)
    assert result.code == 1
    assert result.error_lines == [f"alliance: error: {base}: has 1 other hard link, which would keep the old text; "
                                  "alliance does not split them (copy the file to one of its own first)"]
    assert base.read_bytes() == before == other.read_bytes() and base.stat().st_ino == other.stat().st_ino
    assert not (tmp_path / "base" / "captures").exists()  # refused before the capture's folder was made
    assert not [p for p in (tmp_path / "base").rglob(".*")]
    other.unlink()  # a file of its own again: the same command goes through
    assert add(run, capture_file(tmp_path / "in"), base).code == 0 and base.read_bytes() != before


def test_a_capture_named_yaml_never_lands_where_a_folder_base_reads_facts(run, tmp_path):
    folder = base_folder(tmp_path / "fb")
    capture = capture_file(tmp_path / "in", "article.yaml")
    result = add(run, capture, folder)
    assert result.code == 2
    assert result.error_lines == [f"alliance: error: {folder / 'captures' / 'article.yaml'} would be read as a file "
                                  f"of the fact base {folder}, since its name ends in .yaml; rename the capture "
                                  "(say to article.txt) and run the command again"]
    assert sorted(os.listdir(folder)) == ["main.yaml"]
    assert run("facts", "--file", folder, "--json").code == 0


# --- 5, 20, 22: a write that fails says so -------------------------------------------------------------------------

def _small_disk():
    """In the child: files may grow to 64 KiB, and going past that is EFBIG (not a signal), as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


@pytest.mark.slow
def test_a_full_disk_is_an_error_and_leaves_no_partial_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "all.stix.json"
    process = alliance("facts", "--format", "stix", "--output", str(target), cache=tmp_path / "cache",
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_small_disk)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1, err
    assert err.decode() == f"alliance: error: {target}: cannot be written: File too large\n"
    assert os.listdir(out) == []
    with open(tmp_path / "stdout.json", "wb") as stdout:
        process = alliance("facts", "--format", "stix", cache=tmp_path / "cache", stdout=stdout,
                           stderr=subprocess.PIPE, preexec_fn=_small_disk)
        _, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert err.decode() == ("alliance: error: cannot write to standard output: File too large; the output is "
                            "incomplete\n")


@pytest.mark.slow
def test_closed_standard_streams_keep_their_messages_and_codes(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path)}
    command = f"'{sys.executable}' -m alliance_cli"
    closed_out = subprocess.run(["bash", "-c", f"{command} facts --json >&-"], env=env, capture_output=True,
                                text=True, timeout=60)
    assert (closed_out.returncode, closed_out.stderr) == (1, "alliance: error: standard output is closed; nothing "
                                                             "was written (redirect it to a file, or give --output "
                                                             "FILE)\n")
    closed_err = subprocess.run(["bash", "-c", f"{command} show no-such-fact 2>&-"], env=env, capture_output=True,
                                timeout=60)
    assert closed_err.returncode == 5  # NOT_FOUND, as with stderr open


@pytest.mark.slow
def test_json_into_head_exits_141_on_20000_facts(tmp_path):
    base = base_file(tmp_path, minimal_base(*(minimal_fact(f"sanctions-{n:05d}") for n in range(1, 20_001))))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    line = (f"'{sys.executable}' -m alliance_cli facts --json --file '{base}' 2>'{tmp_path}/err' | head -1 "
            ">/dev/null; echo ${PIPESTATUS[0]}")
    status = subprocess.run(["bash", "-c", line], env=env, capture_output=True, text=True, timeout=300)
    assert status.stdout.strip() == "141"
    assert (tmp_path / "err").read_text() == ""


def test_empty_names_for_file_and_output_are_usage_errors(run):
    assert run("facts", "--file", "").error_lines == [
        "alliance: error: --file is empty; give a path (an empty name would silently mean the shipped fact base)"]
    result = run("facts", "--output", "")
    assert result.code == 2 and result.error_lines == [
        "alliance: error: --output is empty; give a path (an empty name would silently mean nothing)"]


# --- 6: an interrupted add can be run again ------------------------------------------------------------------------

def test_an_add_interrupted_after_copying_the_capture_succeeds_when_run_again(run, tmp_path):
    folder = base_folder(tmp_path / "fb")
    capture = capture_file(tmp_path / "in")
    (folder / "captures").mkdir()
    (folder / "captures" / "article.txt").write_bytes(capture.read_bytes())  # copied, then killed: step 3 of 4
    result = add(run, capture, folder)
    assert result.code == 0, result.stderr
    assert f"{folder / 'captures' / 'article.txt'} already holds this capture" in result.error_lines


def full_disk_for(base: Path, monkeypatch) -> None:
    """Every write of the fact base at `base` fails as on a full disk; other writes (the capture) go through."""
    real = files.write_file

    def fail_on_the_base(path, content, **options):
        if str(path) == str(base):
            raise files.WriteFailed(f"{path}: cannot be written: No space left on device")
        return real(path, content, **options)

    monkeypatch.setattr(files, "write_file", fail_on_the_base)


def test_a_failed_record_takes_back_the_capture_it_copied(run, tmp_path, monkeypatch):
    base = base_file(tmp_path / "base")
    full_disk_for(base, monkeypatch)
    before = base.read_bytes()
    result = add(run, capture_file(tmp_path / "in"), base)
    assert result.code == 1 and "No space left on device" in result.stderr
    assert base.read_bytes() == before
    assert not (tmp_path / "base" / "captures" / "article.txt").exists()


def test_a_failed_record_takes_back_the_capture_it_wrote_through_a_link_and_keeps_the_link(run, tmp_path,
                                                                                          monkeypatch):
    """A link at the capture's name, to a file not there yet, is followed (as every user-named link is); a
    failed record must take back the file it wrote there, not remove the user's link (hostile tester)."""
    base = base_file(tmp_path / "base")
    (tmp_path / "base" / "captures").mkdir()
    link = tmp_path / "base" / "captures" / "article.txt"
    link.symlink_to(tmp_path / "elsewhere.txt")
    full_disk_for(base, monkeypatch)
    result = add(run, capture_file(tmp_path / "in"), base)
    assert result.code == 1 and "No space left on device" in result.stderr
    assert link.is_symlink() and not (tmp_path / "elsewhere.txt").exists()


def test_a_captures_folder_that_is_a_link_to_nowhere_is_one_line_not_an_internal_error(run, tmp_path):
    base = base_file(tmp_path / "base")
    (tmp_path / "base" / "captures").symlink_to(tmp_path / "nowhere" / "captures")
    before = base.read_bytes()
    result = add(run, capture_file(tmp_path / "in"), base)
    assert result.code == 1
    assert result.error_lines == [f"alliance: error: {tmp_path / 'base' / 'captures'}: cannot be made a folder for "
                                  "the capture: it is a link to a folder that does not exist"]
    assert base.read_bytes() == before


# --- 7, 8: links, devices, FIFOs -----------------------------------------------------------------------------------

def test_output_to_a_folder_or_a_name_ending_in_a_slash_writes_nothing(run, tmp_path):
    assert run("facts", "--json", "-o", tmp_path).error_lines == [
        f"alliance: error: {tmp_path}: is a folder; alliance replaces only regular files"]
    result = run("facts", "--json", "-o", f"{tmp_path / 'new'}/")
    assert (result.code, result.error_lines) == (1, [f"alliance: error: {tmp_path / 'new'}/: ends in a slash, so it "
                                                     "names a folder; give a file name"])
    assert list(tmp_path.iterdir()) == []


def test_output_follows_a_symlink_to_its_file(run, tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert run("facts", "-t", "sanctions", "--json", "--output", link).code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("[")


def test_output_writes_a_device_or_a_fifo_and_never_replaces_it(run, tmp_path):
    null = device(tmp_path, "null", 1, 3)
    result = run("facts", "-t", "sanctions", "--json", "--output", null)
    assert result.code == 0, result.stderr
    assert stat.S_ISCHR(null.stat().st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    assert run("facts", "-t", "sanctions", "--json", "--output", fifo).code == 0
    reader.join(10)
    assert received and received[0].startswith(b"[") and stat.S_ISFIFO(fifo.stat().st_mode)


def test_output_to_dev_stdout_is_standard_output(run):
    result = run("facts", "-t", "sanctions", "--json", "--output", "/dev/stdout")
    assert result.code == 0 and result.stdout == run("facts", "-t", "sanctions", "--json").stdout


def test_sources_add_through_a_symlinked_fact_base_edits_the_file_it_names(run, tmp_path):
    real = base_file(tmp_path / "repo")
    link = tmp_path / "facts.yaml"
    link.symlink_to(real)
    assert add(run, capture_file(tmp_path / "in"), link).code == 0
    assert link.is_symlink()
    assert "new-source" in real.read_text(encoding="utf-8")
    assert (tmp_path / "repo" / "captures" / "article.txt").exists()


# --- 9, 10: line ends and byte-order marks -------------------------------------------------------------------------

def test_sources_add_keeps_cr_only_line_ends(run, tmp_path):
    base = base_file(tmp_path / "base")
    base.write_bytes(base.read_bytes().replace(b"\n", b"\r"))
    result = add(run, capture_file(tmp_path / "in"), base)
    assert result.code == 0, result.stderr
    data = base.read_bytes()
    assert b"\n" not in data and b"- id: new-source\r" in data
    assert run("validate", base).code == 0


@pytest.mark.parametrize("line_end", ["\u2028", "\x85", "\r"])
def test_sources_add_counts_lines_as_yaml_does(run, tmp_path, line_end):
    """A line end only YAML knows (U+2028 pasted from a page, NEL from mis-decoded cp1252, a lone CR) in a comment
    before the sources must not push the new source into another value (found by the hostile tester)."""
    base = base_file(tmp_path / "base")
    text = base.read_text(encoding="utf-8")
    text = "# notes" + line_end + "# more" + line_end + "# and more" + line_end + "\n" + text.replace(
        "entities:\n", "entities:\n", 1)
    text = text.replace("- name: Russia\n", "- name: Russia\n  description: \"The Russian Federation,\n    party to\n"
                        "    the treaty.\"\n", 1)
    base.write_text(text, encoding="utf-8", newline="")
    before = run("actors", "--file", base, "--json").json()
    result = add(run, capture_file(tmp_path / "in"), base)
    assert result.code == 0, result.stderr
    assert [s["id"] for s in run("sources", "--file", base, "--json").json()][-1] == "new-source"
    assert run("actors", "--file", base, "--json").json() == before  # nothing else changed
    assert base.read_bytes().decode("utf-8").count(line_end) >= 3  # the file keeps its own line ends


def test_an_insertion_that_would_change_other_data_is_refused(tmp_path):
    """The last guard of every insertion: the file read back must hold what it held plus the entry."""
    from alliance_cli.errors import FactBaseError
    from alliance_cli.factbase import editing

    text = "sources:\n- id: a\n  title: \"one\n    two\"\nfacts: []\n"
    original = editing._insert_lines
    try:
        editing._insert_lines = lambda text, line, new: original(text, 3, new)  # inside the quoted title
        with pytest.raises(FactBaseError, match="without changing something else"):
            editing.add_to_list(text, "F", "sources", {"id": "b"})
    finally:
        editing._insert_lines = original


def test_a_capture_with_a_byte_order_mark_has_its_first_heading(run, tmp_path):
    base = base_file(tmp_path / "base")
    capture = tmp_path / "in" / "bom.txt"
    capture.parent.mkdir()
    capture.write_bytes(b"\xef\xbb\xbf" + CAPTURE.encode("utf-8"))
    assert add(run, capture, base).code == 0
    result = run("quote", "new-source", "heavily burdened by sanctions", "--file", base)
    assert result.code == 0, result.stderr
    assert "section: A Heading Of The Article" in result.stdout


# --- 11: devices and pipes are never read ---------------------------------------------------------------------------

def test_a_device_or_a_fifo_is_no_fact_base_and_no_capture(run, tmp_path):
    zero = device(tmp_path, "zero", 1, 5)
    result = run("facts", "--file", zero, "--no-cache")
    assert result.code == 3
    assert result.error_lines == [f"{zero}: is a character device, not a regular file; a fact base is a YAML file "
                                  "or a folder of them"]
    folder = base_folder(tmp_path / "fb")
    (folder / "x.yaml").symlink_to(zero)
    assert run("facts", "--file", folder, "--no-cache").error_lines == [
        f"{folder / 'x.yaml'}: is a character device, not a regular file; a fact base is a YAML file or a folder "
        "of them"]
    base = base_file(tmp_path / "base")
    assert add(run, zero, base).error_lines == [
        f"alliance: error: {zero}: is a character device, not a regular file; give the captured text file"]
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    assert add(run, fifo, base).error_lines == [
        f"alliance: error: {fifo}: is a FIFO (named pipe), not a regular file; give the captured text file"]
    (tmp_path / "in").mkdir()
    assert add(run, tmp_path / "in", base).error_lines == [
        f"alliance: error: {tmp_path / 'in'}: is a folder; give the captured text file"]


# --- 14, 19: numbers and lengths ------------------------------------------------------------------------------------

def test_context_stops_at_the_end_of_the_section(run, captures):
    started = time.monotonic()
    huge = run("show", "security-013", "--context", "1" + "0" * 20, "--sources", captures, "--json")
    assert huge.code == 0 and time.monotonic() - started < 10
    assert huge.json() == run("show", "security-013", "--context", "10000", "--sources", captures, "--json").json()


def test_a_long_id_is_a_usage_error(run, tmp_path):
    folder = base_folder(tmp_path / "fb")
    result = add(run, capture_file(tmp_path / "in"), folder, "a" * 300)
    assert result.code == 2
    assert result.error_lines == ["alliance: error: --id is 300 characters long; an id has at most 100"]


# --- 17, 22: lint reads folders and refuses two bases ----------------------------------------------------------------

def test_lint_reads_a_folder_and_refuses_two_bases(run, tmp_path):
    folder = base_folder(tmp_path / "fb")
    for given in ((folder,), ("--file", folder)):
        result = run("lint", *given, "--json")
        assert result.code in (0, 7), result.stderr
    with_env = run("lint", "--json", variables={"ALLIANCE_FACTS": str(folder)})
    assert with_env.code in (0, 7), with_env.stderr
    other = base_file(tmp_path / "other")
    assert run("lint", folder, "--file", other).error_lines == [
        f"alliance: error: PATH {folder} and --file {other} name two fact bases; give one"]


# --- 12, 13: memory and time bounded by what is shown and read ------------------------------------------------------

@pytest.mark.slow
def test_a_query_on_a_base_of_many_broken_facts_keeps_only_what_it_shows(run, write_base):
    import tracemalloc

    path = write_base("sources:\n- {}\nfacts:\n" + "- {}\n" * 30_000)
    tracemalloc.start()
    result = run("facts", "--file", path, "--no-cache")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.code == 3 and len(result.error_lines) == 21
    import re

    assert re.fullmatch(rf"… and \d{{3}},\d{{3}} more problems; run 'alliance validate {re.escape(str(path))}' to "
                        "list them all", result.error_lines[-1])
    assert peak < 60 * 1024 * 1024  # 147 MB before (17 MB now): every problem was kept before 20 were shown


def test_line_numbers_in_a_large_capture_take_linear_time():
    from alliance_cli.factbase.captures import Capture

    line = "This is one sentence of the article.\n"
    text = "A heading of it\n\n" + line * 80_000  # 3 MB
    capture = Capture("big", Path("big.txt"), text, "0" * 64, "0" * 64)
    offsets = range(17, len(text), len(line) * 2)  # 40,000 sentence starts
    started = time.monotonic()
    places = [capture.line_column(offset) for offset in offsets]
    assert time.monotonic() - started < 1  # counted from the top each time: 40,000 scans of 1.5 MB on average
    assert places[0] == (3, 1) and places[-1] == (80_001, 1)


# --- 16, 18: names stay inert; addresses are URIs -------------------------------------------------------------------

HOSTILE = "\x1b]0;owned\x07\x1b[31m"


def test_hostile_names_reach_every_message_neutralised(run, tmp_path):
    folder = tmp_path / "base"
    base_data = minimal_base()
    base_data["sources"][0]["file"] = f"cap{HOSTILE}.txt"
    base = base_file(folder, {"captures": "captures", **base_data})
    capture_file(folder / "captures", f"cap{HOSTILE}.txt")  # its sha256 is not the recorded one: a warning
    results = [
        run("read", "one", "--file", base),
        run("show", "sanctions-001", "--context", "--file", base),
        run("quote", "one", "heavily burdened", "--file", base),
        run("coverage", "--file", base),
        run("facts", "--search", f"nothing{HOSTILE}", "--file", base),
        add(run, capture_file(tmp_path / "in", f"new{HOSTILE}.txt", CAPTURE + "New.\n"), base),
        run("facts", "--file", tmp_path / f"missing{HOSTILE}.yaml"),
        run("facts", "--output", tmp_path / f"no-folder{HOSTILE}" / "x.json"),
    ]
    for result in results:
        assert result.stderr, result
        assert "\x1b" not in result.stderr and "\x07" not in result.stderr, result.stderr
        assert "\\x1b" in result.stderr, result.stderr


def test_an_iri_is_written_as_a_uri_in_every_export(run, tmp_path):
    data = minimal_base()
    data["sources"][0]["url"] = "https://de.wikipedia.org/wiki/Bündnis"
    base = base_file(tmp_path, data)
    encoded = "https://de.wikipedia.org/wiki/B%C3%BCndnis"
    stix = run("facts", "--format", "stix", "--file", base).json()
    urls = [r.get("url") for o in stix["objects"] for r in o.get("external_references", []) if r.get("url")]
    assert urls and set(urls) == {encoded}
    from alliance_cli.render.exports.annotations import target_source

    assert target_source(data["sources"][0]) == encoded  # annotations need the capture itself to be written
    assert run("sources", "--format", "csl-json", "--file", base).json()[0]["URL"] == encoded
    assert f"url = {{{encoded}}}" in run("sources", "--format", "bibtex", "--file", base).stdout
    assert f'href="{encoded}"' in run("facts", "--format", "html", "--file", base).stdout


def test_a_long_quote_is_found_exactly_or_refused_at_once(run, tmp_path):
    words = " ".join(f"word{n}" for n in range(4_000))  # 30 KB of text in one paragraph
    base = base_file(tmp_path / "base")
    assert add(run, capture_file(tmp_path / "in", "long.txt", f"A Long Heading Here\n\n{words}.\n"), base).code == 0
    started = time.monotonic()
    found = run("quote", "new-source", words[:20_000], "--file", base)
    assert found.code == 0, found.stderr
    typo = run("quote", "new-source", "X" + words[1:20_000], "--file", base)
    assert typo.code == 5
    assert typo.error_lines == ["alliance: error: the text is not in new-source as given (after folding case, "
                                "accents, quotes, dashes and spacing); a text over 1,000 characters is not searched "
                                "for near matches: quote fewer words to find a passage that differs a little"]
    assert time.monotonic() - started < 10  # the pure-Python edit distance alone took minutes


@pytest.mark.slow
@pytest.mark.parametrize("folder_base", [False, True], ids=["file", "folder"])
def test_an_add_killed_at_any_moment_leaves_the_old_state_or_the_new_and_can_be_run_again(tmp_path, folder_base):
    """SIGKILL, SIGTERM or SIGHUP at moments spread over the run: the base always loads, a recorded source
    always has its capture with the recorded sha256, nothing is half-written, and the same command then works."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    moments = [(signal.SIGKILL, 0.3), (signal.SIGTERM, 0.45), (signal.SIGHUP, 0.6), (signal.SIGKILL, 0.75),
               (signal.SIGTERM, 0.9), (signal.SIGKILL, 1.2)]
    for n, (number, delay) in enumerate(moments):
        where = tmp_path / f"run{n}"
        base = base_folder(where / "fb") if folder_base else base_file(where / "base")
        before = sorted((p.relative_to(where), p.read_bytes()) for p in where.rglob("*") if p.is_file())
        capture = capture_file(tmp_path / "in", f"cap{n}.txt", CAPTURE + f"Run {n}.\n")
        command = [sys.executable, "-m", "alliance_cli", "sources", "add", str(capture), "--id", "added",
                   "--title", "T", "--file", str(base)]
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(number)
        process.wait(timeout=60)
        if number != signal.SIGKILL:  # a temporary file is removed on the way out; only SIGKILL can leave one
            assert not list(where.rglob(".*.tmp"))
        check = subprocess.run([sys.executable, "-m", "alliance_cli", "verify", "--file", str(base)], env=env,
                               capture_output=True, text=True, timeout=60)
        recorded = "added" in subprocess.run(
            [sys.executable, "-m", "alliance_cli", "sources", "--json", "--file", str(base)], env=env,
            capture_output=True, text=True, timeout=60).stdout
        if recorded:  # the new state: its capture is there and verifies (the shipped-less base's own source not)
            assert f"cap{n}.txt" not in check.stdout + check.stderr, check.stdout + check.stderr
        else:  # the old state, with at most the capture copied
            after = sorted((p.relative_to(where), p.read_bytes()) for p in where.rglob("*")
                           if p.is_file() and p.name != f"cap{n}.txt" and not p.name.startswith("."))
            assert after == before
        again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert again.returncode == (2 if recorded else 0), again.stderr


def test_validate_refuses_two_bases_and_names_the_yml_files_it_does_not_read(run, tmp_path):
    folder = base_folder(tmp_path / "fb")
    (folder / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    result = run("validate", folder)
    assert result.code == 0
    assert result.error_lines == ["note: 1 *.yml file is not read (a fact base folder reads *.yaml files only; "
                                  "rename to include): mkdocs.yml"]
    other = base_file(tmp_path / "other")
    assert run("validate", folder, "--file", other).error_lines == [
        f"alliance: error: PATH {folder} and --file {other} name two fact bases; give one"]


def test_a_signal_arriving_just_after_the_record_keeps_the_capture(run, tmp_path, monkeypatch):
    base = base_file(tmp_path / "base")
    real = files.write_file

    def recorded_then_interrupted(path, content, **options):
        written = real(path, content, **options)
        if str(path) == str(base):
            raise KeyboardInterrupt  # Ctrl-C, held back during the rename, acted on as it returns
        return written

    monkeypatch.setattr(files, "write_file", recorded_then_interrupted)
    assert add(run, capture_file(tmp_path / "in"), base).code == 130
    assert "new-source" in base.read_text(encoding="utf-8")
    assert (tmp_path / "base" / "captures" / "article.txt").exists()  # the source recorded keeps its capture


def test_a_full_device_as_output_or_stdout_is_one_line_and_exit_1(run, tmp_path):
    full = device(tmp_path, "full", 1, 7)  # as /dev/full: every write is ENOSPC
    result = run("facts", "--json", "--output", full)
    assert (result.code, result.error_lines) == (1, [f"alliance: error: {full}: cannot be written: No space left "
                                                     "on device"])
    assert stat.S_ISCHR(full.stat().st_mode)
    with open(full, "wb") as stdout:
        result = run("facts", "--json", stdout=stdout)
    assert (result.code, result.error_lines) == (1, ["alliance: error: cannot write to standard output: No space "
                                                     "left on device; the output is incomplete"])


def test_a_file_changed_while_it_is_being_written_is_not_replaced(tmp_path):
    """The snapshot is compared again just before the rename, not only before the write (hostile tester, 3)."""
    target = tmp_path / "facts.yaml"
    target.write_bytes(b"sources: []\n")
    read_as = files.Snapshot.of(str(target))

    def slow_content(handle):
        handle.write(b"new\n")
        with open(target, "ab") as other:  # an editor saves while alliance writes its temporary file
            other.write(b"# added meanwhile\n")

    with pytest.raises(files.WriteFailed, match="changed while alliance was writing it"):
        files.write_file(str(target), slow_content, replace=True, read_as=read_as)
    assert target.read_bytes() == b"sources: []\n# added meanwhile\n"
    assert [p.name for p in tmp_path.iterdir()] == ["facts.yaml"]


@pytest.mark.parametrize("read_as", [True, False], ids=["fact base", "output"])
def test_a_hard_link_made_while_the_file_is_written_is_not_split(tmp_path, read_as):
    """The hard-link refusal is checked again just before the rename, for every write (hostile tester)."""
    target = tmp_path / "facts.yaml"
    target.write_bytes(b"sources: []\n")
    snapshot = files.Snapshot.of(str(target)) if read_as else None

    def content(handle):
        handle.write(b"new\n")
        os.link(target, tmp_path / "backup.yaml")  # a backup tool links the file while alliance writes

    with pytest.raises(files.WriteFailed, match="has 1 other hard link"):
        files.write_file(str(target), content, replace=True, read_as=snapshot)
    assert target.read_bytes() == (tmp_path / "backup.yaml").read_bytes() == b"sources: []\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.yaml", "facts.yaml"]


def test_a_long_name_of_many_byte_letters_gets_a_temporary_name_within_the_limit(tmp_path):
    target = tmp_path / ("é" * 120 + ".json")  # 245 bytes: legal, though 240 characters of it would not be
    files.write_file(str(target), b"{}\n", replace=False)
    assert target.read_bytes() == b"{}\n"


def test_a_line_break_in_a_file_name_cannot_forge_a_line_of_its_own(run, tmp_path):
    target = tmp_path / "nl\nalliance: error: forged.json"
    result = run("facts", "--json", "--limit", "1", "--output", target)
    assert result.code == 0, result.stderr
    assert result.error_lines == [f"Wrote {tmp_path}/nl\\nalliance: error: forged.json."]


def test_a_sqlite_export_whose_companion_cannot_be_written_leaves_the_database_as_it_was(run, tmp_path):
    database = tmp_path / "old.db"
    assert run("facts", "--format", "sqlite", "--output", database).code == 0
    before = database.read_bytes()
    companion = tmp_path / "old.metadata.json"
    companion.write_text("{}\n", encoding="utf-8")
    companion.chmod(0o444)
    result = run("facts", "--theme", "sanctions", "--format", "sqlite", "--output", database)
    assert result.code == 1 and "is read-only" in result.stderr
    assert database.read_bytes() == before


def test_a_companion_refused_after_the_database_was_written_says_so(run, tmp_path, monkeypatch):
    """The pair is checked before either is written, but the companion can still be refused at its own last
    look (here: made read-only meanwhile); the message then says the database was written, not only why."""
    database, companion = tmp_path / "new.db", tmp_path / "new.metadata.json"
    companion.write_text("{}\n", encoding="utf-8")
    original = files.write_file

    def then_read_only(path, *args, **kwargs):
        written = original(path, *args, **kwargs)
        companion.chmod(0o444)  # someone locks the companion once the database is in place
        return written

    monkeypatch.setattr(files, "write_file", then_read_only)
    result = run("facts", "--format", "sqlite", "--output", database)
    assert result.code == 1
    assert result.error_lines == [f"alliance: error: {companion}: is read-only; alliance does not change it (make it "
                                  f"writable first); {database} was already written"]
    assert companion.read_text(encoding="utf-8") == "{}\n" and database.exists()


def test_a_fifo_in_the_cache_folder_never_blocks_a_query(run, tmp_path):
    """A FIFO where the code stamp or an entry should be is a damaged cache: rebuilt, never waited on (hostile
    tester, 10)."""
    import subprocess
    import sys

    cache_home = tmp_path / "cache"
    command = [sys.executable, "-m", "alliance_cli", "facts", "--limit", "1", "--json"]
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    assert subprocess.run(command, env=environment, capture_output=True, timeout=60).returncode == 0
    folder = cache_home / "alliance"
    for path in [*folder.glob("*.codestamp"), *folder.glob("*.factcache")]:
        path.unlink()
        os.mkfifo(path)
    done = subprocess.run(command, env=environment, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 1


@pytest.mark.parametrize("plant", ["link to a file", "link to a read-only file", "link to a folder",
                                   "dangling link", "hard link"])
def test_a_link_planted_in_the_cache_folder_is_replaced_never_followed(run, tmp_path, plant):
    """A query writes the cache; a link where an entry goes must not make it overwrite the file the link
    names, which the user never gave to alliance, nor keep the cache from being rebuilt (hostile testers).
    The cache is alliance's own: the entry replaces the link, whatever it names."""
    precious = tmp_path / "precious.txt"
    precious.write_text("the user's notes\n", encoding="utf-8")
    if plant == "link to a read-only file":
        precious.chmod(0o444)
    named = {"link to a folder": tmp_path, "dangling link": tmp_path / "nowhere"}.get(plant, precious)
    variables = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert run("facts", "--limit", "1", "--json", variables=variables).code == 0
    entries = [p for p in (tmp_path / "cache" / "alliance").iterdir() if p.is_file()]
    assert entries
    for entry in entries:
        entry.unlink()
        os.link(precious, entry) if plant == "hard link" else entry.symlink_to(named)
    result = run("facts", "--limit", "1", "--json", variables=variables)
    assert result.code == 0 and len(result.json()) == 1 and result.stderr == ""
    assert precious.read_text(encoding="utf-8") == "the user's notes\n"
    rebuilt = [e for e in entries if not e.is_symlink() and e.is_file() and e.stat().st_nlink == 1]
    assert rebuilt, "the cache was not written in place of the planted links"
    assert all(stat.S_IMODE(e.stat().st_mode) & 0o200 for e in rebuilt)  # its own mode, not the planted file's


def test_a_capture_that_is_not_a_file_is_named_never_replaced_by_the_shipped_copy(run, tmp_path):
    """A FIFO where a source's capture should be is reported as what it is; verify must not quietly read the
    shipped copy instead and say every checksum matches (hostile tester, 14)."""
    import shutil

    folder = tmp_path / "base"
    folder.mkdir()
    base = folder / "facts.yaml"
    shutil.copy(ROOT / "facts.yaml", base)
    (folder / "captures").mkdir()
    for name in os.listdir(ROOT / "captures"):
        shutil.copy(ROOT / "captures" / name, folder / "captures" / name)
    pipe = folder / "captures" / "putins-promise.txt"
    pipe.unlink()
    os.mkfifo(pipe)
    result = run("verify", "--file", base)
    assert result.code != 0
    assert "is a FIFO" in result.stderr or "is a FIFO" in result.stdout


def test_a_refused_add_takes_back_the_capture_it_copied(run, tmp_path, monkeypatch):
    """When the file changed while the source was being added, the refused add leaves no capture behind, so the
    same command can be run again at once (hostile tester, 8)."""
    base = base_file(tmp_path / "base")
    real_write = files.write_file

    def edited_meanwhile(path, content, **options):
        if str(path) == str(base):  # an editor saves the fact base while alliance writes it
            with open(path, "ab") as other:
                other.write(b"# edited by someone else\n")
        return real_write(path, content, **options)

    monkeypatch.setattr(files, "write_file", edited_meanwhile)
    result = add(run, capture_file(tmp_path / "in"), base)
    assert result.code == 1 and "changed" in result.stderr
    assert not (tmp_path / "base" / "captures" / "article.txt").exists()
    monkeypatch.setattr(files, "write_file", real_write)
    assert add(run, capture_file(tmp_path / "in"), base).code == 0
