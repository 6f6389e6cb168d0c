"""SQLite: a database for Datasette and sqlite-utils, with its Datasette metadata beside it.

Tables (foreign keys between them; lists of a fact are rows of their own tables, in order):
sources, source_links, entities, themes, facts, fact_themes, fact_actors, evidence, disagreements,
disagreement_accounts and related_facts. `facts.themes`, `facts.actors` and `facts.sources` also hold
JSON arrays, which Datasette facets by value. `facts_fts` (statement and every quote of a fact) and
`evidence_fts` (each quote and its section) are SQLite FTS5 indexes, accent- and case-insensitive,
that Datasette's search box and `?_search=` use. Only the selection goes in, with the sources it cites
and the entities it names; relations to facts outside it are dropped, as in the yaml export.

`FILE.metadata.json` (`facts.db` -> `facts.metadata.json`) holds the titles, descriptions, facets
and each source's citation: `datasette facts.db --metadata facts.metadata.json`.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from alliance_cli.factbase.store import Fact, Store, cited_sources, is_contested
from alliance_cli.factbase.vocabulary import (
    ARTICLE,
    CREDIBILITY_LABEL,
    RELIABILITY_LABEL,
    STANCES,
    THEMES,
)
from alliance_cli.render.exports.citation_format import citation_text
from alliance_cli.render.view import View

SCHEMA = """
CREATE TABLE sources (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, site TEXT NOT NULL, author TEXT, kind TEXT NOT NULL,
    url TEXT, published TEXT, accessed TEXT, language TEXT, translated INTEGER, original_language TEXT,
    file TEXT NOT NULL, sha256 TEXT NOT NULL, reliability TEXT NOT NULL, reliability_meaning TEXT NOT NULL,
    reliability_rationale TEXT NOT NULL, notes TEXT, citation TEXT NOT NULL);
CREATE TABLE source_links (
    source TEXT NOT NULL REFERENCES sources(id), links_to TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (source, links_to));
CREATE TABLE entities (
    name TEXT PRIMARY KEY, kind TEXT NOT NULL, description TEXT, aliases TEXT NOT NULL, metonyms TEXT NOT NULL);
CREATE TABLE themes (name TEXT PRIMARY KEY, definition TEXT NOT NULL);
CREATE TABLE facts (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, statement TEXT NOT NULL, themes TEXT NOT NULL,
    actors TEXT NOT NULL, attributed_to TEXT NOT NULL, attributed_role TEXT, stance TEXT NOT NULL,
    stance_meaning TEXT NOT NULL, credibility INTEGER NOT NULL, credibility_meaning TEXT NOT NULL,
    credibility_rationale TEXT NOT NULL, date TEXT, contested INTEGER NOT NULL, sources TEXT NOT NULL,
    quotes TEXT NOT NULL);
CREATE TABLE fact_themes (
    fact TEXT NOT NULL REFERENCES facts(id), theme TEXT NOT NULL REFERENCES themes(name),
    PRIMARY KEY (fact, theme));
CREATE TABLE fact_actors (
    fact TEXT NOT NULL REFERENCES facts(id), actor TEXT NOT NULL REFERENCES entities(name),
    PRIMARY KEY (fact, actor));
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY, fact TEXT NOT NULL REFERENCES facts(id), position INTEGER NOT NULL,
    source TEXT NOT NULL REFERENCES sources(id), section TEXT NOT NULL, quote TEXT NOT NULL);
CREATE TABLE disagreements (
    id INTEGER PRIMARY KEY, fact TEXT NOT NULL REFERENCES facts(id), position INTEGER NOT NULL,
    point TEXT NOT NULL);
CREATE TABLE disagreement_accounts (
    id INTEGER PRIMARY KEY, disagreement INTEGER NOT NULL REFERENCES disagreements(id),
    position INTEGER NOT NULL, source TEXT NOT NULL REFERENCES sources(id), says TEXT NOT NULL,
    quote TEXT NOT NULL);
CREATE TABLE related_facts (
    fact TEXT NOT NULL REFERENCES facts(id), related TEXT NOT NULL REFERENCES facts(id),
    position INTEGER NOT NULL, PRIMARY KEY (fact, related));
CREATE TABLE lint_accepts (
    fact TEXT NOT NULL REFERENCES facts(id), position INTEGER NOT NULL, rule TEXT NOT NULL,
    reason TEXT NOT NULL, PRIMARY KEY (fact, position));
CREATE INDEX evidence_fact ON evidence(fact);
CREATE INDEX disagreements_fact ON disagreements(fact);
CREATE INDEX accounts_disagreement ON disagreement_accounts(disagreement);
CREATE INDEX fact_actors_actor ON fact_actors(actor);
CREATE INDEX fact_themes_theme ON fact_themes(theme);
CREATE VIRTUAL TABLE facts_fts USING fts5(
    statement, quotes, content="facts", tokenize="unicode61 remove_diacritics 2");
CREATE VIRTUAL TABLE evidence_fts USING fts5(
    quote, section, content="evidence", tokenize="unicode61 remove_diacritics 2");
