"""The network a log describes: people, what is due, wins and what leads to them.

Pure: it reads a scorecard (its entries in time order and its follow-ups) with the pack,
the settings and the people directory. Every person is a key (see `habits.core.people`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from statistics import median
from typing import NamedTuple

from habits.core.followups import FOLLOW_UP, FollowUp
from habits.core.model import Entry, Opener, Pack, Settings
from habits.core.people import Directory
from habits.core.periods import Calendar
from habits.core.scorecard import Scorecard

KEEP_IN_TOUCH = "keep-in-touch"
CADENCE_AHEAD = 7  # keep-in-touch reminders show up this many days before they are due
NONE = "(none)"  # the group of first touches without a venue or an opener
REST = 2  # an opener suggested or used this recently waits while others fit


class Touch(NamedTuple):
    """One entry with a person, as the network sees it."""

    rank: int  # its place in time order
    entry: str
    day: date
    action: str
    where: str
    opener: str


class Person(NamedTuple):
    key: str
    name: str
    first: Touch  # the first entry with them
    last: Touch  # the latest entry with them
    touches: int  # entries with them, wins included
    wins: int
    open_follow_up: FollowUp | None  # the oldest still open
    cadence: int | None  # keep in touch every N days


class Due(NamedTuple):
    """Something to do for a person: a follow-up, a "did they meet?" check, a keep-in-touch."""

    person: str  # the name to show
    key: str
    kind: str  # follow-up, did-they-meet or keep-in-touch
    opened_by: str  # the entry that opened it (for keep-in-touch: the last entry with them)
    opened_on: date
    due: date

    def overdue(self, today: date) -> bool:
        return self.due < today


class FirstTouch(NamedTuple):
    entry: str
    action: str
    where: str
    opener: str
    day: date


class Win(NamedTuple):
    id: str
    kind: str
    day: date
    people: tuple[str, ...]  # names as shown
    first_touch: FirstTouch | None  # the earliest earlier entry with any of its people
    touches: int  # earlier entries with its people (before the win, other wins left out)
    days: int | None  # from the first touch to the win


class Rate(NamedTuple):
    people: int  # people whose first touch was in this group
    wins: int  # of them, people who became a win

    @property
    def rate(self) -> float:
        return self.wins / self.people if self.people else 0.0


class Conversion(NamedTuple):
    by_where: dict[str, Rate]
    by_action: dict[str, Rate]
    by_opener: dict[str, Rate]


class Network(NamedTuple):
    as_of: date
    people: tuple[Person, ...]  # most recent contact first
    due: tuple[Due, ...]  # oldest due first
    wins: tuple[Win, ...]  # oldest first
    conversion: Conversion
    follow_ups: tuple[FollowUp, ...] = ()  # every follow-up and check, as opened

    @property
    def median_touches(self) -> float | None:
        values = [w.touches for w in self.wins if w.first_touch is not None]
        return median(values) if values else None

    @property
    def median_days(self) -> float | None:
        values = [w.days for w in self.wins if w.days is not None]
        return median(values) if values else None

    def by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for win in self.wins:
            counts[win.kind] = counts.get(win.kind, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def network(
    card: Scorecard, pack: Pack, settings: Settings, people: Directory, lapsed: bool = False
) -> Network:
    """People, what is due, wins and conversion, as of the scorecard's day.

    Follow-ups that lapsed (long past due) are left out of `due` unless `lapsed`.
    """
    calendar = Calendar(settings)
    as_of = card.as_of
    names: dict[str, str] = dict(people.names)
    first: dict[str, Touch] = {}
    last: dict[str, Touch] = {}
    touches: dict[str, int] = {}
    won: dict[str, int] = {}
    earlier: dict[str, list[Touch]] = {}  # per person, their entries so far (wins left out)
    wins: list[Win] = []
    for rank, entry in enumerate(card.entries):  # in time order: the engine's order
        keys = tuple(dict.fromkeys(people.key(name) for name in entry.with_))
        day = calendar.day_of(entry.at)
        touch = Touch(rank, entry.id, day, entry.action, entry.where, entry.opener)
        is_win = entry.action in pack.actions and pack.actions[entry.action].win
        if is_win:
            wins.append(_win(entry, keys, day, earlier, names, people))
        for name, key in zip(entry.with_, (people.key(n) for n in entry.with_), strict=True):
            names.setdefault(key, name)
        for key in keys:
            first.setdefault(key, touch)
            last[key] = touch
            touches[key] = touches.get(key, 0) + 1
            if is_win:
                won[key] = won.get(key, 0) + 1
            else:
                earlier.setdefault(key, []).append(touch)
    waiting: dict[str, FollowUp] = {}
    due: list[Due] = []
    for item in card.follow_up_items:
        if item.closed_on is None:
            if item.lapsed(as_of) and not lapsed:
                continue
            waiting.setdefault(item.person, item)
            name = names.get(item.person, item.person)
            due.append(Due(name, item.person, item.kind, item.opened_by, item.opened_on, item.due))
    for key, days in people.cadence.items():
        if key in last and (when := last[key].day + timedelta(days=days)) <= as_of + timedelta(
            days=CADENCE_AHEAD
        ):
            due.append(Due(names[key], key, KEEP_IN_TOUCH, last[key].entry, last[key].day, when))
    due.sort(key=lambda d: (d.due, d.opened_on, d.person.casefold(), d.kind))
    records = [
        Person(
            key,
            names.get(key, key),
            first[key],
            last[key],
            touches[key],
            won.get(key, 0),
            waiting.get(key),
            people.cadence.get(key),
        )
        for key in first
    ]
    records.sort(key=lambda p: (-p.last.day.toordinal(), p.name.casefold()))
    return Network(
        as_of,
        tuple(records),
        tuple(due),
        tuple(wins),
        _conversion(first, won, pack),
        card.follow_up_items,
    )


def _win(
    entry: Entry,
    keys: tuple[str, ...],
    day: date,
    earlier: Mapping[str, list[Touch]],
    names: Mapping[str, str],
    people: Directory,
) -> Win:
    """Attribute a win to the entries before it with the same people (never a later one)."""
    chain = sorted({t for key in keys for t in earlier.get(key, ())})  # by rank: time order
    # `earlier` only holds entries already walked, so every touch is before the win
    first = chain[0] if chain else None
    shown = tuple(names.get(people.key(n), n) for n in entry.with_)
    return Win(
        id=entry.id,
        kind=entry.kind or "other",
        day=day,
        people=shown,
        first_touch=(
            FirstTouch(first.entry, first.action, first.where, first.opener, first.day)
            if first
            else None
        ),
        touches=len(chain),
        days=(day - first.day).days if first else None,
    )


def _conversion(first: Mapping[str, Touch], won: Mapping[str, int], pack: Pack) -> Conversion:
    """People who became a win / people met, by their first touch's venue, action, opener."""
    groups: dict[str, dict[str, Rate]] = {"where": {}, "action": {}, "opener": {}}
    for key, touch in first.items():
        if touch.action in pack.actions and pack.actions[touch.action].win:
            continue  # met through a win: no first touch to learn from
        values = {"where": touch.where or NONE, "action": touch.action, "opener": touch.opener}
        values["opener"] = values["opener"] or NONE
        for group, value in values.items():
            people, wins = groups[group].get(value, Rate(0, 0))
            groups[group][value] = Rate(people + 1, wins + (1 if won.get(key) else 0))

    def rates(group: str) -> dict[str, Rate]:
        found = groups[group]
        return {k: found[k] for k in sorted(found, key=lambda k: (-found[k].people, k))}

    return Conversion(rates("where"), rates("action"), rates("opener"))


