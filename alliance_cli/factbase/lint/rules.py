"""lint's rules, one function each: `rule(store, context) -> [Finding]`. README "Lint" documents them."""
from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from alliance_cli.factbase.grading import Grade, computed_credibility
from alliance_cli.factbase.lint import Finding
from alliance_cli.factbase.lint.words import (
    ALLEGATION,
    ALLEGATION_FRAMES,
    ATTRIBUTION,
    DEGREE_GROUPS,
    EQUIVALENTS,
    GENERIC,
    HEDGE,
    MEANINGFUL,
    META,
    NEGATIONS,
    OPINION_FRAMES,
    PERCEPTION,
    REPORTING_VERBS,
    SPEECH_VERBS,
    STOPWORDS,
    Token,
    compiled,
    find_any,
    is_marker,
    same_word,
    stem,
    tokens,
)
from alliance_cli.factbase.store import Fact, Store, cited_sources
from alliance_cli.factbase.vocabulary import ARTICLE
from alliance_cli.text import fold, fold_with_positions

SPEAKER_KINDS = ("person", "organisation", "group", "country")


@dataclass
class Context:
    """What rules look up across the fact base."""

    sources: dict[str, dict[str, Any]]
    spellings: dict[str, list[str]]  # canonical entity name -> folded spellings (name, aliases, metonyms)
    kinds: dict[str, str]  # canonical entity name -> kind
    _words_cache: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, store: Store) -> Context:
        spellings = {e["name"]: [fold(s) for s in [e["name"], *(e.get("aliases") or []), *(e.get("metonyms") or [])]]
                     for e in store.entities}
        return cls(dict(store.source_by_id), spellings, {e["name"]: e["kind"] for e in store.entities})

    def name_words(self, fact: Fact) -> set[str]:
        """Words of the names (every spelling) of the fact's actors and speaker, and of the speaker's role."""
        found = self.speaker_words(fact)
        for name in fact["actors"]:
            found.update(self.words_of(name))
        return found

    def speaker_words(self, fact: Fact) -> set[str]:
        found = set() if fact["attributed_to"] == ARTICLE else set(self.words_of(fact["attributed_to"]))
        found.update(t.word for t in tokens(fact.get("attributed_role") or ""))
        return found

    def mentioned_names(self, fact: Fact, folded_quotes: str) -> set[str]:
        """Words of the speaker's names, and of every entity whose name the quotes use in any spelling:
        a statement may say "Russia" where the quote says "Moscow", but not name someone no quote names."""
        found = self.speaker_words(fact)
        words = [t.word for t in tokens(folded_quotes)]
        runs = {tuple(words[i:i + n]) for n in self._lengths for i in range(len(words) - n + 1)}
        for spelling in runs & self._entity_of.keys():  # every mention, "russia" in "russia-iran pact" too
            found.update(self.words_of(self._entity_of[spelling]))
        return found

    @cached_property
    def _entity_of(self) -> dict[tuple[str, ...], str]:
        """Each spelling, as its words, -> the entity."""
        return {tuple(t.word for t in tokens(s)): name for name, spellings in self.spellings.items()
                for s in spellings}

    @cached_property
    def _longest_first(self) -> list[int]:
        return sorted(self._lengths, reverse=True)

    @cached_property
    def _lengths(self) -> set[int]:
        return {len(spelling) for spelling in self._entity_of if spelling}

    def words_of(self, name: str) -> set[str]:
        if name not in self._words_cache:
            self._words_cache[name] = {t.word for s in self.spellings.get(name, [fold(name)]) for t in tokens(s)}
        return self._words_cache[name]

    def without_names(self, words: list[str]) -> list[str]:
        """`words` less every run of them that spells an entity's name ("united states", "putin")."""
        kept, n = [], 0
        while n < len(words):
            length = next((k for k in self._longest_first if tuple(words[n:n + k]) in self._entity_of), 0)
            if length:
                n += length
            else:
                kept.append(words[n])
                n += 1
        return kept

    @cached_property
    def person_words(self) -> set[str]:
        """Words of people's names: "Vladimir" as well as "Putin"."""
        return {w for name, kind in self.kinds.items() if kind == "person" for w in self.words_of(name)}

    @cached_property
    def entity_words(self) -> set[str]:
        """Words of every spelling of every entity, less common words ("the" in "the West")."""
        return {w for name in self.spellings for w in self.words_of(name) if w not in STOPWORDS}


