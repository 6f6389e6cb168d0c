"""The fact base's writers' lock: a read-modify-write holds it, so that no writer loses another's change.

A fact base edit holds `locked` from reading the file to replacing it (as git holds `index.lock`): a
second writer waits a bounded time, then gives up with a message, and never overwrites a change it did
not read. The lock is the kernel's (flock), so a writer killed with -9 leaves no stale lock. Editors and
git do not take it: for them, `files.write_file` compares the file just before replacing it.
"""
from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator

from alliance_cli.files import WriteFailed, end_cleanly_on_termination

LOCK_WAIT_SECONDS = 10.0


@contextlib.contextmanager
def locked(path: str, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the writers' lock of the fact base at `path` (a file, or a folder) while the block runs.

    A file is locked on itself, and the lock is taken again if the file was replaced meanwhile; a folder
    on its directory. Where the kernel offers no flock (Windows), writers are not locked.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    end_cleanly_on_termination()
    deadline = time.monotonic() + wait
    while True:
        fd = _open_for_lock(path)
        try:
            if _try_lock(fcntl, fd) and _still_at(fd, path):
                yield
                return
        finally:
            os.close(fd)  # closing it releases the lock
        if time.monotonic() > deadline:
            raise WriteFailed(f"{path}: another alliance is writing to this fact base and did not finish within "
                              f"{wait:.0f} s; nothing was written, run the command again")
        time.sleep(0.05)


def _open_for_lock(path: str) -> int:
    try:
        return os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise WriteFailed(f"{path}: cannot be locked for writing: {error.strerror or error}") from None


def _try_lock(fcntl, fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _still_at(fd: int, path: str) -> bool:
    """Whether the file locked is still the one at `path` (a writer that held the lock may have replaced it)."""
    held = os.fstat(fd)
    now = os.stat(path)
    return (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)
