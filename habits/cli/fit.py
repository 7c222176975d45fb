"""Lines that fit a terminal: display widths, text cut with "…", layouts tried in turn.

Widths are terminal cells: most characters take one, East Asian wide ones two, combining
marks none, and colour codes none (a line is measured as it shows, styled or not).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

ANSI = r"\x1b\[[0-9;]*m"  # compiled on first use (re keeps it): `habits log` never needs it
MORE = "…"
GAP = "  "  # between the columns of a table
NARROWEST = 20  # a width below this is taken as this: no layout reads in fewer columns

Step = TypeVar("Step")


def cells(text: str) -> int:
    """The terminal cells a line takes as it shows."""
    if "\x1b" in text:
        text = re.sub(ANSI, "", text)
    if text.isascii():
        return len(text)
    return sum(_cell(char) for char in text)


def _cell(char: str) -> int:
    from unicodedata import combining, east_asian_width

    if combining(char):
        return 0
    return 2 if east_asian_width(char) in ("W", "F") else 1


def clip(text: str, width: int) -> str:
    """Plain text cut to `width` cells, ending in … when it was longer."""
    if cells(text) <= width:
        return text
    return _take(text, width - 1) + MORE if width > 0 else ""


def _take(text: str, room: int) -> str:
    """The longest start of `text` that takes at most `room` cells."""
    used = 0
    for n, char in enumerate(text):
        used += _cell(char)
        if used > room:
            return text[:n]
    return text


def fit(line: str, width: int) -> str:
    """A line, styled or not, cut to `width` cells with …; its colour codes are all kept,
    so a style that ends after the cut still ends."""
    if cells(line) <= width:
        return line
    out, room, cut = [], width - 1, False
    for part in re.split(f"({ANSI})", line):
        if re.fullmatch(ANSI, part):
            out.append(part)
        elif not cut:
            kept = _take(part, room)
            out.append(kept)
            room -= cells(kept)
            if len(kept) < len(part):
                out.append(MORE)
                cut = True
    return "".join(out)


def pad(text: str, width: int, right: bool = False) -> str:
    """Text padded with spaces to `width` cells (on the left when `right`-aligned)."""
    space = " " * max(0, width - cells(text))
    return space + text if right else text + space


def table(rows: Sequence[Sequence[str]], right: Iterable[int] = ()) -> list[str]:
    """Rows of cells (styled or not) as aligned lines: the columns in `right` to the right."""
    if not rows:
        return []
    aligned = set(right)
    widths = [max(cells(row[n]) for row in rows) for n in range(len(rows[0]))]
    return [
        GAP.join(
            pad(cell, w, n in aligned) for n, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def fits(lines: Iterable[str], width: int) -> bool:
    return all(cells(line) <= width for line in lines)


def first_fitting(
    width: int, steps: Sequence[Step], make: Callable[[Step], list[str] | None]
) -> list[str]:
    """The lines `make` gives for the first step whose lines all fit `width` (None: that
    step cannot fit), else the last step's lines cut to the width.

    Steps go from the fullest layout to the barest, so what drops first is stated once,
    in the order of the steps.
    """
    lines: list[str] | None = None
    for step in steps:
        lines = make(step)
        if lines is not None and fits(lines, width):
            return lines
    return [fit(line, width) for line in lines or []]
