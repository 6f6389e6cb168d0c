"""A fact base folder parsed, checked and put together, file by file (see `directory`).

Imported only when the folder's cache entry is missing or stale: a repeat query never pays for it.
"""
from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from alliance_cli.errors import FactBaseError
from alliance_cli.factbase.combined import Combined
from alliance_cli.factbase.schema import FACT_BASE, ListOf, Record
from alliance_cli.factbase.store import FactBase, Store
from alliance_cli.factbase.vocabulary import ARTICLE

# One file of a folder: the fields of a fact base, none of them required.
FRAGMENT = Record("fact base file", tuple(replace(f, required=False) for f in FACT_BASE.fields))
LISTS = tuple(f.name for f in FACT_BASE.fields if isinstance(f.kind, ListOf))  # merged by concatenation


@dataclass
class Part:
    """One file of the folder."""

    path: str  # as messages show it: the folder joined with the relative path
    given: bytes | None  # its bytes, or None: read when first needed (`data`), and checked against the digest
    digest: str
    store: Store | None = None  # from its cache entry, or built once the folder's checks pass
    root: Any = None  # its YAML node tree, kept only while needed for messages
    content: dict | None = None  # its plain data, when parsed in this run
    fresh: bool = False  # parsed in this run, not read from its cache entry
    problems: list[tuple[int, int, str]] = field(default_factory=list)  # (line, column, message line)
    related: dict[int, list[str]] = field(default_factory=dict)  # ordinal -> related ids
    settings: dict[str, Any] = field(default_factory=dict)  # top-level keys other than the lists
    names: dict[str, str] = field(default_factory=dict)  # actor or speaker as written -> the name it stands for
    pieces: list | None = None  # [digest, entries] of each piece of its facts (`pieces.describe`), if cut

    @property
    def data(self) -> bytes:
        """The file's bytes. A file read from its cache entry is read again only if a check needs its text:
        then it must still hold what was hashed, or the run stops (it would mix two versions)."""
        if self.given is None:
            import hashlib

            from alliance_cli.factbase.parsing import read_bytes

            data = read_bytes(self.path)
            if hashlib.sha256(data).hexdigest() != self.digest:
                raise FactBaseError(f"{self.path}: changed while it was being read; run the command again")
            self.given = data
        return self.given


def assemble(folder: str, files: list[tuple[str, bytes | None, str]], whole_key: str, variables: Mapping[str, str],
             use_cache: bool, progress=None) -> Store:
    """The folder's files (path, bytes, SHA-256) as one validated store, cached whole under `whole_key`.

    Each file is read from its cache entry, or parsed and checked on its own (`check_structure`). The
    files parsed in this run, and any file the indexes show to be involved in a problem, then go in full
    through the single-file checks (`check_references`: ids, references, dates, canonical names) with
    the ids and names of all the others. A file parsed in this run is cached only once those checks find
    nothing in it, so a file read from the cache has passed them all.
    """
    from alliance_cli.factbase import cache
    from alliance_cli.factbase.parsing import progress_reporter

    parts = [Part(path, data, digest) for path, data, digest in files]
    with progress_reporter(progress, folder, sum(_size(p) for p in parts)):
        for part in parts:
            if not (use_cache and read_cached(part, variables)):
                parse_part(part)
        own, across = problems_of(parts)
        troubled = {n for n, *_ in own + across}
        for n, part in enumerate(parts):
            if part.content is None or n in troubled:
                continue
            part.store = store_of(part)
            if use_cache:
                write_part(part, variables)
            part.content = part.root = None
    if own or across:
        raise FactBaseError(*(text for *_, text in sorted(own + across)))
    combined = Combined([part.store for part in parts if part.store is not None], _merged_settings(parts))
    if use_cache:
        cache.write_list(variables, whole_key, [_part_key(part) for part in parts], combined.settings)
    return combined


def _size(part: Part) -> int:
    import os

    try:
        return len(part.given) if part.given is not None else os.path.getsize(part.path)
    except OSError:
        return 0


def read_cached(part: Part, variables: Mapping[str, str]) -> bool:
    """Fill the part from its cache entry, if it has one."""
    from alliance_cli.factbase import cache

    cached_part = cache.read(variables, _part_key(part))
    if cached_part is None:
        return False
    part.store = cached_part
    part.related = {int(k): v for k, v in cached_part.extras.get("related", {}).items()}
    part.settings = cached_part.extras.get("settings", {})
    part.names = cached_part.extras.get("names", {})
    part.pieces = cached_part.extras.get("pieces")
    return True


