"""A fact base file read again after an edit: the pieces that changed parsed, the rest taken as it was.

Curation writes often (`sources add`, `evidence add`), and the query after each write should cost
about what the write changed. A file's cache entry keeps the digest of each piece of its facts
(`pieces`); the cache also notes which content each path last held (`unchanged.remember`). When a file's
content misses, its earlier version's entry is found through that note, and the file becomes a few
units checked exactly as a folder's files are (`assembly`): its head (sources, entities, settings),
each piece that changed, both parsed now, and each run of pieces it still holds, whose facts are
the earlier entry's (`combined.Slice`), checked on indexes (the ids, sources, names and related
facts they use) like a folder's cached files.

Only success is served this way. At any problem, or any doubt about the cut, the caller loads the
file as if there were no cache, so every message, with its line and column, is the cold load's.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from alliance_cli.errors import FactBaseError
from alliance_cli.factbase import assembly, cache, pieces, unchanged
from alliance_cli.factbase.assembly import Part
from alliance_cli.factbase.combined import Combined, Slice
from alliance_cli.factbase.schema import FACT_BASE
from alliance_cli.factbase.store import FactBase, Store

# --- one file --------------------------------------------------------------------------------------

def load_file(path: str, data: bytes, variables: Mapping[str, str]) -> tuple[Store, dict] | None:
    """The fact base file at `path`, holding `data`, rebuilt from its earlier version's entry, with the
    extras for its own entry; None when that cannot be done without doubt (the caller parses it whole)."""
    earlier, _ = unchanged.recorded(variables, path)
    previous = cache.read(variables, earlier) if type(earlier) is str else None
    if previous is None:
        return None
    built = _units(path, data, previous, {}, whole=True)
    if built is None or built[0][0].content.get("entities", []) != previous.entities:  # type: ignore[union-attr]
        return None  # (entities changed: how each kept fact's actors read may have changed too)
    units, described = built
    stores = _checked(units)
    if stores is None:
        return None
    return Combined(stores, units[0].settings), {"pieces": described, "related": _related(units)}


def extras(data: bytes, root, store: FactBase) -> dict:
    """What a file parsed whole keeps in its entry so that its next version can be rebuilt from it."""
    related = {str(n): list(fact["related"]) for n, fact in enumerate(store.facts) if fact.get("related")}
    return {"pieces": pieces.describe(data, root), "related": related}


# --- a folder ------------------------------------------------------------------------------------

def load_folder(folder: str, files: list[tuple[str, bytes | None, str]], whole_key: str,
                variables: Mapping[str, str]) -> Store | None:
    """The folder rebuilt file by file, each edited file by its pieces; None if no file could be, or at
    any problem (the caller assembles the folder file by file, for the messages)."""
    earlier, _ = unchanged.recorded(variables, folder)
    if type(earlier) is not dict:
        return None
    units: list[Part] = []
    owners: list[int] = []
    described: dict[int, list] = {}
    for n, (path, data, digest) in enumerate(files):
        part = Part(path, data, digest)
        got = None if assembly.read_cached(part, variables) else _edited(folder, part, earlier, variables)
        if got is None:
            if part.store is None:
                assembly.parse_part(part)
            units.append(part)
            owners.append(n)
            continue
        units += got[0]
        owners += [n] * len(got[0])
        described[n] = got[1]
    if not described:
        return None
    stores = _checked(units)
    if stores is None:
        return None
    whole = [_file_store(files[n], [u for u, o in zip(units, owners, strict=True) if o == n],
                         [s for s, o in zip(stores, owners, strict=True) if o == n], described.get(n), variables)
             for n in range(len(files))]
    combined = Combined(whole, assembly._merged_settings(units))
    cache.write_list(variables, whole_key, [f"part:{digest}" for _, _, digest in files], combined.settings)
    return combined


def _edited(folder: str, part: Part, earlier: dict, variables: Mapping[str, str]) -> tuple[list[Part], list] | None:
    before = earlier.get(os.path.relpath(part.path, folder))
    previous = cache.read(variables, f"part:{before}") if type(before) is str else None
    if previous is None:
        return None
    names = previous.extras.get("names")
    return _units(part.path, part.data, previous, names if type(names) is dict else {}, whole=False)


def _file_store(file: tuple[str, bytes | None, str], units: list[Part], stores: list[Store], described: list | None,
                variables: Mapping[str, str]) -> Store:
    """One file's store, written to its entry if it was parsed (whole or by pieces) in this run."""
    path, data, digest = file
    if described is None:
        part = units[0]
        part.store = stores[0]
        if part.fresh or part.content is not None:
            assembly.write_part(part, variables)
        return part.store
    names: dict[str, str] = {}
    for unit in units:
        names.update(unit.names)
    part = Part(path, data, digest, store=Combined(stores), related={int(k): v for k, v in _related(units).items()},
                settings=units[0].settings, names=names, pieces=described)
    assembly.write_part(part, variables)
    return part.store  # type: ignore[return-value]


# --- the units of an edited file ------------------------------------------------------------------

