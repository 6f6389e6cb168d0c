"""The Textual application: a filter bar, a virtualised list of facts, a detail pane.

Fact-base text reaches the screen only as rich `Text` built by
`render.console.safe` (or the list's own rows, built the same way), never as a
markup string, so `[bold]`, `:emoji:` and escape sequences in the data stay inert.
"""
from __future__ import annotations

import dataclasses
import io
import os
import re
from pathlib import Path
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Click, Resize
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from alliance_cli.browse.model import Bar, Browser, Selection
from alliance_cli.errors import UsageProblem
from alliance_cli.factbase.vocabulary import STANCES, THEMES
from alliance_cli.render.console import safe
from alliance_cli.render.environment import Environment
from alliance_cli.text import neutralise

# Facts up to this many are indexed for search on the first keystroke (a few tenths of a second at
# most); a larger base is indexed in a thread from the start, and the list ignores the search meanwhile.
INDEX_IN_FOREGROUND = 10_000
# The list's themes column: short names, so that the statement keeps the room ("sec·div").
SHORT_THEMES = {"security": "sec", "sanctions": "sanc", "economy": "econ", "divergence": "div"}
THEMES_WIDTH = 9  # two themes fit; more end in "…"
WIDE = 100  # from this many columns on, the list and the fact are side by side
PREVIEW_DELAY = 0.06  # seconds without a key before the fact under the cursor is laid out beside the list
KEYS = [  # key, what it does: the help screen's table (the footer shows the same bindings)
    ("/", "focus the search (typing filters the list at once)"),
    ("Enter", "open the fact under the cursor"),
    ("Escape", "go back: to the list, to the fact before a related one, out of a dialog"),
    ("Tab, Shift+Tab", "move between the search, the filters, the list and the fact"),
    ("↑ ↓ PgUp PgDn", "move in the list (Home, End: to either end), or scroll the fact"),
    ("r", "jump to a related fact (Backspace or Escape returns)"),
    ("c", "show the fact's quotes in context in their articles"),
    ("y", "copy the fact's id to the clipboard"),
    ("e", "export the facts listed to a file, as JSON or Markdown"),
    ("?", "this help"),
    ("q", "quit; in a dialog, close it (Ctrl+Q quits anywhere, even in the search)"),
    ("mouse", "click a fact to select it, double-click to open it, click a related fact to jump, "
              "scroll with the wheel"),
]


