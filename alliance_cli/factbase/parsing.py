"""One fact-base file, from bytes to checked facts: read bounded, decoded, parsed strictly, validated, and
every problem placed at its line and column.

`loading` (finding a fact base, the cache) and a folder's `directory`, `assembly` and `incremental` all
build on this module, which imports none of them: so the fact base's modules have no import circle.
"""
from __future__ import annotations

import hashlib
import os
import threading
from typing import Any

from alliance_cli.errors import FactBaseError
from alliance_cli.factbase.store import FactBase

ENV_VARIABLE = "ALLIANCE_FACTS"
MAX_BYTES = 1 << 30
SHOWN_PROBLEMS = 20  # a query lists this many problems of a broken fact base; `validate` lists all
PROGRESS_AFTER_SECONDS = 1.0
PROGRESS_MIN_BYTES = 4 << 20


def file_digest(path: str) -> str:
    """The SHA-256 of a fact base file, read in chunks: a repeat query needs no more than this of the
    file, and hashing while reading into one small buffer takes half the time of reading it whole."""
    return file_digest_and_state(path)[0]


def file_digest_and_state(path: str) -> tuple[str, list[int] | None]:
    """`file_digest`, and the file's state while it was read if one can be recorded (`unchanged`)."""
    return _opened(path, lambda handle: _stated(handle, lambda: hashlib.file_digest(handle, "sha256").hexdigest()))


def read_bytes(path: str) -> bytes:
    return read_bytes_and_state(path)[0]


def read_bytes_and_state(path: str) -> tuple[bytes, list[int] | None]:
    """The file's bytes (bounded), and its state while they were read if one can be recorded (`unchanged`)."""
    from alliance_cli.files import read_limited

    return _opened(path, lambda handle: _stated(handle, lambda: read_limited(handle, path, MAX_BYTES)))


def _stated(handle, use):
    """`use()`, and the state of the open file around it (`unchanged.settled_state`)."""
    from alliance_cli.factbase.unchanged import now_ns, settled_state

    began = now_ns()
    before = os.fstat(handle.fileno())
    result = use()
    return result, settled_state(before, os.fstat(handle.fileno()), began)


def _opened(path: str, use):
    """`use(handle)` on the file opened for reading, if it is a regular file (a device or a FIFO would never
    end, or block); every way that can fail is one line naming the file."""
    from alliance_cli.files import NotRegularFile, TooLarge, opened_regular

    try:
        size = os.stat(path).st_size
        if os.path.isdir(path):
            raise FactBaseError(f"{path}: is a directory, not a fact base file")
        if size > MAX_BYTES:
            raise FactBaseError(f"{path}: the file is {size:,} bytes, over the limit of {MAX_BYTES:,} bytes "
                                f"({MAX_BYTES >> 30} GiB) for a fact base file")
        with opened_regular(path) as handle:
            return use(handle)
    except FileNotFoundError:
        raise FactBaseError(f"{path}: no such file (give another with --file or ${ENV_VARIABLE})") from None
    except PermissionError:
        raise FactBaseError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise FactBaseError(f"{path}: is a directory, not a fact base file") from None
    except NotRegularFile as error:
        raise FactBaseError(f"{path}: {error.strerror}; a fact base is a YAML file or a folder of them") from None
    except TooLarge:
        raise FactBaseError(f"{path}: the file is over the limit of {MAX_BYTES:,} bytes ({MAX_BYTES >> 30} GiB) "
                            "for a fact base file") from None
    except OSError as error:
        raise FactBaseError(f"{path}: cannot be read: {error.strerror or error}") from None
    except ValueError:  # a NUL in the name
        raise FactBaseError(f"{path}: is not a usable file name") from None


def parse(path: str, data: bytes, keep: int | None = None) -> FactBase:
    """Parse and validate YAML bytes; every problem is reported (or the first `keep` found, and how many more),
    each as `path:line:column: message`."""
    return parse_document(path, data, keep)[0]


