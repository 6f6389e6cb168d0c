"""What a renderer needs besides the data: the environment and the user's display choices."""
from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from alliance_cli.environment import Environment

if TYPE_CHECKING:
    from alliance_cli.query.search import Search


class View(NamedTuple):
    env: Environment
    fields: tuple[str, ...] | None = None  # --fields, for json, jsonl and csv
    search: Search | None = None  # --search: marked in tables, `matched` in JSON
    title: str = ""  # what was asked for, for captions and headings
    output: str | None = None  # the file --output names, for formats that write files beside it
    criteria: tuple[str, ...] = ()  # the same, one filter each (`theme: sanctions`), for lists
    fact_base: str = ""  # the fact base's path, for formats that read its captures (annotations)
