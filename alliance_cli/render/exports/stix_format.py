"""STIX 2.1: a bundle that OpenCTI, MISP and other threat-intelligence platforms import.

What becomes what (README, "Exports", says the same for users):

* the fact base's producer: an `identity` (class `system`) that every other object names in
  `created_by_ref`;
* each source the selection cites: a `report`. `published` is the source's own `published` date when
  known; else the date its capture was taken (`accessed`: the article was public by then); else, as
  the STIX definition of `published` allows ("when this report object was published by its creator"),
  the time of this export. The description always says which. A partial date (`2024-05`) becomes its
  first day, and the description says so. `external_references` hold the url, when known, and the
  SHA-256 of the captured text that `alliance verify` checks (of the capture, not of the live page);
  the reliability grade is in the description and as a MISP `admiralty-scale` label;
* each fact: a `note`, or an `opinion` when its stance is `opinion`. A STIX opinion is its creator's
  agreement with other objects; alliance records someone's judgement without agreeing or disagreeing,
  so the value is always `neutral`, and who judges what is in `explanation`. Statement, speaker,
  stance, date, grade and rationale, evidence quotes and disagreements are in `content`/`explanation`;
  each quote is also an external reference, and the fact id is one (`source_name: alliance`);
* `object_refs` of a fact: its source reports, then its actors and speaker: an `identity` for a person
  (`individual`), an organisation (`organization`) or a group (`group`), a `location` for a country
  (by ISO 3166 code). Places and agreements fit no STIX object without invented data (a location
  needs a country, region or coordinates), nor does a country whose name has no ISO code: they are
  named in the text only;
* `confidence`: the credibility grade by STIX 2.1's mapping of the Admiralty credibility scale
  (1: 90, 2: 70, 3: 50, 4: 30, 5: 10; 6, "truth cannot be judged": no confidence property);
* the facts a fact names as `related`, within the selection: `related-to` relationships.

Ids are UUIDv5 in alliance's own namespace, from the fact id, source id or entity name, so a second
export carries the same ids and a platform updates its objects instead of duplicating them (STIX
recommends UUIDv4 but allows v5 in a producer's own namespace). `created` and `modified` are the
time of the export, or `SOURCE_DATE_EPOCH` when set (for reproducible files).
"""
from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from alliance_cli import __version__
from alliance_cli.factbase.store import Fact, Store, cited_sources
from alliance_cli.factbase.vocabulary import ARTICLE, CREDIBILITY, RELIABILITY, STANCES
from alliance_cli.render.exports.citation_format import named_site
from alliance_cli.render.exports.countries import iso_code
from alliance_cli.render.view import View
from alliance_cli.text import uri

