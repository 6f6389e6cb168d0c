"""The `alliance` command line: options in, work handed to the modules, output out.

Errors are raised as `AllianceError` anywhere below; `main` hands them to
`reporting`, the one place that turns them into a line on stderr and a named exit code.
"""
# No `from __future__ import annotations` here: typer would have to evaluate every annotation string
# on each run, which costs start-up time.
import sys
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from alliance_cli import __version__
from alliance_cli.cli import reporting
from alliance_cli.render.environment import Environment
from alliance_cli.errors import AllianceError, ExitCode, NotFound, UsageProblem
from alliance_cli.factbase.vocabulary import DATE_PATTERN, RELIABILITY, STANCES, THEMES

APP_HELP = ("Browse sourced claims about the Russia–Iran alliance: every claim with its source, "
            "exact quote, speaker, stance, grade and any disagreement between sources.\n\n"
            "\b\nExamples:\n  alliance facts --theme sanctions\n  alliance facts --theme sanctions --json | jq '.[].id'")

# name -> (function, help); `build_app` registers all of them, or only the one a run needs.
COMMANDS: dict[str, tuple[Callable, Optional[str]]] = {}


def command(name: str, help: Optional[str] = None):
    def register(function: Callable) -> Callable:
        COMMANDS[name] = (function, help)
        return function

    return register

# --- completion --------------------------------------------------------------


def _complete_from_store(pick):
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        try:
            session = Session.from_context(ctx, ctx.params.get("file"), False, True, True)
            values = pick(session.store())
        except Exception:  # completion must never print an error into the shell
            return []
        return [v for v in values if v.casefold().startswith(incomplete.casefold())]

    return complete


def _complete_themes(incomplete: str) -> list[str]:
    return [t for t in THEMES if t.startswith(incomplete.casefold())]


_complete_actors = _complete_from_store(lambda store: [e["name"] for e in store.entities])
_complete_sources = _complete_from_store(lambda store: [s["id"] for s in store.sources])
_complete_ids = _complete_from_store(lambda store: list(store.ids))

# --- option checks -----------------------------------------------------------


def _choice(values, choices, what: str):
    """Case-insensitive choice with a did-you-mean, for themes, stances and formats."""
    if values is None:
        return None
    single = isinstance(values, str)
    chosen = []
    for value in [values] if single else values:
        folded = value.strip().casefold()
        match = next((c for c in choices if c.casefold() == folded), None)
        if match is None:
            from alliance_cli.suggest import did_you_mean

            raise typer.BadParameter(f"unknown {what} '{value}'{did_you_mean(folded, list(choices))}; "
                                     f"choose from {', '.join(choices)}")
        chosen.append(match)
    return chosen[0] if single else chosen


def _themes(values):
    return _choice(values, tuple(THEMES), "theme")


def _stances(values):
    return _choice(values, tuple(STANCES), "stance")


def _format(value):
    from alliance_cli.render import FORMATS

    return _choice(value, FORMATS, "format")


def _reliability(value):
    return _choice(value, tuple(RELIABILITY), "reliability grade")


