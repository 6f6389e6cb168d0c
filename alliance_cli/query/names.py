"""Names the user types, resolved to what the fact base holds: fact ids, sources, entities, speakers.

One rule everywhere: a name matches regardless of case, accents, apostrophes and dashes
(`text.fold`), and a space matches a hyphen (`russia iran alliance` is `Russia-Iran alliance`).
An entity answers to its name, its `aliases` (other spellings of the same name) and its
`metonyms` (other names that stand for it: Tehran for Iran). A name that matches nothing is
a usage error with a did-you-mean, never an empty result.
"""
from __future__ import annotations

from typing import Any

from alliance_cli.errors import AllianceError, NotFound, UsageProblem
from alliance_cli.factbase.store import Store
from alliance_cli.factbase.vocabulary import ARTICLE
from alliance_cli.text import name_key


def spellings(entity: dict[str, Any], metonyms: bool = True) -> list[str]:
    """The entity's name and aliases (and metonyms, unless told not to), name first."""
    names = [entity["name"], *(entity.get("aliases") or [])]
    return names + list(entity.get("metonyms") or []) if metonyms else names


def entity_index(store: Store, metonyms: bool = True) -> dict[str, list[str]]:
    """name_key of every spelling -> the canonical names of the entities it spells (usually one)."""
    index: dict[str, list[str]] = {}
    for entity in store.entities:
        for spelling in spellings(entity, metonyms):
            owners = index.setdefault(name_key(spelling), [])
            if entity["name"] not in owners:
                owners.append(entity["name"])
    return index


def resolve_entity(store: Store, text: str, option: str = "--actor") -> str:
    """The canonical name of the entity `text` names, or a usage error."""
    return _resolve(text, entity_index(store), option, "entity", "'alliance actors' lists them")


def resolve_speaker(store: Store, text: str) -> str:
    """An entity's canonical name, or 'the article' for the articles' own claims."""
    index = entity_index(store)
    index.setdefault(name_key(ARTICLE), [ARTICLE])
    return _resolve(text, index, "--attributed-to", "speaker",
                    f"say '{ARTICLE}' for the articles' own claims; 'alliance actors' lists the others")


def resolve_source(store: Store, text: str, option: str = "--source") -> str:
    index = {name_key(s["id"]): [s["id"]] for s in store.sources}
    return _resolve(text, index, option, "source", "'alliance sources' lists them")


def resolve_fact_id(store: Store, text: str) -> int | None:
    """The ordinal of the fact whose id is `text`, ignoring case, accents and surrounding space."""
    ordinal = store.ordinal_of.get(text)
    if ordinal is not None:
        return ordinal
    wanted = name_key(text)
    return next((n for n, fact_id in enumerate(store.ids) if name_key(fact_id) == wanted), None)


def fact_ordinal(store: Store, text: str, error: type[AllianceError] = NotFound, label: str = "") -> int:
    """The ordinal of the fact `text` names (any case), or `error` (show: NotFound, exit 5; a FACT argument that
    a command edits: a UsageProblem) with a did-you-mean."""
    ordinal = resolve_fact_id(store, text)
    if ordinal is None:
        from alliance_cli.suggest import did_you_mean

        raise error(f"{label}no fact with id '{text}'{did_you_mean(text, store.ids)}; 'alliance facts' lists them")
    return ordinal


def _resolve(text: str, index: dict[str, list[str]], option: str, noun: str, hint: str) -> str:
    owners = index.get(name_key(text))
    if owners and len(owners) == 1:
        return owners[0]
    if owners:
        raise UsageProblem(f"{option}: '{text}' names {len(owners)} entities ({', '.join(owners)}); "
                           "give the full name")
    raise UsageProblem(f"{option}: no {noun} named '{text}'{suggestion(text, index)}; {hint}")


def suggestion(text: str, index: dict[str, list[str]]) -> str:
    """` (did you mean 'x'?)` for the closest spelling: the one entity whose spelling begins with `text` (of three
    letters or more), else the spelling `suggest` finds closest."""
    from alliance_cli.suggest import closest

    wanted = name_key(text)
    if not wanted:
        return ""
    starting = sorted({owner for key, owners in index.items() if key.startswith(wanted) for owner in owners})
    if len(starting) == 1 and len(wanted) >= 3:
        return f" (did you mean '{starting[0]}'?)"
    close = closest(wanted, index)
    if close is not None and len(index[close]) == 1:
        return f" (did you mean '{index[close][0]}'?)"
    return ""
