"""The fact base format, declared once.

The loader validates against these declarations and `alliance schema` turns the
same declarations into JSON Schema, so the two cannot drift apart. Adding a
field is one `Field(...)` line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from alliance_cli.factbase.vocabulary import (  # noqa: F401
    CREDIBILITY,
    DATE_PATTERN,
    END,
    LANGUAGE_TAG_PATTERN,
    LINT_RULES,
    REAL_DATE_PATTERN,
    RELIABILITY,
    SOURCE_KINDS,
    STANCES,
    THEMES,
)

MAX_ID_LENGTH = 100  # room for `<id>.yaml` and its temporary file within a file name's 255 bytes
ID_PATTERN = rf"^(?=.{{1,{MAX_ID_LENGTH}}}" + END + r")[a-z][a-z0-9]*(?:-[a-z0-9]+)*" + END
SHA256_PATTERN = r"^[0-9a-f]{64}" + END


@dataclass(frozen=True)
class Text:
    pattern: str | None = None
    choices: tuple[str, ...] | None = None
    hint: str = ""  # how to read the pattern, for error messages
    year_ok: bool = False  # a plain year (`date: 2001`) is the text "2001"

    def problem(self, value: str) -> str | None:
        """Why `value` is not acceptable, or None. Text must hold more than white space."""
        if self.choices is not None:
            return None if value in self.choices else "choice"
        if self.pattern is not None:
            return None if compiled(self.pattern).search(value) else "pattern"
        return None if value and not value.isspace() else "blank"

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": self.pattern or r"\S"}
        if self.choices:
            schema["enum"] = list(self.choices)
        if self.year_ok:
            return {"anyOf": [schema, {"type": "integer", "minimum": 1000, "maximum": 9999}]}
        return schema


@dataclass(frozen=True)
class Integer:
    minimum: int
    maximum: int

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


@dataclass(frozen=True)
class Boolean:
    """true or false. The strict YAML reader keeps a plain `true` as the text "true" (so that a statement
    reading `true` stays text), so the loader also takes the texts "true" and "false" here, and says so."""

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "boolean"}, {"enum": ["true", "false"]}]}


@dataclass(frozen=True)
class ListOf:
    item: Any
    min_items: int = 0
    unique: bool = False

    def json_schema(self) -> dict[str, Any]:
        schema = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return schema


@dataclass(frozen=True)
class Field:
    name: str
    kind: Any
    required: bool = True
    description: str = ""


@dataclass(frozen=True)
class Record:
    name: str  # what one of these is called in messages: "fact", "source"
    fields: tuple[Field, ...] = field(default_factory=tuple)

    @property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    def json_schema(self) -> dict[str, Any]:
        properties = {}
        for f in self.fields:
            properties[f.name] = dict(f.kind.json_schema())
            if f.description:
                properties[f.name]["description"] = f.description
        return {
            "type": "object",
            "additionalProperties": False,
            "required": [f.name for f in self.fields if f.required],
            "properties": properties,
        }


IDENTIFIER = Text(pattern=ID_PATTERN, hint="lower-case words joined by hyphens, such as sanctions-004, "
                  f"at most {MAX_ID_LENGTH} characters")
PROSE = Text()
THEME = Text(choices=tuple(THEMES))

RELIABILITY_GRADE = Text(choices=tuple(RELIABILITY))
CREDIBILITY_GRADE = Integer(1, 6)
REAL_DATE = Text(pattern=REAL_DATE_PATTERN, hint="a real date written YYYY, YYYY-MM or YYYY-MM-DD", year_ok=True)
LANGUAGE_TAG = Text(pattern=LANGUAGE_TAG_PATTERN, hint="a BCP 47 language tag such as en, de or pt-BR")

SOURCE = Record("source", (
    Field("id", IDENTIFIER, description="Short stable name that evidence refers to."),
    Field("title", PROSE, description="The article's headline as captured."),
    Field("site", PROSE, description="Publisher or site, as the captured text names it."),
    Field("author", PROSE, required=False, description="Author, where the text names one."),
    Field("kind", Text(choices=SOURCE_KINDS), description="What the source is."),
    Field("file", Text(pattern=r"^[^/\\]+" + END, hint="a file name without a folder"),
          description="Name of the captured text file that `alliance verify --sources DIR` reads."),
    Field("sha256", Text(pattern=SHA256_PATTERN, hint="64 lower-case hex digits"),
          description="SHA-256 of the captured text file."),
    Field("reliability", RELIABILITY_GRADE, description="Admiralty source reliability, A to F."),
    Field("reliability_rationale", PROSE, description="One line: why that grade."),
    Field("links_to", ListOf(IDENTIFIER, unique=True), required=False,
          description="Other sources this one links to; linked sources are not independent."),
    Field("notes", PROSE, required=False, description="Anything a citation needs to say about the capture."),
    Field("url", Text(pattern=r"^https?://\S+" + END, hint="a web address starting with http:// or https://"),
          required=False, description="Where the source was published, if the capture says."),
    Field("published", REAL_DATE, required=False,
          description="When the source was published (YYYY, YYYY-MM or YYYY-MM-DD), if the capture says."),
    Field("accessed", REAL_DATE, required=False, description="When the capture was taken."),
    Field("language", LANGUAGE_TAG, required=False, description="Language of the capture, as a BCP 47 tag."),
    Field("translated", Boolean(), required=False,
          description="Whether the capture is a translation; leave it out when the capture does not say."),
    Field("original_language", LANGUAGE_TAG, required=False,
          description="Language of the original, when the capture is a translation (BCP 47 tag)."),
))

ENTITY = Record("entity", (
    Field("name", PROSE, description="Canonical name, used in `actors` and `attributed_to`."),
    Field("kind", Text(choices=("person", "country", "organisation", "place", "agreement", "group"))),
    Field("description", PROSE, required=False, description="Role or affiliation as the sources give it."),
    Field("aliases", ListOf(PROSE, unique=True), required=False,
          description="Other spellings of the same name (transliterations, short forms, acronyms); "
                      "a search for any of them also finds the others."),
    Field("metonyms", ListOf(PROSE, unique=True), required=False,
          description="Other names that stand for the entity (Tehran for Iran): filters accept them, "
                      "but a search for one finds only the text that says it."),
))

EVIDENCE = Record("evidence", (
    Field("source", IDENTIFIER, description="A source id."),
    Field("section", PROSE, description="The heading the quote stands under."),
    Field("quote", PROSE, description="A short verbatim excerpt of the source."),
))

ACCOUNT = Record("account", (
    Field("source", IDENTIFIER),
    Field("says", PROSE, description="What this source says on the point, in our words."),
    Field("quote", PROSE, description="A short verbatim excerpt of the source."),
))

DISAGREEMENT = Record("disagreement", (
    Field("point", PROSE, description="What the sources disagree on."),
    Field("accounts", ListOf(ACCOUNT, min_items=2), description="Each side, with its own quote."),
))

LINT_ACCEPTANCE = Record("accepted finding", (
    Field("rule", Text(choices=tuple(LINT_RULES)), description="The lint rule whose finding is accepted."),
    Field("reason", PROSE, description="Why the finding is accepted on purpose."),
))

FACT = Record("fact", (
    Field("id", IDENTIFIER, description="Stable, readable id such as sanctions-004."),
    Field("statement", PROSE, description="One claim in our own words, neutral, no stronger than the source."),
    Field("themes", ListOf(THEME, min_items=1, unique=True)),
    Field("actors", ListOf(PROSE, min_items=1, unique=True), description="Entity names the claim is about."),
    Field("attributed_to", PROSE, description="Who makes the claim: 'the article' or a named entity."),
    Field("attributed_role", PROSE, required=False, description="The speaker's role as the source gives it."),
    Field("stance", Text(choices=tuple(STANCES)), description="How firmly the source puts it."),
    Field("credibility", CREDIBILITY_GRADE, description="Admiralty information credibility, 1 to 6."),
    Field("credibility_rationale", PROSE, description="One line: why that grade."),
    Field("date", Text(pattern=DATE_PATTERN, hint="YYYY, YYYY-MM or YYYY-MM-DD", year_ok=True), required=False,
          description="When the event took place, where a source dates it."),
    Field("evidence", ListOf(EVIDENCE, min_items=1)),
    Field("disagreements", ListOf(DISAGREEMENT), required=False,
          description="Points on which the sources tell this claim differently."),
    Field("related", ListOf(IDENTIFIER, unique=True), required=False, description="Ids of related facts."),
    Field("lint_accept", ListOf(LINT_ACCEPTANCE), required=False,
          description="Findings of `alliance lint` accepted on purpose, each with the reason."),
))

FACT_BASE = Record("fact base", (
    Field("sources", ListOf(SOURCE)),  # empty only when nothing cites one: an export that matched nothing
    Field("entities", ListOf(ENTITY), required=False),
    Field("facts", ListOf(FACT)),
    Field("captures", Text(), required=False,
          description="Folder of the captured texts that sources' `file` names, relative to this file."),
))

FACT_FIELDS = tuple(f.name for f in FACT.fields)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a fact base file, for editors and other tools."""
    schema = FACT_BASE.json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://alliance.invalid/fact-base.schema.json",
        "title": "alliance fact base",
        "description": "Sourced claims about the Russia-Iran alliance; see the README of alliance.",
        **schema,
    }


def compiled(pattern: str) -> re.Pattern[str]:
    return _COMPILED.setdefault(pattern, re.compile(pattern))


_COMPILED: dict[str, re.Pattern[str]] = {}
