"""HTML: a self-contained brief for editors who read in a browser.

One file, no script, no external request (a Content-Security-Policy forbids both, should anything
slip through): the selection at the top; the statements grouped by theme, each with its stance and
grade in words and numbered notes citing source, section and exact quote; the disagreements with
the sources side by side; what each grade means; the sources with their citations. Every piece of
fact-base text is escaped and its control characters made visible, so it is shown, never run.
"""
from __future__ import annotations

import html
import re

from alliance_cli import __version__
from alliance_cli.factbase.store import Fact, Store, cited_sources, is_contested
from alliance_cli.factbase.vocabulary import (
    ARTICLE,
    CREDIBILITY,
    CREDIBILITY_LABEL,
    RELIABILITY,
    RELIABILITY_LABEL,
    STANCES,
    THEMES,
)
from alliance_cli.render.exports.citation_format import citation_text
from alliance_cli.render.view import View
from alliance_cli.text import neutralise, uri

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_WEB_URL = re.compile(r"^https?://", re.IGNORECASE)

STYLE = """
body { font: 16px/1.5 Georgia, 'Times New Roman', serif; color: #1a1a1a; background: #fff; margin: 0 auto;
       max-width: 60rem; padding: 1.5rem; }
h1 { font-size: 1.7rem; margin-bottom: .3rem; } h2 { border-bottom: 1px solid #bbb; margin-top: 2.2rem; }
.selection { font-size: 1.1rem; background: #f3f1ea; padding: .5rem .8rem; border-left: 4px solid #8a6d1f; }
.definition, .meta, .lede { color: #555; } .meta { font-size: .85rem; margin: .1rem 0 0; }
ul.facts > li { margin-bottom: .9rem; } .statement { margin: 0; }
.grade { font-weight: bold; } .id { font-family: monospace; }
sup a { text-decoration: none; } .notes { margin-left: .1rem; } q { font-style: italic; }
.sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1rem; }
.side { border: 1px solid #ccc; border-radius: 4px; padding: .6rem .8rem; background: #fafafa; }
.side h4 { margin: 0 0 .3rem; } blockquote { margin: .4rem 0 0; padding-left: .7rem; border-left: 3px solid #bbb; }
dt { font-weight: bold; } dd { margin: 0 0 .5rem 1.5rem; }
footer { margin-top: 3rem; font-size: .8rem; color: #777; }
@media print { body { max-width: none; } a { color: inherit; } }
"""


def esc(text: object) -> str:
    """Fact-base text as HTML text: escaped, control and bidi characters shown, never interpreted."""
    return html.escape(neutralise(str(text)), quote=True)


def facts_html(store: Store, ordinals: list[int], view: View) -> bytes:
    facts = [store.fact(n) for n in ordinals]
    notes = _Notes(store)
    plural = "" if len(facts) == 1 else "s"
    heading = f"Russia–Iran alliance: {len(facts)} sourced claim{plural}"
    selection = esc(view.title) if view.title else "every fact in the fact base"
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{heading}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
        "<header>", f"<h1>{heading}</h1>", f'<p class="selection">Selection: {selection}.</p>',
        '<p class="lede">Each statement is in our words and no stronger than its source; the numbered notes give '
        "the source, section and exact quote. Stance says how firmly the source puts it; grades follow the "
        'NATO/Admiralty system (see <a href="#grades">Grades</a>).</p>', "</header>", "<main>",
    ]
    if not facts:
        parts.append("<p>No facts match the selection.</p>")
    first_place: dict[str, str] = {}
    for theme, definition in THEMES.items():
        members = [f for f in facts if theme in f["themes"]]
        if not members:
            continue
        parts += [f'<section id="theme-{theme}">', f"<h2>{theme.capitalize()}</h2>",
                  f'<p class="definition">{esc(definition)}</p>', '<ul class="facts">']
        for fact in members:
            anchor = f"{theme}-{fact['id']}"
            first_place.setdefault(fact["id"], anchor)
            parts.append(_fact_item(fact, anchor, notes))
        parts += ["</ul>", "</section>"]
    contested = [f for f in facts if is_contested(f)]
    if contested:
        parts += ['<section id="disagreements">', "<h2>Where the sources disagree</h2>"]
        parts += [_disagreements(store, fact) for fact in contested]
        parts.append("</section>")
    parts += _grades(facts)
    if notes.items:
        parts += ['<section id="notes">', "<h2>Notes</h2>", "<ol>"]
        for number, (fact_id, source, section, quote) in enumerate(notes.items, start=1):
            parts.append(f'<li id="note-{number}">{_source_name(source)}, section “{esc(section)}”: '
                         f"{_quote(source, quote)} "
                         f'<a href="#{esc(first_place[fact_id])}" title="back to fact {esc(fact_id)}">↩</a></li>')
        parts += ["</ol>", "</section>"]
    parts += _sources(store, facts)
    parts += ["</main>", f"<footer>Exported by alliance {esc(__version__)}.</footer>", "</body>", "</html>"]
    return ("\n".join(parts) + "\n").encode("utf-8")


