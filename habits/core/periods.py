"""Days, weeks and months as the person lives them: their timezone, week start and day start."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from habits.core.model import WORKWEEK, Every, Pause, Settings


def week_of(day: date, week_start: int) -> date:
    """The first day of the week holding `day`, weeks starting on `week_start` (0: Monday)."""
    return day - timedelta(days=(day.weekday() - week_start) % 7)


class Calendar:
    """Turn instants into local days and days into periods."""

    def __init__(self, settings: Settings) -> None:
        self.tz = ZoneInfo(settings.timezone)
        self.week_start = settings.week_start
        self.shift = timedelta(hours=settings.day_start)
        self.offsets: dict[int, int | None] = {}  # UTC day number -> its one UTC offset (s)
        self.days: dict[int, date] = {}  # local day number -> its date
        self.shift_seconds = settings.day_start * 3600
        self.rest = rest_days(settings.workdays)  # by date.weekday(): True on a non-workday

    def forget(self) -> None:
        """Drop the caches of days (a kept tally is fed a few entries, not years of them)."""
        self.offsets.clear()
        self.days.clear()

    def local(self, at: datetime) -> datetime:
        return at.astimezone(self.tz)

    def day_of(self, at: datetime) -> date:
        """Return the day an instant belongs to (before day_start it is still yesterday)."""
        return (at.astimezone(self.tz) - self.shift).date()

    def day_of_timestamp(self, ts: float) -> date:
        """day_of for a POSIX timestamp, caching the zone's offset UTC day by UTC day."""
        utc_day = int(ts // 86400)
        if utc_day not in self.offsets:
            first = datetime.fromtimestamp(utc_day * 86400, self.tz).utcoffset()
            last = datetime.fromtimestamp(utc_day * 86400 + 86399, self.tz).utcoffset()
            steady = None
            if first is not None and first == last:
                steady = int(first.total_seconds())
            self.offsets[utc_day] = steady
        offset = self.offsets[utc_day]
        if offset is None:  # the offset changes during this day: do it exactly
            return self.day_of(datetime.fromtimestamp(ts, self.tz))
        number = int((ts + offset - self.shift_seconds) // 86400)
        day = self.days.get(number)
        if day is None:
            day = self.days[number] = _EPOCH + timedelta(days=number)
        return day

    def week_of(self, day: date) -> date:
        return week_of(day, self.week_start)

    def period_start(self, day: date, every: Every, once_start: date = date.min) -> date:
        if every == "day":
            return day
        if every == "week":
            return self.week_of(day)
        if every == "month":
            return day.replace(day=1)
        return once_start


_EPOCH = date(1970, 1, 1)
ONE_DAY = timedelta(days=1)


def rest_days(workdays: Iterable[int]) -> tuple[bool, ...]:
    """Seven flags by `date.weekday()`: True on a day that is not a workday (with none given,
    every day is one: the files refuse an empty list, and a count must end)."""
    work = set(workdays) or set(range(7))
    return tuple(day not in work for day in range(7))


class Workweek:
    """The days due dates count: the workdays, less the days of a rest of every challenge (a
    holiday). A follow-up opened on Friday, due one workday later, is due on Monday.

    Feeding the follow-ups asks for the same few days again and again (rows come in time
    order): each answer is remembered until `forget`.
    """

    __slots__ = ("holidays", "memo", "rest")

    def __init__(self, workdays: Iterable[int] = WORKWEEK, pauses: Sequence[Pause] = ()) -> None:
        self.rest = rest_days(workdays)
        self.holidays = tuple(sorted((p.start, p.end) for p in pauses if p.challenge is None))
        self.memo: dict[tuple[date, int], date] = {}  # (day, workdays) -> the day they end

    def after(self, day: date, days: int) -> date:
        """The day `days` workdays after `day` (`day` itself for 0)."""
        key = (day, days)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._count(day, days)
        return found

    def _count(self, day: date, days: int) -> date:
        rest, holidays = self.rest, self.holidays
        weekday = day.weekday()
        while days > 0:
            day += ONE_DAY
            weekday = (weekday + 1) % 7
            for start, end in holidays:
                if start <= day <= end:  # skip the whole holiday at once
                    weekday = (weekday + (end - day).days) % 7
                    day = end
                    break
            else:
                if not rest[weekday]:
                    days -= 1
        return day

    def forget(self) -> None:
        """Drop the remembered answers (a kept tracker is pickled small)."""
        self.memo.clear()


def next_start(start: date, every: Every) -> date:
    """Return the first day of the period after the one starting on `start`."""
    if every == "day":
        return start + timedelta(days=1)
    if every == "week":
        return start + timedelta(days=7)
    if every == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date.max


def period_end(start: date, every: Every, once_end: date = date.max) -> date:
    """Return the last day (inclusive) of the period starting on `start`."""
    if every == "once":
        return once_end
    return next_start(start, every) - timedelta(days=1)


def span_days(every: Every) -> int:
    """Days in a period as the strength rule counts them (Loop Habit Tracker's D)."""
    return {"day": 1, "week": 7, "month": 30}.get(every, 0)
