"""Names the user types, resolved to what the fact base holds: fact ids, sources, entities."""
from __future__ import annotations

from alliance_cli.factbase.store import Store


def resolve_fact_id(store: Store, text: str) -> int | None:
    """The ordinal of the fact whose id is `text`, ignoring case and surrounding space."""
    ordinal = store.ordinal_of.get(text)
    if ordinal is not None:
        return ordinal
    wanted = text.strip().casefold()
    return next((n for n, fact_id in enumerate(store.ids) if fact_id.casefold() == wanted), None)
