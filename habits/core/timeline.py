"""The timeline: entries as scoring sees them (`Row`), localised and in scoring order.

The order of entries is their time, then when they were logged, then the order they are
written in (rows of an import, lines of a file, files by name): never their random ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import pairwise
from operator import attrgetter

from habits.core.model import Entry, Pack
from habits.core.people import NOBODY, Directory
from habits.core.periods import Calendar


class Row:
    """An entry as scoring sees it: local day, people keys, cap and novelty marks."""

    __slots__ = ("capped", "closes", "day", "entry", "new_people", "people", "rank", "ts")

    def __init__(self, entry: Entry, ts: float, day: date, people: tuple[str, ...]) -> None:
        self.entry = entry
        self.ts = ts
        self.day = day
        self.people = people
        self.capped = False
        self.rank = 0  # position in time order (ties: logged, then written order)
        self.new_people: tuple[str, ...] = ()
        self.closes: tuple[str, ...] = ()  # follow-ups it closed on time (their opening entries)


def in_order(entries: Iterable[Entry]) -> list[Entry]:
    """Entries in the order scoring takes them: time, then when logged, then as given.

    Instants are compared as timestamps: two datetimes that share a tzinfo compare by their
    wall clocks, which puts the second 01:30 of a repeated DST hour before the first 01:40.
    """
    return sorted(entries, key=_instants)


def origin_file(origin: str) -> str:
    """The file part of an entry's "path:line" origin."""
    return origin.rpartition(":")[0]


def timeline(
    pack: Pack,
    calendar: Calendar,
    entries: Iterable[Entry],
    as_of: date,
    people: Directory = NOBODY,
) -> list[Row]:
    """Localise and order entries: time, then when logged, then as given (written order).

    The hottest loop of scoring (a million entries in the benchmark): names are bound to
    locals and the local day comes from `Calendar.day_of_timestamp`'s per-UTC-day offsets.
    """
    keys: dict[str, str] = {}
    day_of = calendar.day_of_timestamp
    known = pack.actions
    rows: list[Row] = []
    append = rows.append
    for entry in entries:
        if entry.action not in known:
            continue  # the store reports it with its path:line
        ts = entry.at.timestamp()
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
    rows.sort(key=_TS)  # stable: rows at one instant stay as given
    stamps = list(map(_TS, rows))
    tied = [n for n, (a, b) in enumerate(pairwise(stamps), start=1) if a == b]
    start = end = -1
    for n in tied:  # rows n-1 and n share an instant: order runs by logged, then as given
        if n - 1 != end:
            _order_run(rows, start, end)
            start = n - 1
        end = n
    _order_run(rows, start, end)
    return rows


def _order_run(rows: list[Row], first: int, last: int) -> None:
    if first >= 0:
        rows[first : last + 1] = sorted(
            rows[first : last + 1], key=lambda r: r.entry.logged.timestamp()
        )


_TS = attrgetter("ts")


def _instants(entry: Entry) -> tuple[float, float]:
    return entry.at.timestamp(), entry.logged.timestamp()
