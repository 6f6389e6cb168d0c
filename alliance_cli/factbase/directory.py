"""A fact base that is a folder: every `*.yaml` under it, read as one fact base, cached file by file.

`*.yml` files are not read (a repository holds them for other tools); `validate` names them.

A team's fact base grows one source at a time, edited in git by several people, so it may be a
folder of files instead of one `facts.yaml`. Sources, entities and facts may sit in any file; ids
are unique across files and references resolve across files. Files are read in the order of their
paths (sorted as git lists them), so a fact's place in the listing is stable; hidden files and folders (`.git`) are
skipped. A top-level key other than those lists (say `captures:`) may sit in any one file.

Loading is incremental. Each file is parsed and checked on its own (structure, types, patterns)
and cached by its content; the checks that span files (unique ids, references) then run over small
indexes of every file: the ids and names it defines, the sources, actors, speakers and related
facts it refers to. After an edit to one file of a hundred, the next run parses that file only,
and checks it alone against those indexes. The whole folder, once valid, has one entry more, keyed
by every file's content: the list of its files' entries (`cache.write_list`), not a copy of their
facts, so that the run after an edit writes what the edit changed and no more.

When the indexes show a problem, the files involved (and only those) are parsed and the same
reference checks as for a single file run over them, so every message is the single-file one,
with its own file, line and column.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from alliance_cli.errors import FactBaseError

if TYPE_CHECKING:
    from alliance_cli.factbase.store import Store

SUFFIX = ".yaml"


def is_folder(path: str) -> bool:
    try:
        return os.path.isdir(path)
    except ValueError:
        return False


def files_of(folder: str) -> list[str]:
    """Relative paths of the `*.yaml` files under `folder`, sorted; hidden files and folders left out."""
    found: list[str] = []
    problems: list[OSError] = []
    for here, folders, names in os.walk(folder, onerror=problems.append):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        relative = os.path.relpath(here, folder)
        found += [os.path.normpath(os.path.join(relative, n)) for n in names
                  if n.endswith(SUFFIX) and not n.startswith(".")]
    if problems:
        error = problems[0]
        raise FactBaseError(f"{error.filename or folder}: cannot be read: {error.strerror or error}")
    if not found:
        raise FactBaseError(f"{folder}: no {SUFFIX} files in this folder; a fact base folder holds one or more "
                            f"*{SUFFIX} files with sources, entities and facts")
    return sorted(found, key=lambda p: p.replace(os.sep, "/"))  # as git lists them: b.yaml before b/z.yaml


def load_folder(folder: str, variables: Mapping[str, str], use_cache: bool, progress=None,
                check_on_use: bool = False) -> Store:
    """The validated fact base in `folder`; raises FactBaseError with one line per problem, in file order.

    A repeat query reads the files' status (each file that stands as last recorded is not read at all,
    `unchanged`; any other is hashed) and the folder's cache entries, nothing more: the
    parsing, checking and assembling (`assembly`) are imported only when something changed.
    """
    from alliance_cli.factbase import cache, unchanged
    from alliance_cli.factbase.parsing import read_bytes

    relatives = files_of(folder)
    paths = [os.path.join(folder, r) for r in relatives]
    files: list[tuple[str, bytes | None, str]]
    if use_cache:
        digests, states, recorded = _digests(folder, relatives, variables)
        cached = cache.read_list(variables, whole_key(relatives, digests), check_on_use)
        if cached is not None:
            if states != recorded:
                unchanged.remember(variables, folder, dict(zip(relatives, digests, strict=True)), states)
            return cached
        # each file read again only if it must be parsed, and then checked against its digest (`Part.data`)
        files = [(path, None, digest) for path, digest in zip(paths, digests, strict=True)]
    else:
        files = []
        for path in paths:
            data = read_bytes(path)
            files.append((path, data, hashlib.sha256(data).hexdigest()))
    from alliance_cli.factbase import assembly

    digests = [digest for _, _, digest in files]
    key = whole_key(relatives, digests)
    if not use_cache:
        return assembly.assemble(folder, files, key, variables, use_cache, progress)
    from alliance_cli.factbase import incremental

    store = incremental.load_folder(folder, files, key, variables)  # after an edit: the pieces that changed
    if store is None:
        store = assembly.assemble(folder, files, key, variables, use_cache, progress)
    unchanged.remember(variables, folder, dict(zip(relatives, digests, strict=True)), states)
    cache.prune(variables)
    return store


def _digests(folder: str, relatives: list[str], variables: Mapping[str, str]) -> tuple[list[str], dict, object]:
    """Each file's content digest: the note's for a file that stands as the note recorded it (`unchanged`),
    else its hash; each file's state to record (None where none can be); and the states the note held."""
    from alliance_cli.factbase import unchanged
    from alliance_cli.factbase.parsing import file_digest_and_state

    content, recorded = unchanged.recorded(variables, folder)
    content = content if type(content) is dict else {}
    known = recorded if type(recorded) is dict else {}
    digests, states = [], {}
    for relative in relatives:
        path = os.path.join(folder, relative)
        digest, state = content.get(relative), known.get(relative)
        if type(digest) is not str or not unchanged.matches(path, state):
            digest, state = file_digest_and_state(path)
        digests.append(digest)
        states[relative] = state
    return digests, states, recorded


def unread(folder: str) -> list[str]:
    """The `*.yml` files under `folder` (hidden ones aside), which a fact base folder does not read: a repository
    holds such files for other tools (`mkdocs.yml`), and `validate` names them so none is skipped unawares."""
    found = []
    for here, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        found += [os.path.normpath(os.path.join(os.path.relpath(here, folder), n)) for n in names
                  if n.endswith(".yml") and not n.startswith(".")]
    return sorted(found)


def reads(folder: str, path: str) -> bool:
    """Whether the fact base folder `folder` would read a file at `path` (a `*.yaml` file inside it,
    hidden nowhere on the way); `path` need not exist."""
    inside = os.path.relpath(os.path.realpath(path), os.path.realpath(folder))
    parts = inside.split(os.sep)
    return parts[0] != ".." and inside.endswith(SUFFIX) and not any(p.startswith(".") for p in parts)


def check_with(folder: str, new_file: str, data: bytes, variables: Mapping[str, str]) -> Store:
    """The folder validated as it would be with `data` written at `new_file` (not yet written): every problem."""
    from alliance_cli.factbase import assembly
    from alliance_cli.factbase.parsing import read_bytes

    relatives = sorted([*files_of(folder), os.path.relpath(new_file, folder)], key=lambda p: p.replace(os.sep, "/"))
    files: list[tuple[str, bytes | None, str]] = []
    for relative in relatives:
        path = os.path.join(folder, relative)
        content = data if relative == os.path.relpath(new_file, folder) else read_bytes(path)
        files.append((path, content, hashlib.sha256(content).hexdigest()))
    key = whole_key(relatives, [digest for _, _, digest in files])
    return assembly.assemble(folder, files, key, variables, use_cache=True)


def whole_key(relatives: list[str], digests: list[str]) -> str:
    """The folder's cache key: every file's place and content."""
    listing = "".join(f"{relative}\0{digest}\n" for relative, digest in zip(relatives, digests, strict=True))
    return "folder:" + hashlib.sha256(listing.encode("utf-8", "surrogateescape")).hexdigest()
