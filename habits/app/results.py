"""What the writing use cases return: values a front end shows, never printed here.

What the reading ones return is in habits.app.views (`habits log` does not load it).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from habits.core.model import Entry
from habits.core.problems import Problem

if TYPE_CHECKING:
    from habits.core.followups import FollowUp

from habits.core.scorecard import Summary


class Standing(NamedTuple):
    """What `habits log` compares against: the scorecard before the entry, in brief.

    Small enough to remember between runs, so `habits log` scores only once.
    """

    points: int
    level: int | None
    capped: int
    badges: frozenset[str]
    periods: dict[str, dict[date, tuple[int, bool]]]  # challenge -> period start -> count, met


def standing(card: Summary) -> Standing:
    """Sum up a scorecard as the next log compares against it."""
    return Standing(
        points=card.points,
        level=card.level,
        capped=card.capped_count,
        badges=frozenset(b.id for b in card.badges if b.earned),
        periods={r.id: {p.start: (p.count, p.met) for p in r.periods} for r in card.challenges},
    )


class Logged(NamedTuple):
    """An entry written, and what it changed."""

    entry: Entry  # as written: its id and its place (`log/2026-11.toml:12`)
    day: date  # the entry's local day
    before: Standing  # the standing before it
    after: Summary  # the scorecard after it, as of today
    title: str  # its action's title
    touched: list[FollowUp]  # the follow-ups it opened or closed
    own: int | None  # the points of a back-dated entry itself, when a later one lost its slot
    caution: str  # a venue close to a known one ("did you mean call?"), or ""
    problems: list[Problem]  # damaged files and entries met on the way (left out, not fatal)


class Removed(NamedTuple):
    """An entry taken out of the log."""

    entry: Entry


class Imported(NamedTuple):
    """The entries of a CSV file: added, or (a dry run, or any bad row) only checked."""

    entries: list[Entry]  # new to the log
    present: int  # rows skipped: the log has them already
    problems: list[Problem]  # bad rows: when there are any, nothing was written
    written: bool
