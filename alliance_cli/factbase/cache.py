"""A cache of validated fact bases, so that repeat queries skip YAML entirely.

Where: the platform's user cache folder, by the rules of `platformdirs` (which costs
27 ms to import, more than a whole cached query, so the rules are restated in `directory`):
`$XDG_CACHE_HOME/alliance` when that is an absolute path, else `~/.cache/alliance`
(`~/Library/Caches/alliance` on macOS, `%LOCALAPPDATA%\\alliance\\Cache` on Windows).
Never beside the data.

What: one file per entry, named by a key that mixes the SHA-256 of the YAML bytes (so
an edit that keeps the modification time still misses) with `code_stamp()`, a hash of
the source of the code that parses and validates (so a change to the rules misses too,
with or without a new version number).

Layout: a one-line JSON header, then sections. Each section's place, length and CRC-32
are in the header; a file that is truncated, corrupt, of another shape, from another
machine or version, or for other content is ignored and rewritten. Nothing in it can
execute code: it holds JSON and arrays of integers, read with `json` and `array`,
never pickle. Files are written whole to a temporary name and renamed into place, so readers
and concurrent writers only ever see complete files; a cache folder that cannot be
written is silently skipped.

Entries are pruned by last use: a read marks the entry used (its modification time,
refreshed at most once a minute), and a run that wrote entries drops, once, the least recently
used beyond `KEEP_ENTRIES` or `KEEP_BYTES`. A fact base of many pieces (a folder's files) has an
entry per piece and one that lists them (`write_list`), so the count is sized for folders of
thousands of files: at 1,024, a folder of 2,000 evicted its own files and re-parsed half of them.

The records section is each fact's JSON line: `--json` copies the bytes of the
matching facts straight to stdout without parsing them.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
import zlib
from array import array
from collections.abc import Mapping
from typing import Any

from alliance_cli.factbase.store import COLUMNS, FACETS, Lookups, Store

FORMAT = 3
MAGIC = "alliance-fact-cache"
SUFFIX = f".v{FORMAT}.factcache"
NOTE_SUFFIX = f".v{FORMAT}.factnote"  # which content a path held last (`incremental.remember`)
BLOB_SUFFIX = f".v{FORMAT}.factblob"  # bytes derived from an entry: the browser's search index
STAMP_SUFFIX = ".codestamp"
KEEP_ENTRIES = 16_384  # a folder of 2,000 files takes 2,001; several such bases fit (KEEP_BYTES bounds the size)
KEEP_BYTES = 2 << 30
_RECENT_SECONDS = 60  # an entry used this recently is not marked used again
_HEADER_LIMIT = 1 << 16
_CHUNK = 1 << 20
_SECTION_NAMES = ("ids", "sources", "entities", "captures", *(f"column:{c}" for c in COLUMNS),
                  *(f"facet:{f}" for f in FACETS), "offsets", "records")


class CacheInvalid(Exception):
    """The entry is unusable; the caller rebuilds it."""


# --- where ------------------------------------------------------------------------------

def directory(variables: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """The cache folder, by platformdirs' `user_cache_dir("alliance", appauthor=False)` rules; None if there is none."""
    if platform == "win32":
        import ntpath

        local = variables.get("LOCALAPPDATA", "")
        if not _usable(local):
            profile = variables.get("USERPROFILE", "")
            if not _usable(profile):
                return None
            local = ntpath.join(profile, "AppData", "Local")
        return ntpath.join(local, "alliance", "Cache")
    xdg = variables.get("XDG_CACHE_HOME", "")
    if _usable(xdg) and xdg.startswith("/"):
        return os.path.join(xdg, "alliance")
    home = _home(variables)
    if home is None:
        return None
    if platform == "darwin":
        return os.path.join(home, "Library", "Caches", "alliance")
    return os.path.join(home, ".cache", "alliance")


def _home(variables: Mapping[str, str]) -> str | None:
    """HOME when it is an absolute path, else the password database's."""
    home = variables.get("HOME", "")
    if _usable(home) and os.path.isabs(home):
        return home
    try:
        import pwd

        home = pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError, OSError):
        return None
    return home if _usable(home) and os.path.isabs(home) else None


