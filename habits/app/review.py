"""The weekly review: weeks looked back on, from one full score (nothing is scored again),
and the values it makes (here, not in habits.app.views: the site's data holds them too).

Every figure is the week as it ended, as far as the log tells now: entries, people and the
people new that week (the engine's `new_people`), follow-ups opened, closed and still open,
wins, and each challenge's periods in the week with its streak then. One score serves any
number of weeks: the site makes a page a week from the scorecard it draws the rest with.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from habits.core.challenges import streaks_on
from habits.core.followups import FOLLOW_UP, LAPSE_DAYS, FollowUp
from habits.core.network import Due, Network, Win, network
from habits.core.periods import Calendar

if TYPE_CHECKING:
    from habits.core.model import Settings
    from habits.core.people import Directory
    from habits.core.problems import Problem
    from habits.core.scorecard import ChallengeResult, Scorecard
    from habits.store.loaded import State

T = TypeVar("T")
WEEK = timedelta(days=7)
ONE_DAY = timedelta(days=1)
LAPSED = timedelta(days=LAPSE_DAYS)  # open this long after its due day, it has lapsed


class WeekFollowUps(NamedTuple):
    """A week's follow-ups (not "did they meet?" checks), as `review` counts them."""

    opened: int  # opened by the week's entries (a dismissed one is never opened)
    on_time: int  # closed in the week by their due day, whenever opened
    late: int  # closed in the week after their due day, whenever opened
    open: int  # still open at the week's end and not lapsed (what `due` listed then)
    dismissed: int  # dismissed (`habits due dismiss`) on a day of the week


class WeekChallenge(NamedTuple):
    """One challenge over a week: its periods in the week, and its streak at the week's end."""

    id: str
    title: str
    every: str  # day, week, month or once
    met: bool  # a period met in the week and none missed
    streak: int  # as `status --as-of` the week's last day (or today) tells it
    periods_met: int  # the week's periods met by its end
    periods: int  # the week's periods met or missed (rested and still running ones left out)


class Review(NamedTuple):
    """One week looked back on, for `review` and the site's week pages."""

    week_start: date
    week_end: date  # the last day of the week (inclusive)
    as_of: date  # the last day it counts: the week's last, or today while the week runs
    complete: bool  # the week is over (today is after its last day)
    entries: int  # entries in the week (past a daily cap too)
    people: tuple[str, ...]  # everyone met in the week, as shown, sorted
    new_people: tuple[str, ...]  # of them, those met for the first time ever
    follow_ups: WeekFollowUps
    wins: tuple[Win, ...]  # logged in the week, oldest first
    challenges: tuple[WeekChallenge, ...]  # each challenge running in the week
    watch: tuple[WeekChallenge, ...]  # running next week and not met this one
    due_next: tuple[Due, ...]  # open at the week's end, due by the end of the next
    problems: list[Problem]

    @property
    def next_start(self) -> date:
        return self.week_end + timedelta(days=1)

    @property
    def next_end(self) -> date:
        return self.week_end + timedelta(days=7)


def last_complete_week(settings: Settings, today: date) -> date:
    """The first day of the last week that is over (weeks start on the settings' day)."""
    return Calendar(settings).week_of(today) - WEEK


def week_of(state: State, typed: str, today: date) -> date:
    """The first day of the week holding a day as typed (2026-11-12, today...); a week that
    has not begun is refused."""
    from habits.core.when import WhenError, parse_day

    day = parse_day(typed, today)
    start = Calendar(state.settings).week_of(day)
    if start > today:
        raise WhenError(
            f"--week {day.isoformat()} is in a week that has not begun (today is {today})",
            "give a day of this week or of an earlier one",
        )
    return start


def recent_weeks(card: Scorecard, settings: Settings, weeks: int) -> list[date]:
    """The first days of the last `weeks` complete weeks as of the card's day, oldest first,
    from the week of the first entry on."""
    if not card.days:
        return []
    week_of = Calendar(settings).week_of
    first, last = week_of(min(card.days)), last_complete_week(settings, card.as_of)
    starts = [last - n * WEEK for n in range(weeks)]
    return [start for start in reversed(starts) if start >= first]


def weeks_reviewed(
    state: State, card: Scorecard, starts: Sequence[date], net: Network | None = None
) -> list[Review]:
    """The weeks starting on `starts` (in order), from the workspace's full score as of today
    (and its network, when already folded)."""
    if net is None:
        net = network(card, state.pack, state.settings, state.directory)
    dismissed = [(m.day, m.kind) for m in state.mark_records if m.what == "dismiss"]
    return reviews(card, net, state.settings, state.directory, dismissed, starts)


