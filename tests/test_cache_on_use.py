"""A cache entry checked as it is used (`check_on_use`, the browser's way): each section when first read, each
block of facts' lines when a fact in it is first read; a damage found is never shown, and the entry goes."""
from __future__ import annotations

import asyncio
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import dump_yaml, minimal_base, minimal_fact

from alliance_cli.factbase import cache, loading
from alliance_cli.factbase.cache_entry import BLOCK, CachedFactBase, DamagedEntry

pytestmark = pytest.mark.own_cache

FACTS = 1000  # about 330 bytes of JSON each: the facts' lines span several blocks


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, Path]:
    """The fact base, parsed and cached once for the module: (its file, the cache folder holding its entry)."""
    folder = tmp_path_factory.mktemp("base")
    facts = [minimal_fact(f"sanctions-{n:03d}", statement=f"Statement number {n}.") for n in range(FACTS)]
    path = folder / "facts.yaml"
    path.write_text(dump_yaml(minimal_base(*facts)), encoding="utf-8")
    loading.load(str(path), {"XDG_CACHE_HOME": str(folder / "cache")})
    return path, folder / "cache"


@pytest.fixture
def variables(tmp_path, made) -> dict:
    """A cache folder of the test's own, holding a copy of the entry."""
    shutil.copytree(made[1], tmp_path / "cache")
    return {"XDG_CACHE_HOME": str(tmp_path / "cache")}


@pytest.fixture
def base(made) -> Path:
    return made[0]


def entry_file(variables: dict) -> Path:
    [entry] = (Path(variables["XDG_CACHE_HOME"]) / "alliance").glob(f"*{cache.SUFFIX}")
    return entry


def damage(entry: Path, section: str, at: int | None = None) -> None:
    """Flip one bit of `section` (at its middle, or `at` bytes into it)."""
    data = bytearray(entry.read_bytes())
    header_length = data.index(b"\n") + 1
    start, length, _ = json.loads(data[:header_length])["sections"][section]
    data[header_length + start + (length // 2 if at is None else at)] ^= 0x01
    entry.write_bytes(bytes(data))


def opened(path: Path, variables: dict) -> CachedFactBase:
    store = loading.load(str(path), variables, check_on_use=True)
    assert isinstance(store, CachedFactBase)
    return store


def test_the_facts_span_several_blocks(base, variables):
    store = opened(base, variables)
    assert store.lines()[0][-1] > 3 * BLOCK


def test_reading_a_fact_checks_its_block_alone(base, variables):
    store = opened(base, variables)
    assert store.fact(0)["id"] == "sanctions-000"
    assert sum(store._checked) == 1  # type: ignore[arg-type]
    assert store.fact(FACTS - 1)["id"] == f"sanctions-{FACTS - 1:03d}"
    assert sum(store._checked) == 2  # type: ignore[arg-type]


def test_a_damaged_block_not_read_does_not_stop_the_facts_before_it(base, variables):
    damage(entry_file(variables), "records", at=3 * BLOCK + 10)
    store = opened(base, variables)
    first = store.fact(0)
    assert first == loading.load(str(base), {}, use_cache=False).fact(0)


def test_a_damaged_block_is_never_served_and_the_entry_is_removed(base, variables):
    entry = entry_file(variables)
    damage(entry, "records", at=3 * BLOCK + 10)
    store = opened(base, variables)
    last = store._offsets
    damaged = next(n for n in range(FACTS) if last[n] <= 3 * BLOCK + 10 < last[n + 1])
    with pytest.raises(DamagedEntry, match=re.escape("is damaged (records, block 3); it was removed")):
        store.fact(damaged)
    assert not entry.exists()
    assert loading.load(str(base), variables).fact(damaged) == loading.load(str(base), {}, False).fact(damaged)


def test_all_the_lines_at_once_are_checked_whole(base, variables):
    damage(entry_file(variables), "records")
    store = opened(base, variables)
    with pytest.raises(DamagedEntry):
        store.lines()


@pytest.mark.parametrize("section", ["column:stance", "facet:themes", "ids", "offsets", "blocks"])
def test_a_damaged_section_is_found_when_first_read(base, variables, section):
    damage(entry_file(variables), section)
    store = opened(base, variables)
    with pytest.raises(DamagedEntry):
        if section == "ids":
            store.ids  # noqa: B018
        elif section.startswith("column:"):
            store.column("stance")
        elif section.startswith("facet:"):
            store.facet("themes")
        else:
            store.fact(0)
    assert loading.load(str(base), variables).ids == loading.load(str(base), {}, False).ids  # rebuilt


@pytest.mark.parametrize("section", ["sources", "entities", "extras"])
def test_a_section_read_as_it_opens_is_checked_as_it_opens(base, variables, section):
    damage(entry_file(variables), section)
    assert cache.read(variables, _digest(base), check_on_use=True) is None  # unusable: the caller rebuilds it
    assert loading.load(str(base), variables, check_on_use=True).entities == loading.load(str(base), {}, False).entities


@pytest.mark.parametrize("section", ["records", "blocks", "column:stance", "offsets"])
def test_a_query_still_checks_every_byte_as_the_entry_opens(base, variables, section):
    damage(entry_file(variables), section)
    assert cache.read(variables, _digest(base)) is None
    store, cold = loading.load(str(base), variables), loading.load(str(base), {}, False)  # rebuilt; and cold
    assert [store.fact(n) for n in range(FACTS)] == [cold.fact(n) for n in range(FACTS)]


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_browser_stops_with_the_message_rather_than_show_a_damaged_fact(base, variables):
    from alliance_cli.browse.app import BrowseApp
    from alliance_cli.browse.model import Browser

    damage(entry_file(variables), "records", at=10)  # the first fact: on the first screen
    app = BrowseApp(Browser(opened(base, variables)), str(base))

    async def session():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()

    with pytest.raises(DamagedEntry):  # (raised again by the pilot; `alliance browse` reports it in one line)
        asyncio.run(session())
    assert isinstance(app.failure, DamagedEntry)
    assert list((Path(variables["XDG_CACHE_HOME"]) / "alliance").glob(f"*{cache.SUFFIX}")) == []


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
