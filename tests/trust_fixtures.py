"""A small fact base with the names, spellings and punctuation that issue 10's examples turn on."""
from __future__ import annotations

from conftest import minimal_fact


def evidence(quote: str, source: str = "one", section: str = "Heading") -> list[dict]:
    return [{"source": source, "section": section, "quote": quote}]


def trust_base() -> dict:
    facts = [
        minimal_fact("economy-001", themes=["economy"], statement="The International North-South Transport "
                     "Corridor links Russia and Iran.",
                     actors=["Russia", "Iran", "International North-South Transport Corridor"],
                     evidence=evidence("routes along the North–South corridor")),
        minimal_fact("security-001", themes=["security"], statement="Russia promised Iran support.",
                     attributed_to="Putin", evidence=evidence("Putin’s recent promise of support to Iran")),
        minimal_fact("security-002", themes=["security"], statement="The partners' capitals grew closer.",
                     evidence=evidence("The bond between Moscow and Tehran")),
        minimal_fact("divergence-001", themes=["divergence"], statement="The sources name his university "
                     "differently.", actors=["Russian University of Friendship of Peoples"],
                     evidence=evidence("a lecturer from the Russian University of Peoples' Friendship (RUDN) "
                                       "in the capital"),
                     disagreements=[{"point": "The university's name", "accounts": [
                         {"source": "one", "says": "Friendship of Peoples.",
                          "quote": "the Russian University of Friendship of Peoples"},
                         {"source": "two", "says": "Peoples' Friendship.",
                          "quote": "the Russian University of Peoples' Friendship (RUDN)"}]}]),
        minimal_fact("security-003", themes=["security"], statement="Russia condemned the US and Israeli "
                     "airstrikes on Iranian nuclear facilities.", actors=["United States", "Iran"],
                     evidence=evidence("amidst US and Israeli airstrikes")),
        minimal_fact("sanctions-001", themes=["sanctions"], statement="The terms may stay secret, much like "
                     "Iran’s previous agreements with China.", actors=["Iran", "China"],
                     evidence=evidence("much like Iran’s previous agreements with China")),
        minimal_fact("security-004", themes=["security"], statement="Abbas Araghtschi called the pact a roadmap.",
                     actors=["Abbas Araghchi"], attributed_to="Abbas Araghchi", stance="opinion",
                     evidence=evidence("Araghchi articulated this vision")),
        minimal_fact("economy-002", themes=["economy"], statement="Łódź, Ørsted, Đukić, Æther and Straße "
                     "test letters that Unicode does not split.", actors=["Russia"],
                     evidence=evidence("letters")),
        minimal_fact("divergence-002", themes=["divergence"], statement="Abbas Kiarostami is another Abbas.",
                     actors=["Iran"], evidence=evidence("a film")),
        minimal_fact("economy-003", themes=["economy"], statement="The INSTC is slow.", actors=["Russia"],
                     evidence=evidence("slow")),
    ]
    return {
        "sources": [
            {"id": "one", "title": "An article", "site": "A site", "kind": "web article",
             "file": "one.txt", "sha256": "0" * 64, "reliability": "F", "reliability_rationale": "None."},
            {"id": "two", "title": "Another article", "site": "A site", "kind": "web article",
             "file": "two.txt", "sha256": "1" * 64, "reliability": "F", "reliability_rationale": "None."},
        ],
        "entities": [
            {"name": "Russia", "kind": "country", "metonyms": ["Moscow"]},
            {"name": "Iran", "kind": "country", "metonyms": ["Tehran"]},
            {"name": "United States", "kind": "country", "aliases": ["US", "U.S."], "metonyms": ["Washington"]},
            {"name": "China", "kind": "country"},
            {"name": "Vladimir Putin", "kind": "person", "aliases": ["Putin"]},
            {"name": "Abbas Araghchi", "kind": "person", "aliases": ["Abbas Araghtschi", "Araghchi", "Araghtschi"]},
            {"name": "Russian University of Friendship of Peoples", "kind": "organisation",
             "aliases": ["Russian University of Peoples' Friendship", "RUDN"]},
            {"name": "International North-South Transport Corridor", "kind": "place", "aliases": ["INSTC"]},
        ],
        "facts": facts,
    }
