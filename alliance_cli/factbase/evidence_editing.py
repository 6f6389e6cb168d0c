"""Adding evidence and disagreements to a fact, in a fact base file that people edit by hand.

`evidence add` and `disagreement add` (and the browser's curation screen after them) change one fact and
must keep every other byte: comments, key order, quoting, line ends. This module does the text work with
`editing`'s insertion (the new lines go in the indentation the file already uses for such lists) and
writes through `editing`'s atomic write after `editing.check` has validated the whole result, so the lock
and the write live in one place for every command that edits.

Where a fact has no `disagreements:` yet, the key is added after its `evidence` list, before any later key
(`related`, `lint_accept`), as the format orders them.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from alliance_cli.errors import FactBaseError, UsageProblem
from alliance_cli.factbase import editing

# keys that come after `disagreements` in a fact, in the format's order
_AFTER_DISAGREEMENTS = ("related", "lint_accept")


def add_evidence(text: str, path: str, fact_id: str, entry: dict[str, Any]) -> str:
    """`text` with `entry` ({source, section, quote}) appended to the evidence of fact `fact_id`."""
    fact = _fact_node(text, path, fact_id)
    evidence = _value(fact, "evidence")
    if not _block_list(evidence):
        raise _by_hand(path, fact_id, "evidence", entry)
    return _append(text, evidence, entry)


def add_disagreement(text: str, path: str, fact_id: str, disagreement: dict[str, Any]) -> str:
    """`text` with `disagreement` ({point, accounts: [...]}) added to the disagreements of fact `fact_id`."""
    fact = _fact_node(text, path, fact_id)
    existing = _value(fact, "disagreements")
    if existing is not None:
        if not _block_list(existing):
            raise _by_hand(path, fact_id, "disagreements", disagreement)
        return _append(text, existing, disagreement)
    evidence = _value(fact, "evidence")
    if not _block_list(evidence):
        raise _by_hand(path, fact_id, "disagreements", disagreement)
    keys_column = fact.value[0][0].start_mark.column
    offset = _dash_offset(text, evidence, keys_column)
    lines = [" " * keys_column + "disagreements:",
             *item_lines(disagreement, " " * (keys_column + offset), " " * (keys_column + offset + 2), offset)]
    later = next((k for k, _ in fact.value if k.value in _AFTER_DISAGREEMENTS), None)
    if later is not None:
        return editing._insert_lines(text, later.start_mark.line, lines)
    end_line, end_column = editing._last_content(fact)
    return editing._insert_lines(text, end_line + 1 if end_column > 0 else end_line, lines)


def item_lines(entry: dict[str, Any], dash: str, keys: str, offset: int) -> list[str]:
    """A mapping as a block sequence item, with nested lists of mappings (a disagreement's accounts) written
    as the file writes lists: their dashes `offset` columns right of their key."""
    lines: list[str] = []
    for n, (key, value) in enumerate(entry.items()):
        lead = f"{dash}- " if n == 0 else keys
        if isinstance(value, list):
            lines.append(f"{lead}{key}:")
            inner = keys + " " * offset
            for item in value:
                if isinstance(item, dict):
                    lines += item_lines(item, inner, inner + "  ", offset)
                else:
                    lines.append(f"{inner}- {editing.scalar(item)}")
        else:
            lines.append(f"{lead}{key}: {editing.scalar(value)}")
    return lines


class FileChanged(FactBaseError):
    """The file on disk is not the one the caller read: someone edited it meanwhile; nothing is written."""


def digest_of(path: str) -> str:
    """The sha256 of the fact base file's bytes as they are now: what `rewrite` compares `expected` with."""
    from alliance_cli.factbase.captures import sha256_of
    from alliance_cli.factbase.parsing import read_bytes

    return sha256_of(read_bytes(path))


def rewrite(path: str, change: Callable[[str], str], expected: str | None = None) -> str:
    """Under the fact base's writers' lock, read the file at `path`, apply `change` to its text, validate the
    result in full, and write it in one step (`files.write_file`: whole or not at all, never over a read-only
    file or one changed since it was read); a result that would not validate leaves the file as it was.
    Returns the new text.

    `expected`: the sha256 of the bytes the caller read (a screen that shows the file). When the file's bytes
    differ now, it changed elsewhere since: FileChanged, and nothing is written. This is the one place where
    that is checked, on the bytes that `change` is then given."""
    from alliance_cli.factbase.captures import sha256_of
    from alliance_cli.factbase.parsing import decode, read_bytes
    from alliance_cli.files import Snapshot, write_file
    from alliance_cli.locking import locked

    if os.path.isdir(path):
        raise UsageProblem(f"{path} is a fact base folder; this command edits a single fact base file "
                           "(edit the file that holds the fact by hand, then run 'alliance validate')")
    with locked(path):
        read_as = Snapshot.of(path)
        data = read_bytes(path)
        if expected is not None and sha256_of(data) != expected:
            raise FileChanged(f"{path}: changed on disk since it was read (edited elsewhere); nothing was written, "
                              "and the screen reloads it")
        text = (editing.BOM if data.startswith(b"\xef\xbb\xbf") else "") + decode(path, data)
        changed = change(text)
        try:
            editing.check(path, changed)
        except FactBaseError as error:
            raise FactBaseError(f"{path}: left unchanged: the change would not validate", *error.lines) from None
        write_file(path, changed.encode("utf-8"), replace=True, read_as=read_as)
    return changed


def add_fact(text: str, path: str, fact: dict[str, Any]) -> str:
    """`text` with the new `fact` appended to the top-level `facts` list, in the file's own indentation."""
    root = editing._root(text, path)
    facts = editing._value_of(root, "facts")
    if not _block_list(facts):
        raise FactBaseError(f"{path}: 'facts' is not a block list ('- ...' on lines of their own) that alliance "
                            "can add to without rewriting the file; add the fact by hand:",
                            *item_lines(fact, "", "  ", 0))
    return _append(text, facts, fact)


# --- finding the fact in the file ---------------------------------------------------------------------

def _fact_node(text: str, path: str, fact_id: str) -> MappingNode:
    root = editing._root(text, path)
    facts = editing._value_of(root, "facts")
    if not _block_list(facts):
        raise FactBaseError(f"{path}: 'facts' is not a block list ('- ...' on lines of their own) that alliance "
                            "can edit without rewriting the file; edit the fact by hand")
    for item in facts.value:
        if isinstance(item, MappingNode) and not item.flow_style:
            identifier = _value(item, "id")
            if isinstance(identifier, ScalarNode) and identifier.value == fact_id:
                return item
    raise FactBaseError(f"{path}: no fact '{fact_id}' written as a block mapping in this file; edit it by hand")


def _value(mapping: MappingNode, key: str):
    return next((value for key_node, value in mapping.value if key_node.value == key), None)


def _block_list(node) -> bool:
    return isinstance(node, SequenceNode) and not node.flow_style and bool(node.value)


def _dash_offset(text: str, sequence: SequenceNode, key_column: int) -> int:
    """How far right of its key the file writes a list's dashes (0 for `key:` then `- item` below it)."""
    first = sequence.value[0]
    line = editing._lines(text)[first.start_mark.line]
    dash = line.rfind("-", 0, first.start_mark.column)
    return max(0, dash - key_column) if dash >= 0 else 0


def _append(text: str, sequence: SequenceNode, entry: dict[str, Any]) -> str:
    """`entry` after the last item of a block list, in the indentation of its first item."""
    first = sequence.value[0]
    line = editing._lines(text)[first.start_mark.line]
    dash_column = line.rfind("-", 0, first.start_mark.column)
    keys = " " * first.start_mark.column
    dash = line[:dash_column] if dash_column >= 0 else keys[:-2]
    nested = _nested_offset(text, first)
    end_line, end_column = editing._last_content(sequence.value[-1])
    at_line = end_line + 1 if end_column > 0 else end_line  # a block scalar ends at the start of the next line
    return editing._insert_lines(text, at_line, item_lines(entry, dash, keys, nested))


def _nested_offset(text: str, item) -> int:
    """For an item holding a list of mappings (a disagreement's accounts), how far right of its key the file
    writes that list's dashes; 0 when the item holds none (the shipped file's style)."""
    if isinstance(item, MappingNode):
        for key, value in item.value:
            if _block_list(value):
                return _dash_offset(text, value, key.start_mark.column)
    return 0


def _by_hand(path: str, fact_id: str, key: str, entry: dict[str, Any]) -> FactBaseError:
    return FactBaseError(f"{path}: fact '{fact_id}': its '{key}' is not a block list ('- ...' on lines of their "
                         "own) that alliance can add to without rewriting the file; add this by hand:",
                         *item_lines(entry, "", "  ", 0))
