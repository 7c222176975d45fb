"""One challenge over the log: which entries count, periods met, streaks and their bonuses."""

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date
from itertools import chain
from operator import attrgetter
from typing import NamedTuple

from habits.core.model import Challenge, Pause
from habits.core.periods import ONE_DAY, Calendar, next_start, period_end
from habits.core.scorecard import ChallengeResult, LedgerLine, PeriodResult
from habits.core.strength import Known, strength_series, window_start
from habits.core.timeline import Row


class Met(NamedTuple):
    """How a period was met: the day, and the entry that met it with its rank."""

    day: date
    entry: str  # its id
    rank: int


class Award(NamedTuple):
    """A ledger line of a challenge, with the rank of the entry that earned it."""

    rank: int
    line: LedgerLine


class Streak(NamedTuple):
    """The run of met periods after some periods, and what they earned."""

    run: int = 0  # met periods in a row (a paused or open one does not break it)
    points: int = 0  # the challenge's points and streak bonuses
    best_reached: tuple[date, ...] = ()  # when the run first reached 1, 2, 3... periods


class Settled(NamedTuple):
    """The periods no entry can change any more (all end before the newest entry's day),
    folded by `ChallengeTally.compact`: a kept tally finishes from here."""

    next: date | None = None  # the start of the first period not folded (None: none folded)
    streak: Streak = Streak()
    tail: tuple[PeriodResult, ...] = ()  # the last TAIL periods folded, for the status grid
    strength: Known | None = None  # the strength on the last day no entry can change


TAIL = 8  # periods folded into `Settled` that a kept tally's summary still lists (`habits
# status` draws the last 8, GRID in habits/cli/show.py)


