"""What a write must never replace: the files a fact base reads.

`--output` and the browser's export write where the user says. Neither may replace the fact base
being read, a file of its folder (reached by any path: through a symbolic link, or inside a hidden
folder a member links into), a file the folder would read as one of its own, or a captured article
the fact base cites: each is refused before anything is written, with why.
"""
from __future__ import annotations

import os

from alliance_cli.errors import UsageProblem
from alliance_cli.factbase.store import Store


def refuse_replacing(base_path: str, store: Store | None, target: str, what: str = "--output") -> None:
    """A UsageProblem if writing `target` would replace or add to what the fact base at `base_path` reads."""
    from alliance_cli.factbase import directory

    real = os.path.realpath(target)
    if directory.is_folder(base_path):
        members = {os.path.realpath(os.path.join(base_path, name)) for name in directory.files_of(base_path)}
        if real in members or directory.reads(base_path, target):
            raise UsageProblem(f"{what} {target} is a file the fact base folder {base_path} reads, or would read; "
                               "choose a file outside it, or one not ending in .yaml")
    elif real == os.path.realpath(base_path):
        raise UsageProblem(f"{what} {target} is the fact base being read; choose another file")
    if store is not None:
        cited = _captures(base_path, store)
        if real in cited:
            raise UsageProblem(f"{what} {target} is the captured article of source '{cited[real]}', which the fact "
                               "base cites; choose another file")


def _captures(base_path: str, store: Store) -> dict[str, str]:
    """The real path of every capture file the fact base's own captures folders hold -> its source's id."""
    from alliance_cli.factbase.captures import Finder

    found: dict[str, str] = {}
    for place in Finder(store, base_path).places:
        if not place.shipped:
            for source in store.sources:
                found[os.path.realpath(os.path.join(place.folder, source["file"]))] = source["id"]
    return found
