"""The article on the reading screen: its sections and sentences, one sentence after another, drawn only
for the lines on screen (a 5,000-sentence article opens at once), with the sentence under the cursor lit.

Each sentence starts a line: `●` in the gutter when a fact cites it (the ids follow under it), `○` when
none does. Capture text reaches the screen only through `render.console.safe`, so markup and escapes in
an article stay inert.
"""
from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from alliance_cli.query.curating import Reading
from alliance_cli.render.terminal.console import safe
from alliance_cli.text import neutralise

CITED, UNCITED = "● ", "○ "
SCROLLBAR = 2  # columns kept free for the scroll bar, which appears only once the article is laid out


def layout(reading: Reading, width: int) -> tuple[list[tuple[str, str, int]], list[int]]:
    """The article as lines of at most `width` cells: (kind, text, sentence or -1), kind being heading, blank,
    start (a sentence's first line), sentence or cited (the ids under it); and the first line of each sentence."""
    lines: list[tuple[str, str, int]] = []
    firsts: list[int] = []
    section = None
    inner = max(width - len(CITED) - SCROLLBAR, 10)
    for index, sentence in enumerate(reading.sentences):
        if sentence.section != section:
            section = sentence.section
            if lines:
                lines.append(("blank", "", -1))
            lines += [("heading", line, -1) for line in wrap(neutralise(section), max(width, 10))]
        firsts.append(len(lines))
        text = " ".join(reading.text(index).split())
        wrapped = wrap(neutralise(text), inner) or [""]
        lines += [("start" if n == 0 else "sentence", line, index) for n, line in enumerate(wrapped)]
        if reading.cited_by[index]:
            ids = "cited by " + ", ".join(reading.cited_by[index])
            lines += [("cited", line, index) for line in wrap(neutralise(ids), inner)]
    return lines, firsts


def wrap(text: str, width: int) -> list[str]:
    """`text` (white space already single spaces) in lines of at most `width` characters, broken at spaces:
    textwrap's lines, except that a word longer than a line starts a line of its own before it is cut; several
    times faster than textwrap (5,000 sentences are laid out when the screen opens)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


class ArticleView(ScrollView, can_focus=True):
    """The article, with a sentence cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"article--cursor", "article--heading", "article--cited",
                                             "article--uncited", "article--ids"}
    DEFAULT_CSS = """
    ArticleView { overflow-x: hidden; height: 100%; }
    ArticleView > .article--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    ArticleView > .article--heading { text-style: bold; color: $accent; }
    ArticleView > .article--cited { color: $success; }
    ArticleView > .article--uncited { color: $warning; }
    ArticleView > .article--ids { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Previous sentence", show=False),
        Binding("down", "move(1)", "Next sentence", show=False),
        Binding("pageup", "move(-10)", "Back ten", show=False),
        Binding("pagedown", "move(10)", "On ten", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
    ]
    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Moved(Message):
        def __init__(self, sentence: int) -> None:
            super().__init__()
            self.sentence = sentence

    def __init__(self, reading: Reading, **options) -> None:
        super().__init__(**options)
        self.reading = reading
        self.lines: list[tuple[str, str, int]] = []
        self.firsts: list[int] = []
        self._width = -1

    def show(self, reading: Reading) -> None:
        """Another reading of the same article (after a write): new marks, the cursor where it was."""
        self.reading = reading
        self._width = -1
        self.set_reactive(ArticleView.cursor, min(self.cursor, max(len(reading.sentences) - 1, 0)))  # not a move
        self._lay_out()

    def on_resize(self, event: Resize) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._width and width > 0:
            self._width = width
            self.lines, self.firsts = layout(self.reading, width)
            self.virtual_size = Size(0, len(self.lines))
            self._scroll_to_cursor()
            self.refresh()

    def watch_cursor(self, cursor: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Moved(cursor))

    def _scroll_to_cursor(self) -> None:
        if not self.firsts:
            return
        first = self.firsts[self.cursor]
        last = self.firsts[self.cursor + 1] if self.cursor + 1 < len(self.firsts) else len(self.lines)
        self.scroll_to_region(Region(0, max(first - 1, 0), 1, last - first + 1), animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        if self.reading.sentences:
            self.cursor = max(0, min(self.cursor + step, len(self.reading.sentences) - 1))

    def action_move_to(self, position: int) -> None:
        if self.reading.sentences:
            self.cursor = position % len(self.reading.sentences)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = round(self.scroll_offset.y) + y
        if row >= len(self.lines):
            text = Text("This capture has no sentences." if row == 0 and not self.lines else "", end="")
        else:
            text = self._line(*self.lines[row])
        text.stylize_before(base)
        return Strip(list(text.render(self.app.console)), text.cell_len).apply_style(base).crop_extend(0, width, base)

    def _line(self, kind: str, words: str, sentence: int) -> Text:
        style = self.get_component_rich_style
        if kind in ("heading", "blank"):
            return Text(words, style=style("article--heading", partial=True) if words else Style(), end="")
        first = kind == "start"
        cited = bool(self.reading.cited_by[sentence])
        gutter = (CITED if cited else UNCITED) if first else "  "
        text = Text(gutter, style=style("article--cited" if cited else "article--uncited", partial=True), end="")
        body = safe(words)
        if kind == "cited":
            body.stylize(style("article--ids", partial=True))
        text.append_text(body)
        if sentence == self.cursor:
            text.pad_right(max(0, self.scrollable_content_region.width - text.cell_len))
            text.stylize(style("article--cursor"))
        return text
