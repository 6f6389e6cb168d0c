"""One cache entry's file format: a one-line JSON header, then sections (ids, sources, entities, captures,
columns, facets, offsets, and each fact's JSON line), each with its place, length and CRC-32 in the header;
the facts' lines (`records`, most of the file) are checked by blocks of `BLOCK` bytes instead, each
block's CRC-32 in the `blocks` section.

`write_entry` lays a store out; `CachedFactBase` reads one back, section by section on demand, and
refuses (`CacheInvalid`) any file whose header is not exactly what it expects. `cache.py` decides where
entries live, what they are keyed by and when they go.

When the bytes are checked. A query checks them all as the entry is opened (about 0.05 s for 100,000
facts): it copies facts' lines to stdout unparsed, and a damaged section found halfway through would
have printed part of an answer. The browser checks each section as it first reads it and each block of
facts' lines as it first reads a fact in it (`check_on_use`): its first screen reads a few dozen
facts, and nothing it shows or exports has gone unchecked. A damage found then is `DamagedEntry`: the
entry is removed, so the next run rebuilds it, and the browser stops with that message rather than
show anything of it.
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
import time
import zlib
from array import array
from collections.abc import Mapping
from typing import Any, NoReturn

from alliance_cli.errors import FactBaseError
from alliance_cli.factbase.store import COLUMNS, FACETS, Lookups, Store

FORMAT = 4
MAGIC = "alliance-fact-cache"
_RECENT_SECONDS = 60  # an entry used this recently is not marked used again
HEADER_LIMIT = 1 << 16
BLOCK = 1 << 16  # bytes of facts' lines under one CRC-32: a fact shown checks about this much
_SECTION_NAMES = ("ids", "sources", "entities", "captures", *(f"column:{c}" for c in COLUMNS),
                  *(f"facet:{f}" for f in FACETS), "offsets", "blocks", "records")


class CacheInvalid(Exception):
    """The entry is unusable; the caller rebuilds it."""


class DamagedEntry(FactBaseError):
    """An entry checked on use (`check_on_use`) was found damaged after it began to be used: it was removed."""


def write_entry(out, name: str, store: Store, extras: Mapping[str, object]) -> None:
    sections: dict[str, list] = {
        "ids": [json_bytes(store.ids)],
        "sources": [json_bytes(store.sources)],
        "entities": [json_bytes(store.entities)],
        "captures": [json_bytes(store.captures)],
    }
    for column in COLUMNS:
        sections[f"column:{column}"] = [json_bytes(store.column(column))]
    for facet in FACETS:
        sections[f"facet:{facet}"] = [json_bytes(dict(store.facet(facet)))]  # a joined facet is a Mapping
    offsets, records = record_chunks(store)
    sections["offsets"] = [offsets.tobytes()]
    sections["blocks"] = [block_crcs(records).tobytes()]
    sections["records"] = records
    sections["extras"] = [json_bytes(dict(extras))]
    table, position = {}, 0
    for section, chunks in sections.items():
        length = sum(len(chunk) for chunk in chunks)
        crc = 0
        for chunk in chunks if section != "records" else ():  # (the records are checked by their blocks)
            crc = zlib.crc32(chunk, crc)
        table[section] = [position, length, crc]
        position += length
    header = {"magic": MAGIC, "format": FORMAT, "byteorder": sys.byteorder, "key": name,
              "count": len(store), "sections": table}
    header["size"] = _settle_size(header, position)
    out.write(json_bytes(header) + b"\n")
    for chunks in sections.values():
        for chunk in chunks:
            out.write(chunk)


def record_chunks(store: Store) -> tuple[array, list]:
    """The facts' JSON lines as pieces of bytes, and where each line starts in them, end to end.

    Facts already held as lines (a cache entry, or a run of its facts: `combined.Slice`) are copied
    as bytes, never encoded to JSON again: writing a file rebuilt after an edit copies what it kept.
    """
    offsets = array("q", [0])
    bodies = []
    for part_offsets, body in _records_of(store):
        base = offsets[-1]
        offsets.extend([base + o for o in part_offsets[1:]])
        bodies.append(body)
    return offsets, bodies


def _records_of(store) -> list[tuple[array, Any]]:
    """(offsets from 0, bytes) of the store's lines, piece by piece."""
    from alliance_cli.factbase.combined import Combined, Slice

    if isinstance(store, Combined):
        return [chunk for part in store.parts for chunk in _records_of(part)]
    if isinstance(store, Slice) and isinstance(store.store, CachedFactBase):
        offsets, records = store.store.lines()
        first, last = offsets[store.start], offsets[store.stop]
        return [(array("q", [o - first for o in offsets[store.start:store.stop + 1]]), records[first:last])]
    if isinstance(store, CachedFactBase):
        return [store.lines()]
    offsets = array("q", [0])
    lines = []
    for ordinal in range(len(store)):
        line = store.fact_json(ordinal) + b"\n"
        lines.append(line)
        offsets.append(offsets[-1] + len(line))
    return [(offsets, b"".join(lines))]


