"""Rules on how firmly a statement says what its quotes say: dropped-qualifier, flat-statement,
unattributed-speaker and stronger-than-quote."""
from __future__ import annotations

import re

from alliance_cli.factbase.lint import Finding
from alliance_cli.factbase.lint.context import (
    SPEAKER_KINDS,
    LintContext,
    _clauses,
    _facts,
    _snippet,
    is_content,
)
from alliance_cli.factbase.lint.words import (
    ALLEGATION,
    ALLEGATION_FRAMES,
    ATTRIBUTION,
    DEGREE_GROUPS,
    HEDGE,
    OPINION_FRAMES,
    PERCEPTION,
    SPEECH_VERBS,
    compiled,
    find_any,
    is_marker,
    same_word,
    stem,
    tokens,
)
from alliance_cli.factbase.store import Store
from alliance_cli.factbase.vocabulary import ARTICLE
from alliance_cli.text import fold

# --- dropped-qualifier ------------------------------------------------------

# (family, markers in a quote, what keeps the qualifier in a statement). A statement keeps a perception with a
# perception word or a "For Moscow, ..." frame.
_QUALIFIER_FAMILIES: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [(name, patterns, patterns) for name, patterns in (HEDGE, ALLEGATION)]
_QUALIFIER_FAMILIES.append((PERCEPTION[0], PERCEPTION[1], (*PERCEPTION[1], r"(?:^|[.;:]\s)for [\w’'-]+(?:\s[\w’'-]+)?,")))
_QUALIFIER_FAMILIES.append((ATTRIBUTION[0], ATTRIBUTION[1], OPINION_FRAMES))
_QUALIFIER_FAMILIES += [(f"degree ({word})", (pattern,), (pattern,)) for word, pattern in DEGREE_GROUPS]
_SCOPE_WORDS = 4
# The family a stance itself expresses: an opinion's statement need not repeat "argues", a hedged one "likely".
_EXPRESSED_BY_STANCE = {"hedged": "hedge", "alleged": "allegation", "opinion": "attribution"}


def dropped_qualifier(store: Store, context: LintContext) -> list[Finding]:
    findings = []
    for ordinal, fact in _facts(store):
        stance = fact["stance"]
        statement = fold(fact["statement"])
        statement_tokens = tokens(fact["statement"])
        clauses = _clauses(statement)
        names = context.name_words(fact)
        seen: set[str] = set()
        for n, evidence in enumerate(fact["evidence"]):
            quote = fold(evidence["quote"])
            for family, markers, keepers in _QUALIFIER_FAMILIES:
                if family == _EXPRESSED_BY_STANCE.get(stance):
                    continue
                for match in find_any(markers, quote):
                    if _capitalised_month(evidence["quote"], match) or _negated(quote, match):
                        continue
                    scope, scope_end = _scope(quote, match.end(), names)
                    hits = [t for t in statement_tokens if any(same_word(t.word, s) for s in scope)]
                    if len({stem(t.word) for t in hits}) < min(2, len(scope)) or not scope:
                        continue
                    hit_clauses = {c for c in clauses for t in hits if c[0] <= t.start < c[1]}
                    if any(find_any(keepers, statement[a:b]) for a, b in hit_clauses):
                        continue
                    shown = _snippet(evidence["quote"], match.start(), scope_end)
                    if shown in seen:
                        continue
                    seen.add(shown)
                    findings.append(Finding(
                        "dropped-qualifier", fact["id"], ("facts", ordinal, "statement"),
                        f"evidence {n + 1} says “{shown}” ({family} marker “{match.group()}”); the statement "
                        f"keeps the claim but drops the qualifier, and the stance ({stance}) does not carry it"))
    return findings


def _negated(quote: str, match: re.Match[str]) -> bool:
    """"not merely X but Y" does not qualify X: it says more than X (unlike "not purely X" or "not explicitly")."""
    return match.group() == "merely" and quote[max(0, match.start() - 4):match.start()] == "not "


def _capitalised_month(quote: str, match: re.Match[str]) -> bool:
    return match.group() == "may" and bool(re.match(r"May\s+\d", quote[match.start():match.start() + 8]))


def _scope(quote: str, start: int, names: set[str]) -> tuple[list[str], int]:
    """The content words a marker qualifies: up to four after it, within its sentence; and where they end."""
    end = len(quote)
    stop = re.compile(r"[.;:!?]").search(quote, start)
    if stop:
        end = stop.start()
    scope: list[str] = []
    last = start
    for token in tokens(quote[start:end]):
        if is_content(token.word) and token.word not in names and not is_marker(token.word):
            scope.append(token.word)
            last = start + token.end
            if len(scope) == _SCOPE_WORDS:
                break
    return scope, last




# --- flat-statement ---------------------------------------------------------

_FRAMES = {
    "hedged": (HEDGE[1], "hedge (likely, may, could, suggests)"),
    "alleged": (ALLEGATION_FRAMES, "allegation (alleged, reportedly, reported, according to)"),
    "opinion": (OPINION_FRAMES, "attribution (says, called, argues, views, is said to)"),
}


