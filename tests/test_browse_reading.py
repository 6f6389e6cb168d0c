"""The reading screen driven by Textual's headless pilot: each action on the sentence under the cursor,
what it writes to the file, undo, refusals, and inert hostile text; snapshots at 80×24 and 120×40."""
from __future__ import annotations

import asyncio
import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, Runner
from test_browse_pilot import notices, screen
from textual.widgets import Input

from alliance_cli.browse.app import BrowseApp
from alliance_cli.browse.fact_form import FactForm
from alliance_cli.browse.model import Browser
from alliance_cli.browse.reading import ReadingScreen
from alliance_cli.environment import Environment
from alliance_cli.factbase.loading import load

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.slow]

ARTICLE = ROOT / "tests" / "corroboration" / "third-article.txt"
DRONES = "Tehran has sent attack drones to Moscow for use in the war against Ukraine."
HEDGED = "Iran may have supplied a few drones to Russia, though the evidence for it remains thin."
NEW = "Turkey has watched the rapprochement with unease, fearing for its influence in the South Caucasus."


@pytest.fixture
def base(tmp_path) -> Path:
    """The shipped base with its captures and the test article added as source `third`."""
    shutil.copy(ROOT / "facts.yaml", tmp_path / "facts.yaml")
    shutil.copytree(ROOT / "captures", tmp_path / "captures")
    shutil.copy(ARTICLE, tmp_path / "third.txt")
    result = Runner(tmp_path / "cache")("sources", "add", tmp_path / "third.txt", "--id", "third", "--title",
                                        "A Closer Look", "--file", tmp_path / "facts.yaml")
    assert result.code == 0, result.stderr
    return tmp_path / "facts.yaml"


def app_for(path: Path, read: str | None = "third") -> BrowseApp:
    variables = {"XDG_CACHE_HOME": str(path.parent / "cache")}
    env = Environment(stdout=io.BytesIO(), stderr=io.StringIO(), variables=variables)
    return BrowseApp(Browser(load(str(path), variables)), str(path), env, read)


def drive(app: BrowseApp, script, size=(120, 40)) -> None:
    async def session():
        async with app.run_test(size=size, notifications=True) as pilot:
            await pilot.pause()
            await script(pilot)

    asyncio.run(session())


async def to_sentence(pilot, words: str) -> ReadingScreen:
    reading_screen = pilot.app.screen
    assert isinstance(reading_screen, ReadingScreen)
    reading = reading_screen.reading
    reading_screen.article.cursor = next(n for n in range(len(reading.sentences)) if words in reading.text(n))
    await pilot.pause()
    return reading_screen


async def settled(pilot, limit: float = 60.0) -> FactForm:
    """Wait for the form's live check of the draft as it stands (a thread: its time depends on the machine),
    then for the screen to draw its findings."""
    form = pilot.app.screen
    assert isinstance(form, FactForm)
    waited = 0.0
    while not form.settled:
        assert waited < limit, "the form's check did not finish"
        await pilot.pause(0.05)
        waited += 0.05
    await pilot.pause()
    return form