class FactList(ScrollView, can_focus=True):
    """One line per fact (id, themes, statement), drawn only for the lines on screen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"fact-list--cursor", "fact-list--id", "fact-list--dim"}
    DEFAULT_CSS = """
    FactList { overflow-x: hidden; height: 100%; }
    FactList > .fact-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    FactList:blur > .fact-list--cursor { background: $block-cursor-blurred-background; }
    FactList > .fact-list--id { color: $accent; }
    FactList > .fact-list--dim { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
        Binding("enter", "open", "Open", key_display="⏎"),
    ]
    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        def __init__(self, ordinal: int | None) -> None:
            super().__init__()
            self.ordinal = ordinal

    class Opened(Message):
        def __init__(self, ordinal: int) -> None:
            super().__init__()
            self.ordinal = ordinal

    def __init__(self, browser: Browser, ordinals: list[int], highlight: re.Pattern[str] | None,
                 **options: Any) -> None:
        super().__init__(**options)
        self.browser = browser
        self.ordinals = ordinals
        self.highlight = highlight
        self.id_width = min(max(map(len, browser.store.ids), default=2), 24)
        self._rows: LRUCache[int, tuple[str, str, str]] = LRUCache(2048)

    def show(self, ordinals: list[int], highlight: re.Pattern[str] | None) -> None:
        """List these facts; the cursor stays on its fact if still listed, else goes to the top."""
        current = self.current
        self.ordinals, self.highlight = ordinals, highlight
        if self.virtual_size.height != len(ordinals):  # a new size means a new layout: only when it changes
            self.virtual_size = Size(0, len(ordinals))
        try:
            position = ordinals.index(current) if current is not None else 0
        except ValueError:
            position = 0
        self.scroll_to(y=max(position - self.size.height // 2, 0), animate=False, immediate=True)
        self.cursor = position
        self.refresh()

    @property
    def current(self) -> int | None:
        return self.ordinals[self.cursor] if 0 <= self.cursor < len(self.ordinals) else None

    def watch_cursor(self, cursor: int) -> None:
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_offset.y)
        if cursor < top:
            self.scroll_to(y=cursor, animate=False, immediate=True)
        elif cursor >= top + height:
            self.scroll_to(y=cursor - height + 1, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def action_move(self, step: int) -> None:
        if self.ordinals:
            self.cursor = min(max(self.cursor + step, 0), len(self.ordinals) - 1)

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.scrollable_content_region.height - 1, 1))

    def action_move_to(self, position: int) -> None:
        if self.ordinals:
            self.cursor = position % len(self.ordinals)

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self.current))

    def on_click(self, event: Click) -> None:
        row = event.y + round(self.scroll_offset.y)
        if 0 <= row < len(self.ordinals):
            self.cursor = row
            if event.chain >= 2:
                self.action_open()

    def on_mount(self) -> None:
        self.virtual_size = Size(0, len(self.ordinals))

    def on_resize(self, event: Resize) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = round(self.scroll_offset.y) + y
        if not self.ordinals:
            message = Text("No facts match." if y == 0 else "", end="")
            return self._strip(message, width, base)
        if row >= len(self.ordinals):
            return Strip.blank(width, base)
        text = self._row(self.ordinals[row], width)
        text.stylize_before(base)  # the list's own colours under every piece of the row
        if row == self.cursor:
            text.stylize(self.get_component_rich_style("fact-list--cursor"))
        return self._strip(text, width, base)

    def _strip(self, text: Text, width: int, base: Style) -> Strip:
        """A line of the list: every piece styled (Textual's monochrome filter, under NO_COLOR, needs a
        style on each), as wide as the list."""
        return Strip(list(text.render(self.app.console)), text.cell_len).apply_style(base).crop_extend(0, width, base)

    def _row(self, ordinal: int, width: int) -> Text:
        cached = self._rows.get(ordinal)
        if cached is None:
            fact = self.browser.store.fact(ordinal)
            themes = "·".join(SHORT_THEMES.get(t, t[:4]) for t in fact["themes"])
            cached = (neutralise(fact["id"]), themes, fact["statement"].replace("\n", " "))
            self._rows[ordinal] = cached
        fact_id, themes, statement = cached
        if len(themes) > THEMES_WIDTH:
            themes = themes[: THEMES_WIDTH - 1] + "…"
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(fact_id.ljust(self.id_width)[: max(self.id_width, 1)], style=self.get_component_rich_style(
            "fact-list--id", partial=True))
        text.append("  ")
        text.append(themes.ljust(THEMES_WIDTH), style=self.get_component_rich_style("fact-list--dim", partial=True))
        text.append("  ")
        text.append_text(safe(statement, self.highlight))
        text.truncate(width, overflow="ellipsis", pad=True)
        return text


class Count(Widget):
    """How many facts are listed: redrawn in place, never a new layout (a keystroke must stay cheap)."""

    DEFAULT_CSS = "Count { height: 1; }"

    def __init__(self, words: str = "", **options: Any) -> None:
        super().__init__(**options)
        self.words = words

    def say(self, words: str) -> None:
        if words != self.words:
            self.words = words
            self.refresh()

    def render(self) -> Text:
        return Text(self.words, justify="right", no_wrap=True, overflow="ellipsis")


