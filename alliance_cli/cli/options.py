"""Options that several commands share, their checks and their completions.

Values are checked here, where the user typed them, so that a wrong value is a
usage error (exit 2) that names the option, never an empty result.
"""
# No `from __future__ import annotations` here: typer reads these annotations at run time.
import functools
import inspect
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer

from alliance_cli.cli.session import CommonOptions, Session
from alliance_cli.environment import Environment
from alliance_cli.errors import UsageProblem
from alliance_cli.factbase.vocabulary import ARTICLE, DATE_PATTERN, RELIABILITY, STANCES, THEMES
from alliance_cli.query.plan import FactFilters, Ordering
from alliance_cli.render import FORMATS


def environment(ctx: typer.Context) -> Environment:
    """A test's environment (passed as the context object), else the real process's."""
    return ctx.obj if isinstance(ctx.obj, Environment) else Environment.from_process()


def one_fact_base(path: str | None, file: str | None) -> str | None:
    """A command's PATH argument and --file as one fact base; two different ones are a usage error, as any
    conflicting options are."""
    if path is not None and file is not None and path != file:
        raise UsageProblem(f"PATH {path} and --file {file} name two fact bases; give one")
    return path if path is not None else file


def session(ctx: typer.Context, common: CommonOptions) -> Session:
    return Session(environment(ctx), common)


# --- checks --------------------------------------------------------------------


def choose(value: str, choices: Sequence[str], what: str) -> str:
    """`value` as one of `choices`, ignoring case, or a usage error with a did-you-mean."""
    folded = value.strip().casefold()
    match = next((c for c in choices if c.casefold() == folded), None)
    if match is None:
        from alliance_cli.suggest import did_you_mean

        raise typer.BadParameter(f"unknown {what} '{value}'{did_you_mean(folded, list(choices))}; "
                                 f"choose from {', '.join(choices)}")
    return match


def _choices(choices: Sequence[str], what: str) -> Callable[[list[str] | None], list[str]]:
    def check(values: list[str] | None) -> list[str]:
        return [choose(v, choices, what) for v in values or ()]

    return check


def once(values: list[Any] | None, option: str) -> Any:
    """The one value of an option that takes one, or a usage error when it was given twice."""
    if not values:
        return None
    if len(set(values)) > 1:
        shown = " and ".join(f"'{v}'" for v in values)
        raise UsageProblem(f"{option} was given {len(values)} times ({shown}); give it once")
    return values[0]


def _single(check: Callable[[str], Any], option: str) -> Callable[[list[str] | None], list[Any]]:
    """A callback for a single-value option declared as repeatable, so that a repeat is caught, not
    silently overwritten. It returns the checked value as a list of one (typer wants a list back);
    `first` takes it out."""
    def callback(values: list[str] | None) -> list[Any]:
        value = once(values, option)
        return [] if value is None else [check(value)]

    return callback


def first(values: list[Any] | None) -> Any:
    return values[0] if values else None


