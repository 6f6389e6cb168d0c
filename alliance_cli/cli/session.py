"""One run's surroundings and fact base, built from the options every command shares."""
from __future__ import annotations

from typing import NamedTuple

from alliance_cli.environment import Environment
from alliance_cli.factbase.store import Store


class CommonOptions(NamedTuple):
    file: str | None = None
    no_cache: bool = False
    no_color: bool = False
    no_pager: bool = False
    output: str | None = None  # --output FILE: write there instead of stdout


class Session:
    """The environment (a test's, or the real process's) and where the fact base is."""

    def __init__(self, env: Environment, options: CommonOptions) -> None:
        from alliance_cli.errors import UsageProblem
        from alliance_cli.factbase.loading import resolve_path

        for option, value in (("--file", options.file), ("--output", options.output)):
            if value is not None and not value.strip():
                raise UsageProblem(f"{option} is empty; give a path (an empty name would silently mean "
                                   f"{'the shipped fact base' if option == '--file' else 'nothing'})")
        to_file = options.output is not None  # a file gets no colour and no pager
        self.env = env.with_options(no_color=options.no_color or to_file, no_pager=options.no_pager or to_file)
        self.path = resolve_path(options.file, env.variables)
        self.use_cache = not options.no_cache
        self.output = options.output

    def store(self, check_on_use: bool = False) -> Store:
        """The fact base; `check_on_use` for the browser (see `factbase.cache_entry`)."""
        from alliance_cli.factbase.loading import load

        progress = self.env.stderr if self.env.stderr_isatty else None
        return load(self.path, self.env.variables, self.use_cache, progress=progress, check_on_use=check_on_use)

    def emit(self, output: str | bytes | dict[str, bytes]) -> None:
        """The rendering to stdout, or to the --output file(s)."""
        from alliance_cli.render.terminal.output import emit, standard_stream, write_files

        if self.output is None or (standard_stream(self.output) == 1 and not isinstance(output, dict)):
            assert not isinstance(output, dict), "a format that writes files needs --output"  # noqa: S101
            emit(self.env, output)
            return
        targets = list(output) if isinstance(output, dict) else [self.output]
        for target in targets:
            self._refuse_fact_base(target)
        written = write_files(output, self.output)
        self.message("Wrote " + " and ".join(written) + ".")

    def _refuse_fact_base(self, target: str) -> None:
        """--output never replaces what the fact base reads: its file, its folder's files, its captures."""
        from alliance_cli.factbase.protected import refuse_replacing

        refuse_replacing(self.path, self.store(), target)

    def message(self, text: str) -> None:
        from alliance_cli.render.terminal.output import message

        message(self.env, text)
