"""How `corroborate` reads a sentence against a fact: the domain's synonyms, denials, qualifiers, and what
makes a candidate at all. Small facts made here, read with the shipped base's entities."""
from __future__ import annotations

import functools

import pytest
from conftest import SHIPPED

from alliance_cli.factbase.loading import parse
from alliance_cli.query import corroboration, corroboration_lexicon, corroboration_words


@functools.cache
def analyser() -> corroboration.Analyser:
    return corroboration.Analyser(parse(str(SHIPPED), SHIPPED.read_bytes()).entities)


def fact(statement: str, *quotes: str, stance: str = "asserted") -> dict:
    return {"statement": statement, "evidence": [{"quote": q} for q in quotes], "stance": stance,
            "actors": ["Russia", "Iran"]}


# Facts enough that the index's weights are not those of a single text.
BACKGROUND = [fact("Western sanctions have pushed Russia and Iran into closer economic ties."),
              fact("Energy is a significant area of collaboration between the two."),
              fact("Both partners aim to bring about a multipolar global order."),
              fact("Iran has been under sanctions for decades over its nuclear programme.")]


def candidates(sentence: str, *facts: dict, min_score: float = 0.0) -> list:
    index = corroboration.CorroborationIndex([corroboration.profile(analyser(), f) for f in [*facts, *BACKGROUND]])
    found = corroboration.candidates(index, analyser().terms(sentence, spell=True), min_score=min_score)
    return [c for c in found if c.ordinal < len(facts)]


def test_words_of_one_meaning_in_the_domain_are_one_term():
    terms = analyser().terms
    assert terms("Iran sent arms under the accord").index_keys() == \
        terms("Iran sent weapons under the agreement").index_keys()
    assert terms("the drones").index_keys() == terms("the UAVs").index_keys()
    assert terms("the drones").index_keys() != terms("the weapons").index_keys()


def test_every_synonym_group_is_anchored_in_the_fact_base_and_holds_each_word_once():
    """The lexicon's documented rule: each group holds a word the shipped statements or quotes use."""
    store = parse(str(SHIPPED), SHIPPED.read_bytes())
    used = {word for f in store.facts for text in [f["statement"], *(e["quote"] for e in f["evidence"])]
            for word in corroboration_words.words(text)[1]}
    for group in corroboration_lexicon.GROUPS:
        assert used & set(group), group
    words = [word for group in corroboration_lexicon.GROUPS for word in group]
    assert len(words) == len(set(words))


def test_the_two_of_a_pair_is_no_count_but_two_drones_are():
    terms = analyser().terms
    assert terms("The two countries signed it.").numbers == frozenset()
    assert terms("Iran sent two drones.").numbers == {"2"}


def test_a_noun_of_quality_meets_its_adjective():
    stem = corroboration_words.stem_of
    assert stem("multipolarity") == stem("multipolar") and stem("neutrality") == stem("neutral")
    assert stem("security") == "security"  # not every -ity: only -arity, -ality, -ivity


@pytest.mark.parametrize("one, many", [("state", "states"), ("hegemony", "hegemonies"), ("strategy", "strategies"),
                                       ("objective", "objectives"), ("influence", "influences"),
                                       ("economy", "economies"), ("alliance", "alliances"), ("treaty", "treaties")])
def test_a_word_and_its_plural_are_one_term(one, many):
    """Lint's stemmer cuts `-es` whole (`states` to `stat`, `state` left whole), so a plural missed its
    singular; the lexicon's groups go through the same stems."""
    stem = corroboration_words.stem_of
    assert stem(one) == stem(many)
    singular, plural = analyser().terms(f"Of the {one}.").stems, analyser().terms(f"Of the {many}.").stems
    assert singular == plural and len(singular) == 1


@pytest.mark.parametrize("text, denied", [
    ("President Pezeshkian went to Beijing, not Moscow, to mark the pivot.", [" Moscow"]),
    ("Sanctions have done little to reduce its oil revenues or its trade.", [" to reduce its oil revenues"]),
    ("The other is not explicitly bound to provide direct military support.", [" explicitly bound to provide"]),
    ("Russia offers not only diplomatic backing but also a market.", []),
    ("This military cooperation is not without its complexities.", []),
    ("A little help came.", []),
])
def test_a_negator_denies_its_next_few_words_within_its_clause(text, denied):
    windows, rest = corroboration_words.negation_windows(text)
    assert windows == denied
    assert all(window not in rest for window in windows)


def test_a_sentence_denying_what_the_fact_affirms_differs():
    visited = fact("Iranian President Masoud Pezeshkian recently visited Moscow.")
    [other] = candidates("President Pezeshkian went to Beijing, not Moscow, to mark the pivot to the East.", visited)
    assert other.relation == "differs" and "denies Russia where the fact affirms it" in other.why
    [same] = candidates("President Pezeshkian went to Moscow.", visited)
    assert same.relation == "supports" and "denies" not in same.why


def test_a_fact_that_both_affirms_and_denies_a_term_is_not_disputed_by_either_reading():
    pacts = fact("Russia and North Korea have concluded a mutual defence pact, unlike the Russia–Iran agreement.",
                 "though not a full mutual defense pact like the one Russia forged with North Korea")
    [found] = candidates("Unlike the treaty that Moscow signed with North Korea, the agreement with Iran contains "
                         "no mutual defence clause.", pacts)
    assert "denies" not in found.why and found.relation == "supports"


def test_a_qualifier_the_fact_itself_carries_is_no_conflict_but_a_new_one_is():
    alleged = fact("Commanders criticised Russia's alleged failure to provide logistical support in Syria.")
    [same] = candidates("Commanders criticised Russia's alleged failure to provide logistical support in Syria.",
                        alleged)
    assert same.relation == "supports" and "hedged" not in same.why
    firm = fact("Commanders criticised Russia's failure to provide logistical support in Syria.")
    [hedged] = candidates("Commanders may have criticised Russia's failure to provide logistical support in Syria.",
                          firm)
    assert hedged.relation == "differs" and "hedged ('may') where the fact is asserted" in hedged.why


def test_a_fact_sharing_a_single_term_is_no_candidate_even_at_score_zero():
    intricate = fact("The intricacies of the agreements remain undisclosed.")
    assert candidates("However, this military cooperation is not without its complexities.", intricate) == []
    assert candidates("The complexities of the agreements are many.", intricate) != []


def test_the_prior_makes_a_short_match_weaker_evidence_than_a_long_one():
    short = "Drones reached Moscow."
    long = "Iranian combat drones reached Moscow by the Caspian route for the war in Ukraine last winter."
    index = corroboration.CorroborationIndex([corroboration.profile(analyser(), f)
                                              for f in [fact(short), fact(long), *BACKGROUND]])
    scores = [corroboration.score_passage(index, analyser().terms(t), index.profile(n).passages[0])[0]
              for n, t in enumerate((short, long))]
    assert scores[0] < scores[1] < 1.0
