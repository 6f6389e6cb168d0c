"""A cache of validated fact bases, so that repeat queries skip YAML entirely.

Where: the platform's user cache folder, by the rules of `platformdirs` (which costs
27 ms to import, more than a whole cached query, so the rules are restated in `cache_folder`):
`$XDG_CACHE_HOME/alliance` when that is an absolute path, else `~/.cache/alliance`
(`~/Library/Caches/alliance` on macOS, `%LOCALAPPDATA%\\alliance\\Cache` on Windows).
Never beside the data.

What: one file per entry, named by a key that mixes the SHA-256 of the YAML bytes (so
an edit that keeps the modification time still misses) with `code_stamp()`, a hash of
the source of the code that parses and validates (so a change to the rules misses too,
with or without a new version number).

Layout: a one-line JSON header, then sections. Each section's place, length and CRC-32
are in the header (the facts' lines have a CRC-32 per block: `cache_entry` says when each is checked); a file that is truncated, corrupt, of another shape, from another
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
import functools
import hashlib
import json
import os
import sys
import time
import zlib
from collections.abc import Mapping

from alliance_cli.factbase.cache_entry import (
    FORMAT,
    HEADER_LIMIT,
    MAGIC,
    CachedFactBase,
    json_bytes,
    mark_used,
    write_entry,
)
from alliance_cli.factbase.store import Store
from alliance_cli.files import open_regular

SUFFIX = f".v{FORMAT}.factcache"
NOTE_SUFFIX = f".v{FORMAT}.factnote"  # which content a path held last (`unchanged.remember`)
BLOB_SUFFIX = f".v{FORMAT}.factblob"  # bytes derived from an entry: the browser's search index
STAMP_SUFFIX = ".codestamp"
KEEP_ENTRIES = 16_384  # a folder of 2,000 files takes 2,001; several such bases fit (KEEP_BYTES bounds the size)
KEEP_BYTES = 2 << 30


# --- where ------------------------------------------------------------------------------

def cache_folder(variables: Mapping[str, str], platform: str = sys.platform) -> str | None:
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

@functools.cache
def code_stamp(folder: str | None = None) -> str:
    """A hash of the source of the factbase package and the version: it changes whenever the code
    that decides what a valid fact base is changes. Computed once per process (and cache folder).
    """
    return stamp_of(code_files(), folder)


def stamp_of(files: list[str], folder: str | None) -> str:
    """The hash of these source files, memoised in the cache folder.

    Hashing ~60 KB of source costs ~0.2 ms; the hash is kept per installation in the cache folder,
    under a name made of the files' sizes, times, inodes and change times (any rewrite changes the
    change time), which costs ~0.05 ms to compute.
    """
    signature = hashlib.sha256(repr([(path, _stat_signature(path)) for path in files]).encode()).hexdigest()[:32]
    memo = os.path.join(folder, f"{signature}{STAMP_SUFFIX}") if folder else None
    stamp = _read_small(memo) if memo else None
    if stamp is None or len(stamp) != 64:
        stamp = _hash_files(files)
        if memo:
            write_atomically(folder, memo, stamp.encode("ascii"))  # type: ignore[arg-type]
    return stamp


def code_files() -> list[str]:
    """The source files whose hash keys every entry: the factbase package and the version."""
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
            with open_regular(path) as handle:
                data = handle.read()
        except OSError:
            data = b"\0missing"
        digest.update(os.path.basename(path).encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def key(content_digest: str, folder: str | None) -> str:
    """The entry name for content with this SHA-256, under this code."""
    return hashlib.sha256(f"{code_stamp(folder)}:{content_digest}".encode("ascii")).hexdigest()


# --- read and write -------------------------------------------------------------------------

def read(variables: Mapping[str, str], content_digest: str, suffix: str = SUFFIX,
         check_on_use: bool = False) -> CachedFactBase | None:
    """The cached store for content with this SHA-256, or None (missing, unusable: the caller rebuilds it).
    Checked whole now, or each part as it is first read (`check_on_use`: see `cache_entry`)."""
    folder = cache_folder(variables)
    if folder is None:
        return None
    name = key(content_digest, folder)
    path = entry_path(folder, name, suffix)
    try:
        handle = open_regular(path)  # the store keeps it open to map records
    except (OSError, ValueError):
        return None
    try:
        return CachedFactBase(handle, name, path, check_on_use)
    except Exception:  # any shape of damage (CacheInvalid, JSON of another shape, ...) means: rebuild
        handle.close()
        return None


def write(variables: Mapping[str, str], content_digest: str, store: Store,
          extras: Mapping[str, object] | None = None, prune: bool = True, suffix: str = SUFFIX) -> None:
    """Store `store` (and `extras`, plain JSON data) for this content; any failure leaves no trace and is no error.

    A caller that writes many entries in one run (a folder's files) passes `prune=False` and prunes
    once at the end: pruning lists the whole cache folder.
    """
    folder = cache_folder(variables)
    if folder is None:
        return
    try:
        os.makedirs(folder, exist_ok=True)
    except (OSError, ValueError):
        return
    name = key(content_digest, folder)

    def body(out) -> None:
        write_entry(out, name, store, extras or {})

    if write_atomically(folder, entry_path(folder, name, suffix), body) and prune:
        _prune(folder)


def prune(variables: Mapping[str, str]) -> None:
    folder = cache_folder(variables)
    if folder is not None:
        _prune(folder)


# --- bytes derived from an entry ------------------------------------------------------------------

def write_blob(variables: Mapping[str, str], name: str, data: bytes) -> None:
    """Keep `data` under `name` (say, an entry's name and what was derived from it); any failure is no error."""
    folder = cache_folder(variables)
    if folder is None:
        return
    with contextlib.suppress(OSError, ValueError):
        os.makedirs(folder, exist_ok=True)
        entry = key(name, folder)
        header = json_bytes({"magic": MAGIC, "format": FORMAT, "key": entry, "size": len(data), "crc": zlib.crc32(data)})

        def body(out) -> None:
            out.write(header + b"\n")
            out.write(data)

        write_atomically(folder, entry_path(folder, entry, BLOB_SUFFIX), body)


def read_blob(variables: Mapping[str, str], name: str) -> memoryview | None:
    """The bytes kept under `name` (mapped, not copied: 50 MB for 100,000 facts' search index), or None if
    missing, damaged, or of other code."""
    import mmap

    folder = cache_folder(variables)
    if folder is None:
        return None
    entry = key(name, folder)
    try:
        with open_regular(entry_path(folder, entry, BLOB_SUFFIX)) as handle:
            line = handle.readline(HEADER_LIMIT)
            header = json.loads(line) if line.endswith(b"\n") else None
            status = os.fstat(handle.fileno())
            start = handle.tell()
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if status.st_size > start else b""
            data = memoryview(mapped)[start:]
            expected = {"magic": MAGIC, "format": FORMAT, "key": entry, "size": len(data), "crc": zlib.crc32(data)}
            if type(header) is not dict or header != expected:
                return None
            mark_used(handle, status.st_mtime)
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


def read_list(variables: Mapping[str, str], content_digest: str, check_on_use: bool = False) -> Store | None:
    """The store written as pieces by `write_list`, or None if the list or any of its pieces is missing or damaged."""
    listing = read(variables, content_digest, check_on_use=check_on_use)
    if listing is None:
        return None
    pieces, settings = listing.extras.get("pieces"), listing.extras.get("settings")
    if type(pieces) is not list or type(settings) is not dict or any(type(p) is not str for p in pieces):
        return None
    stores = []
    for piece in pieces:
        store = read(variables, piece, check_on_use=check_on_use)
        if store is None:
            return None
        stores.append(store)
    from alliance_cli.factbase.combined import Combined

    combined = Combined(stores, settings)
    combined.name = listing.name
    return combined


def write_atomically(folder: str, path: str, content) -> bool:
    """Write bytes, or call `content(file)`, atomically to `path` (`files.write_file`); False on any failure."""
    from alliance_cli.files import write_file

    try:
        write_file(path, content, replace=True, durable=False)
    except (OSError, ValueError):
        return False
    return True


def _read_small(path: str) -> str | None:
    try:
        with open_regular(path) as handle:
            return handle.read(128).decode("ascii")
    except (OSError, ValueError):
        return None


def _made_here(temporary: str) -> bool:
    """Whether a hidden `.tmp` file is one alliance wrote for a cache file (an entry, a note, a blob, a stamp or
    the corroboration index): the cache folder may be a link into a folder of the user's own files."""
    from alliance_cli.files import temporary_target

    target = temporary_target(temporary) or ""
    return target.endswith((SUFFIX, NOTE_SUFFIX, BLOB_SUFFIX, STAMP_SUFFIX)) or \
        (target.startswith("corroboration-") and target.endswith(".index"))


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
            elif now - status.st_mtime > 3600 and _made_here(name):
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
