"""What the feed's use cases return (apart from habits.app.feed: `habits log` imports that
module, and a NamedTuple class costs a little to make on every start; see habits.app.views).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from habits.app.views import DueView
    from habits.core.network import Due
    from habits.core.problems import Problem
    from habits.core.scorecard import ChallengeResult


class Opening(NamedTuple):
    """The entry that opened an item of `due` (for a keep-in-touch: the last one with them)."""

    action: str  # the action's title
    people: tuple[str, ...]  # as written in the entry
    keys: tuple[str, ...]  # each one's person key, in the same order

    def others(self, key: str) -> tuple[str, ...]:
        """The people of the entry but the one with `key` (who a check asks about)."""
        return tuple(n for n, k in zip(self.people, self.keys, strict=True) if k != key)


class DueFeed(NamedTuple):
    """What `due` lists, with what a calendar feed says of each item besides."""

    view: DueView
    openings: dict[str, Opening]  # entry id -> the entry
    timezone: str  # the workspace's: an alarm rings in its morning
    name: str  # the person's name from habits.toml ("" if none)


class Reminder(NamedTuple):
    """A nudge as of today: streaks at risk, and what is due today or overdue."""

    as_of: date
    at_risk: tuple[ChallengeResult, ...]  # as `status` marks them (!)
    due: tuple[Due, ...]  # as `due` lists them, due today or before
    problems: list[Problem]

    @property
    def quiet(self) -> bool:
        """Nothing to say."""
        return not (self.at_risk or self.due)