def _facts(store: Store) -> Iterator[tuple[int, Fact]]:
    for ordinal in range(len(store)):
        yield ordinal, store.fact(ordinal)


def _clauses(folded: str) -> list[tuple[int, int]]:
    """Spans of the clauses of a folded statement: split at colons, semicolons, dashes and ', which'."""
    cuts = [0]
    for match in re.finditer(r":\s|;\s|,\s(?:which|who|whose|where)\b|\s[—–]\s", folded):
        cuts.append(match.start())
    cuts.append(len(folded))
    return list(itertools.pairwise(cuts))


def _snippet(text: str, start: int, end: int, origin: list[int] | None = None) -> str:
    """The original words of `text` behind a span of `fold(text)` (`origin`: fold_with_positions(text)[1])."""
    if origin is None:
        _, origin = fold_with_positions(text)
    if not origin or start >= len(origin):
        return text
    return text[origin[start]:origin[min(end, len(origin)) - 1] + 1]


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


def dropped_qualifier(store: Store, context: Context) -> list[Finding]:
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
        if _is_content(token.word) and token.word not in names and not is_marker(token.word):
            scope.append(token.word)
            last = start + token.end
            if len(scope) == _SCOPE_WORDS:
                break
    return scope, last


def _is_content(word: str) -> bool:
    return (word not in STOPWORDS and word not in META and word not in REPORTING_VERBS and word not in GENERIC
            and not word.isdigit() and len(word) > 2)


# --- flat-statement ---------------------------------------------------------

_FRAMES = {
    "hedged": (HEDGE[1], "hedge (likely, may, could, suggests)"),
    "alleged": (ALLEGATION_FRAMES, "allegation (alleged, reportedly, reported, according to)"),
    "opinion": (OPINION_FRAMES, "attribution (says, called, argues, views, is said to)"),
}


def flat_statement(store: Store, context: Context) -> list[Finding]:
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

def unattributed_speaker(store: Store, context: Context) -> list[Finding]:
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


# --- grade-departs ----------------------------------------------------------

# What a rationale must say to explain a stored grade that departs from the rubric's (patterns on folded text).
_EXPLAINS_WEAKER = {
    6: (r"\bassess", r"\bforecast", r"\bpredict", r"\bexpectation", r"\bopinion", r"\bjudge?ment", r"\bjudg",
        r"\bcharacteri[sz]", r"\binterpret", r"\baims?\b", r"\bintent", r"\bmotive", r"\bbelief", r"\bspeculat",
        r"\bnot a checkable\b", r"\bnot checkable\b", r"\bcannot be (?:checked|judged|verified)",
        r"\bno basis\b", r"\bself-image\b"),
    5: (r"\bimprobab", r"\bcontradict", r"\billogical"),
    4: (r"\bdoubt", r"\bimplausib", r"\billogical", r"\bnot logical"),
    3: (r"\b(?:one|a single) (?:article|source)\b", r"\bonly one\b", r"\bdiffer", r"\bdisagree", r"\bconflict",
        r"\binconsisten", r"\bcontradict", r"\bhedg", r"\bonly as\b", r"\bnot as (?:a )?fact\b"),
    2: (r"\bnot independent", r"\bdepend", r"\bsame (?:site|author|publisher|origin)", r"\bcop(?:y|ied|ies)\b",
        r"\bsyndicat"),
}
_EXPLAINS_2_OVER_DISAGREEMENT = (r"\bspell", r"\btransliterat", r"\bnot about the claim", r"\bdoes not affect",
                                 r"\bdo not affect", r"\bbeside the claim")
