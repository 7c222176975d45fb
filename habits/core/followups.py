"""Follow-ups: which entries open one, which later entries close it, and the follow-up rate.

The pack decides: an action with `follow_up_days = N` opens a follow-up with each of its
people, due N days later; a later entry with that person whose action `closes_follow_up`
closes it. An action with `meet_check_days = N` and two or more people (an introduction)
opens a "did they meet?" check with each, due N days later, closed by any later entry with
that person. A person has at most one open follow-up (and one open check) at a time: another
chat before the follow-up does not open a second one, unless the first has lapsed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from habits.core.model import Pack

if TYPE_CHECKING:
    from habits.core.challenges import Row

FOLLOW_UP = "follow-up"
MEET_CHECK = "did-they-meet"
RATE_FROM = 5  # the rate badge waits for this many decided follow-ups (one late one is not a rate)
LAPSE_DAYS = 14  # an open follow-up this many days past due has lapsed: `habits due` drops it


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
        miss = self.due + timedelta(days=1)
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


def track(pack: Pack, rows: Sequence[Row]) -> list[FollowUp]:
    """Open and close follow-ups over rows in time order; mark each row with what it closed.

    Returns every follow-up and check, in the order they were opened.
    """
    out: list[FollowUp] = []
    waiting: dict[str, list[int]] = {}  # person -> indexes into `out` still open
    actions = pack.actions
    for row in rows:
        action = actions[row.entry.action]
        if not row.people:
            continue
        closed: list[str] = []
        for person in row.people:
            still = []
            for index in waiting.get(person, ()):
                item = out[index]
                if item.kind == FOLLOW_UP and not action.closes_follow_up:
                    still.append(index)
                    continue
                done = item._replace(closed_by=row.entry.id, closed_on=row.day)
                out[index] = done
                if done.kind == FOLLOW_UP and done.on_time:
                    closed.append(done.opened_by)
            if person in waiting:
                waiting[person] = still
        row.closes = tuple(dict.fromkeys(closed))
        opens = []
        if action.follow_up_days is not None:
            due = row.day + timedelta(days=action.follow_up_days)
            opens += [(person, due, FOLLOW_UP) for person in row.people]
        if action.meet_check_days is not None and len(row.people) >= 2:
            due = row.day + timedelta(days=action.meet_check_days)
            opens += [(person, due, MEET_CHECK) for person in row.people]
        for person, due, kind in opens:
            queue = waiting.setdefault(person, [])
            if any(out[i].kind == kind and not out[i].lapsed(row.day) for i in queue):
                continue  # one open at a time (a lapsed one no longer counts as open)
            queue.append(len(out))
            out.append(FollowUp(person, row.entry.id, row.day, due, kind))
    return out


def stats(items: Sequence[FollowUp], as_of: date) -> FollowUpStats:
    follow = [f for f in items if f.kind == FOLLOW_UP]
    return FollowUpStats(
        opened=len(follow),
        on_time=sum(1 for f in follow if f.on_time),
        late=sum(1 for f in follow if f.closed_on is not None and not f.on_time),
        open=sum(1 for f in follow if f.closed_on is None),
        overdue=sum(1 for f in follow if f.overdue(as_of)),
    )
