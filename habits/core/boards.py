"""Team boards from members' scorecards: figures per period, shared ranks, rank movement.

Pure: a member is a handle plus a scorecard made with the team's pack. Ties share a rank
(1, 1, 3): standard competition ranking, so nobody is ranked above someone equal to them.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from math import ceil
from typing import Any, NamedTuple, Protocol, TypeVar

from habits.core.followups import FOLLOW_UP, RATE_FROM
from habits.core.model import Pack
from habits.core.periods import span_days, week_of
from habits.core.scorecard import ChallengeResult, Scorecard

QUIET_DAYS = 14  # a member who has not published for this long is marked on the board
# A follow-up rate from fewer decided follow-ups is too few to tell (as for the rate badge):
# shown as its counts alone, and ranked below every rate from enough.
FEW_DECIDED = RATE_FROM


class Span(NamedTuple):
    name: str  # week, month or season
    start: date  # the period's first day in the season
    end: date  # inclusive: scored up to here, the as-of day at most ("so far")
    last: date | None = None  # the period's own last day in the season; None: an open season

    @property
    def so_far(self) -> bool:
        """Whether the period goes on past the day it is scored to."""
        return self.last is None or self.end < self.last


def spans(as_of: date, week_start: int, season: tuple[date, date | None]) -> dict[str, Span]:
    """This week, this month and the season, each scored up to a day (as of, or the season's
    last day): the whole period as its bounds, clipped to the season."""
    first, last = season
    end = min(as_of, last) if last else as_of
    week = week_of(end, week_start)
    month = end.replace(day=1)
    month_last = month.replace(day=calendar.monthrange(month.year, month.month)[1])

    def clip(day: date) -> date:
        return min(day, last) if last else day

    return {
        "week": Span("week", max(week, first), end, clip(week + timedelta(days=6))),
        "month": Span("month", max(month, first), end, clip(month_last)),
        "season": Span("season", first, end, last),
    }


def shown_name(handle: str, display_name: str | None) -> str:
    """The one name a member goes by on every board: the display name (spaces tidied) when
    given, the handle otherwise."""
    tidy = " ".join((display_name or "").split())
    return tidy or handle


def quiet(published: date | None, as_of: date) -> bool:
    """Whether a member has not published for QUIET_DAYS days by a day."""
    return published is not None and (as_of - published).days >= QUIET_DAYS


# A default goal: what one member might reach in a month (30 days), by figure. New people
# is the example; entries about one a workday; points what those earn in the
# default pack (about 5 an entry); introductions rarer.
PER_MEMBER_MONTH = {"new_people": 8, "entries": 20, "points": 100, "connector": 2}
FIGURE_WORDS = {
    "new_people": "new people",
    "entries": "entries",
    "points": "points",
    "connector": "introductions",
}


def nice(value: float) -> int:
    """Round up to a number a person would set as a target: 7, 25, 60, 450, 3,500."""
    whole = max(1, ceil(value - 1e-9))
    if whole <= 10:
        return whole
    step: int = 5 * 10 ** (len(str(whole)) - 2)  # two figures, the second in fives
    return -(-whole // step) * step


def default_target(figure: str, days: int, members: int) -> int:
    """The team goal's target when team.toml sets none: PER_MEMBER_MONTH a member, scaled
    to the period's days and the team's size (one member at least), rounded up nicely."""
    return nice(PER_MEMBER_MONTH[figure] * max(members, 1) * days / 30)


class Figures(NamedTuple):
    points: int
    consistency: float  # mean strength of the team's repeating challenges, 0-100
    new_people: int  # people first met in the span (by the member's keyed hashes)
    connector: int  # introductions in the span
    follow_up_rate: float | None  # closed on time / decided in the span, 0-100
    follow_ups_on_time: int  # the rate's sample: closed on time, of ...
    follow_ups_decided: int  # ... those decided in the span


# The figures a board ranks: the follow-ups' counts are the rate's sample, not figures.
RANKED = ("points", "consistency", "new_people", "connector", "follow_up_rate")


def figures(
    card: Scorecard, pack: Pack, span: Span, known: frozenset[str] = frozenset()
) -> Figures:
    """A member's figures over a span (entries past a daily cap count for nothing); `known`
    people (known contacts) are never new."""
    start, end = span.start, span.end
    points = sum(line.points for line in card.ledger if start <= line.date <= end)
    strengths = [_mean_strength(r, start, end) for r in card.challenges if r.strength is not None]
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
    return Figures(points, consistency, new, connector, rate, good, decided)


def _mean_strength(result: ChallengeResult, start: date, end: date) -> float:
    """A repeating challenge's strength averaged over the days of a span: 0 before its first
    score, its last score after the challenge ends (the series stops there)."""
    series, first = result.strength_series, result.strength_from
    if not span_days(result.challenge.every) or not series or first is None or end < first:
        return 0.0
    low = (max(start, first) - first).days
    high = (end - first).days  # inclusive
    total = sum(series[low : high + 1])
    if high >= len(series):  # days past the series' end keep its last score
        total += (high - max(low, len(series)) + 1) * series[-1]
    return total / ((end - start).days + 1)


class Comparable(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


Key = TypeVar("Key", bound=Comparable)


def competition_ranks(values: Sequence[Key | None]) -> list[int | None]:
    """1, 1, 3: the rank is 1 + how many are strictly better; no value, no rank. Values may
    be tuples (a second figure breaks ties of the first)."""
    first: dict[Key, int] = {}  # each value's first place, best first
    for place, value in enumerate(sorted((v for v in values if v is not None), reverse=True)):
        first.setdefault(value, place)
    return [None if value is None else first[value] + 1 for value in values]