class ChallengeTally:
    """One challenge over the entries fed so far: each period's count, when it was met, and
    what each day adds to the measure. `result` finishes it as of a day.

    Rows arrive in time order, in one batch or several (a remembered tally takes one more
    entry at a time); any split gives the same state. `compact` folds the periods that ended
    before the newest row's day into `settled`, and forgets the days the strength no longer
    needs: what a kept tally holds does not grow with the length of the history.
    """

    __slots__ = (
        "challenge",
        "counts",
        "daily",
        "earlier",
        "met",
        "once_start",
        "seen",
        "settled",
        "units",
    )

    def __init__(self, challenge: Challenge) -> None:
        self.challenge = challenge
        self.counts: dict[date, int] = {}  # period start -> its count
        # period start -> the units it has counted, for a measure whose units can repeat
        self.seen: dict[date, set[str]] = {}
        self.met: dict[date, Met] = {}  # period start -> how it was met
        self.daily: dict[date, int] = {}  # what each day adds to the measure (not "people")
        self.units: dict[date, list[str]] = {}  # the people each day adds ("people")
        self.once_start = challenge.start  # an "once" window starts here, else at the first row
        # Per person, the times and days of the entries an `after` rule may look back to.
        self.earlier: dict[str, tuple[list[float], list[date]]] | None = (
            {} if challenge.after else None
        )
        self.settled = Settled()

    def feed(self, by_action: dict[str, list[Row]], calendar: Calendar) -> None:
        """Count rows newer than any fed before (each action's rows in time order)."""
        challenge = self.challenge
        earlier = self.earlier
        if earlier is not None:
            for row in _in_order(by_action, challenge.after):
                for person in row.people:
                    times, days = earlier.setdefault(person, ([], []))
                    times.append(row.ts)
                    days.append(row.day)
        rows = _counting_rows(challenge, by_action, earlier)
        if not rows:
            return
        if self.once_start is None:
            self.once_start = rows[0].day
        every, target, once_start = challenge.every, challenge.target, self.once_start
        counts, seen, met, daily, units_of = (
            self.counts,
            self.seen,
            self.met,
            self.daily,
            self.units,
        )
        people = challenge.measure == "people"
        repeats = challenge.measure in REPEATING
        for row in rows:
            units = _units(challenge, row)
            if not units:
                continue
            day = row.day
            if people:
                units_of.setdefault(day, []).extend(units)
            else:
                daily[day] = daily.get(day, 0) + len(units)
            start = calendar.period_start(day, every, once_start)
            if repeats:
                in_period = seen.setdefault(start, set())
                units = tuple(unit for unit in units if unit not in in_period)
                in_period.update(units)
            counts[start] = counts.get(start, 0) + len(units)
            if start not in met and counts[start] >= target:
                met[start] = Met(day, row.entry.id, row.rank)

    def compact(self, calendar: Calendar, last_day: date, pauses: Sequence[Pause]) -> None:
        """Fold what no row from `last_day` on can change: the periods that ended before it
        and the strength up to the day before it (a kept tally is fed no older row)."""
        challenge = self.challenge
        pauses = _own(pauses, challenge)
        if challenge.every != "once":  # one period, never folded: its end moves with as-of
            self._fold_periods(calendar, last_day, pauses)
        if self.earlier is not None:  # the last entry, and the last strictly before it:
            self.earlier = {p: _last_two(t, d) for p, (t, d) in self.earlier.items()}
        day = min(last_day - ONE_DAY, challenge.end or last_day)
        _, series = strength_series(
            challenge,
            self.daily,
            self.units,
            day,
            pauses,
            self.settled.strength,
            _rest_days(challenge, calendar),
        )
        if series:
            self.settled = self.settled._replace(strength=Known(day, series[-1]))
        since = window_start(challenge, day + ONE_DAY)  # the days the next score looks back to
        self.daily = {d: n for d, n in self.daily.items() if since and d >= since}
        self.units = {d: people for d, people in self.units.items() if since and d >= since}

    def _fold_periods(self, calendar: Calendar, last_day: date, pauses: Sequence[Pause]) -> None:
        """Fold the periods that ended before `last_day` into `settled`."""
        settled, challenge = self.settled, self.challenge
        periods = _periods(
            challenge, calendar, self._first(), self.counts, self.met, last_day, pauses, date.min
        )
        done = [p for p in periods if p.end < last_day]
        if not done:
            return
        streak = _run(challenge, done, settled.streak, {})
        after = next_start(done[-1].start, challenge.every)
        self.settled = settled._replace(
            next=after, streak=streak, tail=(*settled.tail, *done)[-TAIL:]
        )
        self.counts = {s: n for s, n in self.counts.items() if s >= after}
        self.met = {s: m for s, m in self.met.items() if s >= after}
        self.seen = {s: units for s, units in self.seen.items() if s >= after}

    def _first(self) -> date | None:
        """The start of the first period not folded yet (None: nothing counted)."""
        if self.settled.next is not None:
            return self.settled.next
        return min(self.counts) if self.counts else None

    def result(
        self,
        calendar: Calendar,
        as_of: date,
        pauses: Sequence[Pause],
        day_points: dict[date, int],
        ledger: bool = True,
    ) -> tuple[ChallengeResult, list[Award]]:
        """The challenge as of a day. Its awards' points are added to `day_points`; with
        `ledger` they also come as ledger lines, each with the meeting entry's rank.

        After `compact`, the periods folded into `settled` are not walked again: the result
        lists only the last TAIL of them, and its strength series starts on the last day no
        entry could change (`strength_from`); every other figure is the whole history's.
        """
        challenge, settled = self.challenge, self.settled
        pauses = _own(pauses, challenge)
        once_start = self.once_start or as_of
        once_end = challenge.end or as_of
        periods = _periods(
            challenge,
            calendar,
            self._first(),
            self.counts,
            self.met,
            as_of,
            pauses,
            once_start,
            once_end,
        )
        lines: list[Award] | None = [] if ledger else None
        rank = {met.entry: met.rank for met in self.met.values()} if ledger else {}
        streak = _run(challenge, periods, settled.streak, day_points, lines, rank)
        periods[:0] = settled.tail
        current = _current(periods, challenge, calendar, as_of, once_start)
        last_day = min(as_of, challenge.end or as_of)
        first, series = strength_series(
            challenge,
            self.daily,
            self.units,
            last_day,
            pauses,
            settled.strength,
            _rest_days(challenge, calendar),
        )
        return (
            ChallengeResult(
                challenge=challenge,
                periods=tuple(periods),
                current=current,
                streak=streak.run,
                best_streak=len(streak.best_reached),
                best_reached=streak.best_reached,
                at_risk=bool(
                    streak.run
                    and current
                    and current.open
                    and not current.met
                    and not current.paused  # a rest day cannot break it
                ),
                strength=(series[-1] if series else 0.0) if challenge.every != "once" else None,
                strength_from=first,
                strength_series=series,
                points=streak.points,
            ),
            lines or [],
        )


