"""Markdown: a brief to paste into a report, statements grouped by theme, each with a footnote."""
from __future__ import annotations

import re

from alliance_cli.factbase.store import Store
from alliance_cli.factbase.vocabulary import THEMES
from alliance_cli.render.view import View
from alliance_cli.text import neutralise

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape(text: str) -> str:
    """Literal text in Markdown: no links, emphasis, HTML or control characters from the data."""
    return _SPECIAL.sub(r"\\\1", neutralise(text)).replace("\n", " ")


def facts_markdown(store: Store, ordinals: list[int], view: View) -> str:
    facts = [store.fact(n) for n in ordinals]
    note_of = {fact["id"]: n for n, fact in enumerate(facts, start=1)}
    lines = [f"# Russia–Iran alliance: {len(facts)} sourced claim{'' if len(facts) == 1 else 's'}", ""]
    lines += _selection(view)
    for theme in THEMES:
        members = [f for f in facts if theme in f["themes"]]
        if not members:
            continue
        lines += [f"## {theme.capitalize()}", ""]
        lines += [_bullet(f, note_of[f["id"]]) for f in members]
        lines.append("")
    contested = [f for f in facts if f.get("disagreements")]
    if contested:
        lines += ["## Where the sources disagree", ""]
        for fact in contested:
            lines += _disagreements(store, fact, note_of[fact["id"]])
    lines += [_footnote(store, f, note_of[f["id"]]) for f in facts]
    return "\n".join(lines) + "\n"


_MEANING = {"contested": "contested: only facts on which the sources disagree",
            "uncontested": "uncontested: only facts on which no disagreement is recorded"}


def _selection(view: View) -> list[str]:
    """What was asked for, one criterion a line: `- theme: sanctions`."""
    criteria = view.criteria or ((view.title,) if view.title else ())
    if not criteria:
        return []
    return ["Selected by:", "", *(f"- {escape(_MEANING.get(c, c))}" for c in criteria), ""]


def _disagreements(store: Store, fact: dict, note: int) -> list[str]:
    """The fact, then each point the sources disagree on and each side: the source, what it says, its own words."""
    lines = [f"### {escape(fact['id'])} [^{note}]", "", escape(fact["statement"]), ""]
    for disagreement in fact["disagreements"]:
        lines += [f"**{escape(disagreement['point'])}**", ""]
        for account in disagreement["accounts"]:
            source = store.source_by_id[account["source"]]
            lines.append(f"- *{escape(source['title'])}* ({escape(source['id'])}): {escape(account['says'])} "
                         f"“{escape(account['quote'])}”")
        lines.append("")
    return lines


def _bullet(fact: dict, note: int) -> str:
    qualifier = "" if fact["stance"] == "asserted" else f" *({fact['stance']})*"
    return f"- {escape(fact['statement'])}{qualifier} [^{note}]"


def _footnote(store: Store, fact: dict, note: int) -> str:
    citations = []
    for evidence in fact["evidence"]:
        source = store.source_by_id[evidence["source"]]
        citations.append(f"*{escape(source['title'])}* ({escape(source['site'])}), "
                         f"section “{escape(evidence['section'])}”: “{escape(evidence['quote'])}”")
    return f"[^{note}]: {'; '.join(citations)}. Fact {escape(fact['id'])}, credibility {fact['credibility']}."
