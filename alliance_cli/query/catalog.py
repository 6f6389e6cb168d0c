"""What there is to filter on (themes, sources, actors) and counts over the facts, as plain rows."""
from __future__ import annotations

from alliance_cli.factbase.store import Store
from alliance_cli.render.rows import Listing
from alliance_cli.factbase.vocabulary import CREDIBILITY, RELIABILITY, STANCES, THEMES


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
                     "reliability_meaning": RELIABILITY[grade].split(":")[0]})
    columns = (("id", "id"), ("title", "title"), ("site", "site"), ("author", "author"), ("facts", "facts"),
               ("reliability", "grade"), ("reliability_rationale", "why that grade"))
    return Listing("Sources", columns, rows)


def actors(store: Store) -> Listing:
    facet = store.facet("actors")
    speakers = store.column("attributed_to")
    rows = []
    for entity in store.entities:
        name = entity["name"]
        rows.append({**entity, "aliases": entity.get("aliases") or [], "facts": len(facet.get(name, ())),
                     "speaks_in": sum(1 for s in speakers if s == name)})
    columns = (("name", "name"), ("kind", "kind"), ("aliases", "aliases"), ("facts", "facts about"),
               ("speaks_in", "claims made"), ("description", "description"))
    return Listing("Actors and other entities", columns, rows)


def counts(store: Store) -> dict[str, dict[str, int]]:
    """Facts per theme, source, stance, credibility grade and contested-ness."""
    by_theme = {name: len(store.facet("themes").get(name, ())) for name in THEMES}
    by_source = {s["id"]: len(store.facet("sources").get(s["id"], ())) for s in store.sources}
    stances = store.column("stance")
    credibility = store.column("credibility")
    contested = store.column("contested")
    return {
        "theme": by_theme,
        "source": by_source,
        "stance": {name: stances.count(name) for name in STANCES},
        "credibility": {f"{grade} {CREDIBILITY[grade].split(':')[0]}": credibility.count(grade)
                        for grade in CREDIBILITY},
        "source reliability (sources, not facts)": {f"{g} {RELIABILITY[g].split(':')[0]}": sum(s['reliability'] == g for s in store.sources)
                                   for g in RELIABILITY},
        "contested": {"contested": contested.count(True), "uncontested": contested.count(False)},
    }


def counts_listing(store: Store) -> Listing:
    rows = [{"group": group, "value": value, "facts": count}
            for group, values in counts(store).items() for value, count in values.items()]
    return Listing("Counts", (("group", "group"), ("value", "value"), ("facts", "facts")), rows)
