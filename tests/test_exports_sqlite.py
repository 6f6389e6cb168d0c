"""--format sqlite --output FILE: a database that sqlite3 reads back fact for fact, and Datasette serves."""
from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from exports_support import render_facts


def export(run, tmp_path, *args: str) -> Path:
    target = tmp_path / "facts.db"
    result = run("facts", *args, "--format", "sqlite", "--output", target)
    assert result.code == 0, result.stderr
    assert result.error_lines == [f"Wrote {target} and {tmp_path / 'facts.metadata.json'}."]
    return target


def rows(db: sqlite3.Connection, sql: str, *params) -> list[sqlite3.Row]:
    db.row_factory = sqlite3.Row
    return db.execute(sql, params).fetchall()


def fact_from_tables(db: sqlite3.Connection, fact_id: str) -> dict:
    """A fact put back together from the tables, in the shape `--json` writes."""
    [row] = rows(db, "SELECT * FROM facts WHERE id = ?", fact_id)
    fact = {"id": row["id"], "statement": row["statement"],
            "themes": [r["theme"] for r in rows(db, "SELECT theme FROM fact_themes WHERE fact = ? ORDER BY rowid",
                                                 fact_id)],
            "actors": [r["actor"] for r in rows(db, "SELECT actor FROM fact_actors WHERE fact = ? ORDER BY rowid",
                                                 fact_id)],
            "attributed_to": row["attributed_to"], "stance": row["stance"], "credibility": row["credibility"],
            "credibility_rationale": row["credibility_rationale"],
            "evidence": [dict(r) for r in rows(db, "SELECT source, section, quote FROM evidence WHERE fact = ? "
                                                   "ORDER BY position", fact_id)]}
    for key in ("attributed_role", "date"):
        if row[key] is not None:
            fact[key] = row[key]
    disagreements = []
    for d in rows(db, "SELECT id, point FROM disagreements WHERE fact = ? ORDER BY position", fact_id):
        accounts = rows(db, "SELECT source, says, quote FROM disagreement_accounts WHERE disagreement = ? "
                            "ORDER BY position", d["id"])
        disagreements.append({"point": d["point"], "accounts": [dict(a) for a in accounts]})
    if disagreements:
        fact["disagreements"] = disagreements
    related = [r["related"] for r in rows(db, "SELECT related FROM related_facts WHERE fact = ? ORDER BY position",
                                          fact_id)]
    if related:
        fact["related"] = related
    accepted = [dict(r) for r in rows(db, "SELECT rule, reason FROM lint_accepts WHERE fact = ? ORDER BY position",
                                      fact_id)]
    if accepted:
        fact["lint_accept"] = accepted
    assert json.loads(row["themes"]) == fact["themes"] and json.loads(row["actors"]) == fact["actors"]
    assert bool(row["contested"]) == bool(disagreements)
    return fact


def test_every_fact_reads_back_exactly_as_json_writes_it(run, tmp_path):
    db = sqlite3.connect(export(run, tmp_path))
    expected = run("facts", "--json").json()
    assert [r["id"] for r in rows(db, "SELECT id FROM facts ORDER BY position")] == [f["id"] for f in expected]
    for fact in expected:
        assert fact_from_tables(db, fact["id"]) == fact
    assert rows(db, "PRAGMA foreign_key_check") == []
    assert rows(db, "PRAGMA integrity_check")[0][0] == "ok"
    tables = {r["name"] for r in rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"sources", "entities", "facts", "evidence", "disagreements", "disagreement_accounts", "related_facts",
            "fact_themes", "fact_actors", "themes", "source_links", "facts_fts", "evidence_fts"} <= tables
    keys = {(r["table"], r["from"]) for t in ("facts", "evidence", "disagreement_accounts", "related_facts",
                                              "fact_actors") for r in rows(db, f"PRAGMA foreign_key_list({t})")}
    assert {("facts", "related"), ("sources", "source"), ("entities", "actor"), ("disagreements", "disagreement")} \
        <= keys


def test_full_text_search_covers_statements_and_quotes_ignoring_accents(run, tmp_path):
    db = sqlite3.connect(export(run, tmp_path))
    found = [r[0] for r in rows(db, "SELECT id FROM facts WHERE rowid IN "
                                    "(SELECT rowid FROM facts_fts WHERE facts_fts MATCH ?) ORDER BY position", "bundnis")]
    expected = [f["id"] for f in run("facts", "--json").json()
                if "bündnis" in " ".join([f["statement"], *(e["quote"] for e in f["evidence"]), *(
                    a["quote"] for d in f.get("disagreements") or [] for a in d["accounts"])]).casefold()]
    assert found == expected and found
    quotes = rows(db, "SELECT fact, quote FROM evidence WHERE id IN "
                      "(SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH 'INSTC')")
    assert quotes and all("INSTC" in q["quote"] for q in quotes)