def _usable(path: str) -> bool:
    return bool(path.strip()) and "\0" not in path


def entry_path(folder: str, key: str, suffix: str = SUFFIX) -> str:
    return os.path.join(folder, f"{key}{suffix}")


# --- what: the key ------------------------------------------------------------------------

_stamp: str | None = None


def code_stamp(folder: str | None = None) -> str:
    """A hash of the source of the factbase package and the version: it changes whenever the code
    that decides what a valid fact base is changes.

    Hashing ~60 KB of source costs ~0.2 ms; the hash is kept per installation in the cache folder,
    under a name made of the files' sizes, times, inodes and change times (any rewrite changes the
    change time), which costs ~0.05 ms to compute.
    """
    global _stamp
    if _stamp is None:
        files = _code_files()
        signature = hashlib.sha256(repr([(path, _stat_signature(path)) for path in files]).encode()).hexdigest()[:32]
        memo = os.path.join(folder, f"{signature}{STAMP_SUFFIX}") if folder else None
        stamp = _read_small(memo) if memo else None
        if stamp is None or len(stamp) != 64:
            stamp = _hash_files(files)
            if memo:
                _write_atomically(folder, memo, stamp.encode("ascii"))  # type: ignore[arg-type]
        _stamp = stamp
    return _stamp


def _code_files() -> list[str]:
    here = os.path.dirname(os.path.abspath(__file__))
    names = sorted(n for n in os.listdir(here) if n.endswith(".py"))
    return [os.path.join(here, n) for n in names] + [os.path.join(os.path.dirname(here), "__init__.py")]


