"""The reading screen's domain, without Textual: the article's sentences and marks, the candidates, the
new fact's prefill and checks, and the undoable writes that refuse a file changed elsewhere or cut short."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from test_corroborate import AUDITED, FRICTION

from alliance_cli.errors import FactBaseError
from alliance_cli.factbase.captures import Finder
from alliance_cli.factbase.evidence_editing import FileChanged
from alliance_cli.factbase.loading import load
from alliance_cli.factbase.undo import Edits
from alliance_cli.query import curating, drafting
from alliance_cli.query.attaching import add_disagreement, add_evidence


@pytest.fixture
def base(tmp_path) -> Path:
    """The shipped base before issue 25's audit (two citations missing), with its captures, to edit."""
    text = (ROOT / "facts.yaml").read_text(encoding="utf-8")
    for block in AUDITED:
        text = text.replace(block, "", 1)
    (tmp_path / "facts.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "captures", tmp_path / "captures")
    return tmp_path / "facts.yaml"


def opened(path: Path, source: str = "putins-promise"):
    store = load(str(path), {"XDG_CACHE_HOME": str(path.parent / "cache")})
    return store, curating.reading(store, Finder(store, str(path)), source)


def sentence_with(reading: curating.Reading, words: str) -> int:
    return next(n for n in range(len(reading.sentences)) if words in reading.text(n))


def test_the_reading_marks_what_cites_each_sentence_and_counts_as_coverage_does(base, run):
    _, reading = opened(base)
    row = run("coverage", "putins-promise", "--json", "--file", base).json()[0]
    assert reading.covered == row["cited_sentences"] == sum(1 for ids in reading.cited_by if ids)
    assert reading.count_words() == f"{row['cited_sentences']} of {row['sentences']} sentences cited " \
                                    f"({row['cited_sentences'] / row['sentences']:.0%})"
    uncited = [reading.text(n) for n, ids in enumerate(reading.cited_by) if not ids]
    assert uncited == [u["text"] for u in row["uncovered"]]
    friction = sentence_with(reading, FRICTION)
    assert "divergence-007" not in reading.cited_by[friction]


def test_next_uncovered_skips_cited_sentences_and_goes_round(base):
    _, reading = opened(base)
    uncited = [n for n, ids in enumerate(reading.cited_by) if not ids]
    assert len(uncited) >= 2
    assert reading.next_uncovered(uncited[0]) == uncited[1]
    assert reading.next_uncovered(uncited[-1]) == uncited[0]


def test_candidates_follow_corroborate_and_leave_out_the_facts_that_cite_the_sentence(base):
    store, reading = opened(base)
    friction = sentence_with(reading, FRICTION)
    found = reading.candidates(friction)
    assert "divergence-007" in [store.ids[c.ordinal] for c in found[:3]]
    assert all(store.ids[c.ordinal] not in reading.cited_by[friction] for c in found)
    assert found[0].relation in ("supports", "differs", "related") and found[0].why


@pytest.mark.parametrize(("sentence", "stance", "word"), [
    ("Tehran may supply more drones.", "hedged", "may"),
    ("Moscow reportedly paid in gold.", "alleged", "reportedly"),
    ("Analysts perceive a shift.", "hedged", "perceive"),
    ("The treaty was signed in 2025.", "asserted", None),
])
def test_the_suggested_stance_names_the_word_that_suggests_it(sentence, stance, word):
    assert drafting.suggested_stance(sentence) == drafting.Stance(stance, word)


def test_actors_are_recognised_through_names_and_aliases_in_order(base):
    store, _ = opened(base)
    assert drafting.recognised_actors(store, "Tehran and Moscow met; Russia agreed.")[:2] == ["Iran", "Russia"]
    assert drafting.recognised_actors(store, "Nothing named here.") == []


def test_a_draft_is_prefilled_and_checked_as_validate_and_lint_would(base):
    store, reading = opened(base)
    index = reading.next_uncovered(sentence_with(reading, FRICTION))
    sentence = reading.text(index)
    made = drafting.draft(store, Finder(store, str(base)), "putins-promise", sentence, "economy")
    fact = made.fact
    assert fact["id"] == "economy-" + f"{max(int(i.split('-')[1]) for i in store.ids if i.startswith('economy-')) + 1:03d}"
    assert fact["evidence"][0]["quote"] == " ".join(sentence.split())
    assert fact["evidence"][0]["section"] == reading.sentences[index].section != ""
    assert (fact["credibility"], made.grade_reason) == (3, "one source asserts it (putins-promise)")
    text = base.read_text(encoding="utf-8")
    problems, _ = drafting.findings(str(base), text, fact)
    assert any("'statement' must not be blank" in p for p in problems)
    fact["statement"] = "Russia and Iran see their trade as a shield against sanctions."
    fact["actors"] = fact["actors"] or ["Russia", "Iran"]
    assert drafting.findings(str(base), text, fact)[0] == []


def test_attach_and_dispute_undo_in_turn_to_the_same_bytes(base):
    store, _ = opened(base)
    original = base.read_bytes()
    edits = Edits(str(base))
    finder = Finder(store, str(base))
    add_evidence(store, finder, str(base), "divergence-007", "putins-promise", FRICTION, edits)
    after_attach = base.read_bytes()
    add_disagreement(store, finder, str(base), "divergence-007", "How firm the friction is",
                     [("putins-promise", "Friction at times.", FRICTION),
                      ("inside-the-pact", "Divergences.", store.fact(store.ordinal_of["divergence-007"])
                       ["evidence"][0]["quote"])], edits)
    assert b"How firm the friction is" in base.read_bytes()
    assert [d.what for d in edits.done] == ["attached to divergence-007", "disagreement on divergence-007"]
    edits.undo()
    assert base.read_bytes() == after_attach
    edits.undo()
    assert base.read_bytes() == original
    assert edits.undo() is None


def test_a_write_keeps_crlf_comments_and_every_other_byte(base):
    crlf = base.read_bytes().replace(b"\n", b"\r\n")
    base.write_bytes(crlf)
    store, _ = opened(base)
    edits = Edits(str(base))
    add_evidence(store, Finder(store, str(base)), str(base), "divergence-007", "putins-promise", FRICTION, edits)
    written = base.read_bytes()
    assert b"\n" not in written.replace(b"\r\n", b"")
    assert written.startswith(crlf[:200]) and len(written) > len(crlf)
    edits.undo()
    assert base.read_bytes() == crlf


def test_a_file_changed_elsewhere_is_refused_and_never_overwritten(base):
    store, _ = opened(base)
    edits = Edits(str(base))
    with base.open("a", encoding="utf-8") as handle:
        handle.write("# edited elsewhere\n")
    elsewhere = base.read_bytes()
    with pytest.raises(FileChanged, match="changed on disk since it was read"):
        add_evidence(store, Finder(store, str(base)), str(base), "divergence-007", "putins-promise", FRICTION, edits)
    assert base.read_bytes() == elsewhere
    edits.reload()
    add_evidence(store, Finder(store, str(base)), str(base), "divergence-007", "putins-promise", FRICTION, edits)
    assert base.read_bytes().endswith(b"# edited elsewhere\n")


def test_undo_is_refused_when_the_file_changed_after_the_write(base):
    store, _ = opened(base)
    edits = Edits(str(base))
    add_evidence(store, Finder(store, str(base)), str(base), "divergence-007", "putins-promise", FRICTION, edits)
    base.write_bytes(base.read_bytes() + b"# later\n")
    with pytest.raises(FileChanged):
        edits.undo()
    assert base.read_bytes().endswith(b"# later\n")


def test_saving_an_invalid_fact_is_refused_and_leaves_the_file(base):
    store, reading = opened(base)
    made = drafting.draft(store, Finder(store, str(base)), "putins-promise", reading.text(0), "security")
    before = base.read_bytes()
    edits = Edits(str(base))
    with pytest.raises(FactBaseError, match="would not validate"):
        drafting.save(str(base), made.fact, edits)
    assert base.read_bytes() == before and edits.done == []


def test_a_full_disk_in_the_middle_of_a_write_leaves_the_file_as_it_was(base, monkeypatch):
    import errno

    store, _ = opened(base)
    before = base.read_bytes()
    from alliance_cli import files

    def full(handle, data):  # the temporary file fills the disk halfway
        handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "write_whole", full)
    with pytest.raises(files.WriteFailed, match="No space left on device"):
        add_evidence(store, Finder(store, str(base)), str(base), "divergence-007", "putins-promise", FRICTION,
                     Edits(str(base)))
    assert base.read_bytes() == before
    assert [p.name for p in base.parent.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("moment", ["writing", "replacing"])
def test_a_process_killed_in_the_middle_of_a_write_leaves_the_file_as_it_was(base, moment):
    """A child process starts a write and is killed (SIGKILL) halfway through the temporary file, or just
    before the temporary file replaces the original: the fact base is the same bytes as before."""
    before = base.read_bytes()
    child = f"""
import os, signal
from alliance_cli.factbase import evidence_editing, editing
moment = {moment!r}
if moment == "replacing":
    os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)
else:
    from alliance_cli import files
    def half(self, data):
        self.handle.write(data[: len(data) // 2]); self.handle.flush(); os.kill(os.getpid(), signal.SIGKILL)
    files._WholeWrites.write = half
evidence_editing.rewrite({str(base)!r}, lambda t: t + "# appended\\n")
"""
    result = subprocess.run([sys.executable, "-c", child], cwd=ROOT, capture_output=True, timeout=60)
    assert result.returncode == -signal.SIGKILL
    assert base.read_bytes() == before
    assert [p.name for p in base.parent.iterdir() if p.name == "facts.yaml"] == ["facts.yaml"]


def test_ctrl_c_in_the_middle_of_a_write_leaves_the_file_as_it_was_and_no_temporary_file(base):
    """Ctrl-C (SIGINT) arriving while the temporary file is half written: the fact base is the same bytes as
    before, and the half-written temporary file is gone."""
    before = base.read_bytes()
    child = f"""
import os, signal
from alliance_cli import files
from alliance_cli.factbase import evidence_editing
def half(self, data):
    self.handle.write(data[: len(data) // 2]); self.handle.flush(); os.kill(os.getpid(), signal.SIGINT)
files._WholeWrites.write = half
evidence_editing.rewrite({str(base)!r}, lambda t: t + "# appended\\n")
"""
    result = subprocess.run([sys.executable, "-c", child], cwd=ROOT, capture_output=True, timeout=60)
    assert result.returncode != 0 and b"KeyboardInterrupt" in result.stderr
    assert base.read_bytes() == before
    assert sorted(p.name for p in base.parent.iterdir() if p.name.endswith(".tmp")) == []
