"""`browse`: the interactive browser, with the filters of `facts`. The only module that imports Textual."""
# No `from __future__ import annotations` here: typer reads these annotations at run time.
import typer

from alliance_cli.cli import options as opt
from alliance_cli.cli.filters import Ordering
from alliance_cli.cli.session import CommonOptions
from alliance_cli.errors import UsageProblem


def browse(
    ctx: typer.Context,
    theme: opt.ThemeOption = None,
    all_themes: opt.AllThemesOption = None,
    exclude_theme: opt.ExcludeThemeOption = None,
    actor: opt.ActorOption = None,
    source: opt.SourceOption = None,
    search: opt.SearchOption = None,
    stance: opt.StanceOption = None,
    attributed_to: opt.AttributedToOption = None,
    min_credibility: opt.MinCredibilityOption = None,
    min_reliability: opt.MinReliabilityOption = None,
    contested: opt.ContestedOption = False,
    uncontested: opt.UncontestedOption = False,
    since: opt.SinceOption = None,
    until: opt.UntilOption = None,
    sort: opt.SortOption = None,
    limit: opt.LimitOption = None,
    file: opt.FileOption = None,
    no_cache: opt.NoCacheOption = False,
    no_color: opt.NoColorOption = False,
) -> None:
    """Browse the facts on a terminal: filter as you type, open a fact, follow related facts.

    Takes the filters of `facts`; the search, theme, stance and contested ones start the filter bar.
    Keys: / search, Enter open, Escape back, Tab next pane, r related, c quote in context, y copy id,
    e export, ? help, q quit.

    \b
    Examples:
      alliance browse
      alliance browse --theme sanctions
      alliance browse --search araghchi --contested
    """
    filters = opt.fact_filters(
        theme=theme, all_themes=all_themes, exclude_theme=exclude_theme, actor=actor, source=source,
        search=search, stance=stance, attributed_to=attributed_to, min_credibility=min_credibility,
        min_reliability=min_reliability, contested=contested, uncontested=uncontested, since=since, until=until)
    ordering = Ordering(sort=opt.first(sort), limit=opt.first(limit))
    session = opt.session(ctx, CommonOptions(file=file, no_cache=no_cache, no_color=no_color, no_pager=True))
    env = session.env
    if not env.stdout_isatty or not _stdin_is_terminal():
        raise UsageProblem("browse is interactive and needs a terminal; to list facts into a pipe or a file, "
                           "use 'alliance facts' with the same options")
    store = session.store()
    import os

    from alliance_cli.browse.app import BrowseApp
    from alliance_cli.browse.model import Browser

    browser = Browser(store, filters, ordering, cache=session.env.variables if session.use_cache else None)
    browser.select(browser.initial_bar(), wait=False)  # a name that names nothing: exit 2 here, as in `facts`
    colour = os.environ.get("NO_COLOR")
    if not env.color:  # --no-color, NO_COLOR or TERM=dumb: Textual reads NO_COLOR when the app is made
        os.environ["NO_COLOR"] = "1"
    try:
        app = BrowseApp(browser, session.path, env)
    finally:
        if colour is None:
            os.environ.pop("NO_COLOR", None)
        else:
            os.environ["NO_COLOR"] = colour
    app.run()
    if app.failure is not None:  # the terminal is restored by now: report it as any error is reported
        raise app.failure


def _stdin_is_terminal() -> bool:
    import sys

    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False