def _own(pauses: Sequence[Pause], challenge: Challenge) -> list[Pause]:
    """The pauses that rest this challenge."""
    return [p for p in pauses if p.challenge in (None, challenge.id)]


def _run(
    challenge: Challenge,
    periods: Sequence[PeriodResult],
    streak: Streak,
    day_points: dict[date, int],
    lines: list[Award] | None = None,
    rank: dict[str, int] | None = None,
) -> Streak:
    """The streak after `periods`, from `streak` before them. Each met period's points land
    in `day_points` on the day it was met; with `lines` they also come as awards (`rank`:
    the meeting entries' ranks)."""
    met_points, bonus = challenge.points, challenge.streak_bonus
    run, total = streak.run, streak.points
    best_reached = list(streak.best_reached)
    for period in periods:
        if period.met and period.met_on is not None and period.met_by is not None:
            run += 1
            if run > len(best_reached):
                best_reached.append(period.met_on)
            earned = met_points + (run - 1) * bonus
            if earned:
                total += earned
                day_points[period.met_on] = day_points.get(period.met_on, 0) + earned
            if lines is not None and rank is not None:
                lines.extend(_awards(challenge, period, run, rank[period.met_by]))
        elif not (period.paused or period.open):
            run = 0
    return Streak(run, total, tuple(best_reached))


def _awards(challenge: Challenge, period: PeriodResult, run: int, rank: int) -> list[Award]:
    """The ledger lines of a met period: the challenge's points, then its streak bonus."""
    assert period.met_on is not None
    label = _label(challenge, period)
    awards = (
        (challenge.points, f"Met '{challenge.title}'{label}"),
        ((run - 1) * challenge.streak_bonus, f"Streak ×{run} on '{challenge.title}'{label}"),
    )
    return [
        Award(rank, LedgerLine(period.met_on, points, reason, period.met_by, challenge.id))
        for points, reason in awards
        if points
    ]


def _in_order(by_action: dict[str, list[Row]], actions: frozenset[str]) -> list[Row]:
    """The rows of some actions, in time order (each list is already ordered)."""
    streams = [by_action.get(action, []) for action in sorted(actions)]
    if len(streams) == 1:
        return streams[0]
    return sorted(chain.from_iterable(streams), key=_RANK)


_RANK = attrgetter("rank")


def _counting_rows(
    challenge: Challenge,
    by_action: dict[str, list[Row]],
    earlier: dict[str, tuple[list[float], list[date]]] | None,
) -> list[Row]:
    """Rows that meet the challenge's action, venue, tag, window and `after` rules."""
    where, tags, within = challenge.where, challenge.tags, challenge.within_days
    first, last = challenge.start or date.min, challenge.end or date.max
    rows = []
    for row in _in_order(by_action, challenge.actions):
        if row.capped or not first <= row.day <= last:
            continue
        entry = row.entry
        if where and entry.where.casefold() not in where:
            continue
        if tags and not any(tag.casefold() in tags for tag in entry.tags):
            continue
        if earlier is not None and not _follows(row, earlier, within):
            continue
        rows.append(row)
    return rows


def _last_two(times: list[float], days: list[date]) -> tuple[list[float], list[date]]:
    """What `_follows` needs of a person's earlier entries once no row before the last can
    come: the last, and the last strictly before it (for a row at the last one's instant)."""
    n = bisect_left(times, times[-1])
    return times[n - 1 : n] + times[-1:], days[n - 1 : n] + days[-1:]


def _follows(
    row: Row, earlier: dict[str, tuple[list[float], list[date]]], within_days: int
) -> bool:
    """True if one of the row's people is in a strictly earlier `after` entry close enough."""
    for person in row.people:
        found = earlier.get(person)
        if not found:
            continue
        times, days = found
        n = bisect_left(times, row.ts)  # entries before n are strictly earlier
        if n and 0 <= (row.day - days[n - 1]).days <= within_days:
            return True
    return False


# Measures whose units can come again (a person, an opening entry whose follow-ups two
# entries close): a period counts each once. Entry ids and first-ever people never repeat,
# and a kept "once" window would otherwise hold every entry id ever counted.
REPEATING = frozenset({"people", "follow-ups"})