def problems_of(parts: list[Part]) -> tuple[list, list]:
    """The problems of each part on its own, and those across parts, each as (part, line, column, message)."""
    own = [(n, line, column, text) for n, part in enumerate(parts) for line, column, text in part.problems]
    own += _settings_given_twice(parts)
    if any(part.store is None and part.content is None for part in parts):
        # A file that is not YAML at all defines nothing anyone can see: checking the others'
        # references would only report as unknown what that file may well define.
        raise FactBaseError(*(text for *_, text in sorted(own)))
    return own, _cross_file_problems(parts)


def store_of(part: Part) -> Store:
    """The store of a part parsed (or parsed again) in this run."""
    content = part.content or {}
    return FactBase({"sources": [], "facts": [], **{k: v for k, v in content.items() if k in LISTS}})


def write_part(part: Part, variables: Mapping[str, str]) -> None:
    """Cache a part that passed every check; from then on its facts are the entry's bytes."""
    from alliance_cli.factbase import cache

    assert part.store is not None  # noqa: S101 - written once built
    cache.write(variables, _part_key(part), part.store, extras={
        "related": {str(k): v for k, v in part.related.items()}, "settings": part.settings,
        "names": part.names, "pieces": part.pieces}, prune=False)
    part.store = cache.read(variables, _part_key(part)) or part.store


def _part_key(part: Part) -> str:
    return f"part:{part.digest}"


def parse_part(part: Part) -> None:
    """Parse and check one file on its own; its problems are kept, located, on the part."""
    from alliance_cli.factbase import parsing, strict_yaml, validation

    part.fresh = True
    try:
        text = parsing.decode(part.path, part.data)
        document = strict_yaml.load(text)
    except strict_yaml.YamlProblem as problem:
        part.problems = [(problem.line, problem.column, f"{part.path}:{problem.line}:{problem.column}: "
                                                        f"{problem.message}")]
        return
    except FactBaseError as error:
        part.problems = [(1, 1, line) for line in error.lines]
        return
    if document is None:  # empty, or comments only: a file being written adds nothing, and is no error
        part.content = {}
        return
    part.root, part.content = document.root, document.data
    problems = validation.check_structure(part.content, FRAGMENT)
    if problems:
        part.problems = parsing.located(part.path, part.root, problems)
        return
    from alliance_cli.factbase.pieces import describe

    part.pieces = describe(part.data, part.root)
    part.root = None  # parsed again only if a problem needs its lines: a folder's trees are never all kept
    accept(part, part.content)


def accept(part: Part, content: dict) -> None:
    """Take the content of a part that passed its own checks: what the checks across parts need of it."""
    part.fresh, part.content = True, content
    facts = content.get("facts") or []
    part.related = {n: list(fact["related"]) for n, fact in enumerate(facts) if fact.get("related")}
    part.settings = {k: v for k, v in content.items() if k not in LISTS}
    written = {actor for fact in facts for actor in fact["actors"]} | {fact["attributed_to"] for fact in facts}
    part.names = dict.fromkeys(sorted(written - {ARTICLE}), "")  # what each stands for: filled in by the checks


# --- the checks that span files ---------------------------------------------------------


def _cross_file_problems(parts: list[Part]) -> list[tuple[int, int, int, str]]:
    """Problems of uniqueness and reference across the files: found on indexes, told by `validation`."""
    suspects, canonical = _suspects(parts)
    problems = _suspects_checked(parts, suspects) if suspects else []
    for n in suspects:  # what each name written in these files stands for now (kept in their cache entries)
        parts[n].names = {spelling: canonical.get(spelling, spelling) for spelling in parts[n].names}
    return problems