_HINTS = {
    6: "say it is an assessment, forecast, aim, interpretation or judgement",
    5: "say what contradicts it", 4: "say why it is doubtful",
    3: "say the sources differ, or that only one states it as fact",
    2: "say why the sources are not independent",
}


def grade_departs(store: Store, context: Context) -> list[Finding]:
    findings = []
    for ordinal, fact in _facts(store):
        grade = computed_credibility(fact, context.sources)
        stored = fact["credibility"]
        if stored == grade.grade or _explained(stored, grade, fold(fact["credibility_rationale"])):
            continue
        if stored > grade.grade:
            hint = f"to keep {stored}, the rationale should {_HINTS.get(stored, 'say why')}"
        elif stored == 2 and grade.basis == "disagreement":
            hint = "to keep 2, the rationale should say the disagreement is only spelling or transliteration"
        else:
            hint = "no rationale makes a grade better than the evidence allows; change the grade"
        findings.append(Finding(
            "grade-departs", fact["id"], ("facts", ordinal, "credibility"),
            f"stored {stored}, the rubric gives {grade.grade} ({grade.reason}); {hint}"))
    return findings


def _explained(stored: int, grade: Grade, rationale: str) -> bool:
    if stored > grade.grade:
        return bool(find_any(_EXPLAINS_WEAKER.get(stored, ()), rationale))
    if stored == 2 and grade.basis == "disagreement":
        return bool(find_any(_EXPLAINS_2_OVER_DISAGREEMENT, rationale))
    return False


# --- rationale-contradicts --------------------------------------------------

_ONE_ONLY = (r"\b(?:one|a single) (?:article|source) only\b|\bonly one (?:article|source)\b|"
             r"\b(?:one|a single) (?:article|source)\b")