def _units(path: str, data: bytes, previous, names: dict, whole: bool) -> tuple[list[Part], list] | None:
    """The file as units (its head, then its pieces: parsed if changed, else runs of the earlier facts),
    and the [digest, entries] of its pieces; None if the cut or any unit fails."""
    layout = pieces.split(data)
    earlier = _earlier_pieces(previous)
    if layout is None or earlier is None:
        return None
    head = parse_head(path, layout.head, whole)
    if head is None:
        return None
    units, digests = [head], layout.digests()
    run: list[int] = []  # [start, stop] of the earlier facts being taken, and the pieces' bytes
    taken: list[bytes] = []
    for n, piece in enumerate(layout.pieces):
        found = earlier.get(digests[n])
        if found is not None and found[1] == layout.counts[n]:
            if run and run[1] == found[0]:
                run[1] += found[1]
            else:
                _flush(units, run, taken, path, previous, names)
                run = [found[0], found[0] + found[1]]
            taken.append(piece)
            continue
        _flush(units, run, taken, path, previous, names)
        run = []
        unit = parse_piece(path, layout, n)
        if unit is None:
            return None
        units.append(unit)
    _flush(units, run, taken, path, previous, names)
    return units, [[digest, count] for digest, count in zip(digests, layout.counts, strict=True)]


def _earlier_pieces(previous) -> dict[str, tuple[int, int]] | None:
    """Digest -> (first ordinal, entries) of each piece of the earlier version."""
    described = previous.extras.get("pieces")
    if type(described) is not list or type(previous.extras.get("related")) is not dict:
        return None  # (without the earlier facts' related ids, a fact they name could go unnoticed)
    found: dict[str, tuple[int, int]] = {}
    at = 0
    for item in described:
        if type(item) is not list or len(item) != 2 or type(item[0]) is not str or type(item[1]) is not int:
            return None
        found.setdefault(item[0], (at, item[1]))
        at += item[1]
    return found if at == len(previous) else None


def _flush(units: list[Part], run: list[int], taken: list[bytes], path: str, previous, names: dict) -> None:
    """The earlier facts `run` (start, stop) as a unit, read again from `taken` only if a check needs it."""
    if not run:
        return
    start, stop = run
    related = previous.extras["related"]
    kept = {int(k) - start: v for k, v in related.items() if start <= int(k) < stop}
    data = b"facts:\n" + b"".join(taken)
    units.append(Part(path, data, "", store=Slice(previous, start, stop), related=kept, names=dict(names)))
    taken.clear()


def parse_head(path: str, data: bytes, whole: bool) -> Part | None:
    """The file without its facts' entries, parsed and checked; its `facts:` must be the header left empty."""
    content = _parsed(path, data)
    if type(content) is not dict or "facts" not in content or content.pop("facts") is not None:
        return None
    if whole and any(f.required and f.name != "facts" and f.name not in content for f in FACT_BASE.fields):
        return None
    return _accepted(Part(path, data, ""), content)


def parse_piece(path: str, layout: pieces.Layout, n: int) -> Part | None:
    """A changed piece, parsed alone: it must hold exactly the entries the cut found in it."""
    from alliance_cli.factbase import strict_yaml
    from alliance_cli.factbase.parsing import decode

    data = b"facts:\n" + layout.pieces[n]
    try:
        document = strict_yaml.load(decode(path, data))
    except (strict_yaml.YamlProblem, FactBaseError):
        return None
    if document is None or type(document.data) is not dict or list(document.data) != ["facts"]:
        return None
    facts_node = document.root.value[0][1]
    if not pieces.matches(layout.lines(n), [item.start_mark.line - 1 for item in facts_node.value]):
        return None
    return _accepted(Part(path, data, ""), document.data)


def _parsed(path: str, data: bytes) -> Any:
    from alliance_cli.factbase import strict_yaml
    from alliance_cli.factbase.parsing import decode

    try:
        document = strict_yaml.load(decode(path, data))
    except (strict_yaml.YamlProblem, FactBaseError):
        return None
    return document.data if document is not None else None


def _accepted(part: Part, content: dict) -> Part | None:
    from alliance_cli.factbase import validation

    if validation.check_structure(content, assembly.FRAGMENT):
        return None
    assembly.accept(part, content)
    return part


# --- checking and joining -----------------------------------------------------------------------

def _checked(units: list[Part]) -> list[Store] | None:
    """Each unit's store if no unit has a problem, alone or across units; else None."""
    try:
        own, across = assembly.problems_of(units)
    except FactBaseError:
        return None
    if own or across:
        return None
    return [unit.store if unit.content is None else assembly.store_of(unit) for unit in units]  # type: ignore[misc]


def _related(units: list[Part]) -> dict[str, list[str]]:
    """Ordinal (in the whole file) -> related ids, from each unit's own."""
    related: dict[str, list[str]] = {}
    start = 0
    for unit in units:
        related.update({str(start + n): ids for n, ids in unit.related.items()})
        start += len((unit.content or {}).get("facts") or []) if unit.content is not None else len(unit.store or ())
    return related