def _date(value: str) -> str:
    import datetime

    if not re.search(DATE_PATTERN, value):
        raise typer.BadParameter(f"'{value}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    if value.count("-") == 2:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise typer.BadParameter(f"'{value}' is not a calendar date") from None
    return value


def _credibility(value: str) -> int:
    if not value.strip().isdigit() or not 1 <= int(value) <= 6:
        raise typer.BadParameter(f"'{value}' is not a credibility grade; give a number from 1 to 6")
    return int(value)


def _whole_number(value: str) -> int:
    if not value.strip().isdigit():
        raise typer.BadParameter(f"'{value}' is not a whole number of 0 or more")
    return int(value)


def _sort_choice(value: str) -> str:
    from alliance_cli.query.plan import SORT_KEYS

    return choose(value, SORT_KEYS, "sort key")


def format_option(*choices: str, help: str) -> Any:
    """The one way to declare --format (with `Annotated[list[str] | None, ...]`): given once, one of `choices`
    in any case, completed from them. `output_format` then joins it with --json."""
    return typer.Option("--format", "-f", metavar="FORMAT", autocompletion=_complete_from(choices), help=help,
                        callback=_single(lambda value: choose(value, choices, "format"), "--format"))


def output_format(values: list[str] | None, json_flag: bool, allowed: Sequence[str] | None = None,
                  default: str = "table") -> str:
    """The one format asked for by --format (as `format_option` checked it) and --json; `default` for neither."""
    fmt = first(values)
    if json_flag and fmt not in (None, "json"):
        raise UsageProblem(f"--json and --format {fmt} ask for two formats; give one")
    chosen = "json" if json_flag else fmt or default
    if allowed is not None and chosen not in allowed:
        from alliance_cli.render import FACT_RENDERERS, SOURCE_RENDERERS

        hint = ("; it cites sources: 'alliance sources --format {}'" if chosen in SOURCE_RENDERERS else
                "; it exports facts: 'alliance facts --format {}'" if chosen in FACT_RENDERERS else "")
        raise UsageProblem(f"this command writes {', '.join(allowed)}, not {chosen}{hint.format(chosen)}")
    return chosen


def finder(session: Session, store: Any, sources: str | None) -> Any:
    """The captures of `store`: --sources, else its 'captures:' folder, else those shipped with alliance."""
    from alliance_cli.factbase.captures import Finder

    return Finder(store, session.path, sources)


def warn_if_changed(session: Session, found: Any) -> None:
    """A warning for each capture read whose sha256 is not the one the fact base records."""
    for capture in found.loaded():
        if capture.changed:
            session.message(capture.changed_warning())


def parse_fields(text: str | None, fmt: str) -> tuple[str, ...] | None:
    """--fields as names of fact fields; an error when the format would ignore it."""
    if not text:
        return None
    from alliance_cli.factbase.schema import FACT_FIELDS
    from alliance_cli.render import FIELD_FORMATS
    from alliance_cli.render.exports.fields import DERIVED
    from alliance_cli.suggest import did_you_mean

    if fmt not in FIELD_FORMATS:
        raise UsageProblem(f"--fields shapes {', '.join(FIELD_FORMATS)}; --format {fmt} writes whole facts, "
                           "so drop --fields or choose one of those formats")
    all_fields = FACT_FIELDS + DERIVED
    names = tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    for name in names:
        if name not in all_fields:
            raise UsageProblem(f"--fields: unknown field '{name}'{did_you_mean(name, all_fields)}; "
                               f"choose from {', '.join(all_fields)}")
    return names


# --- completion ----------------------------------------------------------------


def _complete_from_store(pick: Callable[[Any], list[str]]) -> Callable[[typer.Context, str], list[str]]:
    """Names from the fact base that begin with what was typed (ignoring case and accents), quoted for the shell."""
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        try:
            store = session(ctx, CommonOptions(file=ctx.params.get("file"), no_color=True, no_pager=True)).store()
            values = pick(store)
        except Exception:
            return []
        return _starting(values, incomplete)

    return complete


def _complete_from(choices: Sequence[str]) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        return _starting(choices, incomplete)

    return complete


def _starting(values: Sequence[str], incomplete: str) -> list[str]:
    """The values that begin with `incomplete`, ignoring case and accents, each written as the typed part
    and the rest of the value: typer keeps only completions that begin exactly with what was typed."""
    from alliance_cli.text import fold

    typed = fold(incomplete)
    found = []
    for value in values:
        if fold(value).startswith(typed):
            cut = next(k for k in range(len(value) + 1) if fold(value[:k]).startswith(typed))
            found.append((incomplete, value[cut:]))
    return shell_words(list(dict.fromkeys(found)))


def shell_words(completions: list[tuple[str, str]]) -> list[str]:
    """(typed, rest) pairs as the shell must receive them. bash inserts a completion as it is, so there
    the rest of a name of several words is escaped (`Vladimir\\ Putin`); zsh and fish quote what they insert."""
    import os

    if os.environ.get("_ALLIANCE_COMPLETE", "").startswith("complete_bash"):
        return [typed + re.sub(r"([^\w@%+=:,./-])", r"\\\1", rest) for typed, rest in completions]
    return [typed + rest for typed, rest in completions]


def _entity_names(store: Any) -> list[str]:
    """Every name an entity answers to, canonical names first."""
    from alliance_cli.query.names import spellings

    names = [e["name"] for e in store.entities]
    return names + [s for e in store.entities for s in spellings(e)[1:]]


def _complete_sort_keys(incomplete: str) -> list[str]:
    from alliance_cli.query.plan import SORT_KEYS

    return _complete_from(SORT_KEYS)(incomplete)


complete_themes = _complete_from(tuple(THEMES))
complete_stances = _complete_from(tuple(STANCES))
complete_credibility = _complete_from(tuple(str(grade) for grade in range(1, 7)))
complete_reliability = _complete_from(tuple(RELIABILITY))
complete_actors = _complete_from_store(_entity_names)
complete_speakers = _complete_from_store(lambda store: [ARTICLE, *_entity_names(store)])
complete_sources = _complete_from_store(lambda store: [s["id"] for s in store.sources])
complete_ids = _complete_from_store(lambda store: list(store.ids))

# --- the options ---------------------------------------------------------------

FileOption = Annotated[str | None, typer.Option(
    "--file", "-F", metavar="PATH", help="Fact base to read [default: $ALLIANCE_FACTS, else the shipped one].")]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Parse the YAML even if a cached copy is valid.")]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="No colour or styling (also: NO_COLOR=1).")]
NoPagerOption = Annotated[bool, typer.Option("--no-pager", help="Never page long output (also: PAGER=cat).")]
FormatOption = Annotated[list[str] | None, format_option(
    *FORMATS,
    help="table, json, jsonl, csv, spreadsheet (CSV safe to open in Excel), yaml or markdown [default: table]; "
         "facts also stix, html, sqlite and annotations; sources also csl-json and bibtex.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
OutputOption = Annotated[list[str] | None, typer.Option(
    "--output", "-o", callback=_single(str, "--output"), metavar="FILE",
    help="Write to FILE instead of standard output (needed for sqlite, which also writes FILE's "
         "Datasette metadata beside it).")]
SourceArgument = Annotated[str, typer.Argument(
    metavar="SOURCE", autocompletion=complete_sources, help="A source id, in any case ('alliance sources').")]
SourcesOption = Annotated[str | None, typer.Option(
    "--sources", metavar="DIR", help="Folder of the captured texts [default: the fact base's 'captures:' folder].")]
FieldsOption = Annotated[str | None, typer.Option(
    "--fields", metavar="A,B,...", help="Fields to write in json, jsonl, csv and spreadsheet, e.g. id,statement,sources.")]

ThemeOption = Annotated[list[str] | None, typer.Option(
    "--theme", "-t", callback=_choices(tuple(THEMES), "theme"), autocompletion=complete_themes, metavar="THEME",
    help="Facts with any of these themes (repeatable): security, sanctions, economy, divergence.")]
AllThemesOption = Annotated[list[str] | None, typer.Option(
    "--all-themes", callback=_choices(tuple(THEMES), "theme"), autocompletion=complete_themes, metavar="THEME",
    help="Facts with every one of these themes (repeatable).")]
ExcludeThemeOption = Annotated[list[str] | None, typer.Option(
    "--exclude-theme", "-x", callback=_choices(tuple(THEMES), "theme"), autocompletion=complete_themes,
    metavar="THEME", help="Leave out facts with this theme (repeatable).")]
ActorOption = Annotated[list[str] | None, typer.Option(
    "--actor", "-a", autocompletion=complete_actors, metavar="NAME",
    help="Facts about any of these actors, by any spelling (repeatable).")]
SourceOption = Annotated[list[str] | None, typer.Option(
    "--source", "-s", autocompletion=complete_sources, metavar="ID",
    help="Facts citing any of these sources (repeatable).")]
SearchOption = Annotated[list[str] | None, typer.Option(
    "--search", "-q", metavar="TEXT",
    help="Words in statement, quotes, actors or speaker, ignoring case, accents and punctuation; "
         "\"a phrase\" in quotes; repeat to require each.")]
StanceOption = Annotated[list[str] | None, typer.Option(
    "--stance", callback=_choices(tuple(STANCES), "stance"), autocompletion=complete_stances, metavar="STANCE",
    help="asserted, hedged, alleged or opinion (repeatable).")]
AttributedToOption = Annotated[list[str] | None, typer.Option(
    "--attributed-to", autocompletion=complete_speakers, metavar="NAME",
    help="Claims made by this person or body ('the article' for the articles' own).")]
MinCredibilityOption = Annotated[list[str] | None, typer.Option(
    "--min-credibility", callback=_single(_credibility, "--min-credibility"), metavar="1-6",
    autocompletion=complete_credibility,
    help="Credibility grade this good or better (1 is best).")]
MinReliabilityOption = Annotated[list[str] | None, typer.Option(
    "--min-reliability", callback=_single(lambda v: choose(v, tuple(RELIABILITY), "reliability grade"),
                                          "--min-reliability"),
    metavar="A-F", autocompletion=complete_reliability, help="Cites a source graded this reliable or better (A is best).")]
ContestedOption = Annotated[bool, typer.Option(
    "--contested", help="Only facts on which the sources disagree.")]
UncontestedOption = Annotated[bool, typer.Option(
    "--uncontested", help="Only facts with no recorded disagreement.")]
SinceOption = Annotated[list[str] | None, typer.Option(
    "--since", callback=_single(_date, "--since"), metavar="DATE", help="Dated on or after DATE (YYYY[-MM[-DD]]).")]
UntilOption = Annotated[list[str] | None, typer.Option(
    "--until", callback=_single(_date, "--until"), metavar="DATE", help="Dated on or before DATE.")]
SortOption = Annotated[list[str] | None, typer.Option(
    "--sort", callback=_single(_sort_choice, "--sort"), autocompletion=_complete_sort_keys, metavar="KEY",
    help="file, id, date or credibility.")]
LimitOption = Annotated[list[str] | None, typer.Option(
    "--limit", "-n", callback=_single(_whole_number, "--limit"), metavar="N", help="At most this many facts.")]


def contested_choice(contested: bool, uncontested: bool) -> bool | None:
    if contested and uncontested:
        raise UsageProblem("--contested and --uncontested exclude each other; give one")
    return True if contested else False if uncontested else None


def date_range(since: str | None, until: str | None) -> None:
    from alliance_cli.query.selection import date_range as span

    if since and until and span(since)[0] > span(until)[1]:
        raise UsageProblem(f"--since {since} is after --until {until}; no date can be in that range")


def fact_filters(**given: Any) -> FactFilters:
    """The filter options as typer hands them over (checked; single values as lists of one), as FactFilters:
    a repeatable option becomes a tuple, a single one its value, and --contested/--uncontested one choice."""
    contested = contested_choice(given.pop("contested"), given.pop("uncontested"))
    defaults = FactFilters._field_defaults
    values: dict[str, Any] = {name: tuple(value or ()) if isinstance(defaults[name], tuple) else first(value)
                              for name, value in given.items()}
    date_range(values["since"], values["until"])
    return FactFilters(**values, contested=contested)


def ordering(*, sort: list[str] | None, limit: list[Any] | None) -> Ordering:
    return Ordering(sort=first(sort), limit=first(limit))


# The filter options, declared once: (parameter, its type, its default). `takes_filters` gives them to
# every command that filters facts (facts, timeline, stats, browse) in this order.
FILTER_OPTIONS: tuple[tuple[str, Any, Any], ...] = (
    ("theme", ThemeOption, None), ("all_themes", AllThemesOption, None), ("exclude_theme", ExcludeThemeOption, None),
    ("actor", ActorOption, None), ("source", SourceOption, None), ("search", SearchOption, None),
    ("stance", StanceOption, None), ("attributed_to", AttributedToOption, None),
    ("min_credibility", MinCredibilityOption, None), ("min_reliability", MinReliabilityOption, None),
    ("contested", ContestedOption, False), ("uncontested", UncontestedOption, False),
    ("since", SinceOption, None), ("until", UntilOption, None))
ORDERING_OPTIONS: tuple[tuple[str, Any, Any], ...] = (("sort", SortOption, None), ("limit", LimitOption, None))


def takes_filters(command: Callable[..., None]) -> Callable[..., None]:
    """Declare the filter options (and --sort, --limit, where the command has an `ordering` parameter) on
    `command`, which receives them made into `filters: FactFilters` (and `ordering: Ordering`)."""
    signature = inspect.signature(command)
    wants_ordering = "ordering" in signature.parameters
    parameters: list[inspect.Parameter] = []
    for parameter in signature.parameters.values():
        if parameter.name == "filters":
            parameters += _declared(FILTER_OPTIONS)
        elif parameter.name == "ordering":
            parameters += _declared(ORDERING_OPTIONS)
        else:
            parameters.append(parameter)

    @functools.wraps(command)
    def with_filters(*args: Any, **options: Any) -> None:
        filters = fact_filters(**{name: options.pop(name) for name, _, _ in FILTER_OPTIONS})
        if wants_ordering:
            options["ordering"] = ordering(**{name: options.pop(name) for name, _, _ in ORDERING_OPTIONS})
        command(*args, filters=filters, **options)

    with_filters.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    return with_filters


def _declared(options: tuple[tuple[str, Any, Any], ...]) -> list[inspect.Parameter]:
    return [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default, annotation=annotation)
            for name, annotation, default in options]