def _units(challenge: Challenge, row: Row) -> tuple[str, ...]:
    """What one row brings to the measure; a period counts each distinct unit once."""
    if challenge.measure == "entries":
        return (row.entry.id,)
    if challenge.measure == "new-people":
        return row.new_people
    if challenge.measure == "follow-ups":
        return row.closes
    return row.people


def _periods(
    challenge: Challenge,
    calendar: Calendar,
    first: date | None,
    counts: dict[date, int],
    met: dict[date, Met],
    as_of: date,
    pauses: Sequence[Pause],
    once_start: date,
    once_end: date = date.max,
) -> list[PeriodResult]:
    """Every period from the one starting on `first` to the one holding the as-of date."""
    if first is None:
        return []
    every = challenge.every
    last_day = min(as_of, challenge.end) if challenge.end else as_of
    last = calendar.period_start(last_day, every, once_start)
    periods: list[PeriodResult] = []
    append = periods.append  # a daily challenge makes a period a day: keep the loop lean
    step = STEPS.get(every)
    rest = _rest_days(challenge, calendar)
    weekday = first.weekday()  # of `start`, stepped with it (only a daily challenge reads it)
    start = first
    while start <= last:
        following = start + step if step else next_start(start, every)
        end = once_end if every == "once" else following - ONE_DAY
        meeter = met.get(start)
        append(
            PeriodResult(
                start,
                end,
                counts.get(start, 0),
                met=meeter is not None,
                met_on=meeter.day if meeter else None,
                met_by=meeter.entry if meeter else None,
                paused=(rest is not None and rest[weekday])
                or (bool(pauses) and any(p.overlaps(start, end, challenge.id) for p in pauses)),
                open=start <= as_of <= end,
            )
        )
        start = following
        weekday = (weekday + 1) % 7
    return periods


def _rest_days(challenge: Challenge, calendar: Calendar) -> tuple[bool, ...] | None:
    """The weekdays a challenge rests on: the non-workdays of a daily workday challenge
    (None: it rests only when paused). Such a day is a paused period: unmet, it neither
    breaks nor extends a streak; met, it counts."""
    if challenge.every != "day" or not challenge.workdays_only or not any(calendar.rest):
        return None
    return calendar.rest


STEPS = {"day": ONE_DAY, "week": 7 * ONE_DAY}


def _current(
    periods: list[PeriodResult],
    challenge: Challenge,
    calendar: Calendar,
    as_of: date,
    once_start: date,
) -> PeriodResult | None:
    """The period holding the as-of date (or the window's last), empty if nothing counted yet."""
    if challenge.start and as_of < challenge.start:
        return None
    if periods:
        return periods[-1]
    day = min(as_of, challenge.end) if challenge.end else as_of
    start = calendar.period_start(day, challenge.every, once_start)
    end = period_end(start, challenge.every, challenge.end or as_of)
    return PeriodResult(start, end, 0, met=False, open=start <= as_of <= end)


def _label(challenge: Challenge, period: PeriodResult) -> str:
    if challenge.every == "once":
        return ""
    if challenge.every == "day":
        return f" ({period.start.isoformat()})"
    if challenge.every == "month":
        return f" ({period.start:%B %Y})"
    return f" (week of {period.start.isoformat()})"


def streaks_on(result: ChallengeResult, cuts: Sequence[tuple[date, bool]]) -> list[int]:
    """The streak at each cut (a day, and whether it is over), in order, from the periods of
    a full score as of a later day. A period ending on a day that is over is decided; the
    period still running then is open (met only if met by then): a cut on today, not over,
    tells the streak as `habits status` does."""
    challenge, periods = result.challenge, result.periods
    found = []
    n, before = 0, Streak()
    for day, over in cuts:
        while n < len(periods) and (periods[n].end < day or (over and periods[n].end == day)):
            before = Streak(_run(challenge, periods[n : n + 1], before, {}).run)
            n += 1
        if n == len(periods) or periods[n].start > day:
            found.append(before.run)
            continue
        period = periods[n]
        if period.met_on is None or period.met_on > day:
            period = period._replace(met=False, met_on=None, met_by=None)
        found.append(_run(challenge, (period._replace(open=True),), before, {}).run)
    return found
