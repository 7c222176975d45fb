"""A synthetic year of a busy calendar, as Outlook exports it: 2,000 events (a tenth of them
weekly series), each with a Teams link, an organizer and a few attendees."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

ZONE = """BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE"""
TEAMS = (
    "DESCRIPTION:Microsoft Teams meeting\\nJoin on your computer\\, mobile app or room device"
    "\\nClick here to join the meeting <https://teams.microsoft.com/l/meetup-join/19%3ameeting_"
    "NjQ2ZTc2%40thread.v2/0>\\nMeeting ID: 318 471 562 991\\nPasscode: x7Yz9q"
)


def write_calendar(path: Path, last: date, events: int = 2000, seed: int = 7) -> None:
    """`events` events over the year up to `last`, in working hours; Ada is one attendee."""
    rng = random.Random(seed)
    lines = ["BEGIN:VCALENDAR", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN"]
    lines += ["VERSION:2.0", "METHOD:PUBLISH", *ZONE.splitlines()]
    first = last - timedelta(days=364)
    for n in range(events):
        day = first + timedelta(days=rng.randrange(365))
        start = datetime(day.year, day.month, day.day, 8 + rng.randrange(9), rng.choice((0, 30)))
        end = start + timedelta(minutes=rng.choice((30, 60)))
        lines += [
            "BEGIN:VEVENT",
            "CLASS:PUBLIC",
            TEAMS,
            f"DTEND;TZID=W. Europe Standard Time:{end:%Y%m%dT%H%M%S}",
            "DTSTAMP:20260101T090000Z",
            f"DTSTART;TZID=W. Europe Standard Time:{start:%Y%m%dT%H%M%S}",
            "LOCATION:Microsoft Teams Meeting",
            f"SUMMARY;LANGUAGE=en-gb:Meeting {n}",
            f"UID:040000008200E00074C5B7101A82E008{n:032X}",
            "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
            f'ORGANIZER;CN="Person, {rng.randrange(400)}":mailto:p{rng.randrange(400)}@contoso.com',
            'ATTENDEE;CN="Lovelace, Ada";PARTSTAT=ACCEPTED:mailto:ada@contoso.com',
        ]
        if rng.random() < 0.1:
            lines.append("RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=" + start.strftime("%a")[:2].upper())
        for _ in range(rng.randrange(1, 6)):
            who = rng.randrange(400)
            lines.append(
                f'ATTENDEE;CN="Person, {who}";ROLE=REQ-PARTICIPANT;RSVP=TRUE:'
                f"mailto:p{who}@contoso.com"
            )
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    path.write_bytes(("\r\n".join(_fold(line) for line in lines) + "\r\n").encode())


def _fold(line: str) -> str:
    """RFC 5545: content lines longer than 75 octets go on in lines starting with a space."""
    parts = [line[i : i + 74] for i in range(0, len(line), 74)]  # ASCII: characters are octets
    return "\r\n ".join(parts)
