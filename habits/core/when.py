"""Read WHEN as people write it: ISO dates and times, today, yesterday, HH:MM."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from habits.core.problems import HabitsError

NOON = time(12, 0)
TOLERANCE = timedelta(minutes=1)
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")

# The bounds of every date habits takes in (log entries, --at, --as-of, rests, challenge
# windows): far enough from date.min and date.max that periods, streak windows and time zones
# never step outside what `datetime` can hold. One place, shared by every reader.
FIRST_YEAR = 1900
LAST_YEAR = 2999
EARLIEST = date(FIRST_YEAR, 1, 1)
LATEST = date(LAST_YEAR, 12, 31)
YEARS = f"{FIRST_YEAR}..{LAST_YEAR}"
# The longest span in days a pack or people.toml may give (follow-ups, checks, `within_days`,
# keep-in-touch cadences): ten years.
MAX_DAYS = 3650
# The largest count or points a pack may give: enough for any real pack, small enough that
# totals stay readable.
MAX_COUNT = 1_000_000


class WhenError(HabitsError):
    """A WHEN that cannot be read, or that has not happened yet."""


def out_of_bounds(day: date) -> bool:
    """True for a day outside the years habits takes in."""
    return not EARLIEST <= day <= LATEST


def check_day(day: date, what: str) -> date:
    """Return the day, or refuse it if it lies outside the years habits takes in."""
    if out_of_bounds(day):
        raise WhenError(f"{what} {day.isoformat()} is outside the years {YEARS}", "check the year")
    return day


class _Floating(tzinfo):
    """The zone of a log time written without an offset: the workspace's, known only once the
    settings are read (a parsed log file is cached whatever the settings say)."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return "workspace"

    def __reduce__(self) -> str:
        return "FLOATING"  # pickled as this module's one instance


FLOATING = _Floating()


def settle(at: datetime, tz: tzinfo) -> datetime:
    """A time written without an offset takes the workspace's zone; others stay as written."""
    return at.replace(tzinfo=tz) if at.tzinfo is FLOATING else at


def parse_when(text: str, now: datetime, tz: tzinfo) -> datetime:
    """Return the local instant `text` names; bare dates mean 12:00; the future is refused."""
    word = text.strip().casefold()
    local_now = now.astimezone(tz)
    if word in ("", "now"):
        return local_now.replace(microsecond=0)
    if word == "today":
        noon = datetime.combine(local_now.date(), NOON, tz)
        return noon if noon <= local_now else local_now.replace(microsecond=0)
    if word == "yesterday":
        at = datetime.combine(local_now.date() - timedelta(days=1), NOON, tz)
    elif match := _CLOCK.match(word):
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise WhenError(f"'{text}' is not a time of day", "write HH:MM, e.g. 09:30")
        at = datetime.combine(local_now.date(), time(hour, minute), tz)
    else:
        at = _iso(text.strip(), tz)
    check_day(at.date(), "the time")
    if at - local_now > TOLERANCE:
        raise WhenError(
            f"{at.isoformat(timespec='minutes')} is still to come",
            "habits logs what already happened; give a past time",
        )
    return at.astimezone(tz).replace(microsecond=0)


def parse_day(text: str, today: date) -> date:
    """Return the calendar day `text` names (ISO date, today or yesterday)."""
    word = text.strip().casefold()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise WhenError(f"'{text}' is not a date", "write YYYY-MM-DD, today or yesterday") from None
    return check_day(day, "the date")


def _iso(text: str, tz: tzinfo) -> datetime:
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), NOON, tz)
        at = datetime.fromisoformat(text)
    except ValueError:
        raise WhenError(
            f"'{text}' is not a date or time",
            "write 2026-11-20, 2026-11-20T13:05, today, yesterday or HH:MM",
        ) from None
    return at.replace(tzinfo=tz) if at.tzinfo is None else at


def said(value: date | datetime, pattern: str) -> str:
    """A date as people write it: `strftime` with the day of the month unpadded
    ("Mon 9 Nov", not "Mon 09 Nov"), on every platform (`%-d` is glibc's only)."""
    return value.strftime(pattern.replace("%d", str(value.day)))
