"""Facts related to a fact: the ones it names, then those citing the same passage."""
from __future__ import annotations

from alliance_cli.factbase import Store

MOST = 6


def related_facts(store: Store, ordinal: int) -> list[int]:
    fact = store.fact(ordinal)
    chosen = [store.ordinal_of[i] for i in fact.get("related") or [] if i in store.ordinal_of]
    sections = {(e["source"], e["section"]) for e in fact["evidence"]}
    themes = set(fact["themes"])
    for source in {s for s, _ in sections}:
        for other in store.facet("sources").get(source, ()):
            if other == ordinal or other in chosen or len(chosen) >= MOST:
                continue
            candidate = store.fact(other)
            same_passage = sections & {(e["source"], e["section"]) for e in candidate["evidence"]}
            if same_passage and themes & set(candidate["themes"]):
                chosen.append(other)
    return chosen[:MOST]
