"""A fact base folder parsed, checked and put together, file by file (see `directory`).

Imported only when the folder's cache entry is missing or stale: a repeat query never pays for it.
"""
from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from alliance_cli.errors import FactBaseError
from alliance_cli.factbase.schema import FACT_BASE, ListOf, Record
from alliance_cli.factbase.store import FactBase, Lookups, Store
from alliance_cli.factbase.vocabulary import ARTICLE

# One file of a folder: the fields of a fact base, none of them required.
FRAGMENT = Record("fact base file", tuple(replace(f, required=False) for f in FACT_BASE.fields))
LISTS = tuple(f.name for f in FACT_BASE.fields if isinstance(f.kind, ListOf))  # merged by concatenation


@dataclass
class Part:
    """One file of the folder."""

    path: str  # as messages show it: the folder joined with the relative path
    data: bytes
    digest: str
    store: Store | None = None  # None while the file has problems of its own
    root: Any = None  # its YAML node tree, when parsed in this run
    content: dict | None = None  # its plain data, when parsed in this run
    problems: list[tuple[int, int, str]] = field(default_factory=list)  # (line, column, message line)
    related: dict[int, list[str]] = field(default_factory=dict)  # ordinal -> related ids
    settings: dict[str, Any] = field(default_factory=dict)  # top-level keys other than the lists


def assemble(folder: str, files: list[tuple[str, bytes, str]], whole_key: str, variables: Mapping[str, str],
             use_cache: bool, progress=None) -> Store:
    """The folder's files (path, bytes, SHA-256) as one validated store, cached whole under `whole_key`."""
    from alliance_cli.factbase import cache
    from alliance_cli.factbase.loading import progress_reporter

    parts = [Part(path, data, digest) for path, data, digest in files]
    with progress_reporter(progress, folder, sum(len(p.data) for p in parts)):
        for part in parts:
            cached_part = cache.read(variables, _part_key(part)) if use_cache else None
            if cached_part is not None:
                part.store = cached_part
                part.related = {int(k): v for k, v in cached_part.extras.get("related", {}).items()}
                part.settings = cached_part.extras.get("settings", {})
                continue
            _parse(part)
            if part.store is not None and use_cache:
                cache.write(variables, _part_key(part), part.store, extras={
                    "related": {str(k): v for k, v in part.related.items()}, "settings": part.settings})
                # From now on the file's facts are the entry's bytes: the parsed data is freed (a
                # folder of 100,000 facts is never all in memory as objects), and the folder's own
                # entry copies those bytes instead of encoding every fact to JSON again.
                part.store = cache.read(variables, _part_key(part)) or part.store
    own = [(n, line, column, text) for n, part in enumerate(parts) for line, column, text in part.problems]
    own += _settings_given_twice(parts)
    # A file that is not YAML at all defines nothing anyone can see: checking the others' references
    # would only report as unknown what that file may well define.
    unreadable = any(part.store is None and part.content is None for part in parts)
    across = [] if unreadable else _cross_file_problems(parts)
    if own or across:
        raise FactBaseError(*(text for *_, text in sorted(own + across)))
    combined = Combined([part.store for part in parts if part.store is not None], _merged_settings(parts))
    if use_cache:
        cache.write(variables, whole_key, combined, extras={"settings": combined.settings})
    return combined


def _part_key(part: Part) -> str:
    return f"part:{part.digest}"


def _parse(part: Part) -> None:
    """Parse and check one file on its own; its problems are kept, located, on the part."""
    from alliance_cli.factbase import loading, strict_yaml, validation

    try:
        text = loading.decode(part.path, part.data)
        document = strict_yaml.load(text)
    except strict_yaml.YamlProblem as problem:
        part.problems = [(problem.line, problem.column, f"{part.path}:{problem.line}:{problem.column}: "
                                                        f"{problem.message}")]
        return
    except FactBaseError as error:
        part.problems = [(1, 1, line) for line in error.lines]
        return
    if document is None:
        return _empty(part)
    part.root, part.content = document.root, document.data
    problems = validation.check_structure(part.content, FRAGMENT)
    if problems:
        part.problems = loading.located(part.path, part.root, problems)
        return
    content = part.content
    part.store = FactBase({"sources": [], "facts": [], **{k: v for k, v in content.items() if k in LISTS}})
    part.related = {n: list(fact["related"]) for n, fact in enumerate(content.get("facts") or [])
                    if fact.get("related")}
    part.settings = {k: v for k, v in content.items() if k not in LISTS}
    part.root = part.content = None  # parsed again only if a problem across files needs its lines


