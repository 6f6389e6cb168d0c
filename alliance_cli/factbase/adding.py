"""Adding a captured article to a fact base as a new source: the work of `sources add`.

The order of the steps is what keeps the user's data whole:

1. the capture is read (a regular file, bounded), and the entry is built and checked as `validate` would;
2. under the fact base's writers' lock (`locking.locked`), the fact base is read afresh and the whole of it,
   with the new entry, is validated in memory;
3. the capture is copied into the captures folder, never over a different file;
4. the source is recorded in one atomic step: the fact base file replaced (if it has not changed since it
   was read), or `<id>.yaml` linked into the folder (never over a file).

An interruption before step 4 leaves the fact base as it was (at most with the capture copied, which the
same command, run again, finds and accepts); after it, the new state whole. When step 4 fails, the capture
copied in step 3 is removed.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alliance_cli.errors import UsageProblem
from alliance_cli.factbase.captures import MAX_CAPTURE_BYTES
from alliance_cli.factbase.store import Store


def capture_bytes(capture: Path) -> bytes:
    """The bytes of the capture file, checked to be UTF-8 text that is not empty; each refusal is one line."""
    from alliance_cli.files import NotRegularFile, TooLarge, read_bounded

    try:
        data = read_bounded(str(capture), MAX_CAPTURE_BYTES)
    except FileNotFoundError:
        raise UsageProblem(f"{capture}: no such file") from None
    except IsADirectoryError:
        raise UsageProblem(f"{capture}: is a folder; give the captured text file") from None
    except NotRegularFile as error:
        raise UsageProblem(f"{capture}: {error.strerror}; give the captured text file") from None
    except TooLarge:
        raise UsageProblem(f"{capture}: is over {MAX_CAPTURE_BYTES >> 20} MiB, too large for a captured "
                           "article") from None
    except OSError as error:
        raise UsageProblem(f"{capture}: cannot be read: {error.strerror or error}") from None
    except ValueError:
        raise UsageProblem(f"{capture}: is not a usable file name") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageProblem(f"{capture}: not UTF-8 text (byte 0x{data[error.start]:02x} at {error.start}); "
                           "save the capture as UTF-8 plain text") from None
    if not text.removeprefix("\ufeff").strip():
        raise UsageProblem(f"{capture}: is empty")
    return data


def source_kinds() -> tuple[str, ...]:
    """The kinds of source the format knows, `web article` (the default) first."""
    from alliance_cli.factbase.schema import SOURCE

    kinds = SOURCE.by_name["kind"].kind.choices or ()
    return ("web article", *(k for k in kinds if k != "web article")) if "web article" in kinds else kinds


def source_entry(store: Store, source_id: str, name: str, data: bytes, **given: Any) -> dict[str, Any]:
    """The new source's fields, in the order the format declares them; each checked as validate would."""
    from alliance_cli.factbase import schema
    from alliance_cli.factbase.captures import sha256_of

    _check_id(store, source_id)
    digest = sha256_of(data)
    same = next((s["id"] for s in store.sources if s["sha256"] == digest), None)
    if same:
        raise UsageProblem(f"this capture is already source '{same}' (same sha256)")
    named = next((s["id"] for s in store.sources if s["file"] == name), None)
    if named:
        raise UsageProblem(f"source '{named}' already has a capture named '{name}'; rename the file")
    _check_optional(given)
    values = {
        "id": source_id, "title": given["title"], "site": given["site"] or _host(given["url"]) or "Not recorded",
        "author": given["author"], "kind": given["kind"] or source_kinds()[0], "url": given["url"],
        "published": given["published"], "file": name, "sha256": digest, "reliability": given["reliability"],
        "reliability_rationale": given["rationale"] or "Not yet assessed: added with 'alliance sources add'.",
    }
    entry = {f.name: values[f.name] for f in schema.SOURCE.fields if values.get(f.name) is not None}
    for field, value in entry.items():
        spec = schema.SOURCE.by_name[field].kind
        problem = spec.problem(str(value)) if isinstance(spec, schema.Text) else None
        if problem:
            option = "--" + field.replace("_", "-")
            raise UsageProblem(f"{option} must not be blank" if problem == "blank"
                               else f"{option} must be {spec.hint or 'another value'}, not '{value}'")
    return entry


def _check_id(store: Store, source_id: str) -> None:
    from alliance_cli.factbase import schema

    if len(source_id) > schema.MAX_ID_LENGTH:
        raise UsageProblem(f"--id is {len(source_id)} characters long; an id has at most {schema.MAX_ID_LENGTH}")
    if schema.IDENTIFIER.problem(source_id):
        raise UsageProblem(f"--id '{source_id}' must be {schema.IDENTIFIER.hint}")
    if source_id in store.source_by_id:
        raise UsageProblem(f"--id: the fact base already has a source '{source_id}'; choose another id")


def _check_optional(given: dict[str, Any]) -> None:
    from alliance_cli.factbase import schema
    from alliance_cli.factbase.vocabulary import DATE_PATTERN

    for option, field in (("--url", "url"), ("--published", "published")):
        if given[field] is not None and field not in schema.SOURCE.by_name:
            raise UsageProblem(f"{option}: this version's fact base format has no '{field}' field for sources")
    if given["url"] is not None:
        from urllib.parse import urlsplit

        parts = urlsplit(given["url"])
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageProblem(f"--url '{given['url']}' is not an http or https address")
    if given["published"] is not None and not schema.compiled(DATE_PATTERN).search(given["published"]):
        raise UsageProblem(f"--published '{given['published']}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")


