"""`alliance browse` without a terminal: what it lists, what the detail pane and `c` show, the command line.

The interactive tests (Textual's headless pilot) are in test_browse_pilot.py; the
screenshots in test_browse_snapshots.py.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SHIPPED
from hypothesis import given
from hypothesis import strategies as st

from alliance_cli.browse.context import quotes_in_context
from alliance_cli.browse.model import Bar, Browser
from alliance_cli.browse.search_index import fold_many
from alliance_cli.environment import Environment
from alliance_cli.factbase.loading import load
from alliance_cli.query.passages import quotes_of
from alliance_cli.query.plan import FactFilters, Ordering
from alliance_cli.query.related import related_facts
from alliance_cli.text import fold


def fact_detail(store, ordinal, related):
    """The browser's fact pane, as the app builds it."""
    from rich.console import Group

    from alliance_cli.render.views.detail import Interactive, fact_parts

    return Group(*fact_parts(store, ordinal, related, Interactive()))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return load(str(SHIPPED), {"XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))})


def ids(store, ordinals):
    return [store.ids[n] for n in ordinals]


# Each case: the options of `alliance facts`, and the same as filters and ordering for the browser.
SAME_AS_FACTS = [
    ((), FactFilters(), Ordering()),
    (("--theme", "sanctions"), FactFilters(theme=("sanctions",)), Ordering()),
    (("--search", "araghtschi"), FactFilters(search=("araghtschi",)), Ordering()),
    (("--search", "bundnis", "--search", "russland"), FactFilters(search=("bundnis", "russland")), Ordering()),
    (("--search", "putin", "--stance", "hedged", "--stance", "opinion"),
     FactFilters(search=("putin",), stance=("hedged", "opinion")), Ordering()),
    (("-t", "security", "--contested", "--sort", "id", "--limit", "3"),
     FactFilters(theme=("security",), contested=True), Ordering(sort="id", limit=3)),
    (("--actor", "Vladimir Putin", "--uncontested", "--sort", "credibility"),
     FactFilters(actor=("Vladimir Putin",), contested=False), Ordering(sort="credibility")),
]


@pytest.mark.parametrize(("options", "filters", "ordering"), SAME_AS_FACTS)
def test_the_browser_lists_what_facts_lists(run, store, options, filters, ordering):
    expected = [fact["id"] for fact in run("facts", *options, "--json").json()]
    browser = Browser(store, filters, ordering)
    selection = browser.select(browser.initial_bar())
    assert ids(store, selection.ordinals) == expected
    assert not selection.pending


def test_the_bar_replaces_its_four_options_and_keeps_the_others(run, store):
    browser = Browser(store, FactFilters(theme=("security",), search=("iran", "putin"), actor=("Iran",)))
    assert browser.initial_bar() == Bar(search="iran", themes=("security",))
    bar = Bar(search="drone", themes=("security", "economy"), stances=("asserted",), contested=False)
    expected = run("facts", "-t", "security", "-t", "economy", "--search", "drone", "--search", "putin",
                   "--actor", "Iran", "--stance", "asserted", "--uncontested", "--json").json()
    selection = browser.select(bar)
    assert ids(store, selection.ordinals) == [f["id"] for f in expected]
    assert selection.caption == ("theme: security, economy; actor: Iran; search: drone, putin; stance: asserted; "
                                 "uncontested")


def test_typing_and_deleting_give_what_a_fresh_search_gives(store):
    """Kept results and narrowing must never change an answer: names with other spellings, short words
    held whole (`us`, then `usa`), phrases, hyphens."""
    typing = Browser(store)
    typed = ["p", "pu", "put", "puti", "putin", "putin ", "puti", "p", "", "a", "ar", "araghtsch", "araghtschi",
             "arag", "x", "u", "us", "usa", "us", "abbas", "abbas ", "abbas a", "abbas araghchi", '"north',
             '"north south"', "russia-", "russia-iran", "russia iran", "tehran", "teh", "sanction drone", "sanction"]
    for text in typed:
        fresh = Browser(store).select(Bar(search=text)).ordinals
        assert typing.select(Bar(search=text)).ordinals == fresh, text


def test_a_search_waits_for_the_index_only_when_asked(store):
    browser = Browser(store)
    selection = browser.select(Bar(search="putin"), wait=False)
    assert selection.pending and len(selection.ordinals) == len(store)
    browser.index.build()
    assert not browser.select(Bar(search="putin"), wait=False).pending


def test_the_search_index_is_kept_in_the_cache_and_read_back(tmp_path, monkeypatch):
    from alliance_cli.browse import search_index as model
    from alliance_cli.factbase import cache

    variables = {"XDG_CACHE_HOME": str(tmp_path)}
    load(str(SHIPPED), variables)  # the first load parses; the next reads the entry, which the index is kept by
    store = load(str(SHIPPED), variables)
    built = Browser(store, cache=variables).index.haystacks()
    assert built == [fold(model.raw_searchable(store.fact(n))) for n in range(len(store))]
    monkeypatch.setattr(model, "fold_many", lambda texts: pytest.fail("folded again"))
    assert Browser(load(str(SHIPPED), variables), cache=variables).index.haystacks() == built
    [kept] = (tmp_path / "alliance").glob(f"*{cache.BLOB_SUFFIX}")
    kept.write_bytes(kept.read_bytes()[:-1] + b"!")  # damaged: folded again, never served
    with pytest.raises(pytest.fail.Exception, match="folded again"):
        Browser(load(str(SHIPPED), variables), cache=variables).index.haystacks()


def test_folding_in_bulk_is_folding_one_by_one():
    texts = ["Bündnis", "ARAGHTSCHI", "ﬁne ½", "e\u0301\u0323", "straße", "", "a\x00b", "Ελλάς Σ", "Łódź’s North–South"]
    assert fold_many(texts) == [fold(t) for t in texts]
    assert fold_many([*texts, "a\x01b"]) == [fold(t) for t in [*texts, "a\x01b"]]  # the separator itself


def plain(renderable, width: int = 100) -> str:
    from rich.console import Console

    console = Console(width=width, record=True, color_system=None, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(renderable)
    console.file.close()
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def test_the_detail_pane_shows_what_show_shows_with_disagreements_side_by_side(run, store):
    ordinal = store.ordinal_of["divergence-003"]
    detail = fact_detail(store, ordinal, related_facts(store, ordinal))
    shown = plain(detail, width=400)  # wide enough that nothing wraps
    fact = store.fact(ordinal)
    for text in [fact["statement"], fact["credibility_rationale"], "Contested      yes, see below",
                 *(e["section"] for e in fact["evidence"]), *(e["quote"] for e in fact["evidence"])]:
        assert text in shown
    for source in store.sources:
        assert source["reliability_rationale"] in shown
    first = fact["disagreements"][0]
    lines = plain(detail, width=100).splitlines()
    heading = next(n for n, line in enumerate(lines) if line.startswith("Disagreement: "))
    assert lines[heading + 1].split() == [a["source"] for a in first["accounts"]]  # one column per account
    assert lines[heading + 2].startswith(first["accounts"][0]["says"][:40])
    assert lines[heading + 2][50:].strip().startswith(first["accounts"][1]["says"][:30])
    assert "Related facts (r: open one)" in shown
    assert "1. divergence-002" in shown and "2. divergence-004" in shown
    show_lines = [line.strip() for line in run("show", "divergence-003", width=400).stdout.splitlines()]
    for label in ("Themes", "Actors", "Attributed to", "Stance", "Credibility", "Rubric grade", "why "):
        assert next(line for line in show_lines if line.startswith(label)) in shown


def test_the_detail_pane_keeps_hostile_text_inert(write_base, tmp_path):
    from conftest import minimal_base, minimal_fact

    hostile = "[bold red]x[/] :smile: \x1b[2J \u202egnp.exe"
    path = write_base(minimal_base(minimal_fact(statement=hostile)))
    base = load(str(path), {"XDG_CACHE_HOME": str(tmp_path / "cache")})
    shown = plain(fact_detail(base, 0, []))
    assert "[bold red]x[/] :smile: \\x1b[2J <U+202E>gnp.exe" in shown


def test_c_shows_each_quote_in_the_passage_that_show_context_gives(run, store):
    ordinal = store.ordinal_of["security-006"]
    shown = plain(quotes_in_context(store, str(SHIPPED), ordinal, Environment(io.BytesIO(), io.StringIO())),
                  width=1000)
    passages = [line.strip() for line in run("show", "security-006", "--context").stdout.splitlines()
                if "«" in line]
    assert len(passages) == sum(1 for _ in quotes_of(store.fact(ordinal)))
    for passage in passages:  # the same sentences, the quote marked the same way
        assert passage in shown
    assert "[1] Inside the Russia-Iran Pact: Security, Sanctions & Secret Deals (source inside-the-pact)" in shown
    assert "Forging a New Eastern Axis: The Russia-Iran Strategic Imperative" in shown
    assert "inside-the-russia-iran-pact.txt, line 6, column 204, characters" in shown


def test_c_says_where_it_looked_for_a_capture_it_cannot_find(write_base, tmp_path):
    from conftest import minimal_base

    path = write_base(minimal_base())  # its source records a sha256 that no capture has
    base = load(str(path), {"XDG_CACHE_HOME": str(tmp_path / "cache")})
    shown = " ".join(plain(quotes_in_context(base, str(path), 0, Environment(io.BytesIO(), io.StringIO())),
                           width=1000).split())
    assert shown.startswith("sanctions-001: the quotes in their articles Escape or c goes back source one: "
                            "capture 'inside-the-russia-iran-pact.txt' not found; looked in ")
    assert "Point at the folder holding it with 'captures: FOLDER'" in shown


def test_browse_needs_a_terminal(run):
    result = run("browse", "--theme", "sanctions")
    assert result.code == 2 and result.stdout == ""
    assert result.error_lines == ["alliance: error: browse is interactive and needs a terminal (stdin, stdout and "
                                  "stderr on it); to list facts into a pipe or a file, use 'alliance facts' with "
                                  "the same options"]


def test_browse_refuses_a_redirected_stderr_where_textual_would_draw(run):
    result = run("browse", tty=True, stdin_tty=True, stderr_tty=False)  # `alliance browse 2>/dev/null`
    assert result.code == 2 and "needs a terminal (stdin, stdout and stderr on it)" in result.stderr


def test_browse_checks_its_filters_like_facts(run):
    result = run("browse", "--theme", "sanctons", tty=True)
    assert result.code == 2
    assert "unknown theme 'sanctons' (did you mean 'sanctions'?)" in result.stderr


def test_help_lists_browse_and_its_help_shows_keys_and_examples(capsys):
    from alliance_cli.cli.app import main

    assert main(["--help"]) == 0
    import re

    assert re.search(r"^  browse +Browse the facts on a terminal: filter as you type", capsys.readouterr().out, re.M)
    assert main(["browse", "--help"]) == 0
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
    examples = lines.index("Examples:")
    assert lines[examples + 1:examples + 4] == ["alliance browse", "alliance browse --theme sanctions",
                                                "alliance browse --search araghchi --contested"]
    assert "Keys: / search, Enter open, Escape back, Tab next pane, r related, c quote in context, y copy id, e export, o read the fact's article, ? help, q quit." in " ".join(lines)
    assert "--no-pager" not in " ".join(lines) and "--json" not in " ".join(lines)


def test_only_browse_imports_textual(tmp_path):
    """The main job (fast path), a typer-path listing and the help that names every command, in one process."""
    probe = ("import sys\nfrom alliance_cli.cli.entry import main\n"
             "for args in (['facts', '--theme', 'sanctions', '--json'], ['facts', '--search', 'putin'], ['--help']):\n"
             "    sys.argv = ['alliance', *args]\n    assert main() == 0, args\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'), file=sys.stderr)\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "[]"


@pytest.mark.parametrize(("before", "now", "expected"), [
    ("sanc", "sanction", True),  # more of a word
    ("puti", "putin", False),  # now a name (Vladimir Putin): judged conservatively, scanned again
    ("sanction", "sanction drone", True),  # one more word
    ("us", "usa", False),  # a short word is held whole: "usa" is not "us"
    ("araghtsch", "araghtschi", False),  # now a name: its other spellings match too
    ("putin", "puti", False),
])
def test_a_search_narrows_another_only_when_it_must(store, before, now, expected):
    from alliance_cli.browse.model import narrows
    from alliance_cli.query.search import compile_search

    assert narrows(compile_search(store, (now,)), compile_search(store, (before,))) is expected


def test_a_name_that_names_nothing_stops_browse_before_it_starts(run, monkeypatch):
    from alliance_cli.browse.app import BrowseApp

    monkeypatch.setattr(BrowseApp, "run", lambda app: pytest.fail("the app must not start"))
    before = os.environ.get("NO_COLOR")
    result = run("browse", "--actor", "Putn", tty=True, stdin_tty=True, stderr_tty=True)
    assert os.environ.get("NO_COLOR") == before  # no colour here: browse sets NO_COLOR only to make the app
    assert result.code == 2
    assert result.error_lines == run("facts", "--actor", "Putn").error_lines == [
        "alliance: error: --actor: no entity named 'Putn' (did you mean 'Vladimir Putin'?); "
        "'alliance actors' lists them"]


SEARCH_CASES = ["a", "ar", "us", "sanc", "sanction drone", "araghtschi", "abbas araghchi", "russia-iran",
                '"north south"', "Putin's", "u.s.", "(iran)", "c++", "a|b", "100%", "nord-süd"]


@pytest.mark.parametrize("text", SEARCH_CASES)
def test_search_patterns_start_words_where_a_word_starts(store, text):
    """Patterns put "a word starts here" after the first word (the fast form); they match exactly
    where the plain form `(?<!\\w)word…` would."""
    import re

    from alliance_cli.query.search import compile_search

    haystacks = Browser(store).index.haystacks() + ["a", "ba", "a-b", "x us y", "usa", "north - south"]
    for term in compile_search(store, (text,)).terms:
        alternatives = re.split(r"(?<!\\)\|", term.pattern.pattern)
        plain_form = [re.sub(r"^((?:\\.|[^\\(\[])+)\(\?<!\\w(?:\\.|[^)])+\)", r"(?<!\\w)\1", a) for a in alternatives]
        assert sum(a != b for a, b in zip(alternatives, plain_form, strict=True)) == sum(
            a[:1].isalnum() for a in alternatives)  # every alternative that starts with a word was rewritten
        plain = re.compile("|".join(plain_form))
        for haystack in haystacks:
            assert [m.span() for m in term.pattern.finditer(haystack)] == [m.span() for m in plain.finditer(haystack)]

MORE_TEXTS = ["vladimir  putin", "putina", "u.s.", "united-states", "abbas", "", "a", "ba", "a-b", "x us y", "usa",
              "north - south", "us", "\x02us\x02", "putin\x02", "\x02vladimir putin", "кремль us", "🙂 araghchi"]


@pytest.mark.parametrize("text", [*SEARCH_CASES, "putin", "vladimir putin", "tehran", "united states", "araghchi"])
def test_a_search_of_the_index_in_chunks_is_the_search_of_each_text_alone(store, text):
    """`search_index.matching` searches each text's span of its chunk, and a term of several alternatives
    by their leads first: the answer is the pattern's on each text as a string of its own."""
    import re

    from alliance_cli.browse.search_index import PER_CHUNK, matching, pack
    from alliance_cli.query.search import compile_search

    haystacks = Browser(store).index.haystacks() + MORE_TEXTS
    haystacks = haystacks * (PER_CHUNK // len(haystacks) + 2)  # over several chunks
    texts = pack(haystacks)
    assert len(texts.chunks) > 1
    chosen = list(range(len(haystacks)))
    for term in compile_search(store, (text,)).terms:
        alternatives = re.split(r"(?<!\\)\|", term.pattern.pattern)
        assert len(term.leads) == len(dict.fromkeys(term.leads)) <= len(alternatives)
        assert all(any(a.startswith(re.escape(lead)) for lead in term.leads) for a in alternatives)
        assert matching(texts, term, chosen) == [n for n in chosen if term.pattern.search(haystacks[n])]
        assert matching(texts, term, chosen[::3]) == [n for n in chosen[::3] if term.pattern.search(haystacks[n])]


def test_the_search_s_patterns_look_behind_a_word_only_for_a_word_character(store):
    """What makes a search of a text's span of a chunk that of the text alone (`search_index`): no `^`, `\\A`,
    `\\b` or `\\B`, and no look-behind but `(?<!\\w…)`, which sees the non-word character between texts."""
    import re

    from alliance_cli.query.search import compile_search

    cases = [*SEARCH_CASES, "putin", "united states", "^a", "a$", "\\b", "(?<=x)", '"a b" c-d']
    for text in cases:
        for term in compile_search(store, (text,)).terms:
            bare = re.sub(r"\\.", "", term.pattern.pattern)  # escaped characters are literal text
            assert not re.search(r"\^|\(\?<=", bare), term.pattern.pattern
            assert not re.search(r"\\[AbB]", term.pattern.pattern.replace("\\\\", "")), term.pattern.pattern
            assert all(m.group(1) == "\\w" for m in re.finditer(r"\(\?<!(..)", term.pattern.pattern))


@given(st.lists(st.text(alphabet="ab -\x02\x00éц🙂", max_size=8), max_size=40), st.text(alphabet="ab -éц🙂", min_size=1,
                                                                                     max_size=5))
def test_any_texts_and_words_give_the_search_of_each_text_alone(store, texts, word):
    from alliance_cli.browse import search_index
    from alliance_cli.query.search import compile_search

    packed = search_index.pack(texts)
    try:
        terms = compile_search(store, (word,)).terms
    except Exception:  # a search of no words
        return
    for term in terms:
        chosen = list(range(len(texts)))
        assert search_index.matching(packed, term, chosen) == [n for n in chosen if term.pattern.search(texts[n])]
        for lead in term.leads:
            assert search_index._holding(packed, lead) == {n for n in chosen if lead in texts[n]}


@pytest.mark.parametrize("texts", [[], [""], ["a"], ["a", "", "b\x02c", "é🙂"] * 700])
def test_the_kept_index_is_read_back_as_it_was_and_damage_is_none(texts):
    from alliance_cli.browse import search_index

    packed = search_index.pack(texts)
    data = search_index._encoded(packed)
    assert search_index._decoded(data, len(texts)) == packed
    assert search_index._decoded(data, len(texts) + 1) is None
    assert search_index._decoded(data[:-1], len(texts)) is None
    assert search_index._decoded(data + b"x", len(texts)) is None
    assert search_index._decoded(data[:7], len(texts)) is None
