"""Score entries against a pack: a pure function of (pack, settings, entries, pauses, as-of)."""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import accumulate, pairwise
from operator import attrgetter

from habits.core import followups
from habits.core.badges import evaluate_badges
from habits.core.challenges import Row, run_challenge
from habits.core.model import Entry, Pack, Pause, Settings
from habits.core.people import NOBODY, Directory
from habits.core.periods import Calendar
from habits.core.scorecard import LedgerLine, Scorecard


def score(
    pack: Pack,
    settings: Settings,
    entries: Iterable[Entry],
    as_of: date,
    pauses: Sequence[Pause] = (),
    people: Directory = NOBODY,
) -> Scorecard:
    """Score entries against a pack as of the end of `as_of` (later entries are ignored).

    `people` says which names are one person (aliases and merges from people.toml).

    Scoring builds a few objects per entry and no reference cycles, so the cyclic garbage
    collector only costs time here (about a sixth of a million-entry score): it is paused.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _score(pack, settings, entries, as_of, pauses, people)
    finally:
        if paused:
            gc.enable()


def _score(
    pack: Pack,
    settings: Settings,
    entries: Iterable[Entry],
    as_of: date,
    pauses: Sequence[Pause],
    directory: Directory,
) -> Scorecard:
    calendar = Calendar(settings)
    rows = timeline(pack, calendar, entries, as_of, directory)
    by_action: dict[str, list[Row]] = {action: [] for action in pack.actions}
    entry_lines: list[LedgerLine] = []
    seen: set[str] = set()
    met: set[str] = set()  # people of counted entries
    counted: list[Row] = []
    capped: list[str] = []
    # Per action: its rows, its entries a day so far, its cap, its points (None when it earns
    # none) and its title. One lookup a row: this loop sees every entry.
    rules: dict[str, tuple[list[Row], dict[date, int], int | None, int | None, str]] = {
        a.id: (by_action[a.id], {}, a.daily_cap, a.points or None, a.title)
        for a in pack.actions.values()
    }
    for rank, row in enumerate(rows):
        row.rank = rank
        entry = row.entry
        own, per_day, cap, points, title = rules[entry.action]
        own.append(row)
        people = row.people
        if people:  # new people count whatever the cap: a capped entry is still history
            if len(people) == 1:
                if people[0] not in seen:
                    row.new_people = people
                    seen.add(people[0])
            else:
                row.new_people = fresh = tuple(p for p in people if p not in seen)
                seen.update(fresh)
        if cap is not None:
            day = row.day
            per_day[day] = n = per_day.get(day, 0) + 1
            if n > cap:  # past the cap: it counts for nothing
                row.capped = True
                capped.append(entry.id)
                continue
        if people:
            met.update(people)
        counted.append(row)
        if points:
            entry_lines.append(LedgerLine(row.day, points, title, entry.id))

    follow = followups.track(pack, rows)
    results = []
    awards: list[tuple[tuple[date, int, str, str], LedgerLine]] = []
    for challenge_id in sorted(pack.challenges):
        challenge = pack.challenges[challenge_id]
        result, lines = run_challenge(challenge, by_action, calendar, as_of, pauses)
        results.append(result)
        awards.extend(((line.date, rank, challenge_id, line.reason), line) for rank, line in lines)
    ledger = _merge(entry_lines, awards)
    total = sum(line.points for line in ledger)
    level_ups = _level_ups(pack, ledger)
    level = None if pack.levels is None else sum(1 for t in pack.levels if total >= t)
    badges = evaluate_badges(pack, counted, results, ledger, level_ups, level, follow, as_of)
    return Scorecard(
        as_of=as_of,
        points=total,
        level=level,
        level_name=_level_name(pack, level),
        next_level_at=_next_level(pack, level),
        level_ups=tuple(level_ups),
        ledger=tuple(ledger),
        challenges=tuple(results),
        badges=tuple(badges),
        entries=tuple(map(_ENTRY, rows)),
        capped=frozenset(capped),
        people=len(met),
        follow_ups=followups.stats(follow, as_of),
        follow_up_items=tuple(follow),
        days=tuple(map(_DAY, rows)),
    )


_ENTRY = attrgetter("entry")
_DAY = attrgetter("day")


def timeline(
    pack: Pack,
    calendar: Calendar,
    entries: Iterable[Entry],
    as_of: date,
    people: Directory = NOBODY,
) -> list[Row]:
    """Localise and order entries: time, then when logged, then id (a total order).

    The hottest loop of scoring (a million entries in the benchmark): names are bound to
    locals and the local day comes from `Calendar.day_of_timestamp`'s per-UTC-day offsets.
    """
    keys: dict[str, str] = {}
    day_of = calendar.day_of_timestamp
    known = pack.actions
    rows: list[Row] = []
    append = rows.append
    # day_of_timestamp, inlined for the common case: the zone's offset is steady all UTC day
    offsets, days, shift = calendar.offsets, calendar.days, calendar.shift_seconds
    for entry in entries:
        if entry.action not in known:
            continue  # the store reports it with its path:line
        ts = entry.at.timestamp()
        offset = offsets.get(int(ts // 86400))
        day = days.get(int((ts + offset - shift) // 86400)) if offset is not None else None
        if day is None:
            day = day_of(ts)
        if day > as_of:
            continue
        names = entry.with_
        if not names:
            append(Row(entry, ts, day, ()))
            continue
        for name in names:
            if name not in keys:
                keys[name] = people.key(name)
        if len(names) == 1:
            append(Row(entry, ts, day, (keys[names[0]],)))
        else:
            append(Row(entry, ts, day, tuple(dict.fromkeys(keys[name] for name in names))))
    rows.sort(key=_TS)
    stamps = list(map(_TS, rows))
    tied = [n for n, (a, b) in enumerate(pairwise(stamps), start=1) if a == b]
    start = end = -1
    for n in tied:  # rows n-1 and n share an instant: order runs by logged, then id
        if n - 1 != end:
            _order_run(rows, start, end)
            start = n - 1
        end = n
    _order_run(rows, start, end)
    return rows


def _order_run(rows: list[Row], first: int, last: int) -> None:
    if first >= 0:
        rows[first : last + 1] = sorted(
            rows[first : last + 1], key=lambda r: (r.entry.logged, r.entry.id)
        )


_TS = attrgetter("ts")


def _merge(
    entry_lines: list[LedgerLine], awards: list[tuple[tuple[date, int, str, str], LedgerLine]]
) -> list[LedgerLine]:
    """Entry lines are already in time order; challenge awards follow the entries of their day."""
    awards.sort(key=lambda item: item[0])
    days = [line.date for line in entry_lines]
    if any(b < a for a, b in pairwise(days)):  # a DST jump across midnight: sort it all
        keyed = [((line.date, -1, "", ""), line) for line in entry_lines] + awards
        return [line for _, line in sorted(keyed, key=lambda item: item[0])]
    ledger: list[LedgerLine] = []
    taken = 0
    for key, line in awards:
        upto = bisect_right(days, key[0], lo=taken)
        ledger.extend(entry_lines[taken:upto])
        ledger.append(line)
        taken = upto
    ledger.extend(entry_lines[taken:])
    return ledger


def _level_ups(pack: Pack, ledger: Sequence[LedgerLine]) -> list[tuple[int, date]]:
    """Return (level, date first reached) for each level the running total has reached."""
    thresholds = sorted(pack.levels or ())
    reached: list[tuple[int, date]] = []
    if not thresholds:
        return reached
    for line, total in zip(ledger, accumulate(line.points for line in ledger), strict=True):
        while len(reached) < len(thresholds) and total >= thresholds[len(reached)]:
            reached.append((len(reached) + 1, line.date))
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
