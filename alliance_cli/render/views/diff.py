"""`alliance diff`: what changed between two fact bases, as a table, JSON or Markdown."""
from __future__ import annotations

from typing import Any

from alliance_cli.query.diffing import Changed, Changes, FieldChange
from alliance_cli.render.terminal import console
from alliance_cli.render.view import View


def summary(changes: Changes) -> str:
    def counted(added: list, removed: list, changed: list, noun: str) -> str:
        plural = noun if len(added) == 1 else noun + "s"
        return f"{len(added)} {plural} added, {len(removed)} removed, {len(changed)} changed"

    return (counted(changes.added, changes.removed, changes.changed, "fact") + "; "
            + counted(changes.sources_added, changes.sources_removed, changes.sources_changed, "source"))


def _item(value: Any) -> str:
    if isinstance(value, dict) and "quote" in value and "section" in value:
        return f"{value['source']} [{value['section']}]: “{value['quote']}”"
    if isinstance(value, dict) and "accounts" in value:
        sides = " / ".join(f"{a['source']}: {a['says']} (“{a['quote']}”)" for a in value["accounts"])
        return f"{value['point']}: {sides}"
    return str(value)


def shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return "\n".join(_item(v) for v in value) if value else "(empty)"
    return str(value)


def sides(change: FieldChange, minus: str = "− ", plus: str = "+ ") -> tuple[str, str]:
    """Before and after: for lists, only the items that went and came, unless only their order changed."""
    if isinstance(change.old, list) and isinstance(change.new, list):
        went, came = change.removed_items, change.added_items
        if went or came:
            return ("\n".join(minus + _item(v) for v in went), "\n".join(plus + _item(v) for v in came))
    return shown(change.old), shown(change.new)


# --- JSON -----------------------------------------------------------------------------------------------------------

def _changed_json(changed: list[Changed]) -> list[dict[str, Any]]:
    result = []
    for entry in changed:
        fields = []
        for change in entry.fields:
            row: dict[str, Any] = {"field": change.name, "old": change.old, "new": change.new}
            if isinstance(change.old, list) or isinstance(change.new, list):
                row["removed_items"], row["added_items"] = change.removed_items, change.added_items
            fields.append(row)
        result.append({"id": entry.id, "fields": fields})
    return result


def diff_json(changes: Changes, old: str, new: str, view: View) -> bytes:
    from alliance_cli.render.exports.json_format import pretty

    return pretty({
        "old": old, "new": new,
        "facts": {"added": changes.added, "removed": changes.removed, "changed": _changed_json(changes.changed)},
        "sources": {"added": changes.sources_added, "removed": changes.sources_removed,
                    "changed": _changed_json(changes.sources_changed)},
    })


# --- table ----------------------------------------------------------------------------------------------------------

def diff_table(changes: Changes, old: str, new: str, view: View) -> str:
    minus, plus = ("− ", "+ ") if console.unicode_output(view.env) else ("- ", "+ ")
    table = console.new_table(view.env, f"Changes from {old} to {new}", caption=summary(changes),
                              caption_justify="left")
    table.add_column("change", no_wrap=True)
    table.add_column("id", no_wrap=True, style="cyan")
    table.add_column("field", no_wrap=True)
    table.add_column("before", overflow="fold", ratio=1)
    table.add_column("after", overflow="fold", ratio=1)
    for kind, facts, sources in (("added", changes.added, changes.sources_added),
                                 ("removed", changes.removed, changes.sources_removed)):
        for record in [*sources, *facts]:
            what = record.get("statement") or record.get("title", "")
            label = "" if "statement" in record else "source"
            before, after = ("", what) if kind == "added" else (what, "")
            table.add_row(kind, console.safe(record["id"]), label, console.safe(before), console.safe(after))
    for entries, label in ((changes.sources_changed, "source "), (changes.changed, "")):
        for entry in entries:
            for change in entry.fields:
                before, after = sides(change, minus, plus)
                table.add_row("changed", console.safe(entry.id), console.safe(label + change.name),
                              console.safe(before), console.safe(after))
    return console.render(view.env, table)


# --- Markdown -------------------------------------------------------------------------------------------------------

def diff_markdown(changes: Changes, old: str, new: str, view: View) -> str:
    from alliance_cli.render.exports.markdown_format import escape

    def cell(text: str) -> str:
        return "<br>".join(escape(line) for line in text.split("\n"))

    lines = [f"# Changes from {escape(old)} to {escape(new)}", "", summary(changes) + ".", ""]
    for heading, facts in (("Facts added", changes.added), ("Facts removed", changes.removed)):
        if facts:
            lines += [f"## {heading}", ""] + [f"- **{escape(f['id'])}**: {escape(f['statement'])}" for f in facts]
            lines.append("")
    for heading, sources in (("Sources added", changes.sources_added), ("Sources removed", changes.sources_removed)):
        if sources:
            lines += [f"## {heading}", ""] + [f"- **{escape(s['id'])}**: {escape(s['title'])}" for s in sources]
            lines.append("")
    for heading, entries in (("Facts changed", changes.changed), ("Sources changed", changes.sources_changed)):
        if not entries:
            continue
        lines += [f"## {heading}", ""]
        for entry in entries:
            lines += [f"### {escape(entry.id)}", "", "| field | before | after |", "|---|---|---|"]
            for change in entry.fields:
                before, after = sides(change)
                lines.append(f"| {escape(change.name)} | {cell(before)} | {cell(after)} |")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