def _date(value):
    import re

    if value is not None and not re.search(DATE_PATTERN, value):
        raise typer.BadParameter(f"'{value}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _sort(value):
    from alliance_cli.query.selection import SORT_KEYS

    return _choice(value, SORT_KEYS, "sort key")


# --- shared options ----------------------------------------------------------

FileOption = Annotated[Optional[str], typer.Option(
    "--file", "-F", metavar="PATH", help="Fact base to read [default: $ALLIANCE_FACTS, else the shipped one].")]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Parse the YAML even if a cached copy is valid.")]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="No colour or styling (also: NO_COLOR=1).")]
NoPagerOption = Annotated[bool, typer.Option("--no-pager", help="Never page long output (also: PAGER=cat).")]
FormatOption = Annotated[Optional[str], typer.Option(
    "--format", "-f", callback=_format, metavar="FORMAT",
    help="table, json, jsonl, csv, yaml or markdown [default: table].")]
JsonOption = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
FieldsOption = Annotated[Optional[str], typer.Option(
    "--fields", metavar="A,B,...", help="Fields to write in json, jsonl and csv, e.g. id,statement,sources.")]


class Session:
    """One command's environment and fact base, built from its options."""

    def __init__(self, env: Environment, path: str, use_cache: bool) -> None:
        self.env, self.path, self.use_cache = env, path, use_cache

    @classmethod
    def from_context(cls, ctx: typer.Context, file, no_cache: bool, no_color: bool, no_pager: bool) -> "Session":
        from alliance_cli.factbase.loading import resolve_path

        env = ctx.obj if isinstance(ctx.obj, Environment) else Environment.from_process()
        env.obey(no_color, no_pager)
        return cls(env, resolve_path(file, env.variables), not no_cache)

    def store(self):
        from alliance_cli.cli.listing import load_store

        return load_store(self.env, self.path, self.use_cache)

    def emit(self, output) -> None:
        from alliance_cli.render.output import emit

        emit(self.env, output)


def _format_of(fmt: str | None, json_flag: bool) -> str:
    if json_flag and fmt not in (None, "json"):
        raise UsageProblem(f"--json and --format {fmt} ask for two formats; give one")
    return "json" if json_flag else fmt or "table"


# --- commands ----------------------------------------------------------------


def _version(value: bool) -> None:
    if value:
        typer.echo(f"alliance {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Browse sourced claims about the Russia–Iran alliance."""


def _listing(kind: str):
    """`facts` and `timeline` take the same filters; one definition serves both."""

    def command(
        ctx: typer.Context,
        theme: Annotated[Optional[list[str]], typer.Option(
            "--theme", "-t", callback=_themes, autocompletion=_complete_themes, metavar="THEME",
            help="Facts with any of these themes (repeatable): security, sanctions, economy, divergence.")] = None,
        all_themes: Annotated[Optional[list[str]], typer.Option(
            "--all-themes", callback=_themes, autocompletion=_complete_themes, metavar="THEME",
            help="Facts with every one of these themes (repeatable).")] = None,
        exclude_theme: Annotated[Optional[list[str]], typer.Option(
            "--exclude-theme", "-x", callback=_themes, autocompletion=_complete_themes, metavar="THEME",
            help="Leave out facts with this theme (repeatable).")] = None,
        actor: Annotated[Optional[list[str]], typer.Option(
            "--actor", "-a", autocompletion=_complete_actors, metavar="NAME", help="Facts about any of these actors (repeatable).")] = None,
        source: Annotated[Optional[list[str]], typer.Option(
            "--source", "-s", autocompletion=_complete_sources, metavar="ID", help="Facts citing any of these source ids.")] = None,
        search: Annotated[Optional[str], typer.Option(
            "--search", "-q", metavar="TEXT",
            help="Text in statement or quotes, ignoring case and accents; any spelling of a name.")] = None,
        stance: Annotated[Optional[list[str]], typer.Option(
            "--stance", callback=_stances, metavar="STANCE", help="asserted, hedged, alleged or opinion (repeatable).")] = None,
        attributed_to: Annotated[Optional[list[str]], typer.Option(
            "--attributed-to", autocompletion=_complete_actors, metavar="NAME",
            help="Claims made by this person or body ('the article' for the articles' own).")] = None,
        min_credibility: Annotated[Optional[int], typer.Option(
            "--min-credibility", min=1, max=6, metavar="1-6",
            help="Credibility grade this good or better (1 is best).")] = None,
        min_reliability: Annotated[Optional[str], typer.Option(
            "--min-reliability", callback=_reliability, metavar="A-F",
            help="Cites a source graded this reliable or better (A is best).")] = None,
        contested: Annotated[Optional[bool], typer.Option(
            "--contested/--uncontested", help="Only facts on which the sources disagree, or only the others.")] = None,
        since: Annotated[Optional[str], typer.Option(
            "--since", callback=_date, metavar="DATE", help="Dated on or after DATE (YYYY[-MM[-DD]]).")] = None,
        until: Annotated[Optional[str], typer.Option(
            "--until", callback=_date, metavar="DATE", help="Dated on or before DATE.")] = None,
        sort: Annotated[Optional[str], typer.Option(
            "--sort", callback=_sort, metavar="KEY", help="file, id, date or credibility.")] = None,
        limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=0, help="At most this many facts.")] = None,
        fmt: FormatOption = None,
        json_output: JsonOption = False,
        fields: FieldsOption = None,
        file: FileOption = None,
        no_cache: NoCacheOption = False,
        no_color: NoColorOption = False,
        no_pager: NoPagerOption = False,
    ) -> None:
        from alliance_cli.cli.listing import describe, list_facts
        from alliance_cli.query.selection import Query

        options = dict(locals())
        session = Session.from_context(ctx, file, no_cache, no_color, no_pager)
        output_format = _format_of(fmt, json_output)
        query = Query(
            any_themes=tuple(theme or ()), all_themes=tuple(all_themes or ()),
            exclude_themes=tuple(exclude_theme or ()), actors=tuple(actor or ()), sources=tuple(source or ()),
            stances=tuple(stance or ()), attributed_to=tuple(attributed_to or ()), min_credibility=min_credibility,
            min_reliability=min_reliability, contested=contested, since=since, until=until,
            dated_only=kind == "timeline", search=search, sort=sort or ("date" if kind == "timeline" else "file"),
            limit=limit)
        list_facts(session.env, session.path, session.use_cache, query, output_format, fields,
                   describe(options), timeline=kind == "timeline")

    return command


