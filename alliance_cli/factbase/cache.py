"""A cache of validated fact bases, so that repeat queries skip YAML entirely.

One file per fact base content, named by the SHA-256 of the YAML bytes (so an
edit that keeps the modification time still misses), in
`$XDG_CACHE_HOME/alliance` (default `~/.cache/alliance`), never beside the data.

Layout: a one-line JSON header, then sections. Each section's place, length and
CRC-32 are in the header; a file that is truncated, corrupt, from another
version or machine, or for other content is ignored and rewritten. Nothing in
it can execute code: it holds JSON and arrays of integers, read with `json`
and `array`, never pickle. Files are written whole to a temporary name and
renamed into place, so readers and concurrent writers only ever see complete
files; a cache directory that cannot be written is silently skipped.

The records section is each fact's JSON line: `--json` copies the bytes of the
matching facts straight to stdout without parsing them.
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
import zlib
from array import array
from collections.abc import Mapping

from alliance_cli import __version__
from alliance_cli.factbase.store import COLUMNS, FACETS, Lookups, Store

FORMAT = 3
MAGIC = "alliance-fact-cache"
SUFFIX = f".v{FORMAT}.factcache"
KEEP_ENTRIES = 16
_HEADER_LIMIT = 1 << 16
_CHUNK = 1 << 20


class CacheInvalid(Exception):
    """The entry is unusable; the caller rebuilds it."""


def directory(variables: Mapping[str, str]) -> str:
    home = variables.get("HOME") or os.path.expanduser("~")
    base = variables.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")
    return os.path.join(base, "alliance")


def entry_path(variables: Mapping[str, str], digest: str) -> str:
    return os.path.join(directory(variables), f"{digest}{SUFFIX}")


def read(variables: Mapping[str, str], digest: str) -> CachedFactBase | None:
    try:
        handle = open(entry_path(variables, digest), "rb")  # noqa: SIM115 - the store keeps it open to map records
    except OSError:
        return None
    try:
        return CachedFactBase(handle, digest)
    except (CacheInvalid, OSError, ValueError, KeyError, TypeError):
        handle.close()
        return None


def write(variables: Mapping[str, str], digest: str, store: Store) -> None:
    """Store `store` under `digest`; any failure to write leaves no trace and is not an error."""
    import tempfile

    folder = directory(variables)
    try:
        os.makedirs(folder, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=SUFFIX)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            _write_entry(out, digest, store)
        os.replace(temporary, entry_path(variables, digest))
    except OSError:
        _remove(temporary)
        return
    _prune(folder)


def _write_entry(out, digest: str, store: Store) -> None:
    sections: dict[str, bytes] = {
        "ids": _json(store.ids),
        "sources": _json(store.sources),
        "entities": _json(store.entities),
        "captures": _json(store.captures),
    }
    for name in COLUMNS:
        sections[f"column:{name}"] = _json(store.column(name))
    for name in FACETS:
        sections[f"facet:{name}"] = _json(store.facet(name))
    offsets = array("q", [0])
    records = []
    for ordinal in range(len(store)):
        line = store.fact_json(ordinal) + b"\n"
        records.append(line)
        offsets.append(offsets[-1] + len(line))
    sections["offsets"] = offsets.tobytes()
    sections["records"] = b"".join(records)
    table, position = {}, 0
    for name, body in sections.items():
        table[name] = [position, len(body), zlib.crc32(body)]
        position += len(body)
    header = {"magic": MAGIC, "format": FORMAT, "alliance": __version__, "byteorder": sys.byteorder,
              "digest": digest, "count": len(store), "sections": table}
    header["size"] = _settle_size(header, position)
    out.write(_json(header) + b"\n")
    for body in sections.values():
        out.write(body)


def _settle_size(header: dict, body_length: int) -> int:
    """The total file size, which the header itself states (and so is part of)."""
    size = 0
    while True:
        line_length = len(_json({**header, "size": size})) + 1
        if line_length + body_length == size:
            return size
        size = line_length + body_length


class CachedFactBase(Lookups):
    def __init__(self, handle, digest: str) -> None:
        line = handle.readline(_HEADER_LIMIT)
        if not line.endswith(b"\n"):
            raise CacheInvalid("header")
        header = json.loads(line)
        expected = (MAGIC, FORMAT, __version__, sys.byteorder, digest)
        found = tuple(header.get(k) for k in ("magic", "format", "alliance", "byteorder", "digest"))
        if found != expected or os.fstat(handle.fileno()).st_size != header["size"]:
            raise CacheInvalid("foreign, stale or truncated")
        self._handle = handle
        self._base = len(line)
        self._sections: dict[str, list[int]] = header["sections"]
        self._count: int = header["count"]
        self._check_records()
        self.sources = json.loads(self._section("sources"))
        self.entities = json.loads(self._section("entities"))
        self.captures: list[str] = json.loads(self._section("captures"))
        self._loaded: dict[str, object] = {}

    def __len__(self) -> int:
        return self._count

    @property
    def ids(self) -> list[str]:  # type: ignore[override]
        return self._json("ids")

    def column(self, name: str) -> list:
        return self._json(f"column:{name}")

    def facet(self, name: str) -> dict[str, list[int]]:
        return self._json(f"facet:{name}")

    def fact_json(self, ordinal: int) -> bytes:
        offsets = self._offsets
        start, end = offsets[ordinal], offsets[ordinal + 1] - 1
        return bytes(self._records[start:end])

    def fact(self, ordinal: int) -> dict:
        return json.loads(self.fact_json(ordinal))

    @property
    def _offsets(self) -> array:
        if "offsets" not in self._loaded:
            offsets = array("q")
            offsets.frombytes(self._section("offsets"))
            if len(offsets) != self._count + 1:
                raise CacheInvalid("offsets")
            self._loaded["offsets"] = offsets
        return self._loaded["offsets"]  # type: ignore[return-value]

    @property
    def _records(self):
        if "records" not in self._loaded:
            import mmap

            start, length, _ = self._sections["records"]
            mapped = mmap.mmap(self._handle.fileno(), 0, access=mmap.ACCESS_READ) if length else b""
            self._loaded["records"] = memoryview(mapped)[self._base + start: self._base + start + length]
        return self._loaded["records"]

    def _json(self, name: str):
        if name not in self._loaded:
            self._loaded[name] = json.loads(self._section(name))
        return self._loaded[name]

    def _section(self, name: str) -> bytes:
        start, length, crc = self._sections[name]
        self._handle.seek(self._base + start)
        body = self._handle.read(length)
        if len(body) != length or zlib.crc32(body) != crc:
            raise CacheInvalid(name)
        return body

    def _check_records(self) -> None:
        """The records are copied to stdout unparsed, so they are checked whole before any is used."""
        start, length, crc = self._sections["records"]
        self._handle.seek(self._base + start)
        running, remaining = 0, length
        buffer = bytearray(min(_CHUNK, length) or 1)
        view = memoryview(buffer)
        while remaining:
            got = self._handle.readinto(view[: min(_CHUNK, remaining)])
            if not got:
                raise CacheInvalid("records truncated")
            running = zlib.crc32(view[:got], running)
            remaining -= got
        if running != crc:
            raise CacheInvalid("records")


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _prune(folder: str) -> None:
    try:
        names = [n for n in os.listdir(folder) if n.endswith(SUFFIX) and not n.startswith(".tmp-")]
        entries = sorted((os.path.join(folder, n) for n in names), key=os.path.getmtime, reverse=True)
    except OSError:
        return
    for stale in entries[KEEP_ENTRIES:]:
        _remove(stale)


def _remove(path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
