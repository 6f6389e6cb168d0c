"""The one place that writes command output: encoding, paging, and a reader that went away."""
from __future__ import annotations

import contextlib
import os

from alliance_cli.environment import Environment
from alliance_cli.errors import AllianceError, ExitCode, OutputEncodingError


class OutputClosed(AllianceError):
    """The reader of stdout went away (`| head`); not a failure worth a message."""

    exit_code = ExitCode.BROKEN_PIPE


def emit(env: Environment, output: str | bytes) -> None:
    """Write a whole rendering at once: bytes as they are (UTF-8), text in the terminal's encoding."""
    data = output if isinstance(output, bytes) else _encode(env, output)
    if isinstance(output, str) and _wants_pager(env, output):
        _page(env, data)
        return
    try:
        env.stdout.write(data)
        env.stdout.flush()
    except BrokenPipeError:
        raise OutputClosed() from None


def message(env: Environment, text: str) -> None:
    """A line for the person, on stderr."""
    env.stderr.write(text + "\n")
    env.stderr.flush()


def _encode(env: Environment, text: str) -> bytes:
    try:
        return text.encode(env.stdout_encoding)
    except UnicodeEncodeError as error:
        raise OutputEncodingError(
            f"the output holds characters ({error.object[error.start:error.end]!r}) that standard output's "
            f"encoding '{env.stdout_encoding}' cannot show; set PYTHONIOENCODING=utf-8 or a UTF-8 locale "
            "(LC_ALL=C.UTF-8), or use --json") from None
    except LookupError:
        return text.encode("utf-8")


def _wants_pager(env: Environment, text: str) -> bool:
    return bool(env.pager and env.stdout_isatty and env.height and text.count("\n") >= env.height)


def _page(env: Environment, data: bytes) -> None:
    """Through the pager, as git does: `less` gets -FRX unless $LESS says otherwise."""
    import subprocess

    assert env.pager is not None  # noqa: S101 - _wants_pager checked it
    if not _runnable(env.pager):  # PAGER=nonsense: the output, unpaged, rather than nothing
        _write_directly(env, data)
        return
    variables = dict(env.variables)
    variables.setdefault("LESS", "FRX")
    try:
        pager = subprocess.Popen(env.pager, shell=True, stdin=subprocess.PIPE, env=variables)  # noqa: S602 - a pager is a shell command line, as git runs it
    except (OSError, ValueError):  # no shell, or a command line no shell can take
        _write_directly(env, data)
        return
    try:
        assert pager.stdin is not None  # noqa: S101 - stdin=PIPE
        pager.stdin.write(data)
        pager.stdin.close()
    except BrokenPipeError:  # the person quit the pager early, or it never started
        pass
    while True:
        try:
            status = pager.wait()
            break
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager while it runs
            continue
    if status in _PAGER_NOT_RUN:  # the shell said why (`less: not found`); the output is not lost
        _write_directly(env, data)


def _runnable(command: str) -> bool:
    """Whether the pager's command line names a program that exists (the shell would run it)."""
    import shlex
    import shutil

    try:
        words = shlex.split(command)
        return bool(words) and shutil.which(words[0]) is not None
    except (ValueError, OSError):
        return False


_PAGER_NOT_RUN = (126, 127)  # the shell's codes for a command it cannot run or cannot find


def _write_directly(env: Environment, data: bytes) -> None:
    try:
        env.stdout.write(data)
        env.stdout.flush()
    except BrokenPipeError:
        raise OutputClosed() from None


def silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass


def write_files(output: str | bytes | dict[str, bytes], path: str) -> list[str]:
    """Write a rendering to `--output path` instead of stdout (text as UTF-8); a format that writes
    several files gives {path: bytes}. Each file is written beside itself and renamed into place, so
    a reader never sees half a file. Returns the paths written."""
    from alliance_cli.errors import UsageProblem

    files = output if isinstance(output, dict) else {path: output if isinstance(output, bytes)
                                                     else output.encode("utf-8")}
    for target, data in files.items():
        partial = f"{target}.{os.getpid()}.partial"
        try:
            with open(partial, "wb") as handle:
                handle.write(data)
            os.replace(partial, target)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.unlink(partial)
            raise UsageProblem(f"--output: cannot write {target}: {error.strerror or error}") from None
    return list(files)
