"""Turning errors into one line on stderr and an exit code: the one place, for both entry paths."""
from __future__ import annotations

import os

from alliance_cli.errors import AllianceError, ExitCode, FactBaseError, VerificationFailed


def report(error: AllianceError, stderr, real_stdout: bool) -> int:
    from alliance_cli.render.output import OutputClosed, silence_stdout

    if isinstance(error, OutputClosed):
        if real_stdout:
            silence_stdout()
        return error.exit_code
    prefix = "" if isinstance(error, (FactBaseError, VerificationFailed)) else "alliance: error: "
    for line in error.lines:
        stderr.write(f"{prefix}{one_line(line)}\n")
    stderr.flush()
    return error.exit_code


def interrupted(stderr) -> int:
    stderr.write("alliance: interrupted\n")
    return ExitCode.INTERRUPTED


def bug(error: Exception, stderr) -> int:
    if os.environ.get("ALLIANCE_DEBUG"):
        raise error
    stderr.write(f"alliance: internal error: {type(error).__name__}: {one_line(str(error))} "
                 "(this is a bug in alliance; rerun with ALLIANCE_DEBUG=1 for the traceback and report it)\n")
    return ExitCode.INTERNAL


def one_line(text: str) -> str:
    from alliance_cli.text import neutralise

    return neutralise(" ".join(text.split("\n")))
