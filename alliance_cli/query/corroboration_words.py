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
    from alliance_cli.factbase.lint.words import stem

    return stem(word)


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
