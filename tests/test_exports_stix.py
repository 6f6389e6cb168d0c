"""--format stix: a STIX 2.1 bundle that the OASIS validator passes in strict mode and stix2 loads."""
from __future__ import annotations

import json

import pytest
from exports_support import HOSTILE, SHA, render_facts

from alliance_cli.render.exports.stix_format import NAMESPACE

EPOCH = {"SOURCE_DATE_EPOCH": "1735776000"}  # 2025-01-02T00:00:00Z
ADMIRALTY_WORDS = {1: "1 - Confirmed by other sources", 2: "2 - Probably True", 3: "3 - Possibly True",
                   4: "4 - Doubtful", 5: "5 - Improbable"}


def strict(text: str, disabled: str = "uuid-check"):
    """The validator in strict mode (SHOULDs are errors; no custom objects or properties; every ref in
    the bundle), less only the check that SDO ids are UUIDv4: ours are UUIDv5 on purpose (README).
    Imported here: the validator takes seconds to import, which every run of the suite would pay."""
    from stix2validator import ValidationOptions, validate_string

    options = ValidationOptions(version="2.1", strict=True, strict_types=True, strict_properties=True,
                                enforce_refs=True, disabled=disabled)
    return validate_string(text, options)


def by_type(bundle: dict, kind: str) -> list[dict]:
    return [o for o in bundle["objects"] if o["type"] == kind]


@pytest.mark.slow
def test_every_fact_of_the_shipped_base_passes_the_strict_validator_and_loads_in_stix2(run, shipped):
    result = run("facts", "--format", "stix", variables=EPOCH)
    assert result.code == 0, result.stderr
    # Strict mode with nothing left out: the only errors are the SHOULD on UUIDv4 ids (check 103), which
    # our UUIDv5 ids break on purpose; every other check, MUST or SHOULD, passes.
    report = strict(result.stdout, disabled="")
    assert report.errors and not report.warnings
    assert all("{103}" in str(e) and "is not a valid UUIDv4 ID" in str(e) for e in report.errors), \
        [str(e) for e in report.errors if "{103}" not in str(e)]
    assert len(report.errors) == len(result.json()["objects"]) + 1  # every object, and the bundle

    import stix2
    from stix2.confidence.scales import admiralty_credibility_to_value

    parsed = stix2.parse(result.stdout, allow_custom=False)
    facts = shipped["facts"]
    notes = [o for o in parsed.objects if o.type in ("note", "opinion")]
    assert len(notes) == len(facts)
    assert sum(o.type == "opinion" for o in notes) == sum(f["stance"] == "opinion" for f in facts)
    bundle = result.json()
    by_fact = {_fact_id(o): o for o in bundle["objects"] if o["type"] in ("note", "opinion")}
    for fact in facts:
        obj = by_fact[fact["id"]]
        grade = fact["credibility"]
        if grade == 6:
            assert "confidence" not in obj
        else:
            assert obj["confidence"] == admiralty_credibility_to_value(ADMIRALTY_WORDS[grade])
        text = obj.get("content") or obj["explanation"]
        assert fact["statement"] in text
        assert all(e["quote"] in text for e in fact["evidence"])
    assert len(by_type(bundle, "report")) == len(shipped["sources"])


def _fact_id(obj: dict) -> str:
    return next(r["external_id"] for r in obj["external_references"] if r["source_name"] == "alliance")


def test_ids_are_stable_across_exports_and_the_file_is_reproducible(run):
    first = run("facts", "-t", "divergence", "--format", "stix", variables=EPOCH)
    again = run("facts", "-t", "divergence", "--format", "stix", variables=EPOCH)
    later = run("facts", "-t", "divergence", "--format", "stix", variables={"SOURCE_DATE_EPOCH": "1767225600"})
    assert first.stdout_bytes == again.stdout_bytes
    ids = [o["id"] for o in first.json()["objects"]]
    assert ids == [o["id"] for o in later.json()["objects"]]  # the same objects, a newer version
    assert {o["modified"] for o in later.json()["objects"]} == {"2026-01-01T00:00:00.000Z"}
    assert {o["created"] for o in first.json()["objects"]} == {"2025-01-02T00:00:00.000Z"}
    import uuid

    note = next(o for o in first.json()["objects"] if o["type"] == "note")
    assert note["id"] == f"note--{uuid.uuid5(NAMESPACE, 'note:' + _fact_id(note))}"
    assert uuid.UUID(note["id"].split("--")[1]).version == 5


