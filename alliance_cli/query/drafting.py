"""A new fact drafted from one sentence of an article: what can be prefilled, and what is wrong with it.

The browser's new-fact form shows these; they are plain functions so that the suggestions and the checks
are the same wherever they are used. What is prefilled comes from what alliance already knows: the
sentence verbatim and its section (as `quote` finds them), the next free id in the theme (as `new-fact`
numbers it), the actors named in the sentence (through the entities' names and aliases), the stance the
sentence's own qualifiers suggest (lint's hedge, allegation and attribution words), and the grade the
rubric computes. The checks are `validate`'s and `lint`'s, run on the whole file as it would be with the
fact added, so a draft the form accepts is one the file accepts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from alliance_cli.errors import FactBaseError
from alliance_cli.factbase.captures import Finder
from alliance_cli.factbase.store import Store
from alliance_cli.factbase.undo import Edits
from alliance_cli.factbase.vocabulary import ARTICLE

_NOT_NAME = re.compile(r"[^\w’'-]+")  # what separates names in a sentence: punctuation and space


@dataclass(frozen=True)
class Stance:
    """A suggested stance and the word of the sentence that suggests it (None for `asserted`)."""

    stance: str
    word: str | None


@dataclass(frozen=True)
class Draft:
    fact: dict[str, Any]  # in the format's key order, ready to write once the statement is given
    stance: Stance
    grade_reason: str


def suggested_stance(text: str) -> Stance:
    """The stance the sentence's qualifiers suggest: an allegation word makes it alleged, a hedge (likely,
    may, perceive…) hedged, an attribution (argues, says…) opinion; none of them, asserted."""
    from alliance_cli.factbase.lint.words import ALLEGATION_FRAMES, HEDGE, OPINION_FRAMES, PERCEPTION, find_any
    from alliance_cli.text import fold

    folded = fold(text)
    for stance, patterns in (("alleged", ALLEGATION_FRAMES), ("hedged", (*HEDGE[1], *PERCEPTION[1][:2])),
                             ("opinion", OPINION_FRAMES)):
        found = find_any(patterns, folded)
        if found:
            first = min(found, key=lambda m: m.start())
            return Stance(stance, text[first.start():first.end()] if len(folded) == len(text) else first.group())
    return Stance("asserted", None)


def recognised_actors(store: Store, text: str) -> list[str]:
    """The entities the sentence names, by name or alias (metonyms too: Tehran for Iran), in order of mention."""
    from alliance_cli.query.names import spellings
    from alliance_cli.text import name_key

    key = " " + name_key(_NOT_NAME.sub(" ", text)) + " "
    places = []
    for entity in store.entities:
        found = [key.find(f" {name_key(s)} ") for s in spellings(entity)]
        found = [f for f in found if f >= 0]
        if found:
            places.append((min(found), entity["name"]))
    return [name for _, name in sorted(places)]


def draft(store: Store, finder: Finder, source_id: str, sentence: str, theme: str) -> Draft:
    """A new fact quoting `sentence` of `source_id` verbatim, in `theme`, with everything alliance can tell
    filled in; the statement is left for the analyst."""
    from alliance_cli.factbase.grading import computed_credibility
    from alliance_cli.query.attaching import found_once
    from alliance_cli.query.passages import next_fact_id

    _, match = found_once(finder, store, source_id, sentence)
    stance = suggested_stance(sentence)
    fact: dict[str, Any] = {
        "id": next_fact_id(store, theme), "statement": "", "themes": [theme],
        "actors": recognised_actors(store, sentence), "attributed_to": ARTICLE, "stance": stance.stance,
        "credibility": 0, "credibility_rationale": "",
        "evidence": [{"source": source_id, "section": match.span.section, "quote": match.quote}],
    }
    grade = computed_credibility(fact, store.source_by_id)
    fact["credibility"] = grade.grade
    fact["credibility_rationale"] = grade.reason
    return Draft(fact, stance, grade.reason)


def graded(store: Store, fact: dict[str, Any]) -> tuple[int, str]:
    """The rubric's grade for the fact as the form now holds it, and why."""
    from alliance_cli.factbase.grading import computed_credibility

    grade = computed_credibility(fact, store.source_by_id)
    return grade.grade, grade.reason


def findings(path: str, text: str, fact: dict[str, Any]) -> tuple[list[str], list[str]]:
    """What `validate` and `lint` say about the file `text` at `path` with `fact` added: (problems, lint
    findings about that fact). Problems make the base invalid and stop a save; lint findings are shown."""
    from alliance_cli.factbase import evidence_editing
    from alliance_cli.factbase.lint import lint
    from alliance_cli.factbase.parsing import parse_document

    try:
        changed = evidence_editing.add_fact(text, path, fact)
        store, _ = parse_document(path, changed.removeprefix("\ufeff").encode("utf-8"))
    except FactBaseError as error:
        return [_without_path(line, path) for line in error.lines], []
    return [], [f"{f.rule}: {f.message}" for f in lint(store) if f.fact_id == fact["id"] and f.accepted is None]


def save(path: str, fact: dict[str, Any], edits: Edits) -> str:
    """Add `fact` to the file through the screen's undoable writes: validated, atomic, refused when the
    file changed since the screen read it."""
    from alliance_cli.factbase import evidence_editing

    return edits.apply(lambda text: evidence_editing.add_fact(text, path, fact), f"new fact {fact['id']}", fact["id"])


def _without_path(line: str, path: str) -> str:
    return line.removeprefix(f"{path}:")
