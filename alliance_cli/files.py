"""Every file alliance reads or writes goes through here, so that nothing is lost and nothing hangs.

Reads are bounded: only a regular file is read (a device such as /dev/zero, a FIFO or a socket
would never end, or block), opened without blocking, and never more than the limit given, counted
in bytes actually read, since `st_size` says 0 for a device.

Writes are atomic and never clobber: the bytes go to a hidden temporary file beside the target, are
flushed to the disk, and then take the target's name in one step (rename, or a hard link when the
target must not exist yet). A failed or interrupted write leaves the target as it was and no temporary
file behind. Symbolic links are followed to the file they name; a read-only file, a file with other hard
links (the rename would leave them the old text), a folder, a device or a FIFO is never replaced; nor is
a file changed since it was read (`Snapshot`). `--output` may name a device, a FIFO or /dev/stdout:
those are written directly (`write_output`), since there is no file to replace.

A read-modify-write of a fact base also holds its writers' lock (`locking.locked`).
"""
from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, NamedTuple

from alliance_cli.errors import AllianceError, ExitCode


class WriteFailed(AllianceError):
    """A write that could not be made, or was refused to keep what is there: nothing was changed."""

    exit_code = ExitCode.WRITE_FAILED


class NotRegularFile(OSError):
    """A path that names a device, a FIFO or a socket where a file is wanted."""

    def __init__(self, path: str, mode: int) -> None:
        super().__init__(f"is {kind_of(mode)}, not a regular file")
        self.filename = path
        self.strerror = f"is {kind_of(mode)}, not a regular file"


class TooLarge(OSError):
    def __init__(self, path: str, limit: int) -> None:
        super().__init__(f"is over the limit of {limit:,} bytes")
        self.filename = path
        self.strerror = f"is over the limit of {limit:,} bytes"
        self.limit = limit


def kind_of(mode: int) -> str:
    """What a file's mode says it is, in words."""
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISREG, "a regular file")):
        if test(mode):
            return name
    return "not a regular file"


@contextlib.contextmanager
def opened_regular(path: str) -> Iterator[BinaryIO]:
    """`path` opened for reading, only if it is a regular file (never blocks on a FIFO)."""
    with open_regular(path) as handle:
        yield handle