class _Notes:
    """Numbered notes, one per piece of evidence, numbered in order of first use."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.items: list[tuple[str, dict, str, str]] = []
        self.number: dict[tuple[str, int], int] = {}

    def refs(self, fact: Fact) -> str:
        links = []
        for index, evidence in enumerate(fact["evidence"]):
            key = (fact["id"], index)
            if key not in self.number:
                source = self.store.source_by_id[evidence["source"]]
                self.items.append((fact["id"], source, evidence["section"], evidence["quote"]))
                self.number[key] = len(self.items)
            number = self.number[key]
            links.append(f'<a href="#note-{number}">{number}</a>')
        return f'<sup class="notes">{",".join(links)}</sup>'


def _fact_item(fact: Fact, anchor: str, notes: _Notes) -> str:
    grade = fact["credibility"]
    meaning = CREDIBILITY[grade]
    meta = [f'<span class="stance" title="{esc(STANCES[fact["stance"]])}">{esc(fact["stance"])}: '
            f"{esc(STANCES[fact['stance']].rstrip('.'))}</span>",
            f'<span class="grade" title="{esc(meaning)}">credibility {grade}, '
            f"{esc(CREDIBILITY_LABEL[grade].lower())}</span>"]
    speaker = fact["attributed_to"]
    if speaker != ARTICLE or fact.get("attributed_role"):
        role = f" ({esc(fact['attributed_role'])})" if fact.get("attributed_role") else ""
        meta.append(f"attributed to {esc(speaker)}{role}")
    if fact.get("date"):
        meta.append(f"dated {esc(fact['date'])}")
    if is_contested(fact):
        meta.append(f'<a href="#disagree-{esc(fact["id"])}">contested</a>')
    meta.append(f'<span class="id">{esc(fact["id"])}</span>')
    return (f'<li id="{esc(anchor)}">\n<p class="statement">{esc(fact["statement"])}{notes.refs(fact)}</p>\n'
            f'<p class="meta">{" · ".join(meta)}</p>\n</li>')


def _disagreements(store: Store, fact: Fact) -> str:
    parts = [f'<article id="disagree-{esc(fact["id"])}">',
             f'<h3>{esc(fact["statement"])} <span class="id">({esc(fact["id"])})</span></h3>']
    for disagreement in fact.get("disagreements") or []:
        parts += [f"<p><strong>Point:</strong> {esc(disagreement['point'])}</p>", '<div class="sides">']
        for account in disagreement["accounts"]:
            source = store.source_by_id[account["source"]]
            parts.append(f'<div class="side">\n<h4>{_source_name(source)}</h4>\n<p>{esc(account["says"])}</p>\n'
                         f"<blockquote>{_quote(source, account['quote'])}</blockquote>\n</div>")
        parts.append("</div>")
    parts.append("</article>")
    return "\n".join(parts)


def _grades(facts: list[Fact]) -> list[str]:
    parts = ['<section id="grades">', "<h2>Grades</h2>",
             "<p>Information credibility (NATO/Admiralty, STANAG 2511), from 1 (best) to 6:</p>", "<dl>"]
    for number, meaning in CREDIBILITY.items():
        count = sum(1 for f in facts if f["credibility"] == number)
        parts.append(f"<dt>{number}</dt>\n<dd>{esc(meaning)} ({count} here)</dd>")
    parts += ["</dl>", "<p>Source reliability, from A (best) to F:</p>", "<dl>"]
    for grade, meaning in RELIABILITY.items():
        parts.append(f"<dt>{grade}</dt>\n<dd>{esc(meaning)}</dd>")
    parts += ["</dl>", "<p>Stance, how firmly the source puts a claim:</p>", "<dl>"]
    for stance, meaning in STANCES.items():
        parts.append(f"<dt>{esc(stance)}</dt>\n<dd>{esc(meaning)}</dd>")
    parts += ["</dl>", "</section>"]
    return parts


def _sources(store: Store, facts: list[Fact]) -> list[str]:
    cited = {s for f in facts for s in cited_sources(f)}
    sources = [s for s in store.sources if s["id"] in cited]
    if not sources:
        return []
    parts = ['<section id="sources">', "<h2>Sources</h2>", "<ul>"]
    for source in sources:
        grade = source["reliability"]
        url = source.get("url")
        link = (f' <a href="{esc(uri(url))}" rel="noreferrer noopener">{esc(url)}</a>'
                if url and _WEB_URL.match(url) else "")
        parts.append(f'<li id="source-{esc(source["id"])}">{esc(citation_text(source, url=not link))}{link} '
                     f'<span class="grade" title="{esc(RELIABILITY[grade])}">Reliability {grade}, '
                     f"{esc(RELIABILITY_LABEL[grade].lower())}</span>: "
                     f"{esc(source['reliability_rationale'])}</li>")
    parts += ["</ul>", "</section>"]
    return parts


def _source_name(source: dict) -> str:
    return f'<a href="#source-{esc(source["id"])}"><cite>{esc(source["title"])}</cite></a>'


def _quote(source: dict, quote: str) -> str:
    language = str(source.get("language") or "")
    lang = f' lang="{esc(language)}"' if _LANGUAGE_TAG.match(language) else ""
    return f"<q{lang}>{esc(quote)}</q>"
