"""The typer command line: the commands, each in its module under `commands/`, built on demand.

Building every command costs a run ~20 ms, so a run builds only the one it names
(all of them for top-level help and shell completion).
"""
# No `from __future__ import annotations` here: typer reads these annotations at run time.
import functools
import sys
from collections.abc import Callable
from importlib import import_module
from typing import Annotated, Any

import typer

from alliance_cli import __version__
from alliance_cli.cli.boundary import guarded
from alliance_cli.environment import Environment
from alliance_cli.errors import ExitCode

APP_HELP = ("Browse sourced claims about the Russia–Iran alliance: every claim with its source, "
            "exact quote, speaker, stance, grade and any disagreement between sources.\n\n"
            "\b\nExamples:\n  alliance facts --theme sanctions\n  alliance facts --theme sanctions --json | jq '.[].id'")

# command -> (module under alliance_cli.cli.commands, function), in the order help lists them
COMMANDS = {
    "facts": ("facts", "facts"),
    "show": ("show", "show"),
    "timeline": ("facts", "timeline"),
    "browse": ("browse", "browse"),
    "themes": ("catalogs", "themes"),
    "sources": ("sources", "group"),
    "actors": ("catalogs", "actors"),
    "stats": ("facts", "stats"),
    "read": ("reading", "read"),
    "coverage": ("reading", "coverage"),
    "quote": ("curation", "quote"),
    "new-fact": ("curation", "new_fact"),
    "corroborate": ("corroborate", "corroborate"),
    "evidence": ("corroborate", "evidence"),
    "disagreement": ("corroborate", "disagreement"),
    "diff": ("diff", "diff"),
    "validate": ("checks", "validate"),
    "verify": ("checks", "verify"),
    "lint": ("lint", "lint"),
    "schema": ("checks", "schema"),
}
# The commands that are groups of subcommands (`sources add`): their function builds the typer group.
GROUPS = frozenset(("sources", "evidence", "disagreement"))
# Options whose value may be left out (click has no such option): command -> option -> the value meant.
OPTIONAL_VALUES = {"show": {"--context": "1"}}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"alliance {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Browse sourced claims about the Russia–Iran alliance."""


def build_app(only: str | None = None) -> typer.Typer:
    """The typer app with every command, or with just `only`."""
    app = typer.Typer(name="alliance", help=APP_HELP, rich_markup_mode=None, no_args_is_help=True,
                      pretty_exceptions_enable=False,
                      context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
    app.callback()(_root)
    for name, (module, function) in COMMANDS.items():
        if only is None or name == only:
            command = getattr(import_module(f"alliance_cli.cli.commands.{module}"), function)
            if name in GROUPS:
                app.add_typer(command(_pipe_safe), name=name)
            else:
                app.command(name)(_pipe_safe(command))
    return app


def _pipe_safe(function: Callable[..., Any]) -> Callable[..., Any]:
    """Let a broken pipe reach the boundary as the fast path sees it: typer would exit 1 on it."""
    @functools.wraps(function)
    def command(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except BrokenPipeError:
            from alliance_cli.render.terminal.output import OutputClosed

            raise OutputClosed() from None

    return command


def with_optional_values(args: list[str]) -> list[str]:
    """`show ID --context` as `show ID --context 1`: the value is filled in where none follows the option."""
    optional = OPTIONAL_VALUES.get(args[0], {}) if args else {}
    filled: list[str] = []
    for n, word in enumerate(args):
        filled.append(word)
        if word == "--":
            return filled + args[n + 1:]
        if word in optional and not (n + 1 < len(args) and args[n + 1].strip().isdigit()):
            filled.append(optional[word])
    return filled


def _needed_command(argv: list[str]) -> str | None:
    """The command a run names, when nothing else (top-level help, completion) needs the others."""
    import os

    if not argv or argv[0] not in COMMANDS or "_ALLIANCE_COMPLETE" in os.environ:
        return None
    return argv[0]


@functools.cache
def _click_command(only: str | None) -> Any:
    """The click command typer builds for `only` (or for every command): built once per process.

    A click command keeps no state between invocations (each gets its own context), so a process
    that runs alliance many times, as the in-process test harness does, builds each one once.
    """
    from typer.main import get_command

    return get_command(build_app(only))


def main(argv: list[str] | None = None, env: Environment | None = None) -> int:
    """Run alliance; return the exit code. `env` replaces the real terminal in tests."""
    args = with_optional_values(sys.argv[1:] if argv is None else list(argv))

    def work() -> int:
        command = _click_command(_needed_command(args))
        try:
            result = command.main(args=args, prog_name="alliance", standalone_mode=False, obj=env)
        except typer.Abort:  # click's word for Ctrl-C at a prompt or while running
            raise KeyboardInterrupt from None
        if result == ExitCode.INTERRUPTED:  # typer turns Ctrl-C into exit code 130 in some versions
            raise KeyboardInterrupt
        return result if isinstance(result, int) else ExitCode.OK

    return guarded(work, env.stderr if env else sys.stderr, real_stdout=env is None)
