"""The `alliance` command: the fast path for the main pipe job, else the full typer command line."""
from __future__ import annotations

import os
import sys


def main() -> int:
    _hold_closed_streams()
    _end_cleanly_on_termination()
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


def _end_cleanly_on_termination() -> None:
    """SIGTERM and SIGHUP end the run as Ctrl-C does, through every `finally` (a write in progress removes its
    temporary file), with the shell's code for the signal (143, 129); the steps of a write that must happen
    together hold them back meanwhile (`files.uninterrupted`)."""
    import signal

    def end(number: int, _frame) -> None:
        raise SystemExit(128 + number)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), end)
