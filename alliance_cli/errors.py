"""The one user-facing error type, and the exit codes it maps to.

Every command raises `AllianceError` (or a subclass) for anything the user can
fix; `cli.boundary` is the only place that turns it into a message and an exit code.
"""
from __future__ import annotations


class ExitCode:
    """Named exit codes, as plain ints so that the fast path need not import enum."""

    OK = 0
    INTERNAL = 1  # a bug in alliance: reported as such, never a traceback
    WRITE_FAILED = 1  # a write failed or was refused to keep what is there (disk full, read-only, busy, closed
    # output): the message says which and that nothing was changed; never called a bug
    USAGE = 2  # bad command line (typer/click's convention)
    FACT_BASE = 3  # the fact base file is missing, unreadable, not YAML or not valid
    VERIFY_FAILED = 4  # `verify` found a quote or a checksum that does not match
    NOT_FOUND = 5  # `show ID` names no fact
    OUTPUT = 6  # the output cannot be written in the terminal's encoding
    LINT_FINDINGS = 7  # `lint` found claims stronger than their evidence (findings not accepted in the file)
    INTERRUPTED = 130  # Ctrl-C
    BROKEN_PIPE = 141  # the reader went away (`| head`), as a shell reports SIGPIPE


class AllianceError(Exception):
    """A problem the user can act on: one line each, no traceback."""

    exit_code = ExitCode.INTERNAL

    def __init__(self, *lines: str) -> None:
        super().__init__(lines[0] if lines else "")
        self.lines = list(lines)


class UsageProblem(AllianceError):
    exit_code = ExitCode.USAGE


class FactBaseError(AllianceError):
    """The fact base cannot be used; `lines` are `file:line:column: message` each."""

    exit_code = ExitCode.FACT_BASE


class VerificationFailed(AllianceError):
    exit_code = ExitCode.VERIFY_FAILED


class LintFindings(AllianceError):
    """`lint` reported findings (on stdout); `lines` is the summary for stderr."""

    exit_code = ExitCode.LINT_FINDINGS


class NotFound(AllianceError):
    exit_code = ExitCode.NOT_FOUND


class OutputEncodingError(AllianceError):
    exit_code = ExitCode.OUTPUT
