"""`--search`: which facts say the words, and where.

The rules (the README's "Searching" says the same):

* Text is compared folded (`text.fold`): case, accents (also ł ø đ æ ß), apostrophes and
  quotes (’ ‘ ʼ ´ `), dashes and hyphens (‐ ‑ ‒ – — ― −) do not matter.
* A space matches a hyphen or dash between words and the other way round: `north south`
  finds "North-South", `Russia-Iran` finds "Russia–Iran" and "Russia Iran".
* Several words must all occur, in any order, anywhere in the fact; so must every repeated
  `-q`. A "quoted phrase" must occur as written, its words together and in order.
* Every word matches from the start of a word: `sanction` finds "sanctions", `us` never
  matches inside "Russia". A word of up to three letters or digits (US, EU, SCO) must be
  a whole word.
* Words that spell an entity's name or one of its `aliases` (the same name written
  another way: Araghtschi, Araghchi, Abbas Araghchi) also find its other spellings, each
  as a whole word. A `metonym` (another name that stands for the entity: Tehran for Iran)
  is not a spelling: a search for Tehran finds the facts that say Tehran, not every fact
  about Iran. Quoted phrases are never expanded. (`--actor` accepts all three kinds.)
* Where an alias differs from the name in one word spelled another way (Masoud and Massoud
  Pezeshkian, Abbas Araghchi and Araghtschi), the two spellings of that word are one word:
  either finds both, each as a whole word. Two different words (pact, agreement) are not
  spellings: the words must be at least `SPELLING_LIKENESS` alike.

What is searched: the statement, every quote (evidence and disagreements), the actors and
the speaker. `Search.where` names the fields that matched, as JSON paths counted from 0
(`evidence[1].quote`), for `--json`'s `matched`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from alliance_cli.errors import UsageProblem
from alliance_cli.factbase.store import Store
from alliance_cli.query.names import spellings
from alliance_cli.text import fold, fold_with_positions, name_key

_PHRASE_OR_WORD = re.compile(r'"([^"]*)"?|([^\s"]+)')
_SEPARATOR = r"[\s-]+"
_PIECES = re.compile(_SEPARATOR)
_WORD = re.compile(r"\S+")
_EDGE_PUNCTUATION = ",;:!?()"
SHORT_WORD = 3  # letters or digits: at most this many, and a word must match whole
SNIPPET_WORDS = 4  # words shown either side of a match outside the statement
SPELLING_LIKENESS = 0.75  # difflib's ratio: masoud/massoud 0.92, araghchi/araghtschi 0.89, pact/agreement 0.31


@dataclass(frozen=True)
class Term:
    written: str  # the words as the user typed them (folded)
    pattern: re.Pattern[str]  # over folded text
    # The text each alternative of `pattern` begins with: a text it matches holds one of them. Searching
    # 100,000 texts for `vakhshiteh|ahmad...` tries both at every `a`, four times slower than looking
    # for each with `in` first (the browser does: `browse.model`).
    leads: tuple[str, ...] = ()


class Snippet(NamedTuple):
    path: str  # where in the fact: `evidence[1].quote`
    text: str  # a few words around the match, from the fact's own text, white space made single
    cut_before: bool  # words before `text` were left out
    cut_after: bool  # words after it were left out


def searchable_fields(fact: dict[str, Any]) -> list[tuple[str, str]]:
    """(JSON path, text) of every field a search reads, in the fact's order."""
    fields = [("statement", fact["statement"])]
    fields += [(f"evidence[{n}].quote", e["quote"]) for n, e in enumerate(fact["evidence"])]
    for d, disagreement in enumerate(fact.get("disagreements") or []):
        fields += [(f"disagreements[{d}].accounts[{a}].quote", account["quote"])
                   for a, account in enumerate(disagreement["accounts"])]
    fields += [(f"actors[{n}]", actor) for n, actor in enumerate(fact["actors"])]
    fields.append(("attributed_to", fact["attributed_to"]))
    return fields


