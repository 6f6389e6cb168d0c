"""`--format annotations`: the evidence as a W3C Web Annotation collection (JSON-LD), one annotation per quote.

Each annotation's target is its source: the source's `url` when the fact base records
one, else `urn:hash::sha256:<hex>` made from the capture's recorded sha256 (the form of
the IETF draft "hash" URN namespace). It carries a TextQuoteSelector (exact, prefix,
suffix) and a TextPositionSelector (start, end) into the capture. Positions count
Unicode code points of the capture as decoded from UTF-8, unchanged; `exact` is the
capture's own text there, so it may hold the line break that the quote, under verify's
rule, writes as one space. A quote not found in its capture, or a capture that is not
the one the fact base records, is an error: positions into another text would mislead.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from alliance_cli.errors import VerificationFailed
from alliance_cli.factbase.store import Store
from alliance_cli.render.view import View

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AFFIX = 32  # characters of prefix and suffix


def target_source(source: dict[str, Any]) -> str:
    from alliance_cli.text import uri

    return uri(source["url"]) if source.get("url") else f"urn:hash::sha256:{source['sha256']}"


def facts_annotations(store: Store, ordinals: list[int], view: View) -> bytes:
    from alliance_cli.factbase.captures import Finder
    from alliance_cli.query.passages import place, quotes_of

    finder = Finder(store, view.fact_base)
    items, problems = [], []
    for ordinal in ordinals:
        fact = store.fact(ordinal)
        for quoted in quotes_of(fact):
            capture = finder.load(quoted.source_id)
            if capture.changed:
                raise VerificationFailed(f"source {capture.source_id}: {capture.path} has sha256 {capture.digest}, "
                                         f"but the fact base records {capture.recorded}; positions into it would "
                                         "not point into the recorded capture (run 'alliance verify')")
            span = place(capture, quoted)
            if span is None:
                problems.append(f"{quoted.fact_id}: source {quoted.source_id}: quote not found in {capture.path} "
                                f"“{quoted.quote}” (run 'alliance verify')")
                continue
            text = capture.text
            items.append({
                "id": f"urn:alliance:fact:{quoted.fact_id}:{quoted.role}:{quoted.number}",
                "type": "Annotation",
                "motivation": "describing",
                "body": _body(fact, quoted),
                "target": {
                    "source": target_source(store.source_by_id[quoted.source_id]),
                    "selector": [
                        {"type": "TextQuoteSelector", "exact": text[span.start:span.end],
                         "prefix": text[max(0, span.start - AFFIX):span.start],
                         "suffix": text[span.end:span.end + AFFIX]},
                        {"type": "TextPositionSelector", "start": span.start, "end": span.end},
                    ],
                },
            })
    if problems:
        raise VerificationFailed(*problems)
    identity = hashlib.sha256(json.dumps(items, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
    collection_id = f"urn:alliance:annotations:{identity[:32]}"
    facts = len(ordinals)
    label = f"alliance: {len(items)} quote{'' if len(items) == 1 else 's'} of {facts} fact{'' if facts == 1 else 's'}"
    document = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label + (f" ({view.title})" if view.title else ""),
        "total": len(items),
    }
    if items:  # an empty collection has no pages
        document["first"] = {"id": f"{collection_id}:page:1", "type": "AnnotationPage", "startIndex": 0,
                             "items": items}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def _body(fact: dict[str, Any], quoted) -> list[dict[str, Any]]:
    if quoted.role == "evidence":
        body = [{"type": "TextualBody", "purpose": "describing", "format": "text/plain", "value": fact["statement"]}]
    else:
        body = [{"type": "TextualBody", "purpose": "describing", "format": "text/plain", "value": quoted.says},
                {"type": "TextualBody", "purpose": "commenting", "format": "text/plain",
                 "value": f"Sources disagree on: {quoted.point} (fact {fact['id']}: {fact['statement']})"}]
    body += [{"type": "TextualBody", "purpose": "tagging", "value": theme} for theme in fact["themes"]]
    return body