def suggest_opener(
    pack: Pack,
    net: Network,
    card: Scorecard,
    venue: str,
    recent: Iterable[str],
) -> Opener | None:
    """An opener for a venue: favour those that led to follow-ups and wins; do not repeat.

    Each opener scores 1 + the follow-ups closed on time after entries that used it + 3 per
    person first met with it who became a win. The last REST openers suggested or used
    (`recent`, newest first) wait their turn while others fit.
    """
    fits = [o for o in pack.openers.values() if not venue or venue in o.tags]
    if not fits:
        fits = list(pack.openers.values())
    if not fits:
        return None
    used: dict[str, set[str]] = {}  # opener -> entries that used it
    for entry in card.entries:
        if entry.opener:
            used.setdefault(entry.opener, set()).add(entry.id)
    followed: dict[str, int] = {}
    for item in card.follow_up_items:
        if item.kind == FOLLOW_UP and item.on_time:
            for opener, ids in used.items():
                if item.opened_by in ids:
                    followed[opener] = followed.get(opener, 0) + 1
    wins = {name: rate.wins for name, rate in net.conversion.by_opener.items()}
    order = list(dict.fromkeys(recent))
    resting = set(order[: min(len(fits) - 1, REST)])
    fresh = [o for o in fits if o.id not in resting] or fits

    def weight(opener: Opener) -> tuple[int, int, str]:
        score = 1 + followed.get(opener.id, 0) + 3 * wins.get(opener.id, 0)
        never = 0 if opener.id in order else 1
        return (score, never, opener.id)

    return max(fresh, key=weight)
