"""Days, weeks and months as the person lives them: their timezone, week start and day start."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from habits.core.model import Every, Settings


class Calendar:
    """Turn instants into local days and days into periods."""

    def __init__(self, settings: Settings) -> None:
        self.tz = ZoneInfo(settings.timezone)
        self.week_start = settings.week_start
        self.shift = timedelta(hours=settings.day_start)
        self.offsets: dict[int, int | None] = {}  # UTC day number -> its one UTC offset (s)
        self.days: dict[int, date] = {}  # local day number -> its date
        self.shift_seconds = settings.day_start * 3600

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
        return day - timedelta(days=(day.weekday() - self.week_start) % 7)

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