"""

SOURCE_COLUMNS = ("id", "title", "site", "author", "kind", "url", "published", "accessed", "language",
                  "translated", "original_language", "file", "sha256", "reliability", "reliability_meaning",
                  "reliability_rationale", "notes", "citation")


def metadata_path(database: str) -> str:
    """`facts.db` -> `facts.metadata.json`, beside it."""
    path = Path(database)
    return str(path.with_name(f"{path.stem}.metadata.json"))


def facts_sqlite(store: Store, ordinals: list[int], view: View) -> dict[str, bytes]:
    """{database path: its bytes, metadata path: Datasette metadata} for --output."""
    from alliance_cli.errors import UsageProblem

    if view.output is None:
        raise UsageProblem("--format sqlite writes a file: give --output FILE")
    facts = [store.fact(n) for n in ordinals]
    sources = _cited(store, facts)
    database = build(store, facts, sources)
    meta = metadata(Path(view.output).stem, facts, sources, view.title)
    target = metadata_path(view.output)
    if Path(target).resolve() == Path(view.output).resolve():
        raise UsageProblem(f"--output {view.output}: choose a name whose metadata file is not itself, "
                           "such as facts.db")
    return {view.output: database, target: json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"}


def _cited(store: Store, facts: list[Fact]) -> list[dict]:
    cited = {s for f in facts for s in cited_sources(f)}
    return [s for s in store.sources if s["id"] in cited]


def build(store: Store, facts: list[Fact], sources: list[dict]) -> bytes:
    """The database, built in memory and returned as the bytes of a SQLite file."""
    from alliance_cli.errors import AllianceError

    connection = sqlite3.connect(":memory:")
    connection.execute("PRAGMA foreign_keys = ON")
    try:
        connection.executescript(SCHEMA)
    except sqlite3.OperationalError as error:  # a Python whose SQLite lacks FTS5
        raise AllianceError(f"--format sqlite needs SQLite with FTS5, which this Python lacks ({error})") from None
    with connection:
        _fill(connection, store, facts, sources)
        connection.execute("INSERT INTO facts_fts(facts_fts) VALUES ('rebuild')")
        connection.execute("INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild')")
    data = connection.serialize()
    connection.close()
    return data


def _fill(db: sqlite3.Connection, store: Store, facts: list[Fact], sources: list[dict]) -> None:
    source_ids = {s["id"] for s in sources}
    for source in sources:
        row = {**{c: source.get(c) for c in SOURCE_COLUMNS},
               "reliability_meaning": RELIABILITY_LABEL[source["reliability"]],
               "citation": citation_text(source)}
        if row["translated"] is not None:
            row["translated"] = int(bool(row["translated"]))
        for date in ("published", "accessed"):  # a bare year may arrive as a number
            if row[date] is not None:
                row[date] = str(row[date])
        db.execute(f"INSERT INTO sources VALUES ({', '.join('?' * len(SOURCE_COLUMNS))})",  # noqa: S608 - fixed columns
                   [row[c] for c in SOURCE_COLUMNS])
    for source in sources:
        for other in source.get("links_to") or []:
            if other in source_ids:
                db.execute("INSERT INTO source_links VALUES (?, ?)", (source["id"], other))
    named = dict.fromkeys(n for f in facts for n in [*f["actors"], f["attributed_to"]] if n != ARTICLE)
    for entity in store.entities:
        if entity["name"] in named:
            db.execute("INSERT INTO entities VALUES (?, ?, ?, ?, ?)",
                       (entity["name"], entity["kind"], entity.get("description"),
                        json.dumps(entity.get("aliases") or [], ensure_ascii=False),
                        json.dumps(entity.get("metonyms") or [], ensure_ascii=False)))
    db.executemany("INSERT INTO themes VALUES (?, ?)", THEMES.items())
    fact_ids = {f["id"] for f in facts}
    for position, fact in enumerate(facts, start=1):
        _insert_fact(db, fact, position)
    for fact in facts:  # once every fact is in, for the foreign keys
        kept = [r for r in fact.get("related") or [] if r in fact_ids]
        db.executemany("INSERT INTO related_facts VALUES (?, ?, ?)",
                       [(fact["id"], r, n) for n, r in enumerate(kept, 1)])


def _insert_fact(db: sqlite3.Connection, fact: Fact, position: int) -> None:
    fact_id = fact["id"]
    quotes = [e["quote"] for e in fact["evidence"]]
    quotes += [a["quote"] for d in fact.get("disagreements") or [] for a in d["accounts"]]
    grade = fact["credibility"]
    db.execute("INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
        fact_id, position, fact["statement"], _json(fact["themes"]), _json(fact["actors"]), fact["attributed_to"],
        fact.get("attributed_role"), fact["stance"], STANCES[fact["stance"]], grade,
        CREDIBILITY_LABEL[grade], fact["credibility_rationale"],
        None if fact.get("date") is None else str(fact["date"]), int(is_contested(fact)),
        _json(cited_sources(fact)), "\n".join(quotes)))
    db.executemany("INSERT INTO fact_themes VALUES (?, ?)", [(fact_id, t) for t in fact["themes"]])
    db.executemany("INSERT INTO fact_actors VALUES (?, ?)", [(fact_id, a) for a in fact["actors"]])
    db.executemany("INSERT INTO evidence (fact, position, source, section, quote) VALUES (?, ?, ?, ?, ?)",
                   [(fact_id, n, e["source"], e["section"], e["quote"]) for n, e in enumerate(fact["evidence"], 1)])
    for n, disagreement in enumerate(fact.get("disagreements") or [], start=1):
        cursor = db.execute("INSERT INTO disagreements (fact, position, point) VALUES (?, ?, ?)",
                            (fact_id, n, disagreement["point"]))
        db.executemany("INSERT INTO disagreement_accounts (disagreement, position, source, says, quote) "
                       "VALUES (?, ?, ?, ?, ?)",
                       [(cursor.lastrowid, m, a["source"], a["says"], a["quote"])
                        for m, a in enumerate(disagreement["accounts"], 1)])
    db.executemany("INSERT INTO lint_accepts VALUES (?, ?, ?, ?)",
                   [(fact_id, n, a["rule"], a["reason"]) for n, a in enumerate(fact.get("lint_accept") or [], 1)])


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def metadata(database: str, facts: list[Fact], sources: list[dict], title: str) -> dict[str, Any]:
    """Datasette's metadata: titles, descriptions, facets, and each source's citation."""
    selection = f"selected by: {title}" if title else "every fact in the fact base"
    description = (f"{len(facts)} sourced claim{'' if len(facts) == 1 else 's'} about the Russia–Iran alliance "
                   f"({selection}). Each statement is in our words, no stronger than its source; every one "
                   "carries its source, exact quote, speaker, stance and NATO/Admiralty credibility grade.")
    citations = {s["id"]: citation_text(s) for s in sources}
    return {
        "title": "Russia–Iran alliance: sourced claims",
        "description": description,
        "source": "alliance fact base",
        "databases": {database: {
            "title": "Russia–Iran alliance: sourced claims",
            "description": description,
            "tables": {
                "facts": {
                    "title": "Facts", "description": "One claim per row. Search covers the statement and every "
                    "quote; facet by themes, actors, stance, credibility or contested.",
                    "label_column": "statement", "sort": "position",
                    "facets": [{"array": "themes"}, {"array": "actors"}, "stance", "credibility", "contested"],
                    "columns": {
                        "statement": "The claim in our own words, no stronger than the source.",
                        "themes": "Themes (JSON array): " + "; ".join(f"{k}: {v}" for k, v in THEMES.items()),
                        "actors": "Entities the claim is about (JSON array).",
                        "attributed_to": "Who makes the claim: 'the article' or a named entity.",
                        "stance": "How firmly the source puts it: " + "; ".join(
                            f"{k}: {v}" for k, v in STANCES.items()),
                        "credibility": "NATO/Admiralty information credibility, 1 (confirmed) to 6 (cannot be "
                                       "judged): " + "; ".join(f"{k} {v}" for k, v in
                                                               CREDIBILITY_LABEL.items()),
                        "date": "When the event took place, where a source dates it (YYYY[-MM[-DD]]).",
                        "contested": "1 when the sources disagree on the claim (see disagreements).",
                        "sources": "Ids of the sources cited (JSON array).",
                        "quotes": "Every quote of the fact, one per line (what the search box covers).",
                    }},
                "sources": {
                    "title": "Sources", "label_column": "title",
                    "description": "The captured articles. Citations: " + " ".join(
                        f"[{k}] {v}" for k, v in citations.items()),
                    "columns": {"reliability": "NATO/Admiralty source reliability, A (completely reliable) to F "
                                               "(cannot be judged).",
                                "sha256": "SHA-256 of the captured text that `alliance verify` checks quotes "
                                          "against.",
                                "citation": "The source as a citation."},
                    "citations": citations},
                "evidence": {"title": "Evidence", "description": "Verbatim quotes that carry each fact, with "
                             "the section they stand under.", "label_column": "quote"},
                "disagreements": {"title": "Disagreements", "description": "Points on which the sources tell a "
                                  "fact differently; each side is in disagreement_accounts.",
                                  "label_column": "point"},
                "disagreement_accounts": {"title": "Disagreement accounts", "description": "One row per side "
                                          "of a disagreement: what the source says, and its quote."},
                "entities": {"title": "Entities", "description": "People, states, bodies and groups the facts "
                             "name; aliases is a JSON array of other spellings, metonyms of names that stand for it "
                             "(Tehran for Iran).", "facets": ["kind"]},
                "themes": {"title": "Themes", "label_column": "name"},
                "fact_themes": {"title": "Facts by theme", "facets": ["theme"]},
                "fact_actors": {"title": "Facts by actor", "facets": ["actor"]},
                "related_facts": {"title": "Related facts", "description": "Facts a fact names as related, "
                                  "within this selection."},
                "lint_accepts": {"title": "Accepted lint findings", "description": "Findings of alliance lint "
                                 "accepted on purpose, with the reason kept in the fact base.",
                                 "facets": ["rule"]},
                "source_links": {"title": "Links between sources", "description": "A source that links to "
                                 "another is not independent of it."},
            },
        }},
    }
