"""A calendar's meetings of a day, for `habits ask`: read from .ics files (RFC 5545).

icalendar parses the files and recurring-ical-events expands the recurrences (RRULE, RDATE,
EXDATE, a moved or cancelled occurrence): nothing here parses iCalendar itself. Both load
only for `habits ask`, never on the `habits log` path.

A year's export holds thousands of events and icalendar reads about 3,300 of them a second,
so before it parses, the text is cut down to what can name the day: every component that is
not an event, every event that recurs or moves an occurrence, and the events whose text holds
one of the dates the day's meetings may start on. The cut only leaves out; whatever is kept
icalendar reads in full (`python benchmarks/run.py --only ask` times it).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from habits.core.problems import Problem

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from habits.store.workspace import Workspace

CALENDAR_FILES = (".ics", ".ical", ".ifb", ".icalendar")
# A meeting link: the hosts of the video-call services people send invitations from.
MEETING_LINK = re.compile(
    r"https?://[^\s\"'<>]*?\b(zoom\.us|zoom\.com|teams\.microsoft\.com|teams\.live\.com|"
    r"meet\.google\.com|webex\.com|whereby\.com|gotomeeting\.com|gotomeet\.me|chime\.aws|"
    r"meet\.jit\.si|bluejeans\.com|join\.skype\.com|meet\.lync\.com|around\.co|"
    r"discord\.gg|slack\.com/huddle)",
    re.IGNORECASE,
)
# Where an invitation says it is online, besides its location and description.
ONLINE_PROPERTIES = (
    "CONFERENCE",  # RFC 7986
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
    "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
)
NOT_PEOPLE = ("ROOM", "RESOURCE")  # attendees that are rooms and projectors
KEEP_ALWAYS = ("RRULE:", "RRULE;", "RDATE", "RECURRENCE-ID", "EXRULE")


class Meeting(NamedTuple):
    """One occurrence of a calendar event with people other than you."""

    uid: str
    start: datetime  # aware
    title: str
    people: tuple[str, ...]  # display names (else the address's local part), you left out
    venue: str  # "call" when it has a meeting link, else "meeting"
    origin: str  # "path:line" of its VEVENT


def calendar_files(ws: Workspace, named: str) -> list[Path]:
    """The .ics files a calendar setting names: a file, or every calendar file in a folder."""
    path = ws.root / Path(named).expanduser()
    if path.is_dir():
        return sorted(
            p for p in path.iterdir() if p.suffix.lower() in CALENDAR_FILES and p.is_file()
        )
    return [path]


def meetings(
    files: Iterable[Path],
    shown: dict[Path, str],
    first: datetime,
    end: datetime,
    me: Iterable[str],
) -> tuple[list[Meeting], list[Problem]]:
    """The meetings starting in [first, end) with someone besides you (an address in `me`),
    in time order: cancelled ones and those you declined left out. A file or an event that
    cannot be read is a problem at its line; the others are still read."""
    from habits.store.reader import OddFile, read_regular

    mine = {address.strip().casefold() for address in me}
    days = _days(first, end)
    found: list[Meeting] = []
    problems: list[Problem] = []
    for path in files:
        where = shown.get(path, str(path))
        try:
            raw = read_regular(path)
        except FileNotFoundError:
            problems.append(
                Problem(where, 0, "no calendar here", "export your calendar as .ics to this path")
            )
            continue
        except OddFile as odd:
            problems.append(odd.problem(where))
            continue
        except OSError as error:
            problems.append(Problem(where, 0, f"cannot read it: {error.strerror}", ""))
            continue
        got, bad = _read_file(raw, where, days, first, end, mine)
        found += got
        problems += bad
    found.sort(key=lambda m: (m.start, m.title, m.uid))
    return _once(found), problems


def _once(found: list[Meeting]) -> list[Meeting]:
    """An event in two files (two exports of one calendar) is one meeting."""
    seen: set[tuple[str, datetime]] = set()
    out = []
    for meeting in found:
        if (meeting.uid, meeting.start) not in seen:
            seen.add((meeting.uid, meeting.start))
            out.append(meeting)
    return out


def _days(first: datetime, end: datetime) -> tuple[str, ...]:
    """The dates, as iCalendar writes them, that an event starting in the span may carry in
    its own zone (up to a day either side of the span's dates in ours)."""
    day, last = first.date() - timedelta(days=1), end.date() + timedelta(days=1)
    out = []
    while day <= last:
        out.append(day.strftime("%Y%m%d"))
        day += timedelta(days=1)
    return tuple(out)


class Block(NamedTuple):
    """A run of unfolded content lines, with the file line of each."""

    lines: list[str]
    numbers: list[int]
    event: bool  # a VEVENT


def _blocks(text: str) -> Iterator[Block]:
    """The file as blocks: each VEVENT its own, what lies between them another."""
    lines: list[str] = []
    numbers: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line[:1] in (" ", "\t") and lines:  # a folded line goes on the one before
            lines[-1] += line[1:]
            continue
        if line.strip().upper() == "BEGIN:VEVENT" and lines:
            yield Block(lines, numbers, event=False)
            lines, numbers = [], []
        lines.append(line)
        numbers.append(number)
        if line.strip().upper() == "END:VEVENT":
            yield Block(lines, numbers, event=True)
            lines, numbers = [], []
    if lines:
        yield Block(lines, numbers, event=False)


def _without_known_zones(block: Block) -> Block:
    """The block without the VTIMEZONEs of Outlook's Windows zone names ("W. Europe Standard
    Time"), which icalendar then maps to the tz database's zone (Europe/Berlin): the same
    rules now, and far faster: dateutil walks the file's rules from 1601 for every occurrence
    (`habits ask` over a 2,000-event year: 681 ms before, 366 ms after, `benchmarks/run.py
    --only ask`)."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    lines: list[str] = []
    numbers: list[int] = []
    zone: list[tuple[str, int]] = []  # the VTIMEZONE being read
    for line, number in zip(block.lines, block.numbers, strict=True):
        upper = line.strip().upper()
        if upper == "BEGIN:VTIMEZONE" or zone:
            zone.append((line, number))
            if upper != "END:VTIMEZONE":
                continue
            tzid = next((t[5:].strip() for t, _ in zone if t.upper().startswith("TZID:")), "")
            if tzid not in WINDOWS_TO_OLSON:
                lines += [t for t, _ in zone]
                numbers += [n for _, n in zone]
            zone = []
            continue
        lines.append(line)
        numbers.append(number)
    if zone:  # not closed: left for icalendar to report
        lines += [t for t, _ in zone]
        numbers += [n for _, n in zone]
    return Block(lines, numbers, block.event)


def _may_start_on(block: Block, days: tuple[str, ...]) -> bool:
    """Whether an event could have an occurrence on one of `days` (kept for icalendar to
    read): it recurs or moves one, or its text names one of those dates."""
    for line in block.lines:
        upper = line[:14].upper()
        if upper.startswith(KEEP_ALWAYS) or any(d in line for d in days):
            return True
    return False


def _read_file(
    raw: bytes,
    where: str,
    days: tuple[str, ...],
    first: datetime,
    end: datetime,
    mine: set[str],
) -> tuple[list[Meeting], list[Problem]]:
    text = raw.decode("utf-8-sig", errors="replace")
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        hint = "export the calendar as iCalendar (.ics) from Outlook, Google or Apple Calendar"
        return [], [Problem(where, 1, "not an iCalendar file (no BEGIN:VCALENDAR)", hint)]
    kept = [
        b if b.event else _without_known_zones(b)
        for b in _blocks(text)
        if not b.event or _may_start_on(b, days)
    ]
    for block in kept:  # the calendar itself (its time zones): damaged, nothing can be read
        bad = None if block.event else _bad_line(block)
        if bad is not None:
            return [], [Problem(where, *bad, _FIX)]
    calendar = _parse(kept, where)
    if isinstance(calendar, Problem):
        return [], [calendar]
    # The file line of each event, by its place (icalendar keeps the order it read them in).
    events = list(calendar.walk("VEVENT"))
    at = dict(zip(map(id, events), (b for b in kept if b.event), strict=False))
    problems = _broken_events(calendar, events, at, where)
    uid_lines = {str(e.get("UID", "")): at[id(e)].numbers[0] for e in reversed(events)}
    found, more = _occurrences(calendar, where, first, end, mine, uid_lines)
    return found, problems + more


_FIX = "fix or delete that line (export the calendar again), then run habits ask again"


def _bad_line(block: Block) -> tuple[int, str] | None:
    """The first content line icalendar cannot split into name, parameters and value."""
    from icalendar.parser import Contentline

    for line, number in zip(block.lines, block.numbers, strict=True):
        if not line.strip():
            continue
        try:
            Contentline(line, strict=False).parts()  # type: ignore[no-untyped-call]
        except ValueError:
            shown = line if len(line) <= 40 else line[:37] + "..."
            return number, f"not an iCalendar content line: {shown!r}"
    return None


def _parse(blocks: list[Block], where: str) -> Any:
    import icalendar

    text = "\r\n".join(line for block in blocks for line in block.lines) + "\r\n"
    try:
        return icalendar.Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError) as error:  # what its parser raises on bad input
        return Problem(where, 1, f"cannot read this calendar: {error}", _FIX)


def _broken_events(
    calendar: Any, events: list[Any], at: dict[int, Block], where: str
) -> list[Problem]:
    """Events with a line or a value icalendar could not read (a bad DTSTART...): reported
    at that line and left out, the others still asked about."""
    problems = []
    for event in events:
        if not event.errors and "DTSTART" in event:
            continue
        block = at[id(event)]
        name = (event.errors[0][0] or "").upper() if event.errors else ""
        # icalendar reads past a line it cannot split (a property without a name): find it
        bad = _bad_line(block) if event.errors and not name else None
        if bad is not None:
            line, what = bad
        else:
            what = "; ".join(f"{n}: {error}" for n, error in event.errors) or "no DTSTART"
            line = next(
                (n for text, n in zip(block.lines, block.numbers, strict=True) if name and
                 text.upper().startswith((name + ":", name + ";"))),
                block.numbers[0],
            )  # fmt: skip
        problems.append(Problem(where, line, f"event left out: {what}", _FIX))
        calendar.subcomponents.remove(event)
    return problems


def _occurrences(
    calendar: Any,
    where: str,
    first: datetime,
    end: datetime,
    mine: set[str],
    uid_lines: dict[str, int],
) -> tuple[list[Meeting], list[Problem]]:
    import recurring_ical_events

    try:
        found = recurring_ical_events.of(calendar).between(first, end)
    except (ValueError, TypeError, KeyError) as error:  # a rule it cannot expand
        hint = "fix the event's RRULE or export the calendar again"
        return [], [Problem(where, 1, f"cannot expand the recurrences: {error}", hint)]
    out: list[Meeting] = []
    for event in found:
        line = uid_lines.get(str(event.get("UID", "")), 0)
        meeting = _meeting(event, f"{where}:{line}", first, end, mine)
        if meeting is not None:
            out.append(meeting)
    return out, []


def _meeting(
    event: Any, origin: str, first: datetime, end: datetime, mine: set[str]
) -> Meeting | None:
    """The meeting an occurrence is, or None: all-day, starting outside the span (it only
    overlaps it), cancelled, declined, or with nobody besides you."""
    start = event.decoded("DTSTART")
    if not isinstance(start, datetime):  # an all-day event: no time to log it at
        return None
    if start.tzinfo is None:  # floating: the person's own zone
        start = start.replace(tzinfo=first.tzinfo)
    start = start.astimezone(first.tzinfo)  # shown and logged in the workspace's zone
    if not first <= start < end:
        return None
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    people: dict[str, str] = {}
    addresses = [event.get("ORGANIZER"), *_listed(event.get("ATTENDEE"))]
    for address in addresses:
        if address is None:
            continue
        email = _email(address)
        params = getattr(address, "params", {})
        if email in mine:
            if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
                return None
            continue
        if str(params.get("CUTYPE", "")).upper() in NOT_PEOPLE:
            continue
        name = _display(str(params.get("CN", ""))) or email.partition("@")[0]
        if name and name.casefold() not in mine and email not in people:
            people[email or name.casefold()] = name
    names = tuple(dict.fromkeys(people.values()))
    if not names:
        return None
    uid = str(event.get("UID", "")).strip() or _made_uid(event)
    title = " ".join(str(event.get("SUMMARY", "")).split()) or "(no title)"
    return Meeting(uid, start, title, names, _venue(event), origin)


def _display(name: str) -> str:
    """A display name as people say it: Outlook's directory writes "Lee, Sam" for Sam Lee."""
    name = " ".join(name.split())
    last, comma, first = name.partition(", ")
    if comma and first and "," not in first and first.casefold().rstrip(".") not in SUFFIXES:
        return f"{first} {last}"
    return name


# After a comma, what is not a first name: "Sam Lee, PhD" stays as it is.
SUFFIXES = ("jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "esq", "msc", "bsc", "ma")


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _email(address: Any) -> str:
    text = str(address).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.strip().casefold()


def _venue(event: Any) -> str:
    """`call` when the invitation carries a meeting link, else `meeting`."""
    if any(name in event for name in ONLINE_PROPERTIES):
        return "call"
    texts = (str(event.get(name, "")) for name in ("LOCATION", "DESCRIPTION", "URL"))
    return "call" if any(MEETING_LINK.search(t) for t in texts) else "meeting"


def _made_uid(event: Any) -> str:
    """An event without a UID (rare, against the RFC): one made from what it is."""
    seed = f"{event.get('SUMMARY', '')}|{event.get('DTSTART').to_ical()!r}"
    return "habits-" + hashlib.sha256(seed.encode()).hexdigest()[:16]


def day_span(day: date, zone: ZoneInfo, day_start: int) -> tuple[datetime, datetime]:
    """The instants a day holds, as the workspace counts days (from `day_start` o'clock)."""
    first = datetime(day.year, day.month, day.day, day_start, tzinfo=zone)
    following = day + timedelta(days=1)
    end = datetime(following.year, following.month, following.day, day_start, tzinfo=zone)
    return first, end
