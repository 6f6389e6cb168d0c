"""rich, set up from our Environment, and the only way fact-base text reaches it.

Text from the fact base is untrusted: it goes into tables only as `rich.text.Text`
after `neutralise`, so markup (`[bold]`), emoji codes (`:smile:`) and control
sequences are shown as written and never interpreted.
"""
from __future__ import annotations

import io
import re
from typing import Literal

from alliance_cli.environment import Environment, dimension
from alliance_cli.text import fold_with_positions, neutralise

UNLIMITED_WIDTH = 100_000  # when stdout is not a terminal, tables are never cropped


def unicode_output(env: Environment) -> bool:
    try:
        "─█…".encode(env.stdout_encoding)
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def make_console(env: Environment):
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        width=terminal_width(env),
        color_system=_color_system(env) if env.color else None,
        force_terminal=env.color,
        no_color=not env.color,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
        _environ={},
    )


def render(env: Environment, *renderables) -> str:
    console = make_console(env)
    for renderable in renderables:
        console.print(renderable)
    text = console.file.getvalue()
    return text if env.color else "\n".join(line.rstrip() for line in text.split("\n"))


def new_table(env: Environment, title: str = "", **options):
    from rich import box
    from rich.table import Table

    style = box.ROUNDED if unicode_output(env) else box.ASCII
    settings = {"box": style, "show_lines": True, "header_style": "bold", "title_justify": "left", **options}
    return Table(title=title or None, **settings)


def safe(text: str, highlight: re.Pattern[str] | None = None, style: str = ""):
    """Untrusted text as a rich Text, with what `highlight` matches in its folded form highlighted."""
    from rich.text import Text

    shown = Text(neutralise(text), style=style)
    if highlight is not None:
        folded, origin = fold_with_positions(shown.plain)
        for found in highlight.finditer(folded):
            if found.end() > found.start():
                shown.stylize("bold black on yellow", origin[found.start()], origin[found.end() - 1] + 1)
    return shown


def terminal_width(env: Environment) -> int:
    """The columns tables may use: the terminal's, else $COLUMNS, else unlimited (piped output is never cropped)."""
    return env.width or _width_when_piped(env)


def _width_when_piped(env: Environment) -> int:
    return dimension(env.variables.get("COLUMNS")) or UNLIMITED_WIDTH


def _color_system(env: Environment) -> Literal["truecolor", "256", "standard"]:
    if env.variables.get("COLORTERM") in ("truecolor", "24bit"):
        return "truecolor"
    return "256" if "256color" in env.variables.get("TERM", "") else "standard"
