"""Habit strength: a consistency score that forgives a missed period more than a streak does.

The rule is Loop Habit Tracker's published score: with f = target / D (D = 1, 7 or 30 days) and
m = 0.5 ** (sqrt(f) / 13), each day moves the score to score * m + c * (1 - m), where c is the share
of the target reached that day (D = 1) or over the 2 * D days ending that day.
"""

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import accumulate
from math import sqrt
from typing import NamedTuple

from habits.core.model import Challenge, Pause
from habits.core.periods import span_days

# The bands strength is read in, as words: each word from its lower bound up (a whole
# percent, as strength is shown), the highest first. A low score early on is a habit forming,
# not a failing grade: the score climbs slowly (half the way to 100% in 13 days of a daily
# habit met every day, months for a monthly one), so a challenge in its first NEW_PERIODS
# periods is "new" whatever its score.
BANDS = ((80, "strong"), (60, "steady"), (30, "growing"), (0, "building"))
NEW_PERIODS = 3


def strength_word(strength: float | None, periods: int) -> str:
    """The word for a strength's band ("" without a strength), given the challenge's periods
    so far (the current one included)."""
    if strength is None:
        return ""
    if periods < NEW_PERIODS:
        return "new"
    shown = int(f"{strength:.0%}".removesuffix("%"))  # 59.6% shows as 60%: steady
    return next((word for low, word in BANDS if shown >= low), BANDS[-1][1])


class Known(NamedTuple):
    """The score as of a day that no later entry can change (a kept tally carries it)."""

    day: date
    score: float


def strength_series(
    challenge: Challenge,
    counts: dict[date, int],
    units: dict[date, list[str]],
    last_day: date,
    pauses: Sequence[Pause],
    known: Known | None = None,
    rest: tuple[bool, ...] | None = None,
) -> tuple[date | None, tuple[float, ...]]:
    """Return the day of the first score and one score a day from it to `last_day`.

    `rest` (by `date.weekday()`, for a daily challenge) marks the non-workdays: like a pause
    they freeze the score, unless the target is met that day (then it counts).

    What each day adds to the measure: `units` (the people) for a "people" challenge, whose
    window counts each person once; `counts` for any other. Without `known` the series
    starts on the first day with a count (0 before it); with it, on `known.day`: only the
    days after it are walked, and `counts`/`units` need only hold the days from
    `known.day - window + 2` on (the window of the first day walked).
    """
    span = span_days(challenge.every)
    daily = units if challenge.measure == "people" else counts
    if not span or not (daily or known):
        return None, ()
    first = known.day if known else min(daily)
    if first > last_day:
        return None, ()
    multiplier = 0.5 ** (sqrt(challenge.target / span) / 13)
    window = 1 if span == 1 else 2 * span
    needed = challenge.target if span == 1 else 2 * challenge.target
    rests = [(p.start, p.end) for p in pauses if p.challenge in (None, challenge.id)]
    days = (last_day - first).days + 1
    done = 1 if known else 0
    in_window = (
        _distinct_counts(units, first, done, days, window)
        if challenge.measure == "people"
        else _window_counts(counts, first, done, days, window)
    )
    score = known.score if known else 0.0
    series = [score] if known else []
    weekday = first.weekday()
    for offset, count in enumerate(in_window, start=done):
        off = rest is not None and rest[(weekday + offset) % 7] and count < needed
        if not off and (not rests or not _resting(first + timedelta(days=offset), rests)):
            score = score * multiplier + min(1.0, count / needed) * (1 - multiplier)
        series.append(score)  # a rest, or an unmet non-workday, freezes the score
    return first, tuple(series)


def window_start(challenge: Challenge, day: date) -> date | None:
    """The first day the measure is counted over for the score of `day` (None: no score)."""
    span = span_days(challenge.every)
    if not span:
        return None
    return day - timedelta(days=(1 if span == 1 else 2 * span) - 1)


def _resting(day: date, rests: list[tuple[date, date]]) -> bool:
    return any(start <= day <= end for start, end in rests)


def _window_counts(
    counts: dict[date, int], first: date, start: int, days: int, window: int
) -> list[int]:
    """The measure over the `window` days ending on each day `first + n`, for n in start..days-1.

    Entry ids and first-ever people never repeat: a running sum is the distinct count.
    """
    low = start - window + 1  # before `first` when it is a known day: its window reaches back
    per_day = [counts.get(first + timedelta(days=n), 0) for n in range(low, days)]
    running = [0, *accumulate(per_day)]
    return [
        running[n - low + 1] - running[max(0, n - low + 1 - window)] for n in range(start, days)
    ]


def _distinct_counts(
    units: dict[date, list[str]], first: date, start: int, days: int, window: int
) -> list[int]:
    """The distinct people over the `window` days ending on each day `first + n` (n >= start)."""
    low = start - window + 1
    in_window: Counter[str] = Counter()
    for n in range(low, start):
        in_window.update(units.get(first + timedelta(days=n), ()))
    counts = []
    for n in range(start, days):
        day = first + timedelta(days=n)
        in_window.update(units.get(day, ()))
        if n - window >= low:
            for unit in units.get(day - timedelta(days=window), ()):
                in_window[unit] -= 1
                if not in_window[unit]:
                    del in_window[unit]
        counts.append(len(in_window))
    return counts
