"""Growing the fact base: `quote`, `new-fact` and `sources add`, and the whole loop as a new user runs it."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import yaml
from conftest import SHIPPED, minimal_base
from test_reading import ARTICLE, shipped_base, small_base

from alliance_cli.cli.app import main
from alliance_cli.factbase.schema import SOURCE
from alliance_cli.query.quoting import allowed_typos

NOT_FOUND = 5
SOURCE_KINDS = ("web article", *(k for k in SOURCE.by_name["kind"].kind.choices or () if k != "web article"))


@pytest.fixture
def small(tmp_path) -> Path:
    return small_base(tmp_path / "base")


# --- quote ----------------------------------------------------------------------------------------------------------

def test_quote_prints_an_evidence_entry_ready_to_paste(run, small):
    result = run("quote", "small", "Both partners trade in roubles and rials", "--file", small)
    assert result.code == 0, result.stderr
    assert result.stdout == ("# small, line 6, column 22, characters 178–218: exactly as given\n"
                             "- source: small\n"
                             "  section: Money Matters\n"
                             "  quote: Both partners trade in roubles and rials\n")


@pytest.mark.parametrize("typed", [
    'officials call it a "ROADMAP" - nothing more',  # case, straight quotes, a hyphen for the en dash
    "Officials   call it a\n“roadmap” – nothing more",  # white space
    "Oficials call it a “raodmap” – nothing more",  # typos
    "fficials call it a “roadmap” – nothing mor",  # cut words are completed
])
def test_quote_finds_the_capture_text_despite_small_differences(run, small, typed):
    result = run("quote", "small", typed, "--file", small)
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines()[1:] == ["- source: small", "  section: The Small Article",
                                              "  quote: Officials call it a “roadmap” – nothing more"]


def test_quote_says_how_the_text_given_differs(run, small):
    typo = run("quote", "small", "Oficials call it a “raodmap” – nothing more", "--file", small)
    assert typo.stdout.splitlines()[0] == ("# small, line 3, column 8, characters 96–140: as in the capture; the text "
                                           "given differs by 3 edits besides case, quotes, dashes, accents and spacing")
    case = run("quote", "small", "officials call it a “roadmap” – nothing more", "--file", small)
    assert case.stdout.splitlines()[0].endswith("the text given differs only in case, quotes, dashes, accents or "
                                                "spacing")


def test_quote_across_a_line_break_shows_the_verbatim_text(run, small):
    result = run("quote", "small", "renewed later", "--file", small)
    assert result.stdout == ("# small, line 2, column 64, characters 81–94: exactly as given\n"
                             '# verbatim in the capture: "renewed\\nlater" (evidence writes each run of white space '
                             "as one space)\n"
                             "- source: small\n"
                             "  section: The Small Article\n"
                             "  quote: renewed later\n")


def test_quote_json(run, small):
    found = run("quote", "small", "renewed later", "--json", "--file", small).json()
    assert found == {"source": "small", "file": str(small.parent / "texts" / "small.txt"), "text": "renewed later",
                     "outcome": "found", "places": [{
                         "section": "The Small Article", "line": 2, "column": 64, "start": 81, "end": 94,
                         "exact": "renewed\nlater", "quote": "renewed later", "differences": 0, "verbatim": True,
                         "evidence": {"source": "small", "section": "The Small Article", "quote": "renewed later"}}]}


def test_quote_in_several_sections_lists_each_place(run, tmp_path):
    base = small_base(tmp_path, ARTICLE.replace("Sanctions bite hard.", "Trade grew fast."))
    result = run("quote", "small", "trade grew fast", "--file", base)
    assert result.code == NOT_FOUND
    assert result.stdout == ("# 2 places in 2 sections; quote more words to choose one\n"
                             "\n"
                             "# small, line 2, column 1, characters 18–33: as in the capture; the text given differs "
                             "only in case, quotes, dashes, accents or spacing\n"
                             "- source: small\n  section: The Small Article\n  quote: Trade grew fast\n"
                             "\n"
                             "# small, line 6, column 1, characters 157–172: as in the capture; the text given differs "
                             "only in case, quotes, dashes, accents or spacing\n"
                             "- source: small\n  section: Money Matters\n  quote: Trade grew fast\n")
    assert result.error_lines == ["alliance: error: the text occurs in 2 places in 2 sections of small (lines 2, 6); "
                                  "quote more words to choose one"]


def test_quote_several_times_in_one_section_is_one_entry(run):
    result = run("quote", "putins-promise", "Putin's Promise: Why Russia Backs Iran")
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines()[0] == ("# 3 places in one section (line 3, line 5, line 7); the evidence entry "
                                             "is the same for each")


def test_quote_of_absent_text_shows_the_closest_passage(run, small):
    result = run("quote", "small", "Both partners trade in dollars and euros", "--file", small)
    assert result.code == NOT_FOUND
    assert result.stdout == ("# not found in small; the closest passage, 9 edits away (small, line 6, column 22, "
                             "characters 178–218):\n"
                             "- source: small\n  section: Money Matters\n"
                             "  quote: Both partners trade in roubles and rials\n")
    assert result.error_lines == ["alliance: error: the text is not in small; the closest passage, 9 edits away, is "
                                  "on line 6: “Both partners trade in roubles and rials”"]


def test_short_text_must_match_exactly():
    assert [allowed_typos(n) for n in (5, 6, 16, 17, 40)] == [0, 1, 2, 2, 5]


def test_quote_output_reads_back_as_the_exact_capture_text(run, tmp_path):
    hostile = ARTICLE.replace("Trade grew fast.", "Trade: grew #fast 'yes' \u202e\x1b[31mnow.")
    base = small_base(tmp_path, hostile)
    result = run("quote", "small", "Trade: grew #fast 'yes'", "--file", base)
    entry = yaml.safe_load(result.stdout)[0]
    assert entry["quote"] == "Trade: grew #fast 'yes'"
    control = run("quote", "small", "#fast 'yes' \u202e\x1b[31mnow", "--file", base)
    assert "\x1b" not in control.stdout and "\u202e" not in control.stdout
    assert yaml.safe_load(control.stdout)[0]["quote"] == "#fast 'yes' \u202e\x1b[31mnow"


def test_quote_needs_a_known_source_and_some_words(run, small):
    unknown = run("quote", "smal", "words", "--file", small)
    assert (unknown.code, unknown.error_lines) == (2, ["alliance: error: SOURCE: no source named 'smal' (did "
                                                       "you mean 'small'?); 'alliance sources' lists them"])
    blank = run("quote", "small", "  ", "--file", small)
    assert (blank.code, blank.error_lines) == (2, ["alliance: error: give the words to look for: alliance quote "
                                                   "SOURCE 'some words of it'"])


def test_a_pasted_quote_of_every_shipped_sentence_verifies(run, write_base):
    """An entry `quote` prints for any sentence of a shipped capture is accepted by validate and verify."""
    from alliance_cli.factbase.captures import Capture

    shipped = shipped_base()
    root = SHIPPED.parent / "captures"
    source = shipped["sources"][1]
    text = (root / source["file"]).read_text(encoding="utf-8")
    capture = Capture(source["id"], root / source["file"], text, "", "")
    evidence = []
    for sentence in capture.sentences[1:60:7]:
        result = run("quote", source["id"], text[sentence.start:sentence.end].lower())
        assert result.code == 0, (result.stdout, result.stderr)
        evidence += yaml.safe_load(result.stdout)
    shipped["facts"][0]["evidence"] = evidence
    path = write_base(shipped)
    assert path.parent != SHIPPED.parent
    result = run("verify", "--file", path, variables={})
    assert result.code == 0, result.stderr


# --- new-fact -------------------------------------------------------------------------------------------------------

def test_new_fact_prints_a_skeleton_with_the_next_id_and_the_quote(run, small):
    result = run("new-fact", "--source", "small", "--quote", "nobody knows the totals", "--theme", "Sanctions",
                 "--file", small)
    assert result.code == 0, result.stderr
    assert result.stdout == (
        "# A new fact to complete: give every empty value, then check it with 'alliance validate'.\n"
        "# The quote is in small, line 6, column 64, characters 220–243: as in the capture; the text given differs "
        "only in case, quotes, dashes, accents or spacing.\n"
        "- id: sanctions-002\n"
        "  statement: ''  # one claim in your own words, no stronger than the quote\n"
        "  themes:\n"
        "  - sanctions\n"
        "  actors: []  # entity names the claim is about ('alliance actors' lists them)\n"
        "  attributed_to: ''  # 'the article', or the entity that makes the claim\n"
        "  stance: ''  # asserted, hedged, alleged or opinion\n"
        "  credibility:  # 1 (confirmed by other sources) to 6 (truth cannot be judged); see the README's Grades\n"
        "  credibility_rationale: ''  # one line: why that grade\n"
        "  evidence:\n"
        "  - source: small\n"
        "    section: Money Matters\n"
        "    quote: Nobody knows the totals\n")


def test_new_fact_starts_a_theme_at_one_and_follows_the_shipped_numbering(run, small):
    first = run("new-fact", "-s", "small", "-q", "Trade grew fast", "-t", "divergence", "--file", small)
    assert first.stdout.splitlines()[2] == "- id: divergence-001"
    numbers = [int(f["id"].split("-")[1]) for f in shipped_base()["facts"] if f["id"].startswith("security-")]
    shipped_next = run("new-fact", "-s", "inside-the-pact", "-q", "This phrasing is crucial", "-t", "security")
    assert shipped_next.stdout.splitlines()[2] == f"- id: security-{max(numbers) + 1:03d}"


def test_a_skeleton_fails_validation_until_completed_then_verifies(run, small):
    skeleton = run("new-fact", "-s", "small", "-q", "Trade grew fast", "-t", "economy", "--file", small).stdout
    text = small.read_text(encoding="utf-8")
    small.write_text(text + skeleton, encoding="utf-8")  # the facts list is the file's last key
    invalid = run("validate", small)
    assert invalid.code == 3
    assert [line.split(": ", 1)[1] for line in invalid.error_lines] == [
        "'statement' must not be blank", "'actors' must not be empty", "'attributed_to' must not be blank",
        "unknown entity ''; use 'the article' when the article itself makes the claim",
        "'stance' must be one of asserted, hedged, alleged, opinion, not ''",
        "'credibility' must be a whole number from 1 to 6, not an empty value",
        "'credibility_rationale' must not be blank"]
    completed = (skeleton.replace("statement: ''", "statement: Trade grew fast.").replace("actors: []", "actors: [Iran]")
                 .replace("attributed_to: ''", "attributed_to: the article").replace("stance: ''", "stance: asserted")
                 .replace("credibility:  #", "credibility: 3  #")
                 .replace("credibility_rationale: ''", "credibility_rationale: One source."))
    small.write_text(text + completed, encoding="utf-8")
    assert run("validate", small).code == 0
    assert run("verify", "--file", small).stdout == ("verified: 5 quotes found verbatim in 1 sources, and every "
                                                     "sha256 matches\n")


def test_new_fact_refuses_an_ambiguous_or_absent_quote(run, small):
    absent = run("new-fact", "-s", "small", "-q", "penguins sing loudly at dawn", "-t", "economy", "--file", small)
    assert absent.code == NOT_FOUND and absent.stdout == ""
    assert absent.error_lines[0].startswith("alliance: error: the text is not in small; the closest passage")
    source = run("new-fact", "-s", "smal", "-q", "Trade grew fast", "-t", "economy", "--file", small)
    assert (source.code, source.error_lines) == (2, ["alliance: error: --source: no source named 'smal' (did you "
                                                     "mean 'small'?); 'alliance sources' lists them"])
    theme = run("new-fact", "-s", "small", "-q", "Trade grew fast", "-t", "economic", "--file", small)
    assert theme.code == 2
    assert theme.error_lines == ["alliance: error: --theme: unknown theme "
                                 "'economic' (did you mean 'economy'?); choose from security, sanctions, economy, "
                                 "divergence"]


# --- sources add ----------------------------------------------------------------------------------------------------

THIRD = """Caspian Corridor: Trade Routes Beyond Sanctions
Rail freight between the two countries grew last year. Officials in Baku said the new line would open in 2027.

