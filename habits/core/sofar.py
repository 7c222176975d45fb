"""The week so far against the same days of last week: what the site's home page compares.

Both spans start on the week's first day and run as many days: Monday to Friday this week
against Monday to Friday last week, whatever day of last week's has come since. A challenge
counts as met as `habits review` counts a week (a period met, none missed), with the last
day of each span not over yet: last week is judged as it stood on its own "today".
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from typing import NamedTuple

from habits.core.people import Directory
from habits.core.periods import Calendar
from habits.core.scorecard import ChallengeResult, Scorecard

WEEK = timedelta(days=7)
ONE_DAY = timedelta(days=1)
SHORT = ("day", "week")  # the challenges a week is about; months and once-only are longer


class Span(NamedTuple):
    """A run of days and what happened in it."""

    start: date
    end: date  # inclusive
    entries: int
    people: int  # different people met
    new_people: int  # met for the first time ever
    met: int  # daily and weekly challenges met so far
    challenges: int  # daily and weekly challenges running in the span


def week_so_far(card: Scorecard, calendar: Calendar, people: Directory) -> tuple[Span, Span]:
    """This week up to the card's day, and the same days of the week before."""
    today = card.as_of
    start = calendar.week_of(today)
    last = start - WEEK
    return _span(card, people, start, today), _span(card, people, last, last + (today - start))


def _span(card: Scorecard, people: Directory, start: date, end: date) -> Span:
    first, stop = bisect_left(card.days, start), bisect_right(card.days, end)
    met = running = 0
    keys = {people.key(name) for entry in card.entries[first:stop] for name in entry.with_}
    fresh = sum(len(card.new_people[n]) for n in range(first, stop)) if card.new_people else 0
    for result in card.challenges:
        state = _state(result, start, end)
        if state is not None:
            running += 1
            met += state
    return Span(start, end, stop - first, len(keys), fresh, met, running)


def _state(result: ChallengeResult, start: date, end: date) -> bool | None:
    """Whether a daily or weekly challenge was met from `start` as it stood on `end` (None:
    not one of those, or not running then)."""
    challenge = result.challenge
    if challenge.every not in SHORT:
        return None
    if (challenge.start and challenge.start > end) or (challenge.end and challenge.end < start):
        return None
    met = counted = 0
    seen = False
    for period in reversed(result.periods):  # the newest last: only the last few matter
        if period.end < start:
            break
        if period.start > end:
            continue
        seen = True
        if period.met_on is not None and period.met_on <= end:
            met += 1
            counted += 1
        elif not period.paused and period.end < end:  # over before the span's last day
            counted += 1
    return bool(met) and met == counted if seen else None
