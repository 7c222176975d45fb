"""Habit strength: a consistency score that forgives a missed period more than a streak does.

The rule is Loop Habit Tracker's published score: with f = target / D (D = 1, 7 or 30 days) and
m = 0.5 ** (sqrt(f) / 13), each day moves the score to score * m + c * (1 - m), where c is the share
of the target reached that day (D = 1) or over the 2 * D days ending that day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from math import sqrt

from habits.core.model import Challenge, Pause
from habits.core.periods import span_days


def strength_series(
    challenge: Challenge,
    daily: dict[date, list[str]],
    last_day: date,
    pauses: Sequence[Pause],
) -> tuple[date | None, tuple[float, ...]]:
    """Return the first scored day and one score a day from it to `last_day` (0 before it)."""
    span = span_days(challenge.every)
    if not span or not daily:
        return None, ()
    first = min(daily)
    if first > last_day:
        return None, ()
    multiplier = 0.5 ** (sqrt(challenge.target / span) / 13)
    window = 1 if span == 1 else 2 * span
    needed = challenge.target if span == 1 else 2 * challenge.target
    rests = [(p.start, p.end) for p in pauses if p.challenge in (None, challenge.id)]
    in_window: Counter[str] = Counter()
    score = 0.0
    series = []
    for offset in range((last_day - first).days + 1):
        day = first + timedelta(days=offset)
        in_window.update(daily.get(day, ()))
        for unit in daily.get(day - timedelta(days=window), ()):
            in_window[unit] -= 1
            if not in_window[unit]:
                del in_window[unit]
        if not any(start <= day <= end for start, end in rests):  # a rest freezes the score
            share = min(1.0, len(in_window) / needed)
            score = score * multiplier + share * (1 - multiplier)
        series.append(score)
    return first, tuple(series)
