"""The reading screen: an article with what cites it, `corroborate`'s candidates for the sentence under
the cursor, and the keys that turn that sentence into a new fact, evidence or a disagreement.

Every write goes through the domain functions the CLI uses (`query.attaching`, `query.drafting`) and the
screen's `Edits`, so each one is the in-place, validated, atomic write of `evidence add`, refused when
the file changed since the screen read it, and undoable while the screen is open. After each write (or
refusal) the fact base is read again, so the marks, the count and the candidates are the file's.
"""
from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from alliance_cli.browse.article import ArticleView
from alliance_cli.browse.widgets import Count, KeyBar
from alliance_cli.errors import AllianceError
from alliance_cli.factbase.captures import Finder
from alliance_cli.factbase.store import Store
from alliance_cli.factbase.undo import Edits
from alliance_cli.query.curating import Reading, reading
from alliance_cli.render.terminal.console import safe

KEYS = [  # the help screen's table for this screen (the key bar shows the same bindings)
    ("↑ ↓ PgUp PgDn", "move sentence by sentence (Home, End: to either end)"),
    ("n", "jump to the next sentence no fact cites"),
    ("[ ]", "move the cursor in the candidates pane"),
    ("f", "new fact from the sentence: a form prefilled from it"),
    ("a", "attach the sentence as evidence to the candidate under the cursor"),
    ("d", "dispute: record a disagreement between the sentence and the candidate's evidence"),
    ("u", "undo the last write made on this screen"),
    ("Escape", "back to the list of facts"),
    ("?", "this help"),
    ("q", "quit"),
]
HELP_NOTE = ("Every write is checked by validate first and keeps every other byte of the file; a file changed "
             "elsewhere since this screen read it is never overwritten. Escape, q or ? closes this help.")


class CandidatePane(VerticalScroll):
    """`corroborate`'s candidates for one sentence: relation, score, why and statement, one under a cursor."""

    DEFAULT_CSS = "CandidatePane { width: 1fr; border-left: vkey $panel; padding: 0 1; }"

    def compose(self) -> ComposeResult:
        yield Static("", id="candidates-body")

    def show(self, store: Store, reading: Reading, sentence: int, cursor: int) -> None:
        parts: list[Any] = [Text(f"Candidates for sentence {sentence + 1} of {len(reading.sentences)}",
                                 style="bold")]
        found = reading.candidates(sentence) if reading.sentences else []
        if not found:
            parts.append(Text("No fact comes close: new information (f makes it a fact).", style="dim"))
        for n, candidate in enumerate(found):
            head = Text("▶ " if n == cursor else "  ", style="bold")
            head.append(f"{candidate.relation} {candidate.score:.2f} ")
            head.append_text(safe(store.ids[candidate.ordinal], style="bold cyan"))
            parts += [head, safe(store.fact(candidate.ordinal)["statement"]),
                      safe(candidate.why, style="dim"), Text("")]
        self.query_one("#candidates-body", Static).update(Group(*parts))


