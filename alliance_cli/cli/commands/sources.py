"""`sources`, a command group: the listing when no subcommand is given (catalogs.sources), and `sources add`,
which records a captured article as a new source (factbase.adding does the work, under the writers' lock)."""
# No `from __future__ import annotations` here: typer reads these annotations at run time.
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from alliance_cli.cli import options as opt
from alliance_cli.cli.commands import catalogs
from alliance_cli.cli.session import CommonOptions
from alliance_cli.errors import UsageProblem
from alliance_cli.factbase.vocabulary import RELIABILITY


def group(safe: Callable[[Callable[..., Any]], Callable[..., Any]]) -> typer.Typer:
    """`sources` as a typer group: the listing when no subcommand is given, and `sources add`.

    `safe` wraps each callback as the app wraps every command."""
    group = typer.Typer(name="sources", invoke_without_command=True, rich_markup_mode=None,
                        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
    group.callback()(safe(_sources_listing))
    group.command("add")(safe(add))
    return group


@functools.wraps(catalogs.sources)
def _sources_listing(ctx: typer.Context, *args: Any, **kwargs: Any) -> None:
    if ctx.invoked_subcommand is None:
        catalogs.sources(ctx, *args, **kwargs)


_sources_listing.__doc__ = """The sources: citation, reliability grade and why, facts citing each; 'sources add' adds one.

\b
Examples:
  alliance sources
  alliance sources --format csv > sources.csv
  alliance sources add article.txt --id new-article --title "The article's headline"
"""


def add(
    ctx: typer.Context,
    capture: Annotated[Path, typer.Argument(metavar="FILE", help="The captured text of the article (UTF-8).")],
    source_id: Annotated[str, typer.Option("--id", metavar="ID", help="The new source's id, e.g. third-article.")],
    title: Annotated[str, typer.Option("--title", metavar="TEXT", help="The article's headline as captured.")],
    site: Annotated[str | None, typer.Option(
        "--site", metavar="TEXT", help="Publisher or site [default: the --url's host, else 'Not recorded'].")] = None,
    author: Annotated[str | None, typer.Option("--author", metavar="TEXT", help="Author, where named.")] = None,
    url: Annotated[str | None, typer.Option("--url", metavar="URL", help="Where the article was captured.")] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", metavar="KIND", callback=lambda value: value and opt.choose(value, _kinds(), "kind"),
        help="What the source is [default: web article].")] = None,
    published: Annotated[str | None, typer.Option(
        "--published", metavar="DATE", help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    reliability: Annotated[str, typer.Option(
        "--reliability", metavar="A-F", callback=lambda value: opt.choose(value, tuple(RELIABILITY), "reliability grade"),
        help="Admiralty source reliability [default: F, cannot be judged].")] = "F",
    rationale: Annotated[str | None, typer.Option(
        "--reliability-rationale", metavar="TEXT", help="Why that grade, in one line.")] = None,
    file: opt.FileOption = None,
) -> None:
    """Add a captured article as a source: hash it, copy it into the fact base's captures folder, record it.

    The entry is inserted into the fact base file; its comments and layout are kept. The capture goes to the
    folder that the file's 'captures:' key names; a file without the key gets 'captures: captures' (a folder
    beside it). The shipped fact base is not edited: work on a copy of your own (see the README).

    \b
    Examples:
      alliance sources add third.txt --id third-article --title "A third article" --file mine.yaml
      alliance sources add report.txt --id report --title "Report" --url https://example.org/report --file mine.yaml
    """
    from alliance_cli.factbase.adding import add_source, capture_bytes

    parent_file = ctx.parent.params.get("file") if ctx.parent is not None else None
    session = opt.session(ctx, CommonOptions(file=file or parent_file, no_cache=True, no_color=True, no_pager=True))
    session.path = os.path.realpath(session.path)  # through a symbolic link, the file it names is edited
    refuse_shipped(session.path)
    data = capture_bytes(capture)
    done = add_source(session.path, session.store, capture, data, source_id, dict(session.env.variables),
                      title=title, site=site, author=author, url=url, kind=kind, published=published,
                      reliability=reliability, rationale=rationale)
    for line in done:
        session.message(line)


def _kinds() -> tuple[str, ...]:
    from alliance_cli.factbase.adding import source_kinds

    return source_kinds()


def refuse_shipped(path: str) -> None:
    """The shipped fact base is never edited: a usage error that says how to make one of your own."""
    package = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
    if os.path.realpath(path).startswith(package + os.sep):
        raise UsageProblem(f"{path} is the fact base shipped inside the alliance package, which alliance does not "
                           "edit; make one of your own with 'alliance facts --format yaml > facts.yaml' and pass "
                           "--file facts.yaml (or set ALLIANCE_FACTS)")
