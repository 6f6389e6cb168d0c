"""factbase/strict_yaml.py: aliases refused by what the parser built, and YAML errors that say where."""
from __future__ import annotations

import itertools
import time
import tracemalloc

import pytest
import yaml
from conftest import SHIPPED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance_cli.factbase import strict_yaml

FACT_BASE_ERROR = 3


# --- aliases are refused by what the parser built, whatever separates them ------------------------

# Everything libyaml accepts before an anchor or alias: blanks, every line break it knows (NEL, LINE
# SEPARATOR and PARAGRAPH SEPARATOR among them), and a byte-order mark, which it skips at a line's start.
SEPARATORS = [" ", "\t", "\n", "\r", "\r\n", "\x85", "\u2028", "\u2029",
              "\n\ufeff", "\r\ufeff", "\x85\ufeff", "\u2028\ufeff", "\u2029\ufeff", "\n\t", "\u2028 "]


def bomb(levels: int, separators: list[str]) -> str:
    """A billion-laughs document in flow style with each anchor and alias right after a separator:
    9**levels items once expanded."""
    pick = iter(separators * 100)
    parts = [f"a:{next(pick)}&a [lol,lol,lol,lol,lol,lol,lol,lol,lol]"]
    names = "abcdefghijk"
    for a, b in itertools.pairwise(names[:levels + 1]):
        parts.append(f"{b}:{next(pick)}&{b} [" + ",".join(f"{next(pick)}*{a}" for _ in range(9)) + "]")
    return "{" + ",".join(parts) + "}\n"


def test_every_separator_parses_as_yaml_with_the_alias_expanded():
    """The separators really are ones libyaml accepts: PyYAML's own loader expands these documents."""
    for separator in SEPARATORS:
        data = yaml.load(bomb(1, [separator]), Loader=yaml.CSafeLoader)
        assert data["b"] == [["lol"] * 9] * 9, repr(separator)


def refused_within_bounds(text: str, load=strict_yaml.load) -> strict_yaml.YamlProblem:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(strict_yaml.YamlProblem) as refusal:
            load(text)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 2.0  # 9**9 items would take minutes; the refusal takes milliseconds
    assert peak < 8 * 1024 * 1024  # and gigabytes
    return refusal.value


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(levels=st.integers(1, 9), separators=st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=12),
       text_hint=st.booleans())
def test_alias_structures_are_refused_in_bounded_time_and_memory(levels, separators, text_hint):
    """With the text scan that finds anchors for precise messages (`load`) or without it (`compose`): the node
    count alone refuses them."""
    problem = refused_within_bounds(bomb(levels, separators), load=strict_yaml.load if text_hint else strict_yaml.compose)
    assert "are not allowed" in problem.message and ("anchors (&" in problem.message or "aliases (*" in problem.message)


@pytest.mark.parametrize("text", ["a: &x foo\nb: *x\n", "a: &x [1]\nb: *x\n", "{a: &x {k: v}, b: [*x]}\n",
                                  "a:\n- &x\n  k: v\n- *x\n"])
def test_every_alias_is_refused_by_the_node_count_alone(text):
    problem = refused_within_bounds(text, load=strict_yaml.compose)  # no text scan first
    assert problem.message.startswith("anchors (&x) are not allowed"), problem


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029", "\n\ufeff"])
def test_validate_refuses_the_bomb_the_text_scan_missed(run, write_base, separator):
    path = write_base(bomb(9, [separator]))
    result = run("validate", path)
    line = 2 if separator != " " else 1
    column = 2 if separator.endswith("\ufeff") else 1
    assert (result.code, result.stdout, result.error_lines) == (
        FACT_BASE_ERROR, "", [f"{path}:{line}:{column}: anchors (&a) are not allowed; write each value out in full"])


def test_valid_documents_with_tags_are_not_mistaken_for_aliases():
    document = strict_yaml.compose("a: [1, !!str 2, {b: !!map {c: d}}]\nk: !!str v\n")
    assert document is not None and document.data == {"a": [1, "2", {"b": {"c": "d"}}], "k": "v"}


# --- a YAML error says where the context starts, and what an unclosed quote did -------------------------

def test_unclosed_quote_names_the_mapping_it_broke_and_where_the_quote_opens(run, tmp_path):
    lines = SHIPPED.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines) if text.startswith("    quote: ") and n > 150)
    lines[line] = lines[line].replace("quote: ", 'quote: "', 1)
    path = tmp_path / "unclosed.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    result = run("validate", path)
    assert result.code == FACT_BASE_ERROR
    [message] = result.error_lines
    assert f"the quoted text that opens at {line + 1}:12 runs on to line" in message
    assert "is its closing quote missing?" in message
    assert "did not find expected key (while parsing a block mapping that starts at" in message


def test_flow_error_names_where_the_flow_collection_starts(run, write_base):
    path = write_base("sources: [a, b\nfacts: []\n")
    result = run("validate", path)
    assert result.error_lines == [f"{path}:2:6: YAML syntax error: did not find expected ',' or ']' "
                                  "(while parsing a flow sequence that starts at 1:10)"]
