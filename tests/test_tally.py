"""The resumable engine: a kept tally fed newer entries agrees with scoring the whole log.

`habits log` remembers a compact tally between runs and feeds it only the entry it logged;
`habits status` finishes a remembered tally as of today. Both must give, to the last field,
what scoring the whole log gives, but for the history a compact tally folds: it lists only
the last periods of each challenge and the recent part of its strength series.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from habits.core import Action, Badge, Entry, Pack, Pause, Settings, score
from habits.core.challenges import TAIL
from habits.core.engine import Tally, tally
from habits.core.followups import FollowUp
from habits.core.scorecard import Summary, _slots
from habits.core.timeline import timeline
from tests.helpers import challenge

START = datetime(2026, 10, 20, tzinfo=UTC)  # a month before London leaves summer time
NAMES = ("Sam Lee", "sam lee", "Ana", "Bo", "Chen", "Dee", "Eve")
SETTINGS = Settings(timezone="Europe/London", week_start=6, day_start=4)

ACTIONS = {
    "ice": Action("ice", "Break the ice", points=2, daily_cap=2),
    "lunch": Action("lunch", "Lunch", points=5, follow_up_days=1),
    "fu": Action("fu", "Follow up", points=3, closes_follow_up=True),
    "intro": Action("intro", "Introduce", points=4, meet_check_days=3, follow_up_days=2),
    "win": Action("win", "Win", points=10, win=True),
}


def rich_pack() -> Pack:
    """Every measure, rule and badge figure: all a tally has to carry between runs."""
    challenges = [
        challenge(id="calls", where={"call"}, target=2, points=10, streak_bonus=3),
        challenge(id="daily", every="day", actions=set(ACTIONS), points=1, streak_bonus=1),
        challenge(id="people", measure="people", target=2, every="month", points=7),
        challenge(id="week-people", measure="people", target=3, every="week", points=2),
        challenge(id="new", measure="new-people", actions={"lunch", "ice"}, points=5),
        challenge(id="after", actions={"fu"}, after={"ice", "lunch"}, within_days=2, points=4),
        challenge(id="next", measure="follow-ups", actions={"fu", "intro"}, target=1, points=3),
        challenge(id="tagged", tags={"x"}, actions={"ice", "lunch"}, every="week", points=2),
        challenge(
            id="window",
            every="once",
            target=3,
            points=9,
            start=date(2026, 10, 25),
            end=date(2026, 11, 20),
        ),
        challenge(id="ever", every="once", actions={"lunch"}, target=2, points=6),
    ]
    badges = (
        Badge("first", "First", "entries", 1),
        Badge("lunches", "Lunches", "entries", 3, action="lunch"),
        Badge("met", "Met", "people", 4),
        Badge("month", "Month", "new_people", 3),
        Badge("streak", "Streak", "best_streak", 2, challenge="daily"),
        Badge("rich", "Rich", "points", 60),
        Badge("level", "Level", "level", 3),
        Badge("closer", "Closer", "follow_ups", 2),
        Badge("reliable", "Reliable", "follow_up_rate", 50),
    )
    return Pack(dict(ACTIONS), {c.id: c for c in challenges}, badges, (0, 20, 60, 150))


PAUSES = (
    Pause(date(2026, 11, 2), date(2026, 11, 9)),
    Pause(date(2026, 11, 20), date(2026, 11, 22), "daily"),
)


@st.composite
def logs(draw: st.DrawFn, max_size: int = 40) -> list[Entry]:
    """Entries over two months or five (more weeks than a kept tally lists), some at one
    instant (ties are ordered by logged, then as written: the order of the list)."""
    out = []
    days = draw(st.sampled_from((50, 150)))
    for k in range(draw(st.integers(0, max_size))):
        minutes = draw(st.integers(0, 60 * 24 * days))
        if draw(st.booleans()):
            minutes -= minutes % (60 * 24)  # midnight UTC: ties, and a day start at 04:00
        at = START + timedelta(minutes=minutes)
        out.append(
            Entry(
                id=f"e{k}",
                at=at,
                action=draw(st.sampled_from(sorted(ACTIONS))),
                logged=at + timedelta(minutes=draw(st.integers(0, 3))),
                with_=tuple(draw(st.lists(st.sampled_from(NAMES), max_size=3))),
                where=draw(st.sampled_from(("call", "lift", ""))),
                tags=tuple(draw(st.lists(st.sampled_from(("x", "y")), max_size=1))),
            )
        )
    return out


def in_time_order(log: list[Entry]) -> list[Entry]:
    rows = timeline(rich_pack(), Tally(rich_pack(), SETTINGS).calendar, log, date.max)
    return [row.entry for row in rows]


def kept(t: Tally) -> Tally:
    """A tally as the next run finds it: compacted, pickled and read back."""
    t.compact()
    restored: Tally = pickle.loads(pickle.dumps(t))
    return restored


def folded(summary: Summary) -> list[object]:
    """Every field of a summary, without what a compact tally folds away (the periods and
    the strength series of each challenge)."""
    challenges = [
        r._replace(periods=(), strength_from=None, strength_series=()) for r in summary.challenges
    ]
    return [
        challenges if name == "challenges" else getattr(summary, name) for name in _slots(Summary)
    ]


def assert_agrees(kept_summary: Summary, full: Summary) -> None:
    """A kept tally's summary is the full one's, but it lists only the last periods of each
    challenge (at least TAIL of them) and the last part of its strength series."""
    assert folded(kept_summary) == folded(full)
    for mine, whole in zip(kept_summary.challenges, full.challenges, strict=True):
        shown = len(mine.periods)
        assert shown >= min(TAIL, len(whole.periods))
        assert mine.periods == whole.periods[len(whole.periods) - shown :]
        series = mine.strength_series
        assert series == whole.strength_series[len(whole.strength_series) - len(series) :]
        if series:
            assert whole.strength_from is not None and mine.strength_from is not None
            skipped = (mine.strength_from - whole.strength_from).days
            assert skipped == len(whole.strength_series) - len(series)
        else:
            assert whole.strength_series == () and mine.strength_from is None


def touched(items: Iterable[FollowUp], entry: str) -> list[FollowUp]:
    """The follow-ups and checks an entry opened or closed, in a set order."""
    return sorted((f for f in items if entry in (f.opened_by, f.closed_by)), key=repr)


# Any workweek: Monday to Friday, every day, a Sunday-to-Thursday one, a single day...
WORKDAYS = st.sets(st.integers(0, 6), min_size=1).map(lambda days: tuple(sorted(days)))


@settings(max_examples=150, deadline=None)
@given(logs(), st.integers(0, 40), st.integers(0, 20), st.booleans(), WORKDAYS, st.data())
def test_a_kept_tally_fed_newer_entries_agrees_with_scoring_the_log(
    log: list[Entry],
    cut: int,
    later: int,
    rests: bool,
    workdays: tuple[int, ...],
    data: st.DataObject,
) -> None:
    """Fed entry by entry as `habits log` feeds it: most runs compact and pickle the tally,
    some only append the entry to the kept one (a record replayed on the next run)."""
    pack, pauses = rich_pack(), PAUSES if rests else ()
    week = SETTINGS._replace(workdays=workdays)
    ordered = in_time_order(log)
    head = ordered[:cut]
    t = kept(tally(pack, week, head, pauses))
    for n, entry in enumerate(ordered[cut:], start=cut + 1):
        if not t.add(entry):  # not newer than all: what `habits log` does, score it afresh
            t = tally(pack, week, ordered[:n], pauses)
        day = t.last_day
        card = score(pack, week, ordered[:n], day, pauses)
        # `habits log` tells the follow-ups the entry opened or closed from the fed tally.
        assert touched(t.tracker.items, entry.id) == touched(card.follow_up_items, entry.id)
        if data.draw(st.booleans()):
            t = kept(t)
        assert_agrees(t.summary(day), card.summary())
        # What `habits due` lists: every open follow-up, lapsed ones too, in the order opened.
        assert t.tracker.open_items() == [f for f in card.follow_up_items if f.closed_on is None]
    as_of = max(t.last_day, START.date()) + timedelta(days=later)
    full = score(pack, week, log, as_of, pauses).summary()
    assert_agrees(t.summary(as_of), full)
    assert_agrees(kept(t).summary(as_of), full)


@settings(max_examples=100, deadline=None)
@given(logs(), st.lists(st.integers(0, 40), max_size=3), st.booleans(), WORKDAYS)
def test_the_kept_network_falls_due_as_the_engine_does(
    log: list[Entry], cuts: list[int], rests: bool, workdays: tuple[int, ...]
) -> None:
    """`habits due` finishes the kept network (`Contacts`), which holds a tracker of its own:
    fed in batches, compacted and pickled between them, its follow-ups fall due on the days
    the engine gives them, with the same workdays and the same holidays."""
    from habits.core.people import NOBODY
    from habits.store.kept import Contacts

    pack, pauses = rich_pack(), PAUSES if rests else ()
    week = SETTINGS._replace(workdays=workdays)
    ordered = in_time_order(log)
    contacts = Contacts(pack, week, NOBODY, pauses)
    bounds = [0, *sorted(min(cut, len(ordered)) for cut in cuts), len(ordered)]
    for start, end in pairwise(bounds):
        assert contacts.feed(ordered[start:end])
        contacts.compact()
        contacts = pickle.loads(pickle.dumps(contacts))
    card = score(pack, week, ordered, max(contacts.fold.last_day, START.date()), pauses)
    assert contacts.open_items(True) == [f for f in card.follow_up_items if f.closed_on is None]


def test_a_tally_takes_only_entries_that_come_after_all_it_holds() -> None:
    """After: later, or logged later, or the same instant and second but written after (an
    entry appended to a file no earlier than the last one's)."""
    pack = rich_pack()
    at = START + timedelta(days=3)
    first = Entry("a", at, "ice", at, ("Ana",), "call", origin="log/2026-10.toml:5")
    t = tally(pack, SETTINGS, [first])
    before = t.summary(date(2026, 11, 1))
    assert not t.add(first._replace(id="b", at=at - timedelta(hours=1)))
    assert not t.add(first._replace(id="c", logged=at - timedelta(seconds=1)))
    assert not t.add(first._replace(id="d", origin="log/2026-09.toml:0"))  # written before it
    assert t.summary(date(2026, 11, 1)) == before
    same = first._replace(id="e", with_=("Bo",), origin="log/2026-10.toml:0")
    assert t.add(same)  # two `habits log` in one second: appended last, so fed in order
    assert (
        t.summary(date(2026, 11, 1))
        == score(pack, SETTINGS, [first, same], date(2026, 11, 1)).summary()
    )
    assert t.add(first._replace(id="f", logged=at + timedelta(seconds=1), origin=""))
    assert t.summary(date(2026, 11, 1)).points > before.points


def test_a_tally_is_not_finished_before_its_newest_entry() -> None:
    t = tally(rich_pack(), SETTINGS, [Entry("a", START, "ice", START, ("Ana",))])
    with pytest.raises(ValueError, match="entries after"):
        t.summary(START.date() - timedelta(days=2))  # before 04:00 is the day before


def test_a_kept_tally_holds_no_entries() -> None:
    """A year of entries, remembered between runs: what finishing needs, not the entries."""
    day = timedelta(days=1)
    log = [
        Entry(
            f"e{n}",
            START + n * day / 8,
            "ice" if n % 3 else "lunch",
            START,
            (NAMES[n % 7],),
            note="a private note",
        )
        for n in range(8 * 365)
    ]
    t = kept(tally(rich_pack(), SETTINGS, log))
    assert t.rows == [] and t.entry_lines == []
    held = pickle.dumps(t)
    assert b"private note" not in held and b"Entry" not in held


def steady_log(days: int) -> list[Entry]:
    """Years of the same week-in, week-out habit with the same people (a week off in every
    five): a lunch and an introduction a day, each followed up the next working day."""
    out: list[Entry] = []
    pair: tuple[str, ...] = ()
    for n in range(days):
        if n % 35 >= 28 or n % 7 >= 5:
            continue
        at = START + timedelta(days=n, hours=9)
        plan = [("lunch", (NAMES[n % 7],)), ("intro", (NAMES[n % 7], NAMES[(n + 3) % 7]))]
        plan += [("fu", pair)] if pair else []
        for k, (action, people) in enumerate(plan):
            when = at + timedelta(hours=k)
            out.append(Entry(f"e{n}-{k}", when, action, when, people, "call" if k else ""))
        pair = plan[1][1]
    return out


def test_a_kept_tally_does_not_grow_with_the_history() -> None:
    """Four years of a steady habit keep no more than one year of it: `habits log` and
    `habits status` read what is kept on every run (issue #12). (Follow-ups left open are
    kept, lapsed ones too: `habits due --lapsed` lists them.)"""

    def kept_size(years: int) -> int:
        t = kept(tally(rich_pack(), SETTINGS, steady_log(365 * years), PAUSES))
        return len(pickle.dumps(t))

    one, four = kept_size(1), kept_size(4)
    assert four < 1.1 * one, (one, four)


def renamed(value: Any, names: dict[str, str]) -> Any:
    """A scoring result with every id in `names` replaced (and nothing else changed)."""
    from habits.core.scorecard import Summary, _slots

    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, Summary):  # a Scorecard too
        return [renamed(getattr(value, name), names) for name in _slots(type(value))]
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*(renamed(v, names) for v in value))
    if isinstance(value, tuple | list):
        return [renamed(v, names) for v in value]
    if isinstance(value, frozenset):
        return frozenset(renamed(v, names) for v in value)
    return value