def test_reports_say_where_their_published_date_comes_from():
    bundle = json.loads(render_facts("stix", variables=EPOCH))
    assert strict(json.dumps(bundle)).is_valid
    reports = {r["name"]: r for r in by_type(bundle, "report")}
    dated = reports["Moscow & Tehran: A {Braced} 100% Deal"]
    assert dated["published"] == "2024-05-03T00:00:00Z"
    assert dated["description"].startswith("Published 2024-05-03.")
    assert dated["external_references"] == [{
        "source_name": "Example News", "url": "https://news.example/articles/deal?id=1&x=%7B",
        "hashes": {"SHA-256": SHA},
        "description": "The SHA-256 is of the captured text (dated.txt, taken 2025-01-02) that `alliance verify` "
                       "checks the quotes against, not of the live page."}]
    assert dated["labels"] == ['admiralty-scale:source-reliability="b"']
    assert dated["lang"] == "en"
    accessed = reports["Das Bündnis"]
    assert accessed["published"] == "2025-02-01T00:00:00Z"
    assert accessed["description"].startswith("Publication date unknown; `published` is the date the capture was "
                                              "taken, 2025-02, by which the source was public (only the month is "
                                              "known; `published` gives its first day).")
    assert "url" not in accessed["external_references"][0]
    assert accessed["external_references"][0]["source_name"] == "Das Bündnis"  # no site named: the title
    assert "The captured text is a translation from de." in accessed["description"]
    undated = reports["An undated statement"]
    assert undated["published"] == "2025-01-02T00:00:00.000Z"
    assert undated["description"].startswith("Publication date unknown and no capture date recorded; `published` "
                                             "is when alliance exported this report")
    citing = {r["name"]: r["object_refs"] for r in by_type(bundle, "report")}
    assert all(ref.split("--")[0] in ("note", "opinion") for refs in citing.values() for ref in refs)


def test_entities_become_identities_and_locations_and_what_fits_no_object_stays_in_the_text():
    bundle = json.loads(render_facts("stix", variables=EPOCH))
    identities = {o["name"]: o["identity_class"] for o in by_type(bundle, "identity")}
    assert identities == {"alliance fact base": "system", "Vladimir Putin": "individual", "BRICS": "organization",
                          "unnamed analysts": "group"}
    assert {o["name"]: o["country"] for o in by_type(bundle, "location")} == {"Russia": "RU", "Iran": "IR"}
    pact = next(o for o in by_type(bundle, "note") if o["abstract"] == "Russia and Iran signed a pact.")
    assert "Russia-Iran pact" in pact["content"]  # an agreement: no STIX object, named in the text
    referenced = {o["id"]: o for o in bundle["objects"]}
    assert [referenced[r]["type"] for r in pact["object_refs"]] == ["report", "report", "location", "location"]
    assert pact["confidence"] == 70 and pact["labels"][0] == 'admiralty-scale:information-credibility="2"'
    assert [r["description"] for r in pact["external_references"][1:]] == [
        "Section “The deal”: “the two signed a pact”", "Section “Vertrag”: “ein Vertrag über Bündnis”"]
    assert pact["external_references"][1]["url"] == "https://news.example/articles/deal?id=1&x=%7B"
    related = by_type(bundle, "relationship")
    assert [(r["relationship_type"], referenced[r["target_ref"]]["type"]) for r in related] == [
        ("related-to", "opinion")]


def test_an_opinion_is_recorded_as_neutral_with_who_judges_what_in_its_explanation():
    bundle = json.loads(render_facts("stix", variables=EPOCH))
    [opinion] = by_type(bundle, "opinion")
    assert opinion["opinion"] == "neutral"
    assert "confidence" not in opinion  # credibility 6: truth cannot be judged
    assert opinion["explanation"].startswith("Trade runs through the Caspian corridor.\n\nStance: opinion:")
    assert "Attributed to: unnamed analysts." in opinion["explanation"]
    assert "The sources disagree on: Which route" in opinion["explanation"]
    assert "- Moscow & Tehran: A {Braced} 100% Deal says South: “trade runs south”" in opinion["explanation"]


def test_a_url_or_language_stix_cannot_carry_stays_in_the_text_and_the_bundle_stays_valid():
    from exports_support import rich_base

    base = rich_base()
    base["sources"][0].update(url="javascript:alert(1)", language="not a tag")
    bundle = json.loads(render_facts("stix", base, variables=EPOCH))
    assert strict(json.dumps(bundle)).is_valid
    report = next(r for r in by_type(bundle, "report") if r["name"].startswith("Moscow"))
    assert "lang" not in report and "url" not in report["external_references"][0]
    assert "Address: javascript:alert(1)" in report["description"]
    assert all("url" not in r for o in by_type(bundle, "note") for r in o["external_references"])


def test_untrusted_text_stays_exact_inside_the_json():
    bundle = json.loads(render_facts("stix", ids=["sanctions-001"], variables=EPOCH))
    [note] = by_type(bundle, "note")
    assert note["abstract"] == f"Putin says {HOSTILE} sanctions fail."
    assert "Attributed to: Vladimir Putin (President)." in note["content"]
    assert strict(json.dumps(bundle)).is_valid
    assert not by_type(bundle, "relationship")  # related facts outside the selection are dropped


def test_an_empty_selection_is_a_valid_bundle_with_only_the_producer(run):
    result = run("facts", "--search", "no such words anywhere", "--format", "stix")
    assert result.code == 0
    assert [o["type"] for o in result.json()["objects"]] == ["identity"]
    assert strict(result.stdout).is_valid
