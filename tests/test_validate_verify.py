"""`alliance validate` and `alliance verify`: the fact base checked against its format and its sources."""
from __future__ import annotations

import hashlib
import shutil

import pytest
import yaml
from conftest import SHIPPED, minimal_base, minimal_fact

VERIFY_FAILED = 4


def test_shipped_fact_base_validates(run, shipped):
    result = run("validate")
    assert result.code == 0, result.stderr
    assert result.stdout == (f"{SHIPPED}: valid: {len(shipped['facts'])} facts, {len(shipped['sources'])} sources, "
                             f"{len(shipped['entities'])} entities\n")


def test_validate_takes_a_path(run, write_base):
    path = write_base(minimal_base())
    assert run("validate", path).stdout == f"{path}: valid: 1 facts, 1 sources, 2 entities\n"


def test_validate_lists_every_problem_with_its_line(run, write_base):
    second = minimal_fact("sanctions-001", themes=["sanction"], stance="certain")
    text = yaml.safe_dump(minimal_base(minimal_fact(), second), sort_keys=False)
    result = run("validate", write_base(text))
    assert result.code == 3
    lines = result.error_lines
    assert len(lines) == 3
    numbered = text.splitlines()
    for line, needle in zip(lines, ["id: sanctions-001", "- sanction", "stance: certain"], strict=True):
        number = int(line.split(":")[1])
        assert needle in numbered[number - 1], (line, numbered[number - 1])
    assert "duplicate fact id 'sanctions-001' (first given on line" in lines[0]
    assert "unknown theme 'sanction' (did you mean 'sanctions'?)" in lines[1]
    assert "'stance' must be one of asserted, hedged, alleged, opinion, not 'certain'" in lines[2]


def test_shipped_fact_base_verifies_against_the_sources(run, shipped, captures):
    result = run("verify", "--sources", captures)
    assert result.code == 0, result.stderr
    quotes = sum(len(f["evidence"]) + sum(len(d["accounts"]) for d in f.get("disagreements") or [])
                 for f in shipped["facts"])
    assert result.stdout == f"verified: {quotes} quotes found verbatim in 2 sources, and every sha256 matches\n"


@pytest.fixture
def copied_sources(tmp_path, captures):
    folder = tmp_path / "sources"
    shutil.copytree(captures, folder)
    return folder


def test_verify_fails_on_a_changed_quote(run, write_base, shipped, copied_sources):
    shipped["facts"][0]["evidence"][0]["quote"] = "Among the most significant of these emerging alliances"
    path = write_base(shipped)
    result = run("verify", "--sources", copied_sources, "--file", path)
    assert result.code == VERIFY_FAILED
    assert result.error_lines[0] == ("security-001: source inside-the-pact: quote not found in the source "
                                     "“Among the most significant of these emerging alliances”")
    assert result.error_lines[-1].startswith("1 of ")
    assert result.stdout == ""


def test_verify_names_a_straight_for_curly_apostrophe(run, write_base, shipped, copied_sources):
    fact = next(f for f in shipped["facts"] if f["id"] == "security-019")
    fact["evidence"][0]["quote"] = fact["evidence"][0]["quote"].replace("Iran’s", "Iran's")
    result = run("verify", "--sources", copied_sources, "--file", write_base(shipped))
    assert result.code == VERIFY_FAILED
    assert result.error_lines[0].startswith(
        "security-019: source inside-the-pact: quote not found verbatim: it matches only if straight and curly "
        "quotes or dashes are treated alike")


def test_verify_fails_on_a_changed_source_file(run, copied_sources):
    target = copied_sources / "putins-promise.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("Timothy", "Tim"), encoding="utf-8")
    result = run("verify", "--sources", copied_sources)
    assert result.code == VERIFY_FAILED
    assert result.error_lines[0].startswith(f"source putins-promise: {target}: sha256 is ")
    assert result.error_lines[0].endswith("the capture has changed")


def test_verify_fails_on_a_missing_source_file(run, copied_sources):
    (copied_sources / "putins-promise.txt").unlink()
    result = run("verify", "--sources", copied_sources)
    assert result.code == VERIFY_FAILED
    assert result.error_lines[0] == f"source putins-promise: {copied_sources / 'putins-promise.txt'}: no such file"


def test_verify_whitespace_rule_joins_wrapped_lines(run, write_base, shipped, copied_sources):
    # the capture wraps "…importance of the\nrussland iran bündnis…"; a quote with one space matches
    fact = next(f for f in shipped["facts"] if f["id"] == "security-040")
    assert "of the russland iran bündnis" in fact["evidence"][0]["quote"]
    assert run("verify", "--sources", copied_sources, "--file", write_base(shipped)).code == 0


def test_verify_needs_a_folder(run, tmp_path):
    result = run("verify", "--sources", tmp_path / "nope")
    assert (result.code, result.error_lines) == (2, [f"alliance: error: --sources: {tmp_path / 'nope'} is not a folder"])


# --- verify: sections ----------------------------------------------------------------------------------------------

PACT = "inside-the-russia-iran-pact.txt"
FORGING = "Forging a New Eastern Axis: The Russia-Iran Strategic Imperative"
QUOTE = "both nations are heavily burdened by comprehensive Western sanctions"


@pytest.fixture
def captured(write_base, captures):
    def base_with(*sections: str):
        data = minimal_base(*(minimal_fact(f"sanctions-{n:03}", evidence=[
            {"source": "one", "section": section, "quote": QUOTE}]) for n, section in enumerate(sections, 1)))
        data["sources"][0]["sha256"] = hashlib.sha256((captures / PACT).read_bytes()).hexdigest()
        return write_base(data)

    return base_with


def test_verify_checks_each_section_is_a_heading_and_the_quote_stands_under_it(run, captured, captures):
    assert run("verify", "--sources", captures, "--file", captured(FORGING)).code == 0
    path = captured(FORGING, "Totally made up heading", FORGING.replace("New", "new"),
                    "Sanctions and Survival: The Economic Underpinnings of the Alliance")
    result = run("verify", "--sources", captures, "--file", path)
    assert result.code == 4
    assert result.error_lines == [
        "sanctions-002: source one: section “Totally made up heading” is not a heading of the source; it is given "
        f"for the quote “{QUOTE}”",
        f"sanctions-003: source one: section “{FORGING.replace('New', 'new')}” is not a heading of the source (did "
        f"you mean “{FORGING}”?); it is given for the quote “{QUOTE}”",
        f"sanctions-004: source one: the quote “{QUOTE}” is not under section “Sanctions and Survival: The Economic "
        f"Underpinnings of the Alliance”: it stands under “{FORGING}”",
        "3 of 4 quotes or 1 sources failed verification",
    ]


# --- validation: calendar dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("date, valid", [("2001-02-31", False), ("2001-02-29", False), ("2000-02-29", True),
                                         ("2001-04-31", False), ("2001-12-31", True), ("2001-02", True)])
def test_dates_must_be_on_the_calendar(run, write_base, date, valid):
    path = write_base(yaml.safe_dump(minimal_base(minimal_fact(date=date)), sort_keys=False))
    result = run("validate", path)
    if valid:
        assert result.code == 0, result.stderr
    else:
        line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.strip().startswith("date:"))
        assert (result.code, result.error_lines) == (3, [
            f"{path}:{line}:9: 'date' must be a real calendar date, not '{date}'"])