@st.composite
def same_instant_logs(draw: st.DrawFn) -> list[Entry]:
    """Entries crowded on a few instants, each logged at its instant: a date-only import."""
    out = []
    for k in range(draw(st.integers(1, 25))):
        at = START + timedelta(days=draw(st.integers(0, 3)), hours=12 * draw(st.integers(0, 1)))
        action = draw(st.sampled_from(sorted(ACTIONS)))
        people = tuple(draw(st.lists(st.sampled_from(NAMES[2:5]), min_size=1, max_size=2)))
        out.append(Entry(f"e{k}", at, action, at, people, draw(st.sampled_from(("call", "")))))
    return out


@settings(max_examples=150, deadline=None)
@given(same_instant_logs(), st.data())
def test_redrawing_every_id_changes_no_figure(log: list[Entry], data: st.DataObject) -> None:
    """Ids are random: entries at one instant are taken in written order, never by id."""
    fresh = data.draw(
        st.lists(
            st.text("0123456789abcdef", min_size=10, max_size=10),
            min_size=len(log),
            max_size=len(log),
            unique=True,
        )
    )
    redrawn = [e._replace(id=f"x{new}") for e, new in zip(log, fresh, strict=True)]
    back = {f"x{new}": e.id for e, new in zip(log, fresh, strict=True)}
    pack, day = rich_pack(), date(2026, 10, 30)
    card = score(pack, SETTINGS, log, day, PAUSES)
    again = score(pack, SETTINGS, redrawn, day, PAUSES)
    # Points, badges, streaks, follow-up stats..., then the ledger line by line and the rest.
    assert renamed(again.summary(), back) == renamed(card.summary(), {})
    assert renamed(again, back) == renamed(card, {})
    kept_tally = tally(pack, SETTINGS, redrawn, PAUSES)
    assert renamed(folded(kept_tally.summary(day)), back) == renamed(folded(card.summary()), {})