def parse_document(path: str, data: bytes, keep: int | None = None) -> tuple[FactBase, Any]:
    """Like `parse`, and also the YAML node tree, for `location` (lint places its findings with it)."""
    from alliance_cli.factbase import strict_yaml, validation

    text = decode(path, data)
    try:
        document = strict_yaml.load(text)
    except strict_yaml.YamlProblem as problem:
        raise FactBaseError(f"{path}:{problem.line}:{problem.column}: {problem.message}") from None
    if document is None:
        what = "empty" if not text.strip() else "only comments"
        raise FactBaseError(f"{path}:1:1: the file is {what}; a fact base is a mapping "
                            "with 'sources' and 'facts' (see the README)")
    root, content = document.root, document.data
    problems = validation.check(content, keep)
    if problems:
        lines = [text for _, _, text in located(path, root, problems)]
        if problems.dropped:
            lines[SHOWN_PROBLEMS:] = [f"… and {len(problems) - SHOWN_PROBLEMS + problems.dropped:,} more problems; "
                                      f"run 'alliance validate {path}' to list them all"]
        # Free the node tree and the data here, while the collector is paused: an exception keeps this
        # frame alive, and the collector would otherwise walk millions of objects once it runs again.
        del document, root, content
        raise FactBaseError(*lines)
    return FactBase(content), root


def location(root, data_path: tuple, at_key: bool = False) -> tuple[int, int]:
    """Line and column (1-based) of the value a data path (keys and list indexes) leads to in a node tree."""
    from alliance_cli.factbase.strict_yaml import mark_of

    return mark_of(_node_at(root, data_path, at_key))


def decode(path: str, data: bytes) -> str:
    """UTF-8 text without a byte-order mark; anything else is an error at the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start:error.start].decode("utf-8", "replace")) + 1
        raise FactBaseError(f"{path}:{line}:{column}: not UTF-8 text (byte 0x{data[error.start]:02x}); "
                            "save the file as UTF-8") from None


def located(path: str, root, problems) -> list[tuple[int, int, str]]:
    """(line, column, `path:line:column: message`) for each validation problem, in the order of the file."""
    found = []
    for problem in problems:
        line, column = location(root, problem.path, problem.at_key)
        message = problem.message
        if problem.first is not None:
            message += f" (first given on line {location(root, problem.first)[0]})"
        found.append((line, column, f"{path}:{line}:{column}: {message}"))
    found.sort(key=lambda item: item[:2])
    return found


def _node_at(node, path: tuple, at_key: bool):
    """The YAML node a data path leads to (the key's node for an unknown key)."""
    from yaml.nodes import MappingNode, SequenceNode

    for n, step in enumerate(path):
        last = n == len(path) - 1
        if isinstance(node, MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(step)), None)
            if pair is None:
                return node
            node = pair[0] if last and at_key else pair[1]
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return node
    return node


class progress_reporter:
    """On a terminal, a long first load says what it is doing on stderr, once a second."""

    def __init__(self, stream, path: str, size: int) -> None:
        from alliance_cli.text import neutralise

        self.stream, self.path, self.size = stream, neutralise(path), size
        self.timer: threading.Thread | None = None

    def __enter__(self):
        if self.stream is not None and self.size >= PROGRESS_MIN_BYTES:
            import time

            self.started = time.monotonic()
            self.stop = threading.Event()
            self.timer = threading.Thread(target=self._report, daemon=True)
            self.timer.start()
        return self

    def _report(self) -> None:
        import time

        shown = False
        while not self.stop.wait(PROGRESS_AFTER_SECONDS):
            elapsed = time.monotonic() - self.started
            self.stream.write(f"\ralliance: reading {self.path} ({self.size / (1 << 20):.0f} MiB, "
                              f"cached after this run)… {elapsed:.0f} s")
            self.stream.flush()
            shown = True
        if shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def __exit__(self, *exc) -> None:
        if self.timer is not None:
            self.stop.set()
            self.timer.join()
