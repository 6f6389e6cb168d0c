"""The one place that writes command output: encoding, paging, a reader that went away, and --output files.

Every write is checked: a full disk or a closed standard output is one line and exit code 1, never a
truncated file reported as success. Messages on stderr are neutralised here, once for every command:
a file name, an argument or a text from the fact base never drives the terminal.
"""
from __future__ import annotations

import os

from alliance_cli.environment import Environment
from alliance_cli.errors import AllianceError, ExitCode, OutputEncodingError
from alliance_cli.files import WriteFailed


class OutputClosed(AllianceError):
    """The reader of stdout went away (`| head`); not a failure worth a message."""

    exit_code = ExitCode.BROKEN_PIPE


class StandardOutputFailed(WriteFailed):
    """Standard output cannot take the output (closed, a full disk): said once; the interpreter's last flush is
    then sent to /dev/null so that it does not fail again."""


def emit(env: Environment, output: str | bytes) -> None:
    """Write a whole rendering at once: bytes as they are (UTF-8), text in the terminal's encoding."""
    data = output if isinstance(output, bytes) else _encode(env, output)
    if isinstance(output, str) and _wants_pager(env, output):
        _page(env, data)
        return
    _write_directly(env, data)


def message(env: Environment, text: str) -> None:
    """A line for the person, on stderr, neutralised: any text in it may come from a file, a name or an argument,
    so a line break in it is shown as `\\n` and cannot forge a line of its own."""
    from alliance_cli.text import neutralise

    try:
        env.stderr.write(neutralise(text.replace("\n", "\\n")) + "\n")
        env.stderr.flush()
    except (OSError, ValueError, AttributeError):  # stderr closed or full: nowhere left to say anything
        pass


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
    if env.stdout is None:
        raise StandardOutputFailed("standard output is closed; nothing was written (redirect it to a file, "
                                   "or give --output FILE)")
    from alliance_cli.files import write_whole

    try:
        write_whole(env.stdout, data)
        env.stdout.flush()
    except BrokenPipeError:
        raise OutputClosed() from None
    except (OSError, ValueError) as error:
        why = getattr(error, "strerror", None) or "it is closed"
        raise StandardOutputFailed(f"cannot write to standard output: {why}; the output is incomplete") from None


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
    several files gives {path: bytes}. A regular file (or a new one) is written beside itself and renamed
    into place (`files.write_file`), so a reader never sees half a file and a failure leaves none; a
    symbolic link is followed to its file; a device or a FIFO is written directly. Returns the paths written."""
    from alliance_cli.files import check_writable, write_directly, write_file

    files = output if isinstance(output, dict) else {path: output if isinstance(output, bytes)
                                                     else output.encode("utf-8")}
    if len(files) > 1:  # all or none: a file that cannot be written stops the others before they are written
        for target in files:
            if standard_stream(target) is None and not _special(target):
                check_writable(target)
    written: list[str] = []
    for target, data in files.items():
        stream = standard_stream(target)
        if stream is not None or _special(target):
            if len(files) > 1:
                from alliance_cli.errors import UsageProblem

                raise UsageProblem(f"--output {target}: this format writes {len(files)} files; give a file name")
            write_directly(target, data) if stream is None else _write_descriptor(target, stream, data)
        else:
            try:
                write_file(target, data, replace=True)
            except WriteFailed as error:  # refused after the check above: say what was already written
                raise WriteFailed(f"{error}; {', '.join(written)} was already written") if written else error from None
        written.append(target)
    return written


def _write_descriptor(path: str, descriptor: int, data: bytes) -> None:
    from alliance_cli.files import write_all

    try:
        write_all(descriptor, data)
    except OSError as error:
        raise WriteFailed(f"{path}: cannot be written: {error.strerror or error}") from None


def standard_stream(path: str) -> int | None:
    """The descriptor a path such as /dev/stdout, /dev/fd/2 or /proc/self/fd/1 names, written as a stream is:
    never replaced by a file (`>> log` would lose the log), never reopened at its start."""
    names = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
    if path in names:
        return names[path]
    for prefix in ("/dev/fd/", "/proc/self/fd/"):
        number = path.removeprefix(prefix)
        if path.startswith(prefix) and number.isascii() and number.isdigit() and len(number) < 6:
            return int(number)
    return None


def _special(path: str) -> bool:
    """Whether `path` names something that exists and is not a regular file or a folder (a device, a FIFO)."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))
