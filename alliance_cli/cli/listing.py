"""`facts` and `timeline` after their options are parsed: load, select, render, write."""
from __future__ import annotations

from alliance_cli.render.environment import Environment
from alliance_cli.query.selection import Query


FILTERS = ("theme", "all_themes", "exclude_theme", "actor", "source", "search", "stance", "attributed_to",
           "min_credibility", "min_reliability", "contested", "since", "until")


def describe(options: dict) -> str:
    """The filters given, in words, for captions and headings: `theme: sanctions; search: putin`."""
    shown = []
    for name in FILTERS:
        value = options.get(name)
        if value not in (None, [], ()):
            words = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else value
            shown.append(f"{name.replace('_', ' ')}: {words}")
    return "; ".join(shown)


def load_store(env: Environment, path: str, use_cache: bool):
    from alliance_cli.factbase.loading import load

    return load(path, env.variables, use_cache, progress=env.stderr if env.stderr_isatty else None)


def list_facts(env: Environment, path: str, use_cache: bool, query: Query, output_format: str,
               fields: str | None = None, title: str = "", timeline: bool = False) -> None:
    from alliance_cli.render.output import emit, message
    from alliance_cli.query.selection import search_terms, select
    from alliance_cli.render import fact_renderer
    from alliance_cli.render.fields import parse_fields
    from alliance_cli.render.view import View

    chosen_fields = parse_fields(fields)
    store = load_store(env, path, use_cache)
    ordinals = select(store, query)
    highlight = search_terms(store, query.search) if query.search and output_format == "table" else ()
    view = View(env, chosen_fields, highlight, title)
    if output_format == "table" and not ordinals:
        message(env, "No facts match." + (f" ({title})" if title else ""))
        return
    if output_format == "table" and timeline:
        from alliance_cli.render.timeline import timeline_table as render
    else:
        render = fact_renderer(output_format)
    emit(env, render(store, ordinals, view))
