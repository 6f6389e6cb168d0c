"""Growing the fact base: `quote` (evidence from words typed by hand), `new-fact` (a skeleton to complete),
and `sources`, which lists the sources and, as `sources add`, adds a capture as a new one."""
# No `from __future__ import annotations` here: typer reads these annotations at run time.
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from alliance_cli.cli import options as opt
from alliance_cli.cli.commands import catalogs
from alliance_cli.cli.session import CommonOptions, Session
from alliance_cli.errors import NotFound, UsageProblem
from alliance_cli.factbase.store import Store
from alliance_cli.factbase.vocabulary import RELIABILITY, THEMES

QuoteFormatOption = Annotated[list[str] | None, opt.format_option(
    "yaml", "json", help="yaml (an evidence entry to paste) or json [default: yaml].")]


def _find(session: Session, store: Store, source: str, text: str, sources: str | None, option: str = "SOURCE"):
    from alliance_cli.query.passages import resolve_source
    from alliance_cli.query.quoting import find

    if not text.strip():
        raise UsageProblem("give the words to look for: alliance quote SOURCE 'some words of it'")
    source_id = resolve_source(store, source, option)
    found = opt.finder(session, store, sources)
    capture = found.load(source_id)
    opt.warn_if_changed(session, found)
    return capture, find(capture, text)


def _not_one_place(capture, finding) -> NotFound:
    from alliance_cli.query.quoting import not_one_place

    return not_one_place(capture, finding)


def quote(
    ctx: typer.Context,
    source: opt.SourceArgument,
    text: Annotated[list[str], typer.Argument(
        metavar="TEXT...", help="The words to find, as you have them; several arguments are joined by spaces.")],
    fmt: QuoteFormatOption = None,
    json_output: opt.JsonOption = False,
    sources: opt.SourcesOption = None,
    file: opt.FileOption = None,
    no_cache: opt.NoCacheOption = False,
) -> None:
    """Find words in a captured article and print them as an evidence entry, verbatim, with section and place.

    Case, accents, straight or curly quotes, dashes, white space and a few typos do not stop a match; what is
    printed is always the capture's own text. When the words occur under several headings, every place is
    listed (exit code 5); when they are not there, the closest passage is shown (exit code 5).

    \b
    Examples:
      alliance quote inside-the-pact "both nations are heavily burdened"
      alliance quote putins-promise 'Russia -- for its ongoing conflict' --json
    """
    output_format = opt.output_format(fmt, json_output, default="yaml")
    session = opt.session(ctx, CommonOptions(file=file, no_cache=no_cache, no_color=True, no_pager=True))
    capture, finding = _find(session, session.store(), source, " ".join(text), sources)
    from alliance_cli.render import view_renderer
    from alliance_cli.render.view import View

    session.emit(view_renderer("quote", output_format)(capture, finding, View(session.env)))
    if finding.outcome != "found":
        raise _not_one_place(capture, finding)


def new_fact(
    ctx: typer.Context,
    source: Annotated[str, typer.Option(
        "--source", "-s", metavar="ID", autocompletion=opt.complete_sources, help="The source the quote is from.")],
    quote_text: Annotated[str, typer.Option(
        "--quote", "-q", metavar="TEXT", help="Words of the quote, found as `alliance quote` finds them.")],
    theme: Annotated[str, typer.Option(
        "--theme", "-t", metavar="THEME", autocompletion=opt.complete_themes,
        callback=lambda value: opt.choose(value, tuple(THEMES), "theme"),
        help="The fact's theme: security, sanctions, economy or divergence; the id is the next free in it.")],
    sources: opt.SourcesOption = None,
    file: opt.FileOption = None,
    no_cache: opt.NoCacheOption = False,
) -> None:
    """Print the skeleton of a new fact: the next free id in its theme, and the quote as found, with its section.

    The fields to complete are left empty, so the fact does not pass 'alliance validate' until they are filled in.

    \b
    Examples:
      alliance new-fact --source inside-the-pact --quote "both nations are heavily burdened" --theme sanctions
      alliance new-fact -s putins-promise -q "Their economic cooperation is multifaceted" -t economy >> draft.yaml
    """
    from alliance_cli.query.passages import next_fact_id
    from alliance_cli.render.view import View
    from alliance_cli.render.views.curation import fact_skeleton

    session = opt.session(ctx, CommonOptions(file=file, no_cache=no_cache, no_color=True, no_pager=True))
    store = session.store()
    capture, finding = _find(session, store, source, quote_text, sources, "--source")
    if finding.outcome != "found":
        raise _not_one_place(capture, finding)
    session.emit(fact_skeleton(next_fact_id(store, theme), theme, capture, finding.matches[0], View(session.env)))


