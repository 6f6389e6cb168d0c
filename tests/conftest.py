"""Run alliance in-process with a fake terminal, and build small fact bases for tests."""
from __future__ import annotations

import copy
import functools
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

# Property tests: a quick pass in every run, and CI's own step runs them again with
# `--hypothesis-profile thorough` (sixteen times the examples), so the suite stays fast.
settings.register_profile("default", max_examples=25)
settings.register_profile("thorough", max_examples=400)
settings.load_profile("default")

from alliance_cli.cli.app import main
from alliance_cli.environment import Environment

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "facts.yaml"
CAPTURES = ROOT / "captures"
# The same captured articles, laid beside the checkout by the workspace and by CI; only
# test_reading.py's comparison reads it.
SHARED_SOURCES = ROOT.parent / "shared" / "sources"


@functools.cache
def schema_validator():
    """A validator of the committed JSON Schema, made when a test first needs it.

    Importing jsonschema takes 2 s (a dependency of stix2-validator builds an IRI grammar with lark as it
    loads), so no test module imports it at collection, which each xdist worker does for every module.
    """
    import jsonschema

    from alliance_cli.factbase import schema

    return jsonschema.Draft202012Validator(schema.json_schema())


@pytest.fixture
def captures() -> Path:
    """The repository's own captured articles: every test that reads them takes this fixture."""
    return CAPTURES


@dataclass
class Result:
    code: int
    stdout_bytes: bytes
    stderr: str

    @property
    def stdout(self) -> str:
        return self.stdout_bytes.decode("utf-8")

    def json(self):
        return json.loads(self.stdout_bytes)

    @property
    def error_lines(self) -> list[str]:
        return self.stderr.splitlines()


class Runner:
    """`run(*args)` runs alliance as a user would, with the terminal described by the keywords."""

    def __init__(self, cache_home: Path) -> None:
        self.variables = {"XDG_CACHE_HOME": str(cache_home), "HOME": str(cache_home)}

    def __call__(self, *args: str, tty: bool = False, color: bool = False, width: int | None = None,
                 encoding: str = "utf-8", variables: dict | None = None, stdout=None,
                 stdin_tty: bool = False, stderr_tty: bool = False) -> Result:
        out = stdout if stdout is not None else io.BytesIO()
        err = io.StringIO()
        env = Environment(stdout=out, stderr=err, stdout_isatty=tty, stdout_encoding=encoding, color=color,
                          width=width, height=40 if tty else None, pager=None,
                          variables={**self.variables, **(variables or {})},
                          stdin_isatty=stdin_tty, stderr_isatty=stderr_tty)
        code = main([str(a) for a in args], env=env)
        return Result(int(code), out.getvalue() if stdout is None else b"", err.getvalue())


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory) -> Path:
    """One cache folder for the whole run: a base already loaded by an earlier test is read warm.

    The cache is keyed by content and code, and must give what a cold load gives, so sharing it
    is also a test of that; a first load cost 41 ms and a warm one 6 ms, for a thousand runs.
    """
    return tmp_path_factory.mktemp("session-cache")


@pytest.fixture
def run(request, tmp_path_factory, session_cache) -> Runner:
    """alliance in-process; with the session's cache, or its own for a test marked `own_cache`."""
    if request.node.get_closest_marker("own_cache"):
        return Runner(tmp_path_factory.mktemp("cache"))
    return Runner(session_cache)


@pytest.fixture(scope="session")
def shipped_once() -> dict:
    """The shipped fact base as plain data, parsed once (with libyaml) for the whole run."""
    return yaml.load(SHIPPED.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


@pytest.fixture
def shipped(shipped_once) -> dict:
    """A copy each test may change."""
    return copy.deepcopy(shipped_once)


def minimal_fact(fact_id: str = "sanctions-001", **changes) -> dict:
    fact = {
        "id": fact_id,
        "statement": "Both partners are under Western sanctions.",
        "themes": ["sanctions"],
        "actors": ["Russia", "Iran"],
        "attributed_to": "the article",
        "stance": "asserted",
        "credibility": 3,
        "credibility_rationale": "One source.",
        "evidence": [{"source": "one", "section": "Heading", "quote": "both nations are heavily burdened"}],
    }
    fact.update(changes)
    return fact


def minimal_base(*facts: dict) -> dict:
    return {
        "sources": [{"id": "one", "title": "An article", "site": "A site", "kind": "web article",
                     "file": "inside-the-russia-iran-pact.txt", "sha256": "0" * 64, "reliability": "F",
                     "reliability_rationale": "No basis to judge."}],
        "entities": [{"name": "Russia", "kind": "country", "aliases": ["Moscow"]},
                     {"name": "Iran", "kind": "country", "aliases": ["Tehran"]}],
        "facts": list(facts) or [minimal_fact()],
    }


def dump_yaml(data) -> str:
    """YAML text for test data, by libyaml's emitter: the pure-Python one took a tenth of the suite."""
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)


@pytest.fixture
def write_base(tmp_path):
    """Write a fact base (data, or YAML text as given) to a file and return its path."""
    counter = iter(range(10_000))

    def write(content, name: str | None = None) -> Path:
        path = tmp_path / (name or f"facts-{next(counter)}.yaml")
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(dump_yaml(content), encoding="utf-8")
        return path

    return write


# --- the trust base: a small fact base of hand-picked hard cases, for names and search ------------------------------

@pytest.fixture
def base(write_base):
    """The trust base (trust_fixtures.trust_base) written to a file."""
    from trust_fixtures import trust_base

    return write_base(trust_base())


def found(run, base, *args) -> list[str]:
    """The ids `facts --json` lists from `base` with `args`; the run must succeed."""
    result = run("facts", "--file", base, "--json", *args)
    assert result.code == 0, result.stderr
    return [fact["id"] for fact in result.json()]


# --- a fact base kept as a folder of files (test_directory.py, test_incremental.py) -----------------------------

class Dumper(yaml.CSafeDumper):
    def ignore_aliases(self, data):  # alliance refuses anchors and aliases
        return True


def dump(data, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def shipped_folder(tmp_path, shipped) -> Path:
    """The shipped fact base split as a team would keep it: sources, entities, and facts by theme."""
    folder = tmp_path / "base"
    dump({"sources": shipped["sources"]}, folder / "sources.yaml")
    dump({"entities": shipped["entities"]}, folder / "entities.yaml")
    for theme in ("divergence", "economy", "sanctions", "security"):
        dump({"facts": [f for f in shipped["facts"] if f["id"].startswith(theme)]}, folder / "facts" / f"{theme}.yaml")
    return folder


def in_folder_order(shipped) -> list[str]:
    """The fact ids as the folder lists them: its files in path order (facts/divergence.yaml first)."""
    return [f["id"] for theme in ("divergence", "economy", "sanctions", "security")
            for f in shipped["facts"] if f["id"].startswith(theme)]


@functools.cache
def small_base() -> str:
    """The shipped sources and entities with twenty of its facts (related ids kept inside them), as YAML."""
    shipped = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    facts = shipped["facts"][::5][:20]
    ids = {f["id"] for f in facts}
    for fact in facts:
        kept = [r for r in fact.pop("related", None) or [] if r in ids]
        if kept:
            fact["related"] = kept
    return dump_yaml({**shipped, "facts": facts})
