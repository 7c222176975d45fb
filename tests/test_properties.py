"""Invariants of scoring and storage, checked over generated logs."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from habits.core import Entry, Pack, Settings, score
from habits.core.periods import Calendar
from habits.store.logfile import format_entry, parse_log
from tests.helpers import ACTIONS, challenge

START = datetime(2026, 9, 1, tzinfo=UTC)
NAMES = ("Sam Lee", "sam lee", "Ana", "Bo", "Chen", "Dee")


@st.composite
def entries(draw: st.DrawFn, max_size: int = 30) -> list[Entry]:
    n = draw(st.integers(0, max_size))
    out = []
    for k in range(n):
        at = START + timedelta(minutes=draw(st.integers(0, 60 * 24 * 80)))
        out.append(
            Entry(
                id=f"e{k}",
                at=at,
                action=draw(st.sampled_from(sorted(ACTIONS))),
                logged=at,
                with_=tuple(draw(st.lists(st.sampled_from(NAMES), max_size=2))),
                where=draw(st.sampled_from(("call", "lift", ""))),
                tags=tuple(draw(st.lists(st.sampled_from(("x", "y")), max_size=1))),
            )
        )
    return out


def full_pack() -> Pack:
    """Caps, people rules, every period kind, streak bonuses: everything that moves points."""
    challenges = [
        challenge(id="calls", where={"call"}, target=2, points=10, streak_bonus=3),
        challenge(
            id="daily", every="day", actions={"ice", "lunch", "fu"}, points=1, streak_bonus=1
        ),
        challenge(id="people", measure="people", target=2, every="month", points=7),
        challenge(id="new", measure="new-people", actions={"lunch"}, points=5),
        challenge(
            id="after", actions={"fu"}, after={"ice"}, within_days=2, points=4, streak_bonus=2
        ),
        challenge(id="once", every="once", target=3, points=9),
    ]
    return Pack(dict(ACTIONS), {c.id: c for c in challenges}, (), (0, 20, 60))


def monotone_pack() -> Pack:
    """No daily caps, no new-people rules: more entries can only add points."""
    actions = {k: a.__class__(a.id, a.title, a.points) for k, a in ACTIONS.items()}
    p = full_pack()
    return Pack(actions, {k: c for k, c in p.challenges.items() if c.measure != "new-people"})


AS_OF = date(2026, 11, 30)


@given(entries())
def test_total_is_the_sum_of_the_ledger(log: list[Entry]) -> None:
    card = score(full_pack(), Settings(), log, AS_OF)
    assert card.points == sum(line.points for line in card.ledger)


@given(entries(), st.randoms(use_true_random=False))
def test_scoring_depends_on_entry_order_only_at_one_instant(
    log: list[Entry], rnd: random.Random
) -> None:
    """Entries at one instant, logged in one second, count in written order; any other
    reordering of the log changes nothing."""
    same: dict[tuple[float, float], list[Entry]] = {}
    for e in log:
        same.setdefault((e.at.timestamp(), e.logged.timestamp()), []).append(e)
    shuffled = list(log)
    rnd.shuffle(shuffled)
    queues = {key: iter(group) for key, group in same.items()}
    reordered = [next(queues[(e.at.timestamp(), e.logged.timestamp())]) for e in shuffled]
    assert score(full_pack(), Settings(), log, AS_OF) == score(
        full_pack(), Settings(), reordered, AS_OF
    )


@given(entries(), entries(max_size=5))
def test_adding_entries_never_lowers_the_total_without_caps_or_new_people(
    log: list[Entry], more: list[Entry]
) -> None:
    more = [Entry(f"x{e.id}", e.at, e.action, e.logged, e.with_, e.where) for e in more]
    before = score(monotone_pack(), Settings(), log, AS_OF).points
    assert score(monotone_pack(), Settings(), log + more, AS_OF).points >= before


WORKDAYS = st.sets(st.integers(0, 6), min_size=1)


@given(entries(), WORKDAYS, WORKDAYS, st.integers(0, 85))
def test_a_non_workday_never_lowers_a_streak(
    log: list[Entry], workdays: set[int], more: set[int], offset: int
) -> None:
    """Taking days out of the workweek never lowers the streak or the best streak of a
    workday-only daily challenge, as of any day: a day no longer a workday, met, counts as
    before, and unmet it no longer breaks the run."""
    as_of = START.date() + timedelta(days=offset)
    fewer = Settings(workdays=tuple(sorted(workdays)))
    wider = Settings(workdays=tuple(sorted(workdays | more)))
    rested = score(full_pack(), fewer, log, as_of).challenge("daily")
    worked = score(full_pack(), wider, log, as_of).challenge("daily")
    assert rested.streak >= worked.streak
    assert rested.best_streak >= worked.best_streak


@given(entries(), st.sets(st.integers(0, 6), min_size=1, max_size=6), st.integers(0, 80))
def test_the_end_of_a_non_workday_never_lowers_a_streak(
    log: list[Entry], workdays: set[int], offset: int
) -> None:
    """As of the day after a non-workday the streak is at least what it was on that day:
    the day, met or not, never breaks it."""
    day = START.date() + timedelta(days=offset)
    while day.weekday() in workdays:
        day += timedelta(days=1)
    week = Settings(workdays=tuple(sorted(workdays)))
    on = score(full_pack(), week, log, day).challenge("daily")
    after = score(full_pack(), week, log, day + timedelta(days=1)).challenge("daily")
    assert after.streak >= on.streak and after.best_streak >= on.best_streak


@given(st.dates(date(1990, 1, 1), date(2100, 12, 31)))
def test_monday_weeks_agree_with_isocalendar(day: date) -> None:
    start = Calendar(Settings(week_start=0)).week_of(day)
    assert start.isocalendar()[:2] == day.isocalendar()[:2]
    assert start.isocalendar()[2] == 1 and 0 <= (day - start).days < 7


@given(st.dates(date(1990, 1, 1), date(2100, 12, 31)), st.integers(0, 6))
def test_any_week_start_gives_seven_day_weeks(day: date, week_start: int) -> None:
    start = Calendar(Settings(week_start=week_start)).week_of(day)
    assert start.weekday() == week_start and 0 <= (day - start).days < 7


TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


@given(
    st.lists(TEXT.filter(lambda s: s.strip()), max_size=3),
    TEXT,
    TEXT,
    st.lists(TEXT, max_size=2),
)
def test_any_unicode_survives_a_write_read_round_trip(
    people: list[str], note: str, where: str, tags: list[str]
) -> None:
    e = Entry("id1", START, "ice", START, tuple(people), where, note, tuple(tags))
    [back], problems = parse_log(format_entry(e), "log/x.toml")
    assert problems == []
    assert (back.with_, back.note, back.where, back.tags) == (e.with_, e.note, e.where, e.tags)
    assert back.at == e.at


@settings(max_examples=50)
@given(entries(max_size=20), st.integers(1, 4))
def test_scoring_does_not_depend_on_how_entries_are_split_across_files(
    log: list[Entry], parts: int
) -> None:
    """Entries spread over any number of files, read in order, load and score the same.

    The files keep the written order (as month files do): entries at one instant count in
    the order written, so a split that reordered them could rightly score otherwise."""
    size = -(-len(log) // parts)
    chunks = [log[k * size : (k + 1) * size] for k in range(parts)]
    loaded: list[Entry] = []
    for n, chunk in enumerate(chunks):
        text = "".join(format_entry(e) for e in chunk)
        found, problems = parse_log(text, f"log/part{n}.toml")
        assert problems == []
        loaded += [e._replace(origin="") for e in found]  # where it was read is not scored
    assert score(full_pack(), Settings(), loaded, AS_OF) == score(
        full_pack(), Settings(), log, AS_OF
    )


def test_split_files_on_disk_score_the_same(tmp_path: Path) -> None:
    """The same entries as one file or three files give the same status."""
    from habits.store.loaded import load
    from habits.store.workspace import Workspace

    log = [
        Entry(f"e{k}", START + timedelta(hours=7 * k), "ice", START, ("Sam",), "call")
        for k in range(40)
    ]
    cards = []
    for parts in (1, 3):
        root = tmp_path / f"w{parts}"
        (root / "challenges").mkdir(parents=True)
        (root / "log").mkdir()
        (root / "habits.toml").write_text('timezone = "UTC"\n')
        (root / "challenges" / "actions.toml").write_text('[ice]\ntitle = "Ice"\npoints = 2\n')
        (root / "challenges" / "c.toml").write_text(
            'title = "C"\nactions = ["ice"]\ntarget = 3\npoints = 5\n'
        )
        for k in range(parts):
            text = "".join(format_entry(e) for e in log[k::parts])
            (root / "log" / f"2026-0{k + 1}.toml").write_text(text)
        state = load(Workspace(root, "test"))
        assert state.problems == []
        cards.append(score(state.pack, state.settings, state.entries, AS_OF))
    assert cards[0].points == cards[1].points > 0
    assert cards[0].ledger == cards[1].ledger


@given(
    st.datetimes(datetime(1970, 1, 2), datetime(2090, 1, 1), timezones=st.just(UTC)),
    st.sampled_from(
        (
            "UTC",
            "Europe/London",
            "America/Sao_Paulo",
            "Asia/Kolkata",
            "Australia/Lord_Howe",
            "America/Havana",
        )
    ),
    st.integers(0, 23),
)
def test_fast_local_day_matches_the_exact_one(at: datetime, zone: str, day_start: int) -> None:
    calendar = Calendar(Settings(timezone=zone, day_start=day_start))
    assert calendar.day_of_timestamp(at.timestamp()) == calendar.day_of(at)


@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 5), st.sampled_from("abc")),
        max_size=30,
    )
)
def test_entries_are_ordered_by_time_then_logged_then_as_written(
    raw: list[tuple[int, int, str]],
) -> None:
    """Ties are common (minutes, imports): among them the order written wins, never the id."""
    from habits.core.timeline import in_order, timeline

    log = [
        Entry(
            id=f"{letter}{n}",
            at=START + timedelta(minutes=at),
            action="ice",
            logged=START + timedelta(minutes=at + logged),
        )
        for n, (at, logged, letter) in enumerate(raw)
    ]
    written = log[::-1]
    rows = timeline(Pack(dict(ACTIONS), {}), Calendar(Settings()), written, AS_OF)
    expected = sorted(written, key=lambda e: (e.at, e.logged))  # stable: as written on ties
    assert [r.entry.id for r in rows] == [e.id for e in expected]
    assert [e.id for e in in_order(written)] == [e.id for e in expected]


@given(st.dates(), st.sampled_from(["%a %d %b", "%d %b %Y", "%A %d %B %Y", "%a %d"]))
def test_a_date_is_said_with_its_day_unpadded_and_the_rest_as_strftime_says(
    day: date, pattern: str
) -> None:
    """ "Mon 9 Nov", never "Mon 09 Nov"; the weekday, month and year as strftime gives them."""
    from habits.core.when import said

    text = said(day, pattern)
    assert text == day.strftime(pattern).replace(f"{day:%d}", str(day.day), 1)
    assert str(day.day) in text.split() and f"0{day.day}" not in text.split()