What the Deal Means
Analysts doubt that the corridor will carry much oil. "It is a political project first," one trader said.
"""

HAND_EDITED = """# My fact base.   Comments, odd spacing and 'quotes' stay as they are.
captures:   texts     # where the articles are

sources:    # the articles
  - id: small
    title: "The Small Article"
    site: A site
    kind: web article
    file: small.txt
    sha256: {digest}
    reliability: F
    reliability_rationale: >-
      No basis,
      in two lines.
    # a comment after the last source

entities: [{{name: Iran, kind: country}}]

facts: []   # none yet
"""


@pytest.fixture
def third(tmp_path) -> Path:
    path = tmp_path / "downloads" / "third.txt"
    path.parent.mkdir()
    path.write_text(THIRD, encoding="utf-8")
    return path


def hand_edited(folder: Path, newline: str = "\n", bom: bool = False) -> Path:
    (folder / "texts").mkdir(parents=True)
    (folder / "texts" / "small.txt").write_text(ARTICLE, encoding="utf-8")
    text = HAND_EDITED.format(digest=hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest())
    path = folder / "facts.yaml"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", newline).encode("utf-8"))
    return path


def add(run, third: Path, base: Path, *more: str):
    return run("sources", "add", third, "--id", "caspian", "--title", "Caspian Corridor: Trade Routes Beyond "
               "Sanctions", *more, "--file", base)


def test_sources_add_inserts_the_entry_and_keeps_every_byte_of_the_file(run, tmp_path, third):
    base = hand_edited(tmp_path / "base")
    before = base.read_text(encoding="utf-8")
    result = add(run, third, base)
    assert result.code == 0, result.stderr
    digest = hashlib.sha256(THIRD.encode("utf-8")).hexdigest()
    inserted = ("  - id: caspian\n"
                "    title: 'Caspian Corridor: Trade Routes Beyond Sanctions'\n"
                "    site: Not recorded\n"
                "    kind: web article\n"
                "    file: third.txt\n"
                f"    sha256: {digest}\n"
                "    reliability: F\n"
                "    reliability_rationale: 'Not yet assessed: added with ''alliance sources add''.'\n")
    cut = before.index("    # a comment after the last source")
    assert base.read_text(encoding="utf-8") == before[:cut] + inserted + before[cut:]
    assert (tmp_path / "base" / "texts" / "third.txt").read_bytes() == THIRD.encode("utf-8")
    assert result.stdout == ""
    assert result.error_lines == [
        f"added source 'caspian' to {base} (sha256 {digest})",
        f"copied {third} to {tmp_path / 'base' / 'texts' / 'third.txt'}",
        f"next: alliance quote caspian 'words from it' --file {base}"]
    assert run("verify", "--file", base).code == 0


def test_sources_add_keeps_crlf_line_ends_and_a_byte_order_mark(run, tmp_path, third):
    base = hand_edited(tmp_path / "base", newline="\r\n", bom=True)
    assert add(run, third, base).code == 0
    data = base.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# My fact base.")
    assert data.count(b"\n") == data.count(b"\r\n") and b"  - id: caspian\r\n" in data
    assert run("validate", base).code == 0


def test_sources_add_gives_a_base_without_the_key_a_captures_folder(run, tmp_path, third, write_base):
    base = write_base(minimal_base())
    before = base.read_text(encoding="utf-8")
    result = add(run, third, base)
    assert result.code == 0, result.stderr
    after = base.read_text(encoding="utf-8")
    assert after.startswith("captures: captures  # the captured texts, relative to this file\nsources:\n")
    assert after.replace("captures: captures  # the captured texts, relative to this file\n", "", 1).startswith(
        before[:before.index("entities:")])
    assert (base.parent / "captures" / "third.txt").is_file()
    assert result.error_lines[1] == (f"added 'captures: captures' to {base}: its captures live in "
                                     f"{base.parent / 'captures'}")


def test_sources_add_takes_the_optional_fields(run, tmp_path, third):
    base = hand_edited(tmp_path / "base")
    result = add(run, third, base, "--site", "Caspian News", "--author", "A. Writer", "--kind", "Web Article",
                 "--reliability", "d", "--reliability-rationale", "A regional outlet.")
    assert result.code == 0, result.stderr
    entry = yaml.safe_load(base.read_text(encoding="utf-8"))["sources"][-1]
    assert {k: entry[k] for k in ("site", "author", "kind", "reliability", "reliability_rationale")} == {
        "site": "Caspian News", "author": "A. Writer", "kind": "web article", "reliability": "D",
        "reliability_rationale": "A regional outlet."}


@pytest.mark.parametrize(("options", "message"), [
    (("--id", "small"), "--id: the fact base already has a source 'small'; choose another id"),
    (("--id", "Bad Id"), "--id 'Bad Id' must be lower-case words joined by hyphens, such as sanctions-004, at most 100 characters"),
    (("--id", "caspian", "--kind", "blog"),
     f"--kind: unknown kind 'blog'; choose from {', '.join(SOURCE_KINDS)}"),
    (("--id", "caspian", "--reliability", "G"),
     "--reliability: unknown reliability grade 'G'; choose from A, B, C, D, E, F"),
])
def test_sources_add_refuses_bad_values_and_writes_nothing(run, tmp_path, third, options, message):
    base = hand_edited(tmp_path / "base")
    before = base.read_bytes()
    result = run("sources", "add", third, "--title", "T", *options, "--file", base)
    assert result.code == 2
    assert result.error_lines == ["alliance: error: " + message]
    assert base.read_bytes() == before
    assert not (tmp_path / "base" / "texts" / "third.txt").exists()


def test_sources_add_writes_url_and_published_where_the_format_has_them(run, tmp_path, third):
    base = hand_edited(tmp_path / "base")
    before = base.read_bytes()
    result = add(run, third, base, "--url", "https://www.example.org/caspian", "--published", "2025-03-01")
    if "url" not in SOURCE.by_name:  # until the format has the fields, they are refused, never dropped
        assert result.error_lines == ["alliance: error: --url: this version's fact base format has no 'url' field "
                                      "for sources"]
        assert base.read_bytes() == before
        return
    assert result.code == 0, result.stderr
    entry = yaml.safe_load(base.read_text(encoding="utf-8"))["sources"][-1]
    assert (entry["site"], entry["url"], entry["published"]) == ("example.org", "https://www.example.org/caspian",
                                                                 "2025-03-01")
    other = tmp_path / "other.txt"
    other.write_text("Another article.\n", encoding="utf-8")
    bad = run("sources", "add", other, "--id", "other", "--title", "T", "--url", "example.org", "--file", base)
    assert bad.error_lines == ["alliance: error: --url 'example.org' is not an http or https address"]
    date = run("sources", "add", other, "--id", "other", "--title", "T", "--published", "2025-02-30", "--file", base)
    assert date.error_lines == ["alliance: error: --published must be a real date written YYYY, YYYY-MM or "
                                "YYYY-MM-DD, not '2025-02-30'"]
    blank = run("sources", "add", other, "--id", "other", "--title", " ", "--file", base)
    assert blank.error_lines == ["alliance: error: --title must not be blank"]


def test_sources_add_refuses_the_same_capture_twice_and_a_clashing_name(run, tmp_path, third):
    base = hand_edited(tmp_path / "base")
    assert add(run, third, base).code == 0
    again = run("sources", "add", third, "--id", "again", "--title", "T", "--file", base)
    assert again.error_lines == ["alliance: error: this capture is already source 'caspian' (same sha256)"]
    other = tmp_path / "other" / "third.txt"
    other.parent.mkdir()
    other.write_text("Another text.\n", encoding="utf-8")
    clash = run("sources", "add", other, "--id", "other", "--title", "T", "--file", base)
    assert clash.error_lines == ["alliance: error: source 'caspian' already has a capture named 'third.txt'; "
                                 "rename the file"]


def test_sources_add_never_replaces_a_different_file_in_the_captures_folder(run, tmp_path, third):
    base = hand_edited(tmp_path / "base")
    (tmp_path / "base" / "texts" / "third.txt").write_text("Something else.\n", encoding="utf-8")
    before = base.read_bytes()
    result = add(run, third, base)
    assert result.error_lines == [f"alliance: error: {tmp_path / 'base' / 'texts' / 'third.txt'} already exists and "
                                  "is not this capture; rename your file"]
    assert base.read_bytes() == before


def test_sources_add_needs_utf8_text(run, tmp_path):
    base = hand_edited(tmp_path / "base")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Bündnis".encode("latin-1"))
    result = run("sources", "add", latin, "--id", "latin", "--title", "T", "--file", base)
    assert result.error_lines == [f"alliance: error: {latin}: not UTF-8 text (byte 0xfc at 1); save the capture as "
                                  "UTF-8 plain text"]


def test_sources_add_refuses_a_list_it_cannot_extend_without_rewriting(run, tmp_path, third):
    base = hand_edited(tmp_path / "base")
    text = base.read_text(encoding="utf-8")
    start, end = text.index("  - id: small"), text.index("    # a comment")
    flow = yaml.safe_dump([yaml.safe_load(text)["sources"][0]], default_flow_style=True, width=10_000)
    base.write_text(text[:start] + "  " + flow + text[end:], encoding="utf-8")
    before = base.read_bytes()
    result = add(run, third, base)
    assert result.code == 3
    assert result.error_lines[0] == (f"{base}: 'sources' is not a block list ('- ...' on lines of their own) that "
                                     "alliance can add to without rewriting the file; add this entry to it by hand:")
    assert result.error_lines[1] == "- id: caspian"
    assert base.read_bytes() == before


def test_sources_add_does_not_edit_the_installed_package(run, third, monkeypatch):
    import alliance_cli.factbase.loading as loading

    inside = Path(loading.__file__).parent.parent / "facts.yaml"
    monkeypatch.setattr(loading, "shipped_path", lambda: str(inside))
    result = run("sources", "add", third, "--id", "caspian", "--title", "T")
    assert result.code == 2
    assert result.error_lines == [f"alliance: error: {inside} is the fact base shipped inside the alliance package, "
                                  "which alliance does not edit; make one of your own with 'alliance facts --format "
                                  "yaml > facts.yaml' and pass --file facts.yaml (or set ALLIANCE_FACTS)"]


def test_sources_without_a_subcommand_still_lists_the_sources(run):
    listed = run("sources", "--json").json()
    assert [s["id"] for s in listed] == ["inside-the-pact", "putins-promise"]


# --- the whole loop, as the README tells a new user -----------------------------------------------------------------

def test_a_new_user_adds_a_third_capture_and_quotes_it(run, tmp_path, third, monkeypatch):
    monkeypatch.chdir(tmp_path)
    exported = run("facts", "--format", "yaml")
    Path("mine.yaml").write_bytes(exported.stdout_bytes)
    assert run("read", "inside-the-pact", "--file", "mine.yaml").code == 0  # the shipped captures, by sha256
    assert run("sources", "add", third, "--id", "caspian-corridor", "--title", "Caspian Corridor",
               "--file", "mine.yaml").code == 0
    quoted = run("quote", "caspian-corridor", "officials in Baku said the new line would open in 2027",
                 "--file", "mine.yaml")
    assert quoted.stdout.splitlines()[1:] == [
        "- source: caspian-corridor", "  section: 'Caspian Corridor: Trade Routes Beyond Sanctions'",
        "  quote: Officials in Baku said the new line would open in 2027"]
    skeleton = run("new-fact", "-s", "caspian-corridor", "-q", "It is a political project first", "-t", "economy",
                   "--file", "mine.yaml")
    assert skeleton.code == 0 and "    section: What the Deal Means\n" in skeleton.stdout
    verified = run("verify", "--file", "mine.yaml")
    assert verified.code == 0 and " in 3 sources," in verified.stdout
    assert os.path.isfile("captures/third.txt")


NEW_COMMANDS = ["read", "coverage", "quote", "new-fact", "diff"]


@pytest.mark.parametrize("command", NEW_COMMANDS + ["sources add"])
def test_new_commands_open_their_help_with_examples(capsys, command):
    assert main([*command.split(), "--help"]) == 0
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
    examples = lines.index("Examples:")
    assert lines[examples + 1].startswith(f"alliance {command}")
    assert examples < lines.index("Options:")
