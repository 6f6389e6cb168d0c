"""A small fact base with every optional source field, for the export tests.

It is built in memory (a `FactBase`), because the file format may not accept the newer source
fields (url, published, accessed, language, translated, original_language, more kinds) yet; the
exports read them with `.get()`, and the shipped base, which lacks them, is tested through the CLI.
"""
from __future__ import annotations

import io
from typing import Any

from alliance_cli.environment import Environment
from alliance_cli.factbase.store import FactBase
from alliance_cli.query.catalog import sources as sources_listing
from alliance_cli.render import fact_renderer, rows_renderer
from alliance_cli.render.view import View

SHA = "ab" * 32
HOSTILE = "<script>document.title='PWNED';document.body.setAttribute('data-pwned','yes')</script>"


def rich_base() -> dict[str, Any]:
    return {
        "sources": [
            {"id": "dated", "title": "Moscow & Tehran: A {Braced} 100% Deal", "site": "Example News", "author":
             "Jane Q. Writer", "kind": "news article", "url": "https://news.example/articles/deal?id=1&x=%7B",
             "published": "2024-05-03", "accessed": "2025-01-02", "language": "en", "file": "dated.txt",
             "sha256": SHA, "reliability": "B", "reliability_rationale": "An established outlet."},
            {"id": "accessed-only", "title": "Das Bündnis", "site": "Not named in the capture", "kind": "web article",
             "accessed": "2025-02", "language": "de", "translated": True, "original_language": "de",
             "file": "buendnis.txt", "sha256": "cd" * 32, "reliability": "F",
             "reliability_rationale": "No basis to judge.", "links_to": ["dated"]},
            {"id": "undated", "title": "An undated statement", "site": "Ministry", "kind": "official statement",
             "file": "statement.txt", "sha256": "ef" * 32, "reliability": "C", "reliability_rationale": "Official."},
        ],
        "entities": [
            {"name": "Russia", "kind": "country", "aliases": ["Moscow"]},
            {"name": "Iran", "kind": "country", "aliases": ["Tehran"]},
            {"name": "Vladimir Putin", "kind": "person", "description": "President of Russia", "aliases": ["Putin"]},
            {"name": "BRICS", "kind": "organisation"},
            {"name": "unnamed analysts", "kind": "group"},
            {"name": "Russia-Iran pact", "kind": "agreement"},
            {"name": "Caspian corridor", "kind": "place"},
        ],
        "facts": [
            {"id": "security-001", "statement": "Russia and Iran signed a pact.", "themes": ["security"],
             "actors": ["Russia", "Iran", "Russia-Iran pact"], "attributed_to": "the article", "stance": "asserted",
             "credibility": 2, "credibility_rationale": "Both sources.", "date": "2025-01",
             "evidence": [{"source": "dated", "section": "The deal", "quote": "the two signed a pact"},
                          {"source": "accessed-only", "section": "Vertrag", "quote": "ein Vertrag über Bündnis"}],
             "related": ["economy-001"]},
            {"id": "economy-001", "statement": "Trade runs through the Caspian corridor.", "themes": ["economy"],
             "actors": ["Caspian corridor", "BRICS"], "attributed_to": "unnamed analysts", "stance": "opinion",
             "credibility": 6, "credibility_rationale": "An assessment.",
             "evidence": [{"source": "undated", "section": "Trade", "quote": "trade runs north"}],
             "disagreements": [{"point": "Which route", "accounts": [
                 {"source": "undated", "says": "North", "quote": "trade runs north"},
                 {"source": "dated", "says": "South", "quote": "trade runs south"}]}]},
            {"id": "sanctions-001", "statement": f"Putin says {HOSTILE} sanctions fail.",
             "themes": ["sanctions", "economy"], "actors": ["Russia"], "attributed_to": "Vladimir Putin",
             "attributed_role": "President", "stance": "hedged", "credibility": 3,
             "credibility_rationale": "One source.",
             "evidence": [{"source": "dated", "section": "Sanctions <b>", "quote": "sanctions fail <img src=x>"}]},
        ],
    }


def environment(variables: dict[str, str] | None = None) -> Environment:
    return Environment(stdout=io.BytesIO(), stderr=io.StringIO(), variables=variables or {})


def render_facts(fmt: str, base: dict | None = None, *, ids: list[str] | None = None, title: str = "",
                 output: str | None = None, variables: dict[str, str] | None = None):
    store = FactBase(base or rich_base())
    ordinals = list(range(len(store))) if ids is None else [store.ordinal_of[i] for i in ids]
    return fact_renderer(fmt)(store, ordinals, View(environment(variables), title=title, output=output))


def render_sources(fmt: str, base: dict | None = None):
    return rows_renderer(fmt)(sources_listing(FactBase(base or rich_base())), View(environment()))