def _stat_signature(path: str) -> tuple[int, ...]:
    try:
        st = os.stat(path)
    except OSError:
        return ()
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _hash_files(files: list[str]) -> str:
    digest = hashlib.sha256()
    for path in files:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            data = b"\0missing"
        digest.update(os.path.basename(path).encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def key(content_digest: str, folder: str | None) -> str:
    """The entry name for content with this SHA-256, under this code."""
    return hashlib.sha256(f"{code_stamp(folder)}:{content_digest}".encode("ascii")).hexdigest()


# --- read and write -------------------------------------------------------------------------

def read(variables: Mapping[str, str], content_digest: str, suffix: str = SUFFIX) -> CachedFactBase | None:
    """The cached store for content with this SHA-256, or None (missing, unusable: the caller rebuilds it)."""
    folder = directory(variables)
    if folder is None:
        return None
    name = key(content_digest, folder)
    try:
        handle = open(entry_path(folder, name, suffix), "rb")  # noqa: SIM115 - the store keeps it open to map records
    except (OSError, ValueError):
        return None
    try:
        return CachedFactBase(handle, name)
    except Exception:  # any shape of damage (CacheInvalid, JSON of another shape, ...) means: rebuild
        handle.close()
        return None


def write(variables: Mapping[str, str], content_digest: str, store: Store,
          extras: Mapping[str, object] | None = None, prune: bool = True, suffix: str = SUFFIX) -> None:
    """Store `store` (and `extras`, plain JSON data) for this content; any failure leaves no trace and is no error.

    A caller that writes many entries in one run (a folder's files) passes `prune=False` and prunes
    once at the end: pruning lists the whole cache folder.
    """
    folder = directory(variables)
    if folder is None:
        return
    try:
        os.makedirs(folder, exist_ok=True)
    except (OSError, ValueError):
        return
    name = key(content_digest, folder)

    def body(out) -> None:
        _write_entry(out, name, store, extras or {})

    if _write_atomically(folder, entry_path(folder, name, suffix), body) and prune:
        _prune(folder)


def prune(variables: Mapping[str, str]) -> None:
    folder = directory(variables)
    if folder is not None:
        _prune(folder)


# --- bytes derived from an entry ------------------------------------------------------------------

def write_blob(variables: Mapping[str, str], name: str, data: bytes) -> None:
    """Keep `data` under `name` (say, an entry's name and what was derived from it); any failure is no error."""
    folder = directory(variables)
    if folder is None:
        return
    with contextlib.suppress(OSError, ValueError):
        os.makedirs(folder, exist_ok=True)
        entry = key(name, folder)
        header = _json({"magic": MAGIC, "format": FORMAT, "key": entry, "size": len(data), "crc": zlib.crc32(data)})

        def body(out) -> None:
            out.write(header + b"\n")
            out.write(data)

        _write_atomically(folder, entry_path(folder, entry, BLOB_SUFFIX), body)


def read_blob(variables: Mapping[str, str], name: str) -> bytes | None:
    """The bytes kept under `name`, or None if missing, damaged, or of other code."""
    folder = directory(variables)
    if folder is None:
        return None
    entry = key(name, folder)
    try:
        with open(entry_path(folder, entry, BLOB_SUFFIX), "rb") as handle:
            header = json.loads(handle.readline(_HEADER_LIMIT))
            data = handle.read()
            modified = os.fstat(handle.fileno()).st_mtime
            expected = {"magic": MAGIC, "format": FORMAT, "key": entry, "size": len(data), "crc": zlib.crc32(data)}
            if type(header) is not dict or header != expected:
                return None
            _mark_used(handle, modified)
    except (OSError, ValueError):
        return None
    return data


# --- a fact base in pieces -------------------------------------------------------------------

def write_list(variables: Mapping[str, str], content_digest: str, pieces: list[str],
               settings: Mapping[str, object]) -> None:
    """Record that this content is the pieces (each a content digest with its own entry), end to end.

    The list is an entry like any other, holding no facts: its pieces' entries hold them, so a
    fact base of many pieces is never copied whole after an edit to one of them.
    """
    from alliance_cli.factbase.store import FactBase

    write(variables, content_digest, FactBase({"sources": [], "facts": []}),
          extras={"pieces": list(pieces), "settings": dict(settings)}, prune=False)


def read_list(variables: Mapping[str, str], content_digest: str) -> Store | None:
    """The store written as pieces by `write_list`, or None if the list or any of its pieces is missing or damaged."""
    listing = read(variables, content_digest)
    if listing is None:
        return None
    pieces, settings = listing.extras.get("pieces"), listing.extras.get("settings")
    if type(pieces) is not list or type(settings) is not dict or any(type(p) is not str for p in pieces):
        return None
    stores = []
    for piece in pieces:
        store = read(variables, piece)
        if store is None:
            return None
        stores.append(store)
    from alliance_cli.factbase.combined import Combined

    combined = Combined(stores, settings)
    combined.name = listing.name
    return combined


def _write_atomically(folder: str, path: str, content) -> bool:
    """Write bytes, or call `content(file)`, atomically to `path` (`files.write_file`); False on any failure."""
    from alliance_cli.files import write_file

    try:
        write_file(path, content, replace=True, durable=False)
    except (OSError, ValueError):
        return False
    return True


def _read_small(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(128).decode("ascii")
    except (OSError, ValueError):
        return None


def _write_entry(out, name: str, store: Store, extras: Mapping[str, object]) -> None:
    sections: dict[str, list] = {
        "ids": [_json(store.ids)],
        "sources": [_json(store.sources)],
        "entities": [_json(store.entities)],
        "captures": [_json(store.captures)],
    }
    for column in COLUMNS:
        sections[f"column:{column}"] = [_json(store.column(column))]
    for facet in FACETS:
        sections[f"facet:{facet}"] = [_json(dict(store.facet(facet)))]  # a joined facet is a Mapping
    offsets, records = record_chunks(store)
    sections["offsets"] = [offsets.tobytes()]
    sections["records"] = records
    sections["extras"] = [_json(dict(extras))]
    table, position = {}, 0
    for section, chunks in sections.items():
        length = sum(len(chunk) for chunk in chunks)
        crc = 0
        for chunk in chunks:
            crc = zlib.crc32(chunk, crc)
        table[section] = [position, length, crc]
        position += length
    header = {"magic": MAGIC, "format": FORMAT, "byteorder": sys.byteorder, "key": name,
              "count": len(store), "sections": table}
    header["size"] = _settle_size(header, position)
    out.write(_json(header) + b"\n")
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


def _settle_size(header: dict, body_length: int) -> int:
    """The total file size, which the header itself states (and so is part of)."""
    size = 0
    while True:
        line_length = len(_json({**header, "size": size})) + 1
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
    def __init__(self, handle, name: str) -> None:
        line = handle.readline(_HEADER_LIMIT)
        if not line.endswith(b"\n"):
            raise CacheInvalid("header")
        status = os.fstat(handle.fileno())
        header = _checked_header(line, name, status.st_size)
        self.name = name  # what the entry is known by: what is derived from it is kept under it (`write_blob`)
        self._handle = handle
        self._base = len(line)
        self._sections: dict[str, list[int]] = header["sections"]
        self._count: int = header["count"]
        self._check_sections()
        self.sources = self._list("sources")
        self.entities = self._list("entities")
        self.captures: list[str] = self._list("captures")
        self.extras = json.loads(self._section("extras"))
        if type(self.extras) is not dict:
            raise CacheInvalid("extras")
        self._loaded: dict[str, object] = {}
        _mark_used(handle, status.st_mtime)

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

    def lines(self) -> tuple[array, memoryview]:
        """Where each fact's line starts, and the lines: the records section (see `record_chunks`)."""
        return self._offsets, self._records

    @property
    def _offsets(self) -> array:
        if "offsets" not in self._loaded:
            offsets = array("q")
            offsets.frombytes(self._section("offsets"))
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

    def _list(self, name: str) -> list:
        value = json.loads(self._section(name))
        if type(value) is not list:
            raise CacheInvalid(name)
        return value

    def _section(self, name: str) -> bytes:
        start, length, _ = self._sections[name]
        self._handle.seek(self._base + start)
        return self._handle.read(length)

    def _check_sections(self) -> None:
        """Every section's CRC, in one pass over the file, before anything is used: the records are
        copied to stdout unparsed, and a section read later must not fail in the middle of a query."""
        places = sorted((start, length, crc, name) for name, (start, length, crc) in self._sections.items())
        buffer = bytearray(_CHUNK)
        view = memoryview(buffer)
        for start, length, crc, name in places:
            self._handle.seek(self._base + start)
            running, remaining = 0, length
            while remaining:
                got = self._handle.readinto(view[: min(_CHUNK, remaining)])
                if not got:
                    raise CacheInvalid(f"{name} truncated")
                running = zlib.crc32(view[:got], running)
                remaining -= got
            if running != crc:
                raise CacheInvalid(name)
        offsets = array("q")
        offsets.frombytes(self._section("offsets"))
        records = self._sections["records"][1]
        if len(offsets) != self._count + 1 or offsets[0] != 0 or offsets[-1] != records:
            raise CacheInvalid("offsets")


def _mark_used(handle, modified: float) -> None:
    """Pruning goes by last use: a read refreshes the modification time (at most once a minute)."""
    if time.time() - modified > _RECENT_SECONDS:
        with contextlib.suppress(OSError, NotImplementedError):
            os.utime(handle.fileno())


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _prune(folder: str) -> None:
    """Drop the least recently used entries beyond KEEP_ENTRIES or KEEP_BYTES, and temporary files
    that a writer which died left behind an hour ago or more."""
    try:
        names = [n for n in os.listdir(folder) if n.endswith((SUFFIX, NOTE_SUFFIX, BLOB_SUFFIX, STAMP_SUFFIX, ".tmp"))]
    except OSError:
        return
    entries: list[tuple[float, int, str]] = []
    notes: list[tuple[float, int, str]] = []  # tiny, and counted apart: they never crowd out an entry
    now = time.time()
    for name in names:
        path = os.path.join(folder, name)
        with contextlib.suppress(OSError):
            status = os.stat(path)
            if not name.startswith("."):  # files.write_file's temporary files are hidden
                (notes if name.endswith(NOTE_SUFFIX) else entries).append((status.st_mtime, status.st_size, path))
            elif now - status.st_mtime > 3600:
                _remove(path)
    for found in (entries, notes):
        found.sort(reverse=True)
        total = 0
        for kept, (_, size, path) in enumerate(found, start=1):
            total += size
            if kept > KEEP_ENTRIES or total > KEEP_BYTES:
                _remove(path)


def _remove(path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
