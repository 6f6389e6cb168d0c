"""`alliance browse` driven by Textual's headless pilot, with exact assertions on the screen's text.

Each test is one session of the app, run with `asyncio.run` (no asyncio plugin
needed); `screen` reads what a person would see, as plain text lines.
"""
from __future__ import annotations

import asyncio
import io
import os
import re

import pytest
from conftest import SHIPPED, minimal_base, minimal_fact

from alliance_cli.browse.app import BrowseApp
from alliance_cli.browse.model import Browser
from alliance_cli.browse.widgets import DetailPane, FactList, KeyBar
from alliance_cli.factbase.loading import load
from alliance_cli.query.plan import FactFilters
from alliance_cli.query.related import related_facts

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.slow]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return load(str(SHIPPED), {"XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))})


def screen(app) -> list[str]:
    """The screen as text, one string per row, as a person reads it (no colour)."""
    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, color_system=None,
                      record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return [line.rstrip() for line in console.export_text().splitlines()]


def inside(app, selector: str) -> list[str]:
    """The screen's text inside a widget of the top screen (a dialog, say), without its border."""
    region = app.screen.query_one(selector).content_region
    bars = re.compile("[\u2580-\u259f]")  # scroll bars and toasts' edges, drawn with block elements
    return [bars.sub("", line[region.x:region.right]).rstrip() for line in screen(app)[region.y:region.bottom]]


def notices(app) -> list[str]:
    """The notifications shown (toasts), oldest first."""
    return [notification.message for notification in app._notifications]


def drive(app, script, size=(80, 24)):
    async def session():
        async with app.run_test(size=size, notifications=True) as pilot:
            await pilot.pause()
            await script(pilot)

    asyncio.run(session())
    return app.return_code


FOOTER_ON_LIST = " ⏎ Open  / Search  r Related  c Context  y Copy id  e Export  ? Help  q Quit"
FOOTER_ON_FACT = " / Search  esc Back  r Related  c Context  y Copy id  e Export  ? Help  q Quit"


def row(store, fact_id: str, width: int) -> str:
    """A line of the list as it must read: id, short themes, statement, cut with "…" at the width."""
    fact = store.fact(store.ordinal_of[fact_id])
    short = {"security": "sec", "sanctions": "sanc", "economy": "econ", "divergence": "div"}
    text = f"{fact_id:<14}  {'·'.join(short[t] for t in fact['themes']):<9}  {fact['statement']}"
    return text if len(text) <= width else text[: width - 1] + "…"


def statement_lines(lines: list[str], start: int) -> str:
    """The wrapped lines from `start` to the next blank one, joined again."""
    end = lines.index("", start)
    return " ".join(line.strip() for line in lines[start:end])


def test_search_open_related_back_and_quit(store, run):
    app = BrowseApp(Browser(store), str(SHIPPED))
    found = [f["id"] for f in run("facts", "--search", "araghtschi", "--json").json()]
    first = found[0]
    related = [store.ids[n] for n in related_facts(store, store.ordinal_of[first])]
    assert len(related) >= 2, "the test wants a fact with a choice of related facts"

    async def script(pilot):
        shown = screen(app)
        assert shown[1].endswith(f"{len(store)} of {len(store)} facts")
        assert shown[2] == row(store, store.ids[0], 78)  # 78: the scroll bar takes two columns
        assert shown[-1] == FOOTER_ON_LIST

        await pilot.press("/", *"araghtschi")  # another spelling of Araghchi finds him
        shown = screen(app)
        assert shown[0].startswith("araghtschi ")
        assert shown[1].endswith(f" {len(found)} of {len(store)} facts")
        assert shown[2:2 + len(found) + 1] == [row(store, i, 80) for i in found] + [""]

        await pilot.press("enter", "enter")  # out of the search, then open the fact
        assert isinstance(app.focused, DetailPane)
        shown = screen(app)
        assert shown[2] == f" {first}"
        assert statement_lines(shown, 3) == store.fact(store.ordinal_of[first])["statement"]
        assert shown[-1] == FOOTER_ON_FACT

        await pilot.press("r")  # several related facts: a choice, in order
        picker = " ".join(line[5:71].strip("▊▎ ") for line in screen(app))
        assert f"Facts related to {first}" in picker
        positions = [picker.index(f"{i}  {store.fact(store.ordinal_of[i])['statement'][:20]}") for i in related]
        assert positions == sorted(positions)
        await pilot.press("down", "enter")
        shown = screen(app)
        assert shown[2:6] == [f" {first} › {related[1]}", " Backspace or Escape goes back", "", f" {related[1]}"]
        assert statement_lines(shown, 6) == store.fact(store.ordinal_of[related[1]])["statement"]

        await pilot.press("backspace")  # back to the fact we came from
        assert screen(app)[2] == f" {first}"
        await pilot.press("escape")  # back to the list, cursor where it was
        assert isinstance(app.focused, FactList)
        assert screen(app)[2] == row(store, first, 80)
        await pilot.press("q")

    assert drive(app, script) == 0


def test_keys_arriving_all_at_once_are_searched_once_as_the_whole_word(store, run):
    """Pasted text, or keys typed faster than the list draws: the search runs on the latest text, not once
    per letter (each letter's search would scan every fact before the next key is read)."""
    from textual import events

    app = BrowseApp(Browser(store), str(SHIPPED))
    found = [f["id"] for f in run("facts", "--search", "araghtschi", "--json").json()]
    searched: list[str] = []
    select = app.browser.select

    def recording(bar, **options):
        searched.append(bar.search)
        return select(bar, **options)

    app.browser.select = recording  # type: ignore[method-assign]

    async def script(pilot):
        await pilot.press("/")
        searched.clear()
        for letter in "araghtschi":
            app.post_message(events.Key(letter, letter))
        await pilot.pause()
        assert screen(app)[1].endswith(f" {len(found)} of {len(store)} facts")
        assert searched == ["araghtschi"]

    drive(app, script)


def test_export_the_listed_facts_as_json_and_markdown_like_facts_does(store, run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = BrowseApp(Browser(store, FactFilters(theme=("divergence",), contested=True, search=("russia",))),
                    str(SHIPPED))

    async def script(pilot):
        count = len(app.selection.ordinals)
        await pilot.press("e")
        dialog = screen(app)
        assert any(f"Export the {count} facts listed" in line for line in dialog)
        assert any("alliance-selection.json" in line for line in dialog)
        await pilot.press("enter")
        await pilot.pause()
        assert notices(app)[-1] == f"Exported {count} facts to alliance-selection.json"

        await pilot.press("e")
        await pilot.click("#format-markdown")
        assert app.screen.query_one("#export-path").value == "alliance-selection.md"
        await pilot.press("enter")
        await pilot.press("e", "enter")  # the JSON file is there now: it is never overwritten
        await pilot.pause()
        problem = app.screen.query_one("#export-problem")  # under the last export's toast, so read the label
        assert str(problem.render()) == "alliance-selection.json exists; give another name"
        await pilot.press("escape", "q")

    assert drive(app, script) == 0
    options = ("--theme", "divergence", "--contested", "--search", "russia")
    assert (tmp_path / "alliance-selection.json").read_bytes() == run("facts", *options, "--json").stdout_bytes
    assert (tmp_path / "alliance-selection.md").read_text(encoding="utf-8") == \
        run("facts", *options, "--format", "markdown").stdout


def test_filters_by_mouse_copy_context_and_help(store, run):
    app = BrowseApp(Browser(store), str(SHIPPED))
    divergence = [f["id"] for f in run("facts", "--theme", "divergence", "--json").json()]
    contested = [f["id"] for f in run("facts", "--theme", "divergence", "--contested", "--json").json()]

    async def script(pilot):
        await pilot.click("#theme-divergence")
        assert [store.ids[n] for n in app.selection.ordinals] == divergence
        assert screen(app)[1].startswith("▐ ▌ security  ▐ ▌ sanctions  ▐ ▌ economy  ▐X▌ divergence")
        app.query_one("#contested").value = True
        await pilot.pause()
        assert [store.ids[n] for n in app.selection.ordinals] == contested
        assert screen(app)[1].endswith(f" {len(contested)} of {len(store)} facts")

        await pilot.click(FactList, offset=(2, 1))  # the second fact
        assert app.query_one(FactList).current == app.selection.ordinals[1]
        await pilot.double_click(FactList, offset=(2, 1))
        assert screen(app)[2] == f" {contested[1]}"

        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == contested[1]
        assert notices(app) == [f"Copied {contested[1]} to the clipboard"]

        await pilot.press("c")  # the quotes in context: the sentence around each, under its section
        text = " ".join(" ".join(inside(app, "ContextScreen > VerticalScroll")).split())
        fact = store.fact(store.ordinal_of[contested[1]])
        assert f"{contested[1]}: the quotes in their articles" in text
        evidence = fact["evidence"][0]
        source = store.source_by_id[evidence["source"]]
        unwrapped = "".join(text.split())  # lines wrap at spaces and at hyphens: compare without white space
        label = f"[1] {source['title']} (source {source['id']}) {evidence['section']} {source['file']}, line"
        assert "".join(label.split()) in unwrapped
        assert "".join(f"«{evidence['quote']}»".split()) in unwrapped  # in its sentences, marked
        await pilot.press("escape", "question_mark")
        help_lines = [line.strip() for line in inside(app, "HelpScreen > VerticalScroll")]
        assert help_lines[:3] == ["alliance browse: keys",
                                  "/               focus the search (typing filters the list at once)",
                                  "Enter           open the fact under the cursor"]
        assert "Tab, Shift+Tab  move between the search, the filters, the list and" in help_lines
        await pilot.press("escape", "escape", "q")

    assert drive(app, script) == 0


def test_hostile_text_stays_inert_in_the_list_and_the_pane_without_colour(write_base, tmp_path, monkeypatch):
    statement = "[bold red]x[/] :smile: \x1b[2J \u202egnp.exe [link=http://e.vil]y[/link]"
    path = write_base(minimal_base(minimal_fact(statement=statement)))
    base = load(str(path), {"XDG_CACHE_HOME": str(tmp_path / "cache")})
    monkeypatch.setenv("NO_COLOR", "1")  # as --no-color sets it: Textual then draws in monochrome
    app = BrowseApp(Browser(base), str(path))
    assert app.no_color
    shown_text = "[bold red]x[/] :smile: \\x1b[2J <U+202E>gnp.exe [link=http://e.vil]y[/link]"

    async def script(pilot):
        assert screen(app)[2] == f"sanctions-001  sanc       {shown_text}"[:79] + "…"
        await pilot.press("enter")
        assert screen(app)[3] == f" {shown_text}"
        await pilot.press("q")

    assert drive(app, script) == 0


def test_a_dialog_opened_while_the_fact_beside_the_list_is_pending(store):
    """At 120 columns the fact under the cursor is laid out once the keys stop; a dialog opened
    meanwhile must not break that (the app keeps its widgets, it does not look them up on the dialog)."""
    app = BrowseApp(Browser(store), str(SHIPPED))

    async def script(pilot):
        await pilot.press("down", "question_mark")
        await pilot.pause(0.2)
        assert inside(app, "HelpScreen > VerticalScroll")[0].strip() == "alliance browse: keys"
        await pilot.press("escape")
        assert screen(app)[2].split("▏")[-1].strip() == store.ids[1]  # the fact beside the list
        keys = screen(app)[-1]
        await pilot.click(KeyBar, offset=(keys.index("? Help") + 1, 0))  # the keys at the bottom are buttons
        assert inside(app, "HelpScreen > VerticalScroll")[0].strip() == "alliance browse: keys"
        await pilot.press("escape", "q")

    assert drive(app, script, size=(120, 40)) == 0


def test_an_error_inside_the_app_is_one_line_and_exit_1_never_a_traceback(run, monkeypatch, capfd):
    """Through the command and its error boundary, as a user runs it (headless: the test has no terminal)."""
    import alliance_cli.render.views.detail

    def broken(*args, **kwargs):
        raise RuntimeError("the detail pane broke")

    async def open_a_fact(pilot):
        await pilot.press("enter")

    real_run = BrowseApp.run
    monkeypatch.setattr(alliance_cli.render.views.detail, "fact_parts", broken)
    monkeypatch.setattr(BrowseApp, "run", lambda app: real_run(app, headless=True, size=(80, 24),
                                                               auto_pilot=open_a_fact))
    before = os.environ.get("NO_COLOR")
    result = run("browse", tty=True, width=80, stdin_tty=True, stderr_tty=True)
    assert os.environ.get("NO_COLOR") == before  # set for Textual only while the app is made
    assert result.code == 1
    assert result.error_lines == ["alliance: internal error: RuntimeError: the detail pane broke (this is a bug in "
                                  "alliance; rerun with ALLIANCE_DEBUG=1 for the traceback and report it)"]
    assert capfd.readouterr().err == ""  # Textual's own traceback is not printed