_OTHER = r"\b(?:the other|both|the second|another|two)\b"
_TWO = r"\b(?:both|two|each of the) (?:articles|sources)\b"
_ID = re.compile(r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b")  # a fact id, where the rationale says a difference is recorded
_DIFFER = (r"\b(?:differ(?:s|ed|ent|ently|ence|ences)?|disagree(?:s|d|ment|ments)?|conflict(?:s|ing)?|"
           r"inconsisten(?:t|cy)|contradict(?:s|ory|ion)?)\b")


def rationale_contradicts(store: Store, context: Context) -> list[Finding]:
    findings = []
    for ordinal, fact in _facts(store):
        rationale = fold(fact["credibility_rationale"])
        where = ("facts", ordinal, "credibility_rationale")
        asserting = list(dict.fromkeys(e["source"] for e in fact["evidence"]))
        cited = cited_sources(fact)
        one = re.search(_ONE_ONLY, rationale)
        no_other = re.search(r"\bno other (?:article|source)\b", rationale)
        if len(asserting) >= 2 and (no_other or (one and not re.search(_OTHER, rationale))):
            said = (no_other or one).group()  # type: ignore[union-attr]
            findings.append(Finding("rationale-contradicts", fact["id"], where,
                                    f"the rationale says “{said}”, but the evidence quotes {len(asserting)} "
                                    f"sources ({', '.join(asserting)})"))
        two = re.search(_TWO, rationale)
        if len(cited) == 1 and two:
            findings.append(Finding("rationale-contradicts", fact["id"], where,
                                    f"the rationale speaks of “{two.group()}”, but the fact cites one source "
                                    f"({cited[0]})"))
        differ = re.search(_DIFFER, rationale)
        elsewhere = any(other in store.ordinal_of and other != fact["id"] for other in _ID.findall(rationale))
        if (fact["credibility"] <= 2 and differ and not elsewhere
                and not find_any(_EXPLAINS_2_OVER_DISAGREEMENT, rationale)):
            findings.append(Finding("rationale-contradicts", fact["id"], where,
                                    f"the rationale says the sources “{differ.group()}”, yet the grade is "
                                    f"{fact['credibility']}: conflicting details grade 3 (record the "
                                    "disagreement, with a quote from each side)"))
    return findings


# --- unsupported-words ------------------------------------------------------

# Entity kinds a statement may name when the quotes only refer to them ("both nations" for Russia and Iran).
REFERENT_KINDS = ("country", "group", "agreement", "place")


def unsupported_words(store: Store, context: Context) -> list[Finding]:
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


def _salience(token: Token, n: int, statement: list[Token], starts: set[int], context: Context,
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


# --- same-quote-grades ------------------------------------------------------

def same_quote_grades(store: Store, context: Context) -> list[Finding]:
    """A fact citing a quote (the same words, or one inside the other, from one source) that an earlier fact
    cites with the same stance at another grade; one finding per fact, naming the first such fact. Two
    claims drawn from one quote may still differ in kind (an event and an assessment of it): then the later
    fact accepts the finding and says so.

    Work grows with the number of distinct quotes, not with pairs of facts: quotes are compared as distinct
    texts, each only with the texts that hold its rarest word."""
    cited: list[list[tuple[int, str]]] = []  # per fact: (evidence index, key of its quote text)
    texts: dict[str, tuple[str, str]] = {}  # key -> (source, " folded words ")
    for _, fact in _facts(store):
        keys = []
        for n, evidence in enumerate(fact["evidence"]):
            text = " " + " ".join(t.word for t in tokens(evidence["quote"])) + " "
            key = evidence["source"] + "\n" + text
            texts.setdefault(key, (evidence["source"], text))
            keys.append((n, key))
        cited.append(keys)
    related = _related_quotes(texts)
    first_at: dict[tuple[str, str], dict[int, tuple[int, int]]] = {}  # (key, stance) -> grade -> (fact, evidence)
    findings = []
    for ordinal, keys in enumerate(cited):
        fact = store.fact(ordinal)
        stance, grade = fact["stance"], fact["credibility"]
        earlier = next(((other, n, m, key, near) for n, key in keys for near in related[key]
                        for other_grade, (other, m) in first_at.get((near, stance), {}).items()
                        if other_grade != grade), None)
        if earlier is not None:
            findings.append(_same_quote_finding(store, context, ordinal, *earlier))
        for n, key in keys:
            first_at.setdefault((key, stance), {}).setdefault(grade, (ordinal, n))
    return findings


def _related_quotes(texts: dict[str, tuple[str, str]]) -> dict[str, set[str]]:
    """For each quote text, itself and every text of the same source that contains it or that it contains."""
    holding: dict[str, list[str]] = {}  # word -> keys of the texts holding it
    for key, (_, text) in texts.items():
        for word in set(text.split()):
            holding.setdefault(word, []).append(key)
    related: dict[str, set[str]] = {key: {key} for key in texts}
    for key, (source, text) in texts.items():
        words = set(text.split())
        if not words:
            continue
        rarest = min(words, key=lambda w: len(holding[w]))
        for other in holding[rarest]:
            other_source, other_text = texts[other]
            if other != key and other_source == source and text in other_text:
                related[key].add(other)
                related[other].add(key)
    return related


def _same_quote_finding(store: Store, context: Context, ordinal: int, other: int, n: int, m: int, key: str,
                        near: str) -> Finding:
    first, second = store.fact(other), store.fact(ordinal)
    computed = (computed_credibility(first, context.sources).grade,
                computed_credibility(second, context.sources).grade)
    rubric = (f"the rubric gives both {computed[0]}" if computed[0] == computed[1] else
              f"the rubric gives {computed[0]} and {computed[1]}: check whether each fact cites every source that "
              "supports it")
    mine, theirs = second["evidence"][n]["quote"], first["evidence"][m]["quote"]
    shown = mine if len(key) <= len(near) else theirs
    return Finding(
        "same-quote-grades", second["id"], ("facts", ordinal, "credibility"),
        f"graded {second['credibility']}, but {first['id']} cites the same quote from {second['evidence'][n]['source']} "
        f"(“{shown}”) with the same stance ({first['stance']}) and grades it {first['credibility']} ({rubric}); "
        "grade them alike, or accept the finding with the reason")


# --- assessment-as-event ----------------------------------------------------

# Verbs that read an event rather than report it: "the visit underscored a strategic pivot".
_READINGS = (r"\bunderscor(?:e|es|ed|ing)\b", r"\bsignal(?:s|ed|led|ing|ling)?\b", r"\bshow(?:s|ed|n|ing)?\b",
             r"\bdemonstrat(?:e|es|ed|ing|ion|ions)\b", r"\breflect(?:s|ed|ing)?\b", r"\bhighlight(?:s|ed|ing)?\b",
             r"(?<!quotation )(?<!question )\bmark(?:s|ed|ing)?\b")


def assessment_as_event(store: Store, context: Context) -> list[Finding]:
    """A statement graded better than 6 that reads an event ("underscored a strategic pivot"): the grade covers
    the reading too, which no number of reports confirms. Not when the fact is a named speaker's words, whose
    grade is about who made the reading."""
    findings = []
    for ordinal, fact in _facts(store):
        if fact["credibility"] >= 6 or fact["attributed_to"] != ARTICLE:
            continue
        statement = fold(fact["statement"])
        for match in find_any(_READINGS, statement):
            if _about_sources(statement, match.start()):
                continue
            shown = _snippet(fact["statement"], match.start(), match.end())
            findings.append(Finding(
                "assessment-as-event", fact["id"], ("facts", ordinal, "credibility"),
                f"graded {fact['credibility']}, but the statement reads the event (“{shown}”): a reading is an "
                "assessment (6); state the event and the reading as two facts, or grade the fact 6"))
            break
    return findings


def _about_sources(statement: str, start: int) -> bool:
    """Whether the verb at `start` has a source or a quote for subject ("one article shows the name")."""
    before = statement[max(0, start - 40):start].split()
    return bool(before) and before[-1] in ("article", "articles", "source", "sources", "quote", "quotes", "capture")


# --- stronger-than-quote ----------------------------------------------------

# What hedges a quote, and what keeps the hedge in a statement: lint's hedge and perception families.
_HEDGING = (*HEDGE[1], *PERCEPTION[1][:2])  # likely, may, could, might, can, suggests...; perceive, perception
_KEEPS_HEDGE = (*HEDGE[1], *PERCEPTION[1])


def stronger_than_quote(store: Store, context: Context) -> list[Finding]:
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


# --- duplicate-claims -------------------------------------------------------

_SIMILAR = 0.5  # a duplicate shares at least this share of the smaller statement's content words


def duplicate_claims(store: Store, context: Context) -> list[Finding]:
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
    related = _related_quotes(texts)
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


def _content_stems(statement: str, context: Context) -> set[str]:
    """The words of a statement that carry its claim: not function words, words about the sources, the
    partners' generic names, reporting verbs, qualifiers or names."""
    return {w for w in context.without_names([t.word for t in tokens(statement)])
            if _is_content(w) and not is_marker(w) and w not in context.person_words}


RULES: dict[str, Callable[[Store, Context], list[Finding]]] = {
    "dropped-qualifier": dropped_qualifier,
    "flat-statement": flat_statement,
    "unattributed-speaker": unattributed_speaker,
    "grade-departs": grade_departs,
    "rationale-contradicts": rationale_contradicts,
    "unsupported-words": unsupported_words,
    "same-quote-grades": same_quote_grades,
    "assessment-as-event": assessment_as_event,
    "stronger-than-quote": stronger_than_quote,
    "duplicate-claims": duplicate_claims,
}
