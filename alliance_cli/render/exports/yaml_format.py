"""YAML: a valid fact base of the selected facts and what they cite, so `--file` loads it back."""
from __future__ import annotations

from alliance_cli.factbase.store import Store, cited_sources
from alliance_cli.factbase.vocabulary import ARTICLE
from alliance_cli.render.view import View
from alliance_cli.text import neutralise


def facts_yaml(store: Store, ordinals: list[int], view: View) -> bytes:
    facts = [dict(store.fact(n)) for n in ordinals]
    chosen_ids = {f["id"] for f in facts}
    for fact in facts:  # keep the selection closed: only relations within it
        kept = [r for r in fact.pop("related", None) or [] if r in chosen_ids]
        if kept:
            fact["related"] = kept
    cited = {source for fact in facts for source in cited_sources(fact)}
    sources = [_closed_source(s, cited) for s in store.sources if s["id"] in cited]
    named = {a for f in facts for a in f["actors"]} | {f["attributed_to"] for f in facts} - {ARTICLE}
    entities = [e for e in store.entities if {e["name"], *(e.get("aliases") or ())} & named]
    document = {"sources": sources, "entities": entities, "facts": facts}
    return (header_comment(len(facts), view.title) + dump(document)).encode("utf-8")


def header_comment(count: int, title: str) -> str:
    """`# 3 facts selected by alliance: …` on one line whatever the filter values hold: a line break
    (YAML counts NEL, U+2028 and U+2029 as line breaks too) would end the comment and start YAML."""
    caption = neutralise(" ".join(title.splitlines())) if title else ""
    return f"# {count} fact{'' if count == 1 else 's'} selected by alliance{': ' + caption if caption else ''}\n"


def dump(document) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data):  # alliance refuses aliases, so never write any
            return True

    def text(dumper, value: str):
        # PyYAML writes NEL raw inside a quoted scalar, where a reader folds it into a space;
        # double quotes escape it (\N), and the line and paragraph separators (\L, \P) with it.
        style = '"' if any(c in value for c in _YAML_BREAKS) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return yaml.dump(document, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)


_YAML_BREAKS = "\x85\u2028\u2029"


def _closed_source(source: dict, cited: set[str]) -> dict:
    if not source.get("links_to"):
        return source
    kept = [s for s in source["links_to"] if s in cited]
    closed = {k: v for k, v in source.items() if k != "links_to"}
    return {**closed, "links_to": kept} if kept else closed
