"""Follow-ups: which entries open one, which later entries close it, and the follow-up rate.

The pack decides: an action with `follow_up_days = N` opens a follow-up with each of its
people, due N days later; a later entry with that person whose action `closes_follow_up`
closes it. An action with `meet_check_days = N` and two or more people (an introduction)
opens a "did they meet?" check with each, due N days later, closed by any later entry with
that person. A person has at most one open follow-up (and one open check) at a time: another
chat before the follow-up does not open a second one, unless the first has lapsed.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from habits.core.model import Pack

if TYPE_CHECKING:
    from habits.core.timeline import Row

FOLLOW_UP = "follow-up"
MEET_CHECK = "did-they-meet"
RATE_FROM = 5  # the rate badge waits for this many decided follow-ups (one late one is not a rate)
LAPSE_DAYS = 14  # an open follow-up this many days past due has lapsed: `habits due` drops it
ONE_DAY = timedelta(days=1)


class FollowUp(NamedTuple):
    person: str  # the person's key
    opened_by: str  # entry id
    opened_on: date
    due: date  # the last day it is on time
    kind: str  # FOLLOW_UP or MEET_CHECK
    closed_by: str | None = None
    closed_on: date | None = None

    @property
    def on_time(self) -> bool:
        return self.closed_on is not None and self.closed_on <= self.due

    def overdue(self, as_of: date) -> bool:
        return self.closed_on is None and self.due < as_of

    def lapsed(self, as_of: date) -> bool:
        """Still open long after it was due: a miss that no longer needs reminding."""
        return self.closed_on is None and (as_of - self.due).days > LAPSE_DAYS

    def decided(self, as_of: date) -> date | None:
        """The day it became a success (closed on time) or a miss (its due day passed)."""
        if self.on_time:
            return self.closed_on
        miss = self.due + ONE_DAY
        return miss if miss <= as_of else None


class FollowUpStats(NamedTuple):
    """The follow-up rate: closed on time / decided (closed, or past due), as of a day."""

    opened: int = 0
    on_time: int = 0
    late: int = 0  # closed after the due day
    open: int = 0  # not closed yet (overdue ones included)
    overdue: int = 0

    @property
    def decided(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def rate(self) -> float | None:
        return self.on_time / self.decided if self.decided else None


class Tracker:
    """Open and close follow-ups over rows in time order; mark each row with what it closed.

    `items` holds every follow-up and check, in the order they were opened. Each person has
    at most one open of each kind that has not lapsed; a closing entry closes all of theirs
    (a lapsed one late). Rows may come in one batch or several, in time order.
    """

    __slots__ = ("checks", "closes", "follow", "items", "late", "meet", "on_time", "opens")

    def __init__(self, pack: Pack) -> None:
        self.items: list[FollowUp] = []
        # Closed follow-ups that `compact` moved out of `items`, as day ordinals: the day each
        # was closed on time, and the day each closed late became a miss (due + 1).
        self.on_time: list[int] = []
        self.late: list[int] = []
        self.follow: dict[str, list[int]] = {}  # person -> indexes of their open follow-ups
        self.meet: dict[str, list[int]] = {}  # person -> indexes of their open checks
        self.opens = {a.id: _days(a.follow_up_days) for a in pack.actions.values()}
        self.closes = {a.id: a.closes_follow_up for a in pack.actions.values()}
        self.checks = {a.id: _days(a.meet_check_days) for a in pack.actions.values()}

    def feed(self, rows: "Sequence[Row]") -> None:
        """A hot loop (a million entries in the benchmark): one dict per kind, and no work
        for a row that can neither open nor close anything."""
        out, follow, meet = self.items, self.follow, self.meet
        opens, closes, checks = self.opens, self.closes, self.checks
        for row in rows:
            people = row.people
            if not people:
                continue
            action_id = row.entry.action
            if closes[action_id] and follow:
                closed = []
                for person in people:
                    for index in follow.pop(person, ()):
                        item = out[index]
                        out[index] = item._replace(closed_by=row.entry.id, closed_on=row.day)
                        if row.day <= item.due:
                            closed.append(item.opened_by)
                if closed:
                    row.closes = tuple(dict.fromkeys(closed))
            if meet:
                for person in people:
                    for index in meet.pop(person, ()):
                        item = out[index]
                        out[index] = item._replace(closed_by=row.entry.id, closed_on=row.day)
            days = opens[action_id]
            if days is not None:
                _open(out, follow, row, people, days, FOLLOW_UP)
            days = checks[action_id]
            if days is not None and len(people) >= 2:
                _open(out, meet, row, people, days, MEET_CHECK)

    def compact(self) -> None:
        """Keep only open items; a closed follow-up leaves just the day it was decided."""
        still = sorted({n for open_ in (*self.follow.values(), *self.meet.values()) for n in open_})
        if len(still) == len(self.items):
            return
        keep = set(still)
        for n, item in enumerate(self.items):
            if n not in keep and item.kind == FOLLOW_UP and item.closed_on is not None:
                if item.closed_on <= item.due:
                    self.on_time.append(item.closed_on.toordinal())
                else:
                    self.late.append((item.due + ONE_DAY).toordinal())
        renumber = {old: new for new, old in enumerate(still)}
        self.items = [self.items[n] for n in still]
        self.follow = {p: [renumber[n] for n in open_] for p, open_ in self.follow.items()}
        self.meet = {p: [renumber[n] for n in open_] for p, open_ in self.meet.items()}

    def closed_on_time(self) -> list[int]:
        """The days (ordinals) follow-ups were closed on time, in order."""
        days = [*self.on_time]
        days += [
            f.closed_on.toordinal()
            for f in self.items
            if f.kind == FOLLOW_UP and f.closed_on and f.closed_on <= f.due
        ]
        days.sort()
        return days

    def decided(self, as_of: date) -> list[tuple[int, bool]]:
        """Each follow-up decided by `as_of`: the day (ordinal) and whether it was on time;
        in order. Ordinals: a year of these is sorted on every `habits log`."""
        out = [(n, True) for n in self.on_time]
        out += [(n, False) for n in self.late]
        last = as_of.toordinal()
        for f in self.items:
            if f.kind != FOLLOW_UP:
                continue
            if f.closed_on is not None and f.closed_on <= f.due:
                out.append((f.closed_on.toordinal(), True))
            elif (miss := f.due.toordinal() + 1) <= last:
                out.append((miss, False))
        out.sort()
        return out

    def stats(self, as_of: date) -> FollowUpStats:
        opened = on_time = late = still_open = overdue = 0
        for item in self.items:
            if item.kind != FOLLOW_UP:
                continue
            opened += 1
            if item.closed_on is None:
                still_open += 1
                overdue += item.due < as_of
            elif item.closed_on <= item.due:
                on_time += 1
            else:
                late += 1
        done = len(self.on_time) + len(self.late)
        return FollowUpStats(
            opened + done, on_time + len(self.on_time), late + len(self.late), still_open, overdue
        )


def _days(days: int | None) -> timedelta | None:
    return None if days is None else timedelta(days=days)


def _open(
    out: list[FollowUp],
    waiting: dict[str, list[int]],
    row: "Row",
    people: tuple[str, ...],
    days: timedelta,
    kind: str,
) -> None:
    """Open one of a kind, due `days` after the row, with each person who has none open."""
    due = row.day + days
    for person in people:
        open_ = waiting.get(person)
        if open_ and not out[open_[-1]].lapsed(row.day):
            continue  # one open at a time: the oldest is the one to act on
        waiting.setdefault(person, []).append(len(out))
        out.append(FollowUp(person, row.entry.id, row.day, due, kind))
