"""Badge rules: one plain function per figure, each giving (value now, day first reached)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate
from typing import TYPE_CHECKING

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


RULES: dict[Figure, Rule] = {
    "entries": entries,
    "people": people,
    "new_people": new_people,
    "best_streak": best_streak,
    "points": points,
    "level": level,
}


def evaluate_badges(
    pack: Pack,
    rows: Sequence[Row],
    results: Sequence[ChallengeResult],
    ledger: Sequence[LedgerLine],
    level_ups: Sequence[tuple[int, date]],
    level: int | None,
) -> list[BadgeResult]:
    """Evaluate every badge of the pack, in the pack's order."""
    facts = Facts(rows, {r.id: r for r in results}, ledger, level_ups, level)
    out = []
    for badge in pack.badges:
        value, earned = RULES[badge.figure](badge, facts)
        out.append(BadgeResult(badge, value, earned))
    return out
