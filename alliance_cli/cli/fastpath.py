"""The main jobs without loading typer: `alliance facts --theme T [--json]`.

Importing typer alone takes longer than the whole job on a cached fact base, and
the job runs in loops and pipes. This module recognises only a small, exact
grammar (`facts` with `--theme/-t`, `--json`, `--format/-f table|json|jsonl`,
`--file/-F`, `--no-cache`, `--no-color`, `--no-pager`, each written in full);
anything else, including any mistake, returns None and the typer command line
handles it, with its messages. After parsing, the work is `listing.list_facts`
inside `boundary.guarded`, the same code the typer command runs, and a test checks that both paths write
the same bytes.
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from alliance_cli.factbase.vocabulary import THEMES

if TYPE_CHECKING:
    from alliance_cli.environment import Environment

_THEME_OPTIONS = ("--theme", "-t")
_FILE_OPTIONS = ("--file", "-F")
_FORMAT_OPTIONS = ("--format", "-f")
_FAST_FORMATS = ("table", "json", "jsonl")
_FLAGS = {"--no-cache": "no_cache", "--no-color": "no_color", "--no-pager": "no_pager"}


def parse(argv: list[str]) -> dict[str, Any] | None:
    """The options of a `facts` run this path can serve, or None."""
    if not argv or argv[0] != "facts":
        return None
    options: dict[str, Any] = {"themes": [], "format": None, "json": False, "file": None,
                     "no_cache": False, "no_color": False, "no_pager": False}
    words = iter(argv[1:])
    for word in words:
        if word == "--json" and not options["json"]:
            options["json"] = True
        elif word in _FLAGS:
            options[_FLAGS[word]] = True
        elif word in _THEME_OPTIONS + _FILE_OPTIONS + _FORMAT_OPTIONS:
            value = next(words, None)
            if value is None or value.startswith("-") or not _take(options, word, value):
                return None
        else:
            return None
    if options["json"]:
        if options["format"] not in (None, "json"):
            return None
        options["format"] = "json"
    options["format"] = options["format"] or "table"
    return options


def _take(options: dict[str, Any], option: str, value: str) -> bool:
    if option in _THEME_OPTIONS:
        theme = value.strip().casefold()
        options["themes"].append(theme)
        return theme in THEMES
    key = "file" if option in _FILE_OPTIONS else "format"
    if options[key] is not None:
        return False
    options[key] = value
    return key == "file" or value in _FAST_FORMATS


def run(argv: list[str], env: Environment | None = None) -> int | None:
    """Serve the run and return its exit code, or None when the typer command line must."""
    options = parse(argv)
    if options is None:
        return None
    from alliance_cli.cli.boundary import guarded
    from alliance_cli.cli.listing import Presentation, list_facts
    from alliance_cli.cli.session import CommonOptions, Session
    from alliance_cli.query.plan import FactFilters

    def work() -> int:
        common = CommonOptions(file=options["file"], no_cache=options["no_cache"], no_color=options["no_color"],
                               no_pager=options["no_pager"])
        from alliance_cli.environment import Environment

        session = Session(env or Environment.from_process(), common)
        list_facts(session, FactFilters(theme=tuple(options["themes"])),
                   presentation=Presentation(format=options["format"]))
        return 0

    return guarded(work, env.stderr if env else sys.stderr, real_stdout=env is None)
