"""text.py: invisible and controlling characters are made visible, by category."""
from __future__ import annotations

import sys
import unicodedata

import pytest
from conftest import minimal_base, minimal_fact

from alliance_cli.text import UNSAFE_CATEGORIES, neutralise

# --- invisible and controlling characters are made visible, by category --------------------------------

@pytest.mark.parametrize("char, shown", [
    ("\u200b", "<U+200B>"), ("\u200d", "<U+200D>"), ("\U000e0041", "<U+E0041>"), ("\u2028", "<U+2028>"),
    ("\u2029", "<U+2029>"), ("\ufeff", "<U+FEFF>"), ("\ue000", "<U+E000>"), ("\U000f0000", "<U+F0000>"),
    ("\udcff", "<U+DCFF>"), ("\x1b", "\\x1b"), ("\x85", "\\x85"), ("\u202e", "<U+202E>"), ("\u00ad", "\\xad"),
    ("\t", "    "), ("\n", "\n"), ("é", "é"), ("\u00a0", "\u00a0"), ("–", "–"),
])
def test_neutralise_shows_what_would_be_invisible_or_act_on_the_terminal(char, shown):
    assert neutralise(f"a{char}b") == f"a{shown}b"


def test_neutralise_decides_by_category_for_every_code_point():
    unsafe = [c for c in map(chr, range(sys.maxunicode + 1)) if unicodedata.category(c) in UNSAFE_CATEGORIES]
    assert all(neutralise(c) != c for c in unsafe if c != "\n")
    assert {unicodedata.category(c) for c in unsafe} == UNSAFE_CATEGORIES


def test_a_zero_width_character_in_a_statement_is_visible_in_the_table(run, write_base):
    path = write_base(minimal_base(minimal_fact(statement="Both\u200b partners\U000e0041 are\u2028 here.")))
    result = run("facts", "--file", path, width=200)
    assert "Both<U+200B> partners<U+E0041> are<U+2028> here." in result.stdout
    assert run("facts", "--file", path, "--json").json()[0]["statement"] == "Both\u200b partners\U000e0041 are\u2028 here."
