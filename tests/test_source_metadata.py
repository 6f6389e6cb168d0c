"""Optional source metadata a citation needs: url, published, accessed, language, translated, original_language."""
from __future__ import annotations

import copy

import pytest
import yaml
from conftest import minimal_base, schema_validator

from alliance_cli.factbase import validation

FULL = {"url": "https://example.org/pact", "published": "2024-02-29", "accessed": "2025-01-15", "language": "en",
        "translated": True, "original_language": "de", "kind": "news article"}


def base_with(**fields) -> dict:
    base = minimal_base()
    base["sources"][0].update(fields)
    return base


def problems(base: dict) -> list[str]:
    return [p.message for p in validation.check(copy.deepcopy(base))]


def test_every_field_loads_and_comes_back_in_json(run, write_base):
    result = run("sources", "--json", "--file", write_base(base_with(**FULL)))
    assert result.code == 0, result.stderr
    row = result.json()[0]
    assert {k: row[k] for k in FULL} == FULL
    assert row["capture"] == "https://example.org/pact; captured 2025-01-15; a translation from de into en"


def test_a_plain_true_in_yaml_is_a_boolean(run, write_base):
    text = yaml.safe_dump(base_with(language="en"), sort_keys=False).replace(
        "  language: en\n", "  language: en\n  translated: true\n  original_language: de\n")
    assert run("sources", "--json", "--file", write_base(text)).json()[0]["translated"] is True
    text = text.replace("translated: true\n  original_language: de\n", "translated: false\n")
    row = run("sources", "--json", "--file", write_base(text)).json()[0]
    assert row["translated"] is False and row["capture"] == "in en, not a translation"


@pytest.mark.parametrize("kind", ["web article", "news article", "report", "transcript", "official statement",
                                  "social media post", "document"])
def test_the_kinds_of_source(kind):
    assert problems(base_with(kind=kind)) == []


@pytest.mark.parametrize(("fields", "message"), [
    ({"published": "2023-02-29"}, "'published' must be a real date written YYYY, YYYY-MM or YYYY-MM-DD, "
                                  "not '2023-02-29'"),
    ({"accessed": "2024-04-31"}, "'accessed' must be a real date written YYYY, YYYY-MM or YYYY-MM-DD, "
                                 "not '2024-04-31'"),
    ({"language": "english"}, "'language' must be a BCP 47 language tag such as en, de or pt-BR, not 'english'"),
    ({"url": "example.org"}, "'url' must be a web address starting with http:// or https://, not 'example.org'"),
    ({"translated": "yes"}, "'translated' must be true or false, not the text 'yes'"),
    ({"kind": "blog"}, "'kind' must be one of web article, news article, report, transcript, official statement, "
                       "social media post, document, not 'blog'"),
    ({"original_language": "de"}, "'original_language' is given but 'translated' is not true; "
                                  "set 'translated: true' or leave 'original_language' out"),
    ({"published": "2024-06", "accessed": "2024-05-30"}, "'accessed' (2024-05-30) is before 'published' (2024-06)"),
])
def test_bad_metadata_is_a_specific_error(fields, message):
    assert problems(base_with(**fields)) == [message]


@pytest.mark.parametrize("fields", [{"published": 2024}, {"published": "2024-02"}, {"language": "pt-BR"},
                                    {"language": "zh-Hant-TW"}, {"published": "2024-05", "accessed": "2024-05-02"}])
def test_good_metadata(fields):
    assert problems(base_with(**fields)) == []


def test_the_json_schema_says_the_same(run, write_base):
    validator = schema_validator()
    assert validator.is_valid(base_with(**FULL))
    for bad in [{"published": "2023-02-29"}, {"language": "english"}, {"translated": "yes"}, {"kind": "blog"}]:
        assert not validator.is_valid(base_with(**bad)), bad


def test_show_cites_the_capture(run, write_base):
    path = write_base(base_with(**FULL))
    text = " ".join(run("show", "sanctions-001", "--file", path, width=200).stdout.split())
    assert ("An article, A site, published 2024-02-29 (source one; reliability F: Reliability cannot be judged) "
            "https://example.org/pact; captured 2025-01-15; a translation from de into en") in text
