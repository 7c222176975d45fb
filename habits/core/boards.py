"""Team boards from members' scorecards: figures per period, shared ranks, rank movement.

Pure: a member is a handle plus a scorecard made with the team's pack. Ties share a rank
(1, 1, 3): standard competition ranking, so nobody is ranked above someone equal to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

from habits.core.followups import FOLLOW_UP
from habits.core.model import Pack
from habits.core.scorecard import Scorecard


class Span(NamedTuple):
    name: str  # week, month or season
    start: date
    end: date  # inclusive; the build day at most


def spans(as_of: date, week_start: int, season: tuple[date, date | None]) -> dict[str, Span]:
    """This week, this month and the season so far, as of a day."""
    first, last = season
    end = min(as_of, last) if last else as_of
    week = as_of - timedelta(days=(as_of.weekday() - week_start) % 7)
    month = as_of.replace(day=1)
    return {
        "week": Span("week", max(week, first), end),
        "month": Span("month", max(month, first), end),
        "season": Span("season", first, end),
    }


class Figures(NamedTuple):
    points: int
    consistency: float  # mean strength of the team's repeating challenges, 0-100
    new_people: int  # people first met in the span (by the member's keyed hashes)
    connector: int  # introductions in the span
    follow_up_rate: float | None  # closed on time / decided in the span, 0-100


def figures(
    card: Scorecard, pack: Pack, span: Span, known: frozenset[str] = frozenset()
) -> Figures:
    """A member's figures over a span (entries past a daily cap count for nothing); `known`
    people (known contacts) are never new."""
    start, end = span.start, span.end
    points = sum(line.points for line in card.ledger if start <= line.date <= end)
    strengths = [r.strength for r in card.challenges if r.strength is not None]
    consistency = round(100 * sum(strengths) / len(strengths), 1) if strengths else 0.0
    seen: set[str] = set(known)
    new = connector = 0
    for entry, day in zip(card.entries, card.days, strict=True):
        if entry.id in card.capped:
            continue
        fresh = [p for p in entry.with_ if p not in seen]
        seen.update(fresh)
        if start <= day <= end:
            new += len(fresh)
            action = pack.actions.get(entry.action)
            if action is not None and action.meet_check_days is not None and len(entry.with_) > 1:
                connector += 1
    good = decided = 0
    for item in card.follow_up_items:
        if item.kind != FOLLOW_UP:
            continue
        decided_on = item.decided(end)
        if decided_on is not None and start <= decided_on <= end:
            decided += 1
            good += item.on_time
    rate = round(100 * good / decided, 1) if decided else None
    return Figures(points, consistency, new, connector, rate)


def competition_ranks(values: Sequence[float | None]) -> list[int | None]:
    """1, 1, 3: the rank is 1 + how many are strictly better; no value, no rank."""
    known = sorted((v for v in values if v is not None), reverse=True)
    ranks: list[int | None] = []
    for value in values:
        if value is None:
            ranks.append(None)
            continue
        better = 0
        while better < len(known) and known[better] > value:
            better += 1
        ranks.append(better + 1)
    return ranks