class KeyBar(Widget):
    """The keys that apply now, on one line at the bottom; click one to press it.

    Textual's `Footer` builds a widget per key and rebuilds them all whenever the keys change, which
    cost this app about a third of its start-up; this draws one line of text instead.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $footer-background; }
    KeyBar > .key-bar--key { color: $footer-key-foreground; text-style: bold; }
    KeyBar > .key-bar--description { color: $footer-description-foreground; }
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._keys: list[tuple[int, int, str]] = []  # columns each key takes, and the key

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Any) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        description_style = self.get_component_rich_style("key-bar--description", partial=True)
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        seen: set[str] = set()
        self._keys = []
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            dim = Style(dim=not active.enabled)
            start = line.cell_len
            line.append(f" {self.app.get_key_display(binding)} ", style=key_style + dim)
            line.append(f"{binding.description} ", style=description_style + dim)
            self._keys.append((start, line.cell_len, binding.key))
        return line

    def on_click(self, event: Click) -> None:
        key = next((key for start, end, key in self._keys if start <= event.x < end), None)
        if key is not None:
            self.app.simulate_key(key)


class Chooser(Widget, can_focus=True):
    """One value out of a few (stance, contested): a line showing the choice; Enter, Space or a click
    opens the list of choices, ← and → step through them. Lighter than Textual's `Select`, which
    builds its drop-down list at start-up (a sixth of this app's start-up time)."""

    DEFAULT_CSS = """
    Chooser { height: 1; background: $boost; padding: 0 1; }
    Chooser:focus { background: $block-cursor-background; color: $block-cursor-foreground; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,down", "open", "Choose", show=False),
        Binding("left", "step(-1)", "Previous", show=False),
        Binding("right", "step(1)", "Next", show=False),
    ]

    class Changed(Message):
        def __init__(self, chooser: Chooser, value: Any) -> None:
            super().__init__()
            self.chooser = chooser
            self.value = value

        @property
        def control(self) -> Chooser:
            return self.chooser

    def __init__(self, options: list[tuple[str, Any]], value: Any, **kw: Any) -> None:
        super().__init__(**kw)
        self.options = options
        self.index = next((n for n, (_, v) in enumerate(options) if v == value), 0)

    @property
    def value(self) -> Any:
        return self.options[self.index][1]

    @value.setter
    def value(self, value: Any) -> None:
        self.choose(next(n for n, (_, v) in enumerate(self.options) if v == value))

    def choose(self, index: int) -> None:
        if index != self.index:
            self.index = index
            self.refresh()
            self.post_message(self.Changed(self, self.value))

    def render(self) -> Text:
        label = self.options[self.index][0]
        width = max(self.content_region.width, len(label) + 2)
        return Text(label.ljust(width - 1) + "▼", no_wrap=True, overflow="ellipsis", end="")

    def action_step(self, step: int) -> None:
        self.choose((self.index + step) % len(self.options))

    def action_open(self) -> None:
        def chosen(index: int | None) -> None:
            if index is not None:
                self.choose(index)

        self.app.push_screen(ChoiceScreen([label for label, _ in self.options], self.index), chosen)

    def on_click(self) -> None:
        self.action_open()


class ChoiceScreen(ModalScreen[int | None]):
    """The choices of a `Chooser`; the result is the index of the one taken."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss", "Back", key_display="esc")]
    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    ChoiceScreen OptionList { width: 30; height: auto; border: round $accent; }
    """

    def __init__(self, labels: list[str], index: int) -> None:
        super().__init__()
        self.labels = labels
        self.index = index

    def compose(self) -> ComposeResult:
        choices = OptionList(*labels_as_options(self.labels))
        choices.highlighted = self.index
        yield choices
        yield KeyBar()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)


def labels_as_options(labels: list[str]) -> list[Option]:
    return [Option(Text(label)) for label in labels]


class ThemeToggle(Checkbox):
    """A theme's checkbox that shows whether it is on without colour: `X` on, blank off."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # Textual's name, read when drawing
        return "X" if self.value else " "


