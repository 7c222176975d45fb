"""Badge rules: one plain function per figure, each giving (value now, day first reached)."""

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from habits.core.followups import RATE_FROM, Tracker
from habits.core.model import Badge, Figure, Pack
from habits.core.scorecard import BadgeResult, ChallengeResult

if TYPE_CHECKING:
    from habits.core.timeline import Row


class Running:
    """The badge figures that grow entry by entry, fed counted entries in time order.

    Entries and new people per month need every counted entry, so they are kept running (a
    remembered tally takes one more entry without going over the year again); the people
    met are the engine's own set.
    """

    __slots__ = ("entries", "met", "met_days", "months", "new_people")

    def __init__(self, pack: Pack) -> None:
        self.met: set[str] = set()  # people of counted entries
        self.met_days: list[date] = []  # the day each of them was first counted
        # Per badge (its index in the pack): entries so far and the day it was earned.
        self.entries: dict[int, tuple[int, date | None]] = {
            n: (0, None) for n, b in enumerate(pack.badges) if b.figure == "entries"
        }
        self.new_people: dict[int, date | None] = {
            n: None for n, b in enumerate(pack.badges) if b.figure == "new_people"
        }
        self.months: dict[tuple[int, int], int] = {}  # new people counted per calendar month

    def feed(self, pack: Pack, rows: "Sequence[Row]") -> None:
        """Rows counted (not past a daily cap), oldest first."""
        for n, (count, earned) in self.entries.items():
            badge = pack.badges[n]
            action = badge.action
            days = [r.day for r in rows if action in (None, r.entry.action)]
            if earned is None and 0 < badge.threshold <= count + len(days):
                earned = days[badge.threshold - count - 1]
            self.entries[n] = (count + len(days), earned)
        if not self.new_people:
            return
        months, waiting = self.months, self.new_people
        for row in rows:
            if row.new_people:
                month = (row.day.year, row.day.month)
                months[month] = total = months.get(month, 0) + len(row.new_people)
                for n, earned in waiting.items():
                    if earned is None and total >= pack.badges[n].threshold:
                        waiting[n] = row.day


class Facts(NamedTuple):
    running: Running
    challenges: dict[str, ChallengeResult]
    points: int
    day_totals: Sequence[tuple[date, int]]  # each day with points and the running total then
    level_ups: Sequence[tuple[int, date]]
    level: int | None
    follow_ups: Tracker
    as_of: date


Rule = Callable[[int, Badge, Facts], tuple[int, date | None]]


Day = TypeVar("Day", date, int)  # a date, or a day ordinal


def _nth(days: Sequence[Day], n: int) -> Day | None:
    return days[n - 1] if 0 < n <= len(days) else None


def entries(index: int, badge: Badge, facts: Facts) -> tuple[int, date | None]:
    return facts.running.entries[index]


def people(index: int, badge: Badge, facts: Facts) -> tuple[int, date | None]:
    running = facts.running
    return len(running.met), _nth(running.met_days, badge.threshold)


def new_people(index: int, badge: Badge, facts: Facts) -> tuple[int, date | None]:
    running = facts.running
    return max(running.months.values(), default=0), running.new_people[index]


def best_streak(index: int, badge: Badge, facts: Facts) -> tuple[int, date | None]:
    result = facts.challenges.get(badge.challenge or "")
    if result is None:
        return 0, None
    return result.best_streak, _nth(result.best_reached, badge.threshold)


def points(index: int, badge: Badge, facts: Facts) -> tuple[int, date | None]:
    earned = next((day for day, total in facts.day_totals if total >= badge.threshold), None)
    return facts.points, earned


def level(index: int, badge: Badge, facts: Facts) -> tuple[int, date | None]:
    earned = next((day for n, day in facts.level_ups if n == badge.threshold), None)
    return facts.level or 0, earned


def follow_ups(index: int, badge: Badge, facts: Facts) -> tuple[int, date | None]:
    """Follow-ups closed on time."""
    days = facts.follow_ups.closed_on_time()
    earned = _nth(days, badge.threshold)
    return len(days), None if earned is None else date.fromordinal(earned)


def follow_up_rate(index: int, badge: Badge, facts: Facts) -> tuple[int, date | None]:
    """The follow-up rate in percent; earned once RATE_FROM follow-ups are decided."""
    decided = facts.follow_ups.decided(facts.as_of)
    earned, good = None, 0
    for n, (day, on_time) in enumerate(decided, start=1):
        good += on_time
        if earned is None and n >= RATE_FROM and 100 * good >= badge.threshold * n:
            earned = date.fromordinal(day)
    value = round(100 * good / len(decided)) if decided else 0
    return value, earned


RULES: dict[Figure, Rule] = {
    "entries": entries,
    "people": people,
    "new_people": new_people,
    "best_streak": best_streak,
    "points": points,
    "level": level,
    "follow_ups": follow_ups,
    "follow_up_rate": follow_up_rate,
}


def evaluate_badges(pack: Pack, facts: Facts) -> list[BadgeResult]:
    """Evaluate every badge of the pack, in the pack's order."""
    out = []
    for index, badge in enumerate(pack.badges):
        value, earned = RULES[badge.figure](index, badge, facts)
        out.append(BadgeResult(badge, value, earned))
    return out
