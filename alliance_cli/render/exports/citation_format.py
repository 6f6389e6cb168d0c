"""The sources as citations: CSL-JSON (Zotero, pandoc, citeproc) and BibLaTeX (pandoc, Zotero, biber).

Each carries what a source records: title, author, the site (as container or publisher, by kind),
url, published date (CSL `issued`, BibLaTeX `date`) and the date the capture was taken (CSL
`accessed`, BibLaTeX `urldate`). Nothing absent is invented: a source without a url or a date gets
none. An author is written as one literal name, never split into given and family names that the
source does not distinguish. A site recorded as "Not named in the capture" is not a publisher and is
left out. Titles are kept exactly as captured (BibLaTeX protects them from case changes).
"""
from __future__ import annotations

import json
import re
from typing import Any

from alliance_cli.query.catalog import Listing
from alliance_cli.render.view import View
from alliance_cli.text import fold, neutralise, uri

# source kind -> (CSL type, BibLaTeX entry type, field that holds the site, genre or None)
KINDS = {
    "web article": ("webpage", "online", "container-title", None),
    "news article": ("article-newspaper", "article", "container-title", None),
    "social media post": ("post", "online", "container-title", None),
    "report": ("report", "report", "publisher", "Report"),
    "transcript": ("document", "misc", "publisher", "Transcript"),
    "official statement": ("document", "misc", "publisher", "Official statement"),
    "document": ("document", "misc", "publisher", None),
}
OTHER_KIND = ("document", "misc", "publisher", None)
# BibLaTeX field for the site, by entry type (pandoc reads journaltitle as container-title and
# institution/organization as publisher; Zotero reads them as publication title and publisher).
BIBLATEX_SITE = {"online": "journaltitle", "article": "journaltitle", "report": "institution",
                 "misc": "organization"}
# BCP 47 primary language -> BibLaTeX `langid` (babel names, which pandoc maps back to BCP 47)
LANGIDS = {"en": "english", "de": "german", "fr": "french", "ru": "russian", "es": "spanish",
           "it": "italian", "ar": "arabic", "tr": "turkish", "zh": "chinese", "pt": "portuguese"}


def named_site(source: dict) -> str | None:
    """The site or publisher, or None when the capture names none ("Not named in the capture")."""
    site = source.get("site") or ""
    return None if not site.strip() or fold(site).startswith("not named") else site


def kind_of(source: dict) -> tuple[str, str, str, str | None]:
    return KINDS.get(source.get("kind", ""), OTHER_KIND)


def csl_item(source: dict) -> dict[str, Any]:
    csl_type, _, site_field, genre = kind_of(source)
    item: dict[str, Any] = {"id": source["id"], "type": csl_type, "title": source["title"]}
    if source.get("author"):
        item["author"] = [{"literal": source["author"]}]
    site = named_site(source)
    if site:
        item[site_field] = site
    if genre:
        item["genre"] = genre
    if source.get("url"):
        item["URL"] = uri(source["url"])
    for key, csl_key in (("published", "issued"), ("accessed", "accessed")):
        if source.get(key):
            item[csl_key] = {"date-parts": [[int(part) for part in str(source[key]).split("-")]]}
    if source.get("language"):
        item["language"] = source["language"]
    if source.get("translated"):
        original = source.get("original_language")
        item["note"] = "Translated" + (f" from {original}" if original else "") + "."
    return item


def sources_csl_json(listing: Listing, view: View) -> bytes:
    _only_sources(listing)
    items = [csl_item(row) for row in listing.rows]
    return json.dumps(items, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def sources_bibtex(listing: Listing, view: View) -> bytes:
    _only_sources(listing)
    return "\n".join(bibtex_entry(row) for row in listing.rows).encode("utf-8")


def bibtex_entry(source: dict) -> str:
    _, entry_type, _, genre = kind_of(source)
    fields: list[tuple[str, str]] = [("title", "{" + latex(source["title"]) + "}")]
    if source.get("author"):
        fields.append(("author", "{" + latex(source["author"]) + "}"))  # one name, taken whole
    site = named_site(source)
    if site:
        fields.append((BIBLATEX_SITE[entry_type], latex(site)))
    if entry_type == "article":
        fields.append(("entrysubtype", "newspaper"))
    if genre:
        fields.append(("type", latex(genre)))
    if source.get("url"):
        fields.append(("url", _url(uri(source["url"]))))
    if source.get("published"):
        fields.append(("date", str(source["published"])))
    if source.get("accessed"):
        fields.append(("urldate", str(source["accessed"])))
    language = str(source.get("language") or "").split("-")[0].lower()
    if language in LANGIDS:
        fields.append(("langid", LANGIDS[language]))
    if source.get("translated"):
        original = source.get("original_language")
        fields.append(("note", latex("Translated" + (f" from {original}" if original else "") + ".")))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{source['id']},\n{body}\n}}\n"


_LATEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%",
          "#": r"\#", "&": r"\&", "$": r"\$", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
_LATEX_SPECIAL = re.compile(r"[\\{}%#&$_^~]")


def latex(text: str) -> str:
    """Text as a BibLaTeX value: special characters escaped, so braces stay balanced and nothing runs."""
    flat = " ".join(neutralise(text).split())
    return _LATEX_SPECIAL.sub(lambda m: _LATEX[m.group()], flat)


def _url(url: str) -> str:
    """A url for BibLaTeX's verbatim url field: braces, backslashes and white space percent-encoded."""
    return re.sub(r"[{}\\\s]", lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url)


def citation_text(source: dict, url: bool = True) -> str:
    """One line to cite a source by: author, “title”, site, published, url, accessed."""
    parts = []
    if source.get("author"):
        parts.append(source["author"])
    parts.append(f"“{source['title']}”")
    site = named_site(source)
    if site:
        parts.append(site)
    parts.append(f"published {source['published']}" if source.get("published") else "publication date unknown")
    if url and source.get("url"):
        parts.append(source["url"])
    if source.get("accessed"):
        parts.append(f"accessed {source['accessed']}")
    return ", ".join(parts) + "."


def _only_sources(listing: Listing) -> None:
    if listing.rows and "sha256" not in listing.rows[0]:  # the typer command allows these for sources only
        from alliance_cli.errors import UsageProblem

        raise UsageProblem("csl-json and bibtex cite sources: use 'alliance sources --format csl-json'")
