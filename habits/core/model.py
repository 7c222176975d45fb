"""The domain: what a pack, a setting, an entry and a pause are (immutable, standard library only).

Named tuples rather than dataclasses: they load from the cache fast and do not pull in
`dataclasses` (and `inspect`) on the `habits log` path. No `from __future__ import
annotations` in the modules that define named tuples: `typing.NamedTuple` compiles every
string annotation, about a millisecond on every start (names known only to the type checker
are quoted instead).
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal, NamedTuple

Every = Literal["day", "week", "month", "once"]
Measure = Literal["entries", "people", "new-people", "follow-ups"]
Figure = Literal[
    "entries",
    "people",
    "new_people",
    "best_streak",
    "points",
    "level",
    "follow_ups",
    "follow_up_rate",
]
WIN_KINDS = ("referral", "project", "client", "mentor", "job", "speaking", "other")

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WORKWEEK = (0, 1, 2, 3, 4)  # the workdays when none are set: Monday to Friday (date.weekday())


def person_key(name: str) -> str:
    """Return the identity of a person: case and runs of spaces do not matter."""
    return " ".join(name.split()).casefold()


def tidy(text: str) -> str:
    """Collapse runs of whitespace and trim, keeping the case a person typed."""
    return " ".join(text.split())


def venue_key(text: str) -> str:
    """Venues and tags compare without case or extra spaces."""
    return " ".join(text.split()).casefold()


class Action(NamedTuple):
    id: str
    title: str
    points: int = 0
    aliases: tuple[str, ...] = ()
    daily_cap: int | None = None
    description: str = ""
    follow_up_days: int | None = None  # opens a follow-up with each person, due in N days
    closes_follow_up: bool = False  # closes the open follow-ups with its people
    meet_check_days: int | None = None  # with 2+ people: "did they meet?" with each, in N days
    win: bool = False  # a win (referral, project...): takes a kind


class Opener(NamedTuple):
    """A go-to opening line, with the venues it suits."""

    id: str
    text: str
    tags: frozenset[str] = frozenset()


class Challenge(NamedTuple):
    id: str
    title: str
    actions: frozenset[str]
    description: str = ""
    where: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    measure: Measure = "entries"  # the file's `count` key (a tuple already has .count)
    after: frozenset[str] = frozenset()
    within_days: int = 1
    target: int = 1
    every: Every = "week"
    points: int = 0
    streak_bonus: int = 0
    start: date | None = None
    end: date | None = None
    workdays_only: bool = True  # of a daily challenge: a non-workday rests like a pause


class Badge(NamedTuple):
    id: str
    title: str
    figure: Figure
    threshold: int
    description: str = ""
    action: str | None = None
    challenge: str | None = None


class Pack(NamedTuple):
    actions: dict[str, Action]
    challenges: dict[str, Challenge]
    badges: tuple[Badge, ...] = ()
    levels: tuple[int, ...] | None = None
    level_names: tuple[str, ...] = ()
    openers: dict[str, Opener] = {}  # noqa: RUF012 (a named tuple's default, never mutated)
    # actions the pack declares but could not read, by the line of their table: reported
    # once where they are declared, and named as such (not unknown) where they are used
    damaged: dict[str, int] = {}  # noqa: RUF012 (a named tuple's default, never mutated)


class Settings(NamedTuple):
    name: str = ""
    timezone: str = "UTC"
    week_start: int = 0  # 0 = Monday, as date.weekday()
    day_start: int = 0  # hour; earlier entries belong to the previous day
    workdays: tuple[int, ...] = WORKWEEK  # weekday numbers (0 = Monday), ascending


class Entry(NamedTuple):
    """One logged micro-connection.

    `habits log` loads a year of these on every run.
    """

    id: str
    at: datetime
    action: str
    logged: datetime
    with_: tuple[str, ...] = ()
    where: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    opener: str = ""
    kind: str = ""  # of a win: referral, project, client, mentor, job, speaking, other
    event: str = ""  # the calendar event it answers (`habits ask`): "YYYY-MM-DD UID"
    origin: str = ""  # "path:line" for messages


def entry_line(entry: Entry) -> str:
    """What an entry was, in words: `lunch with Ana Ruiz @ canteen`."""
    parts = [entry.action]
    if entry.with_:
        parts.append("with " + ", ".join(entry.with_))
    if entry.where:
        parts.append(f"@ {entry.where}")
    return " ".join(parts)


def entry_json(entry: Entry) -> dict[str, Any]:
    """An entry as `list --json`, `export --format json` and `people show --json` give it
    (the field names are a contract)."""
    return entry_fields(entry, datetime.isoformat)


def entry_fields(entry: Entry, moment: Callable[[datetime], Any]) -> dict[str, Any]:
    """An entry's fields in the documented order, its times as `moment` writes them; the
    opener, the kind and the event only when given (a log file's table, an entry's JSON)."""
    out: dict[str, Any] = {
        "id": entry.id,
        "at": moment(entry.at),
        "logged": moment(entry.logged),
        "action": entry.action,
        "with": list(entry.with_),
        "where": entry.where,
        "note": entry.note,
        "tags": list(entry.tags),
    }
    if entry.opener:
        out["opener"] = entry.opener
    if entry.kind:
        out["kind"] = entry.kind
    if entry.event:
        out["event"] = entry.event
    return out


class Pause(NamedTuple):
    start: date
    end: date
    challenge: str | None = None
    note: str = ""

    @property
    def id(self) -> str:
        """A short id from what the rest is (`habits pause --list` shows it, `--remove` takes
        it): the same rest has the same id in every run, and none is written in the file."""
        from hashlib import blake2b  # only when rests are listed or removed

        what = f"{self.start}|{self.end}|{self.challenge or ''}|{self.note}"
        return blake2b(what.encode("utf-8"), digest_size=3).hexdigest()

    def covers(self, day: date, challenge: str) -> bool:
        return self.start <= day <= self.end and self.challenge in (None, challenge)

    def overlaps(self, first: date, last: date, challenge: str) -> bool:
        return self.start <= last and first <= self.end and self.challenge in (None, challenge)