class Choice(RadioButton):
    """A radio button that shows whether it is chosen without colour: `●` chosen, blank not."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # Textual's name, read when drawing
        return "●" if self.value else " "


class DetailPane(VerticalScroll, can_focus=True):
    """The fact that is open (or under the cursor, where there is room to show both)."""

    DEFAULT_CSS = """
    DetailPane { padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", "Scroll up", show=False),
        Binding("down", "scroll_down", "Scroll down", show=False),
    ]

    def __init__(self, first: Any = "", **options: Any) -> None:
        super().__init__(**options)
        self.first = first  # what it shows when the app opens, so that opening lays out the screen once

    def compose(self) -> ComposeResult:
        self.body = Static(self.first, id="detail-body")  # kept: a late timer may draw while the app closes
        yield self.body

    def show(self, renderable: Any) -> None:
        self.body.update(renderable)
        self.scroll_home(animate=False)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", key_display="esc"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 100; height: auto; max-height: 90%;
                                  border: round $accent; background: $surface; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        from rich.table import Table

        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, what in KEYS:
            table.add_row(key, what)
        with VerticalScroll():
            yield Static(Text("alliance browse: keys", style="bold"))
            yield Static(table)
            yield Static(Text("Filters from the command line (alliance browse --theme sanctions …) start the "
                              "filter bar; the others stay as given. Escape, q or ? closes this help.",
                              style="dim"))
        yield KeyBar()


class RelatedScreen(ModalScreen[int | None]):
    """A choice of related facts; the result is the index of the one chosen."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,backspace,q", "dismiss", "Back", key_display="esc")]
    DEFAULT_CSS = """
    RelatedScreen { align: center middle; }
    RelatedScreen > Vertical { width: 90%; max-width: 110; height: auto; max-height: 80%;
                               border: round $accent; background: $surface; }
    RelatedScreen OptionList { height: auto; max-height: 20; border: none; }
    """

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(self.title_text, style="bold"))
            options = []
            for fact_id, statement in self.choices:
                prompt = safe(fact_id, style="cyan")
                prompt.append("  ")
                prompt.append_text(safe(statement))
                options.append(Option(prompt))
            yield OptionList(*options)
        yield KeyBar()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)


class ContextScreen(ModalScreen[None]):
    """Each quote of a fact inside the sentences around it in its captured article."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,backspace,c,q", "dismiss", "Back", key_display="esc")]
    DEFAULT_CSS = """
    ContextScreen { align: center middle; }
    ContextScreen > VerticalScroll { width: 95%; height: 90%; border: round $accent; background: $surface;
                                     padding: 0 1; }
    """

    def __init__(self, body: Any) -> None:
        super().__init__()
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.body)
        yield KeyBar()


class ExportScreen(ModalScreen[tuple[str, str] | None]):
    """Where and how to write the listed facts; the result is (path, format)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "write", "Write", key_display="⏎", priority=True),  # wherever the focus is in the dialog
        Binding("escape", "dismiss", "Cancel", key_display="esc"),
    ]
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical { width: 70; max-width: 95%; height: auto; border: round $accent;
                              background: $surface; padding: 0 1; }
    ExportScreen RadioSet { layout: horizontal; width: auto; border: none; }
    ExportScreen #export-problem { color: $error; }
    """
    SUFFIXES: ClassVar[dict[str, str]] = {"json": ".json", "markdown": ".md"}

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        noun = "fact" if self.count == 1 else "facts"
        with Vertical():
            yield Label(f"Export the {self.count} {noun} listed")
            with RadioSet(id="export-format"):
                yield Choice("JSON", value=True, id="format-json")
                yield Choice("Markdown", id="format-markdown")
            yield Input(value="alliance-selection.json", id="export-path", select_on_focus=False)
            yield Label("Enter writes the file (never over an existing one); Escape cancels.", classes="dim")
            yield Label("", id="export-problem")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @property
    def format(self) -> str:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        return "markdown" if pressed is not None and pressed.id == "format-markdown" else "json"

    @on(RadioSet.Changed)
    def format_changed(self) -> None:
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value)
        if path.suffix in self.SUFFIXES.values():
            path_input.value = str(path.with_suffix(self.SUFFIXES[self.format]))

    def action_write(self) -> None:
        typed = self.query_one("#export-path", Input).value.strip()
        path = Path(typed).expanduser()
        problem = ""
        if not typed:
            problem = "give a file name"
        elif path.exists():
            problem = f"{neutralise(str(path))} exists; give another name"
        elif not path.parent.is_dir():
            problem = f"there is no folder {neutralise(str(path.parent))}"
        if problem:
            self.query_one("#export-problem", Label).update(Text(problem))
            return
        self.dismiss((str(path), self.format))


