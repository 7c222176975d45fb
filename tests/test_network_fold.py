"""The network as a fold: fed in any batches, pickled between them, it finishes to what the
network of a full score says, and it keeps per person, never per entry.

`habits due`, `people` and `wins` finish a kept `NetworkTally` that `habits log` feeds one
entry at a time, with only the open follow-ups the kept engine tally holds.
"""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from habits.core import Entry, Pack, Scorecard, Settings, score
from habits.core.followups import FollowUp
from habits.core.network import (
    CADENCE_AHEAD,
    KEEP_IN_TOUCH,
    NONE,
    Conversion,
    Due,
    FirstTouch,
    Network,
    NetworkTally,
    Person,
    Rate,
    Touch,
    Win,
    network,
)
from habits.core.people import Directory
from habits.core.periods import Calendar
from habits.core.timeline import Row, timeline
from tests.test_tally import NAMES, SETTINGS, logs, rich_pack

# -- the network as it was computed before the fold: the reference ---------------------------


def reference(
    card: Scorecard, pack: Pack, settings: Settings, people: Directory, lapsed: bool
) -> Network:
    """`network` before it was a fold: it kept every earlier touch of every person."""
    calendar = Calendar(settings)
    as_of = card.as_of
    names: dict[str, str] = dict(people.names)
    first: dict[str, Touch] = {}
    last: dict[str, Touch] = {}
    touches: dict[str, int] = {}
    won: dict[str, int] = {}
    earlier: dict[str, list[Touch]] = {}
    wins: list[Win] = []
    for rank, entry in enumerate(card.entries):
        keys = tuple(dict.fromkeys(people.key(name) for name in entry.with_))
        day = calendar.day_of(entry.at)
        touch = Touch(rank, entry.id, day, entry.action, entry.where, entry.opener)
        is_win = entry.action in pack.actions and pack.actions[entry.action].win
        if is_win:
            chain = sorted({t for key in keys for t in earlier.get(key, ())})
            head = chain[0] if chain else None
            wins.append(
                Win(
                    entry.id,
                    entry.kind or "other",
                    day,
                    tuple(names.get(people.key(n), n) for n in entry.with_),
                    FirstTouch(head.entry, head.action, head.where, head.opener, head.day)
                    if head
                    else None,
                    len(chain),
                    (day - head.day).days if head else None,
                )
            )
        for name in entry.with_:
            names.setdefault(people.key(name), name)
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
        when = last[key].day + timedelta(days=days) if key in last else None
        if when is not None and when <= as_of + timedelta(days=CADENCE_AHEAD):
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
    groups: dict[str, dict[str, Rate]] = {"where": {}, "action": {}, "opener": {}}
    for key, touch in first.items():
        if pack.actions[touch.action].win:
            continue
        values = {"where": touch.where or NONE, "action": touch.action, "opener": touch.opener}
        values["opener"] = values["opener"] or NONE
        for group, value in values.items():
            n, w = groups[group].get(value, Rate(0, 0))
            groups[group][value] = Rate(n + 1, w + (1 if won.get(key) else 0))
    rates = [
        {k: found[k] for k in sorted(found, key=lambda k: (-found[k].people, k))}
        for found in groups.values()
    ]
    return Network(
        as_of, tuple(records), tuple(due), tuple(wins), Conversion(*rates), card.follow_up_items
    )


# -- strategies --------------------------------------------------------------------------------

KEYS = sorted({name.casefold() for name in NAMES})  # "sam lee", "ana", "bo", ...


@st.composite
def directories(draw: st.DrawFn) -> Directory:
    """A people file: some merges, some names to show, some keep-in-touch cadences."""
    aliases = draw(st.dictionaries(st.sampled_from(KEYS), st.sampled_from(KEYS), max_size=2))
    aliases = {alias: key for alias, key in aliases.items() if key not in aliases}  # one hop
    shown = st.sampled_from(("Sam L.", "Ana Ruiz", "Chen Wu", "dee"))
    names = draw(st.dictionaries(st.sampled_from(KEYS), shown, max_size=3))
    cadence = draw(st.dictionaries(st.sampled_from(KEYS), st.integers(1, 30), max_size=3))
    return Directory(aliases, names, cadence)


@st.composite
def network_logs(draw: st.DrawFn) -> list[Entry]:
    """The engine's random logs, with openers and kinds of win (the network groups by them)."""
    return [
        entry._replace(
            opener=draw(st.sampled_from(("", "week", "weekend"))),
            kind=draw(st.sampled_from(("", "referral", "client"))),
        )
        for entry in draw(logs(max_size=60))
    ]


