"""The program's surroundings, decided once and passed to every renderer.

Tests build an `Environment` by hand (a terminal of 80 columns with colour, say)
instead of needing a real terminal.

Environment variables are read here (and by the cache for its folder): COLUMNS, LINES,
PAGER, ALLIANCE_PAGER, NO_COLOR, FORCE_COLOR, TERM. Any value is acceptable: one that
makes no sense (`COLUMNS=abc`) is ignored and the fallback used, never a crash.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any, BinaryIO, TextIO


class Environment:
    def __init__(self, stdout: BinaryIO, stderr: TextIO, stdout_isatty: bool = False, stderr_isatty: bool = False,
                 stdout_encoding: str = "utf-8", color: bool = False, width: int | None = None,
                 height: int | None = None, pager: str | None = None,
                 variables: Mapping[str, str] | None = None, stdin_isatty: bool = False) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.stdout_isatty = stdout_isatty
        self.stderr_isatty = stderr_isatty  # progress is shown there, and the browser draws there
        self.stdin_isatty = stdin_isatty  # the browser reads its keys there
        self.stdout_encoding = stdout_encoding
        self.color = color
        self.width = width  # columns of the terminal; None when not a terminal
        self.height = height
        self.pager = pager  # command to page long output through, or None
        self.variables = variables if variables is not None else {}

    def with_options(self, no_color: bool, no_pager: bool) -> Environment:
        """This environment with --no-color and --no-pager applied, whoever built it (the process or a test)."""
        import copy

        changed = copy.copy(self)
        if no_color:
            changed.color = False
        if no_pager:
            changed.pager = None
        return changed

    @classmethod
    def from_process(cls, no_color: bool = False, no_pager: bool = False) -> Environment:
        variables = dict(os.environ)
        out: Any = sys.stdout
        isatty = _isatty(out)
        width, height = _terminal_size(out, variables) if isatty else (None, None)
        return cls(
            stdout=getattr(out, "buffer", out),
            stderr=sys.stderr,
            stdout_isatty=isatty,
            stderr_isatty=_isatty(sys.stderr),
            stdin_isatty=_isatty(sys.stdin),
            stdout_encoding=getattr(out, "encoding", None) or "utf-8",
            color=wants_color(variables, isatty, no_color),
            width=width,
            height=height,
            pager=None if no_pager or not isatty else pager_command(variables),
            variables=variables,
        )


def wants_color(variables: Mapping[str, str], isatty: bool, no_color: bool) -> bool:
    """--no-color, then NO_COLOR, then FORCE_COLOR, then TERM=dumb, then whether stdout is a terminal."""
    if no_color or variables.get("NO_COLOR"):
        return False
    if variables.get("FORCE_COLOR"):
        return True
    if variables.get("TERM") == "dumb":
        return False
    return isatty


def pager_command(variables: Mapping[str, str]) -> str | None:
    """ALLIANCE_PAGER, then PAGER, then `less`, as git does; empty or `cat` means no pager."""
    for name in ("ALLIANCE_PAGER", "PAGER"):
        if name in variables:
            command = variables[name].strip()
            return None if command in ("", "cat") or "\0" in command else command
    return "less"


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


MAX_DIMENSION = 100_000  # more columns or lines than any terminal has: such a value is a mistake


def dimension(value: str | None) -> int | None:
    """COLUMNS or LINES as a count from 1 to MAX_DIMENSION, or None when it is not one (`abc`, `0`, `²`, `-5`)."""
    if value is None:
        return None
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 6:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_DIMENSION else None


def _terminal_size(stream, variables: Mapping[str, str]) -> tuple[int | None, int | None]:
    """COLUMNS and LINES when they are counts, else the terminal's own size, else 80 x 24."""
    try:
        size = os.get_terminal_size(stream.fileno())
        columns, lines = size.columns, size.lines
    except (AttributeError, ValueError, OSError):
        columns = lines = 0
    return (dimension(variables.get("COLUMNS")) or columns or 80,
            dimension(variables.get("LINES")) or lines or 24)
