"""One challenge over the log: which entries count, periods met, streaks and their bonuses."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date
from itertools import chain
from operator import attrgetter

from habits.core.model import Challenge, Entry, Pause
from habits.core.periods import Calendar, next_start, period_end
from habits.core.scorecard import ChallengeResult, LedgerLine, PeriodResult
from habits.core.strength import strength_series


class Row:
    """An entry as scoring sees it: local day, people keys, cap and novelty marks."""

    __slots__ = ("capped", "closes", "day", "entry", "new_people", "people", "rank", "ts")

    def __init__(self, entry: Entry, ts: float, day: date, people: tuple[str, ...]) -> None:
        self.entry = entry
        self.ts = ts
        self.day = day
        self.people = people
        self.capped = False
        self.rank = 0  # position in time order (ties: logged, then id)
        self.new_people: tuple[str, ...] = ()
        self.closes: tuple[str, ...] = ()  # follow-ups it closed on time (their opening entries)


def run_challenge(
    challenge: Challenge,
    by_action: dict[str, list[Row]],
    calendar: Calendar,
    as_of: date,
    pauses: Sequence[Pause],
) -> tuple[ChallengeResult, list[tuple[int, LedgerLine]]]:
    """Score one challenge; return its result and its awards (with the meeting entry's rank)."""
    pauses = [p for p in pauses if p.challenge in (None, challenge.id)]
    rows = _counting_rows(challenge, by_action)
    once_start, once_end = _once_window(challenge, rows, as_of)
    counts: dict[date, int] = {}
    seen: dict[date, set[str]] = {}
    met: dict[date, Row] = {}
    daily: dict[date, list[str]] = {}  # what each day adds to the measure (ids or people)
    for row in rows:
        units = _units(challenge, row)
        if not units:
            continue
        daily.setdefault(row.day, []).extend(units)
        start = calendar.period_start(row.day, challenge.every, once_start)
        in_period = seen.setdefault(start, set())
        fresh = [unit for unit in units if unit not in in_period]
        in_period.update(fresh)
        counts[start] = counts.get(start, 0) + len(fresh)
        if start not in met and counts[start] >= challenge.target:
            met[start] = row

    periods = _periods(challenge, calendar, counts, met, as_of, pauses, once_start, once_end)
    lines: list[tuple[int, LedgerLine]] = []
    rank = {row.entry.id: row.rank for row in met.values()}
    run = 0
    best_reached: list[date] = []  # when the run first reached 1, 2, 3... periods
    for period in periods:
        if period.met and period.met_on is not None and period.met_by is not None:
            run += 1
            if run > len(best_reached):
                best_reached.append(period.met_on)
            label = _label(challenge, period)
            awards = (
                (challenge.points, f"Met '{challenge.title}'{label}"),
                (
                    (run - 1) * challenge.streak_bonus,
                    f"Streak ×{run} on '{challenge.title}'{label}",
                ),
            )
            for points, reason in awards:
                if points:
                    line = LedgerLine(period.met_on, points, reason, period.met_by, challenge.id)
                    lines.append((rank[period.met_by], line))
        elif not (period.paused or period.open):
            run = 0
    current = _current(periods, challenge, calendar, as_of, once_start)
    last_day = min(as_of, challenge.end or as_of)
    first, series = strength_series(challenge, daily, last_day, pauses)
    return (
        ChallengeResult(
            challenge=challenge,
            periods=tuple(periods),
            current=current,
            streak=run,
            best_streak=len(best_reached),
            best_reached=tuple(best_reached),
            at_risk=bool(run and current and current.open and not current.met),
            strength=(series[-1] if series else 0.0) if challenge.every != "once" else None,
            strength_from=first,
            strength_series=series,
            points=sum(line.points for _, line in lines),
        ),
        lines,
    )


def _in_order(by_action: dict[str, list[Row]], actions: frozenset[str]) -> list[Row]:
    """The rows of some actions, in time order (each list is already ordered)."""
    streams = [by_action.get(action, []) for action in sorted(actions)]
    if len(streams) == 1:
        return streams[0]
    return sorted(chain.from_iterable(streams), key=_RANK)


_RANK = attrgetter("rank")


def _counting_rows(challenge: Challenge, by_action: dict[str, list[Row]]) -> list[Row]:
    """Rows that meet the challenge's action, venue, tag, window and `after` rules."""
    earlier = _after_index(challenge, by_action) if challenge.after else None
    where, tags, within = challenge.where, challenge.tags, challenge.within_days
    first, last = challenge.start or date.min, challenge.end or date.max
    rows = []
    for row in _in_order(by_action, challenge.actions):
        if row.capped or not first <= row.day <= last:
            continue
        entry = row.entry
        if where and entry.where.casefold() not in where:
            continue
        if tags and not any(tag.casefold() in tags for tag in entry.tags):
            continue
        if earlier is not None and not _follows(row, earlier, within):
            continue
        rows.append(row)
    return rows


def _after_index(
    challenge: Challenge, by_action: dict[str, list[Row]]
) -> dict[str, tuple[list[float], list[date]]]:
    """Per person, the times and days of their entries an `after` rule may look back to."""
    index: dict[str, tuple[list[float], list[date]]] = {}
    for row in _in_order(by_action, challenge.after):
        for person in row.people:
            times, days = index.setdefault(person, ([], []))
            times.append(row.ts)
            days.append(row.day)
    return index


def _follows(
    row: Row, earlier: dict[str, tuple[list[float], list[date]]], within_days: int
) -> bool:
    """True if one of the row's people is in a strictly earlier `after` entry close enough."""
    for person in row.people:
        found = earlier.get(person)
        if not found:
            continue
        times, days = found
        n = bisect_left(times, row.ts)  # entries before n are strictly earlier
        if n and 0 <= (row.day - days[n - 1]).days <= within_days:
            return True
    return False


def _units(challenge: Challenge, row: Row) -> tuple[str, ...]:
    """What one row brings to the measure; a period counts each distinct unit once."""
    if challenge.measure == "entries":
        return (row.entry.id,)
    if challenge.measure == "new-people":
        return row.new_people
    if challenge.measure == "follow-ups":
        return row.closes
    return row.people


def _once_window(challenge: Challenge, rows: list[Row], as_of: date) -> tuple[date, date]:
    start = challenge.start or (rows[0].day if rows else as_of)
    return start, challenge.end or as_of


def _periods(
    challenge: Challenge,
    calendar: Calendar,
    counts: dict[date, int],
    met: dict[date, Row],
    as_of: date,
    pauses: Sequence[Pause],
    once_start: date,
    once_end: date,
) -> list[PeriodResult]:
    """Every period from the first with a count to the one holding the as-of date."""
    if not counts:
        return []
    every = challenge.every
    last_day = min(as_of, challenge.end) if challenge.end else as_of
    last = calendar.period_start(last_day, every, once_start)
    periods = []
    start = min(counts)
    while start <= last:
        end = period_end(start, every, once_end)
        row = met.get(start)
        periods.append(
            PeriodResult(
                start=start,
                end=end,
                count=counts.get(start, 0),
                met=row is not None,
                met_on=row.day if row else None,
                met_by=row.entry.id if row else None,
                paused=any(p.overlaps(start, end, challenge.id) for p in pauses),
                open=start <= as_of <= end,
            )
        )
        start = next_start(start, every)
    return periods


def _current(
    periods: list[PeriodResult],
    challenge: Challenge,
    calendar: Calendar,
    as_of: date,
    once_start: date,
) -> PeriodResult | None:
    """The period holding the as-of date (or the window's last), empty if nothing counted yet."""
    if challenge.start and as_of < challenge.start:
        return None
    if periods:
        return periods[-1]
    day = min(as_of, challenge.end) if challenge.end else as_of
    start = calendar.period_start(day, challenge.every, once_start)
    end = period_end(start, challenge.every, challenge.end or as_of)
    return PeriodResult(start, end, 0, met=False, open=start <= as_of <= end)


def _label(challenge: Challenge, period: PeriodResult) -> str:
    if challenge.every == "once":
        return ""
    if challenge.every == "day":
        return f" ({period.start.isoformat()})"
    if challenge.every == "month":
        return f" ({period.start:%B %Y})"
    return f" (week of {period.start.isoformat()})"