def _host(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def add_source(path: str, load: Callable[[], Store], capture: Path, data: bytes, source_id: str,
               variables: dict[str, str], **given: Any) -> list[str]:
    """Add the capture as source `source_id` to the fact base at `path` (a file, or a folder); returns what was
    done, as lines for the person. `load` reads the fact base afresh, under the lock."""
    from alliance_cli.locking import locked

    with locked(path):
        store = load()
        entry = source_entry(store, source_id, capture.name, data, **given)
        if os.path.isdir(path):
            return _record_in_folder(path, store, entry, data, capture, variables)
        return _record_in_file(path, store, entry, data, capture)


def _record_in_file(path: str, store: Store, entry: dict[str, Any], data: bytes, capture: Path) -> list[str]:
    """The entry inserted into the file's text, which is validated whole before the file is replaced."""
    from alliance_cli.factbase import editing
    from alliance_cli.factbase.captures import Finder, base_directory
    from alliance_cli.files import Snapshot, check_writable, write_file

    read_as = Snapshot.of(path)
    text = editing.read_text(path)
    changed = editing.add_to_list(text, path, "sources", entry)
    folder = Finder(store, path).folder()
    done = [f"added source '{entry['id']}' to {path} (sha256 {entry['sha256']})"]
    if folder is None:
        folder = Path(base_directory(path)) / "captures"
        changed = editing.add_top_level_key(changed, path, "captures: captures  # the captured texts, relative "
                                            "to this file", before="sources")
        done.append(f"added 'captures: captures' to {path}: its captures live in {folder}")
    editing.check(path, changed)
    check_writable(path)  # a read-only or hard-linked fact base is refused before its capture folder is made
    target = folder / entry["file"]
    copied = _place_capture(target, data)
    with _removed_on_failure(copied, lambda: Snapshot.of(path) != read_as):
        write_file(path, changed.encode("utf-8"), replace=True, read_as=read_as)
    return [*done, _copy_line(copied is not None, capture, target), _next_line(entry, path)]


def _record_in_folder(path: str, store: Store, entry: dict[str, Any], data: bytes, capture: Path,
                      variables: dict[str, str]) -> list[str]:
    """In a fact base folder, the source goes in a new file of its own, `<id>.yaml` at the top of the folder
    (no file is rewritten); the folder with it is validated in memory before anything is written."""
    from alliance_cli.factbase import directory, editing
    from alliance_cli.factbase.captures import Finder
    from alliance_cli.files import write_file

    new_file = Path(path) / f"{entry['id']}.yaml"
    if new_file.exists() or new_file.is_symlink():
        raise UsageProblem(f"{new_file} already exists; choose another --id")
    captures = Finder(store, path).folder()
    lines = ["sources:", *editing.entry_lines(entry, "", "  ")]
    if captures is None:
        lines.insert(0, "captures: captures  # the captured texts, relative to the fact base folder")
        captures = Path(path) / "captures"
    target = captures / entry["file"]
    if directory.reads(path, str(target)):
        raise UsageProblem(f"{target} would be read as a file of the fact base {path}, since its name ends in "
                           f"{Path(target).suffix}; rename the capture (say to {Path(target).stem}.txt) and run "
                           "the command again")
    content = ("\n".join(lines) + "\n").encode("utf-8")
    directory.check_with(path, str(new_file), content, variables)
    copied = _place_capture(target, data)
    with _removed_on_failure(copied, new_file.exists):
        write_file(str(new_file), content, replace=False)
    return [f"added source '{entry['id']}' to {path} as {new_file} (sha256 {entry['sha256']})",
            _copy_line(copied is not None, capture, target), _next_line(entry, path)]


def _place_capture(target: Path, data: bytes) -> Path | None:
    """Put the capture at `target`: the file written (where a link at `target` led), or None if the same
    bytes were there already."""
    from alliance_cli.files import WriteFailed, read_bounded, write_file

    try:
        there = read_bounded(str(target), len(data))
    except FileNotFoundError:
        try:
            os.makedirs(target.parent, exist_ok=True)
        except OSError as error:  # a file, or a link to nowhere, where the captures folder should be
            why = "it is a link to a folder that does not exist" if target.parent.is_symlink() else error.strerror
            raise WriteFailed(f"{target.parent}: cannot be made a folder for the capture: {why}") from None
        return Path(write_file(str(target), data, replace=False))
    except OSError:
        there = None
    if there != data:
        raise UsageProblem(f"{target} already exists and is not this capture; rename your file")
    return None


class _removed_on_failure:
    """Remove the capture copied for a source if recording the source fails or is interrupted, unless the
    source was recorded after all (a signal held back during the rename arrives just after it)."""

    def __init__(self, copied: Path | None, recorded: Callable[[], bool]) -> None:
        self.copied = copied
        self.recorded = recorded

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, *_) -> None:
        from alliance_cli.files import WriteFailed

        # a refused write (the file changed meanwhile, say) recorded nothing, whatever the file looks like now
        refused = kind is not None and issubclass(kind, WriteFailed)
        if kind is not None and self.copied is not None and (refused or not self.recorded()):
            with contextlib.suppress(OSError):
                self.copied.unlink()


def _copy_line(copied: bool, capture: Path, target: Path) -> str:
    return f"copied {capture} to {target}" if copied else f"{target} already holds this capture"


def _next_line(entry: dict[str, Any], path: str) -> str:
    return f"next: alliance quote {entry['id']} 'words from it' --file {path}"
