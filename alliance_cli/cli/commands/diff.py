"""`diff`: what changed between two fact bases, files or git revisions of one."""
# No `from __future__ import annotations` here: typer reads these annotations at run time.
from typing import Annotated

import typer

from alliance_cli.cli import options as opt
from alliance_cli.cli.session import CommonOptions, Session
from alliance_cli.errors import FactBaseError
from alliance_cli.factbase.store import Store

VersionArgument = Annotated[str, typer.Argument(metavar="OLD", help="A fact base file, or REV:PATH in git.")]


def diff(
    ctx: typer.Context,
    old: VersionArgument,
    new: Annotated[str, typer.Argument(metavar="NEW", help="A fact base file, or REV:PATH in git.")],
    fmt: Annotated[list[str] | None, opt.format_option(
        "table", "json", "markdown", help="table, json or markdown [default: table].")] = None,
    json_output: opt.JsonOption = False,
    no_cache: opt.NoCacheOption = False,
    no_color: opt.NoColorOption = False,
    no_pager: opt.NoPagerOption = False,
) -> None:
    """What changed between two fact bases: facts added and removed, and each changed field, by fact id.

    Sources are compared too. OLD and NEW are files, or git revisions of a file written REV:PATH (as
    'git show' takes them), so a change can be reviewed before or after it is committed.

    \b
    Examples:
      alliance diff HEAD~1:facts.yaml facts.yaml
      alliance diff old.yaml new.yaml --format markdown > changes.md
      alliance diff main:facts.yaml facts.yaml --json | jq '.facts.changed[].id'
    """
    from alliance_cli.query.diffing import compare
    from alliance_cli.render import view_renderer
    from alliance_cli.render.view import View

    output_format = opt.output_format(fmt, json_output)
    session = opt.session(ctx, CommonOptions(no_cache=no_cache, no_color=no_color, no_pager=no_pager))
    changes = compare(_load(session, old), _load(session, new))
    if output_format == "table" and not changes:
        session.message(f"No changes: {old} and {new} hold the same facts and sources.")
        return
    session.emit(view_renderer("diff", output_format)(changes, old, new, View(session.env)))


def _load(session: Session, spec: str) -> Store:
    import os

    from alliance_cli.factbase.loading import load
    from alliance_cli.factbase.parsing import parse

    if os.path.exists(spec) or ":" not in spec:
        return load(spec, session.env.variables, session.use_cache)
    return parse(spec, _git_blob(spec))


def _git_blob(spec: str) -> bytes:
    """The bytes of REV:PATH, as git stores them."""
    import subprocess

    if spec.startswith("-"):
        raise FactBaseError(f"{spec}: no such file, and not a git revision REV:PATH")
    try:
        result = subprocess.run(["git", "cat-file", "blob", spec], capture_output=True, check=False, timeout=60)
    except FileNotFoundError:
        raise FactBaseError(f"{spec}: no such file, and git is not installed to read it as REV:PATH") from None
    except subprocess.TimeoutExpired:
        raise FactBaseError(f"{spec}: git took more than a minute to read it") from None
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise FactBaseError(f"{spec}: no such file, and git cannot read it as REV:PATH: "
                            f"{reason[-1] if reason else 'git failed'}")
    return result.stdout
