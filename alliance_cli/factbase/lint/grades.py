"""Rules on grades and their reasons: grade-departs, rationale-contradicts, same-quote-grades and
assessment-as-event."""
from __future__ import annotations

import re

from alliance_cli.factbase.grading import Grade, computed_credibility
from alliance_cli.factbase.lint import Finding
from alliance_cli.factbase.lint.context import (
    LintContext,
    _facts,
    _snippet,
    related_quotes,
)
from alliance_cli.factbase.lint.words import (
    find_any,
    tokens,
)
from alliance_cli.factbase.store import Store, cited_sources
from alliance_cli.factbase.vocabulary import ARTICLE
from alliance_cli.text import fold

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


def grade_departs(store: Store, context: LintContext) -> list[Finding]:
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


def rationale_contradicts(store: Store, context: LintContext) -> list[Finding]:
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


# --- same-quote-grades ------------------------------------------------------

def same_quote_grades(store: Store, context: LintContext) -> list[Finding]:
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
    related = related_quotes(texts)
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




def _same_quote_finding(store: Store, context: LintContext, ordinal: int, other: int, n: int, m: int, key: str,
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


def assessment_as_event(store: Store, context: LintContext) -> list[Finding]:
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
