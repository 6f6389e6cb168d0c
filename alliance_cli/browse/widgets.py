"""The browser's widgets: the virtualised fact list, the count, the key bar, the filter choosers, the fact pane.

Fact-base text reaches the screen only as rich `Text` built by `render.console.safe`
(or the list's own rows, built the same way), never as a markup string, so `[bold]`,
`:emoji:` and escape sequences in the data stay inert.

Textual hooks these rely on beyond its guide (why `textual` is pinned in pyproject.toml):
`ScrollView.render_line` returning `Strip`s (the list draws only the lines on screen),
`Screen.bindings_updated_signal` and `Screen.active_bindings` (the key bar), and
`textual.cache.LRUCache` (the list's rows).
"""
from __future__ import annotations

import re
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.containers import VerticalScroll
from textual.events import Click, Resize
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Checkbox, OptionList, RadioButton, Static
from textual.widgets.option_list import Option

from alliance_cli.browse.model import Browser
from alliance_cli.render.terminal.console import safe
from alliance_cli.text import neutralise

# The list's themes column: short names, so that the statement keeps the room ("sec·div").
SHORT_THEMES = {"security": "sec", "sanctions": "sanc", "economy": "econ", "divergence": "div"}
THEMES_WIDTH = 9  # two themes fit; more end in "…"


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


# The drop-down list of a Chooser: a dialog that belongs to the widget that opens it.
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
