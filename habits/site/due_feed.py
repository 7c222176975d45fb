"""What is due as an iCalendar feed (RFC 5545): a to-do (VTODO) for each item `due` lists.

Written with the icalendar library, which escapes text and folds long lines, never by hand.
A subscribed calendar matches items by UID: each is a hash of what names the item (its
kind, the person's key and the entry that opened it), so a later feed updates an item (a
snoozed one moves) or drops it (done, dismissed), never duplicates it. Only for `habits
due --ics`: nothing else imports this module, and with it icalendar.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Todo, vDuration

from habits import __version__
from habits.core.when import said

if TYPE_CHECKING:
    from habits.app.feed_views import DueFeed, Opening
    from habits.core.network import Due

PRODID = f"-//habits//habits {__version__}//EN"
CALNAME = "habits: what is due"
# The alarm rings at this hour of the due day, in the workspace's time zone, written as an
# absolute UTC time (TRIGGER;VALUE=DATE-TIME): a trigger relative to a DUE that is a date
# leaves the zone to each client's reading of a floating day, which they do not agree on.
ALARM_AT = time(9)
REFRESH = timedelta(hours=1)  # how often a subscribed calendar may fetch it again
# The product's words (as `habits due` says them, capitalised: tests hold them together).
SUMMARY = {
    "follow-up": "Follow up with {}",
    "did-they-meet": "Ask {} whether they met",
    "keep-in-touch": "Keep in touch with {}",
}
# iCalendar text may hold no control character but the tab (RFC 5545 3.3.11); the library
# writes a line break as \n (a lone or paired carriage return becomes one), not the others.
_UNWRITABLE = {c: "\N{REPLACEMENT CHARACTER}" for c in [*range(0x20), 0x7F] if c not in b"\t\n\r"}
# The library reads a backslash and a capital N in the text it is given as a line break (its
# documented spelling of one): a word joiner between them, which no one sees, keeps them.
_NOT_A_LINE_BREAK = ("\\N", "\\\N{WORD JOINER}N")


def due_ics(feed: DueFeed, now: datetime, events: bool = False) -> bytes:
    """The feed as an iCalendar file: a VTODO an item (all-day events with `events`, for
    calendars that show no to-dos), each with an alarm in the morning of its due day."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = CALNAME + (f" ({text(feed.name)})" if feed.name else "")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)  # RFC 7986's NAME; X-WR-CALNAME is what clients read
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))  # an X- property is text unless told
    zone = ZoneInfo(feed.timezone)
    stamp = now.astimezone(UTC).replace(microsecond=0)
    for item in feed.view.due:
        calendar.add_component(_item(item, feed.openings.get(item.opened_by), zone, stamp, events))
    data: bytes = calendar.to_ical()
    return data


def _item(
    item: Due, opening: Opening | None, zone: ZoneInfo, stamp: datetime, events: bool
) -> Todo | Event:
    """One item as a VTODO due on its day (or an all-day VEVENT), with its alarm."""
    component: Todo | Event
    what = summary(item, opening)
    if events:
        component = Event()
        component.add("dtstart", item.due)
        component.add("dtend", item.due + timedelta(days=1))
        component.add("transp", "TRANSPARENT")  # a reminder, not a busy day
    else:
        component = Todo()
        component.add("due", item.due)
        component.add("status", "NEEDS-ACTION")
    component.add("uid", uid(item))
    component.add("dtstamp", stamp)
    component.add("summary", what)
    component.add("description", description(item, opening))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", what)
    ring = datetime.combine(item.due, ALARM_AT, zone).astimezone(UTC)
    alarm.add("trigger", ring, parameters={"VALUE": "DATE-TIME"})
    component.add_component(alarm)
    return component


def uid(item: Due) -> str:
    """The same for the same item on every run: a hash of its kind, person and entry."""
    named = "\x1f".join((item.kind, item.key, item.opened_by)).encode("utf-8")
    return f"{hashlib.sha256(named).hexdigest()[:32]}@habits"


def summary(item: Due, opening: Opening | None) -> str:
    """What to do, naming the person (and, for a check, who they were to meet)."""
    line = SUMMARY.get(item.kind, "{}").format(item.person)
    others = opening.others(item.key) if opening and item.kind == "did-they-meet" else ()
    if others:
        line += " " + _and(others)
    return text(line)


def description(item: Due, opening: Opening | None) -> str:
    """What opened the item: the entry's action, people and day."""
    day = said(item.opened_on, "%a %d %b %Y")
    if opening is None:  # not found (a damaged entry): the day is still known
        return text(f"Opened on {day} (entry {item.opened_by}).")
    with_ = f" with {_and(opening.people)}" if opening.people else ""
    if item.kind == "keep-in-touch":
        return text(f"Last met on {day}: {opening.action}{with_} (entry {item.opened_by}).")
    what = "check" if item.kind == "did-they-meet" else item.kind
    return text(f"{opening.action}{with_} on {day} opened this {what} (entry {item.opened_by}).")


def text(value: str) -> str:
    """A text value iCalendar holds as it is: a control character it may not hold is replaced
    (U+FFFD), a backslash before N kept from becoming a line break."""
    return value.translate(_UNWRITABLE).replace(*_NOT_A_LINE_BREAK)


def _and(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
