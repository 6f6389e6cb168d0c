"""Adding to a fact base file that people edit by hand, without rewriting it.

New text is inserted where it belongs and every other byte is kept: comments,
blank lines, key order, quoting, line ends and a byte-order mark. The result is
parsed and validated before anything is written, and written whole to a
temporary file that then replaces the original (`files.write_file`), so a
failure leaves the file as it was. What cannot be inserted safely (a list written in flow style, `[...]`)
is refused with the text to add by hand.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from yaml.nodes import MappingNode, SequenceNode

from alliance_cli.errors import FactBaseError
from alliance_cli.factbase import strict_yaml

BOM = "\ufeff"


def read_text(path: str) -> str:
    from alliance_cli.factbase.parsing import decode, read_bytes

    data = read_bytes(path)
    return (BOM if data.startswith(b"\xef\xbb\xbf") else "") + decode(path, data)


def scalar(value: Any) -> str:
    """A value as one line of YAML that alliance's strict reader reads back as the same value."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    import json

    from alliance_cli.text import neutralise

    text = str(value)
    if neutralise(text) != text or "\n" in text:
        return "".join(f"\\u{ord(c):04x}" if neutralise(c) != c else c for c in json.dumps(text, ensure_ascii=False))
    import yaml

    dumped = yaml.safe_dump(text, allow_unicode=True, width=float("inf"))
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def entry_lines(entry: dict[str, Any], dash: str, keys: str) -> list[str]:
    """A mapping as a block sequence item: `dash` before `- `, `keys` before each later key."""
    lines = []
    for n, (key, value) in enumerate(entry.items()):
        lead = f"{dash}- " if n == 0 else keys
        if isinstance(value, list):
            lines.append(f"{lead}{key}:")
            lines += [f"{keys}- {scalar(item)}" for item in value]
        else:
            lines.append(f"{lead}{key}: {scalar(value)}")
    return lines


def add_to_list(text: str, path: str, key: str, entry: dict[str, Any]) -> str:
    """`text` with `entry` appended to the block list under the top-level `key`, in that list's indentation.

    The result is read back and must hold exactly what `text` held plus `entry` at the end of that list;
    anything else (an insertion that landed inside another value) is refused, never written."""
    changed = _in_its_line_ends(text, lambda lf: _add_to_list(lf, path, key, entry))
    before, after = _data(text, path), _data(changed, path)
    if after.get(key) != [*before.get(key, []), entry] or {k: v for k, v in after.items() if k != key} != {
            k: v for k, v in before.items() if k != key}:
        raise FactBaseError(f"{path}: alliance could not add to '{key}' without changing something else; the file is "
                            "unchanged; add this entry to it by hand:", *entry_lines(entry, "", "  "))
    return changed


def _data(text: str, path: str) -> dict[str, Any]:
    try:
        document = strict_yaml.load(text.removeprefix(BOM))
    except strict_yaml.YamlProblem as problem:
        raise FactBaseError(f"{path}:{problem.line}:{problem.column}: {problem.message}") from None
    data = document.data if document is not None else {}
    return data if isinstance(data, dict) else {}


def _in_its_line_ends(text: str, edit: Callable[[str], str]) -> str:
    """`edit` made on text whose lines end in CR alone (classic Mac), as on LF text, and given back in CR:
    YAML reads a lone CR as a line end, so the positions the parser gives count those lines."""
    if "\r" in text and "\n" not in text:
        return edit(text.replace("\r", "\n")).replace("\n", "\r")
    return edit(text)


def _add_to_list(text: str, path: str, key: str, entry: dict[str, Any]) -> str:
    root = _root(text, path)
    node = _value_of(root, key)
    lines = _lines(text)
    if node is None or not isinstance(node, SequenceNode) or node.flow_style or not node.value:
        raise FactBaseError(f"{path}: '{key}' is not a block list ('- ...' on lines of their own) that alliance can "
                            "add to without rewriting the file; add this entry to it by hand:",
                            *entry_lines(entry, "", "  "))
    first = node.value[0]
    item_line = lines[first.start_mark.line]
    dash_column = item_line.rfind("-", 0, first.start_mark.column)
    keys = " " * first.start_mark.column
    dash = item_line[:dash_column] if dash_column >= 0 else keys[:-2]
    end_line, end_column = _last_content(node.value[-1])
    at_line = end_line + 1 if end_column > 0 else end_line  # a block scalar ends at the start of the next line
    return _insert_lines(text, at_line, entry_lines(entry, dash, keys))


def add_top_level_key(text: str, path: str, line_text: str, before: str) -> str:
    """`text` with the line `line_text` inserted just before the top-level key `before`."""
    return _in_its_line_ends(text, lambda lf: _add_top_level_key(lf, path, line_text, before))


def _add_top_level_key(text: str, path: str, line_text: str, before: str) -> str:
    root = _root(text, path)
    for key_node, _ in root.value:
        if key_node.value == before:
            if key_node.start_mark.column != 0:
                break
            return _insert_lines(text, key_node.start_mark.line, [line_text])
    raise FactBaseError(f"{path}: cannot find the top-level key '{before}' at the start of a line; "
                        f"add this line at the top level by hand: {line_text}")


def _root(text: str, path: str):
    try:
        document = strict_yaml.load(text.removeprefix(BOM))
    except strict_yaml.YamlProblem as problem:
        raise FactBaseError(f"{path}:{problem.line}:{problem.column}: {problem.message}") from None
    root = document.root if document is not None else None
    if not isinstance(root, MappingNode) or root.flow_style:
        raise FactBaseError(f"{path}: the top level is not a block mapping that alliance can add to; edit it by hand")
    return root


def _value_of(root, key: str):
    return next((value for key_node, value in root.value if key_node.value == key), None)


def _last_content(node) -> tuple[int, int]:
    """Line and column where the last thing written in `node` ends (comments after it are not part of it)."""
    while isinstance(node, (MappingNode, SequenceNode)) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node.end_mark.line, node.end_mark.column


# What YAML counts as a line end, and so the line numbers the parser's marks give: CR LF, CR, LF, NEL and the
# Unicode line and paragraph separators (a U+2028 pasted from a web page starts a line for the parser).
_LINE_END = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _line_starts(body: str) -> list[int]:
    return [0, *(found.end() for found in _LINE_END.finditer(body))]


def _lines(text: str) -> list[str]:
    body = text.removeprefix(BOM)
    starts = _line_starts(body)
    return [body[start:end] for start, end in zip(starts, [*starts[1:], len(body)], strict=True)]


def _insert_lines(text: str, line: int, new: list[str]) -> str:
    """`new` lines inserted before line `line` (0-based, as the parser counts lines) of `text`, in the file's own
    line ends."""
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = BOM if text.startswith(BOM) else ""
    body = text.removeprefix(bom)
    if body and not body.endswith("\n"):
        body += newline
    starts = _line_starts(body)
    offset = starts[line] if line < len(starts) else len(body)
    return bom + body[:offset] + "".join(n + newline for n in new) + body[offset:]


def check(path: str, text: str) -> None:
    """Parse and validate `text` as the fact base at `path` would be: every problem, or nothing."""
    from alliance_cli.factbase.parsing import parse

    parse(path, text.removeprefix(BOM).encode("utf-8"))