def _suspects(parts: list[Part]) -> tuple[set[int], dict[str, str]]:
    """Positions (in `parts`) of the files to check in full: those parsed in this run, and those where
    something defined twice, or used but not defined, or standing for another entity than when the file
    was checked, stands. And every name -> the canonical name it stands for."""
    from alliance_cli.factbase import validation

    sources: dict[str, list[int]] = {}
    facts: dict[str, list[int]] = {}
    entities: list[dict] = []
    owner: list[int] = []
    suspects = {n for n, part in enumerate(parts) if part.store is None}
    for n, part in enumerate(parts):
        defined_sources, defined_facts, defined_entities = _definitions(part)
        for source_id in defined_sources:
            sources.setdefault(source_id, []).append(n)
        for fact_id in defined_facts:
            facts.setdefault(fact_id, []).append(n)
        entities += defined_entities
        owner += [n] * len(defined_entities)
    name_problems: list = []
    names = validation._entity_names(list(enumerate(entities)), name_problems)
    canonical = {spelling: entities[i]["name"] for spelling, i in names.items() if type(entities[i].get("name")) is str}
    suspects |= {owner[p.path[1]] for p in name_problems} | {owner[p.first[1]] for p in name_problems if p.first}
    suspects |= {n for defined in (sources, facts) for where in defined.values() if len(where) > 1 for n in where}
    for n, part in enumerate(parts):
        store = part.store
        if n in suspects or store is None:
            continue
        used_sources = set(store.facet("sources")) | {t for s in store.sources for t in s.get("links_to") or ()}
        ids = store.ids
        if (not used_sources <= sources.keys()
                or any(canonical.get(spelling) != meant for spelling, meant in part.names.items())
                or any(other not in facts or other == ids[ordinal]
                       for ordinal, related in part.related.items() for other in related)):
            suspects.add(n)
    return suspects, canonical


def _definitions(part: Part) -> tuple[list[str], list[str], list[dict]]:
    """The source ids, fact ids and entities a file defines (as far as they are well formed)."""
    if part.store is not None:
        store = part.store
        return [s["id"] for s in store.sources], store.ids, store.entities
    content = part.content if isinstance(part.content, dict) else {}
    sources = [s["id"] for s in _records(content.get("sources")) if type(s.get("id")) is str]
    facts = [f["id"] for f in _records(content.get("facts")) if type(f.get("id")) is str]
    return sources, facts, _records(content.get("entities"))


def _records(items) -> list[dict]:
    return [item for item in items if type(item) is dict] if type(items) is list else []


def _suspects_checked(parts: list[Part], suspects: set[int]) -> list[tuple[int, int, int, str]]:
    """The single-file checks over the suspect files in full and the others' ids and entities.

    They also normalise, in place, what the suspect files hold (an actor by its canonical name).
    Most often nothing is wrong (`_clear` says so without visiting the others' facts); otherwise the
    suspects are read again as written and checked with every fact of the others in place, so that
    each message, and each suggestion in it, is the single file's.
    """
    from alliance_cli.factbase import validation

    if _clear(parts, suspects):
        return []
    for n in suspects:
        _reparse(parts[n])  # `_clear` normalised them in place: start again from what is written
    merged: dict[str, list] = {name: [] for name in LISTS}
    origins: dict[str, list[tuple[int, int]]] = {name: [] for name in LISTS}  # section -> (start, part)
    for n, part in enumerate(parts):
        if n in suspects and part.content is None:
            _reparse(part)  # a file read from the cache: its content as written
        if n in suspects:
            content = part.content if isinstance(part.content, dict) else {}
        else:
            assert part.store is not None  # noqa: S101 - a file without a store is a suspect
            content = _stub(part.store)
        for name in LISTS:
            items = content.get(name)
            origins[name].append((len(merged[name]), n))
            merged[name] += items if type(items) is list else []
    return [_locate(parts, origins, problem) for problem in validation.check_references(merged)]


def _clear(parts: list[Part], suspects: set[int]) -> bool:
    """Whether the suspect files pass the reference checks against what every file defines.

    The others' facts are given as a set of ids, not as 100,000 records to walk: the checks then
    visit only the suspects' facts. Every fact id defined twice is in a suspect file (`_suspects`),
    so no duplicate is missed; a suspect's id defined by another file is left to the full checks.
    """
    from alliance_cli.factbase import validation

    merged: dict[str, list] = {name: [] for name in LISTS}
    others: set[str] = set()
    for n, part in enumerate(parts):
        if n in suspects:
            if part.content is None:
                _reparse(part)  # a file read from the cache: its content as written
            content = part.content if isinstance(part.content, dict) else {}
            for name in LISTS:
                items = content.get(name)
                merged[name] += items if type(items) is list else []
            continue
        assert part.store is not None  # noqa: S101 - a file without a store is a suspect
        merged["sources"] += [{"id": s["id"]} for s in part.store.sources]
        merged["entities"] += part.store.entities
        others.update(part.store.ids)
    if any(type(fact) is dict and type(fact.get("id")) is str and fact["id"] in others for fact in merged["facts"]):
        return False
    return not validation.check_references(merged, frozenset(others))