# --- sources, and sources add ---------------------------------------------------------------------------------------

def sources(safe: Callable[[Callable[..., Any]], Callable[..., Any]]) -> typer.Typer:
    """`sources` as a typer group: the listing when no subcommand is given, and `sources add`.

    `safe` wraps each callback as the app wraps every command."""
    group = typer.Typer(name="sources", invoke_without_command=True, rich_markup_mode=None,
                        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
    group.callback()(safe(_sources_listing))
    group.command("add")(safe(add))
    return group


sources.builds_group = True  # type: ignore[attr-defined]


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
    parent_file = ctx.parent.params.get("file") if ctx.parent is not None else None
    session = opt.session(ctx, CommonOptions(file=file or parent_file, no_cache=True, no_color=True, no_pager=True))
    _refuse_shipped(session.path)
    data = _capture_bytes(capture)
    store = session.store()
    entry = _source_entry(store, source_id, capture.name, data, title=title, site=site, author=author, url=url,
                          kind=kind, published=published, reliability=reliability, rationale=rationale)
    _record(session, store, entry, data, capture)


def _kinds() -> tuple[str, ...]:
    """The kinds of source the format knows, `web article` (the default) first."""
    from alliance_cli.factbase.schema import SOURCE

    kinds = SOURCE.by_name["kind"].kind.choices or ()
    return ("web article", *(k for k in kinds if k != "web article")) if "web article" in kinds else kinds


def _refuse_shipped(path: str) -> None:
    package = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
    if os.path.realpath(path).startswith(package + os.sep):
        raise UsageProblem(f"{path} is the fact base shipped inside the alliance package, which alliance does not "
                           "edit; make one of your own with 'alliance facts --format yaml > facts.yaml' and pass "
                           "--file facts.yaml (or set ALLIANCE_FACTS)")


def _capture_bytes(capture: Path) -> bytes:
    try:
        data = capture.read_bytes()
    except FileNotFoundError:
        raise UsageProblem(f"{capture}: no such file") from None
    except IsADirectoryError:
        raise UsageProblem(f"{capture}: is a folder; give the captured text file") from None
    except OSError as error:
        raise UsageProblem(f"{capture}: cannot be read: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageProblem(f"{capture}: not UTF-8 text (byte 0x{data[error.start]:02x} at {error.start}); "
                           "save the capture as UTF-8 plain text") from None
    if not text.strip():
        raise UsageProblem(f"{capture}: is empty")
    return data


def _source_entry(store: Store, source_id: str, name: str, data: bytes, **given: Any) -> dict[str, Any]:
    """The new source's fields, in the order the format declares them; each checked as validate would."""
    from alliance_cli.factbase import schema
    from alliance_cli.factbase.captures import sha256_of
    from alliance_cli.factbase.vocabulary import DATE_PATTERN

    declared = schema.SOURCE.by_name
    if schema.IDENTIFIER.problem(source_id):
        raise UsageProblem(f"--id '{source_id}' must be {schema.IDENTIFIER.hint}")
    if source_id in store.source_by_id:
        raise UsageProblem(f"--id: the fact base already has a source '{source_id}'; choose another id")
    digest = sha256_of(data)
    same = next((s["id"] for s in store.sources if s["sha256"] == digest), None)
    if same:
        raise UsageProblem(f"this capture is already source '{same}' (same sha256)")
    named = next((s["id"] for s in store.sources if s["file"] == name), None)
    if named:
        raise UsageProblem(f"source '{named}' already has a capture named '{name}'; rename the file")
    for option, field in (("--url", "url"), ("--published", "published")):
        if given[field] is not None and field not in declared:
            raise UsageProblem(f"{option}: this version's fact base format has no '{field}' field for sources")
    if given["url"] is not None:
        from urllib.parse import urlsplit

        parts = urlsplit(given["url"])
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageProblem(f"--url '{given['url']}' is not an http or https address")
    if given["published"] is not None and not schema.compiled(DATE_PATTERN).search(given["published"]):
        raise UsageProblem(f"--published '{given['published']}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    kind = given["kind"] or _kinds()[0]
    values = {
        "id": source_id, "title": given["title"], "site": given["site"] or _host(given["url"]) or "Not recorded",
        "author": given["author"], "kind": kind, "url": given["url"], "published": given["published"],
        "file": name, "sha256": digest, "reliability": given["reliability"],
        "reliability_rationale": given["rationale"] or "Not yet assessed: added with 'alliance sources add'.",
    }
    entry = {f.name: values[f.name] for f in schema.SOURCE.fields if values.get(f.name) is not None}
    for field, value in entry.items():
        spec = declared[field].kind
        problem = spec.problem(str(value)) if isinstance(spec, schema.Text) else None
        if problem:
            option = "--" + field.replace("_", "-")
            raise UsageProblem(f"{option} must not be blank" if problem == "blank"
                               else f"{option} must be {spec.hint or 'another value'}, not '{value}'")
    return entry


def _record_in_folder(session: Session, store: Store, entry: dict[str, Any], data: bytes, capture: Path) -> None:
    """In a fact base folder, the source goes in a new file of its own, `<id>.yaml` at the top of the folder
    (no file is rewritten); the folder with it is checked in full before the capture is copied."""
    from alliance_cli.factbase import editing
    from alliance_cli.factbase.captures import Finder
    from alliance_cli.factbase.loading import check

    path = session.path
    new_file = Path(path) / f"{entry['id']}.yaml"
    if new_file.exists():
        raise UsageProblem(f"{new_file} already exists; choose another --id")
    captures = Finder(store, path).folder()
    lines = ["sources:", *editing.entry_lines(entry, "", "  ")]
    if captures is None:
        lines.insert(0, "captures: captures  # the captured texts, relative to the fact base folder")
        captures = Path(path) / "captures"
    target = captures / entry["file"]
    if target.exists() and (not target.is_file() or target.read_bytes() != data):
        raise UsageProblem(f"{target} already exists and is not this capture; rename your file")
    editing.copy_new(("\n".join(lines) + "\n").encode("utf-8"), str(new_file))
    try:
        check(path)
    except BaseException:
        new_file.unlink()
        raise
    if target.exists():
        copied = f"{target} already holds this capture"
    else:
        editing.copy_new(data, str(target))
        copied = f"copied {capture} to {target}"
    session.message(f"added source '{entry['id']}' to {path} as {new_file} (sha256 {entry['sha256']})")
    session.message(copied)
    session.message(f"next: alliance quote {entry['id']} 'words from it' --file {path}")


def _host(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _record(session: Session, store: Store, entry: dict[str, Any], data: bytes, capture: Path) -> None:
    """Write the capture and the entry: the fact base's text is checked in full before anything is written."""
    from alliance_cli.factbase import editing
    from alliance_cli.factbase.captures import Finder

    path = session.path
    if os.path.isdir(path):
        return _record_in_folder(session, store, entry, data, capture)
    folder = Finder(store, path).folder()
    key_line = None
    if folder is None:
        from alliance_cli.factbase.captures import base_directory

        key_line = "captures: captures  # the captured texts, relative to this file"
        folder = Path(base_directory(path)) / "captures"
    text = editing.read_text(path)
    changed = editing.add_to_list(text, path, "sources", entry)
    if key_line is not None:
        changed = editing.add_top_level_key(changed, path, key_line, before="sources")
    editing.check(path, changed)
    target = folder / entry["file"]
    if target.exists():
        if not target.is_file() or target.read_bytes() != data:
            raise UsageProblem(f"{target} already exists and is not this capture; rename your file")
        copied = f"{target} already holds this capture"
    else:
        editing.copy_new(data, str(target))
        copied = f"copied {capture} to {target}"
    editing.write_atomically(path, changed.encode("utf-8"))
    session.message(f"added source '{entry['id']}' to {path} (sha256 {entry['sha256']})")
    if key_line is not None:
        session.message(f"added 'captures: captures' to {path}: its captures live in {folder}")
    session.message(copied)
    session.message(f"next: alliance quote {entry['id']} 'words from it' --file {path}")
