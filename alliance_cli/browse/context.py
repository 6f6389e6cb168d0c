"""A quote in the sentences around it in its captured article, for the browser's `c` key.

This is a stand-in, kept to one function, `quote_in_context`, until the curation
work (issue 13: a `captures:` key in the fact base, `show --context`) lands in
the query layer; the browser will then call that instead. Until then the captures
are looked for beside the fact base: in `sources/` next to the file, then in
`../shared/sources/` beside the checkout that holds it (where `verify` finds them
in development). Matching follows `verify`'s rule: NFC, and every run of white
space counts as one space.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+")


@dataclass(frozen=True)
class Passage:
    before: str
    quote: str
    after: str


@dataclass(frozen=True)
class Context:
    """The passage around a quote, or a problem in words (`passage` is None)."""

    passage: Passage | None
    problem: str = ""


def capture_folders(fact_base: str) -> list[Path]:
    here = Path(fact_base).resolve().parent
    return [here / "sources", here.parent / "shared" / "sources"]


def quote_in_context(fact_base: str, source: dict, quote: str, sentences: int = 1) -> Context:
    """`sentences` sentences either side of `quote` in the capture of `source`."""
    from alliance_cli.factbase.verify import normalise

    folders = capture_folders(fact_base)
    path = next((folder / source["file"] for folder in folders if (folder / source["file"]).is_file()), None)
    if path is None:
        looked = ", ".join(str(folder) for folder in folders)
        return Context(None, f"the capture {source['file']} of source {source['id']} was not found "
                             f"(looked in {looked}); put the captured texts in one of them")
    try:
        text = normalise(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return Context(None, f"{path}: cannot be read as UTF-8 text ({error})")
    wanted = normalise(quote)
    start = text.find(wanted)
    if start == -1:
        return Context(None, f"the quote is not in {path} verbatim ('alliance verify' says more)")
    end = start + len(wanted)
    bounds = [0] + [m.end() for m in SENTENCE_END.finditer(text)] + [len(text)]
    first = max((i for i, b in enumerate(bounds) if b <= start), default=0)
    last = min((i for i, b in enumerate(bounds) if b >= end), default=len(bounds) - 1)
    begin = bounds[max(first - sentences, 0)]
    finish = bounds[min(last + sentences, len(bounds) - 1)]
    return Context(Passage(text[begin:start], wanted, text[end:finish].rstrip()))
