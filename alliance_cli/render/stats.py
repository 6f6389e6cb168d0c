"""`alliance stats`: counts drawn as bars, because people would rather look than read."""
from __future__ import annotations

from alliance_cli.render import console
from alliance_cli.render.view import View

BAR_WIDTH = 40


def stats_table(counts: dict[str, dict[str, int]], view: View) -> str:
    full = "█" if console.unicode_output(view.env) else "#"
    tables = []
    for group, values in counts.items():
        table = console.new_table(view.env, f"By {group}", show_lines=False)
        table.add_column(group, no_wrap=True)
        table.add_column("count", justify="right")
        table.add_column("", no_wrap=True)
        peak = max(values.values(), default=0) or 1
        for value, count in values.items():
            bar = full * max(1 if count else 0, round(count / peak * BAR_WIDTH))
            table.add_row(console.safe(value), str(count), console.safe(bar, style="green"))
        tables.append(table)
    return console.render(view.env, *tables)
