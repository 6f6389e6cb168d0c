"""The Textual application alone: a filter bar, a virtualised list of facts, a detail pane.

Widgets are in `widgets.py`, dialogs in `screens.py` (as Textual's own toolong lays them out).
`BrowseApp.start` makes the app with the terminal's colour choice: Textual reads NO_COLOR when an app is
made, so --no-color, NO_COLOR or TERM=dumb are passed to it that way, and the variable is restored at once.
"""
from __future__ import annotations

import dataclasses
import io
import os
import re
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Checkbox, Input
from textual.worker import Worker, WorkerState

from alliance_cli.browse.failing import FailingQuietly
from alliance_cli.browse.model import Bar, Browser, Selection
from alliance_cli.browse.screens import ContextScreen, HelpScreen, RelatedScreen
from alliance_cli.browse.widgets import Chooser, Count, DetailPane, FactList, KeyBar, ThemeToggle
from alliance_cli.environment import Environment
from alliance_cli.errors import UsageProblem
from alliance_cli.factbase.cache_entry import DamagedEntry
from alliance_cli.factbase.vocabulary import STANCES, THEMES
from alliance_cli.text import neutralise

# Facts up to this many are indexed for search on the first keystroke (a few tenths of a second at
# most); a larger base is indexed in a thread from the start, and the list ignores the search meanwhile.
INDEX_IN_FOREGROUND = 10_000
WIDE = 100  # from this many columns on, the list and the fact are side by side
PREVIEW_DELAY = 0.06  # seconds without a key before the fact under the cursor is laid out beside the list


