"""YAML: a valid fact base of the selected facts and what they cite, so `--file` loads it back."""
from __future__ import annotations

from alliance_cli.factbase.store import Store, cited_sources
from alliance_cli.factbase.vocabulary import ARTICLE
from alliance_cli.render.view import View


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
    entities = [e for e in store.entities if e["name"] in named]
    document = {"sources": sources, "entities": entities, "facts": facts}
    header = f"# {len(facts)} fact{'' if len(facts) == 1 else 's'} selected by alliance{': ' + view.title if view.title else ''}\n"
    return (header + dump(document)).encode("utf-8")


def dump(document) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data):  # alliance refuses aliases, so never write any
            return True

    return yaml.dump(document, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)


def _closed_source(source: dict, cited: set[str]) -> dict:
    if not source.get("links_to"):
        return source
    kept = [s for s in source["links_to"] if s in cited]
    closed = {k: v for k, v in source.items() if k != "links_to"}
    return {**closed, "links_to": kept} if kept else closed
