"""A strict, safe YAML reader for fact bases.

PyYAML's loaders are too forgiving for data people rely on: they keep the last
of two equal keys, expand aliases (a "billion laughs" file eats all memory),
construct objects named by tags, and turn `no`, `2001-05-03` or `0123` into a
boolean, a date or a number. This module parses with libyaml's C parser, then
builds plain data itself:

* plain scalars resolve only to text, integers written canonically (so `str()`
  gives back exactly what the author wrote) and null; everything else is text;
* any other tag, any anchor or alias, and any duplicate key is an error with the
  line and column where it stands. Aliases are refused by what the parser built,
  not by reading the text: the composer counts the nodes it makes, and building
  plain data stops as soon as it has visited more nodes than that, which only a
  node reached twice (an alias) can cause. So no spelling of an alias gets
  through, and the refusal costs the same whatever the expansion would have been;
* nesting deeper than `MAX_DEPTH` is refused before libyaml's recursive composer
  could overflow the C stack on it. The count is this module's own: libyaml 0.2.6
  and later refuse 1,000 levels by themselves, and their scanner may reach that
  limit before it hands over a single event, so when libyaml stops on its limit the
  levels are counted again by PyYAML's pure-Python parser, and the 65th level is
  reported where it opens, whatever libyaml's version.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast

import yaml
from yaml.composer import Composer, ComposerError
from yaml.nodes import Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner


class _PythonParser(Reader, Scanner, Parser, Composer):
    """PyYAML's own parser: slower than libyaml, with no depth limit of its own and a bounded look-ahead."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)


try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml: same behaviour, slower
    _Parser = _PythonParser  # type: ignore[misc,assignment]

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"

MAX_DEPTH = 64
# Below these, libyaml's nesting depth is provably far from the C stack's limit
# (see `_may_nest_deeply`); above them the events are counted first.
_SAFE_FLOW_BRACKETS = 2000
_SAFE_LINE_LENGTH = 2000
# What libyaml lets stand before an anchor or alias: white space, a line break (it also
# counts NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR), a byte-order mark (skipped at the
# start of a line) and the flow indicators. Used only to find anchors to report precisely.
_BREAKS = "\r\n\x85\u2028\u2029"
_BEFORE_PROPERTY = frozenset(" \t\ufeff[{,:" + _BREAKS)
_NOT_A_NAME = frozenset(" \t\ufeff[]{}," + _BREAKS)
_CANONICAL_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class _Resolver(BaseResolver):
    """Plain scalars are null, a canonically written whole number, or text; nothing else.

    This replaces BaseResolver.resolve (called by libyaml's composer once per node)
    with a few comparisons, and path resolvers, which fact bases do not use, with a count.
    """

    nodes = 0

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            if implicit[0]:
                if value in _NULLS:
                    return NULL
                if value[0] in "-0123456789" and _CANONICAL_INT.fullmatch(value):
                    return INT
            return STR
        return SEQ if kind is SequenceNode else MAP

    def descend_resolver(self, current_node, current_index):
        """Called once for every node the composer makes (never for an alias): count them."""
        self.nodes += 1

    def ascend_resolver(self):
        pass


class _Composer(_Parser, _Resolver):
    def __init__(self, text: str) -> None:
        _Parser.__init__(self, text)
        _Resolver.__init__(self)


@dataclass
class YamlProblem(Exception):
    """A problem at a 1-based line and column."""

    line: int
    column: int
    message: str


@dataclass
class Document:
    """A parsed YAML document: its node tree (for positions) and its plain data."""

    root: Node
    data: Any


def load(text: str) -> Document | None:
    """Parse one YAML document into plain data (dict, list, str, int, None), or None if it is empty.

    Raises YamlProblem for any syntax error, tag, anchor, alias, duplicate key or deep nesting.
    """
    if _may_hold_anchors(text) or _may_nest_deeply(text):
        _scan_events(text)  # precise messages for anchors, and depth checked before libyaml recurses
    return compose(text)