command("facts", help="""List facts, filtered, as a table or in a format for other tools.

\b
Examples:
  alliance facts --theme sanctions
  alliance facts --theme sanctions --json | jq -r '.[].statement'
  alliance facts --search araghchi --contested --format markdown
""")(_listing("facts"))

command("timeline", help="""The dated facts in order, filtered like `facts`.

\b
Examples:
  alliance timeline
  alliance timeline --theme security --since 2000 --json
""")(_listing("timeline"))


@command("show")
def show(
    ctx: typer.Context,
    fact_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=_complete_ids, help="A fact id.")],
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", metavar="FORMAT",
                                               help="table or json [default: table].")] = None,
    json_output: JsonOption = False,
    file: FileOption = None,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Everything about one fact: evidence, grades, disagreements, related facts.

    \b
    Examples:
      alliance show security-001
      alliance show divergence-003 --json | jq .evidence
    """
    from alliance_cli.factbase.store import fact_sources
    from alliance_cli.query.related import related_facts

    output_format = _format_of(_choice(fmt, ("table", "json"), "format"), json_output)
    session = Session.from_context(ctx, file, no_cache, no_color, no_pager)
    store = session.store()
    ordinal = store.ordinal_of.get(fact_id)
    if ordinal is None:
        from alliance_cli.suggest import did_you_mean

        raise NotFound(f"no fact with id '{fact_id}'{did_you_mean(fact_id, store.ids)}; "
                       "'alliance facts' lists them")
    related = related_facts(store, ordinal)
    if output_format == "json":
        from alliance_cli.render.json_format import pretty

        fact = store.fact(ordinal)
        cited = [store.source_by_id[s] for s in fact_sources(fact)]
        session.emit(pretty({**fact, "cited_sources": cited, "related_facts": [store.ids[n] for n in related]}))
    else:
        from alliance_cli.render.detail import fact_detail
        from alliance_cli.render.view import View

        session.emit(fact_detail(store, ordinal, related, View(session.env)))


def _catalog_command(name: str, build, doc: str):
    def catalog_command(
        ctx: typer.Context,
        fmt: FormatOption = None,
        json_output: JsonOption = False,
        file: FileOption = None,
        no_cache: NoCacheOption = False,
        no_color: NoColorOption = False,
        no_pager: NoPagerOption = False,
    ) -> None:
        from alliance_cli.render import rows_renderer
        from alliance_cli.render.view import View

        session = Session.from_context(ctx, file, no_cache, no_color, no_pager)
        output_format = _format_of(fmt, json_output)
        store = session.store()
        if name == "stats" and output_format == "table":
            from alliance_cli.query import catalog
            from alliance_cli.render.stats import stats_table

            session.emit(stats_table(catalog.counts(store), View(session.env)))
            return
        session.emit(rows_renderer(output_format)(build(store), View(session.env)))

    COMMANDS[name] = (catalog_command, doc)


def _catalog(function_name: str):
    def build(store):
        from alliance_cli.query import catalog

        return getattr(catalog, function_name)(store)

    return build


_catalog_command("themes", _catalog("themes"), """The themes, what each covers, and how many facts carry it.

\b
Examples:
  alliance themes
  alliance themes --json | jq -r '.[] | "\\(.theme) \\(.facts)"'
""")
_catalog_command("sources", _catalog("sources"), """The sources: citation, reliability grade and why, facts citing each.

\b
Examples:
  alliance sources
  alliance sources --format csv > sources.csv
""")
_catalog_command("actors", _catalog("actors"), """People, states and bodies, with every spelling a search accepts.

\b
Examples:
  alliance actors
  alliance actors --json | jq '.[] | select(.aliases | length > 0)'
""")
_catalog_command("stats", _catalog("counts_listing"), """Counts by theme, source, stance and grade, drawn as bars.

\b
Examples:
  alliance stats
  alliance stats --format csv
