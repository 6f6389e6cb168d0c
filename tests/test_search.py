"""`--search`: folding, words and phrases, name variants against metonyms, and why a fact matched (issue 10)."""
from __future__ import annotations

import pytest
from conftest import SHIPPED, found
from trust_fixtures import trust_base


@pytest.mark.parametrize("text", ["lodz", "LODZ", "Łódź", "orsted", "dukic", "aether", "strasse", "STRASSE"])
def test_search_folds_letters_that_nfkd_does_not_split(run, base, text):
    assert found(run, base, "--search", text) == ["economy-002"]


@pytest.mark.parametrize("text", ["Iran's previous", "Iran’s previous", "Iran‘s previous", "Iranʼs previous",
                                  "Iran´s previous", "Iran`s previous", '"Iran\'s previous"'])
def test_search_folds_apostrophes_and_quotes(run, base, text):
    assert found(run, base, "--search", text) == ["sanctions-001"]


@pytest.mark.parametrize("text", ["North-South", "North–South", "North—South", "North‐South", "North‑South",
                                  "North‒South", "North―South", "North−South", "north south", '"north south"',
                                  "south north"])
def test_search_folds_dashes_and_a_space_matches_a_hyphen(run, base, text):
    assert found(run, base, "--search", text) == ["economy-001"]


def test_a_quoted_phrase_must_occur_as_written(run, base):
    assert found(run, base, "--search", '"south north"') == []
    assert found(run, base, "--search", '"previous agreements"') == ["sanctions-001"]
    assert found(run, base, "--search", '"agreements previous"') == []


def test_words_must_all_occur_in_any_order_and_so_must_repeated_searches(run, base):
    assert found(run, base, "--search", "Israeli US") == ["security-003"]
    assert found(run, base, "-q", "Putin", "-q", "Iran") == ["security-001"]
    assert found(run, base, "-q", "Iran", "-q", "Putin") == ["security-001"]
    assert found(run, base, "-q", "Putin", "-q", "China") == []


def test_a_short_word_matches_only_a_whole_word(run, base):
    # "us" is inside "Russia" in every fact; only the fact that says US (or United States) matches
    assert found(run, base, "--search", "US") == ["security-003"]
    assert found(run, base, "--search", "us") == ["security-003"]
    assert found(run, base, "--search", "U.S.") == ["security-003"]


def test_a_longer_word_matches_the_start_of_words(run, base):
    assert found(run, base, "--search", "airstrike") == ["security-003"]
    assert found(run, base, "--search", "ussia") == []


def test_spelling_variants_find_each_other(run, base):
    for text in ("Araghtschi", "Araghchi", "abbas araghtschi", "ARAGHCHI"):
        assert found(run, base, "--search", text) == ["security-004"], text
    assert found(run, base, "--search", "RUDN") == ["divergence-001"]
    assert found(run, base, "--search", "INSTC") == ["economy-001", "economy-003"]
    assert found(run, base, "--search", "Putin") == ["security-001"]


def test_variants_expand_on_whole_names_only(run, base):
    # "Transport" is a word of the corridor's name, not a spelling of it: it must not bring in "INSTC"
    assert found(run, base, "--search", "Transport") == ["economy-001"]


def test_a_metonym_finds_only_the_text_that_says_it(run, base):
    assert found(run, base, "--search", "Tehran") == ["security-002"]
    assert found(run, base, "--search", "Moscow") == ["security-002"]
    assert found(run, base, "--search", "Washington") == []
    # while --actor accepts the metonym as a name of the entity
    assert found(run, base, "--actor", "Tehran") == found(run, base, "--actor", "Iran") == [
        "economy-001", "security-001", "security-002", "security-003", "sanctions-001", "divergence-002"]


def test_a_search_with_no_words_is_a_usage_error(run, base):
    result = run("facts", "--file", base, "--search", " ")
    assert (result.code, result.error_lines) == (2, ["alliance: error: --search: ' ' holds no words to search for"])


def test_json_says_where_each_fact_matched(run, base):
    result = run("facts", "--file", base, "--search", "RUDN", "--json")
    [fact] = result.json()
    assert fact["matched"] == ["evidence[0].quote", "disagreements[0].accounts[0].quote",
                               "disagreements[0].accounts[1].quote", "actors[0]"]
    assert list(fact)[-1] == "matched"
    assert {k: v for k, v in fact.items() if k != "matched"} == trust_base()["facts"][3]
    fields = run("facts", "--file", base, "-q", "Putin", "-q", "Iran", "--fields", "id", "--format", "jsonl")
    assert fields.stdout == '{"id": "security-001", "matched": ["statement", "evidence[0].quote", "actors[1]", ' \
                            '"attributed_to"]}\n'


def test_json_without_search_has_no_matched_field(run, base):
    assert all("matched" not in fact for fact in run("facts", "--file", base, "--json").json())