NAMESPACE = uuid.UUID("0cbb7a5e-aa94-4ea1-87ad-7aa370750186")  # alliance's own; never STIX's SCO namespace
# STIX 2.1, "Confidence scales": Admiralty credibility -> confidence. 6 has no value.
ADMIRALTY_CONFIDENCE = {1: 90, 2: 70, 3: 50, 4: 30, 5: 10}
IDENTITY_CLASSES = {"person": "individual", "organisation": "organization", "group": "group"}
PRODUCER_NAME = "alliance fact base"
# What STIX can carry as a `url` and a `lang`; anything else stays in the text, so the bundle stays valid.
_WEB_URL = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def stix_id(kind: str, key: str) -> str:
    """`kind--<UUIDv5>`, the same for the same key on every export."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def confidence(credibility: int) -> int | None:
    return ADMIRALTY_CONFIDENCE.get(credibility)


def facts_stix(store: Store, ordinals: list[int], view: View) -> bytes:
    stamp = export_time(view.env.variables)
    producer = {"type": "identity", "spec_version": "2.1", "id": stix_id("identity", PRODUCER_NAME),
                "created": stamp, "modified": stamp, "name": PRODUCER_NAME, "identity_class": "system",
                "description": f"Sourced claims about the Russia–Iran alliance, exported by alliance {__version__}. "
                               "Grades follow the NATO/Admiralty system (STANAG 2511)."}
    common = {"spec_version": "2.1", "created": stamp, "modified": stamp, "created_by_ref": producer["id"]}
    facts = [store.fact(n) for n in ordinals]
    fact_ids = {f["id"]: _fact_object_id(f) for f in facts}
    entities = _entity_objects(store, facts, common)

    reports = []
    for source in store.sources:
        citing = [fact_ids[f["id"]] for f in facts if source["id"] in cited_sources(f)]
        if citing:
            reports.append(_report(source, citing, stamp, common))
    notes = [_fact_object(store, fact, entities, common) for fact in facts]
    relations = []
    for fact in facts:
        for other in fact.get("related") or []:
            if other in fact_ids:
                relations.append({"type": "relationship", "id": stix_id("relationship", f"{fact['id']} {other}"),
                                  **common, "relationship_type": "related-to",
                                  "source_ref": fact_ids[fact["id"]], "target_ref": fact_ids[other]})
    objects = [producer, *reports, *(obj for obj in entities.values() if obj), *notes, *relations]
    body = json.dumps(objects, ensure_ascii=False, sort_keys=True).encode("utf-8")
    bundle = {"type": "bundle", "id": f"bundle--{uuid.uuid5(NAMESPACE, hashlib.sha256(body).hexdigest())}",
              "objects": objects}
    return json.dumps(bundle, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def export_time(variables) -> str:
    """Now, or SOURCE_DATE_EPOCH (the reproducible-builds convention), as a STIX timestamp."""
    epoch = variables.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _fact_object_id(fact: Fact) -> str:
    return stix_id("opinion" if fact["stance"] == "opinion" else "note", fact["id"])


def _entity_objects(store: Store, facts: list[Fact], common: dict[str, Any]) -> dict[str, dict | None]:
    """Entity name -> its STIX object, or None where no STIX object fits (named in the text only)."""
    named = dict.fromkeys(n for f in facts for n in [*f["actors"], f["attributed_to"]] if n != ARTICLE)
    by_name = {e["name"]: e for e in store.entities}
    objects: dict[str, dict | None] = {}
    for name in named:
        entity = by_name.get(name)
        objects[name] = _entity_object(entity, common) if entity else None
    return objects


def _entity_object(entity: dict, common: dict[str, Any]) -> dict | None:
    name, kind = entity["name"], entity["kind"]
    described = [entity["description"]] if entity.get("description") else []
    if entity.get("aliases"):
        described.append("Also written: " + ", ".join(entity["aliases"]) + ".")
    if entity.get("metonyms"):
        described.append("Also referred to as: " + ", ".join(entity["metonyms"]) + ".")
    extra = {"description": " ".join(described)} if described else {}
    if kind in IDENTITY_CLASSES:
        return {"type": "identity", "id": stix_id("identity", name), **common, "name": name,
                "identity_class": IDENTITY_CLASSES[kind], **extra}
    code = iso_code(name, *(entity.get("aliases") or [])) if kind == "country" else None
    if code is None:
        return None
    return {"type": "location", "id": stix_id("location", name), **common, "name": name, "country": code, **extra}


def _report(source: dict, refs: list[str], stamp: str, common: dict[str, Any]) -> dict:
    published, when = _published(source, stamp)
    grade = source["reliability"]
    lines = [when, f"Kind: {source['kind']}."]
    site = named_site(source)
    lines.append(f"Site: {site}." if site else f"Site: {source['site']}.")
    if source.get("author"):
        lines.append(f"Author: {source['author']}.")
    if source.get("language"):
        lines.append(f"Language: {source['language']}.")
    if source.get("translated"):
        original = source.get("original_language")
        lines.append("The captured text is a translation" + (f" from {original}." if original else "."))
    lines.append(f"Source reliability {grade}: {RELIABILITY[grade]} Why: {source['reliability_rationale']}")
    if source.get("notes"):
        lines.append(f"Notes: {source['notes']}")
    lines.append(f"alliance source id: {source['id']}.")
    reference: dict[str, Any] = {"source_name": site or source["title"]}
    if _web_url(source):
        reference["url"] = uri(source["url"])
    elif source.get("url"):
        lines.insert(-1, f"Address: {source['url']}")
    reference["hashes"] = {"SHA-256": source["sha256"]}
    accessed = f", taken {source['accessed']}" if source.get("accessed") else ""
    reference["description"] = (f"The SHA-256 is of the captured text ({source['file']}{accessed}) that "
                                "`alliance verify` checks the quotes against, not of the live page.")
    report = {"type": "report", "id": stix_id("report", source["id"]), **common, "name": source["title"],
              "description": "\n".join(lines), "published": published, "object_refs": refs,
              "labels": [f'admiralty-scale:source-reliability="{grade.lower()}"'],
              "external_references": [reference]}
    if _LANGUAGE_TAG.match(str(source.get("language") or "")):
        report["lang"] = source["language"]
    return report


def _web_url(source: dict) -> bool:
    return bool(_WEB_URL.match(str(source.get("url") or "")))


def _published(source: dict, stamp: str) -> tuple[str, str]:
    """The report's `published` timestamp, and a sentence saying where it comes from."""
    for key, meaning in (("published", "Published {}"), ("accessed", "Publication date unknown; `published` is "
                                                           "the date the capture was taken, {}, by which the "
                                                           "source was public")):
        date = source.get(key)
        if date:
            parts = str(date).split("-")
            first_day = "-".join(parts + ["01"] * (3 - len(parts)))
            partial = " (only the " + ("year" if len(parts) == 1 else "month") + " is known; `published` " \
                      "gives its first day)" if len(parts) < 3 else ""
            return f"{first_day}T00:00:00Z", meaning.format(date) + partial + "."
    return stamp, ("Publication date unknown and no capture date recorded; `published` is when alliance "
                   "exported this report, not when the source appeared.")


