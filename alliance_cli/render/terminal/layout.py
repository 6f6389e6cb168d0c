"""Column widths for tables that never break a word in the middle.

rich shrinks the widest columns of a table that is too wide for the terminal until they
fit, and then cuts words (`otherwis|e`). Instead, each table here is given widths no
narrower than its longest word; when even those do not fit, the caller lays the rows
out another way (fewer columns, or one record per block).
"""
from __future__ import annotations

from collections.abc import Iterable

FRAME_PER_COLUMN = 3  # a rule and a space either side of the cell
FRAME_EXTRA = 1  # the closing rule


def cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def longest_word(texts: Iterable[str]) -> int:
    return max((cells(word) for text in texts for word in text.split()), default=0)


def longest_line(texts: Iterable[str]) -> int:
    return max((cells(line) for text in texts for line in text.splitlines()), default=0)


def content_width(total: int, columns: int) -> int:
    """What is left for the cells of a table of `columns` columns in `total` terminal columns."""
    return total - FRAME_PER_COLUMN * columns - FRAME_EXTRA


def fit(available: int, minimums: list[int], maximums: list[int]) -> list[int] | None:
    """Widths from each minimum towards its maximum, in all at most `available`; None if the minimums do not fit.

    Spare room goes to the columns in proportion to how much more each could use.
    """
    minimums = [max(1, m) for m in minimums]
    maximums = [max(low, high) for low, high in zip(minimums, maximums, strict=True)]
    if sum(minimums) > available:
        return None
    wants = [high - low for low, high in zip(minimums, maximums, strict=True)]
    spare = available - sum(minimums)
    if sum(wants) <= spare:
        return maximums
    widths = [low + want * spare // sum(wants) for low, want in zip(minimums, wants, strict=True)]
    for index in sorted(range(len(widths)), key=lambda n: -wants[n]):
        if sum(widths) >= available:
            break
        if widths[index] < maximums[index]:
            widths[index] += 1
    return widths