@dataclass(frozen=True)
class Search:
    """Every term must match somewhere in a fact."""

    terms: tuple[Term, ...]

    def where(self, fact: dict[str, Any]) -> list[str] | None:
        """The paths of the fields where any term matched, if every term matched; else None."""
        folded = [(path, fold(text)) for path, text in searchable_fields(fact)]
        matched: set[str] = set()
        for term in self.terms:
            hits = {path for path, text in folded if term.pattern.search(text)}
            if not hits:
                return None
            matched |= hits
        return [path for path, _ in folded if path in matched]

    def matches(self, fact: dict[str, Any]) -> bool:
        # fields joined by NUL, which no term can match across: the same answer as `where`, faster
        text = fold("\x00".join(text for _, text in searchable_fields(fact)))
        return all(term.pattern.search(text) for term in self.terms)

    @cached_property
    def any_term(self) -> re.Pattern[str]:
        """One pattern matching any term, for highlighting."""
        return re.compile("|".join(f"(?:{t.pattern.pattern})" for t in self.terms))

    def snippets(self, fact: dict[str, Any]) -> list[Snippet]:
        """For each term the statement does not contain: the first field it matched, a few words around."""
        fields = searchable_fields(fact)
        statement = fold(fact["statement"])
        shown: dict[str, Snippet] = {}
        for term in self.terms:
            if term.pattern.search(statement):
                continue
            for path, text in fields[1:]:
                snippet = _snippet(path, text, term.pattern)
                if snippet is not None:
                    shown.setdefault(path, snippet)
                    break
        return list(shown.values())


class _Spellings(NamedTuple):
    names: dict[str, list[str]]  # name_key of each name and alias -> every folded spelling of its entity
    words: dict[str, list[str]]  # a folded word of a name -> its spellings in the entity's other names
    longest: int  # words in the longest name


def compile_search(store: Store, texts: tuple[str, ...]) -> Search | None:
    """The search that the `--search` values ask for together, or None when there are none."""
    if not texts:
        return None
    names = _spelling_index(store)
    spellings_of = _Spellings(names, _word_spellings(store), max((len(key.split()) for key in names), default=1))
    terms: list[Term] = []
    for text in texts:
        found = _terms(text, spellings_of)
        if not found:
            raise UsageProblem(f"--search: '{text}' holds no words to search for")
        terms += found
    return Search(tuple(dict.fromkeys(terms)))


def _spelling_index(store: Store) -> dict[str, list[str]]:
    """name_key of each name and alias -> every folded spelling of that entity (metonyms excluded)."""
    index: dict[str, list[str]] = {}
    for entity in store.entities:
        names = list(dict.fromkeys(fold(s) for s in spellings(entity, metonyms=False)))
        for name in names:
            known = index.setdefault(name_key(name), [])
            known += [n for n in names if n not in known]
    return index


def _word_spellings(store: Store) -> dict[str, list[str]]:
    """Each word spelled two ways in two names of one entity that differ in that word alone -> both spellings."""
    index: dict[str, list[str]] = {}
    for entity in store.entities:
        names = {tuple(name_key(s).split()) for s in spellings(entity, metonyms=False)}
        for one in names:
            for other in (n for n in names if len(n) == len(one)):
                differ = [(a, b) for a, b in zip(one, other, strict=True) if a != b]
                if len(differ) == 1 and _alike(*differ[0]):
                    for word in differ[0]:
                        known = index.setdefault(word, [word])
                        known += [w for w in differ[0] if w not in known]
    return index


def _alike(one: str, other: str) -> bool:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, one, other).ratio() >= SPELLING_LIKENESS


def _terms(text: str, spellings_of: _Spellings) -> list[Term]:
    terms: list[Term] = []
    words: list[str] = []
    for match in _PHRASE_OR_WORD.finditer(fold(text)):
        phrase, word = match.groups()
        if word is not None:
            if word.strip(_EDGE_PUNCTUATION):
                words.append(word.strip(_EDGE_PUNCTUATION))
            continue
        terms += _word_terms(words, spellings_of)
        words = []
        term = _term(phrase, ())
        if term is not None:
            terms.append(term)
    return terms + _word_terms(words, spellings_of)