async def still(pilot) -> None:
    """Stop the text fields' cursors blinking (Textual then draws them solid): a snapshot must not depend on the clock."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def to_candidate(pilot, reading_screen: ReadingScreen, fact_id: str) -> None:
    ids = [reading_screen.store.ids[c.ordinal] for c in reading_screen.reading.candidates(reading_screen.sentence)]
    for _ in range(ids.index(fact_id)):
        await pilot.press("right_square_bracket")
    await pilot.pause()
    assert "▶ " in "\n".join(screen(pilot.app)) and reading_screen.chosen_fact() == fact_id


def test_read_opens_the_article_with_marks_count_and_candidates(base):
    def check(lines):
        text = "\n".join(lines)
        assert "third: ● cited (ids under it)  ○ not cited" in lines[0]
        assert lines[0].endswith("0 of 27 sentences cited (0%)")
        assert "What the Two Governments Share" in text and "○ Both governments operate under" in text
        assert "Candidates for sentence 1 of 27" in text and "sanctions-002" in text
        assert re.search(r"\b(supports|differs|related) 0\.\d\d\b", text)  # each candidate's relation and score

    async def script(pilot):
        check(screen(pilot.app))
        assert screen(pilot.app)[-1] == " n Uncited  [ ] Choose  f New fact  a Attach  d Dispute  u Undo  ? Help  q Quit"
        await pilot.press("down", "n")
        assert pilot.app.screen.sentence == 2
        await pilot.press("question_mark")
        assert "alliance browse: keys on the reading screen" in "\n".join(screen(pilot.app))

    drive(app_for(base), script)


def test_attach_writes_the_sentence_as_evidence_marks_it_and_undo_restores_the_bytes(base, run):
    before = base.read_bytes()

    async def script(pilot):
        reading_screen = await to_sentence(pilot, DRONES)
        await to_candidate(pilot, reading_screen, "security-053")
        await pilot.press("a")
        await pilot.pause()
        assert notices(pilot.app)[-1] == "Attached the sentence to security-053"
        assert "cited by security-053" in "\n".join(screen(pilot.app))
        assert reading_screen.reading.count_words().startswith("1 of 27")
        shown = run("show", "security-053", "--file", base)
        assert "third" in shown.stdout and "attack drones to Moscow" in shown.stdout
        await pilot.press("u")
        await pilot.pause()
        assert notices(pilot.app)[-1] == "Undone: attached to security-053"
        assert base.read_bytes() == before

    drive(app_for(base), script)


def test_dispute_records_the_two_verbatim_quotes_under_the_point_named(base, run):
    async def script(pilot):
        reading_screen = await to_sentence(pilot, HEDGED)
        await to_candidate(pilot, reading_screen, "security-023")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(*"How sure the drone supply is", "tab", *"A few drones, on thin evidence.", "enter")
        await pilot.pause()
        assert notices(pilot.app)[-1] == (
            "Recorded a disagreement on security-023; its stored grade is 2, the rubric now computes 3 "
            "(conflicting details: the sources disagree on 1 recorded point): set it, or say why in its rationale")

    drive(app_for(base), script)
    shown = run("show", "security-023", "--file", base).stdout
    assert "How sure the drone supply is" in shown and "A few drones, on thin evidence." in shown
    assert "remains thin" in shown
    assert run("validate", "--file", base).code == 0


def test_new_fact_is_prefilled_checked_live_refused_while_invalid_and_saved(base, run):
    async def script(pilot):
        await to_sentence(pilot, NEW)
        await pilot.press("f")
        await settled(pilot)
        text = "\n".join(screen(pilot.app))
        assert "«" + NEW + "»" in " ".join(text.split()) or "«Turkey has watched" in text
        assert "security-055" in text and "Turkey" in text and "the rubric computes 3" in text
        assert "invalid: " in text and "'statement' must not be blank" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert notices(pilot.app)[-1] == "Not saved: the fact would make the base invalid"
        # actors are ticked in the list of the base's entities (Russia, then Iran), not typed
        await pilot.press(*"Turkey watches the rapprochement with unease.", "tab", "tab", "tab", "space", "down",
                          "space")
        await settled(pilot)
        assert "'statement' must not be blank" not in "\n".join(screen(pilot.app))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert notices(pilot.app)[-1] == "Added security-055"

    drive(app_for(base), script)
    shown = run("show", "security-055", "--file", base)
    assert shown.code == 0 and "Turkey watches the rapprochement with unease." in shown.stdout
    [saved] = run("facts", "--file", base, "--search", "Turkey watches", "--json").json()
    assert saved["actors"] == ["Russia", "Iran"] and saved["attributed_to"] == "the article"
    assert run("validate", "--file", base).code == 0


def test_a_file_changed_elsewhere_is_refused_with_a_message_and_reloaded(base):
    async def script(pilot):
        reading_screen = await to_sentence(pilot, DRONES)
        await to_candidate(pilot, reading_screen, "security-053")
        with base.open("a", encoding="utf-8") as handle:
            handle.write("# edited elsewhere\n")
        changed = base.read_bytes()
        await pilot.press("a")
        await pilot.pause()
        assert "changed on disk since it was read" in notices(pilot.app)[-1]
        assert base.read_bytes() == changed
        await pilot.press("a")  # the screen has read the file again: the same key now writes
        await pilot.pause()
        assert notices(pilot.app)[-1] == "Attached the sentence to security-053"
        assert base.read_bytes().startswith(changed[:100]) and b"# edited elsewhere\n" in base.read_bytes()

    drive(app_for(base), script)


def test_o_on_a_fact_opens_its_article_and_escape_returns(base):
    async def script(pilot):
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReadingScreen)
        assert pilot.app.screen.reading.source_id == "inside-the-pact"

    drive(app_for(base), script)


def test_capture_text_stays_inert_on_the_reading_screen(tmp_path, run):
    shutil.copy(ROOT / "facts.yaml", tmp_path / "facts.yaml")
    shutil.copytree(ROOT / "captures", tmp_path / "captures")
    (tmp_path / "hostile.txt").write_text("A Heading [bold]x[/bold]\n\nIran [red]may[/red] send :smile: drones "
                                          "\x1b[31mnow\x1b[0m.\n", encoding="utf-8")
    assert run("sources", "add", tmp_path / "hostile.txt", "--id", "hostile", "--title", "H",
               "--file", tmp_path / "facts.yaml").code == 0

    async def script(pilot):
        text = "\n".join(screen(pilot.app))
        assert "A Heading [bold]x[/bold]" in text and "Iran [red]may[/red] send :smile: drones" in text
        assert "\x1b" not in text

    drive(app_for(tmp_path / "facts.yaml", "hostile"), script)


SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def test_findings_of_an_overtaken_draft_are_not_shown(base):
    """The live check runs in a thread; one that finishes after a newer key must not cover the newer findings."""
    async def script(pilot):
        await to_sentence(pilot, NEW)
        await pilot.press("f")
        form = await settled(pilot)
        shown = form.problems
        assert shown and form.settled
        await pilot.press("x")
        assert not form.settled
        form.show_findings(["from the older draft"], [], form.drafts - 1)
        assert form.problems == shown and not form.settled
        await settled(pilot)
        assert "from the older draft" not in "\n".join(screen(pilot.app))

    drive(app_for(base), script)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_of_the_reading_screen(snap_compare, base, size, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert snap_compare(app_for(base), press=["n", "n"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_of_the_new_fact_form(snap_compare, base, size, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)

    async def before(pilot):
        await to_sentence(pilot, NEW)
        await pilot.press("f")
        await settled(pilot)
        await still(pilot)

    assert snap_compare(app_for(base), run_before=before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_of_the_disagreement_dialog(snap_compare, base, size, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)

    async def before(pilot):
        await to_sentence(pilot, HEDGED)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(*"How sure the drone supply is")
        await still(pilot)

    assert snap_compare(app_for(base), run_before=before, terminal_size=size)
