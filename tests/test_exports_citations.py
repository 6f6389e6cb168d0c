"""`sources --format csl-json` and `--format bibtex`: citations that citeproc, pandoc and Zotero read."""
from __future__ import annotations

import json

import bibtexparser
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from exports_support import render_sources


def bibliography(items: list[dict]) -> list[str]:
    """Each item as citeproc-py renders it in a bibliography (Harvard, as bundled with citeproc-py)."""
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    entries = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        entries.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in entries.bibliography()]


def test_csl_json_carries_every_known_field_and_invents_none():
    items = json.loads(render_sources("csl-json"))
    assert items == [
        {"id": "dated", "type": "article-newspaper", "title": "Moscow & Tehran: A {Braced} 100% Deal",
         "author": [{"literal": "Jane Q. Writer"}], "container-title": "Example News",
         "URL": "https://news.example/articles/deal?id=1&x=%7B", "issued": {"date-parts": [[2024, 5, 3]]},
         "accessed": {"date-parts": [[2025, 1, 2]]}, "language": "en"},
        {"id": "accessed-only", "type": "webpage", "title": "Das Bündnis",  # no site named, no date: none given
         "accessed": {"date-parts": [[2025, 2]]}, "language": "de", "note": "Translated from de."},
        {"id": "undated", "type": "document", "title": "An undated statement", "publisher": "Ministry",
         "genre": "Official statement"},
    ]


def test_citeproc_renders_a_bibliography_entry_from_the_csl_json():
    entries = bibliography(json.loads(render_sources("csl-json")))
    assert entries == [
        "Jane Q. Writer (2024) “Moscow & Tehran: A {Braced} 100% Deal”, Example News, 3 May. Available at: "
        "https://news.example/articles/deal?id=1&x=%7B (Accessed: January 2, 2025).",
        "Das Bündnis (no date) Das Bündnis.",
        "“An undated statement” (no date) “An undated statement”. Ministry."]


def test_the_shipped_sources_as_csl_json(run, shipped):
    result = run("sources", "--format", "csl-json")
    assert result.code == 0
    items = result.json()
    assert [i["id"] for i in items] == [s["id"] for s in shipped["sources"]]
    unnamed = items[0]
    assert "container-title" not in unnamed  # "Not named in the capture" is no publisher
    assert all("issued" not in i and "URL" not in i for i in items if not _source(shipped, i["id"]).get("url"))
    assert items[1]["author"] == [{"literal": "Timothy Cline"}]
    assert any(e.startswith("Timothy Cline (no date) Putin's Promise: Why Russia Backs Iran Amidst Western "
                            "Pressure, Russland Iran Bündnis.") for e in bibliography(items))


def _source(shipped: dict, source_id: str) -> dict:
    return next(s for s in shipped["sources"] if s["id"] == source_id)


def test_bibtex_parses_with_every_field_escaped():
    text = render_sources("bibtex").decode("utf-8")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    entries = {e.key: (e.entry_type, {f.key: f.value for f in e.fields}) for e in library.entries}
    assert entries["dated"] == ("article", {
        "title": r"{Moscow \& Tehran: A \textbraceleft{}Braced\textbraceright{} 100\% Deal}",
        "author": "{Jane Q. Writer}", "journaltitle": "Example News", "entrysubtype": "newspaper",
        "url": "https://news.example/articles/deal?id=1&x=%7B", "date": "2024-05-03", "urldate": "2025-01-02",
        "langid": "english"})
    assert entries["accessed-only"] == ("online", {"title": "{Das Bündnis}", "urldate": "2025-02", "langid": "german",
                                                   "note": "Translated from de."})
    assert entries["undated"] == ("misc", {"title": "{An undated statement}", "organization": "Ministry",
                                           "type": "Official statement"})


def test_bibtex_of_the_shipped_sources(run):
    result = run("sources", "--format", "bibtex")
    assert result.code == 0
    assert result.stdout == (
        "@online{inside-the-pact,\n"
        "  title = {{Inside the Russia-Iran Pact: Security, Sanctions \\& Secret Deals}},\n"
        "  langid = {english}\n}\n\n"
        "@online{putins-promise,\n"
        "  title = {{Putin's Promise: Why Russia Backs Iran Amidst Western Pressure}},\n"
        "  author = {{Timothy Cline}},\n"
        "  journaltitle = {Russland Iran Bündnis},\n"
        "  langid = {english}\n}\n")


def test_hostile_text_cannot_unbalance_or_run_latex():
    from alliance_cli.render.exports.citation_format import bibtex_entry

    entry = bibtex_entry({"id": "x", "title": "}\n@misc{evil, title={\\input{/etc/passwd}} %", "kind": "web article",
                          "site": "A\x1b[31m site", "url": "https://a.example/{x} y\\"})
    assert entry.count("{") == entry.count("}")
    library = bibtexparser.parse_string(entry)
    assert [e.key for e in library.entries] == ["x"] and not library.failed_blocks
    fields = {f.key: f.value for f in library.entries[0].fields}
    assert "\\input" not in fields["title"].replace("\\textbackslash{}input", "")
    assert fields["url"] == "https://a.example/%7Bx%7D%20y%5C"
    assert fields["journaltitle"] == "A\\textbackslash{}x1b[31m site"


def test_source_metadata_in_a_file_reaches_the_citations_and_the_stix_reports(run, write_base):
    """The fields travel from a real fact base file through the command line, not only in memory."""
    from exports_support import rich_base

    path = write_base(rich_base())
    assert run("validate", path).code == 0
    cited = {item["id"]: item for item in run("sources", "--format", "csl-json", "--file", path).json()}
    assert cited["dated"]["URL"] == "https://news.example/articles/deal?id=1&x=%7B"
    assert cited["dated"]["issued"] == {"date-parts": [[2024, 5, 3]]}
    assert cited["dated"]["accessed"] == {"date-parts": [[2025, 1, 2]]}
    assert "issued" not in cited["undated"] and "URL" not in cited["undated"]
    bundle = run("facts", "--format", "stix", "--file", path).json()
    reports = {r["name"]: r for r in bundle["objects"] if r["type"] == "report"}
    dated = reports["Moscow & Tehran: A {Braced} 100% Deal"]
    assert dated["published"].startswith("2024-05-03")
    assert {"url": "https://news.example/articles/deal?id=1&x=%7B"}.items() <= dated["external_references"][0].items()