""")


@command("validate")
def validate(
    ctx: typer.Context,
    path: Annotated[Optional[str], typer.Argument(
        metavar="[PATH]", help="Fact base to check [default: --file, $ALLIANCE_FACTS, else the shipped one].")] = None,
    file: FileOption = None,
) -> None:
    """Check a fact base against the format and across references; list every problem.

    \b
    Examples:
      alliance validate
      alliance validate my-facts.yaml
    """
    from alliance_cli.factbase.loading import parse, read_bytes

    session = Session.from_context(ctx, path or file, True, True, True)
    store = parse(session.path, read_bytes(session.path))
    session.emit(f"{session.path}: valid: {len(store)} facts, {len(store.sources)} sources, "
                 f"{len(store.entities)} entities\n")


@command("verify")
def verify(
    ctx: typer.Context,
    sources: Annotated[Path, typer.Option(
        "--sources", metavar="DIR", help="Folder holding the captured source texts.")],
    file: FileOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Check that every quote stands verbatim in its source, and every source's sha256.

    \b
    Examples:
      alliance verify --sources ../shared/sources
      alliance verify --sources captures/ --file my-facts.yaml
    """
    from alliance_cli.errors import VerificationFailed
    from alliance_cli.factbase.verify import verify as run_verify

    session = Session.from_context(ctx, file, no_cache, True, True)
    if not sources.is_dir():
        raise UsageProblem(f"--sources: {sources} is not a folder")
    report = run_verify(session.store(), sources)
    if report.failures:
        raise VerificationFailed(*(f.line() for f in report.failures),
                                 f"{len(report.failures)} of {report.quotes_checked} quotes or "
                                 f"{report.sources_checked} sources failed verification")
    session.emit(f"verified: {report.quotes_checked} quotes found verbatim in {report.sources_checked} sources, "
                 "and every sha256 matches\n")


@command("schema")
def schema_command(ctx: typer.Context) -> None:
    """Print the JSON Schema of the fact base format, for editors and other tools.

    \b
    Examples:
      alliance schema > alliance.schema.json
      alliance schema | jq '.properties.facts.items.required'
    """
    from alliance_cli.factbase import schema
    from alliance_cli.render.json_format import pretty

    Session.from_context(ctx, None, True, True, True).emit(pretty(schema.json_schema()))


# --- entry point ---------------------------------------------------------------


def build_app(only: Optional[str] = None) -> typer.Typer:
    """The typer app with every command, or with just `only`: building all ten costs a run ~20 ms."""
    app = typer.Typer(name="alliance", help=APP_HELP, rich_markup_mode=None, no_args_is_help=True,
                      pretty_exceptions_enable=False,
                      context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
    app.callback()(_root)
    for name, (function, help_text) in COMMANDS.items():
        if only is None or name == only:
            app.command(name, help=help_text)(function)
    return app


def _needed_command(argv: list[str]) -> Optional[str]:
    """The command a run names, when nothing else (top-level help, completion) needs the others."""
    import os

    if not argv or argv[0] not in COMMANDS or "_ALLIANCE_COMPLETE" in os.environ:
        return None
    return argv[0]


def main(argv: Optional[list] = None, env: Optional[Environment] = None) -> int:
    """Run alliance; return the exit code. `env` replaces the real terminal in tests."""
    from typer.main import get_command

    argv = sys.argv[1:] if argv is None else list(argv)
    command = get_command(build_app(_needed_command(argv)))
    stderr = env.stderr if env else sys.stderr
    try:
        result = command.main(args=argv, prog_name="alliance", standalone_mode=False, obj=env)
        code = result if isinstance(result, int) else ExitCode.OK
    except AllianceError as error:
        return reporting.report(error, stderr, real_stdout=env is None)
    except (typer.Abort, KeyboardInterrupt):
        code = ExitCode.INTERRUPTED
    except Exception as error:  # noqa: BLE001 - the one place that stops tracebacks
        if _is_click_error(error):
            return _report_usage(error, stderr)
        return reporting.bug(error, stderr)
    if code == ExitCode.INTERRUPTED:  # typer turns Ctrl-C into exit code 130 before we see it
        return reporting.interrupted(stderr)
    return code


def _is_click_error(error: Exception) -> bool:
    """click's exceptions, found by shape: typer vendors click in some versions and not in others."""
    return callable(getattr(error, "format_message", None)) and isinstance(getattr(error, "exit_code", None), int)


def _report_usage(error, stderr) -> int:
    context = getattr(error, "ctx", None)
    if type(error).__name__ == "NoArgsIsHelpError" and context is not None:
        sys.stdout.write(context.get_help() + "\n")
        return ExitCode.OK
    where = context.command_path if context is not None else "alliance"
    stderr.write(f"{where}: error: {reporting.one_line(error.format_message())} (see '{where} --help')\n")
    return error.exit_code
