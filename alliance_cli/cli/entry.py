"""The `alliance` command: the fast path for the main pipe job, else the full typer command line."""
from __future__ import annotations

import os
import sys


def main() -> int:
    _hold_closed_streams()
    from alliance_cli.files import handle_termination_when_writing

    handle_termination_when_writing()  # SIGTERM and SIGHUP run the cleanups of a write in progress
    from alliance_cli.cli.fastpath import run

    code = run(sys.argv[1:])
    if code is not None:
        return code
    from alliance_cli.cli.app import main as full_command_line

    return full_command_line()


def _hold_closed_streams() -> None:
    """A closed stdin, stdout or stderr (`>&-`, `2>&-`) is held by /dev/null, as git does, so that no file
    alliance opens takes its number. A closed stdout stays known as closed (`sys.stdout` is None), and the
    output is refused with a message; a closed stderr takes the messages away, never the exit code."""
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            try:
                held = os.open(os.devnull, os.O_RDWR)
            except OSError:
                return
            if held != descriptor:  # the lowest free number is taken: a lower one was free too
                os.close(held)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the life of the process

