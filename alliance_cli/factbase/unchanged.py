"""A fact base file known unchanged by its status, as git's index knows one: so that a repeat query finds
its cache entry without hashing the file.

Why: hashing a 100,000-fact file (107 MB) takes 0.1-0.2 s, as much as everything else `browse` does
before its first screen. So the cache keeps, beside which content each path held last (`remember`),
how the file stood when that content was read: its device, inode, type and permissions, size,
modification time and change time, all to the nanosecond (`state`). A later run whose `os.stat` gives
exactly that state takes the content's digest from the note (`known_digest`); any difference, and the
file is hashed as before.

What this detects, and what not (the trust argument; git's `core.trustctime`, on by default, is the same):
- Any write through the file system changes the change time (ctime), which no process can set: not
  `os.utime`, not `touch -d`, not `cp -p` or `rsync -t`. So an edit that keeps the size and puts the
  modification time back is detected by its new change time; so is a `chmod`, and so is a file replaced
  by a rename (another inode, and a new change time even if the inode number is reused).
- A file changed within the same tick of the file system's clock as the change the note recorded could
  keep the same times ("racily clean", in git's words). So a state is recorded only for a file whose
  modification and change times are both more than `SETTLED_SECONDS` older than the moment its
  reading began (`settled`): any change after that moment gets a later change time. A file saved a
  moment ago is hashed at every run until it is that old, and recorded then. Git compares with its
  index file's own time; we compare with this machine's clock, with a margin wider than FAT's 2 s.
- Not detected: a change that keeps size, modification time and change time alike, which takes setting
  the system clock back, writing the disk's blocks directly, or a file system whose clock lags this
  machine's by more than the margin (a network mount) and whose times are coarse. A change written
  through a shared memory map may update the times late (as the kernel documents); it is detected
  once they are updated. Git trusts the same state and misses the same cases. `--no-cache` never
  consults the note.

What it serves is still only ever a cache entry made for the content with the recorded digest: the
note names an entry, it holds no facts.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping
from typing import Any

SETTLED_SECONDS = 3  # a file changed more recently than this is hashed, and its state not recorded


def state(status: os.stat_result) -> list[int]:
    """What the note keeps of a file's status: any write, rename, or permission change alters some of it."""
    return [status.st_dev, status.st_ino, status.st_mode, status.st_size, status.st_mtime_ns, status.st_ctime_ns]


def now_ns() -> int:
    """This machine's clock (tests move it forward, to see a file as settled without waiting)."""
    return time.time_ns()


def settled_state(before: os.stat_result, after: os.stat_result, began_ns: int) -> list[int] | None:
    """The state to record for content read between the two statuses, the reading having begun at
    `began_ns`: None if the file changed meanwhile, or changed too recently to rule out a racily
    clean state (see the module's note)."""
    if state(before) != state(after):
        return None
    newest = max(before.st_mtime_ns, before.st_ctime_ns)
    return state(before) if newest < began_ns - SETTLED_SECONDS * 1_000_000_000 else None


# --- the note: which content a path held last, and how the file stood -------------------------------

def remember(variables: Mapping[str, str], path: str, content: object, states: object = None) -> None:
    """Note what `path` (a file: its content digest; a folder: each file's) held when it last loaded, and
    the state (`settled_state`) of the file(s) read for it, where one could be recorded."""
    from alliance_cli.factbase import cache
    from alliance_cli.factbase.store import FactBase

    cache.write(variables, _note(path), FactBase({"sources": [], "facts": []}),
                extras={"content": content, "states": states}, prune=False, suffix=cache.NOTE_SUFFIX)


def recorded(variables: Mapping[str, str], path: str) -> tuple[Any, Any]:
    """(content, states) as `remember` noted them for `path`; (None, None) if there is no usable note."""
    from alliance_cli.factbase import cache

    try:
        entry = cache.read(variables, _note(path), cache.NOTE_SUFFIX)
    except ValueError:  # a name no system takes (a NUL in it): the caller's reading of it says so
        return None, None
    if entry is None:
        return None, None
    return entry.extras.get("content"), entry.extras.get("states")


def matches(path: str, recorded_state: object) -> bool:
    """Whether the file at `path` stands exactly as recorded (a state is a list of six integers)."""
    if type(recorded_state) is not list or len(recorded_state) != 6:
        return False
    try:
        return state(os.stat(path)) == recorded_state
    except (OSError, ValueError):
        return False


def known_digest(variables: Mapping[str, str], path: str) -> tuple[str | None, Any]:
    """The digest of the file at `path` if it stands as the note recorded it, else None; and the note's states."""
    content, states = recorded(variables, path)
    if type(content) is str and matches(path, states):
        return content, states
    return None, states


def _note(path: str) -> str:
    real = os.path.realpath(path).encode("utf-8", "surrogateescape")
    return "path:" + hashlib.sha256(real).hexdigest()