class ReadingScreen(Screen[bool]):
    """One article; the result says whether anything was written (the list then reads the file again)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_uncovered", "Uncited"),
        Binding("right_square_bracket", "candidate(1)", "Choose", key_display="[ ]"),
        Binding("left_square_bracket", "candidate(-1)", "Candidate", show=False),
        Binding("f", "new_fact", "New fact"),
        Binding("a", "attach", "Attach"),
        Binding("d", "dispute", "Dispute"),
        Binding("u", "undo", "Undo"),
        Binding("escape", "back", "Back", key_display="esc", show=False),  # in the help: the key bar fits 80 columns
        Binding("question_mark", "help", "Help", key_display="?"),
    ]
    DEFAULT_CSS = """
    ReadingScreen #reading-title { height: 1; background: $panel; }
    ReadingScreen #reading-title Static { width: 2fr; }
    ReadingScreen #reading-title Count { width: 1fr; }
    ReadingScreen #reading-body { height: 1fr; }
    ReadingScreen ArticleView { width: 3fr; }
    ReadingScreen CandidatePane { width: 2fr; }
    """

    def __init__(self, store: Store, path: str, source: str, variables: dict[str, str]) -> None:
        super().__init__()
        self.path = path
        self.variables = variables
        self.store = store
        self.reading = reading(store, Finder(store, path), source)
        self.edits = Edits(path)
        self.candidate = 0
        self.shown_sentence: int | None = None
        self.written = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="reading-title"):
            yield Static(safe(f"{self.reading.source_id}: ● cited (ids under it)  ○ not cited", style="bold"))
            yield Count(self.reading.count_words(), id="reading-count")
        with Horizontal(id="reading-body"):
            yield ArticleView(self.reading, id="article")
            yield CandidatePane(id="candidates")
        yield KeyBar()

    def on_mount(self) -> None:
        self.article = self.query_one(ArticleView)
        self.article.focus()
        self.call_after_refresh(self._show_candidates)

    @property
    def sentence(self) -> int:
        return self.article.cursor

    @on(ArticleView.Moved)
    def moved(self) -> None:
        self.candidate = 0
        self._show_candidates()

    def _show_candidates(self) -> None:
        self.query_one(CandidatePane).show(self.store, self.reading, self.sentence, self.candidate)
        self.shown_sentence = self.sentence  # whose candidates the pane shows (a benchmark waits for it)

    def action_candidate(self, step: int) -> None:
        found = self.reading.candidates(self.sentence)
        if found:
            self.candidate = (self.candidate + step) % len(found)
            self._show_candidates()

    def action_next_uncovered(self) -> None:
        found = self.reading.next_uncovered(self.sentence)
        if found is None:
            self.notify("Every sentence of this article is cited", markup=False)
        else:
            self.article.cursor = found

    def chosen_fact(self) -> str | None:
        found = self.reading.candidates(self.sentence)
        if not found:
            self.notify("No candidate fact above the threshold (a claim in other words finds none): "
                        "f makes it a new fact", markup=False)
            return None
        return self.store.ids[found[min(self.candidate, len(found) - 1)].ordinal]

    def action_attach(self) -> None:
        from alliance_cli.query.attaching import add_evidence

        fact_id = self.chosen_fact()
        if fact_id is not None:
            self.run_write(lambda: add_evidence(self.store, Finder(self.store, self.path), self.path, fact_id,
                                                self.reading.source_id, self.reading.text(self.sentence),
                                                self.edits), f"Attached the sentence to {fact_id}")

    def action_dispute(self) -> None:
        from alliance_cli.browse.screens import DisputeScreen
        from alliance_cli.query.curating import other_quote

        fact_id = self.chosen_fact()
        if fact_id is None:
            return
        other = other_quote(self.store, fact_id, self.reading.source_id)
        if other is None:
            self.notify(f"{fact_id} cites only {self.reading.source_id}: a disagreement needs another source",
                        severity="warning", markup=False)
            return
        statement = self.store.fact(self.store.ordinal_of[fact_id])["statement"]
        sentence = self.reading.text(self.sentence)

        def answered(answer: tuple[str, str, str] | None) -> None:
            if answer is not None:
                self.dispute(fact_id, other, sentence, *answer)

        self.app.push_screen(DisputeScreen(fact_id, sentence, other[1], statement), answered)

    def dispute(self, fact_id: str, other: tuple[str, str], sentence: str, point: str, says: str,
                other_says: str) -> None:
        from alliance_cli.query.attaching import add_disagreement

        sides = [(self.reading.source_id, says, sentence), (other[0], other_says, other[1])]
        self.run_write(lambda: add_disagreement(self.store, Finder(self.store, self.path), self.path, fact_id,
                                                point, sides, self.edits), f"Recorded a disagreement on {fact_id}")

    def action_new_fact(self) -> None:
        from alliance_cli.browse.fact_form import FactForm

        if not self.reading.sentences:
            return
        form = FactForm(self.store, self.path, self.reading.source_id, self.reading.text(self.sentence))

        def saved(fact: dict[str, Any] | None) -> None:
            from alliance_cli.query.drafting import save

            if fact is not None:
                self.run_write(lambda: save(self.path, fact, self.edits), f"Added {fact['id']}")

        self.app.push_screen(form, saved)

    def action_undo(self) -> None:
        if not self.edits.done:
            self.notify("Nothing to undo", markup=False)
            return
        last = self.edits.done[-1]
        if self.run_write(self.edits.undo, f"Undone: {last.what}"):
            self.choose(last.subject)  # the cursor back on the fact the undone write was about

    def choose(self, fact_id: str | None) -> None:
        ids = [self.store.ids[c.ordinal] for c in self.reading.candidates(self.sentence)]
        if fact_id in ids:
            self.candidate = ids.index(fact_id)
            self._show_candidates()

    def run_write(self, write: Any, done: str) -> bool:
        """Make one write; on a refusal say why, and on a file changed elsewhere read it again."""
        from alliance_cli.factbase.evidence_editing import FileChanged

        try:
            result = write()
        except FileChanged as error:
            self.notify(" ".join(error.lines), severity="error", markup=False, timeout=10)
            self.edits.reload()
            self.reload()
            return False
        except AllianceError as error:
            self.notify("\n".join(error.lines), severity="error", markup=False, timeout=10)
            return False
        self.written = True
        self.reload()
        self.notify(done + _grade_note(result), markup=False)
        return True

    def reload(self) -> None:
        """Read the fact base again and show the article as it now stands."""
        from alliance_cli.factbase.loading import load

        found = self.reading.candidates(self.sentence) if self.reading.sentences else []
        chosen = self.store.ids[found[self.candidate].ordinal] if self.candidate < len(found) else None
        self.store = load(self.path, self.variables)
        self.reading = reading(self.store, Finder(self.store, self.path), self.reading.source_id)
        self.article.show(self.reading)
        self.query_one("#reading-count", Count).say(self.reading.count_words())
        ids = [self.store.ids[c.ordinal] for c in self.reading.candidates(self.sentence)] if found else []
        self.candidate = ids.index(chosen) if chosen in ids else 0  # the same fact stays under the cursor
        self._show_candidates()

    def action_back(self) -> None:
        self.dismiss(self.written)

    def action_help(self) -> None:
        from alliance_cli.browse.screens import HelpScreen

        self.app.push_screen(HelpScreen(KEYS, "alliance browse: keys on the reading screen", HELP_NOTE))


def _grade_note(result: Any) -> str:
    """After attaching or disputing: the fact's stored grade beside what the rubric now computes, when they differ."""
    from alliance_cli.query.attaching import Written

    if not isinstance(result, Written) or result.computed.grade == result.stored:
        return ""
    return (f"; its stored grade is {result.stored}, the rubric now computes {result.computed.grade} "
            f"({result.computed.reason}): set it, or say why in its rationale")


def open_article(app: Any, ordinal: int | None = None, source: str | None = None) -> None:
    """Show the reading screen over the browser: the article `source` names, or the one fact `ordinal`
    quotes first. When the screen wrote anything, the browser reads the file again on its return."""
    from alliance_cli.query.curating import article_of

    store = app.browser.store
    source = source if source is not None else article_of(store, ordinal) if ordinal is not None else None
    if source is None:
        return
    try:
        screen = ReadingScreen(store, app.fact_base, source, dict(app.env.variables))
    except AllianceError as error:
        app.notify("\n".join(error.lines), severity="error", markup=False, timeout=10)
        return

    def closed(written: bool | None) -> None:
        if written:
            _reload(app, screen.store)

    app.push_screen(screen, closed)


def _reload(app: Any, store: Store) -> None:
    """The browser over the fact base as the reading screen left it."""
    from alliance_cli.browse.model import Browser

    old = app.browser
    app.browser = Browser(store, old.filters, old.ordering)
    app.fact_list.browser = app.browser
    app.fact_list._rows.clear()
    app._drawn = None
    app.refresh_list()
