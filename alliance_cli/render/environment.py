"""The program's surroundings, decided once and passed to every renderer.

Tests build an `Environment` by hand (a terminal of 80 columns with colour, say)
instead of needing a real terminal.
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
                 variables: Mapping[str, str] | None = None) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.stdout_isatty = stdout_isatty
        self.stderr_isatty = stderr_isatty
        self.stdout_encoding = stdout_encoding
        self.color = color
        self.width = width  # columns of the terminal; None when not a terminal
        self.height = height
        self.pager = pager  # command to page long output through, or None
        self.variables = variables if variables is not None else {}

    def obey(self, no_color: bool, no_pager: bool) -> Environment:
        """Apply --no-color and --no-pager, whoever built this environment (the process or a test)."""
        if no_color:
            self.color = False
        if no_pager:
            self.pager = None
        return self

    @classmethod
    def from_process(cls, no_color: bool = False, no_pager: bool = False) -> Environment:
        variables = dict(os.environ)
        out: Any = sys.stdout
        isatty = _isatty(out)
        width, height = _terminal_size(out) if isatty else (None, None)
        return cls(
            stdout=getattr(out, "buffer", out),
            stderr=sys.stderr,
            stdout_isatty=isatty,
            stderr_isatty=_isatty(sys.stderr),
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
            return None if command in ("", "cat") else command
    return "less"


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _terminal_size(stream) -> tuple[int | None, int | None]:
    try:
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, ValueError, OSError):
        return None, None
    columns = int(os.environ.get("COLUMNS") or size.columns)
    return columns, size.lines