def _fact_object(store: Store, fact: Fact, entities: dict[str, dict | None], common: dict[str, Any]) -> dict:
    cited = cited_sources(fact)
    refs = [stix_id("report", s) for s in cited]
    for name in [*fact["actors"], fact["attributed_to"]]:
        entity = entities.get(name)
        if entity and entity["id"] not in refs:
            refs.append(entity["id"])
    text = _fact_text(store, fact)
    credibility = fact["credibility"]
    obj: dict[str, Any] = {"id": _fact_object_id(fact), **common}
    if fact["stance"] == "opinion":
        obj.update(type="opinion", opinion="neutral", explanation=text)
    else:
        obj.update(type="note", abstract=fact["statement"], content=text)
    obj["object_refs"] = refs
    if confidence(credibility) is not None:
        obj["confidence"] = confidence(credibility)
    obj["labels"] = [f'admiralty-scale:information-credibility="{credibility}"', f"stance:{fact['stance']}",
                     *(f"theme:{t}" for t in fact["themes"])]
    references: list[dict[str, Any]] = [{"source_name": "alliance", "external_id": fact["id"],
                                         "description": "The fact's id in the alliance fact base."}]
    for evidence in fact["evidence"]:
        references.append(_quote_reference(store.source_by_id[evidence["source"]], evidence))
    obj["external_references"] = references
    return obj


def _quote_reference(source: dict, evidence: dict) -> dict[str, Any]:
    reference: dict[str, Any] = {"source_name": source["title"],
                                 "description": f"Section “{evidence['section']}”: “{evidence['quote']}”"}
    if _web_url(source):
        reference["url"] = uri(source["url"])
        reference["hashes"] = {"SHA-256": source["sha256"]}  # of the capture the quote is checked against
    return reference


def _fact_text(store: Store, fact: Fact) -> str:
    speaker = fact["attributed_to"]
    if fact.get("attributed_role"):
        speaker += f" ({fact['attributed_role']})"
    grade = fact["credibility"]
    lines = [fact["statement"], "",
             f"Stance: {fact['stance']}: {STANCES[fact['stance']]}",
             f"Attributed to: {speaker}."]
    if fact["stance"] == "opinion":
        lines.append("This is the judgement of whoever it is attributed to; alliance records it without "
                     "agreeing or disagreeing (hence opinion: neutral).")
    if fact.get("date"):
        lines.append(f"Date of the event: {fact['date']}.")
    lines += [f"Credibility {grade}: {CREDIBILITY[grade]} Why: {fact['credibility_rationale']}",
              f"Themes: {', '.join(fact['themes'])}. Actors: {', '.join(fact['actors'])}.", "", "Evidence:"]
    for evidence in fact["evidence"]:
        title = store.source_by_id[evidence["source"]]["title"]
        lines.append(f"- {title}, section “{evidence['section']}”: “{evidence['quote']}”")
    for disagreement in fact.get("disagreements") or []:
        lines += ["", f"The sources disagree on: {disagreement['point']}"]
        for account in disagreement["accounts"]:
            title = store.source_by_id[account["source"]]["title"]
            lines.append(f"- {title} says {account['says']}: “{account['quote']}”")
    lines += ["", f"alliance fact id: {fact['id']}."]
    return "\n".join(lines)
