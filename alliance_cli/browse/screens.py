"""The browser's dialogs: help, related facts, quotes in context, export.

Each is a modal screen that shows its own keys; fact-base and capture text is shown only as
rich `Text` (`render.console.safe`), never as markup.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, RadioSet, Static
from textual.widgets.option_list import Option

from alliance_cli.browse.widgets import Choice, KeyBar
from alliance_cli.render.terminal.console import safe
from alliance_cli.text import neutralise

KEYS = [  # key, what it does: the help screen's table (the footer shows the same bindings)
    ("/", "focus the search (typing filters the list at once)"),
    ("Enter", "open the fact under the cursor"),
    ("Escape", "go back: to the list, to the fact before a related one, out of a dialog"),
    ("Tab, Shift+Tab", "move between the search, the filters, the list and the fact"),
    ("↑ ↓ PgUp PgDn", "move in the list (Home, End: to either end), or scroll the fact"),
    ("r", "jump to a related fact (Backspace or Escape returns)"),
    ("c", "show the fact's quotes in context in their articles"),
    ("y", "copy the fact's id to the clipboard"),
    ("o", "open the article the fact quotes, to read and curate it"),
    ("e", "export the facts listed to a file, as JSON or Markdown"),
    ("?", "this help"),
    ("q", "quit; in a dialog, close it (Ctrl+Q quits anywhere, even in the search)"),
    ("mouse", "click a fact to select it, double-click to open it, click a related fact to jump, "
              "scroll with the wheel"),
]

HELP_NOTE = ("Filters from the command line (alliance browse --theme sanctions …) start the filter bar; the others "
             "stay as given. Escape, q or ? closes this help.")


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", key_display="esc"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 100; height: auto; max-height: 90%;
                                  border: round $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, keys: list[tuple[str, str]] | None = None, title: str = "alliance browse: keys",
                 note: str = HELP_NOTE) -> None:
        super().__init__()
        self.keys = keys or KEYS
        self.title_text = title
        self.note = note

    def compose(self) -> ComposeResult:
        from rich.table import Table

        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, what in self.keys:
            table.add_row(key, what)
        with VerticalScroll():
            yield Static(Text(self.title_text, style="bold"))
            yield Static(table)
            yield Static(Text(self.note, style="dim"))
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


class DisputeScreen(ModalScreen[tuple[str, str, str] | None]):
    """A disagreement between the sentence and a fact's quote: the analyst names the point and says, in
    a few words each, what each side says; the accounts' quotes are the two verbatim texts shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "record", "Record", key_display="⏎", priority=True),
        Binding("escape", "dismiss", "Cancel", key_display="esc"),
    ]
    DEFAULT_CSS = """
    DisputeScreen { align: center middle; }
    DisputeScreen > Vertical { width: 90%; max-width: 110; height: auto; max-height: 90%;
                               border: round $accent; background: $surface; padding: 0 1; }
    DisputeScreen #dispute-problem { color: $error; }
    """

    def __init__(self, fact_id: str, sentence: str, other_quote: str, statement: str) -> None:
        super().__init__()
        self.fact_id, self.sentence, self.other_quote, self.statement = fact_id, sentence, other_quote, statement

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(f"Disagreement on {self.fact_id}", style="bold"))
            yield Static(safe("This article: «" + self.sentence + "»"))
            yield Input(placeholder="what this article says, in a few words", id="dispute-says", compact=True)
            yield Static(safe("The fact's source: «" + self.other_quote + "»"))
            yield Input(value=self.statement, placeholder="what that source says", id="dispute-other",
                        compact=True, select_on_focus=False)
            yield Input(placeholder="the point they disagree on", id="dispute-point", compact=True)
            yield Label("Tab moves between the fields; Enter records it; Escape cancels.", classes="dim")
            yield Label("", id="dispute-problem")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#dispute-point", Input).focus()

    def action_record(self) -> None:
        values = [self.query_one(f"#dispute-{name}", Input).value.strip() for name in ("point", "says", "other")]
        missing = [what for what, value in zip(("the point", "what this article says", "what the other says"),
                                               values, strict=True) if not value]
        if missing:
            self.query_one("#dispute-problem", Label).update(Text("give " + " and ".join(missing)))
            return
        self.dismiss((values[0], values[1], values[2]))


def export_dialog(app: Any, selection: Any) -> None:
    """Ask where and how to write the facts `selection` lists, and write them (never over a file)."""
    from alliance_cli.browse.model import export
    from alliance_cli.errors import UsageProblem
    from alliance_cli.files import WriteFailed

    def chosen(answer: tuple[str, str] | None) -> None:
        if answer is None:
            return
        path, fmt = answer
        try:
            count = export(app.browser.store, app.fact_base, selection, app.env, path, fmt)
        except (WriteFailed, UsageProblem) as error:
            app.notify(f"Could not write {neutralise(str(error))}", severity="error", markup=False)
            return
        app.notify(f"Exported {count} {'fact' if count == 1 else 'facts'} to {neutralise(path)}", markup=False)

    app.push_screen(ExportScreen(len(selection.ordinals)), chosen)
