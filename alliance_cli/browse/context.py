"""A fact's quotes in their captured articles, for the browser's `c` key.

The passages are the curation work's (`query.passages.contexts`: the sentences
around each quote, within its section, as `show --context` gives them), found as
every command finds captures (`factbase.captures.Finder`: the fact base's
`captures:` folder, else the captures shipped with alliance). Each quote is laid
out by `show --context`'s own view (`render.views.reading.one_context`): highlighted
in colour, or between « » without; this module adds the dialog's heading and says
why a capture cannot be shown.
"""
from __future__ import annotations

from typing import Any

from alliance_cli.environment import Environment
from alliance_cli.factbase.store import Store
from alliance_cli.render.terminal.console import safe

AROUND = 1  # sentences on either side, as `show --context` by default


def quotes_in_context(store: Store, fact_base: str, ordinal: int, env: Environment, around: int = AROUND) -> Any:
    """A rich `Group`: the fact, then each quote in the sentences around it, or why it cannot be shown."""
    from rich.console import Group

    from alliance_cli.factbase.captures import CaptureProblem, Finder
    from alliance_cli.query.passages import contexts
    from alliance_cli.render.view import View
    from alliance_cli.render.views.reading import one_context

    fact = store.fact(ordinal)
    parts: list[Any] = [safe(f"{fact['id']}: the quotes in their articles", style="bold"),
                        safe("Escape or c goes back", style="dim")]
    finder = Finder(store, fact_base)
    try:
        found = contexts(store, finder, ordinal, around)
    except CaptureProblem as problem:
        return Group(*parts, "", safe(" ".join(problem.lines), style="bold red"))
    for capture in finder.loaded():
        if capture.changed:
            parts += ["", safe(f"{capture.path} has changed since the fact base recorded its sha256: "
                               "'alliance verify' says where", style="bold red")]
    view = View(env)
    for item in found:
        parts += ["", *one_context(store, item, view)]
    return Group(*parts)
