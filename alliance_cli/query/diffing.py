"""What changed between two fact bases: facts by id (added, removed, each changed field), and sources by id."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from alliance_cli.factbase.schema import FACT_FIELDS, SOURCE
from alliance_cli.factbase.store import Fact, Store

SOURCE_FIELDS = tuple(f.name for f in SOURCE.fields)


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: Any  # None when the field was absent
    new: Any

    @property
    def removed_items(self) -> list[Any]:
        """For list fields: the items no longer there."""
        return _missing(self.old, self.new)

    @property
    def added_items(self) -> list[Any]:
        return _missing(self.new, self.old)


def _missing(items: Any, others: Any) -> list[Any]:
    if not isinstance(items, list):
        return []
    others = others if isinstance(others, list) else []
    return [item for item in items if item not in others]


@dataclass(frozen=True)
class Changed:
    id: str
    fields: list[FieldChange]


@dataclass
class Changes:
    """Facts and sources added, removed and changed, each in the order of the file they are in."""

    added: list[Fact] = field(default_factory=list)
    removed: list[Fact] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    sources_added: list[dict[str, Any]] = field(default_factory=list)
    sources_removed: list[dict[str, Any]] = field(default_factory=list)
    sources_changed: list[Changed] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any((self.added, self.removed, self.changed, self.sources_added, self.sources_removed,
                    self.sources_changed))


def compare(old: Store, new: Store) -> Changes:
    changes = Changes()
    old_facts = {old.ids[n]: old.fact(n) for n in range(len(old))}
    new_facts = {new.ids[n]: new.fact(n) for n in range(len(new))}
    changes.removed = [fact for fact_id, fact in old_facts.items() if fact_id not in new_facts]
    for fact_id, fact in new_facts.items():
        if fact_id not in old_facts:
            changes.added.append(fact)
        else:
            differing = _fields(old_facts[fact_id], fact, FACT_FIELDS)
            if differing:
                changes.changed.append(Changed(fact_id, differing))
    old_sources = {s["id"]: s for s in old.sources}
    new_sources = {s["id"]: s for s in new.sources}
    changes.sources_removed = [s for source_id, s in old_sources.items() if source_id not in new_sources]
    for source_id, source in new_sources.items():
        if source_id not in old_sources:
            changes.sources_added.append(source)
        else:
            differing = _fields(old_sources[source_id], source, SOURCE_FIELDS)
            if differing:
                changes.sources_changed.append(Changed(source_id, differing))
    return changes


def _fields(old: dict[str, Any], new: dict[str, Any], names: tuple[str, ...]) -> list[FieldChange]:
    known = names + tuple(k for k in {**old, **new} if k not in names)  # fields a newer format may add
    return [FieldChange(name, old.get(name), new.get(name)) for name in known if old.get(name) != new.get(name)]