def _empty(part: Part) -> None:
    """An empty file (or one of comments only) adds nothing: a new file being written is no error."""
    part.store = FactBase({"sources": [], "facts": []})
    part.content = {}


# --- the checks that span files ---------------------------------------------------------


def _cross_file_problems(parts: list[Part]) -> list[tuple[int, int, int, str]]:
    """Problems of uniqueness and reference across the files: found on indexes, told by `validation`."""
    suspects = _suspects(parts)
    return _told(parts, suspects) if suspects else []


def _suspects(parts: list[Part]) -> set[int]:
    """Positions (in `parts`) of the files where something defined twice, or used but not defined, stands;
    and of the files with problems of their own, whose references are checked in full with the rest."""
    sources: dict[str, list[int]] = {}
    facts: dict[str, list[int]] = {}
    names: dict[str, list[int]] = {}
    for n, part in enumerate(parts):
        defined_sources, defined_facts, spellings = _definitions(part)
        for source_id in defined_sources:
            sources.setdefault(source_id, []).append(n)
        for fact_id in defined_facts:
            facts.setdefault(fact_id, []).append(n)
        for spelling in spellings:
            names.setdefault(spelling, []).append(n)
    suspects = {n for defined in (sources, facts, names) for where in defined.values() if len(where) > 1
                for n in where}
    for n, part in enumerate(parts):
        store = part.store
        if store is None:
            suspects.add(n)
            continue
        used_sources = set(store.facet("sources")) | {t for s in store.sources for t in s.get("links_to") or ()}
        used_names = set(store.facet("actors")) | (set(store.column("attributed_to")) - {ARTICLE})
        ids = store.ids
        bad_related = any(other not in facts or other == ids[ordinal]
                          for ordinal, related in part.related.items() for other in related)
        if bad_related or not used_sources <= sources.keys() or not used_names <= names.keys():
            suspects.add(n)
    return suspects


def _definitions(part: Part) -> tuple[list[str], list[str], list[str]]:
    """The source ids, fact ids and entity spellings a file defines (as far as they are well formed)."""
    if part.store is not None:
        store = part.store
        sources, facts, entities = [s["id"] for s in store.sources], store.ids, store.entities
    else:
        content = part.content if isinstance(part.content, dict) else {}
        sources = [s["id"] for s in _records(content.get("sources")) if type(s.get("id")) is str]
        facts = [f["id"] for f in _records(content.get("facts")) if type(f.get("id")) is str]
        entities = _records(content.get("entities"))
    spellings: list[str] = []
    for entity in entities:
        aliases = entity.get("aliases")
        written = [entity.get("name"), *(aliases if type(aliases) is list else ())]
        spellings += dict.fromkeys(s for s in written if type(s) is str)
    return sources, facts, spellings


def _records(items) -> list[dict]:
    return [item for item in items if type(item) is dict] if type(items) is list else []


def _told(parts: list[Part], suspects: set[int]) -> list[tuple[int, int, int, str]]:
    """The single-file reference checks, over the suspect files in full and the others' ids and names."""
    from alliance_cli.factbase import validation

    merged: dict[str, list] = {name: [] for name in LISTS}
    origins: dict[str, list[tuple[int, int]]] = {name: [] for name in LISTS}  # section -> (start, part)
    for n, part in enumerate(parts):
        if n in suspects and part.content is None and part.store is not None:
            _reparse(part)  # a cached file: its content and node tree, for the messages
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


def _reparse(part: Part) -> None:
    """A cached file's content and node tree, for messages: parsed again (it was valid on its own)."""
    from alliance_cli.factbase import strict_yaml, validation
    from alliance_cli.factbase.loading import decode

    document = strict_yaml.load(decode(part.path, part.data))
    if document is None:
        part.content = {}
        return
    part.root, part.content = document.root, document.data
    validation.check_structure(part.content, FRAGMENT)  # normalises as the first time (a year becomes text)


