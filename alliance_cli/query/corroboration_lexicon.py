"""Words that mean the same in this domain, so that a sentence saying `arms` meets a fact saying `weapons`.

Stems alone cannot see a paraphrase: an article that says "the accord" restates a fact that says "the
agreement", yet the two share no letters. These groups make such words one term for corroboration (and
only for it: lint and search keep their own words).

How the groups were chosen, so that they stay general and are not fitted to any test: each group holds at
least one word that the shipped fact base's statements or quotes use, together with the words any English
thesaurus gives as its synonyms *in the sense that word has in writing about states, security, trade and
sanctions*. A word that is a synonym only in some sentences (`concluded` for `signed`, `extended` for
`renewed`) is left out, and so is a word of degree or stance (lint's hedges and markers stay separate, since
the relation reads them). `hardware` stands with the weapons because in this domain it means military
hardware; nowhere in the fact base does it mean anything else. One word belongs to one group at most.

A group's words are matched by their stems (corroboration_words.stem_of), so `treaties` and `treaty` need one entry.
"""
from __future__ import annotations

from functools import lru_cache

GROUPS: tuple[tuple[str, ...], ...] = (
    # things and actors
    ("weapon", "weapons", "weaponry", "arms", "armament", "armaments", "munitions", "hardware"),
    ("drone", "drones", "uav", "uavs"),
    ("agreement", "agreements", "accord", "accords", "treaty", "treaties", "pact", "pacts"),
    ("war", "wars", "warfare", "conflict", "conflicts", "hostilities"),
    ("attack", "attacks", "strike", "strikes", "airstrike", "airstrikes"),
    ("area", "areas", "field", "fields", "sector", "sectors", "sphere", "spheres", "domain", "domains"),
    ("goal", "goals", "objective", "objectives", "aim", "aims", "aspiration", "aspirations", "ambition", "ambitions"),
    ("revenue", "revenues", "income", "earnings"),
    ("trade", "commerce"),
    ("isolation", "ostracism"),
    ("friction", "tension", "tensions", "strain", "discord"),
    ("imbalance", "imbalances", "asymmetry", "inequality"),
    ("complexity", "complexities", "intricacy", "intricacies", "complication", "complications"),
    ("dominance", "domination", "hegemony", "supremacy"),
    ("bond", "bonds", "ties"),
    ("expertise", "skills"),
    ("threat", "threats", "danger", "dangers", "menace"),
    ("secrecy", "secret", "secretive", "opacity", "opaque", "opaqueness", "covert", "clandestine", "confidential"),
    ("benefit", "benefits", "advantage", "advantages"),
    ("backing", "support"),
    ("mediation", "mediate", "mediator", "broker"),
    # what is done
    ("cooperation", "cooperate", "collaboration", "collaborate"),
    ("supply", "supplied", "supplies", "deliver", "delivered", "deliveries", "provide", "provided", "provides"),
    ("circumvent", "circumventing", "bypass", "evade", "sidestep"),
    ("diminish", "diminished", "diminishes", "reduce", "reduces", "lessen", "weaken", "curtail"),
    ("disclose", "disclosed", "reveal", "revealed", "publish", "published", "divulge"),
    ("oblige", "obliges", "obliging", "bind", "bound", "require"),
    ("criticise", "criticize", "criticism", "criticisms", "critique"),
    # how much
    ("extensive", "comprehensive", "sweeping"),
    ("main", "primary", "principal", "chief"),
    ("significant", "important", "considerable", "substantial"),
    ("crucial", "critical", "vital", "essential", "pivotal"),
)


@lru_cache(maxsize=1)
def canonical() -> dict[str, str]:
    """Stem (as corroboration stems a word) -> the stem of its group's first word."""
    from alliance_cli.query.corroboration_words import stem_of as stem

    found: dict[str, str] = {}
    for group in GROUPS:
        head = stem(group[0])
        for word in group:
            found.setdefault(stem(word), head)
    return found