class BrowseApp(App[int]):
    """`alliance browse`."""

    TITLE = "alliance browse"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012 - typed by App
    CSS = """
    #bar { height: auto; background: $panel; }
    #search-row, #theme-row { height: 1; }
    #search { width: 1fr; }
    #stance, #contested { width: 20; }
    #theme-row Checkbox { width: auto; margin-right: 1; }
    #count { width: 1fr; text-align: right; color: $text-muted; }
    #body { height: 1fr; }
    #list { width: 1fr; }
    #detail { width: 1fr; display: none; border-left: vkey $panel; }
    Screen.-wide #detail { display: block; }
    Screen.-narrow.-open #list { display: none; }
    Screen.-narrow.-open #detail { display: block; border-left: none; }
    .dim { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: handled as it arrives, so that the keys typed right after it reach the search
        Binding("slash", "focus_search", "Search", key_display="/", priority=True),
        Binding("escape", "go_back", "Back", key_display="esc"),
        Binding("backspace", "go_back", "Back", show=False),
        Binding("r", "related", "Related"),
        Binding("c", "context", "Context"),
        Binding("y", "copy_id", "Copy id"),
        Binding("e", "export", "Export"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, browser: Browser, fact_base: str, env: Environment | None = None) -> None:
        super().__init__()
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
        self.failure: Exception | None = None  # an error inside the app, raised again by the command

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
        self.bar = Bar(event.value, self.bar.themes, self.bar.stances, self.bar.contested)
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
        from alliance_cli.browse.detail import fact_detail
        from alliance_cli.query.related import related_facts

        if ordinal is None:
            return Text("No fact selected.", style="dim")
        store = self.browser.store
        return fact_detail(store, ordinal, related_facts(store, ordinal), self.highlight, self.trail)

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
        if action == "quit":
            return True
        if not self._mounted:
            return False
        if isinstance(self.screen, ModalScreen):  # a dialog has the keyboard; its own keys apply
            return False
        if action == "focus_search":  # in the search itself, "/" is a character to type
            return not isinstance(self.focused, Input)
        if action == "go_back":
            return isinstance(self.focused, (Input, Chooser, Checkbox)) or bool(self.trail) or self.is_open
        if action in ("related", "context", "copy_id", "open_related"):
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
            self.push_screen(ContextScreen(quotes_in_context(self.browser.store, self.fact_base, ordinal)))

    def action_export(self) -> None:
        selection = self.selection

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                self._export(selection, *answer)

        self.push_screen(ExportScreen(len(selection.ordinals)), chosen)

    def _export(self, selection: Selection, path: str, fmt: str) -> None:
        """The bytes `alliance facts` with the same options writes in that format (a test compares them)."""
        from alliance_cli.render import fact_renderer
        from alliance_cli.render.view import View

        ordinals = selection.ordinals
        view = View(self.env, None, selection.search, selection.caption, None, selection.criteria)
        output = fact_renderer(fmt)(self.browser.store, ordinals, view)
        data = output if isinstance(output, bytes) else output.encode("utf-8")
        try:
            with open(path, "xb") as handle:
                handle.write(data)
        except OSError as error:
            self.notify(f"Could not write {neutralise(path)}: {error.strerror or error}", severity="error",
                        markup=False)
            return
        noun = "fact" if len(ordinals) == 1 else "facts"
        self.notify(f"Exported {len(ordinals)} {noun} to {neutralise(path)}", markup=False)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        self.exit(0)

    # --- failures: one line from the command's error boundary, never Textual's traceback ---------

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an error inside the app (it then quits): kept for the command to raise."""
        if self.failure is None:
            self.failure = error
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        """Textual prints a traceback here when the app fails; alliance reports one line instead
        (`cli.boundary`), and the traceback only with ALLIANCE_DEBUG=1."""
        if os.environ.get("ALLIANCE_DEBUG"):
            super()._print_error_renderables()
