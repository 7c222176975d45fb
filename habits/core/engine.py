"""Score entries against a pack: a pure function of (pack, settings, entries, pauses, as-of).

The engine is a fold: a `Tally` takes entries in scoring order (see `habits.core.timeline`),
in one batch or several, and finishes as of any day from its newest entry on. `score` folds
a whole log in one batch; `habits log` keeps a compact tally between runs and feeds it just
the entry it logged.
"""

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import accumulate, pairwise
from operator import attrgetter
from typing import NamedTuple

from habits.core.badges import Facts, Running, evaluate_badges
from habits.core.challenges import Award, ChallengeTally
from habits.core.followups import NO_MARKS, Marks, Tracker
from habits.core.model import Entry, Pack, Pause, Settings
from habits.core.nogc import NoGc
from habits.core.people import NOBODY, Directory
from habits.core.periods import Calendar, Workweek
from habits.core.scorecard import (
    BadgeResult,
    ChallengeResult,
    LedgerLine,
    Scorecard,
    Summary,
)
from habits.core.timeline import Row, origin_file, timeline


def score(
    pack: Pack,
    settings: Settings,
    entries: Iterable[Entry],
    as_of: date,
    pauses: Sequence[Pause] = (),
    people: Directory = NOBODY,
    marks: Marks = NO_MARKS,
) -> Scorecard:
    """Score entries against a pack as of the end of `as_of` (later entries are ignored).

    `people` says which names are one person (aliases and merges from people.toml); `marks`
    which follow-ups were dismissed or snoozed.
    """
    tally = Tally(pack, settings, pauses, people, keep=True, marks=marks)
    with NoGc():
        tally.feed(timeline(pack, tally.calendar, entries, as_of, people))
        return tally.scorecard(as_of)


def tally(
    pack: Pack,
    settings: Settings,
    entries: Iterable[Entry],
    pauses: Sequence[Pause] = (),
    people: Directory = NOBODY,
    marks: Marks = NO_MARKS,
) -> "Tally":
    """A compact tally of every entry, to finish as of any day and feed newer entries."""
    result = Tally(pack, settings, pauses, people, keep=False, marks=marks)
    with NoGc():
        result.feed(timeline(pack, result.calendar, entries, date.max, people))
    result.compact()
    return result