def block_crcs(chunks: list) -> array:
    """The CRC-32 of each BLOCK bytes of the chunks end to end (the last block may be shorter)."""
    crcs, running, filled = array("I"), 0, 0
    for chunk in chunks:
        view, at = memoryview(chunk), 0
        while at < len(view):
            take = min(BLOCK - filled, len(view) - at)
            running = zlib.crc32(view[at:at + take], running)
            filled, at = filled + take, at + take
            if filled == BLOCK:
                crcs.append(running)
                running, filled = 0, 0
    if filled:
        crcs.append(running)
    return crcs


def _settle_size(header: dict, body_length: int) -> int:
    """The total file size, which the header itself states (and so is part of)."""
    size = 0
    while True:
        line_length = len(json_bytes({**header, "size": size})) + 1
        if line_length + body_length == size:
            return size
        size = line_length + body_length


def _checked_header(line: bytes, name: str, file_size: int) -> dict:
    """The header, if it has exactly the expected shape and describes this file; else CacheInvalid."""
    header = json.loads(line)
    if type(header) is not dict:
        raise CacheInvalid("header is not an object")
    expected = {"magic": MAGIC, "format": FORMAT, "byteorder": sys.byteorder, "key": name, "size": file_size}
    if any(header.get(field) != value for field, value in expected.items()):
        raise CacheInvalid("foreign, stale or truncated")
    count, sections = header.get("count"), header.get("sections")
    if type(count) is not int or count < 0 or type(sections) is not dict:
        raise CacheInvalid("header fields")
    body = file_size - len(line)
    for section in (*_SECTION_NAMES, "extras"):
        place = sections.get(section)
        if (type(place) is not list or len(place) != 3 or any(type(n) is not int or n < 0 for n in place)
                or place[0] + place[1] > body):
            raise CacheInvalid(f"section {section}")
    return header


