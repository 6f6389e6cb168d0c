"""Issue 24: a fact base file cut into pieces at its facts, and the cut trusted only where it is YAML's."""
from __future__ import annotations

import pytest
import yaml
from conftest import SHIPPED, dump_yaml, minimal_base, minimal_fact

from alliance_cli.factbase import pieces, strict_yaml


def described(data: bytes) -> list[int] | None:
    document = strict_yaml.load(data.decode("utf-8"))
    found = pieces.describe(data, document.root if document else None)
    return None if found is None else [count for _, count in found]


def test_the_shipped_base_is_cut_where_the_parser_finds_its_facts():
    data = SHIPPED.read_bytes()
    counts = described(data)
    assert counts is not None and sum(counts) == len(yaml.safe_load(data)["facts"])


@pytest.mark.parametrize("indent", ["", "  "])
def test_entries_at_either_indent_are_cut(indent):
    data = f"sources: []\nfacts:\n{indent}- id: a\n{indent}  statement: x\n{indent}- id: b\n".encode()
    counts = described(data)
    assert counts is not None and sum(counts) == 2


@pytest.mark.parametrize("data", [
    b'sources: []\nfacts:\n- id: a\n  statement: "one\n- two"\n- id: b\n',  # a quoted text's line starting "- "
    "sources: []\nfacts:\n- id: a\n  statement: x\u2028- id: b\n".encode(),  # YAML breaks lines at U+2028 too
    b"sources: []\nfacts:\r- id: a\r- id: b\r",  # and at a lone CR
    b"sources: []\nfacts: [{id: a}]\n",  # flow style
])
def test_a_cut_that_is_not_the_parsers_is_never_kept(data):
    assert described(data) is None


def test_a_file_with_two_facts_headers_is_not_cut():
    assert pieces.split(b"sources: []\nfacts:\n- id: a\nfacts:\n- id: b\n") is None


def test_inserting_a_fact_changes_one_piece_not_every_one_after_it():
    facts = [minimal_fact(f"sanctions-{n:03}", statement=f"Claim number {n}.") for n in range(400)]
    before = pieces.split(dump_yaml(minimal_base(*facts)).encode())
    facts.insert(200, minimal_fact("sanctions-999", statement="A new claim."))
    after = pieces.split(dump_yaml(minimal_base(*facts)).encode())
    assert before is not None and after is not None and len(before.pieces) > 4
    changed = set(after.digests()) - set(before.digests())
    assert len(changed) == 1 and sum(after.counts) == sum(before.counts) + 1
