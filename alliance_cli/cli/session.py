"""One run's surroundings and fact base, built from the options every command shares."""
from __future__ import annotations

from typing import NamedTuple

from alliance_cli.factbase.store import Store
from alliance_cli.render.environment import Environment


class CommonOptions(NamedTuple):
    file: str | None = None
    no_cache: bool = False
    no_color: bool = False
    no_pager: bool = False


class Session:
    """The environment (a test's, or the real process's) and where the fact base is."""

    def __init__(self, env: Environment, options: CommonOptions) -> None:
        from alliance_cli.factbase.loading import resolve_path

        self.env = env.obey(no_color=options.no_color, no_pager=options.no_pager)
        self.path = resolve_path(options.file, env.variables)
        self.use_cache = not options.no_cache

    def store(self) -> Store:
        from alliance_cli.factbase.loading import load

        progress = self.env.stderr if self.env.stderr_isatty else None
        return load(self.path, self.env.variables, self.use_cache, progress=progress)

    def emit(self, output: str | bytes) -> None:
        from alliance_cli.render.output import emit

        emit(self.env, output)

    def message(self, text: str) -> None:
        from alliance_cli.render.output import message

        message(self.env, text)
