"""`alliance schema` and the loader agree, because both come from one declaration; these tests prove it."""
from __future__ import annotations

import copy
import json

from conftest import ROOT, minimal_base, minimal_fact, schema_validator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance_cli.factbase import schema, validation


def loader_accepts(data) -> bool:
    return validation.check_structure(copy.deepcopy(data)) == []


def test_committed_schema_file_is_current(run):
    committed = json.loads((ROOT / "alliance.schema.json").read_text(encoding="utf-8"))
    assert run("schema").json() == committed == schema.json_schema()


def test_the_schema_is_valid_json_schema():
    type(schema_validator()).check_schema(schema.json_schema())


def test_shipped_fact_base_is_valid_under_the_schema(shipped):
    schema_validator().validate(shipped)
    assert loader_accepts(shipped)


def test_facts_yaml_names_the_schema_for_editors():
    first_line = (ROOT / "facts.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=./alliance.schema.json"


values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10_000) | st.text(max_size=12)
    | st.sampled_from(["", " ", "security", "sanctions", "F", "A", "asserted", "web article", "x-1", "2001",
                       "2001-13", "abc\n", "0" * 64, "a/b", "person"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=6,
)


def paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths(value, prefix + (index,))


@st.composite
def mutated_bases(draw):
    base = minimal_base(minimal_fact(date="2001", disagreements=[
        {"point": "p", "accounts": [{"source": "one", "says": "s", "quote": "q"},
                                    {"source": "one", "says": "t", "quote": "r"}]}]))
    for _ in range(draw(st.integers(1, 3))):
        targets = [p for p in paths(base) if p]
        path = draw(st.sampled_from(targets))
        parent = base
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(values)
        else:
            parent[path[-1]] = draw(values)
    return base


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_bases())
def test_schema_and_loader_agree_on_every_mutation(data):
    validator = schema_validator()
    assert validator.is_valid(data) == loader_accepts(data), list(validator.iter_errors(data))[:1]


@settings(deadline=None)
@given(st.sampled_from(["date", "credibility", "id", "statement", "themes"]), values)
def test_schema_and_loader_agree_on_single_fields(field, value):
    data = minimal_base(minimal_fact(**{field: value}))
    assert schema_validator().is_valid(data) == loader_accepts(data)
