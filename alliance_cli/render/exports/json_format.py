"""JSON (an array) and JSON Lines (an object per line), UTF-8, written as bytes."""
from __future__ import annotations

import json

from alliance_cli.factbase.store import Store
from alliance_cli.render.exports.fields import pick
from alliance_cli.render.view import View


def facts_json(store: Store, ordinals: list[int], view: View) -> bytes:
    lines = _lines(store, ordinals, view)
    return b"[\n" + b",\n".join(lines) + b"\n]\n" if lines else b"[]\n"


def facts_jsonl(store: Store, ordinals: list[int], view: View) -> bytes:
    return b"".join(line + b"\n" for line in _lines(store, ordinals, view))


def _lines(store: Store, ordinals: list[int], view: View) -> list[bytes]:
    if view.search is not None:
        return [_with_matched(store, n, view) for n in ordinals]
    if view.fields is None:
        return [store.fact_json(n) for n in ordinals]
    return [dumps(pick(store.fact(n), view.fields)) for n in ordinals]


def _with_matched(store: Store, ordinal: int, view: View) -> bytes:
    """The fact (or its --fields), ending with `matched`: the JSON paths of the fields the search matched."""
    assert view.search is not None  # noqa: S101 - the caller checked
    fact = store.fact(ordinal)
    line = store.fact_json(ordinal) if view.fields is None else dumps(pick(fact, view.fields))
    matched = dumps(view.search.where(fact) or [])
    return line[:-1] + (b", " if line != b"{}" else b"") + b'"matched": ' + matched + b"}"


def dumps(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def pretty(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
