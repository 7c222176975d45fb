"""The network a log describes: people, what is due, wins and what leads to them.

Pure, and a fold like the engine's `Tally`: a `NetworkTally` takes entries in scoring order,
in one batch or many, and finishes with the open follow-ups as of a day; `network` folds a
whole scorecard. Every person is a key (see `habits.core.people`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from heapq import nsmallest
from sys import intern
from typing import TYPE_CHECKING, NamedTuple

from habits.core.followups import FOLLOW_UP, FollowUp
from habits.core.model import Entry, Opener, Pack, Settings
from habits.core.people import NOBODY, Directory
from habits.core.scorecard import Scorecard

if TYPE_CHECKING:
    from habits.core.timeline import Row

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


class Wins(NamedTuple):
    """Wins, oldest first, and what leads to them."""

    wins: tuple[Win, ...]
    conversion: Conversion

    @property
    def median_touches(self) -> float | None:
        from statistics import median  # 3 ms to import (fractions, decimal): when asked

        values = [w.touches for w in self.wins if w.first_touch is not None]
        return median(values) if values else None

    @property
    def median_days(self) -> float | None:
        from statistics import median

        values = [w.days for w in self.wins if w.days is not None]
        return median(values) if values else None

    def by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for win in self.wins:
            counts[win.kind] = counts.get(win.kind, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


class Network(NamedTuple):
    as_of: date
    people: tuple[Person, ...]  # most recent contact first
    due: tuple[Due, ...]  # oldest due first
    wins: tuple[Win, ...]  # oldest first
    conversion: Conversion
    # Every follow-up and check, as opened: from `network` (a full score) only; a kept
    # `NetworkTally` sees just the open ones and leaves this empty.
    follow_ups: tuple[FollowUp, ...] = ()

    @property
    def median_touches(self) -> float | None:
        return Wins(self.wins, self.conversion).median_touches

    @property
    def median_days(self) -> float | None:
        return Wins(self.wins, self.conversion).median_days

    def by_kind(self) -> dict[str, int]:
        return Wins(self.wins, self.conversion).by_kind()


def network(
    card: Scorecard, pack: Pack, settings: Settings, people: Directory, lapsed: bool = False
) -> Network:
    """People, what is due, wins and conversion, as of the scorecard's day.

    Follow-ups that lapsed (long past due) are left out of `due` unless `lapsed`. The days
    are the card's own (`settings` made them); the network also carries every follow-up.
    """
    fold = NetworkTally(pack, people)
    key = people.key
    for entry, day in zip(card.entries, card.days, strict=True):  # the engine's order
        fold.add(entry, day, tuple(dict.fromkeys(key(name) for name in entry.with_)))
    net = fold.finish(card.as_of, card.follow_up_items, lapsed)
    return net._replace(follow_ups=card.follow_up_items)


# A touch as the fold keeps it: a `Touch`'s fields in a plain tuple. A ten-year log keeps
# ~15,000 of these, and plain tuples pickle and load several times faster than named ones
# (benchmarks/network_fold.py): `Touch._make` names them when the network is finished.
Seen = tuple[int, str, date, str, str, str]
ACTION = Touch._fields.index("action")  # where a `Seen` holds its action


class Contact:
    """What the network keeps of one person: enough to list them and to credit a later win.

    Mutable with slots, pickled as the plain tuple of its fields (`__reduce__`).
    """

    __slots__ = ("chats", "first", "first_chat", "last", "name", "touches", "wins")

    def __init__(
        self,
        name: str,
        first: Seen,
        last: Seen | None = None,
        touches: int = 0,
        wins: int = 0,
        chats: int = 0,
        first_chat: Seen | None = None,
    ) -> None:
        self.name = name  # as first typed in the log
        self.first = first
        self.last = last or first
        self.touches = touches  # entries with them, wins included
        self.wins = wins
        self.chats = chats  # entries with them that are not wins: what leads to a win
        self.first_chat = first_chat  # the first of those

    def __reduce__(self) -> tuple[type[Contact], tuple[object, ...]]:
        fields = (self.first, self.last, self.touches, self.wins, self.chats, self.first_chat)
        return Contact, (self.name, *fields)


class NetworkTally:
    """The network as a fold: feed it entries in scoring order, finish it as of a day.

    Entries may come in one batch or many, pickled in between (as `habits log` keeps the
    engine's `Tally`): any split gives the same network. What it keeps grows with people
    and wins, never with entries: per person a `Contact`, and for entries with several
    people the count of each such group (so a win with two of them counts that entry once).
    """

    __slots__ = (
        "circles",
        "contacts",
        "directory",
        "groups",
        "last_day",
        "met_by",
        "size",
        "winning",
        "won",
    )

    def __init__(self, pack: Pack, directory: Directory = NOBODY) -> None:
        self.winning = frozenset(a.id for a in pack.actions.values() if a.win)
        self.directory = directory
        self.size = 0  # entries fed so far: the next one's rank
        self.last_day = date.min
        self.contacts: dict[str, Contact] = {}  # by person key, in order of first touch
        self.groups: dict[frozenset[str], int] = {}  # people of a non-win entry -> entries
        self.circles: dict[str, list[frozenset[str]]] = {}  # person -> their groups
        self.won: list[Win] = []
        # People by their first touch's venue, action and opener, and how many became a win:
        # kept as they come, so finishing costs the groups, not the people.
        self.met_by: dict[str, dict[str, Rate]] = {"where": {}, "action": {}, "opener": {}}

    def feed(self, rows: Iterable[Row]) -> None:
        """Take rows in scoring order, each after every entry taken before."""
        for row in rows:
            self.add(row.entry, row.day, row.people)

    def add(self, entry: Entry, day: date, keys: tuple[str, ...]) -> None:
        """Take one entry after every entry taken so far: its local day, its people's keys
        (each once, as `Row.people`)."""
        # Interned: a few words, repeated in every touch kept (smaller to pickle and load).
        where, opener = intern(entry.where), intern(entry.opener)
        touch: Seen = (self.size, entry.id, day, intern(entry.action), where, opener)
        self.size += 1
        self.last_day = max(self.last_day, day)
        is_win = entry.action in self.winning
        if is_win:  # credited before its own people are counted: only earlier entries lead
            self.won.append(self._win(entry, keys, day))
        elif len(keys) > 1:
            self._group(keys)
        contacts = self.contacts
        for key in keys:
            contact = contacts.get(key)
            if contact is None:
                contact = contacts[key] = Contact(self._typed(entry, key), touch)
                if not is_win:  # met through a win: no first touch to learn from
                    self._convert(touch, Rate(1, 0))
            contact.last = touch
            contact.touches += 1
            if is_win:
                contact.wins += 1
                if contact.wins == 1 and contact.first[ACTION] not in self.winning:
                    self._convert(contact.first, Rate(0, 1))  # became a win
            else:
                contact.chats += 1
                if contact.first_chat is None:
                    contact.first_chat = touch

    def finish(
        self, as_of: date, follow_ups: Iterable[FollowUp] = (), lapsed: bool = False
    ) -> Network:
        """The network as of a day on or after the newest entry.

        `follow_ups` are the tracker's items in the order they were opened; only the open
        ones matter (closed ones are passed over), so a kept tally's open items suffice.
        The result's `follow_ups` is empty: `network` fills it from a full score.
        """
        items = list(follow_ups)
        due = self.due(as_of, items, lapsed)
        people = self.people(as_of, items, lapsed=lapsed)
        return Network(as_of, people, due, tuple(self.won), self._conversion())

    def due(
        self, as_of: date, follow_ups: Iterable[FollowUp], lapsed: bool = False
    ) -> tuple[Due, ...]:
        """What is due as of a day, the oldest due first: the open follow-ups and checks (the
        lapsed ones only with `lapsed`), and the keep-in-touch reminders."""
        self._check(as_of)
        due = [
            Due(
                self._name(item.person, item.person),
                item.person,
                item.kind,
                item.opened_by,
                item.opened_on,
                item.due,
            )
            for item in self._waiting(as_of, follow_ups, lapsed)
        ]
        due += self._keep_in_touch(as_of)
        due.sort(key=lambda d: (d.due, d.opened_on, d.person.casefold(), d.kind))
        return tuple(due)

    def people(
        self,
        as_of: date,
        follow_ups: Iterable[FollowUp],
        limit: int | None = None,
        lapsed: bool = False,
    ) -> tuple[Person, ...]:
        """Everyone, the most recent contact first (the first `limit` of them), each with
        their oldest open follow-up (a lapsed one only with `lapsed`)."""
        self._check(as_of)
        waiting: dict[str, FollowUp] = {}
        for item in self._waiting(as_of, follow_ups, lapsed):
            waiting.setdefault(item.person, item)
        cadence, shown = self.directory.cadence, self.directory.names

        def order(kept: tuple[str, Contact]) -> tuple[int, str]:
            key, contact = kept
            last_day = contact.last[2]  # a `Seen` holds a `Touch`'s fields: rank, entry, day...
            return -last_day.toordinal(), shown.get(key, contact.name).casefold()

        found = self.contacts.items()
        chosen = sorted(found, key=order) if limit is None else nsmallest(limit, found, key=order)
        return tuple(
            Person(
                key,
                shown.get(key, contact.name),  # as `_name`: one call less a person
                Touch._make(contact.first),
                Touch._make(contact.last),
                contact.touches,
                contact.wins,
                waiting.get(key),
                cadence.get(key),
            )
            for key, contact in chosen
        )

    def wins(self) -> Wins:
        """Every win, oldest first, and the people met who became one, by first touch."""
        return Wins(tuple(self.won), self._conversion())

    def _check(self, as_of: date) -> None:
        if as_of < self.last_day:
            raise ValueError(f"the network holds entries after {as_of}")

    @staticmethod
    def _waiting(
        as_of: date, follow_ups: Iterable[FollowUp], lapsed: bool = False
    ) -> Iterator[FollowUp]:
        """The open follow-ups and checks as of a day (the lapsed ones only with `lapsed`)."""
        for item in follow_ups:
            if item.closed_on is None and (lapsed or not item.lapsed(as_of)):
                yield item

    def _keep_in_touch(self, as_of: date) -> list[Due]:
        """A reminder for each person with a cadence, from CADENCE_AHEAD days before it is due."""
        out = []
        horizon = as_of + timedelta(days=CADENCE_AHEAD)
        for key, days in self.directory.cadence.items():
            contact = self.contacts.get(key)
            if contact is None:
                continue
            last = Touch._make(contact.last)
            if (when := last.day + timedelta(days=days)) <= horizon:
                out.append(
                    Due(self._name(key, key), key, KEEP_IN_TOUCH, last.entry, last.day, when)
                )
        return out

    def _win(self, entry: Entry, keys: tuple[str, ...], day: date) -> Win:
        """Attribute a win to the entries before it with the same people (never a later one)."""
        known = [c for key in keys if (c := self.contacts.get(key)) is not None]
        chats = [c.first_chat for c in known if c.first_chat is not None]
        first = Touch._make(min(chats)) if chats else None  # the lowest rank: the earliest
        touches = sum(c.chats for c in known) - self._shared(keys)
        key = self.directory.key
        return Win(
            id=entry.id,
            kind=entry.kind or "other",
            day=day,
            people=tuple(self._name(key(name), name) for name in entry.with_),
            first_touch=(
                FirstTouch(first.entry, first.action, first.where, first.opener, first.day)
                if first
                else None
            ),
            touches=touches,
            days=(day - first.day).days if first else None,
        )

    def _convert(self, first: Seen, more: Rate) -> None:
        """Add people (met) or wins (became one) to the groups of a first touch."""
        _, _, _, action, where, opener = first
        values = {"where": where or NONE, "action": action, "opener": opener or NONE}
        for group, value in values.items():
            rates = self.met_by[group]
            people, wins = rates.get(value, Rate(0, 0))
            rates[value] = Rate(people + more.people, wins + more.wins)

    def _conversion(self) -> Conversion:
        """People who became a win / people met, by their first touch's venue, action, opener;
        the largest groups first."""

        def rates(group: str) -> dict[str, Rate]:
            found = self.met_by[group]
            return {k: found[k] for k in sorted(found, key=lambda k: (-found[k].people, k))}

        return Conversion(rates("where"), rates("action"), rates("opener"))

    def _group(self, keys: tuple[str, ...]) -> None:
        """Count an entry with several people under its group of people."""
        group = frozenset(keys)
        if group in self.groups:
            self.groups[group] += 1
            return
        self.groups[group] = 1
        for key in keys:
            self.circles.setdefault(key, []).append(group)

    def _shared(self, keys: tuple[str, ...]) -> int:
        """How often the people's entry counts overcount the entries with any of them.

        An entry with j of these people is in j of their counts but is one entry: it is
        overcounted j - 1 times. Only entries with several people can be, and the groups
        hold them.
        """
        if len(keys) < 2:
            return 0
        wanted = frozenset(keys)
        groups = {group for key in keys for group in self.circles.get(key, ())}
        return sum(self.groups[g] * (len(g & wanted) - 1) for g in groups)

    def _typed(self, entry: Entry, key: str) -> str:
        """The first of the entry's names that means this person."""
        if len(entry.with_) == 1:
            return entry.with_[0]
        return next(name for name in entry.with_ if self.directory.key(name) == key)

    def _name(self, key: str, typed: str) -> str:
        """The name to show: the people file's, else the first typed in the log, else `typed`."""
        shown = self.directory.names.get(key)
        if shown is None:
            contact = self.contacts.get(key)
            shown = typed if contact is None else contact.name
        return shown


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