def test_the_table_shows_where_a_fact_matched_outside_its_statement(run, base):
    result = run("facts", "--file", base, "--search", "RUDN", tty=True, width=80)
    assert result.stdout == (
        "╭────────────────┬─────────────────────────────────────────────────────────────╮\n"
        "│ id             │ statement                                                   │\n"
        "├────────────────┼─────────────────────────────────────────────────────────────┤\n"
        "│ divergence-001 │ The sources name his university differently.                │\n"
        "│                │ asserted · credibility 3 · contested                        │\n"
        "│                │ divergence · one, two                                       │\n"
        "│                │ matched in evidence[0].quote: “a lecturer from the Russian  │\n"
        "│                │ University of Peoples' Friendship (RUDN) in the capital”    │\n"
        "╰────────────────┴─────────────────────────────────────────────────────────────╯\n"
        "1 fact · search: RUDN\n")


def test_a_statement_match_needs_no_snippet_and_long_fields_are_cut_to_a_few_words(run, base, write_base):
    assert "matched in" not in run("facts", "--file", base, "--search", "airstrikes", tty=True, width=80).stdout
    data = trust_base()
    data["facts"][0]["evidence"][0]["quote"] = "one two three four five six corridor seven eight nine ten eleven"
    result = run("facts", "--file", write_base(data), "--search", "corridor seven", "--no-color")
    assert "matched in evidence[0].quote: “…four five six corridor seven eight nine ten eleven”" in result.stdout


def test_the_highlight_marks_whole_words_not_the_inside_of_russia(run, base):
    import re

    result = run("facts", "--file", base, "--search", "US", tty=True, color=True, width=200)
    marked = re.findall(r"\x1b\[1;30;43m([^\x1b]+)\x1b\[0m", result.stdout)
    assert marked == ["US"], marked  # not the "us" of "Russia" in the same statement


def test_fold_and_its_positions_agree_on_any_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from alliance_cli.text import fold, fold_with_positions

    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=30))
    def agree(text):
        folded, origin = fold_with_positions(text)
        assert folded == fold(text)
        assert len(origin) == len(folded) and origin == sorted(origin)
        assert all(0 <= n < len(text) for n in origin)

    agree()


def _edits(one: str, other: str) -> int:
    """Levenshtein distance, written here so the test does not trust the code's own notion of a spelling."""
    row = list(range(len(other) + 1))
    for i, a in enumerate(one, 1):
        row, previous = [i], row
        for j, b in enumerate(other, 1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a != b)))
    return row[-1]


def _one_word_pairs(shipped):
    """(word, other word) for each two names of one shipped entity that differ in one word alone."""
    from alliance_cli.text import name_key

    pairs = set()
    for entity in shipped["entities"]:
        names = [tuple(name_key(n).split()) for n in [entity["name"], *(entity.get("aliases") or [])]]
        for one in names:
            for other in names:
                if len(one) == len(other):
                    differ = [(a, b) for a, b in zip(one, other, strict=True) if a != b]
                    if len(differ) == 1:
                        pairs.add(differ[0])
    return sorted(pairs)


def test_every_second_spelling_of_a_word_in_the_shipped_names_finds_the_same_facts(run, shipped, tmp_path):
    from alliance_cli.factbase.loading import load
    from alliance_cli.query.search import compile_search

    spellings = [(a, b) for a, b in _one_word_pairs(shipped) if _edits(a, b) <= 2]
    assert {frozenset(p) for p in spellings} >= {frozenset(("masoud", "massoud")), frozenset(("araghchi", "araghtschi"))}
    for one, other in spellings:
        first = found(run, SHIPPED, "--search", one.capitalize())
        assert first, one
        assert found(run, SHIPPED, "--search", other.capitalize()) == first, (one, other)
        # a whole word: the spelling with one letter more or less is another word
        assert found(run, SHIPPED, "--search", one + "x") == []
        # the highlight (Search.any_term) covers whichever spelling the text has, as a whole word
        search = compile_search(load(str(SHIPPED), {"XDG_CACHE_HOME": str(tmp_path)}), (one,))
        for spelled in (one, other):
            hit = search.any_term.search(f"said {spelled}, then")
            assert hit is not None and hit.group() == spelled, (one, spelled)


def test_two_different_words_of_two_names_are_not_spellings_of_one_word(run, shipped, tmp_path):
    from alliance_cli.factbase.loading import load
    from alliance_cli.query.search import compile_search

    store = load(str(SHIPPED), {"XDG_CACHE_HOME": str(tmp_path)})
    different = [(a, b) for a, b in _one_word_pairs(shipped) if _edits(a, b) > 2]
    assert ("pact", "agreement") in different
    for one, other in different:
        assert compile_search(store, (one,)).any_term.search(f"said {other}, then") is None, (one, other)
        assert found(run, SHIPPED, "--search", f'"{one}"') == found(run, SHIPPED, "--search", one), one