def kept(fold: NetworkTally) -> NetworkTally:
    """The fold as the next run finds it: pickled and read back."""
    restored: NetworkTally = pickle.loads(pickle.dumps(fold))
    return restored


def fed(fold: NetworkTally, rows: list[Row], cuts: list[int]) -> NetworkTally:
    """Feed rows in batches split at `cuts`, keeping the fold between batches."""
    bounds = [0, *sorted(cut % (len(rows) + 1) for cut in cuts), len(rows)]
    for start, end in pairwise(bounds):
        fold.feed(rows[start:end])
        fold = kept(fold)
    return fold


# -- properties --------------------------------------------------------------------------------


@settings(max_examples=300)
@given(
    network_logs(),
    directories(),
    st.lists(st.integers(0, 60), max_size=4),
    st.integers(0, 30),
    st.booleans(),
)
def test_a_kept_fold_fed_in_batches_finishes_as_the_network_of_a_full_score(
    log: list[Entry], people: Directory, cuts: list[int], later: int, lapsed: bool
) -> None:
    pack = rich_pack()
    rows = timeline(pack, Calendar(SETTINGS), log, date.max, people)
    as_of = (rows[-1].day if rows else date(2026, 10, 20)) + timedelta(days=later)
    card = score(pack, SETTINGS, log, as_of, (), people)
    full = network(card, pack, SETTINGS, people, lapsed)
    assert full == reference(card, pack, SETTINGS, people, lapsed)  # as before the fold

    open_items = [item for item in card.follow_up_items if item.closed_on is None]
    net = fed(NetworkTally(pack, people), rows, cuts).finish(as_of, open_items, lapsed)
    assert net.as_of == full.as_of
    assert net.people == full.people
    assert net.due == full.due
    assert net.wins == full.wins
    assert net.conversion == full.conversion
    assert net.follow_ups == ()  # a kept fold never sees the closed ones


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(("ice", "lunch", "win")),
            st.lists(st.sampled_from(("Ana", "Bo", "Chen", "Dee")), max_size=4, unique=True),
        ),
        max_size=30,
    )
)
def test_a_win_counts_an_entry_with_several_of_its_people_once(
    raw: list[tuple[str, list[str]]],
) -> None:
    """Touches are distinct earlier entries: the group counts undo the per-person overlap."""
    pack = rich_pack()
    at = datetime(2026, 10, 1, 12, tzinfo=UTC)
    log = [
        Entry(f"e{n}", at + timedelta(hours=n), action, at + timedelta(hours=n), tuple(people))
        for n, (action, people) in enumerate(raw)
    ]
    calendar = Calendar(SETTINGS)
    fold = NetworkTally(pack)
    fold.feed(timeline(pack, calendar, log, date.max))
    for win in fold.finish(date(2026, 12, 1)).wins:
        before = log[: int(win.id[1:])]
        chain = [e for e in before if e.action != "win" and set(e.with_) & set(win.people)]
        assert win.touches == len(chain)
        assert win.first_touch == (
            FirstTouch(head.id, head.action, "", "", calendar.day_of(head.at))
            if (head := next(iter(chain), None))
            else None
        )


# -- what it keeps -----------------------------------------------------------------------------


def chats(count: int) -> list[Row]:
    """`count` lunches with the same two people and one with each, on consecutive days."""
    pack = rich_pack()
    at = datetime(2026, 1, 1, 12, tzinfo=UTC)
    log = [
        Entry(f"e{n:05}", at + timedelta(days=n), "lunch", at, (("Ana", "Bo"), ("Ana",))[n % 2])
        for n in range(count)
    ]
    return timeline(pack, Calendar(SETTINGS), log, date.max)


def test_the_kept_fold_grows_with_people_not_with_entries() -> None:
    small, large = NetworkTally(rich_pack()), NetworkTally(rich_pack())
    small.feed(chats(20))
    large.feed(chats(2_000))
    assert len(pickle.dumps(large)) <= len(pickle.dumps(small)) + 16  # larger ranks and days
    ana = next(p for p in large.finish(date(2032, 1, 1)).people if p.key == "ana")
    assert (ana.touches, ana.first.entry, ana.last.entry) == (2_000, "e00000", "e01999")


def test_a_fold_is_not_finished_before_its_newest_entry() -> None:
    fold = NetworkTally(rich_pack())
    fold.feed(chats(3))
    with pytest.raises(ValueError, match="entries after"):
        fold.finish(date(2026, 1, 2))
