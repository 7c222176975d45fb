"""Read WHEN as people write it: ISO dates and times, today, yesterday, HH:MM."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from habits.core.problems import HabitsError

NOON = time(12, 0)
TOLERANCE = timedelta(minutes=1)
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


class WhenError(HabitsError):
    """A WHEN that cannot be read, or that has not happened yet."""


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
        return date.fromisoformat(text.strip())
    except ValueError:
        raise WhenError(f"'{text}' is not a date", "write YYYY-MM-DD, today or yesterday") from None


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
