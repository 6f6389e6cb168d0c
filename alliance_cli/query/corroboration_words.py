"""The words of a text as corroboration reads them: written and folded, content words, stems, hedges.

Lint's word lists (`factbase/lint/words.py`) are the vocabulary: a hedge here is a hedge there.
"""
from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")


def words(text: str) -> tuple[list[str], list[str]]:
    """The words of `text` as written (a possessive 's and a final period dropped), and the same folded."""
    written = []
    for match in _TOKEN.finditer(text):
        word = match.group().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        word = word.rstrip(".")
        if word:
            written.append(word)
    return written, [fold_word(word) for word in written]


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    from alliance_cli.text import fold

    return fold(word)


@lru_cache(maxsize=65536)
def is_content(word: str) -> bool:
    from alliance_cli.factbase.lint.words import GENERIC, META, STOPWORDS

    return len(word) > 1 and word not in STOPWORDS and word not in META and word not in GENERIC \
        and not _is_hedge_word(word)


@lru_cache(maxsize=65536)
def stem_of(word: str) -> str:
    """Lint's stem, made to give a word and its plural one stem, with a noun of quality in -ity brought to
    its adjective first (`multipolarity` is `multipolar`, `neutrality` `neutral`, `activity` `active`): an
    article writes either for one claim. Lint cuts `-es` whole, so `states` was `stat` and `state` `state`,
    and `hegemonies` was `hegemon` and `hegemony` `hegemony`: here a plural in -ies is read as its singular
    in -y, and a stem's final `e` is dropped (`stat`, `objectiv`, `influens` for each form). Lint keeps its
    own stems, which its rules were written against."""
    from alliance_cli.factbase.lint.words import stem

    for ending, replacement in _QUALITY:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[:-len(ending)] + replacement
            break
    else:
        if word.endswith("ies") and len(word) >= 7:
            word = word[:-3] + "y"
    found = stem(word)
    return found[:-1] if found.endswith("e") and len(found) >= 5 else found


_QUALITY = (("arity", "ar"), ("ality", "al"), ("ivity", "ive"), ("arities", "ar"), ("alities", "al"),
            ("ivities", "ive"))


@lru_cache(maxsize=4096)
def _is_hedge_word(word: str) -> bool:
    return bool(hedge_words().fullmatch(word))


@lru_cache(maxsize=1)
def hedge_words() -> re.Pattern[str]:
    """Lint's hedge and allegation words as one pattern."""
    from alliance_cli.factbase.lint.words import ALLEGATION, HEDGE

    return re.compile("|".join(f"(?:{p})" for p in HEDGE[1] + ALLEGATION[1]))


def hedge(text: str) -> str | None:
    """The first word that makes the claim a possibility rather than a statement, if any.

    Lint's hedge and allegation words, except those of ability and prospect (`can`, `could`, `potential`,
    `expect`): "what it could not obtain elsewhere" states a fact about capability, not a guess."""
    from alliance_cli.text import fold

    for match in hedge_words().finditer(fold(text)):
        if match.group() not in _NOT_HEDGES:
            return match.group()
    return None


_NOT_HEDGES = frozenset(("can", "could", "potential", "potentially", "expect", "expects", "expected", "expectation"))


# A negator, unless it only adds ("not only", "not merely": the claim stands, and more) or is "a little".
_NEGATOR = re.compile(r"\b(?:not|no|never|neither|nor|without|cannot|hardly|barely)\b(?!\s+(?:only|just|merely|simply)\b)"
                      r"|n['’]t\b|(?<!\ba )\blittle\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:.!?()\"“”—–]|\bbut\b", re.IGNORECASE)
_DOUBLE = re.compile(r"\s+(?:without|no|never)\b", re.IGNORECASE)  # a negator right after a negator
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_DENIED = 3  # content words after a negator that it is taken to deny


def negation_windows(text: str) -> tuple[list[str], str]:
    """The stretches of `text` that a negator denies (up to its next two content words, within its clause),
    and the text without them. "went to Beijing, not Moscow" denies Moscow; "done little to reduce its oil
    revenues" denies the reduction and the oil; "is not explicitly bound to provide support" denies the
    binding, not the support. Two words, because a negation's scope is usually short and a wider one
    denied what the sentence goes on to affirm."""
    windows: list[str] = []
    kept: list[str] = []
    at = 0
    for match in _NEGATOR.finditer(text):
        if match.start() < at:
            continue
        double = _DOUBLE.match(text, match.end())
        if double:  # "not without its complexities" has complexities
            kept.append(text[at:match.start()])
            at = double.end()
            continue
        end = _CLAUSE_END.search(text, match.end())
        stop = limit = end.start() if end else len(text)
        content = 0
        for word in _WORD.finditer(text, match.end(), limit):
            stop = word.end()
            content += is_content(fold_word(word.group()))
            if content == _DENIED:
                break
        kept.append(text[at:match.start()])
        windows.append(text[match.end():stop])
        at = stop
    kept.append(text[at:])
    return windows, " ".join(kept)
