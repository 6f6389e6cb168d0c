"""`alliance stats`: counts drawn as bars, because people would rather look than read."""
from __future__ import annotations

from alliance_cli.render.terminal import console
from alliance_cli.render.view import View

BAR_WIDTH = 40
MIN_BAR_WIDTH = 8
_FRAME = 10  # three columns: four rules and a space either side of each


def stats_table(counts: dict[str, dict[str, int]], view: View) -> str:
    full = "█" if console.unicode_output(view.env) else "#"
    tables = []
    for group, values in counts.items():
        table = console.new_table(view.env, f"By {group}", show_lines=False)
        table.add_column(group, overflow="fold")
        table.add_column("count", justify="right", no_wrap=True)
        table.add_column("", no_wrap=True)
        peak = max(values.values(), default=0) or 1
        width = _bar_width(view.env.width, group, values)
        for value, count in values.items():
            bar = full * max(1 if count else 0, round(count / peak * width))
            table.add_row(console.safe(value), str(count), console.safe(bar, style="green"))
        tables.append(table)
    return console.render(view.env, *tables)


def _bar_width(columns: int | None, group: str, values: dict[str, int]) -> int:
    """Bars give way to labels and numbers on a narrow terminal, down to MIN_BAR_WIDTH."""
    if columns is None:
        return BAR_WIDTH
    label = max([len(group), *map(len, values)])
    count = max([len("count"), *(len(str(v)) for v in values.values())])
    return max(MIN_BAR_WIDTH, min(BAR_WIDTH, columns - label - count - _FRAME))