class Tally:
    """Scoring state after some entries: feed it newer entries, finish it as of a day.

    With `keep` it keeps every row and ledger line, for a full `Scorecard`; without, it keeps
    only what finishing and feeding newer entries need, and `compact` folds what no newer
    entry can change (the days before the newest entry's) into counts: what is left does not
    grow with the length of the history, and is small enough to remember between runs.
    """

    def __init__(
        self,
        pack: Pack,
        settings: Settings,
        pauses: Sequence[Pause] = (),
        people: Directory = NOBODY,
        keep: bool = True,
        marks: Marks = NO_MARKS,
    ) -> None:
        self.pack = pack
        self.calendar = Calendar(settings)
        self.pauses = tuple(pauses)
        self.directory = people
        self.keep = keep
        self.rows: list[Row] = []  # every row, with `keep`
        self.entry_lines: list[LedgerLine] = []  # the entries' own ledger lines, with `keep`
        self.capped: list[str] = []  # ids of entries past their action's cap, with `keep`
        self.capped_count = 0
        self.size = 0  # rows fed so far: the next row's rank
        self.last = Position(float("-inf"), float("-inf"), "")  # of the last row fed
        self.last_day = date.min
        # every person in any entry so far, and the known contacts: none of them is new
        self.seen: set[str] = set(people.known)
        self.per_day: dict[str, dict[date, int]] = {a: {} for a in pack.actions}  # for caps
        self.entry_points: dict[date, int] = {}  # what entries earned, per day not settled
        self.settled = SettledDays()
        self.running = Running(pack)
        self.tracker = Tracker(pack, Workweek(settings.workdays, self.pauses), marks)
        self.challenges = [ChallengeTally(pack.challenges[c]) for c in sorted(pack.challenges)]

    def feed(self, rows: list[Row]) -> None:
        """Score rows in order, each after every row fed before."""
        if not rows:
            return
        pack = self.pack
        by_action: dict[str, list[Row]] = {action: [] for action in pack.actions}
        seen, met, meet = self.seen, self.running.met, self.running.meet
        keep, capped, lines, entry_points = (
            self.keep,
            self.capped,
            self.entry_lines,
            self.entry_points,
        )
        counted: list[Row] = []
        capped_count = 0
        # One lookup a row: this loop sees every entry.
        actions = {
            a.id: Feeding(
                by_action[a.id], self.per_day[a.id], a.daily_cap, a.points or None, a.title
            )
            for a in pack.actions.values()
        }
        for rank, row in enumerate(rows, start=self.size):
            row.rank = rank
            entry = row.entry
            own, per_day, cap, points, title = actions[entry.action]
            own.append(row)
            people = row.people
            day = row.day
            if people:  # new people count whatever the cap: a capped entry is still history
                if len(people) == 1:
                    if people[0] not in seen:
                        row.new_people = people
                        seen.add(people[0])
                else:
                    row.new_people = fresh = tuple(p for p in people if p not in seen)
                    seen.update(fresh)
            if cap is not None:
                per_day[day] = n = per_day.get(day, 0) + 1
                if n > cap:  # past the cap: it counts for nothing
                    row.capped = True
                    capped_count += 1
                    if keep:
                        capped.append(entry.id)
                    continue
            for person in people:
                if person not in met:
                    meet(person, day)
            counted.append(row)
            if points:
                entry_points[day] = entry_points.get(day, 0) + points
                if keep:
                    lines.append(LedgerLine(day, points, title, entry.id))
        self.size += len(rows)
        self.capped_count += capped_count
        self.last = Position.of(rows[-1])
        self.last_day = max(self.last_day, max(map(_DAY, rows)))
        if keep:
            self.rows.extend(rows)
        self.tracker.feed(rows)
        self.running.feed(pack, counted)
        for challenge in self.challenges:
            challenge.feed(by_action, self.calendar)

    def add(self, entry: Entry) -> bool:
        """Feed one entry if it comes after every entry fed so far (else feed nothing).

        It does if it is later, or logged later, or at the same instant and logged in the same
        second but written to a file no earlier than the last entry's (its `origin` names the
        file it goes to): appended at the end of that file, it is the last in written order.
        """
        rows = timeline(self.pack, self.calendar, [entry], date.max, self.directory)
        if not rows or rows[0].day < self.last_day or Position.of(rows[0]) < self.last:
            return False
        self.feed(rows)
        return True

    def covers(self, as_of: date) -> bool:
        """True if finishing as of this day leaves no entry out (none is later)."""
        return as_of >= self.last_day

    def compact(self) -> None:
        """Fold what no newer entry can change: the days before the newest entry's (`add`
        feeds no older entry), into `settled` and each part's own folded state."""
        if self.keep:
            raise ValueError("a tally that keeps every row is never compacted")
        day = self.last_day
        if day == date.min:  # nothing fed
            return
        summary, _, day_totals = self._finish(day)
        before = [total for on, total in day_totals if on < day]
        self.settled = SettledDays(
            day,
            before[-1] if before else self.settled.points,
            tuple(up for up in summary.level_ups if up[1] < day),
            {n: b.earned for n, b in enumerate(summary.badges) if b.earned and b.earned < day},
        )
        self.entry_points = {on: n for on, n in self.entry_points.items() if on >= day}
        self.per_day = {
            action: {on: n for on, n in days.items() if on >= day}
            for action, days in self.per_day.items()
        }
        for challenge in self.challenges:
            challenge.compact(self.calendar, day, self.pauses)
        self.tracker.compact(day)
        self.running.compact(day)
        self.calendar.forget()

    def summary(self, as_of: date) -> Summary:
        """Finish as of a day on or after the newest entry."""
        if not self.covers(as_of):
            raise ValueError(f"the tally holds entries after {as_of}")
        return self._finish(as_of)[0]

    def scorecard(self, as_of: date) -> Scorecard:
        """Finish as of a day, with the ledger and every entry (a tally that keeps them)."""
        if not self.keep:
            raise ValueError("a compact tally keeps no rows: score the log")
        summary, awards, _ = self._finish(as_of, ledger=True)
        return Scorecard(
            summary,
            ledger=tuple(_merge(self.entry_lines, awards)),
            entries=tuple(map(_ENTRY, self.rows)),
            capped=frozenset(self.capped),
            days=tuple(map(_DAY, self.rows)),
            follow_up_items=tuple(self.tracker.items),
            new_people=tuple(map(_NEW_PEOPLE, self.rows)),
        )

    def _finish(
        self, as_of: date, ledger: bool = False
    ) -> tuple[Summary, list[Award], list[tuple[date, int]]]:
        """The summary as of a day, the challenges' awards (with their reasons for a
        `ledger`), and each day from the settled ones on with points, with the total then."""
        pack, settled = self.pack, self.settled
        results: list[ChallengeResult] = []
        awards: list[Award] = []
        day_points = dict(self.entry_points)
        for challenge in self.challenges:
            result, lines = challenge.result(self.calendar, as_of, self.pauses, day_points, ledger)
            results.append(result)
            awards.extend(lines)
        # Awards met before the settled day are in its total already.
        days = sorted(day for day in day_points if day >= settled.day)
        totals = (settled.points + t for t in accumulate(day_points[d] for d in days))
        day_totals = list(zip(days, totals, strict=True))
        total = day_totals[-1][1] if day_totals else settled.points
        level_ups = _level_ups(pack, day_totals, settled.level_ups)
        level = None if pack.levels is None else sum(1 for t in pack.levels if total >= t)
        follow = self.tracker
        facts = Facts(
            self.running,
            {r.id: r for r in results},
            total,
            day_totals,
            level_ups,
            level,
            follow,
            as_of,
            settled.badges,
        )
        badges: list[BadgeResult] = evaluate_badges(pack, facts)
        summary = Summary(
            as_of=as_of,
            points=total,
            level=level,
            level_name=_level_name(pack, level),
            next_level_at=_next_level(pack, level),
            level_ups=tuple(level_ups),
            challenges=tuple(results),
            badges=tuple(badges),
            people=len(self.running.met),
            capped_count=self.capped_count,
            follow_ups=follow.stats(as_of),
        )
        return summary, awards, day_totals