def flat_statement(store: Store, context: LintContext) -> list[Finding]:
    findings = []
    for ordinal, fact in _facts(store):
        stance = fact["stance"]
        if stance not in _FRAMES:
            continue
        statement = fold(fact["statement"])
        start, end = _clauses(statement)[0]
        frames, what = _FRAMES[stance]
        if not find_any(frames, statement[start:end]):
            main = _snippet(fact["statement"], start, end).strip()
            findings.append(Finding(
                "flat-statement", fact["id"], ("facts", ordinal, "statement"),
                f"the stance is {stance}, but the statement's main clause “{main}” has no {what} word: "
                "it reads as a flat assertion"))
    return findings


# --- unattributed-speaker ---------------------------------------------------

def unattributed_speaker(store: Store, context: LintContext) -> list[Finding]:
    speakers = {name: spellings for name, spellings in context.spellings.items()
                if context.kinds.get(name) in SPEAKER_KINDS}
    by_spelling = {s: name for name, spellings in speakers.items() for s in spellings}
    if by_spelling:
        names = "|".join(re.escape(s) for s in sorted(by_spelling, key=len, reverse=True))
        said = re.compile(rf"\b(?P<who>{names}|he|she)\b(?:\s*,[^,.;]{{1,120}},)?\s+(?:also\s+|has\s+|had\s+|"
                          rf"recently\s+|publicly\s+)?(?P<verb>{SPEECH_VERBS})\b")
        according = re.compile(rf"\b(?:according to|as (?:described|stated|noted|put|argued) by|in the words of)"
                               rf"\s+(?:[^.;]{{0,60}}?\s)?(?P<who>{names})\b")
    else:
        said = re.compile(rf"\b(?P<who>he|she)\s+(?P<verb>{SPEECH_VERBS})\b")
        according = None
    people = [s for name, spellings in speakers.items() if context.kinds[name] == "person" for s in spellings]
    findings = []
    for ordinal, fact in _facts(store):
        if fact["attributed_to"] != ARTICLE:
            continue
        statement = fold(fact["statement"])
        for n, evidence in enumerate(fact["evidence"]):
            quote = fold(evidence["quote"])
            matches = list(said.finditer(quote)) + (list(according.finditer(quote)) if according else [])
            for match in matches:
                who = match.group("who")
                name = by_spelling.get(who)
                if name is not None and any(_mentions(statement, s) for s in speakers[name]):
                    continue
                if name is None and any(_mentions(statement, s) for s in people):
                    continue
                shown = _snippet(evidence["quote"], match.start(), match.end())
                target = f"'{name}'" if name else "the speaker it names"
                findings.append(Finding(
                    "unattributed-speaker", fact["id"], ("facts", ordinal, "attributed_to"),
                    f"evidence {n + 1} puts the words in a speaker's mouth (“{shown}”), but attributed_to is "
                    f"'{ARTICLE}'; attribute the claim to {target}, or name the speaker in the statement"))
                break
    return findings


def _mentions(folded_text: str, folded_name: str) -> bool:
    return bool(compiled(r"\b" + re.escape(folded_name) + r"\b").search(folded_text))


# --- stronger-than-quote ----------------------------------------------------

# What hedges a quote, and what keeps the hedge in a statement: lint's hedge and perception families.
_HEDGING = (*HEDGE[1], *PERCEPTION[1][:2])  # likely, may, could, might, can, suggests...; perceive, perception
_KEEPS_HEDGE = (*HEDGE[1], *PERCEPTION[1])


def stronger_than_quote(store: Store, context: LintContext) -> list[Finding]:
    """An asserted fact whose evidence or disagreement quotes hedge ("could range", "might have limits", "what they
    perceive as"), while the statement's main clause states the claim without any hedge or perception word."""
    findings = []
    for ordinal, fact in _facts(store):
        if fact["stance"] != "asserted":
            continue
        statement = fold(fact["statement"])
        start, end = _clauses(statement)[0]
        if find_any(_KEEPS_HEDGE, statement[start:end]):
            continue
        quoted = [(f"evidence {n + 1}", e["quote"]) for n, e in enumerate(fact["evidence"])]
        quoted += [(f"disagreement {d + 1}, {a['source']}", a["quote"])
                   for d, disagreement in enumerate(fact.get("disagreements") or [])
                   for a in disagreement["accounts"]]
        for where, quote in quoted:
            folded = fold(quote)
            hedges = [m for m in find_any(_HEDGING, folded) if not _capitalised_month(quote, m)]
            if not hedges:
                continue
            hedge = min(hedges, key=lambda m: m.start())
            main = _snippet(fact["statement"], start, end).strip()
            findings.append(Finding(
                "stronger-than-quote", fact["id"], ("facts", ordinal, "stance"),
                f"asserted, but {where} hedges (“{hedge.group()}” in “{quote}”) and the statement's main clause "
                f"“{main}” has no hedge: keep the hedge, or make the stance hedged"))
            break
    return findings
