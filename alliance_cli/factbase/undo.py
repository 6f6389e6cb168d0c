"""Writes made from one screen, each undoable for as long as the screen is open.

The browser's reading screen writes the fact base several times while it stays open. Each write goes
through `evidence_editing.rewrite` (the one in-place, validated, atomic write), told the sha256 of the
bytes this screen last read or wrote: a file changed elsewhere meanwhile is refused, never overwritten.
Undo is a write like any other: the text from before the last write, written back through the same
function, and only while the file is still what that write left.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from alliance_cli.factbase import evidence_editing


@dataclass(frozen=True)
class Done:
    """One write: what it did (in words, for the screen), and the file's text before it."""

    what: str
    before: str
    subject: str | None = None  # the fact the write was about, for the screen to put its cursor back on


class Edits:
    """The file at `path` as this screen knows it (its digest), and the writes to undo, last on top."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.digest = evidence_editing.digest_of(path)
        self.done: list[Done] = []

    def apply(self, change: Callable[[str], str], what: str, subject: str | None = None) -> str:
        """Write `change` applied to the file's text, refused when the file changed since it was read."""
        seen: list[str] = []

        def recording(text: str) -> str:
            seen.append(text)
            return change(text)

        after = evidence_editing.rewrite(self.path, recording, self.digest)
        self.done.append(Done(what, seen[0], subject))
        self.digest = _digest(after)
        return after

    def undo(self) -> Done | None:
        """Put back the text from before the last write; None when nothing is left to undo."""
        if not self.done:
            return None
        last = self.done[-1]
        after = evidence_editing.rewrite(self.path, lambda _text: last.before, self.digest)
        self.done.pop()
        self.digest = _digest(after)
        return last

    def reload(self) -> None:
        """Take the file as it is now (after a refusal): the earlier writes can no longer be undone here."""
        self.digest = evidence_editing.digest_of(self.path)
        self.done.clear()


def _digest(text: str) -> str:
    from alliance_cli.factbase.captures import sha256_of

    return sha256_of(text.encode("utf-8"))
