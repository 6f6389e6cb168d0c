"""Facts related to a fact: the ones it names, then those citing the same section about the same actor."""
from __future__ import annotations

from alliance_cli.factbase.store import Store

MOST = 6


def related_facts(store: Store, ordinal: int) -> list[int]:
    fact = store.fact(ordinal)
    chosen = [store.ordinal_of[i] for i in fact.get("related") or [] if i in store.ordinal_of]
    sections = {(e["source"], e["section"]) for e in fact["evidence"]}
    by_actor = store.facet("actors")
    # an actor in most facts (Russia, Iran) says nothing about how two facts relate
    telling = {a for a in fact["actors"] if len(by_actor.get(a, ())) * 2 <= len(store)}
    for actor in sorted(telling):
        for other in by_actor[actor]:
            if other == ordinal or other in chosen or len(chosen) >= MOST:
                continue
            if sections & {(e["source"], e["section"]) for e in store.fact(other)["evidence"]}:
                chosen.append(other)
    return chosen[:MOST]