def _word_terms(words: list[str], spellings_of: _Spellings) -> list[Term]:
    """Bare words as terms: the longest runs that spell an entity become one term with its spellings, and
    a word spelled two ways in an entity's names one term with both spellings, each a whole word."""
    terms: list[Term] = []
    start = 0
    while start < len(words):
        for end in range(min(len(words), start + spellings_of.longest), start, -1):
            span = " ".join(words[start:end])
            if name_key(span) in spellings_of.names:
                term = _term(span, spellings_of.names[name_key(span)])
                break
        else:
            end = start + 1
            word = words[start]
            spelled = spellings_of.words.get(name_key(word), ())
            term = _term(word, spelled, whole=bool(spelled))
        if term is not None:
            terms.append(term)
        start = end
    return terms


def _term(written: str, spelled: tuple[str, ...] | list[str], whole: bool = False) -> Term | None:
    """A term matching `written` by the word rules (as a whole word, if told), or any of `spelled` as whole words."""
    typed = _pattern(written, whole=whole)
    if typed is None:
        return None
    others = {s: p for s in spelled if name_key(s) != name_key(written) for p in [_pattern(s, whole=True)] if p}
    leads = tuple(dict.fromkeys(_lead(text) for text in [written, *others]))
    return Term(written.strip(), re.compile("|".join([typed, *others.values()]) if others else typed), leads)


def _lead(text: str) -> str:
    """The text a pattern made by `_pattern` from `text` begins with (its first piece, as written)."""
    return next(p for p in _PIECES.split(text) if p)


def _pattern(text: str, whole: bool) -> str | None:
    pieces = [p for p in _PIECES.split(text) if p]
    if not pieces:
        return None
    first = re.escape(pieces[0])
    # "The word starts here" is written after the first word, not before it: `word(?<!\wword)` matches
    # what `(?<!\w)word` does, but a pattern that begins with literal text is found as fast as str.find,
    # while one that begins with a look-behind is tried at every position (about 100 MB/s).
    start = rf"(?<!\w{first})" if _is_word_char(pieces[0][0]) else ""
    body = first + start + "".join(_SEPARATOR + re.escape(p) for p in pieces[1:])
    last = pieces[-1]
    short = sum(c.isalnum() for c in last) <= SHORT_WORD
    end = r"(?!\w)" if (whole or short) and _is_word_char(last[-1]) else ""
    return f"{body}{end}"


def narrows(before: Term, after: Term) -> bool:
    """Whether every text `after` matches is one `before` matches, judged from the words alone: neither
    has other spellings, `before` is not held to whole words, and its words begin `after`'s."""
    def plain(term: Term) -> bool:
        return "|" not in term.pattern.pattern

    if not (plain(before) and plain(after)) or before.pattern.pattern.endswith(r"(?!\w)"):
        return False
    then, now = _PIECES.split(before.written), _PIECES.split(after.written)
    return (len(then) <= len(now) and then[:-1] == now[:len(then) - 1]
            and now[len(then) - 1].startswith(then[-1]))


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _snippet(path: str, text: str, pattern: re.Pattern[str]) -> Snippet | None:
    """The words around the first match of `pattern` in `text`."""
    folded, origin = fold_with_positions(text)
    found = pattern.search(folded)
    if found is None:
        return None
    start, end = origin[found.start()], origin[found.end() - 1] + 1
    words = list(_WORD.finditer(text))
    first = next(n for n, w in enumerate(words) if w.end() > start)
    last = max(n for n, w in enumerate(words) if w.start() < end)
    low, high = max(0, first - SNIPPET_WORDS), min(len(words), last + SNIPPET_WORDS + 1)
    shown = " ".join(text[words[low].start():words[high - 1].end()].split())
    return Snippet(path, shown, low > 0, high < len(words))