def reviews(
    card: Scorecard,
    net: Network,
    settings: Settings,
    people: Directory,
    dismissed: Iterable[tuple[date, str]],
    starts: Sequence[date],
) -> list[Review]:
    """The weeks starting on `starts` (in order), from a full score as of today (`card`), its
    network, and the days follow-ups were dismissed on (with their kind)."""
    calendar = Calendar(settings)
    week_of = _memo(calendar.week_of)
    today = card.as_of
    names = {p.key: p.name for p in net.people}
    entries = _grouped(range(len(card.entries)), lambda n: week_of(card.days[n]))
    items = [f for f in card.follow_up_items if f.kind == FOLLOW_UP]
    opened = _grouped(items, lambda f: week_of(f.opened_on))
    closed = _grouped(
        [(f.closed_on, f.on_time) for f in items if f.closed_on], lambda c: week_of(c[0])
    )
    dropped = _grouped([d for d, kind in dismissed if kind == FOLLOW_UP], week_of)
    wins = _grouped(net.wins, lambda w: week_of(w.day))
    days = [min(start + WEEK - ONE_DAY, today) for start in starts]
    cuts = [(day, day < today) for day in days]  # a week's last day is over once it is past
    challenges = [(r, [p.end for p in r.periods], streaks_on(r, cuts)) for r in card.challenges]
    waiting = _still_open(card.follow_up_items, days)
    out = []
    for n, (start, as_of) in enumerate(zip(starts, days, strict=True)):
        end = start + WEEK - ONE_DAY
        complete = today > end
        mine = [card.entries[i] for i in entries.get(start, [])]
        fresh = [key for i in entries.get(start, []) for key in card.new_people[i]]
        follow = WeekFollowUps(
            opened=len(opened.get(start, [])),
            on_time=sum(1 for _, on_time in closed.get(start, []) if on_time),
            late=sum(1 for _, on_time in closed.get(start, []) if not on_time),
            open=sum(1 for f in waiting[n] if f.kind == FOLLOW_UP),
            dismissed=len(dropped.get(start, [])),
        )
        through = end if complete else today - ONE_DAY  # the last day that is over
        weeks, watch = [], []
        for result, ends, streak in challenges:
            if not _running(result, start, end):
                continue
            week = _challenge(result, ends, start, end, as_of, through, streak[n])
            weeks.append(week)
            if not week.met and _running(result, end + ONE_DAY, end + WEEK):
                watch.append(week)
        due = [
            Due(names.get(f.person, f.person), f.person, f.kind, f.opened_by, f.opened_on, f.due)
            for f in waiting[n]
            if f.due <= end + WEEK
        ]
        due.sort(key=lambda d: (d.due, d.opened_on, d.person.casefold(), d.kind))
        out.append(
            Review(
                start,
                end,
                as_of,
                complete,
                len(mine),
                _shown({people.key(name) for e in mine for name in e.with_}, names),
                _shown(set(fresh), names),
                follow,
                tuple(wins.get(start, [])),
                tuple(weeks),
                tuple(watch),
                tuple(due),
                [],
            )
        )
    return out


def _challenge(
    result: ChallengeResult,
    ends: list[date],
    start: date,
    end: date,
    as_of: date,
    through: date,
    streak: int,
) -> WeekChallenge:
    """A challenge's periods in a week (`ends`: the last day of each of its periods): met by
    `as_of`, else missed once over by `through`, unless rested."""
    periods = result.periods
    met = counted = 0
    for period in periods[bisect_left(ends, start) :]:
        if period.start > end:
            break
        if period.met_on is not None and period.met_on <= as_of:
            met += 1
            counted += 1
        elif not period.paused and period.end <= through:
            counted += 1
    every = result.challenge.every
    return WeekChallenge(
        result.id, result.title, every, bool(met) and met == counted, streak, met, counted
    )


def _running(result: ChallengeResult, start: date, end: date) -> bool:
    """The challenge's window meets the days from `start` to `end` (one done once and met
    before `start` is over)."""
    challenge = result.challenge
    if (challenge.start and challenge.start > end) or (challenge.end and challenge.end < start):
        return False
    if challenge.every == "once":
        return not any(p.met_on is not None and p.met_on < start for p in result.periods)
    return True


def _still_open(items: Sequence[FollowUp], days: Sequence[date]) -> list[list[FollowUp]]:
    """For each of `days` (in order), the follow-ups and checks open then and not lapsed, in
    the order opened: a sweep, as each is open from the day it opened until it closes or
    lapses."""
    spans = sorted(
        (
            (f.opened_on, n, min(f.closed_on - ONE_DAY, f.due + LAPSED), f)
            if f.closed_on
            else (f.opened_on, n, f.due + LAPSED, f)
            for n, f in enumerate(items)
        ),
        key=lambda s: (s[0], s[1]),
    )
    found: list[list[FollowUp]] = []
    active: list[tuple[int, date, FollowUp]] = []
    taken = 0
    for day in days:
        while taken < len(spans) and spans[taken][0] <= day:
            _, n, stop, item = spans[taken]
            active.append((n, stop, item))
            taken += 1
        active = [a for a in active if a[1] >= day]
        found.append([item for _, _, item in sorted(active, key=lambda a: a[0])])
    return found


def _grouped(items: Iterable[T], key: Callable[[T], date]) -> dict[date, list[T]]:
    found: dict[date, list[T]] = {}
    for item in items:
        found.setdefault(key(item), []).append(item)
    return found


def _memo(week_of: Callable[[date], date]) -> Callable[[date], date]:
    """`week_of`, remembered: a ten-year log asks it for the same few thousand days."""
    known: dict[date, date] = {}

    def memo(day: date) -> date:
        found = known.get(day)
        if found is None:
            found = known[day] = week_of(day)
        return found

    return memo


def _shown(keys: Iterable[str], names: dict[str, str]) -> tuple[str, ...]:
    """People by key as shown (the people file's name, else the first typed), sorted."""
    return tuple(sorted((names.get(k, k) for k in keys), key=lambda s: (s.casefold(), s)))
