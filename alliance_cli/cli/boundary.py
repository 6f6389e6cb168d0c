"""The one error boundary: every run, by either entry path, ends here as one line and an exit code.

Errors are raised as `AllianceError` anywhere below the command line; `guarded`
is the only place that catches them, or anything else, and turns them into a
message on stderr and a named exit code. No traceback reaches the user.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from typing import TextIO

from alliance_cli.errors import AllianceError, ExitCode, FactBaseError, LintFindings, VerificationFailed


def guarded(work: Callable[[], int], stderr: TextIO, *, real_stdout: bool) -> int:
    """Run `work` and return its exit code, or report what stopped it.

    `real_stdout` is false in tests, where stdout is a buffer that must not be
    redirected to /dev/null after a broken pipe.
    """
    try:
        return work()
    except AllianceError as error:
        return _report(error, stderr, real_stdout)
    except BrokenPipeError:
        from alliance_cli.render.terminal.output import OutputClosed

        return _report(OutputClosed(), stderr, real_stdout)
    except KeyboardInterrupt:
        return interrupted(stderr)
    except Exception as error:
        usage = _click_usage_error(error)
        if usage is not None:
            return usage(stderr)
        return _bug(error, stderr)


def interrupted(stderr: TextIO) -> int:
    _say(stderr, "alliance: interrupted\n")
    return ExitCode.INTERRUPTED


def _say(stderr: TextIO | None, text: str) -> None:
    """Write to stderr; when it is closed or full the message is lost, never the exit code."""
    try:
        if stderr is not None:
            stderr.write(text)
            stderr.flush()
    except (OSError, ValueError):
        pass


def one_line(text: str) -> str:
    from alliance_cli.text import neutralise

    return neutralise(" ".join(text.split("\n")))


def _report(error: AllianceError, stderr: TextIO, real_stdout: bool) -> int:
    from alliance_cli.render.terminal.output import OutputClosed, StandardOutputFailed, silence_stdout

    if isinstance(error, OutputClosed):
        if real_stdout:
            silence_stdout()
        return error.exit_code
    if isinstance(error, StandardOutputFailed) and real_stdout:
        silence_stdout()
    prefix = "" if isinstance(error, (FactBaseError, VerificationFailed, LintFindings)) else "alliance: error: "
    _say(stderr, "".join(f"{prefix}{one_line(line)}\n" for line in error.lines))
    return error.exit_code


def _bug(error: Exception, stderr: TextIO) -> int:
    if os.environ.get("ALLIANCE_DEBUG"):
        raise error
    _say(stderr, f"alliance: internal error: {type(error).__name__}: {one_line(str(error))} "
         "(this is a bug in alliance; rerun with ALLIANCE_DEBUG=1 for the traceback and report it)\n")
    return ExitCode.INTERNAL


def _click_usage_error(error: Exception) -> Callable[[TextIO], int] | None:
    """click's exceptions, found by shape: typer vendors click in some versions and not in others.

    A usage error has one form, whoever finds it: `alliance: error: --theme: unknown theme …`. A value
    an option's check refused (click's BadParameter) names the option as UsageProblem does; a mistake in
    the command line's grammar (an unknown option, a missing argument) adds where to read the usage.
    """
    if not (callable(getattr(error, "format_message", None)) and isinstance(getattr(error, "exit_code", None), int)):
        return None
    context = getattr(error, "ctx", None)

    def report(stderr: TextIO) -> int:
        if type(error).__name__ == "NoArgsIsHelpError" and context is not None:
            import sys

            sys.stdout.write(context.get_help() + "\n")
            return ExitCode.OK
        _say(stderr, f"alliance: error: {one_line(_usage_message(error, context))}\n")
        return int(error.exit_code)  # type: ignore[attr-defined]

    return report


def _usage_message(error: Exception, context: object) -> str:
    param = getattr(error, "param", None)
    if type(error).__name__ == "BadParameter" and param is not None:
        option = max(getattr(param, "opts", None) or [str(getattr(param, "name", ""))], key=len)
        return f"{option}: {getattr(error, 'message', '')}"
    where = getattr(context, "command_path", None) or "alliance"
    return f"{error.format_message()} (see '{where} --help')"  # type: ignore[attr-defined]