class SettledDays(NamedTuple):
    """What the days before `day` add up to, folded by `Tally.compact` (no entry can be fed
    before the newest entry's day): a day first reached stays so."""

    day: date = date.min
    points: int = 0  # earned before `day`
    level_ups: tuple[tuple[int, date], ...] = ()  # (level, date first reached) before `day`
    badges: dict[int, date] = {}  # noqa: RUF012 (a named tuple's default, never mutated) -
    # badges (by their index in the pack) earned before `day`


class Feeding(NamedTuple):
    """One action as `Tally.feed` needs it."""

    rows: list[Row]  # its rows in the batch being fed
    per_day: dict[date, int]  # its entries a day so far, for the cap
    cap: int | None
    points: int | None  # None when it earns none
    title: str


class Position(NamedTuple):
    """Where a row stands in scoring order, as far as `Tally.add` can tell: its instant,
    when it was logged, and the file it is written in (appended last there, it is last)."""

    ts: float
    logged: float
    file: str

    @classmethod
    def of(cls, row: Row) -> "Position":
        entry = row.entry
        return cls(row.ts, entry.logged.timestamp(), origin_file(entry.origin))


_ENTRY = attrgetter("entry")
_DAY = attrgetter("day")
_NEW_PEOPLE = attrgetter("new_people")
_DATE = attrgetter("date")


def _merge(entry_lines: list[LedgerLine], awards: list[Award]) -> list[LedgerLine]:
    """Entry lines are already in time order; challenge awards follow the entries of their day,
    in the order of the entries that earned them."""
    awards.sort(key=_award_order)
    days = [line.date for line in entry_lines]
    if any(b < a for a, b in pairwise(days)):  # a DST jump across midnight: sort it all
        # stable: each day's entry lines as they were, then its awards in order
        return sorted([*entry_lines, *(award.line for award in awards)], key=_DATE)
    ledger: list[LedgerLine] = []
    taken = 0
    for _, line in awards:
        upto = bisect_right(days, line.date, lo=taken)
        ledger.extend(entry_lines[taken:upto])
        ledger.append(line)
        taken = upto
    ledger.extend(entry_lines[taken:])
    return ledger


def _award_order(award: Award) -> tuple[date, int, str, str]:
    line = award.line
    return line.date, award.rank, line.challenge or "", line.reason


def _level_ups(
    pack: Pack,
    day_totals: Sequence[tuple[date, int]],
    before: Sequence[tuple[int, date]] = (),
) -> list[tuple[int, date]]:
    """Return (level, date first reached) for each level the running total has reached,
    after the levels reached `before` the first of `day_totals`."""
    thresholds = sorted(pack.levels or ())
    reached = list(before)
    if not thresholds:
        return reached
    for day, total in day_totals:
        while len(reached) < len(thresholds) and total >= thresholds[len(reached)]:
            reached.append((len(reached) + 1, day))
        if len(reached) == len(thresholds):
            break
    return reached


def _level_name(pack: Pack, level: int | None) -> str:
    if level is None or not 0 < level <= len(pack.level_names):
        return ""
    return pack.level_names[level - 1]


def _next_level(pack: Pack, level: int | None) -> int | None:
    if pack.levels is None or level is None:
        return None
    thresholds = sorted(pack.levels)
    return thresholds[level] if level < len(thresholds) else None
