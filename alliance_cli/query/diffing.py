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
    changes.removed, changes.added, changes.changed = _by_id(old_facts, new_facts, FACT_FIELDS)
    changes.sources_removed, changes.sources_added, changes.sources_changed = _by_id(
        {s["id"]: s for s in old.sources}, {s["id"]: s for s in new.sources}, SOURCE_FIELDS)
    return changes


def _by_id(old: dict[str, Any], new: dict[str, Any], fields: tuple[str, ...]) -> tuple[list[Any], list[Any], list[Changed]]:
    """What went, what came, and what changed (field by field) between two records keyed by id."""
    removed = [record for record_id, record in old.items() if record_id not in new]
    added = [record for record_id, record in new.items() if record_id not in old]
    changed = []
    for record_id, record in new.items():
        differing = _fields(old[record_id], record, fields) if record_id in old else None
        if differing:
            changed.append(Changed(record_id, differing))
    return removed, added, changed


def _fields(old: dict[str, Any], new: dict[str, Any], names: tuple[str, ...]) -> list[FieldChange]:
    known = names + tuple(k for k in {**old, **new} if k not in names)  # fields a newer format may add
    return [FieldChange(name, old.get(name), new.get(name)) for name in known if old.get(name) != new.get(name)]
