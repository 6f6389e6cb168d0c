"""Check plain fact-base data against `schema` and across references.

Every problem is collected (not only the first) as a path into the data; the
loader turns paths into `file:line:column` with the YAML node tree, which is
only walked when something is wrong.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from alliance_cli.factbase import schema
from alliance_cli.factbase.schema import Boolean, Field, Integer, ListOf, Record, Text
from alliance_cli.factbase.vocabulary import ARTICLE
from alliance_cli.suggest import Index, did_you_mean

Path = tuple  # keys and list indexes from the top of the file



@dataclass(frozen=True)
class Problem:
    path: Path
    message: str
    at_key: bool = False  # point at the key itself (unknown key) rather than its value
    first: Path | None = None  # where the duplicated thing was first given


class Kept(list):
    """The problems found, keeping at most `limit` of them and counting the rest (`dropped`): a query shows
    20 problems, and 1.5 MB of `- {}` holds three million, which kept whole took 1.4 GB."""

    def __init__(self, limit: int | None = None) -> None:
        super().__init__()
        self.limit = limit
        self.dropped = 0

    def append(self, problem: Problem) -> None:
        if self.limit is None or len(self) < self.limit:
            super().append(problem)
        else:
            self.dropped += 1


def check(data: Any, keep: int | None = None) -> Kept:
    """Every problem with `data` (or the first `keep` found, and a count of the rest): its structure, then its
    cross-references. Normalises in place.

    A plain year where a date is expected becomes that text (`date: 2001` is "2001"):
    the strict YAML reader only makes integers of canonically written numbers, so
    this gives back exactly what the author wrote. An entity named in `actors` or
    `attributed_to` by an alias or metonym becomes its canonical name, so that every
    query, count and export sees one name per entity.
    """
    problems = Kept(keep)
    if not isinstance(data, dict):
        problems.append(Problem((), f"the top level must be a mapping with 'sources' and 'facts', not {_kind(data)}"))
        return problems
    _check_record(schema.FACT_BASE, data, (), problems)
    _check_references(data, problems)
    return problems


def check_structure(data: Any, record: Record = schema.FACT_BASE) -> list[Problem]:
    """The problems that JSON Schema can also see: types, required and unknown keys, patterns, choices.

    `record` is the top level: a whole fact base, or one file of a fact base folder (nothing required).
    """
    if not isinstance(data, dict):
        return [Problem((), f"the top level must be a mapping with 'sources' and 'facts', not {_kind(data)}")]
    problems: list[Problem] = []
    _check_record(record, data, (), problems)
    return problems


def check_references(data: dict, other_facts: frozenset[str] = frozenset()) -> list[Problem]:
    """The cross-references alone (ids unique, every id and name used is defined), for data already
    checked file by file (a fact base folder). `other_facts`: ids of facts defined elsewhere, known to
    `related` (whether there are problems is then exact; their suggestions may not be)."""
    problems: list[Problem] = []
    _check_references(data, problems, other_facts)
    return problems


# --- structure -------------------------------------------------------------

def _check_record(record: Record, value: Any, path: Path, problems: list[Problem]) -> None:
    fields = _fields_of(record)
    for key, item in value.items():
        spec = fields.get(key)
        if spec is None:
            problems.append(Problem(path + (key,), _unknown_key(record, key), at_key=True))
        else:
            _check_value(spec, item, value, key, path + (key,), problems)
    for spec in record.fields:
        if spec.required and spec.name not in value:
            problems.append(Problem(path, f"{_name(record, value)} is missing the required field '{spec.name}'"))


def _check_value(spec: Field, item: Any, container: Any, slot: Any, path: Path, problems: list[Problem]) -> None:
    kind = spec.kind
    label = f"'{spec.name}'" if isinstance(slot, str) else f"item {slot + 1} of '{spec.name}'"
    if isinstance(kind, Text):
        if type(item) is int and kind.year_ok:
            item = container[slot] = str(item)
        elif type(item) is int:
            problems.append(Problem(path, f"{label} must be text, not the number {item}; write it in quotes: '{item}'"))
            return
        elif not isinstance(item, str):
            problems.append(Problem(path, f"{label} must be text, not {_kind(item)}"))
            return
        reason = kind.problem(item)
        if reason:
            problems.append(Problem(path, _text_problem(label, kind, item, reason)))
    elif isinstance(kind, Integer):
        if type(item) is not int or not kind.minimum <= item <= kind.maximum:
            problems.append(Problem(path, _integer_problem(label, kind, item)))
    elif isinstance(kind, Boolean):
        if item in ("true", "false"):
            container[slot] = item == "true"
        elif type(item) is not bool:
            problems.append(Problem(path, f"{label} must be true or false, not {_kind(item)}"))
    elif isinstance(kind, ListOf):
        _check_list(spec, kind, item, path, problems)
    elif type(item) is dict:
        _check_record(kind, item, path, problems)
    else:
        problems.append(Problem(path, f"{label} must be a mapping of {kind.name} fields, not {_kind(item)}"))


def _check_list(spec: Field, kind: ListOf, items: Any, path: Path, problems: list[Problem]) -> None:
    if not isinstance(items, list):
        problems.append(Problem(path, f"'{spec.name}' must be a list of {_plural(kind.item)}, not {_kind(items)}"))
        return
    if len(items) < kind.min_items:
        wanted = "must not be empty" if kind.min_items == 1 else f"must hold at least {kind.min_items} {_plural(kind.item)}"
        problems.append(Problem(path, f"'{spec.name}' {wanted}"))
    item_spec = Field(spec.name, kind.item)
    for index, item in enumerate(items):
        _check_value(item_spec, item, items, index, path + (index,), problems)
    if kind.unique:
        seen: dict = {}
        for index, item in enumerate(items):
            if isinstance(item, str) and item in seen:
                problems.append(Problem(path + (index,), f"'{spec.name}' lists '{item}' twice"))
            if isinstance(item, str):
                seen.setdefault(item, index)


def _text_problem(label: str, kind: Text, value: str, reason: str) -> str:
    if reason == "blank":
        return f"{label} must not be blank"
    if reason == "pattern":
        return f"{label} must be {kind.hint or f'in the form {kind.pattern}'}, not '{value}'"
    if kind is schema.THEME:
        return f"unknown theme '{value}'{did_you_mean(value, schema.THEMES)}; the themes are {', '.join(schema.THEMES)}"
    choices = kind.choices or ()
    return f"{label} must be one of {', '.join(choices)}, not '{value}'{did_you_mean(value, choices)}"


def _integer_problem(label: str, kind: Integer, value: Any) -> str:
    wanted = f"{label} must be a whole number from {kind.minimum} to {kind.maximum}"
    if isinstance(value, str) and value.strip().isdigit():
        return f"{wanted}, not the text '{value}'; write it without quotes"
    return f"{wanted}, not {repr(value) if isinstance(value, (int, str)) else _kind(value)}"


# --- references ------------------------------------------------------------

def _check_references(data: dict, problems: list[Problem], other_facts: frozenset[str] = frozenset()) -> None:
    """Cross-checks over whatever parts are well formed; structural problems are reported elsewhere."""
    sources = _unique_ids(_records(data.get("sources")), "sources", "source id", problems)
    facts = _unique_ids(_records(data.get("facts")), "facts", "fact id", problems)
    if other_facts:
        known = _Known.fromkeys(other_facts, -1)
        known.update(facts)
        facts = known
    entities = dict(_records(data.get("entities")))
    names = _entity_names(list(entities.items()), problems)
    for index, source in _records(data.get("sources")):
        for n, target in _texts(source.get("links_to")):
            _expect(target, sources, ("sources", index, "links_to", n), "source", problems)
        _check_capture(source, ("sources", index), problems)
    canonical = {spelling: entities[n]["name"] for spelling, n in names.items()
                 if type(entities[n].get("name")) is str}
    for index, fact in _records(data.get("facts")):
        where = ("facts", index)
        _check_date(fact.get("date"), where + ("date",), problems)
        for n, evidence in _records(fact.get("evidence")):
            _expect_text(evidence.get("source"), sources, where + ("evidence", n, "source"), "source", problems)
        for d, disagreement in _records(fact.get("disagreements")):
            for n, account in _records(disagreement.get("accounts")):
                _expect_text(account.get("source"), sources,
                             where + ("disagreements", d, "accounts", n, "source"), "source", problems)
        for n, actor in _texts(fact.get("actors")):
            _expect(actor, names, where + ("actors", n), "entity", problems)
        speaker = fact.get("attributed_to")
        if speaker != ARTICLE:
            _expect_text(speaker, names, where + ("attributed_to",), "entity", problems,
                         extra=f"; use '{ARTICLE}' when the article itself makes the claim")
        for n, other in _texts(fact.get("related")):
            if other == fact.get("id"):
                problems.append(Problem(where + ("related", n), f"fact '{other}' lists itself as related"))
            else:
                _expect(other, facts, where + ("related", n), "fact", problems)
        _canonicalise(fact, canonical)


def _canonicalise(fact: dict, canonical: dict[str, str]) -> None:
    """Actors and speaker by their canonical names; an entity named twice (by two spellings) is kept once."""
    actors = fact.get("actors")
    if type(actors) is list and all(type(a) is str for a in actors):
        renamed = [canonical.get(a, a) for a in actors]
        if renamed != actors:
            fact["actors"] = list(dict.fromkeys(renamed))
    speaker = fact.get("attributed_to")
    if type(speaker) is str and speaker in canonical:
        fact["attributed_to"] = canonical[speaker]


def _check_date(value: Any, path: Path, problems: list[Problem]) -> None:
    """A date of the right form must also be on the calendar: no 2001-02-31."""
    import datetime

    if type(value) is not str or value.count("-") != 2 or not schema.compiled(schema.DATE_PATTERN).search(value):
        return
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        problems.append(Problem(path, f"'date' must be a real calendar date, not '{value}'"))


def _check_capture(source: dict, where: Path, problems: list[Problem]) -> None:
    """A source's metadata must agree with itself: an original language only for a translation, and a
    capture taken no earlier than the publication (partial dates cover their whole span)."""
    if type(source.get("original_language")) is str and source.get("translated") is not True:
        problems.append(Problem(where + ("original_language",),
                                "'original_language' is given but 'translated' is not true; "
                                "set 'translated: true' or leave 'original_language' out"))
    published, accessed = source.get("published"), source.get("accessed")
    if type(published) is str and type(accessed) is str and (
            schema.compiled(schema.REAL_DATE.pattern or "").search(published)
            and schema.compiled(schema.REAL_DATE.pattern or "").search(accessed)
            and published[:len(accessed)] > accessed[:len(published)]):
        problems.append(Problem(where + ("accessed",),
                                f"'accessed' ({accessed}) is before 'published' ({published})"))


def _records(items) -> list[tuple[int, dict]]:
    return [(n, item) for n, item in enumerate(items) if type(item) is dict] if type(items) is list else []


def _texts(items) -> list[tuple[int, str]]:
    return [(n, item) for n, item in enumerate(items) if type(item) is str] if type(items) is list else []


def _expect_text(value, known: dict, path: Path, noun: str, problems: list[Problem], extra: str = "") -> None:
    if type(value) is str:
        _expect(value, known, path, noun, problems, extra)


class _Known(dict):
    """Ids or names defined in the fact base; a mistyped one is suggested from an index built once,
    on the first miss, so that N unknown references cost N lookups, not N scans of every id."""

    _index: Index | None = None

    def did_you_mean(self, value: str) -> str:
        if self._index is None:
            self._index = Index(self)
        return self._index.did_you_mean(value)


def _unique_ids(items: list[tuple[int, dict]], section: str, noun: str, problems: list[Problem]) -> dict[str, int]:
    first: dict[str, int] = _Known()
    for index, item in items:
        value = item.get("id")
        if type(value) is not str:
            continue
        if value in first:
            problems.append(Problem((section, index, "id"), f"duplicate {noun} '{value}'",
                                    first=(section, first[value], "id")))
        else:
            first[value] = index
    return first


def _entity_names(entities: list[tuple[int, dict]], problems: list[Problem]) -> dict[str, int]:
    """Every name, alias and metonym -> its entity. Two entities may not share one, even one that differs only
    in case, accents or hyphens: the command line could not tell which of them `--actor` means."""
    from alliance_cli.text import name_key

    names: dict[str, int] = _Known()
    keys: dict[str, tuple[int, str]] = {}
    for index, entity in entities:
        spellings: list[tuple[Path, Any]] = [(("name",), entity.get("name"))]
        spellings += [((kind, n), a) for kind in ("aliases", "metonyms") for n, a in _texts(entity.get(kind))]
        for slot, spelling in spellings:
            if type(spelling) is not str:
                continue
            path = ("entities", index) + slot
            other, written = keys.get(name_key(spelling), (index, spelling))
            if other != index and written == spelling:
                problems.append(Problem(path, f"the name '{spelling}' is given to two entities",
                                        first=("entities", other, "name")))
            elif other != index:
                problems.append(Problem(path, f"the name '{spelling}' reads as '{written}', a name of another "
                                        "entity (case, accents and hyphens aside)", first=("entities", other, "name")))
            names.setdefault(spelling, index)
            keys.setdefault(name_key(spelling), (index, spelling))
    return names


def _expect(value: str, known: dict, path: Path, noun: str, problems: list[Problem], extra: str = "") -> None:
    if value not in known:
        suggestion = known.did_you_mean(value) if isinstance(known, _Known) else did_you_mean(value, known)
        problems.append(Problem(path, f"unknown {noun} '{value}'{suggestion}{extra}"))


# --- wording ---------------------------------------------------------------

def _unknown_key(record: Record, key: Any) -> str:
    allowed = [f.name for f in record.fields]
    return f"unknown key '{key}' in {_article(record.name)}{did_you_mean(str(key), allowed)}; allowed: {', '.join(allowed)}"


def _name(record: Record, value: dict) -> str:
    ident = value.get("id") or value.get("name")
    return f"{record.name} '{ident}'" if isinstance(ident, str) else f"this {record.name}"


def _article(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _plural(kind: Any) -> str:
    if kind is schema.THEME:
        return "theme names"
    if isinstance(kind, Record):
        return f"{kind.name} entries"
    if isinstance(kind, Text) and kind.pattern == schema.ID_PATTERN:
        return "ids"
    return "texts"


def _kind(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text '{value}'"


_FIELDS_CACHE: dict[int, dict[str, Field]] = {}


def _fields_of(record: Record) -> dict[str, Field]:
    fields = _FIELDS_CACHE.get(id(record))
    if fields is None:
        fields = _FIELDS_CACHE[id(record)] = record.by_name
    return fields
