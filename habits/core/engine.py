"""Score entries against a pack: a pure function of (pack, settings, entries, pauses, as-of)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from itertools import accumulate

from habits.core.badges import evaluate_badges
from habits.core.challenges import Row, run_challenge
from habits.core.model import Entry, Pack, Pause, Settings, person_key
from habits.core.periods import Calendar
from habits.core.scorecard import LedgerLine, Scorecard


def score(
    pack: Pack,
    settings: Settings,
    entries: Iterable[Entry],
    as_of: date,
    pauses: Sequence[Pause] = (),
) -> Scorecard:
    """Score entries against a pack as of the end of `as_of` (later entries are ignored)."""
    calendar = Calendar(settings)
    rows = _rows(pack, calendar, entries, as_of)
    ledger: list[LedgerLine] = []
    position = {row.entry.id: n for n, row in enumerate(rows)}

    for row in rows:
        points = pack.actions[row.entry.action].points
        if not row.capped and points:
            title = pack.actions[row.entry.action].title
            ledger.append(LedgerLine(row.day, points, title, entry=row.entry.id))

    by_action: dict[str, list[Row]] = {}
    for row in rows:
        by_action.setdefault(row.entry.action, []).append(row)

    results = []
    for challenge_id in sorted(pack.challenges):
        challenge = pack.challenges[challenge_id]
        result, lines = run_challenge(challenge, by_action, calendar, as_of, pauses)
        results.append(result)
        ledger.extend(lines)

    ledger.sort(
        key=lambda line: (
            line.date,
            line.challenge is not None,
            position.get(line.entry or "", -1),
            line.challenge or "",
            line.reason,
        )
    )
    total = sum(line.points for line in ledger)
    level_ups = _level_ups(pack, ledger)
    level = None if pack.levels is None else sum(1 for t in pack.levels if total >= t)
    counted = [row for row in rows if not row.capped]
    badges = evaluate_badges(pack, counted, results, ledger, level_ups, level)
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
        entries=tuple(row.entry for row in rows),
        capped=frozenset(row.entry.id for row in rows if row.capped),
        people=len({key for row in counted for key in row.people}),
    )


def _rows(pack: Pack, calendar: Calendar, entries: Iterable[Entry], as_of: date) -> list[Row]:
    """Localise, order and mark entries: daily caps and each person's first entry ever."""
    rows = []
    for entry in entries:
        if entry.action not in pack.actions:
            continue  # the store reports it with its path:line
        day = calendar.day_of(entry.at)
        if day <= as_of:
            people = tuple(dict.fromkeys(person_key(name) for name in entry.with_))
            rows.append(Row(entry, entry.at.timestamp(), day, people))
    rows.sort(key=lambda row: (row.ts, row.entry.logged, row.entry.id))

    per_day: dict[tuple[str, date], int] = {}
    seen: set[str] = set()
    for rank, row in enumerate(rows):
        row.rank = rank
        cap = pack.actions[row.entry.action].daily_cap
        key = (row.entry.action, row.day)
        per_day[key] = n = per_day.get(key, 0) + 1
        row.capped = cap is not None and n > cap
        row.new_people = tuple(p for p in row.people if p not in seen)
        seen.update(row.people)
    return rows


def _level_ups(pack: Pack, ledger: Sequence[LedgerLine]) -> list[tuple[int, date]]:
    """Return (level, date first reached) for each level the running total has reached."""
    thresholds = sorted(pack.levels or ())
    reached: list[tuple[int, date]] = []
    for line, total in zip(ledger, accumulate(line.points for line in ledger), strict=True):
        while len(reached) < len(thresholds) and total >= thresholds[len(reached)]:
            reached.append((len(reached) + 1, line.date))
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