def compose(text: str) -> Document | None:
    """`load` without its text scans: what it runs when the scans find no `&`, `*` or deep nesting.

    An alias that the scans missed is still refused here, by the node count alone (`_build`); the
    tests show it through this seam. Callers use `load`: this skips the guard against deep nesting.
    """
    composer = _Composer(text)
    try:
        root = composer.get_single_node()
    except yaml.YAMLError as error:
        if isinstance(error, ComposerError):
            _scan_events(text)  # an alias with no anchor, or an anchor given twice: say where
        _recount_at_libyaml_limit(error, text)
        raise _problem_from(error, text) from None
    finally:
        composer.dispose()
    if root is None:
        return None
    try:
        return Document(root, _build(root, composer.nodes))
    except _NodeVisitedTwice:
        _scan_events(text)  # raises at the first anchor or alias, with its line and column
        raise YamlProblem(*mark_of(root), "aliases are not allowed; write each value out in full") from None


def mark_of(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _NodeVisitedTwice(Exception):
    """Building has visited more nodes than the composer made: some node is reached twice (an alias)."""


def _build(root: Node, nodes: int):
    """Plain data from a node tree made by a composer that made `nodes` nodes, visiting each once at most.

    Each collection spends one of `nodes` per child before any child is built, so an alias to a
    collection is caught before its second copy is built, and the work done is bounded by the
    size of the text, never by the expansion. Recursive, with text scalars (most nodes) handled
    inline: this loop is most of a first load.
    """
    budget = nodes - 1  # the root

    def build(node: Node, depth: int):
        nonlocal budget
        kind = type(node)
        if kind is ScalarNode:
            return _scalar(cast(ScalarNode, node))
        if depth >= MAX_DEPTH:
            raise YamlProblem(*mark_of(node), f"nesting is deeper than {MAX_DEPTH} levels")
        deeper = depth + 1
        items = node.value
        if kind is SequenceNode:
            if node.tag != SEQ:
                raise _tag_problem(node)
            budget -= len(items)
            if budget < 0:
                raise _NodeVisitedTwice
            return [item.value if type(item) is ScalarNode and item.tag == STR else build(item, deeper)
                    for item in items]
        if node.tag != MAP:
            raise _tag_problem(node)
        budget -= 2 * len(items)
        if budget < 0:
            raise _NodeVisitedTwice
        mapping: dict = {}
        for key_node, value_node in items:
            if type(key_node) is not ScalarNode:
                raise YamlProblem(*mark_of(key_node), "a key must be plain text, not a list or a mapping")
            key = key_node.value
            if key in mapping:
                first = next(k for k, _ in items if k.value == key)
                raise YamlProblem(*mark_of(key_node),
                                  f"duplicate key '{key}' (first given on line {mark_of(first)[0]})")
            if key_node.tag != STR:
                _scalar(key_node)  # refuses tags; a number or null key stays the text written
            if type(value_node) is ScalarNode and value_node.tag == STR:
                mapping[key] = value_node.value
            else:
                mapping[key] = build(value_node, deeper)
        return mapping

    return build(root, 0)


def _scalar(node: ScalarNode):
    tag = node.tag
    if tag == STR:
        return node.value
    if tag == NULL:
        return None
    if tag == INT:
        try:
            return int(node.value, 10)
        except ValueError:
            raise YamlProblem(*mark_of(node), f"'{node.value}' is tagged !!int but is not a whole number") from None
    raise _tag_problem(node)


def _tag_problem(node: Node) -> YamlProblem:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    return YamlProblem(*mark_of(node),
                       f"the tag {tag} is not allowed: a fact base holds only text, whole numbers, lists and mappings")


def _may_hold_anchors(text: str) -> bool:
    """Whether an `&name` or `*name` could stand where YAML reads an anchor or alias.

    Over-eager by design (a `&` in text may trigger the exact event scan); never misses one.
    """
    for marker in "&*":
        position = text.find(marker)
        while position != -1:
            before = text[position - 1] if position else "\n"
            after = text[position + 1: position + 2]
            if before in _BEFORE_PROPERTY and after and after not in _NOT_A_NAME:
                return True
            position = text.find(marker, position + 1)
    return False


def _may_nest_deeply(text: str) -> bool:
    """Whether nesting could exceed what libyaml's recursive composer survives.

    A flow collection needs a bracket; a nested block collection needs either a
    deeper indent or a `- `/`? ` indicator on the same line, so two block levels
    cost at least one column. Depth is thus at most brackets + 2 x longest line.
    """
    if text.count("[") + text.count("{") > _SAFE_FLOW_BRACKETS:
        return True
    return len(text) > _SAFE_LINE_LENGTH and max(map(len, text.split("\n"))) > _SAFE_LINE_LENGTH


def _scan_events(text: str) -> None:
    """Walk the parser's events (no recursion): refuse anchors, aliases and deep nesting."""
    try:
        _check_events(_Composer(text))
    except yaml.YAMLError as error:
        _recount_at_libyaml_limit(error, text)
        raise _problem_from(error, text) from None


def _check_events(parser: Any) -> None:
    depth = 0
    try:
        while parser.check_event():
            event: Any = parser.get_event()
            kind = type(event)
            if kind is yaml.AliasEvent:
                raise YamlProblem(event.start_mark.line + 1, event.start_mark.column + 1,
                                  f"aliases (*{event.anchor}) are not allowed; write the value out in full")
            if getattr(event, "anchor", None) is not None:
                raise YamlProblem(event.start_mark.line + 1, event.start_mark.column + 1,
                                  f"anchors (&{event.anchor}) are not allowed; write each value out in full")
            if kind in (yaml.SequenceStartEvent, yaml.MappingStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(event.start_mark.line + 1, event.start_mark.column + 1,
                                      f"nesting is deeper than {MAX_DEPTH} levels")
            elif kind in (yaml.SequenceEndEvent, yaml.MappingEndEvent):
                depth -= 1
    finally:
        parser.dispose()


def _recount_at_libyaml_limit(error: yaml.YAMLError, text: str) -> None:
    """If libyaml stopped on its own depth limit, raise this module's refusal of the 65th level instead.

    The pure-Python parser reads only the text up to the end of the line where libyaml stopped; it
    reaches the 65th level there before libyaml's 1,000th. A syntax error it meets in that text
    (the text is cut short) is not reported: libyaml's error, raised by the caller, stands.
    """
    mark = getattr(error, "problem_mark", None)
    if mark is None or "depth" not in str(getattr(error, "problem", "")):
        return
    end = text.find("\n", _offset_of_line(text, mark.line))
    try:
        _check_events(_PythonParser(text if end == -1 else text[:end + 1]))
    except yaml.YAMLError:
        return


def _offset_of_line(text: str, line: int) -> int:
    """The offset where 0-based `line` starts (line breaks as libyaml counts them for `\n` texts)."""
    offset = 0
    for _ in range(line):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return len(text)
    return offset


def _problem_from(error: yaml.YAMLError, text: str) -> YamlProblem:
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if _character_at(text, line, column) == "\t":
            return YamlProblem(line, column, "YAML syntax error: a tab character where YAML needs spaces; indent with spaces")
        return YamlProblem(line, column, _describe(error) + _open_quote_hint(error, text))
    position = getattr(error, "position", None)
    if isinstance(position, int):  # libyaml reports a byte offset into the UTF-8 text
        before = text.encode("utf-8")[:position].decode("utf-8", "ignore")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        reason = getattr(error, "reason", None) or "unreadable character"
        return YamlProblem(line, column, f"YAML syntax error: {reason}")
    return YamlProblem(1, 1, f"YAML syntax error: {error}")


def _character_at(text: str, line: int, column: int) -> str:
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    return text[start + column - 1: start + column]


def _describe(error: yaml.MarkedYAMLError) -> str:
    """The problem, and the context libyaml gives with where it starts: the error's own
    position is often far from the mistake (an unclosed quote runs on to the next quote)."""
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    if "single document" in problem + context:
        return "YAML syntax error: more than one document ('---'); a fact base is one document"
    mark = error.context_mark
    if context and mark is not None and mark is not error.problem_mark and (
            error.problem_mark is None or (mark.line, mark.column) != (error.problem_mark.line, error.problem_mark.column)):
        context += f" that starts at {mark.line + 1}:{mark.column + 1}"
    detail = f"{problem} ({context})" if context and problem else problem or context
    return f"YAML syntax error: {detail}" if detail else "YAML syntax error"


def _open_quote_hint(error: yaml.MarkedYAMLError, text: str) -> str:
    """When a quoted text runs over lines up to the line of the error, its closing quote is likely missing."""
    mark = error.problem_mark
    if mark is None:
        return ""
    scanner = _Composer(text)
    last = None
    try:
        while scanner.check_token():
            token: Any = scanner.get_token()
            if token.start_mark.index >= mark.index:
                break
            if type(token) is yaml.ScalarToken and token.style in ("'", '"'):
                last = token
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    if last is None or last.start_mark.line == last.end_mark.line or last.end_mark.line != mark.line:
        return ""
    start = last.start_mark
    return (f"; the quoted text that opens at {start.line + 1}:{start.column + 1} runs on to line {mark.line + 1}: "
            "is its closing quote missing?")
