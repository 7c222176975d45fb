"""Badge rules: one plain function per figure, each giving (value now, day first reached)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING

from habits.core.followups import FOLLOW_UP, RATE_FROM, FollowUp
from habits.core.model import Badge, Figure, Pack
from habits.core.scorecard import BadgeResult, ChallengeResult, LedgerLine

if TYPE_CHECKING:
    from habits.core.challenges import Row


@dataclass(frozen=True, slots=True)
class Facts:
    rows: Sequence[Row]  # counted entries (not past a daily cap), oldest first
    challenges: dict[str, ChallengeResult]
    ledger: Sequence[LedgerLine]
    level_ups: Sequence[tuple[int, date]]
    level: int | None
    follow_ups: Sequence[FollowUp]
    as_of: date


ONE_DAY = timedelta(days=1)
Rule = Callable[[Badge, Facts], tuple[int, date | None]]


def _nth(days: Sequence[date], n: int) -> date | None:
    return days[n - 1] if 0 < n <= len(days) else None


def entries(badge: Badge, facts: Facts) -> tuple[int, date | None]:
    days = [r.day for r in facts.rows if badge.action in (None, r.entry.action)]
    return len(days), _nth(days, badge.threshold)


def people(badge: Badge, facts: Facts) -> tuple[int, date | None]:
    seen: set[str] = set()
    days = []  # the day each new person was first counted
    for row in facts.rows:
        for person in row.people:
            if person not in seen:
                seen.add(person)
                days.append(row.day)
    return len(seen), _nth(days, badge.threshold)


def new_people(badge: Badge, facts: Facts) -> tuple[int, date | None]:
    per_month: dict[tuple[int, int], int] = {}
    earned = None
    for row in facts.rows:
        if row.new_people:
            month = (row.day.year, row.day.month)
            per_month[month] = per_month.get(month, 0) + len(row.new_people)
            if earned is None and per_month[month] >= badge.threshold:
                earned = row.day
    return max(per_month.values(), default=0), earned


def best_streak(badge: Badge, facts: Facts) -> tuple[int, date | None]:
    result = facts.challenges.get(badge.challenge or "")
    if result is None:
        return 0, None
    return result.best_streak, _nth(result.best_reached, badge.threshold)


def points(badge: Badge, facts: Facts) -> tuple[int, date | None]:
    running = accumulate(line.points for line in facts.ledger)
    earned = next(
        (
            line.date
            for line, total in zip(facts.ledger, running, strict=True)
            if total >= badge.threshold
        ),
        None,
    )
    return sum(line.points for line in facts.ledger), earned


def level(badge: Badge, facts: Facts) -> tuple[int, date | None]:
    earned = next((day for n, day in facts.level_ups if n == badge.threshold), None)
    return facts.level or 0, earned


def follow_ups(badge: Badge, facts: Facts) -> tuple[int, date | None]:
    """Follow-ups closed on time."""
    days = sorted(
        f.closed_on
        for f in facts.follow_ups
        if f.kind == FOLLOW_UP and f.on_time and f.closed_on is not None
    )
    return len(days), _nth(days, badge.threshold)


def follow_up_rate(badge: Badge, facts: Facts) -> tuple[int, date | None]:
    """The follow-up rate in percent; earned once RATE_FROM follow-ups are decided."""
    decided = []
    as_of = facts.as_of
    for f in facts.follow_ups:
        if f.kind != FOLLOW_UP:
            continue
        if f.closed_on is not None and f.closed_on <= f.due:
            decided.append((f.closed_on, True))
        elif (miss := f.due + ONE_DAY) <= as_of:
            decided.append((miss, False))
    decided.sort()
    earned, good = None, 0
    for n, (day, on_time) in enumerate(decided, start=1):
        good += on_time
        if earned is None and n >= RATE_FROM and 100 * good >= badge.threshold * n:
            earned = day
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


def evaluate_badges(
    pack: Pack,
    rows: Sequence[Row],
    results: Sequence[ChallengeResult],
    ledger: Sequence[LedgerLine],
    level_ups: Sequence[tuple[int, date]],
    level: int | None,
    follow: Sequence[FollowUp] = (),
    as_of: date = date.max,
) -> list[BadgeResult]:
    """Evaluate every badge of the pack, in the pack's order."""
    facts = Facts(rows, {r.id: r for r in results}, ledger, level_ups, level, follow, as_of)
    out = []
    for badge in pack.badges:
        value, earned = RULES[badge.figure](badge, facts)
        out.append(BadgeResult(badge, value, earned))
    return out
