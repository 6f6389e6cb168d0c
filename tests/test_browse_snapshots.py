"""Screenshots of `alliance browse` at 80×24 and 120×40, compared with the committed ones.

They use a small fact base made here, so an edit of the shipped facts does not
change them. After a deliberate change of the screens, look at the new pictures
(`pytest tests/test_browse_snapshots.py --snapshot-update` writes them to
tests/__snapshots__/) before committing them.
"""
from __future__ import annotations

import pytest
from conftest import minimal_base, minimal_fact

from alliance_cli.browse.app import BrowseApp
from alliance_cli.browse.model import Browser
from alliance_cli.factbase.loading import load

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.slow]

EVIDENCE = [{"source": "one", "section": "Heading", "quote": "both nations are heavily burdened"}]


def snapshot_base() -> dict:
    facts = [
        minimal_fact("security-001", themes=["security"], statement="Russia and Iran signed a partnership treaty.",
                     related=["divergence-001"]),
        minimal_fact("sanctions-001", themes=["sanctions", "economy"], stance="hedged", credibility=6,
                     statement="Sanctions may push both partners to trade in their own currencies."),
        minimal_fact("economy-001", themes=["economy"], actors=["Iran"], date="2024-01",
                     statement="A transport corridor is planned to link Russia with the Gulf through Iran."),
        minimal_fact("divergence-001", themes=["divergence", "security"], attributed_to="Russia",
                     statement="The treaty is not a mutual defence pact [bold]and[/bold] binds neither side to fight.",
                     disagreements=[{"point": "Whether the treaty binds either side to fight", "accounts": [
                         {"source": "one", "says": "It binds neither side.", "quote": "both nations"},
                         {"source": "one", "says": "It stops short of an alliance.", "quote": "heavily burdened"},
                     ]}]),
    ]
    return minimal_base(*facts)


@pytest.fixture
def app(write_base, tmp_path, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)  # the pictures are in colour, whatever the shell asks
    path = write_base(snapshot_base())
    store = load(str(path), {"XDG_CACHE_HOME": str(tmp_path / "cache")})
    return BrowseApp(Browser(store), str(path))


SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_the_list(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_a_search_and_an_open_fact_with_a_disagreement(snap_compare, app, size):
    assert snap_compare(app, press=["slash", *"treaty", "enter", "down", "enter"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_the_help(snap_compare, app, size):
    assert snap_compare(app, press=["question_mark"], terminal_size=size)
