"""Find, read, parse, validate and cache a fact base: the one way any command gets facts.

A fact base is a YAML file, or a folder of them (`directory.py`).
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping

from alliance_cli.errors import FactBaseError
from alliance_cli.factbase.parsing import (
    ENV_VARIABLE,
    SHOWN_PROBLEMS,
    parse,
    parse_document,
    progress_reporter,
    read_bytes,
    read_bytes_and_state,
)
from alliance_cli.factbase.store import Store

KEPT_PROBLEMS = 1_000  # a query keeps the first problems found, to show the first 20 of them in file order


def shipped_path() -> str:
    """The fact base inside the installed package, or at the root of a source checkout."""
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    packaged = os.path.join(package, "facts.yaml")
    return packaged if os.path.isfile(packaged) else os.path.join(os.path.dirname(package), "facts.yaml")


def resolve_path(explicit: str | None, variables: Mapping[str, str]) -> str:
    """--file, then $ALLIANCE_FACTS (unless blank), then the shipped fact base."""
    from_environment = variables.get(ENV_VARIABLE) or ""
    return explicit or (from_environment if from_environment.strip() else "") or shipped_path()


def load(path: str, variables: Mapping[str, str], use_cache: bool = True, progress=None,
         check_on_use: bool = False) -> Store:
    """The validated fact base at `path` (a file or a folder); raises FactBaseError with one line per
    problem, the first SHOWN_PROBLEMS of them and then how many more (`check` gives them all).
    A store read from the cache is checked whole before it is returned, or, with `check_on_use` (the
    browser), each part as it is first read (`cache_entry`).

    The cyclic garbage collector is paused meanwhile: a load allocates millions of
    objects and no reference cycles, and the collector would rescan them all again
    and again (100,000 facts: 25.9 s with it, 9.7 s without).
    """
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(path, variables, use_cache, progress, check_on_use)
    except FactBaseError as error:
        if len(error.lines) <= SHOWN_PROBLEMS + 1:
            raise
        more = len(error.lines) - SHOWN_PROBLEMS
        raise FactBaseError(*error.lines[:SHOWN_PROBLEMS],
                            f"… and {more:,} more problems; run 'alliance validate {path}' to list them all") from None
    finally:
        if collecting:
            gc.enable()


def check(path: str) -> Store:
    """The fact base at `path` parsed and validated afresh, without the cache; every problem is raised."""
    import gc

    from alliance_cli.factbase import directory

    collecting = gc.isenabled()
    gc.disable()
    try:
        if directory.is_folder(path):
            return directory.load_folder(path, {}, use_cache=False)
        return parse(path, read_bytes(path))
    finally:
        if collecting:
            gc.enable()


def _load(path: str, variables: Mapping[str, str], use_cache: bool, progress, check_on_use: bool) -> Store:
    if os.path.isdir(path):
        from alliance_cli.factbase import directory

        return directory.load_folder(path, variables, use_cache, progress, check_on_use)
    if not use_cache:
        data = read_bytes(path)
        with progress_reporter(progress, path, len(data)):
            return parse(path, data, keep=KEPT_PROBLEMS)
    return _cached_or_rebuilt(path, variables, progress, check_on_use)


def _cached_or_rebuilt(path: str, variables: Mapping[str, str], progress, check_on_use: bool) -> Store:
    """The file's cache entry: found by the file's state when it stands as last recorded (`unchanged`),
    else by the digest of its bytes, read once: hashed, and parsed if the digest misses."""
    from alliance_cli.factbase import cache, unchanged

    known, states = unchanged.known_digest(variables, path)
    cached = cache.read(variables, known, check_on_use=check_on_use) if known is not None else None
    if cached is not None:
        return cached
    data, state = read_bytes_and_state(path)
    digest = hashlib.sha256(data).hexdigest()  # the cache is keyed by the bytes parsed, whatever happened since
    cached = cache.read(variables, digest, check_on_use=check_on_use)
    if cached is not None:
        if state is not None and state != states:  # a state not yet recorded is recorded now
            unchanged.remember(variables, path, digest, state)
        return cached
    return _rebuilt(path, data, (digest, state), variables, progress)


def _rebuilt(path: str, data: bytes, read: tuple[str, list[int] | None], variables: Mapping[str, str],
             progress) -> Store:
    """The file parsed (after an edit: only the pieces that changed), and its cache entry written."""
    from alliance_cli.factbase import cache, incremental, unchanged

    digest, state = read
    rebuilt = incremental.load_file(path, data, variables)  # after an edit: the pieces that changed
    if rebuilt is None:
        with progress_reporter(progress, path, len(data)):
            store, root = parse_document(path, data, keep=KEPT_PROBLEMS)
        built: tuple[Store, dict] = (store, incremental.extras(data, root, store))
        del root
    else:
        built = rebuilt
    cache.write(variables, digest, built[0], extras=built[1], prune=False)
    unchanged.remember(variables, path, digest, state)
    cache.prune(variables)
    if rebuilt is None:
        return built[0]
    return cache.read(variables, digest) or built[0]  # one entry's records, not the pieces of two versions
