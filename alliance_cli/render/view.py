"""What a renderer needs besides the data: the environment and the user's display choices."""
from __future__ import annotations

from typing import NamedTuple

from alliance_cli.render.environment import Environment


class View(NamedTuple):
    env: Environment
    fields: tuple[str, ...] | None = None  # --fields, for json, jsonl and csv
    highlight: tuple[str, ...] = ()  # folded search terms to mark in tables
    title: str = ""  # what was asked for, for captions and headings
    output: str | None = None  # the file --output names, for formats that write files beside it
