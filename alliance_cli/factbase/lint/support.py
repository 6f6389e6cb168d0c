"""Rules on the words of a statement against its quotes and against other facts: unsupported-words and
duplicate-claims."""
from __future__ import annotations

import re

from alliance_cli.factbase.lint import Finding
from alliance_cli.factbase.lint.context import (
    LintContext,
    _clauses,
    _facts,
    _snippet,
    is_content,
    related_quotes,
)
from alliance_cli.factbase.lint.words import (
    EQUIVALENTS,
    MEANINGFUL,
    NEGATIONS,
    REPORTING_VERBS,
    STOPWORDS,
    Token,
    is_marker,
    same_word,
    stem,
    tokens,
)
from alliance_cli.factbase.store import Store
from alliance_cli.text import fold, fold_with_positions

# --- unsupported-words ------------------------------------------------------

# Entity kinds a statement may name when the quotes only refer to them ("both nations" for Russia and Iran).
REFERENT_KINDS = ("country", "group", "agreement", "place")


def unsupported_words(store: Store, context: LintContext) -> list[Finding]:
    """Words that add to a claim when no quote has them: names (of entities, or capitalised inside the
    statement), numbers, words of sequence, cause, exclusivity and negation, and reporting verbs whose
    subject is not a source. Ordinary content words are left alone: a statement is in our own words, and
    a paraphrase ("nations" for "countries") is not an added detail."""
    fact_ids = set(store.ids)
    findings = []
    for ordinal, fact in _facts(store):
        quotes = [e["quote"] for e in fact["evidence"]]
        quotes += [a["quote"] for d in fact.get("disagreements") or [] for a in d["accounts"]]
        support = _Support(t.word for q in quotes for t in tokens(q))
        allowed = context.mentioned_names(fact, fold(" … ".join(quotes)))
        allowed |= {w for name in fact["actors"] if context.kinds.get(name) in REFERENT_KINDS
                    for w in context.words_of(name)}
        speaker = context.speaker_words(fact)
        statement = fold(fact["statement"])
        clauses = _clauses(statement)
        meta = [(a, b) for a, b in clauses if re.search(r"\b(?:articles?|sources?|the other|elsewhere)\b", statement[a:b])]
        starts = {a + len(statement[a:b]) - len(statement[a:b].lstrip(" :;,")) for a, b in clauses}
        ids = {m.span() for m in re.finditer(r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b", statement) if m.group() in fact_ids}
        statement_tokens = tokens(fact["statement"])
        _, origin = fold_with_positions(fact["statement"])
        missing: list[tuple[str, str]] = []
        for n, token in enumerate(statement_tokens):
            if any(a <= token.start < b for a, b in ids) or support.has(token.word):
                continue
            in_meta = any(a <= token.start < b for a, b in meta)
            capital = fact["statement"][origin[token.start]].isupper()
            why = _salience(token, n, statement_tokens, starts, context, allowed, speaker, in_meta, capital)
            if why:
                shown = _snippet(fact["statement"], token.start, token.end, origin)
                if shown not in (m for m, _ in missing):
                    missing.append((shown, why))
        if missing:
            words = ", ".join(f"“{w}” ({why})" for w, why in missing)
            findings.append(Finding(
                "unsupported-words", fact["id"], ("facts", ordinal, "statement"),
                f"no quote supports {words}; quote what does, or drop {'it' if len(missing) == 1 else 'them'}"))
    return findings


def _salience(token: Token, n: int, statement: list[Token], starts: set[int], context: LintContext,
              allowed: set[str], speaker: set[str], in_meta: bool, capital: bool) -> str | None:
    """Why an unsupported statement word would add to the claim, or None when it need not be quoted."""
    word = token.word
    if word in allowed:
        return None
    if word.isdigit():
        return "a number"
    if capital and (word in context.entity_words or token.start not in starts):
        if word in STOPWORDS or any(same_word(word, name) for name in allowed):
            return None
        return "a name"
    if in_meta:
        return None
    if word in NEGATIONS or word.endswith("n't"):
        return "a negation"
    if word in MEANINGFUL:
        return "it adds sequence, cause or scope"
    if word in REPORTING_VERBS and not _reports(statement, n, speaker):
        return "it says someone stated this, which no source has them do"
    return None


_SOURCE_SUBJECTS = frozenset(("article", "articles", "source", "sources", "other", "one", "both", "it", "each"))
_BE = frozenset(("is", "are", "was", "were", "be", "been", "being"))
_DETERMINERS = frozenset(("the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "whose"))


def _reports(statement: list[Token], n: int, speaker: set[str]) -> bool:
    """Whether the reporting verb at `n` has a source or the speaker for subject, or is passive."""
    before = [t.word for t in statement[max(0, n - 4):n]]
    if before and before[-1] in _DETERMINERS:  # a noun: "the name", "its report"
        return True
    if any(w in _SOURCE_SUBJECTS or w in speaker for w in before):
        return True
    return bool(before) and (before[-1] in _BE or (len(before) > 1 and before[-2] in _BE and before[-1].endswith("ly")))


class _Support:
    """The words of a fact's quotes, for 'is this statement word a form of one of them?' in constant time."""

    def __init__(self, words) -> None:
        self.words: set[str] = set()
        self.stems: set[str] = set()
        self.prefixes: set[str] = set()
        words = list(words)
        self.text = " " + " ".join(words)
        for word in words:
            self.words.add(word)
            for form in (word, word[2:] if word.startswith("un") else None):  # "undisclosed": "not disclosed"
                if form:
                    s = stem(form)
                    self.stems.add(s)
                    self.prefixes.update(s[:n] for n in range(4, len(s) + 1))
        self.negated = (bool(self.words & NEGATIONS) or any(w.endswith("n't") for w in self.words)
                        or any(w.startswith(("un", "non")) for w in self.words))

    def has(self, word: str) -> bool:
        if word in NEGATIONS or word.endswith("n't"):
            return self.negated
        if word in EQUIVALENTS:
            return any(f" {form}" in self.text for form in EQUIVALENTS[word])
        if word.isdigit() or word in MEANINGFUL or len(word) < 4:
            return word in self.words
        s = stem(word)
        return s in self.prefixes or any(s[:n] in self.stems for n in range(4, len(s)))


# --- duplicate-claims -------------------------------------------------------

_SIMILAR = 0.5  # a duplicate shares at least this share of the smaller statement's content words


def duplicate_claims(store: Store, context: LintContext) -> list[Finding]:
    """Two facts citing overlapping quotes from one source (the same words, or one inside the other) whose
    statements share most of their content words: one claim stated twice. One finding per later fact."""
    texts: dict[str, tuple[str, str]] = {}
    keys_of: list[list[str]] = []
    for _, fact in _facts(store):
        keys = []
        for evidence in fact["evidence"]:
            text = " " + " ".join(t.word for t in tokens(evidence["quote"])) + " "
            key = evidence["source"] + "\n" + text
            texts.setdefault(key, (evidence["source"], text))
            keys.append(key)
        keys_of.append(keys)
    related = related_quotes(texts)
    citing: dict[str, list[int]] = {}
    for ordinal, keys in enumerate(keys_of):
        for key in keys:
            citing.setdefault(key, []).append(ordinal)
    words = [_content_stems(store.fact(n)["statement"], context) for n in range(len(store))]
    findings = []
    for ordinal, keys in enumerate(keys_of):
        earlier = sorted({other for key in keys for near in related[key] for other in citing[near] if other < ordinal})
        for other in earlier:
            mine, theirs = words[ordinal], words[other]
            smaller = min(len(mine), len(theirs))
            shared = {w for w in mine if any(same_word(w, t) for t in theirs)}
            if not smaller or len(shared) < _SIMILAR * smaller:
                continue
            fact, first = store.fact(ordinal), store.fact(other)
            findings.append(Finding(
                "duplicate-claims", fact["id"], ("facts", ordinal, "statement"),
                f"repeats {first['id']}: they cite overlapping quotes and their statements share "
                f"{len(shared)} of {smaller} content words ({', '.join(sorted(shared))}); merge them, or accept "
                "the finding with what this fact adds"))
            break
    return findings


def _content_stems(statement: str, context: LintContext) -> set[str]:
    """The words of a statement that carry its claim: not function words, words about the sources, the
    partners' generic names, reporting verbs, qualifiers or names."""
    return {w for w in context.without_names([t.word for t in tokens(statement)])
            if is_content(w) and not is_marker(w) and w not in context.person_words}
