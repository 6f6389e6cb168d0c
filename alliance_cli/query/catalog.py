"""What there is to filter on (themes, sources, actors) and counts over the facts, as plain rows."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from alliance_cli.factbase.store import Store
from alliance_cli.factbase.vocabulary import (
    CREDIBILITY,
    CREDIBILITY_LABEL,
    RELIABILITY,
    RELIABILITY_LABEL,
    STANCES,
    THEMES,
)


@dataclass
class Listing:
    """Rows that are not facts, for every format: tables, CSV and Markdown show `columns`."""

    title: str
    columns: tuple[tuple[str, str], ...]  # (key, header)
    rows: list[dict[str, Any]]  # full objects, for JSON and YAML


def themes(store: Store) -> Listing:
    facet = store.facet("themes")
    rows = [{"theme": name, "definition": text, "facts": len(facet.get(name, ()))} for name, text in THEMES.items()]
    return Listing("Themes", (("theme", "theme"), ("facts", "facts"), ("definition", "definition")), rows)


def sources(store: Store) -> Listing:
    facet = store.facet("sources")
    rows = []
    for source in store.sources:
        grade = source["reliability"]
        rows.append({**source, "facts": len(facet.get(source["id"], ())),
                     "reliability_meaning": RELIABILITY_LABEL[grade], "capture": capture_note(source)})
    columns = (("id", "id"), ("title", "title"), ("site", "site"), ("author", "author"), ("kind", "kind"),
               ("published", "published"), ("capture", "capture"), ("facts", "facts"), ("reliability", "grade"),
               ("reliability_rationale", "why that grade"))
    return Listing("Sources", columns, rows)


def capture_note(source: dict) -> str:
    """Where and how the source was captured, from its optional metadata: url, accessed, language."""
    parts = []
    if source.get("url"):
        parts.append(source["url"])
    if source.get("accessed"):
        parts.append(f"captured {source['accessed']}")
    language = source.get("language")
    if source.get("translated") is True:
        original = source.get("original_language")
        parts.append(f"a translation{f' from {original}' if original else ''}{f' into {language}' if language else ''}")
    elif language:
        parts.append(f"in {language}" + (", not a translation" if source.get("translated") is False else ""))
    return "; ".join(parts)


def actors(store: Store) -> Listing:
    facet = store.facet("actors")
    speakers = store.column("attributed_to")
    rows = []
    for entity in store.entities:
        name = entity["name"]
        rows.append({**entity, "aliases": entity.get("aliases") or [], "metonyms": entity.get("metonyms") or [],
                     "facts": len(facet.get(name, ())), "speaks_in": sum(1 for s in speakers if s == name)})
    columns = (("name", "name"), ("kind", "kind"), ("aliases", "aliases"), ("metonyms", "stood for by"),
               ("facts", "facts about"), ("speaks_in", "claims made"), ("description", "description"))
    return Listing("Actors and other entities", columns, rows)


def counts(store: Store, ordinals: list[int] | None = None) -> dict[str, dict[str, int]]:
    """Facts per theme, source, stance, credibility grade and contested-ness, among `ordinals` (all by default)."""
    chosen = range(len(store)) if ordinals is None else ordinals
    members = set(chosen)

    def facet_counts(name: str, values) -> dict[str, int]:
        facet = store.facet(name)
        return {value: sum(1 for n in facet.get(value, ()) if n in members) for value in values}

    def column_counts(name: str, values) -> dict:
        column = store.column(name)
        picked = [column[n] for n in chosen]
        return {value: picked.count(value) for value in values}

    contested = column_counts("contested", (True, False))
    return {
        "theme": facet_counts("themes", THEMES),
        "source": facet_counts("sources", [s["id"] for s in store.sources]),
        "stance": column_counts("stance", STANCES),
        "credibility": {f"{grade} {CREDIBILITY_LABEL[grade]}": count
                        for grade, count in column_counts("credibility", CREDIBILITY).items()},
        "source reliability (sources, not facts)": {
            f"{g} {RELIABILITY_LABEL[g]}": sum(s["reliability"] == g for s in store.sources)
            for g in RELIABILITY},
        "contested": {"contested": contested[True], "uncontested": contested[False]},
    }


def counts_listing(store: Store, ordinals: list[int] | None = None) -> Listing:
    rows = [{"group": group, "value": value, "facts": count}
            for group, values in counts(store, ordinals).items() for value, count in values.items()]
    return Listing("Counts", (("group", "group"), ("value", "value"), ("facts", "facts")), rows)