class BrowseApp(FailingQuietly):
    """`alliance browse`."""

    TITLE = "alliance browse"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012 - typed by App
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: handled as it arrives, so that the keys typed right after it reach the search
        Binding("slash", "focus_search", "Search", key_display="/", priority=True),
        Binding("escape", "go_back", "Back", key_display="esc"),
        Binding("backspace", "go_back", "Back", show=False),
        Binding("r", "related", "Related"),
        Binding("c", "context", "Context"),
        Binding("y", "copy_id", "Copy id"),
        Binding("o", "article", "Article", show=False),  # in the help; the key bar keeps q at 80 columns
        Binding("e", "export", "Export"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    @classmethod
    def start(cls, browser: Browser, fact_base: str, env: Environment, read: str | None = None) -> BrowseApp:
        """The app, drawn without colour when the environment says so (--no-color, NO_COLOR, TERM=dumb):
        Textual reads NO_COLOR when an app is made, so it is set for that moment and then restored."""
        colour = os.environ.get("NO_COLOR")
        if not env.color:
            os.environ["NO_COLOR"] = "1"
        try:
            return cls(browser, fact_base, env, read)
        finally:
            if colour is None:
                os.environ.pop("NO_COLOR", None)
            else:
                os.environ["NO_COLOR"] = colour

    def __init__(self, browser: Browser, fact_base: str, env: Environment | None = None, read: str | None = None) -> None:
        super().__init__()
        self.read = read  # a source to open on the reading screen at once (browse --read)
        self.browser = browser
        self.fact_base = fact_base
        self.env = env or Environment(stdout=io.BytesIO(), stderr=io.StringIO())
        self.bar = browser.initial_bar()
        self.selection = Selection([], "")
        self.highlight: re.Pattern[str] | None = None  # what the search matches, marked in the list and the fact
        self.problem = ""  # why the search in the bar is left out, if it is
        self.shown: int | None = None  # the fact in the detail pane
        self.opened = False  # a fact is open (Enter, or a related fact), not just under the cursor
        self._drawn: tuple[int | None, re.Pattern[str] | None, tuple[int, ...]] | None = None  # what the pane shows
        self.trail: list[int] = []  # facts opened before the shown one, by `r`
        self._background_index = len(browser.store) > INDEX_IN_FOREGROUND
        self._mounted = False
        self._keys_state: tuple[bool, ...] = ()
        self._detail_timer: Timer | None = None

    # --- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The whole first screen, list and fact included: built here, it is laid out once."""
        self._select()
        bar = self.bar
        stance_choices: list[tuple[str, tuple[str, ...]]] = [("any stance", ())] + [(s, (s,)) for s in STANCES]
        if len(bar.stances) > 1:
            stance_choices.append((" or ".join(bar.stances), bar.stances))
        with Vertical(id="bar"):
            with Horizontal(id="search-row"):
                yield Input(value=bar.search, placeholder="/ search statements, quotes, names",
                            id="search", compact=True)
                yield Chooser(stance_choices, bar.stances, id="stance")
                yield Chooser([("contested or not", None), ("contested", True), ("uncontested", False)],
                              bar.contested, id="contested")
            with Horizontal(id="theme-row"):
                for theme in THEMES:
                    yield ThemeToggle(theme, value=theme in bar.themes, id=f"theme-{theme}", compact=True)
                yield Count(self._count_words(), id="count")
        with Horizontal(id="body"):
            yield FactList(self.browser, self.selection.ordinals, self.highlight, id="list")
            yield DetailPane(self._first_detail(), id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        # kept, not looked up: a dialog may be the current screen when a timer or callback runs
        self.main = self.screen
        self.fact_list = self.main.query_one(FactList)
        self.detail = self.main.query_one(DetailPane)
        if self._background_index:  # once the first screen is drawn: read (or built) beside it, it would delay it
            self.call_after_refresh(self.run_worker, self.browser.index.build, thread=True, name="index",
                                    exit_on_error=False)
        self._mounted = True
        self._keys_changed()
        self.fact_list.focus()
        if self.read is not None:
            from alliance_cli.browse.reading import open_article

            open_article(self, source=self.read)

    # --- the list -----------------------------------------------------------------

    def _select(self) -> None:
        """The facts the bar selects. A search of no words (`"`, `-`) is left out, and the count says so."""
        wait = not self._background_index or self.browser.index.ready
        self.problem = ""
        try:
            self.selection = self.browser.select(self.bar, wait=wait)
        except UsageProblem as problem:
            self.problem = problem.lines[0].removeprefix("--search: ")
            self.selection = self.browser.select(dataclasses.replace(self.bar, search=""), wait=wait)
        self.highlight = self.selection.highlight

    def _first_detail(self) -> Any:
        self.shown = self.selection.ordinals[0] if self.selection.ordinals else None
        if self.size.width < WIDE:
            return ""
        self._drawn = (self.shown, self.highlight, ())
        return self._detail_of(self.shown)

    def refresh_list(self) -> None:
        self._select()
        self.fact_list.show(self.selection.ordinals, self.highlight)
        self._update_count()
        self._keys_changed()
        if not self.is_open:
            self._preview(self.fact_list.current, soon=True)

    def _count_words(self) -> str:
        total, count = len(self.browser.store), len(self.selection.ordinals)
        words = f"{count:,} of {total:,} facts"
        if self.problem:
            return f"{neutralise(self.problem)} · {words}"
        return words + " · indexing for search…" if self.selection.pending else words

    def _update_count(self) -> None:
        self.main.query_one("#count", Count).say(self._count_words())

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        value = event.input.value  # keys arriving faster than the list draws: only the latest text is searched
        if value != self.bar.search:
            self.bar = Bar(value, self.bar.themes, self.bar.stances, self.bar.contested)
            self.refresh_list()

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        self.fact_list.focus()

    @on(Checkbox.Changed)
    def theme_toggled(self, event: Checkbox.Changed) -> None:
        themes = tuple(t for t in THEMES if self.main.query_one(f"#theme-{t}", Checkbox).value)
        self.bar = Bar(self.bar.search, themes, self.bar.stances, self.bar.contested)
        self.refresh_list()

    @on(Chooser.Changed, "#stance")
    def stance_changed(self, event: Chooser.Changed) -> None:
        self.bar = Bar(self.bar.search, self.bar.themes, tuple(event.value or ()), self.bar.contested)
        self.refresh_list()

    @on(Chooser.Changed, "#contested")
    def contested_changed(self, event: Chooser.Changed) -> None:
        value = event.value if isinstance(event.value, bool) else None
        self.bar = Bar(self.bar.search, self.bar.themes, self.bar.stances, value)
        self.refresh_list()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "index" and event.state == WorkerState.SUCCESS:
            self.refresh_list()
        elif event.state == WorkerState.ERROR and isinstance(event.worker.error, DamagedEntry):
            self._handle_exception(event.worker.error)  # the cache entry read as facts were folded: stop, as on screen

    @on(FactList.Highlighted)
    def fact_highlighted(self, event: FactList.Highlighted) -> None:
        if not self.is_open:
            self._preview(event.ordinal, soon=True)

    @on(FactList.Opened)
    def fact_opened(self, event: FactList.Opened) -> None:
        self.open_fact(event.ordinal)

    # --- the detail pane ------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.opened

    def _set_open(self, opened: bool) -> None:
        self.opened = opened
        self.main.set_class(opened, "-open")
        self._keys_changed()

    def _preview(self, ordinal: int | None, soon: bool = False) -> None:
        """Show the fact under the cursor; `soon`: once the keys stop coming (holding ↓, typing a word),
        since laying out a fact costs several times what moving the cursor does."""
        self.trail = []
        if not soon:
            self._show(ordinal)
            return
        self.shown = ordinal
        self._keys_changed()
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if self._drawn is None:  # the first screen: the list first, the fact right after it
            self.call_after_refresh(self._draw_detail)
        else:
            self._detail_timer = self.set_timer(PREVIEW_DELAY, self._draw_detail)

    def _show(self, ordinal: int | None) -> None:
        self.shown = ordinal
        self._keys_changed()
        self._draw_detail()

    def _draw_detail(self) -> None:
        """Lay out the shown fact in the pane, unless the pane is hidden or shows it already: a
        keystroke in the search redraws the list, and the pane only when it is on screen."""

        wanted = (self.shown, self.highlight, tuple(self.trail))
        if wanted == self._drawn or not (self.opened or self.size.width >= WIDE):
            return
        self._drawn = wanted
        self.detail.show(self._detail_of(self.shown))

    def _detail_of(self, ordinal: int | None) -> Any:
        from rich.console import Group

        from alliance_cli.query.related import related_facts
        from alliance_cli.render.views import detail

        if ordinal is None:
            return Text("No fact selected.", style="dim")
        store = self.browser.store
        pane = detail.Interactive(self.highlight, tuple(self.trail))
        return Group(*detail.fact_parts(store, ordinal, related_facts(store, ordinal), pane))

    def _keys_changed(self) -> None:
        """Redraw the footer when a key starts or stops applying (not on every keystroke: it is a new layout)."""
        state = (self.opened, bool(self.trail), self.current() is None, not self.selection.ordinals)
        if state != self._keys_state:
            self._keys_state = state
            self.refresh_bindings()

    def on_resize(self, event: Resize) -> None:
        if self._mounted:
            self._draw_detail()

    def open_fact(self, ordinal: int) -> None:
        self.trail = []
        self._set_open(True)
        self._show(ordinal)
        self.detail.focus()

    def current(self) -> int | None:
        """The fact the keys act on: the open one, else the one under the cursor."""
        return self.shown if self.is_open else self.fact_list.current

    # --- actions ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Which keys apply now: False hides a key from the footer, None shows it dimmed."""
        if action in ("quit", "focus_next", "focus_previous"):  # Tab and Shift+Tab move in dialogs and forms too
            return True
        if not self._mounted:
            return False
        if isinstance(self.screen, ModalScreen) or self.screen is not self.main:  # a dialog or the reading screen
            return False
        if action == "focus_search":  # in the search itself, "/" is a character to type
            return not isinstance(self.focused, Input)
        if action == "go_back":
            return isinstance(self.focused, (Input, Chooser, Checkbox)) or bool(self.trail) or self.is_open
        if action in ("related", "context", "copy_id", "open_related", "article"):
            return None if self.current() is None else True
        if action == "export":
            return None if not self.selection.ordinals else True
        return True

    def action_focus_search(self) -> None:
        self.main.set_focus(self.main.query_one("#search", Input))  # now, not after the keys already queued

    def action_go_back(self) -> None:
        focused = self.focused
        if isinstance(focused, (Input, Chooser, Checkbox)):
            self.fact_list.focus()
        elif self.trail:
            self._show(self.trail.pop())
        elif self.is_open:
            self._set_open(False)
            self._preview(self.fact_list.current)
            self.fact_list.focus()

    def action_related(self) -> None:
        from alliance_cli.query.related import related_facts

        ordinal = self.current()
        if ordinal is None:
            return
        store = self.browser.store
        related = related_facts(store, ordinal)
        if not related:
            self.notify(f"{neutralise(store.ids[ordinal])} has no related facts", markup=False)
            return
        if len(related) == 1:
            self._jump(ordinal, related[0])
            return
        choices = [(store.ids[n], store.fact(n)["statement"]) for n in related]

        def chosen(index: int | None) -> None:
            if index is not None:
                self._jump(ordinal, related[index])

        self.push_screen(RelatedScreen(f"Facts related to {store.ids[ordinal]}", choices), chosen)

    def action_open_related(self, index: int) -> None:
        """A click on the `index`-th related fact of the fact shown."""
        from alliance_cli.query.related import related_facts

        if self.shown is None:
            return
        related = related_facts(self.browser.store, self.shown)
        if 0 <= index < len(related):
            self._jump(self.shown, related[index])

    def _jump(self, origin: int, target: int) -> None:
        if not self.is_open:
            self.trail = []
        self._set_open(True)
        self.trail.append(origin)
        self._show(target)
        self.detail.focus()

    def action_copy_id(self) -> None:
        ordinal = self.current()
        if ordinal is None:
            return
        fact_id = self.browser.store.ids[ordinal]
        self.copy_to_clipboard(fact_id)
        self.notify(f"Copied {neutralise(fact_id)} to the clipboard", markup=False)

    def action_context(self) -> None:
        from alliance_cli.browse.context import quotes_in_context

        ordinal = self.current()
        if ordinal is not None:
            self.push_screen(ContextScreen(quotes_in_context(self.browser.store, self.fact_base, ordinal, self.env)))

    def action_export(self) -> None:
        from alliance_cli.browse.screens import export_dialog

        export_dialog(self, self.selection)

    def action_article(self) -> None:
        from alliance_cli.browse.reading import open_article

        ordinal = self.current()
        if ordinal is not None:
            open_article(self, ordinal=ordinal)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        self.exit(0)