def test_a_selection_keeps_only_what_it_cites_and_relations_inside_it(run, tmp_path):
    db = sqlite3.connect(export(run, tmp_path, "-t", "divergence"))
    chosen = {f["id"] for f in run("facts", "-t", "divergence", "--json").json()}
    assert {r[0] for r in rows(db, "SELECT id FROM facts")} == chosen
    assert {r[0] for r in rows(db, "SELECT related FROM related_facts")} <= chosen
    cited = {r[0] for r in rows(db, "SELECT source FROM evidence UNION SELECT source FROM disagreement_accounts")}
    assert {r[0] for r in rows(db, "SELECT id FROM sources")} == cited
    assert rows(db, "PRAGMA foreign_key_check") == []


def test_metadata_for_datasette_has_titles_facets_and_every_citation(run, tmp_path):
    export(run, tmp_path, "-t", "sanctions")
    meta = json.loads((tmp_path / "facts.metadata.json").read_text(encoding="utf-8"))
    database = meta["databases"]["facts"]
    assert meta["title"] == database["title"] == "Russia–Iran alliance: sourced claims"
    assert "(selected by: theme: sanctions)" in database["description"]
    facts = database["tables"]["facts"]
    assert facts["facets"] == [{"array": "themes"}, {"array": "actors"}, "stance", "credibility", "contested"]
    citations = database["tables"]["sources"]["citations"]
    assert citations["putins-promise"] == ("Timothy Cline, “Putin's Promise: Why Russia Backs Iran Amidst Western "
                                           "Pressure”, Russland Iran Bündnis, publication date unknown.")
    assert all(f"[{k}] {v}" in database["tables"]["sources"]["description"] for k, v in citations.items())


def test_new_source_fields_are_columns_and_absent_ones_are_null(tmp_path):
    target = str(tmp_path / "rich.db")
    files = render_facts("sqlite", output=target)
    assert list(files) == [target, str(tmp_path / "rich.metadata.json")]
    Path(target).write_bytes(files[target])
    db = sqlite3.connect(target)
    sources = {r["id"]: dict(r) for r in rows(db, "SELECT * FROM sources")}
    assert sources["dated"]["url"] == "https://news.example/articles/deal?id=1&x=%7B"
    assert (sources["dated"]["published"], sources["dated"]["accessed"]) == ("2024-05-03", "2025-01-02")
    assert (sources["accessed-only"]["translated"], sources["accessed-only"]["original_language"]) == (1, "de")
    assert sources["undated"]["url"] is None and sources["undated"]["published"] is None
    assert [tuple(r) for r in rows(db, "SELECT * FROM source_links")] == [("accessed-only", "dated")]
    assert sources["dated"]["reliability_meaning"] == "Usually reliable"


def test_sqlite_needs_output_and_never_goes_to_a_terminal(run):
    for tty in (True, False):
        result = run("facts", "--format", "sqlite", tty=tty)
        assert result.code == 2 and result.stdout_bytes == b""
        assert result.error_lines == ["alliance: error: --format sqlite writes a file, not text for a terminal or a "
                                      "pipe; give --output FILE"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a local http URL we built
        return json.loads(response.read())


@pytest.mark.slow
def test_datasette_serves_a_full_text_search_of_the_export(run, tmp_path):
    database = export(run, tmp_path)
    port = _free_port()
    datasette = Path(sys.executable).with_name("datasette")
    command = [str(datasette)] if datasette.exists() else [sys.executable, "-m", "datasette"]
    server = subprocess.Popen([*command, "serve", str(database), "--metadata", str(tmp_path / "facts.metadata.json"),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get_json(f"{base}/-/versions.json")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"datasette did not start: {server.stderr.read().decode()[-1500:] if server.stderr else ''}")
                time.sleep(0.2)
        found = _get_json(f"{base}/facts/facts.json?_search=INSTC&_shape=array&_col=statement")
        expected = [f for f in run("facts", "--search", "INSTC", "--json").json()]
        assert [(f["id"], f["statement"]) for f in found] == [(f["id"], f["statement"]) for f in expected]
        assert found
        table = _get_json(f"{base}/facts/facts.json?_size=0")
        assert set(table["facet_results"]) == {"themes", "actors", "stance", "credibility", "contested"}
        sanctions = _get_json(f"{base}/facts/facts.json?themes__arraycontains=sanctions&_shape=array&_col=id&_size=max")
        assert [f["id"] for f in sanctions] == [f["id"] for f in run("facts", "-t", "sanctions", "--json").json()]
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def test_entities_keep_their_spellings_and_metonyms(run, tmp_path):
    db = sqlite3.connect(export(run, tmp_path))
    [iran] = rows(db, "SELECT aliases, metonyms FROM entities WHERE name = 'Iran'")
    assert (json.loads(iran["aliases"]), json.loads(iran["metonyms"])) == ([], ["Tehran"])
