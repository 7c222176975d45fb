"""Follow-ups: which entries open one, which later entries close it, and the follow-up rate.

The pack decides: an action with `follow_up_days = N` opens a follow-up with each of its
people, due N workdays later (`habits.core.periods.Workweek`: a holiday is no workday); a
later entry with that person whose action `closes_follow_up` closes it. An action with
`meet_check_days = N` and two or more people (an introduction) opens a "did they meet?"
check with each, due N workdays later, closed by any later entry with that person. A person
has at most one open follow-up (and one open check) at a time: another chat before the
follow-up does not open a second one, unless the first has lapsed.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from habits.core.model import Pack
from habits.core.periods import Workweek

if TYPE_CHECKING:
    from habits.core.timeline import Row

FOLLOW_UP = "follow-up"
MEET_CHECK = "did-they-meet"
RATE_FROM = 5  # the rate badge waits for this many decided follow-ups (one late one is not a rate)
# An open follow-up this many days past due has lapsed: `habits due` drops it. Calendar days
# after the due day (itself a workday): two weeks late, whatever the week holds.
LAPSE_DAYS = 14
ONE_DAY = timedelta(days=1)


class Marks(NamedTuple):
    """What the person said of single follow-ups and checks (`habits due dismiss|snooze`),
    each named by the entry that opened it, the person's key and its kind: dismissed ones are
    never opened (they leave the follow-up rate: neither on time nor late), snoozed ones
    fall due on the day given."""

    dismissed: frozenset[tuple[str, str, str]] = frozenset()
    snoozed: dict[tuple[str, str, str], date] = {}  # noqa: RUF012 (never mutated)


NO_MARKS = Marks()


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


class Decided(NamedTuple):
    """Follow-ups decided before a day (an ordinal), folded: how many, how many on time."""

    before: int = 0  # the day (ordinal) the decisions still listed start from
    total: int = 0
    on_time: int = 0


class Tracker:
    """Open and close follow-ups over rows in time order; mark each row with what it closed.

    Each person has at most one open of each kind that has not lapsed; a closing entry
    closes all of theirs (a lapsed one late). Rows may come in one batch or several, in
    time order.

    Follow-ups and checks are numbered in the order they were opened. `active` holds every
    one until `compact` (a kept tally; no older entry can be fed after it) drops the closed
    ones no newer entry can change, and sets the open ones that have lapsed aside in
    `lapsed` (a later entry with that person still closes them, late): what finishing walks
    does not grow with the history. What it needs of the dropped ones is carried as counts:
    `closed_on_time` and `closed_late` for the stats, `decided` for the follow-up rate and
    the closer badges (their decisions in day order, up to the day the listed ones start
    from). `items` lists the active ones (those the last entry fed opened or closed are
    there: a lapsed one it closed comes last); `open_items()` every open one.
    """

    __slots__ = (
        "active",
        "checks",
        "closed_late",
        "closed_on_time",
        "closes",
        "decided",
        "follow",
        "lapsed",
        "lapsed_follow_ups",
        "marks",
        "meet",
        "opened",
        "opens",
        "week",
    )

    def __init__(self, pack: Pack, week: Workweek | None = None, marks: Marks = NO_MARKS) -> None:
        self.active: dict[int, FollowUp] = {}  # by number, in the order opened
        self.lapsed: dict[int, FollowUp] = {}  # open ones `compact` found lapsed, by number
        self.lapsed_follow_ups = 0  # of `lapsed`, the follow-ups (not checks)
        self.opened = 0  # follow-ups and checks opened so far: the next one's number
        self.closed_on_time = 0  # closed follow-ups that `compact` dropped
        self.closed_late = 0
        self.decided = Decided()
        self.follow: dict[str, list[int]] = {}  # person -> numbers of their open follow-ups
        self.meet: dict[str, list[int]] = {}  # person -> numbers of their open checks
        self.opens = {a.id: a.follow_up_days for a in pack.actions.values()}
        self.closes = {a.id: a.closes_follow_up for a in pack.actions.values()}
        self.checks = {a.id: a.meet_check_days for a in pack.actions.values()}
        self.week = Workweek() if week is None else week  # due dates count its workdays
        self.marks = marks

    @property
    def items(self) -> list[FollowUp]:
        """The active follow-ups and checks, in the order opened (with a full score: all)."""
        return list(self.active.values())

    def open_items(self, lapsed: bool = True) -> list[FollowUp]:
        """Every follow-up and check not closed yet, in the order opened: the lapsed ones
        too unless `lapsed` is False (then some may still have lapsed since `compact`)."""
        still = [(n, item) for n, item in self.active.items() if item.closed_on is None]
        if not lapsed:
            return [item for _, item in still]  # `active` is in the order opened
        return [item for _, item in sorted([*still, *self.lapsed.items()], key=_NUMBER)]

    def feed(self, rows: "Sequence[Row]") -> None:
        """A hot loop (a million entries in the benchmark): one dict per kind, and no work
        for a row that can neither open nor close anything."""
        follow, meet = self.follow, self.meet
        opens, closes, checks = self.opens, self.closes, self.checks
        for row in rows:
            people = row.people
            if not people:
                continue
            action_id = row.entry.action
            if closes[action_id] and follow:
                closed = []
                for person in people:
                    for number in follow.pop(person, ()):
                        item = self._close(number, row)
                        if row.day <= item.due:
                            closed.append(item.opened_by)
                if closed:
                    row.closes = tuple(dict.fromkeys(closed))
            if meet:
                for person in people:
                    for number in meet.pop(person, ()):
                        self._close(number, row)
            days = opens[action_id]
            if days is not None:
                self._open(follow, row, people, days, FOLLOW_UP)
            days = checks[action_id]
            if days is not None and len(people) >= 2:
                self._open(meet, row, people, days, MEET_CHECK)

    def _close(self, number: int, row: "Row") -> FollowUp:
        """Close one (a lapsed one becomes active again, closed late); return it as it was."""
        item = self.active.get(number)
        if item is None:
            item = self.lapsed.pop(number)
            self.lapsed_follow_ups -= item.kind == FOLLOW_UP
        self.active[number] = item._replace(closed_by=row.entry.id, closed_on=row.day)
        return item

    def _open(
        self,
        waiting: dict[str, list[int]],
        row: "Row",
        people: tuple[str, ...],
        days: int,
        kind: str,
    ) -> None:
        """Open one of a kind, due `days` workdays after the row, with each person who has
        none open (a lapsed one does not count)."""
        due = self.week.after(row.day, days)
        dismissed, snoozed = self.marks
        for person in people:
            open_ = waiting.get(person)
            if open_ and (last := self.active.get(open_[-1])) and not last.lapsed(row.day):
                continue  # one open at a time: the oldest is the one to act on
            own_due = due
            if dismissed or snoozed:  # what the person said of this one
                mark = (row.entry.id, person, kind)
                if mark in dismissed:
                    continue
                own_due = snoozed.get(mark, due)
            waiting.setdefault(person, []).append(self.opened)
            self.active[self.opened] = FollowUp(person, row.entry.id, row.day, own_due, kind)
            self.opened += 1

    def compact(self, last_day: date) -> None:
        """Drop the closed items no entry from `last_day` on can change and set the lapsed
        open ones aside, keeping what finishing needs of them (no older entry can be fed)."""
        before, since = self.decided.before, last_day.toordinal()
        total, on_time = self.decided.total, self.decided.on_time
        for number, item in list(self.active.items()):
            day = _decision_day(item)
            follow_up = item.kind == FOLLOW_UP
            if follow_up and before <= day < since:  # decided before `last_day`
                total += 1
                on_time += item.on_time
            if item.closed_on is None:
                if item.lapsed(last_day):  # decided long ago: only a closing entry changes it
                    self.lapsed[number] = self.active.pop(number)
                    self.lapsed_follow_ups += follow_up
            elif not follow_up or day < since:
                del self.active[number]
                if follow_up and item.on_time:
                    self.closed_on_time += 1
                elif follow_up:
                    self.closed_late += 1
        self.decided = Decided(since, total, on_time)
        self.week.forget()

    def on_time_days(self) -> tuple[int, list[int]]:
        """Follow-ups closed on time: how many before the listed ones, and the days (ordinals)
        of the listed ones, in order."""
        before = self.decided.before
        days = [
            n
            for f in self.active.values()
            if f.kind == FOLLOW_UP
            and f.on_time
            and f.closed_on is not None
            and (n := f.closed_on.toordinal()) >= before
        ]
        days.sort()
        return self.decided.on_time, days

    def decisions(self, as_of: date) -> tuple[Decided, list[tuple[int, bool]]]:
        """Follow-ups decided by `as_of`: those folded, then each listed one's day (ordinal)
        and whether it was on time, in order. Ordinals: a year of these is sorted on every
        full score."""
        last = as_of.toordinal()
        out = [
            (day, f.on_time)
            for f in self.active.values()
            if f.kind == FOLLOW_UP and self.decided.before <= (day := _decision_day(f)) <= last
        ]
        out.sort()
        return self.decided, out

    def stats(self, as_of: date) -> FollowUpStats:
        opened = on_time = late = still_open = overdue = 0
        for item in self.active.values():
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
        lapsed = self.lapsed_follow_ups  # open, and overdue by far
        return FollowUpStats(
            opened + lapsed + self.closed_on_time + self.closed_late,
            on_time + self.closed_on_time,
            late + self.closed_late,
            still_open + lapsed,
            overdue + lapsed,
        )


def _decision_day(item: FollowUp) -> int:
    """The day (ordinal) a follow-up was closed on time, else the day it is (or will be,
    unless closed on time first) a miss: its due day's next."""
    if item.on_time and item.closed_on is not None:
        return item.closed_on.toordinal()
    return item.due.toordinal() + 1


_NUMBER = itemgetter(0)