class CachedFactBase(Lookups):
    """A store read from an entry: checked whole as it opens, or each part as it is first read (`check_on_use`)."""

    def __init__(self, handle, name: str, path: str | None = None, check_on_use: bool = False) -> None:
        line = handle.readline(HEADER_LIMIT)
        if not line.endswith(b"\n"):
            raise CacheInvalid("header")
        status = os.fstat(handle.fileno())
        header = _checked_header(line, name, status.st_size)
        self.name = name  # what the entry is known by: what is derived from it is kept under it (`write_blob`)
        self._handle = handle
        self._path = path  # removed when found damaged on use
        self._base = len(line)
        self._sections: dict[str, list[int]] = header["sections"]
        self._count: int = header["count"]
        self._loaded: dict[str, object] = {}
        self._on_use = check_on_use
        self._checked: bytearray | None = None  # per block of records: 1 once checked (None: all are)
        if not check_on_use:
            self._check_all()
        self.sources = self._list("sources")
        self.entities = self._list("entities")
        self.captures: list[str] = self._list("captures")
        self.extras = json.loads(self._section("extras"))
        if type(self.extras) is not dict:
            raise CacheInvalid("extras")
        mark_used(handle, status.st_mtime)

    def __len__(self) -> int:
        return self._count

    @property
    def ids(self) -> list[str]:  # type: ignore[override]
        return self.json_bytes("ids")

    def column(self, name: str) -> list:
        return self.json_bytes(f"column:{name}")

    def facet(self, name: str) -> dict[str, list[int]]:
        return self.json_bytes(f"facet:{name}")

    def fact_json(self, ordinal: int) -> bytes:
        offsets = self._offsets
        start, end = offsets[ordinal], offsets[ordinal + 1] - 1
        records = self._records
        if self._checked is not None:
            self._check_blocks(start // BLOCK, end // BLOCK)
        return bytes(records[start:end])

    def fact(self, ordinal: int) -> dict:
        return json.loads(self.fact_json(ordinal))

    def lines(self) -> tuple[array, memoryview]:
        """Where each fact's line starts, and the lines: the records section (see `record_chunks`)."""
        records = self._records
        if self._checked is not None:
            self._check_blocks(0, len(self._checked) - 1)
        return self._offsets, records

    @property
    def _offsets(self) -> array:
        if "offsets" not in self._loaded:
            offsets = array("q")
            offsets.frombytes(self._section("offsets"))
            if len(offsets) != self._count + 1 or offsets[0] != 0 or offsets[-1] != self._sections["records"][1]:
                self._damaged("offsets")
            self._loaded["offsets"] = offsets
        return self._loaded["offsets"]  # type: ignore[return-value]

    @property
    def _records(self):
        if "records" not in self._loaded:
            import mmap

            start, length, _ = self._sections["records"]
            if self._on_use and self._checked is None:
                self._checked = bytearray(len(self._blocks()))
            mapped = mmap.mmap(self._handle.fileno(), 0, access=mmap.ACCESS_READ) if length else b""
            self._loaded["records"] = memoryview(mapped)[self._base + start: self._base + start + length]
        return self._loaded["records"]

    def json_bytes(self, name: str):
        if name not in self._loaded:
            self._loaded[name] = json.loads(self._section(name))
        return self._loaded[name]

    def _list(self, name: str) -> list:
        value = json.loads(self._section(name))
        if type(value) is not list:
            raise CacheInvalid(name)
        return value

    def _section(self, name: str) -> bytes:
        """A section's bytes; checked against its CRC-32 here when the entry is checked on use."""
        start, length, crc = self._sections[name]
        self._handle.seek(self._base + start)
        data = self._handle.read(length)
        if self._on_use and (len(data) != length or zlib.crc32(data) != crc):
            self._damaged(name)
        return data

    def _blocks(self) -> array:
        """The CRC-32 of each block of the records, as many as the records' length makes."""
        if "blocks" not in self._loaded:
            blocks = array("I")
            data = self._section("blocks")
            if len(data) % blocks.itemsize:
                self._damaged("blocks")
            blocks.frombytes(data)
            if len(blocks) != -(-self._sections["records"][1] // BLOCK):
                self._damaged("blocks")
            self._loaded["blocks"] = blocks
        return self._loaded["blocks"]  # type: ignore[return-value]

    def _check_blocks(self, first: int, last: int) -> None:
        """Check the blocks of records `first` to `last` not checked yet (`check_on_use`)."""
        checked, records, crcs = self._checked, self._loaded["records"], self._blocks()
        for block in range(first, last + 1):
            if not checked[block]:  # type: ignore[index]
                if zlib.crc32(records[block * BLOCK: (block + 1) * BLOCK]) != crcs[block]:  # type: ignore[index]
                    self._damaged(f"records, block {block}")
                checked[block] = 1  # type: ignore[index]

    def _damaged(self, what: str) -> NoReturn:
        """Opening: CacheInvalid (the caller rebuilds). In use: the entry is removed and DamagedEntry raised."""
        if not self._on_use:
            raise CacheInvalid(what)
        if self._path is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._path)
        raise DamagedEntry(f"the cache entry {self._path or self.name} is damaged ({what}); it was removed, "
                           "so the next run rebuilds it: run the command again")

    def _check_all(self) -> None:
        """Every section against its CRC-32, and every block of the records against its own, before anything
        is used: the records are copied to stdout unparsed, and a section read later must not fail in the
        middle of a query."""
        for name, (start, length, crc) in self._sections.items():
            if name != "records":
                self._handle.seek(self._base + start)
                data = self._handle.read(length)
                if len(data) != length or zlib.crc32(data) != crc:
                    raise CacheInvalid(name)
        self._offsets  # noqa: B018 - loaded, and its shape checked, here
        self._checked = bytearray(len(self._blocks()))
        self._records  # noqa: B018
        self._check_blocks(0, len(self._checked) - 1)
        self._checked = None


def mark_used(handle, modified: float) -> None:
    """Pruning goes by last use: a read refreshes the modification time (at most once a minute)."""
    if time.time() - modified > _RECENT_SECONDS:
        with contextlib.suppress(OSError, NotImplementedError):
            os.utime(handle.fileno())


def json_bytes(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