def shapes() -> dict[str, list[str]]:
    """The fields of every class the workspace cache pickles."""
    from habits.core.badges import Running
    from habits.core.challenges import ChallengeTally, Met
    from habits.core.engine import Position
    from habits.core.followups import FollowUp, FollowUpStats, Tracker
    from habits.core.model import Action, Badge, Challenge, Opener, Pack, Pause, Settings
    from habits.core.network import (
        Contact,
        Conversion,
        Due,
        FirstTouch,
        Network,
        NetworkTally,
        Person,
        Rate,
        Touch,
        Win,
    )
    from habits.core.people import Directory
    from habits.core.periods import Workweek
    from habits.core.problems import Problem
    from habits.core.scorecard import BadgeResult, ChallengeResult, PeriodResult
    from habits.store.kept import Contacts, LogIndex, Resume

    found = {
        cls.__name__: list(cls._fields)
        for cls in (Action, Badge, Challenge, Directory, Entry, FollowUp, LogIndex, Opener)
    }
    found |= {
        cls.__name__: list(cls._fields)
        for cls in (Met, Pack, Pause, Position, Problem, Settings, PeriodResult, ChallengeResult)
    }
    found |= {
        cls.__name__: list(cls._fields)
        for cls in (BadgeResult, FollowUpStats, Network, Person, Due, Touch, Win, FirstTouch)
    }
    found |= {cls.__name__: list(cls._fields) for cls in (Rate, Conversion)}
    from habits.app.review import Review, WeekChallenge, WeekFollowUps  # kept by `review`

    found |= {cls.__name__: list(cls._fields) for cls in (Review, WeekChallenge, WeekFollowUps)}
    found |= {
        cls.__name__: sorted(cls.__slots__)
        for cls in (ChallengeTally, Contact, Contacts, NetworkTally, Resume, Running, Tracker)
    }
    found["Workweek"] = sorted(Workweek.__slots__)
    from habits.core.scorecard import Summary

    found["Summary"] = sorted(Summary.__slots__)
    sample = Tally(rich_pack(), SETTINGS)
    found |= {"Tally": sorted(vars(sample)), "Calendar": sorted(vars(sample.calendar))}
    return found


def test_the_cache_format_changes_when_a_cached_shape_does(
    request: pytest.FixtureRequest,
) -> None:
    """A cache pickled by other shapes of these classes must never be read back."""
    from habits.store.cache import CACHE_FORMAT

    path = Path(__file__).parent / "golden" / "cache-shapes.json"
    now = {"format": CACHE_FORMAT[1], "shapes": shapes()}
    if request.config.getoption("--update-golden"):
        path.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    recorded = json.loads(path.read_text(encoding="utf-8"))
    assert recorded["format"] == now["format"], "record the new shapes: pytest --update-golden"
    assert recorded["shapes"] == now["shapes"], (
        "a cached class changed shape: bump CACHE_FORMAT in habits/store/cache.py, then run "
        "pytest --update-golden"
    )