def _reparse(part: Part) -> None:
    """A file's content and node tree as written, for the checks or for messages. The file may have failed
    its own checks (a fact without actors, a file holding a bare word): what is malformed names nothing."""
    from alliance_cli.factbase import strict_yaml, validation
    from alliance_cli.factbase.parsing import decode

    document = strict_yaml.load(decode(part.path, part.data))
    if document is None:
        part.content = {}
        return
    part.root, part.content = document.root, document.data
    validation.check_structure(part.content, FRAGMENT)  # normalises as the first time (a year becomes text)
    facts = _records(part.content.get("facts")) if isinstance(part.content, dict) else []
    written = {a for fact in facts if type(fact.get("actors")) is list for a in fact["actors"] if type(a) is str}
    written |= {fact["attributed_to"] for fact in facts if type(fact.get("attributed_to")) is str}
    part.names = dict.fromkeys(sorted(written - {ARTICLE}), "")


def _stub(store: Store) -> dict[str, list]:
    """What a file without problems contributes to the checks: the ids and entities it defines."""
    return {"sources": [{"id": s["id"]} for s in store.sources], "entities": store.entities,
            "facts": [{"id": i} for i in store.ids]}


def _locate(parts: list[Part], origins: dict[str, list[tuple[int, int]]], problem) -> tuple[int, int, int, str]:
    """(file position, line, column, `file:line:column: message`) for a problem found in the merged data."""
    from alliance_cli.factbase.parsing import location

    n, local = _local(origins, problem.path)
    part = parts[n]
    line, column = location(_root(part), local, problem.at_key)
    message = problem.message
    if problem.first is not None:
        m, first = _local(origins, problem.first)
        first_line = location(_root(parts[m]), first, False)[0]
        message += (f" (first given on line {first_line})" if m == n
                    else f" (first given in {parts[m].path} on line {first_line})")
    return n, line, column, f"{part.path}:{line}:{column}: {message}"


def _root(part: Part):
    """The file's node tree, parsed again if it was let go (its content, maybe normalised, is kept)."""
    if part.root is None:
        from alliance_cli.factbase import strict_yaml
        from alliance_cli.factbase.parsing import decode

        document = strict_yaml.load(decode(part.path, part.data))
        part.root = document.root if document is not None else None
    return part.root


def _local(origins: dict[str, list[tuple[int, int]]], path: tuple) -> tuple[int, tuple]:
    """The part a merged path falls in, and the path inside that part's file."""
    section, index, *rest = path
    starts = origins[section]
    slot = bisect.bisect_right([start for start, _ in starts], index) - 1
    start, n = starts[slot]
    return n, (section, index - start, *rest)


# --- the folder as one store ------------------------------------------------------------


def _merged_settings(parts: list[Part]) -> dict[str, Any]:
    """Top-level keys other than the lists, from whichever file gives each (`_settings_given_twice` checks)."""
    settings: dict[str, Any] = {}
    for part in parts:
        settings.update(part.settings)
    return settings


def _settings_given_twice(parts: list[Part]) -> list[tuple[int, int, int, str]]:
    """A top-level key other than the lists may sit in any one file; given in two, with different values,
    it is an error at the second (the same value twice is harmless)."""
    from alliance_cli.factbase.parsing import location

    first: dict[str, tuple[int, Any]] = {}
    problems = []
    for n, part in enumerate(parts):
        for key, value in part.settings.items():
            m, earlier = first.setdefault(key, (n, value))
            if m == n or earlier == value:
                continue
            line, column = location(_root(part), (key,), at_key=True)
            first_line = location(_root(parts[m]), (key,), at_key=True)[0]
            problems.append((n, line, column, f"{part.path}:{line}:{column}: '{key}' is also given in "
                                              f"{parts[m].path} on line {first_line}; give it in one file "
                                              "of the folder"))
    return problems