def open_regular(path: str) -> BinaryIO:
    """`path` opened for reading, only if it is a regular file: a FIFO or a device in its place (in the cache
    folder, say) is an OSError at once, never a read that blocks or never ends. The caller closes it."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "is a folder", path)
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, mode)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_bounded(path: str, limit: int) -> bytes:
    """The bytes of the regular file at `path`; TooLarge when it holds more than `limit` of them."""
    with opened_regular(path) as handle:
        return read_limited(handle, path, limit)


def read_limited(handle: BinaryIO, path: str, limit: int) -> bytes:
    """All of an open file, or TooLarge past `limit` bytes read; the buffer asked for is the file's size (a
    request for `limit` bytes would allocate them all at once)."""
    expected = os.fstat(handle.fileno()).st_size
    chunks = []
    total = 0
    want = min(expected, limit) + 1
    while chunk := handle.read(min(want, limit + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise TooLarge(path, limit)
        want = 1 << 20
    return b"".join(chunks)


class Snapshot(NamedTuple):
    """What a file was when it was read: a write refuses to replace it if any of this has changed."""

    device: int
    inode: int
    size: int
    modified_ns: int

    @classmethod
    def of(cls, path: str) -> Snapshot | None:
        try:
            found = os.stat(path)
        except FileNotFoundError:
            return None
        return cls(found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


Content = bytes | Callable[[Any], object]  # the function gets a file whose writes are whole


def write_file(path: str, content: Content, *, replace: bool, read_as: Snapshot | None = None,
               durable: bool = True) -> str:
    """Write `content` (bytes, or a function that writes to the file) to `path` atomically; returns the file written.

    A symbolic link is followed to its file. With `replace`, an existing regular file is replaced (keeping
    its permissions), unless it is read-only or differs from `read_as`; without it, an existing file is
    never touched. Anything but a regular file is never replaced. Raises WriteFailed, or OSError with
    `durable=False` (the cache, whose failures are silent and whose files are alliance's own: `_replaceable`).
    """
    path = os.fspath(path)
    end_cleanly_on_termination()
    folder, name = os.path.split(path)
    target = os.path.realpath(path) if durable else os.path.join(os.path.realpath(folder or "."), name)
    try:
        if path.endswith(("/", os.sep)):  # realpath drops the slash, and a file would take the folder's name
            raise _Refused("ends in a slash, so it names a folder; give a file name")
        mode = _replaceable(target, replace, read_as, own=not durable)
        _write_beside(target, content, mode, replace, durable, read_as)
    except OSError as error:
        if not durable:
            raise
        raise WriteFailed(f"{path}: {_why(error)}") from None
    return target


def check_writable(path: str, replace: bool = True) -> None:
    """WriteFailed now if `write_file(path, ...)` would be refused or could not create its file: lets a format
    that writes several files (sqlite and its metadata) refuse before it has written any of them."""
    path = os.fspath(path)
    target = os.path.realpath(path)
    try:
        if path.endswith(("/", os.sep)):
            raise _Refused("ends in a slash, so it names a folder; give a file name")
        _replaceable(target, replace, None)
        folder, name = os.path.split(target)
        if not os.path.isdir(folder):
            raise _Refused("is in a folder that does not exist")
        if len(name.encode("utf-8", "surrogateescape")) > os.pathconf(folder, "PC_NAME_MAX"):
            raise _Refused("cannot be written: File name too long")
    except OSError as error:
        raise WriteFailed(f"{path}: {_why(error)}") from None


def _replaceable(target: str, replace: bool, read_as: Snapshot | None, own: bool = False) -> int:
    """The permissions the new file gets; raises when the file at `target` must be kept. An `own` file (the
    cache's) is judged by itself, never by what a link names: only a folder, a device or a FIFO is kept,
    so a link planted in the cache folder cannot make a query overwrite a file the user never named."""
    try:
        found = os.lstat(target) if own else os.stat(target)
    except FileNotFoundError:
        if read_as is not None:
            raise _Refused("was removed since alliance read it; nothing was written") from None
        return 0o666 & ~_umask()
    if own and (stat.S_ISLNK(found.st_mode) or stat.S_ISREG(found.st_mode)) and replace:
        return 0o666 & ~_umask()
    if not stat.S_ISREG(found.st_mode):
        raise _Refused(f"is {kind_of(found.st_mode)}; alliance replaces only regular files")
    if not replace:
        raise _Refused("already exists; alliance does not replace it")
    if not found.st_mode & 0o222:
        raise _Refused("is read-only; alliance does not change it (make it writable first)")
    if found.st_nlink > 1:  # the new file takes one name: the others would keep the old text, unseen
        others = found.st_nlink - 1
        raise _Refused(f"has {others} other hard link{'s' if others > 1 else ''}, which would keep the old text; "
                       "alliance does not split them (copy the file to one of its own first)")
    if read_as is not None and Snapshot.of(target) != read_as:
        raise _Refused("changed since alliance read it; nothing was written, run the command again")
    return found.st_mode & 0o7777


class _Refused(OSError):
    """A write refused on purpose: its message says why."""


def _why(error: OSError) -> str:
    if isinstance(error, _Refused):
        return str(error)
    if isinstance(error, FileExistsError):
        return "already exists; alliance does not replace it"
    return f"cannot be written: {error.strerror or error}"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_TEMPORARY = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.tmp")  # as `_write_beside` names them (mkstemp's 8 letters)


def temporary_target(name: str) -> str | None:
    """The name a temporary file of `_write_beside` was written for (cut at 100 bytes), or None if `name` is
    not one: a clean-up removes only what alliance made, never a user's `.draft.tmp`."""
    found = _TEMPORARY.fullmatch(name)
    return found.group(1) if found else None


def _write_beside(target: str, content: Content, mode: int, replace: bool, durable: bool,
                  read_as: Snapshot | None = None) -> None:
    import tempfile  # here: it costs 8 ms, and the main job reads without writing

    folder, name = os.path.split(target)
    short = name.encode("utf-8", "surrogateescape")[:100].decode("utf-8", "ignore")  # a name's limit is in bytes
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{short}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            whole = _WholeWrites(handle)
            whole.write(content) if isinstance(content, bytes) else content(whole)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        with uninterrupted():  # checked again at the last moment: a change, or a hard link made meanwhile
            if read_as is not None and Snapshot.of(target) != read_as:
                raise _Refused("changed while alliance was writing it; nothing was written, run the command again")
            if replace:
                _replaceable(target, replace, None, own=not durable)
                os.replace(temporary, target)
            else:
                os.link(temporary, target)
        if durable:
            _sync_folder(folder)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def write_whole(stream: BinaryIO, data: bytes | memoryview) -> None:
    """Every byte of `data` to a stream, or OSError. Python's buffered writer returns a short count, without an
    error, when the disk fills or the reader leaves in the middle of a large write; asked for the rest, it
    raises the error (ENOSPC, EPIPE) that the short count hid."""
    view = memoryview(data).cast("B")
    while view:
        written = stream.write(view)
        if written is None:  # a non-blocking stream that took nothing: wait for it as a blocking one would
            time.sleep(0.01)
            continue
        view = view[written:]


class _WholeWrites:
    """A file whose `write` writes everything or raises (`write_whole`), for functions that write in pieces."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle

    def write(self, data: bytes) -> int:
        write_whole(self.handle, data)
        return len(data)

    def __getattr__(self, name: str):
        return getattr(self.handle, name)


def _sync_folder(folder: str) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_directly(path: str, data: bytes) -> None:
    """Write to a device or a FIFO that exists (nothing to replace); WriteFailed if it cannot take it all."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
                raise _Refused(f"is {kind_of(mode)}, not a device or a FIFO")
            write_all(fd, data)
        finally:
            os.close(fd)
    except OSError as error:
        raise WriteFailed(f"{path}: {_why(error)}") from None


def write_all(fd: int, data: bytes) -> None:
    """Every byte of `data` to `fd`, or OSError: a short write is retried, never ignored."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(28, os.strerror(28))
        view = view[written:]


_TERMINATION = {"wanted": False, "handled": False}


def handle_termination_when_writing() -> None:
    """Called by the `alliance` program (not by tests running it in-process): see `end_cleanly_on_termination`."""
    _TERMINATION["wanted"] = True


def end_cleanly_on_termination() -> None:
    """From the first write on, SIGTERM and SIGHUP end the run as Ctrl-C does, through every `finally` (the
    write in progress removes its temporary file), with the shell's code for the signal (143, 129). Only a
    process that writes pays for importing `signal`; only the main thread can set handlers."""
    import threading

    if not _TERMINATION["wanted"] or _TERMINATION["handled"] \
            or threading.current_thread() is not threading.main_thread():
        return
    import signal

    def end(number: int, _frame) -> None:
        raise SystemExit(128 + number)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name) and signal.getsignal(getattr(signal, name)) == signal.SIG_DFL:
            signal.signal(getattr(signal, name), end)
    _TERMINATION["handled"] = True


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP held back for the few steps that must happen together; they are acted on after."""
    import signal

    held = {signal.SIGINT, signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])}
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:
        yield
        return
    previous = mask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, previous)
