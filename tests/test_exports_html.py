"""--format html: a self-contained brief, checked as HTML and in a real headless Chromium."""
from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser

import pytest
from exports_support import HOSTILE, render_facts, rich_base


class Page(HTMLParser):
    """Tags, attributes and visible text of a page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.title = ""
        self._open = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open = tag

    def handle_endtag(self, tag):
        self._open = ""

    def handle_data(self, data):
        if self._open == "title":
            self.title += data
        elif self._open != "style":
            self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())

    def all(self, tag: str, **attrs: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def test_the_brief_is_self_contained_and_holds_no_script_or_handler():
    page = Page(render_facts("html").decode("utf-8"))
    assert not page.all("script") and not page.all("link") and not page.all("img") and not page.all("iframe")
    assert not [a for _, attrs in page.tags for a in attrs if a.startswith("on") or a in ("src", "srcset")]
    [csp] = page.all("meta", **{"http-equiv": "Content-Security-Policy"})
    assert csp["content"] == "default-src 'none'; style-src 'unsafe-inline'"
    external = [a["href"] for a in page.all("a") if not a["href"].startswith("#")]
    assert external == ["https://news.example/articles/deal?id=1&x=%7B"]  # a source's url, to click; no fetch
    assert HOSTILE in page.plain and "sanctions fail <img src=x>" in page.plain  # shown as text


def test_selection_themes_notes_grades_and_disagreements():
    page = Page(render_facts("html", title="theme: security, economy").decode("utf-8"))
    text = page.plain
    assert "Russia–Iran alliance: 3 sourced claims Selection: theme: security, economy." in text
    assert [a["id"] for a in page.all("section")] == ["theme-security", "theme-sanctions", "theme-economy",
                                                      "disagreements", "grades", "notes", "sources"]
    assert "Russia and Iran signed a pact.1,2 asserted: The source states it as fact · credibility 2, probably " \
           "true · dated 2025-01 · security-001" in text
    assert "attributed to Vladimir Putin (President)" in text
    notes = [a["id"] for a in page.all("li") if a.get("id", "").startswith("note-")]
    assert notes == ["note-1", "note-2", "note-3", "note-4"]  # one per quote, reused where a fact recurs
    assert "Moscow & Tehran: A {Braced} 100% Deal, section “The deal”: the two signed a pact" in text
    assert len(page.all("div", **{"class": "side"})) == 2
    assert "Point: Which route An undated statement North trade runs north Moscow & Tehran: A {Braced} 100% " \
           "Deal South trade runs south" in text
    assert "6 Truth cannot be judged: no basis exists for evaluating the validity of the information. (1 here)" in text
    assert "Reliability B, usually reliable: An established outlet." in text
    quotes = {t: a for t, a in page.tags if t == "q" and a}
    assert quotes == {"q": {"lang": "en"}}  # quotes carry their source's language where known


def test_a_url_that_is_not_a_web_address_is_never_a_link():
    base = rich_base()
    base["sources"][0]["url"] = "javascript:alert(1)"
    page = Page(render_facts("html", base).decode("utf-8"))
    assert all(a["href"].startswith("#") for a in page.all("a"))
    assert "javascript:alert(1)" in page.plain  # still cited, as text


def test_the_shipped_contested_facts_as_a_brief(run, shipped):
    result = run("facts", "--contested", "--format", "html")
    assert result.code == 0
    page = Page(result.stdout)
    contested = [f for f in shipped["facts"] if f.get("disagreements")]
    assert f"Russia–Iran alliance: {len(contested)} sourced claims Selection: contested." in page.plain
    sides = sum(len(d["accounts"]) for f in contested for d in f["disagreements"])
    assert len(page.all("div", **{"class": "side"})) == sides
    assert len(page.all("article")) == len(contested)
    empty = run("facts", "--search", "nothing matches this", "--format", "html")
    assert empty.code == 0 and "No facts match the selection." in Page(empty.stdout).plain


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("CI needs Chromium for the browser tests; .ci/run installs Debian's chromium")
    pytest.skip("no Chromium here (Debian: apt-get install chromium chromium-driver); CI installs it")


def headless(page, tmp_path, *extra: str) -> str:
    """Open a local page in headless Chromium with a fresh profile; return the rendered DOM."""
    process = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         *extra, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=90)
    assert process.returncode == 0, process.stderr[-2000:]
    return process.stdout


@pytest.mark.browser
@pytest.mark.slow
def test_chromium_renders_the_brief_and_the_injected_script_never_runs(tmp_path):
    brief = tmp_path / "brief.html"
    brief.write_bytes(render_facts("html", title="theme: security"))
    shot = tmp_path / "brief.png"
    dom = headless(brief, tmp_path, "--window-size=1000,1400", f"--screenshot={shot}")
    page = Page(dom)
    assert "Russia and Iran signed a pact." in page.plain
    assert "the two signed a pact" in page.plain and "ein Vertrag über Bündnis" in page.plain
    assert HOSTILE in page.plain  # the statement shows the script as text
    assert "data-pwned" not in re.sub(r"&lt;script&gt;.*?&lt;/script&gt;", "", dom)
    assert page.title == "Russia–Iran alliance: 3 sourced claims"
    assert not page.all("body", **{"data-pwned": "yes"})
    assert not page.all("script")
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1000, 1400)
    assert len(png) > 20_000  # a drawn page, not a blank one


@pytest.mark.browser
@pytest.mark.slow
def test_chromium_here_does_run_scripts_so_the_test_above_means_something(tmp_path):
    control = tmp_path / "control.html"
    control.write_text("<!DOCTYPE html><html><body><script>document.body.setAttribute('data-ran', 'yes')"
                       "</script></body></html>", encoding="utf-8")
    assert Page(headless(control, tmp_path)).all("body", **{"data-ran": "yes"})
