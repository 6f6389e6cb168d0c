"""The main jobs without loading typer: `alliance facts --theme T [--json]`.

Importing typer alone takes longer than the whole job on a cached fact base, and
the job runs in loops and pipes. This module recognises only a small, exact
grammar (`facts` with `--theme/-t`, `--json`, `--format/-f table|json|jsonl`,
`--file/-F`, `--no-cache`, `--no-color`, `--no-pager`, each written in full);
anything else, including any mistake, returns None and the typer command line
handles it, with its messages. After parsing, the work is `listing.list_facts`,
the same code the typer command calls, and a test checks that both paths write
the same bytes.
"""
from __future__ import annotations

from alliance_cli.factbase.vocabulary import THEMES

_THEME_OPTIONS = ("--theme", "-t")
_FILE_OPTIONS = ("--file", "-F")
_FORMAT_OPTIONS = ("--format", "-f")
_FAST_FORMATS = ("table", "json", "jsonl")
_FLAGS = {"--no-cache": "no_cache", "--no-color": "no_color", "--no-pager": "no_pager"}


def parse(argv: list[str]) -> dict | None:
    """The options of a `facts` run this path can serve, or None."""
    if not argv or argv[0] != "facts":
        return None
    options: dict = {"themes": [], "format": None, "json": False, "file": None,
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


def _take(options: dict, option: str, value: str) -> bool:
    if option in _THEME_OPTIONS:
        theme = value.strip().casefold()
        options["themes"].append(theme)
        return theme in THEMES
    key = "file" if option in _FILE_OPTIONS else "format"
    if options[key] is not None:
        return False
    options[key] = value
    return key == "file" or value in _FAST_FORMATS


def run(argv: list[str], env=None) -> int | None:
    """Serve the run and return its exit code, or None when the typer command line must."""
    options = parse(argv)
    if options is None:
        return None
    from alliance_cli.cli import reporting
    from alliance_cli.render.environment import Environment
    from alliance_cli.errors import AllianceError, ExitCode
    from alliance_cli.cli.listing import describe, list_facts
    from alliance_cli.factbase.loading import resolve_path
    from alliance_cli.query.selection import Query

    real = env is None
    env = (env or Environment.from_process()).obey(options["no_color"], options["no_pager"])
    try:
        list_facts(env, resolve_path(options["file"], env.variables), not options["no_cache"],
                   Query(any_themes=tuple(options["themes"])), options["format"],
                   title=describe({"theme": options["themes"]}))
        return ExitCode.OK
    except AllianceError as error:
        return reporting.report(error, env.stderr, real_stdout=real)
    except KeyboardInterrupt:
        return reporting.interrupted(env.stderr)
    except Exception as error:  # noqa: BLE001 - no traceback, as on the typer path
        return reporting.bug(error, env.stderr)
