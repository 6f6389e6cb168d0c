"""`browse`: the interactive browser, with the filters of `facts`. The only module that imports Textual."""
# No `from __future__ import annotations` here: typer reads these annotations at run time.
from typing import Annotated

import typer

from alliance_cli.cli import options as opt
from alliance_cli.cli.session import CommonOptions
from alliance_cli.errors import UsageProblem
from alliance_cli.query.plan import FactFilters, Ordering


@opt.takes_filters
def browse(
    ctx: typer.Context,
    filters: FactFilters,
    ordering: Ordering,
    file: opt.FileOption = None,
    no_cache: opt.NoCacheOption = False,
    no_color: opt.NoColorOption = False,
    read: Annotated[str | None, typer.Option(
        "--read", metavar="SOURCE", autocompletion=opt.complete_sources,
        help="Open this source's article on the reading screen, to curate it.")] = None,
) -> None:
    """Browse the facts on a terminal: filter as you type, open a fact, follow related facts.

    Takes the filters of `facts`; the search, theme, stance and contested ones start the filter bar.
    Keys: / search, Enter open, Escape back, Tab next pane, r related, c quote in context, y copy id,
    e export, o read the fact's article, ? help, q quit.
    On the reading screen (--read SOURCE, or o): ↑ ↓ move
    by sentence, n next uncited sentence, [ ] candidate, f new fact, a attach, d dispute, u undo.

    \b
    Examples:
      alliance browse
      alliance browse --theme sanctions
      alliance browse --search araghchi --contested
      alliance browse --read third-article --file mine.yaml
    """
    session = opt.session(ctx, CommonOptions(file=file, no_cache=no_cache, no_color=no_color, no_pager=True))
    env = session.env
    if not (env.stdout_isatty and env.stdin_isatty and env.stderr_isatty):  # keys from stdin, drawn on stderr
        raise UsageProblem("browse is interactive and needs a terminal (stdin, stdout and stderr on it); to list "
                           "facts into a pipe or a file, use 'alliance facts' with the same options")
    store = session.store(check_on_use=True)  # the first screen reads a few facts: only they are checked for it
    from alliance_cli.browse.app import BrowseApp
    from alliance_cli.browse.model import Browser

    browser = Browser(store, filters, ordering, cache=session.env.variables if session.use_cache else None)
    browser.select(browser.initial_bar(), wait=False)  # a name that names nothing: exit 2 here, as in `facts`
    if read is not None:  # an unknown source, a missing or changed capture: its error here, before the screen
        from alliance_cli.factbase.captures import Finder
        from alliance_cli.query.attaching import unchanged_capture
        from alliance_cli.query.passages import resolve_source

        read = resolve_source(store, read, "--read")
        unchanged_capture(Finder(store, session.path), read)
    app = BrowseApp.start(browser, session.path, env, read)
    app.run()
    if app.failure is not None:  # the terminal is restored by now: report it as any error is reported
        raise app.failure

