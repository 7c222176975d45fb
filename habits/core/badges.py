"""Badge rules: one plain function per figure, each giving (value now, day first reached)."""

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from habits.core.followups import RATE_FROM, Tracker
from habits.core.model import Badge, Figure, Pack
from habits.core.scorecard import BadgeResult, ChallengeResult

if TYPE_CHECKING:
    from habits.core.timeline import Row


class Running:
    """The badge figures that grow entry by entry, fed counted entries in time order.

    Entries, people and new people per month need every counted entry, so they are kept
    running (a remembered tally takes one more entry without going over the year again);
    the people met are the engine's own set, and `meet` counts each one.
    """

    __slots__ = ("best_month", "entries", "met", "months", "new_people", "people")

    def __init__(self, pack: Pack) -> None:
        self.met: set[str] = set()  # people of counted entries
        # The day the count of people met first reached each threshold of a "people" badge.
        self.people: dict[int, date | None] = {
            b.threshold: None for b in pack.badges if b.figure == "people" and b.threshold > 0
        }
        # Per badge (its index in the pack): entries so far and the day it was earned.
        self.entries: dict[int, tuple[int, date | None]] = {
            n: (0, None) for n, b in enumerate(pack.badges) if b.figure == "entries"
        }
        self.new_people: dict[int, date | None] = {
            n: None for n, b in enumerate(pack.badges) if b.figure == "new_people"
        }
        self.months: dict[tuple[int, int], int] = {}  # new people counted per calendar month
        self.best_month = 0  # the most new people of a month `compact` dropped from `months`

    def meet(self, person: str, day: date) -> None:
        """Count a person met for the first time (in a counted entry)."""
        self.met.add(person)
        if len(self.met) in self.people:
            self.people[len(self.met)] = day

    def compact(self, last_day: date) -> None:
        """Keep only the months no older entry can be fed to: the best of the others."""
        month = (last_day.year, last_day.month)
        self.best_month = max([self.best_month, *(n for m, n in self.months.items() if m < month)])
        self.months = {m: n for m, n in self.months.items() if m >= month}

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
    """What badge rules read. A kept tally gives only the recent part of each stream of days
    (`day_totals`, the follow-ups' decisions), with counts for the part before it: a rule
    works out when a badge was earned from the recent part, and `evaluate_badges` keeps the
    day of a badge earned before it (`earned`): a day first reached stays so."""

    running: Running
    challenges: dict[str, ChallengeResult]
    points: int
    day_totals: Sequence[tuple[date, int]]  # each day with points and the running total then
    level_ups: Sequence[tuple[int, date]]
    level: int | None
    follow_ups: Tracker
    as_of: date
    # badges (by their index in the pack) earned before the day the streams start from
    earned: Mapping[int, date] = {}


Rule = Callable[[int, Badge, Facts], tuple[int, date | None]]


Day = TypeVar("Day", date, int)  # a date, or a day ordinal


def _nth(days: Sequence[Day], n: int) -> Day | None:
    return days[n - 1] if 0 < n <= len(days) else None


def entries(index: int, badge: Badge, facts: Facts) -> tuple[int, date | None]:
    return facts.running.entries[index]


def people(index: int, badge: Badge, facts: Facts) -> tuple[int, date | None]:
    running = facts.running
    return len(running.met), running.people.get(badge.threshold)


def new_people(index: int, badge: Badge, facts: Facts) -> tuple[int, date | None]:
    running = facts.running
    return max([running.best_month, *running.months.values()]), running.new_people[index]


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
    before, days = facts.follow_ups.on_time_days()
    earned = _nth(days, badge.threshold - before)
    return before + len(days), None if earned is None else date.fromordinal(earned)


def follow_up_rate(index: int, badge: Badge, facts: Facts) -> tuple[int, date | None]:
    """The follow-up rate in percent; earned once RATE_FROM follow-ups are decided."""
    before, decided = facts.follow_ups.decisions(facts.as_of)
    earned, good = None, before.on_time
    for n, (day, on_time) in enumerate(decided, start=before.total + 1):
        good += on_time
        if earned is None and n >= RATE_FROM and 100 * good >= badge.threshold * n:
            earned = date.fromordinal(day)
    count = before.total + len(decided)
    return (round(100 * good / count) if count else 0), earned


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
        out.append(BadgeResult(badge, value, facts.earned.get(index, earned)))
    return out