def _stub(store: Store) -> dict[str, list]:
    """What a file without problems contributes to the checks: the ids and names it defines."""
    return {"sources": [{"id": s["id"]} for s in store.sources], "entities": store.entities,
            "facts": [{"id": i} for i in store.ids]}


def _locate(parts: list[Part], origins: dict[str, list[tuple[int, int]]], problem) -> tuple[int, int, int, str]:
    """(file position, line, column, `file:line:column: message`) for a problem found in the merged data."""
    from alliance_cli.factbase.loading import location

    n, local = _local(origins, problem.path)
    part = parts[n]
    line, column = location(part.root, local, problem.at_key)
    message = problem.message
    if problem.first is not None:
        m, first = _local(origins, problem.first)
        if parts[m].root is None:
            _reparse(parts[m])
        first_line = location(parts[m].root, first, False)[0]
        message += (f" (first given on line {first_line})" if m == n
                    else f" (first given in {parts[m].path} on line {first_line})")
    return n, line, column, f"{part.path}:{line}:{column}: {message}"


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
    from alliance_cli.factbase.loading import location

    first: dict[str, tuple[int, Any]] = {}
    problems = []
    for n, part in enumerate(parts):
        for key, value in part.settings.items():
            if key not in first:
                first[key] = (n, value)
                continue
            m, earlier = first[key]
            if earlier == value:
                continue
            for p in (part, parts[m]):
                if p.root is None and p.store is not None:
                    _reparse(p)
            line, column = location(part.root, (key,), at_key=True)
            first_line = location(parts[m].root, (key,), at_key=True)[0]
            problems.append((n, line, column, f"{part.path}:{line}:{column}: '{key}' is also given in "
                                              f"{parts[m].path} on line {first_line}; give it in one file "
                                              "of the folder"))
    return problems


class Combined(Lookups):
    """The files' stores, end to end: ordinals run through the files in order."""

    def __init__(self, parts: list[Store], settings: dict[str, Any] | None = None) -> None:
        self.parts = parts
        self.settings = settings or {}
        self.starts = [0]
        for part in parts:
            self.starts.append(self.starts[-1] + len(part))
        self.sources = [s for part in parts for s in part.sources]
        self.entities = [e for part in parts for e in part.entities]
        self.ids = [i for part in parts for i in part.ids]
        self._columns: dict[str, list[Any]] = {}
        self._facets: dict[str, dict[str, list[int]]] = {}

    def __len__(self) -> int:
        return self.starts[-1]

    def __getattr__(self, name: str) -> Any:
        """What a store derives from a top-level key other than the lists (say `captures:`), derived by
        FactBase from the keys the files give, so that a new key needs no code here."""
        if name.startswith("_") or name in ("facts", "settings", "parts", "starts", "chunks"):
            raise AttributeError(name)
        derived = FactBase({"sources": [], "facts": [], **self.settings})
        return getattr(derived, name)

    def column(self, name: str) -> list[Any]:
        if name not in self._columns:
            self._columns[name] = [value for part in self.parts for value in part.column(name)]
        return self._columns[name]

    def facet(self, name: str) -> dict[str, list[int]]:
        if name not in self._facets:
            merged: dict[str, list[int]] = {}
            for start, part in zip(self.starts, self.parts, strict=False):
                for value, ordinals in part.facet(name).items():
                    merged.setdefault(value, []).extend(start + o for o in ordinals)
            self._facets[name] = merged
        return self._facets[name]

    def _part(self, ordinal: int) -> tuple[Store, int]:
        n = bisect.bisect_right(self.starts, ordinal) - 1
        return self.parts[n], ordinal - self.starts[n]

    def fact(self, ordinal: int) -> dict[str, Any]:
        part, local = self._part(ordinal)
        return part.fact(local)

    def fact_json(self, ordinal: int) -> bytes:
        part, local = self._part(ordinal)
        return part.fact_json(local)

    def chunks(self) -> list:
        """Each file's records as bytes, end to end: the folder's cache entry copies them (`cache.record_chunks`)."""
        from alliance_cli.factbase.cache import record_chunks

        chunks = []
        for part in self.parts:
            offsets, bodies = record_chunks(part)
            chunks.append((offsets, bodies[0] if len(bodies) == 1 else b"".join(bodies)))
        return chunks
