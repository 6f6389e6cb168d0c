"""The new-fact form: a fact drafted from the sentence under the cursor, checked as the analyst types.

`query.drafting` prefills it (the quote verbatim with its section, the next free id in the theme, the
actors the sentence names, the stance its qualifiers suggest and the rubric's grade); the analyst writes
the statement and corrects the rest. Theme, actors, speaker, stance and grade have a fixed vocabulary (the
themes, the fact base's entities, the stances, the grades) and are chosen, not typed. `validate` and `lint` run on the file as it would be with the fact, a moment after the last key,
in a thread; saving is refused, with the problem shown, while the fact would make the base invalid.
"""
from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Label, SelectionList, Static

from alliance_cli.browse.widgets import Chooser, KeyBar
from alliance_cli.factbase.captures import Finder
from alliance_cli.factbase.store import Store
from alliance_cli.factbase.vocabulary import ARTICLE, STANCES, THEMES
from alliance_cli.render.terminal.console import safe

CHECK_DELAY = 0.3  # seconds without a key before validate and lint run on the draft
FIRST_THEME = next(iter(THEMES))


class FactForm(ModalScreen[dict[str, Any] | None]):
    """The result is the fact to write, or None when the analyst cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", key_display="^s", priority=True),
        Binding("escape", "dismiss", "Cancel", key_display="esc"),
    ]
    DEFAULT_CSS = """
    FactForm { align: center middle; }
    FactForm > VerticalScroll { width: 95%; max-width: 120; height: 90%; border: round $accent;
                                background: $surface; padding: 0 1; }
    FactForm Horizontal { height: 1; }
    FactForm Horizontal.tall { height: 6; }
    FactForm SelectionList { width: 1fr; height: 6; }
    FactForm .field { width: 16; color: $text-muted; }
    FactForm Input, FactForm Chooser { width: 1fr; }
    FactForm #form-problems { color: $error; height: auto; }
    FactForm #form-lint { color: $warning; height: auto; }
    """

    def __init__(self, store: Store, path: str, source_id: str, sentence: str) -> None:
        from alliance_cli.factbase.editing import read_text
        from alliance_cli.query.drafting import draft

        super().__init__()
        self.store, self.path = store, path
        self.text = read_text(path)
        self.drafted = draft(store, Finder(store, path), source_id, sentence, FIRST_THEME)
        self.fact = dict(self.drafted.fact)
        self.problems: list[str] = []
        self._timer: Timer | None = None
        self.drafts = 0  # how many times the draft changed; a check's findings are shown only for the latest
        self.checked = -1  # the draft whose findings are shown
        self.entities = [entity["name"] for entity in store.entities]

    def compose(self) -> ComposeResult:
        fact, evidence = self.fact, self.fact["evidence"][0]
        with VerticalScroll():
            yield Static(safe(f"New fact from {evidence['source']}, section «{evidence['section']}»", style="bold"))
            yield Static(safe("«" + evidence["quote"] + "»"))
            yield from self._row("statement", Input(placeholder="one claim in your own words, no stronger than "
                                                    "the quote", id="form-statement", compact=True))
            yield from self._row("theme", Chooser([(t, t) for t in THEMES], FIRST_THEME, id="form-theme"))
            yield from self._row("id", Input(fact["id"], id="form-id", compact=True))
            yield from self._row("actors", SelectionList[str](
                *((name, name, name in fact["actors"]) for name in self.entities), id="form-actors", compact=True),
                tall=True)
            speakers = list(dict.fromkeys([ARTICLE, *self.entities, fact["attributed_to"]]))
            yield from self._row("attributed to", Chooser([(s, s) for s in speakers], fact["attributed_to"],
                                                          id="form-attributed"))
            yield from self._row("stance", Chooser([(s, s) for s in STANCES], fact["stance"], id="form-stance"))
            word = self.drafted.stance.word
            yield Label(safe(f"suggested {self.drafted.stance.stance}" + (f" for the word «{word}»" if word else
                                                                           ": no hedge, allegation or attribution "
                                                                           "word in the sentence")),
                        classes="dim")
            yield from self._row("credibility", Chooser([(str(g), g) for g in range(1, 7)], fact["credibility"],
                                                        id="form-credibility"))
            yield Label(safe(f"the rubric computes {fact['credibility']}: {self.drafted.grade_reason}"),
                        id="form-grade", classes="dim")
            yield from self._row("rationale", Input(fact["credibility_rationale"], id="form-rationale", compact=True))
            yield Label("", id="form-problems")
            yield Label("", id="form-lint")
            yield Label("Tab moves between fields; ←/→ or Enter choose; Space ticks an actor; Ctrl+S saves; "
                        "Escape cancels.",
                        classes="dim")
        yield KeyBar()

    def _row(self, name: str, field: Any, tall: bool = False) -> Any:
        with Horizontal(classes="tall" if tall else ""):
            yield Label(name, classes="field")
            yield field

    def on_mount(self) -> None:
        self.query_one("#form-statement", Input).focus()
        self._check_soon()

    def current(self) -> dict[str, Any]:
        """The fact as the form holds it now, in the format's key order."""
        def value(name: str) -> str:
            return self.query_one(f"#form-{name}", Input).value.strip()

        fact = dict(self.fact)
        fact.update({"id": value("id"), "statement": value("statement"),
                     "themes": [self.query_one("#form-theme", Chooser).value],
                     "actors": [a for a in self.entities if a in self.query_one("#form-actors", SelectionList).selected],
                     "attributed_to": self.query_one("#form-attributed", Chooser).value,
                     "stance": self.query_one("#form-stance", Chooser).value,
                     "credibility": self.query_one("#form-credibility", Chooser).value,
                     "credibility_rationale": value("rationale")})
        return fact

    @on(Chooser.Changed, "#form-theme")
    def theme_changed(self, event: Chooser.Changed) -> None:
        from alliance_cli.query.passages import next_fact_id

        field = self.query_one("#form-id", Input)
        if field.value == self.fact["id"]:  # not typed over: follow the theme
            self.fact["id"] = next_fact_id(self.store, event.value)
            field.value = self.fact["id"]

    @on(Chooser.Changed, "#form-stance")
    def stance_changed(self) -> None:
        from alliance_cli.query.drafting import graded

        grade, reason = graded(self.store, self.current())
        self.query_one("#form-grade", Label).update(Text(f"the rubric computes {grade}: {reason}"))

    @on(Input.Changed)
    @on(Chooser.Changed)
    @on(SelectionList.SelectedChanged)
    def changed(self) -> None:
        self._check_soon()

    @property
    def settled(self) -> bool:
        """True once the findings on screen are those of the draft as it stands."""
        return self.checked == self.drafts

    def _check_soon(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.drafts += 1
        draft = self.drafts
        self._timer = self.set_timer(CHECK_DELAY, lambda: self.check(draft, self.current()))

    @work(thread=True, exclusive=True, group="check")
    def check(self, draft: int, fact: dict[str, Any]) -> None:
        from alliance_cli.query.drafting import findings

        problems, lint = findings(self.path, self.text, fact)
        self.app.call_from_thread(self.show_findings, problems, lint, draft)

    def show_findings(self, problems: list[str], lint: list[str], draft: int | None = None) -> None:
        """Show a check's findings; those of an older draft (a slow check overtaken by keys) are dropped."""
        draft = self.drafts if draft is None else draft
        if draft != self.drafts:
            return
        self.checked = draft
        self.problems = problems
        self.query_one("#form-problems", Label).update(Text("\n".join(f"invalid: {p}" for p in problems)))
        self.query_one("#form-lint", Label).update(Text("\n".join(f"lint: {f}" for f in lint)))

    def action_save(self) -> None:
        from alliance_cli.query.drafting import findings

        fact = self.current()
        problems, lint = findings(self.path, self.text, fact)
        if problems:
            self.show_findings(problems, lint)
            self.notify("Not saved: the fact would make the base invalid", severity="error", markup=False)
            return
        self.dismiss(fact)
