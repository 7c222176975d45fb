"""The weekly review: `habits review`, its JSON contract, its weeks, and the site's week pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from habits.app.review import last_complete_week, recent_weeks, reviews
from habits.cli import cli
from habits.cli.as_json import review_json
from habits.core import Action, Entry, Pack, Settings, score
from habits.core.followups import FOLLOW_UP
from habits.core.network import network
from habits.core.people import NOBODY
from habits.core.periods import Calendar
from habits.store.demo import history
from habits.store.pack import default_pack_dir, load_pack
from tests.conftest import Home
from tests.helpers import challenge

CONTRACT = [
    "week_start",
    "week_end",
    "entries",
    "people",
    "new_people",
    "follow_ups",
    "wins",
    "challenges",
    "next",
]
NOW = "2026-11-20T18:00:00+00:00"  # a Friday: the last complete week is Mon 9 - Sun 15 Nov

ACTIONS = """
[chat]
title = "Chat"
points = 1
follow_up_days = 2

[coffee]
title = "Coffee"
points = 1

[follow-up]
title = "Follow up"
points = 2
closes_follow_up = true

[win]
title = "Log a win"
win = true
closes_follow_up = true
"""

DAILY = """
title = "Something every day"
actions = ["chat", "coffee", "follow-up"]
target = 1
every = "day"
"""

WEEKLY = """
title = "A coffee a week"
actions = ["coffee"]
target = 1
every = "week"
"""


def workspace(
    tmp_path: Path, runner: CliRunner, week_start: str = "monday", day_start: int = 0
) -> Home:
    """A workspace in UTC with a chat that opens a follow-up (due 2 workdays later), a coffee
    that does not, a daily and a weekly challenge."""
    home = Home(tmp_path / "ws", runner)
    home.write(
        "habits.toml",
        f'name = "Ada"\ntimezone = "UTC"\nweek_start = "{week_start}"\nday_start = {day_start}\n',
    )
    home.write("challenges/actions.toml", ACTIONS)
    home.write("challenges/daily.toml", DAILY)
    home.write("challenges/weekly.toml", WEEKLY)
    (home.root / "log").mkdir()
    return home


def log(home: Home, action: str, at: str, *people: str) -> None:
    with_ = [arg for name in people for arg in ("--with", name)]
    home.run("log", action, *with_, "--where", "call", "--at", at)


@pytest.fixture
def weeks(tmp_path: Path, runner: CliRunner) -> Home:
    """Three weeks: Mon 2 - Sun 8 Nov, Mon 9 - Sun 15 Nov (the last complete one) and the
    week of Fri 20 Nov, so far."""
    home = workspace(tmp_path, runner)
    log(home, "coffee", "2026-11-04T10:00", "Ana Ruiz")
    log(home, "chat", "2026-11-05T10:00", "Ben Carter")  # due Mon 9: closed late on Tue 10
    log(home, "chat", "2026-11-09T09:00", "Cleo Park")  # due Wed 11: closed on time
    log(home, "follow-up", "2026-11-10T09:00", "Cleo Park", "Ben Carter")
    log(home, "chat", "2026-11-12T09:00", "Dan Wu")  # due Mon 16: open at the week's end
    log(home, "chat", "2026-11-13T09:00", "Eve Stone")  # dismissed on Sat 14
    home.run("due", "dismiss", "Eve Stone", now="2026-11-14T10:00:00+00:00")
    log(home, "win", "2026-11-13T15:00", "Ana Ruiz")
    log(home, "coffee", "2026-11-15T23:30", "ana ruiz")  # Sunday night: typed otherwise
    log(home, "coffee", "2026-11-16T00:10", "Finn Holm")  # Monday: the next week
    return home


def test_the_json_keys_are_the_contract(weeks: Home) -> None:
    found = weeks.json("review")
    assert list(found)[: len(CONTRACT)] == CONTRACT
    assert list(found)[len(CONTRACT) :] == ["complete", "as_of"]  # more, never renamed
    assert list(found["follow_ups"]) == ["opened", "on_time", "late", "open", "dismissed"]
    for item in found["challenges"]:
        assert list(item)[:4] == ["id", "title", "met", "streak"]
    assert list(found["next"]) == ["week_start", "week_end", "challenges", "follow_ups"]
    assert list(found["wins"][0]) == ["id", "date", "kind", "people"]


def test_the_default_is_the_last_complete_week(weeks: Home) -> None:
    found = weeks.json("review")
    assert (found["week_start"], found["week_end"]) == ("2026-11-09", "2026-11-15")
    assert found["complete"] is True
    assert weeks.json("review", "--week", "2026-11-15") == found  # its Sunday, inclusive
    sunday = "2026-11-22T23:00:00+00:00"  # this week is not over yet
    assert weeks.json("review", now=sunday)["week_start"] == "2026-11-09"
    monday = "2026-11-23T00:30:00+00:00"
    assert weeks.json("review", now=monday)["week_start"] == "2026-11-16"


def test_a_week_counts_its_entries_people_and_new_people(weeks: Home) -> None:
    first, second, third = (
        weeks.json("review", "--week", day) for day in ("2026-11-02", "2026-11-09", "today")
    )
    assert (first["entries"], second["entries"], third["entries"]) == (2, 6, 1)
    assert first["people"] == first["new_people"] == ["Ana Ruiz", "Ben Carter"]
    # Ana, met again on Sunday 23:30 (written "ana ruiz"), is shown as first typed and is
    # not new; Finn, at 00:10 on Monday, is the next week's
    assert second["people"] == ["Ana Ruiz", "Ben Carter", "Cleo Park", "Dan Wu", "Eve Stone"]
    assert second["new_people"] == ["Cleo Park", "Dan Wu", "Eve Stone"]
    assert third["people"] == third["new_people"] == ["Finn Holm"]
    assert third["complete"] is False and third["as_of"] == "2026-11-20"
    assert second["wins"] == [
        {
            "id": second["wins"][0]["id"],
            "date": "2026-11-13",
            "kind": "other",
            "people": ["Ana Ruiz"],
        }
    ]


def test_follow_ups_opened_closed_open_and_dismissed(weeks: Home) -> None:
    first, second = (weeks.json("review", "--week", day) for day in ("2026-11-02", "2026-11-09"))
    assert first["follow_ups"] == {"opened": 1, "on_time": 0, "late": 0, "open": 1, "dismissed": 0}
    # Cleo's opened and closed on time; Ben's (opened the week before) closed late; Dan's
    # still open on Sunday; Eve's dismissed, so never opened
    assert second["follow_ups"] == {
        "opened": 2,
        "on_time": 1,
        "late": 1,
        "open": 1,
        "dismissed": 1,
    }
    assert second["next"]["follow_ups"] == [
        {
            "person": "Dan Wu",
            "kind": FOLLOW_UP,
            "due": "2026-11-16",
            "opened_by": second["next"]["follow_ups"][0]["opened_by"],
            "opened_on": "2026-11-12",
        }
    ]
    assert first["next"]["follow_ups"][0]["person"] == "Ben Carter"  # due Mon 9


def test_challenges_met_and_their_streak_at_the_weeks_end(weeks: Home) -> None:
    first, second, third = (
        {c["id"]: c for c in weeks.json("review", "--week", day)["challenges"]}
        for day in ("2026-11-02", "2026-11-09", "today")
    )
    assert first["weekly"] | {"title": ""} == {
        "id": "weekly",
        "title": "",
        "met": True,
        "streak": 1,
        "every": "week",
        "periods_met": 1,
        "periods": 1,
    }
    assert (second["weekly"]["met"], second["weekly"]["streak"]) == (True, 2)  # Sunday 23:30
    # every workday from Wed 4 Nov on (a weekend day counts when met): met on 4, 5, 9, 10,
    # 12, 13 and Sun 15 Nov; missed on Fri 6 and Wed 11
    assert (first["daily"]["periods_met"], first["daily"]["periods"]) == (2, 3)
    assert (second["daily"]["periods_met"], second["daily"]["periods"]) == (5, 6)
    assert (second["daily"]["met"], second["daily"]["streak"]) == (False, 3)
    assert [c["id"] for c in weeks.json("review")["next"]["challenges"]] == ["daily"]
    # while a week runs, its streak is the one `status` tells today
    status = {c["id"]: c["streak"] for c in weeks.json("status")["challenges"]}
    assert {k: c["streak"] for k, c in third.items()} == status
    assert (third["daily"]["periods_met"], third["daily"]["periods"]) == (1, 4)  # today runs


@pytest.mark.parametrize(
    ("week_start", "day_start", "sunday_night", "monday_early"),
    [
        ("monday", 0, "2026-11-09", "2026-11-16"),
        ("monday", 1, "2026-11-09", "2026-11-09"),  # before 01:00 it is still Sunday
        ("sunday", 0, "2026-11-15", "2026-11-15"),  # a week from Sunday to Saturday
    ],
)
def test_the_week_of_an_entry_follows_week_start_and_day_start(
    tmp_path: Path,
    runner: CliRunner,
    week_start: str,
    day_start: int,
    sunday_night: str,
    monday_early: str,
) -> None:
    home = workspace(tmp_path, runner, week_start, day_start)
    log(home, "coffee", "2026-11-15T23:30", "Sam Lee")
    log(home, "coffee", "2026-11-16T00:10", "Ana Ruiz")
    for week, name in ((sunday_night, "Sam Lee"), (monday_early, "Ana Ruiz")):
        found = home.json("review", "--week", week)
        assert found["week_start"] == week
        assert name in found["people"] and name in found["new_people"]
        end = date.fromisoformat(week) + timedelta(days=6)
        assert found["week_end"] == end.isoformat()  # its last day, inclusive
    both = home.json("review", "--week", sunday_night)["entries"]
    assert both == (2 if sunday_night == monday_early else 1)


def test_a_week_before_the_first_entry_is_empty_and_one_to_come_is_refused(weeks: Home) -> None:
    empty = weeks.json("review", "--week", "2025-06-01")
    assert (empty["entries"], empty["people"], empty["wins"]) == (0, [], [])
    assert all(c["periods"] == 0 and c["streak"] == 0 for c in empty["challenges"])
    kept = weeks.snapshot()
    later = weeks.run("review", "--week", "2026-11-23", ok=False)
    assert later.exit_code == 1
    assert later.stderr.strip().splitlines() == [
        "error: --week 2026-11-23 is in a week that has not begun (today is 2026-11-20); "
        "give a day of this week or of an earlier one"
    ]
    bad = weeks.run("review", "--week", "last friday", ok=False)
    assert bad.exit_code == 2
    (line,) = bad.stderr.strip().splitlines()
    assert "Invalid value for '--week'" in line and "write YYYY-MM-DD" in line
    assert weeks.snapshot() == kept


def test_the_screen_fits_the_width_and_shows_the_week(weeks: Home) -> None:
    found = weeks.json("review")
    for width in (100, 60, 30):
        shown = weeks.runner.invoke(
            cli,
            ["--home", str(weeks.root), "review"],
            env={"HABITS_NOW": NOW, "NO_COLOR": "1", "COLUMNS": str(width)},
        ).stdout
        lines = shown.splitlines()
        assert all(len(line) <= width for line in lines), shown
        assert lines[0].startswith("Week of Mon 9 Nov")
    wide = weeks.run("review").stdout
    assert f"{found['entries']} entries" in wide
    assert "2 opened · 1 on time · 1 late · 1 open · 1 dismissed" in wide
    assert "follow up with Dan Wu" in wide


def test_the_review_is_kept_while_nothing_changes_and_told_anew_after(weeks: Home) -> None:
    before = weeks.json("review")
    assert weeks.json("review") == before
    log(weeks, "coffee", "2026-11-11T12:00", "Gus Lind")
    after = weeks.json("review")
    assert after["entries"] == before["entries"] + 1 and "Gus Lind" in after["new_people"]


def test_a_week_that_is_over_is_not_scored_again_for_an_entry_logged_since(
    weeks: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = weeks.json("review")
    log(weeks, "coffee", "2026-11-20T12:00", "Gus Lind")  # this week: the last one is over

    def scored_again(*args: object) -> None:
        raise AssertionError("the week was scored again")

    monkeypatch.setattr("habits.app.review.weeks_reviewed", scored_again)
    assert weeks.json("review") == before
    log(weeks, "coffee", "2026-11-11T12:00", "Gus Lind")  # in it: now it must be
    with pytest.raises(AssertionError, match="scored again"):
        weeks.json("review")
    monkeypatch.undo()
    assert weeks.json("review")["entries"] == before["entries"] + 1


def demo_reviews(first: date, starts: list[date] | None = None) -> list[Any]:
    """The reviews of the demo's history from `first` to 20 Nov 2026 (the default pack,
    London): of the weeks `starts`, or of each complete week up to a year of them."""
    tz = ZoneInfo("Europe/London")
    now = datetime(2026, 11, 20, 18, 0, tzinfo=tz)
    pack, _ = load_pack(default_pack_dir(), str)
    settings = Settings(timezone="Europe/London")
    card = score(pack, settings, history(first, now.date(), tz, now), now.date())
    weeks = recent_weeks(card, settings, 52) if starts is None else starts
    return reviews(card, network(card, pack, settings, NOBODY), settings, NOBODY, [], weeks)


def test_the_demo_reviews_match_the_golden_file(golden: Callable[[str, Any], None]) -> None:
    """Every complete week of the demo's history (as tests/test_golden.py scores it)."""
    found = demo_reviews(date(2026, 8, 29))
    assert found[0].week_start == date(2026, 8, 31) and found[-1].week_start == date(2026, 11, 9)
    golden("demo-review.json", [review_json(r) for r in found])


PACK = Pack(
    {
        "chat": Action("chat", "Chat", points=1, follow_up_days=1),
        "fu": Action("fu", "Follow up", points=1, closes_follow_up=True),
    },
    {
        "daily": challenge(id="daily", actions={"chat", "fu"}, every="day"),
        "weekly": challenge(id="weekly", actions={"chat"}, target=3, every="week"),
    },
    (),
    None,
)
START = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday; the span crosses the clocks' change
entries_strategy = st.lists(
    st.tuples(
        st.integers(0, 28 * 24 * 4 - 1),  # a quarter-hour in four weeks
        st.sampled_from(["chat", "fu"]),
        st.lists(st.sampled_from(["Sam Lee", "sam lee", "Ana", "Bo", "Cy"]), max_size=2),
    ),
    max_size=40,
)


@given(
    found=entries_strategy,
    week_start=st.integers(0, 6),
    day_start=st.sampled_from([0, 4]),
    zone=st.sampled_from(["UTC", "Europe/London", "America/New_York"]),
)
def test_weeks_add_up_to_the_whole_log(
    found: list[tuple[int, str, list[str]]], week_start: int, day_start: int, zone: str
) -> None:
    """Over consecutive weeks: the entries sum to the log's, each person is new in exactly
    one week and met in it, the follow-ups opened sum to those opened; a week reviewed
    alone reads as it does among the others."""
    log = [
        Entry(str(n), at, action, at, tuple(people), "call")
        for n, (quarter, action, people) in enumerate(found)
        for at in [START + timedelta(minutes=15 * quarter)]
    ]
    settings = Settings(timezone=zone, week_start=week_start, day_start=day_start)
    today = date(2026, 4, 10)
    card = score(PACK, settings, log, today)
    net = network(card, PACK, settings, NOBODY)
    starts = recent_weeks(card, settings, 52)
    this_week = last_complete_week(settings, today) + timedelta(days=7)
    if card.days:
        starts.append(this_week)  # the week so far too
    weeks = reviews(card, net, settings, NOBODY, [], starts)
    assert sum(w.entries for w in weeks) == len(log)
    new = [name for w in weeks for name in w.new_people]
    assert sorted(new) == sorted({p.name for p in net.people})  # each once, everyone
    assert all(set(w.new_people) <= set(w.people) for w in weeks)
    opened = sum(w.follow_ups.opened for w in weeks)
    assert opened == card.follow_ups.opened
    closed = sum(w.follow_ups.on_time + w.follow_ups.late for w in weeks)
    assert closed == card.follow_ups.on_time + card.follow_ups.late
    for n, start in enumerate(starts):
        assert reviews(card, net, settings, NOBODY, [], [start]) == [weeks[n]]


def test_the_site_has_a_page_a_week_linked_from_home(tmp_path: Path, weeks: Home) -> None:
    out = tmp_path / "site"
    weeks.run("site", "build", "--out", str(out))
    home = (out / "index.html").read_text(encoding="utf-8")
    found = weeks.json("review")
    page = f"weeks/{found['week_start']}.html"
    assert f'href="{page}"' in home
    text = (out / page).read_text(encoding="utf-8")
    shown = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", text))
    follow = found["follow_ups"]
    assert {k: int(v) for k, v in shown.items()} == {
        "entries": found["entries"],
        "people met": len(found["people"]),
        "new people": len(found["new_people"]),
        "wins": len(found["wins"]),
        "follow-ups opened": follow["opened"],
        "closed on time": follow["on_time"],
        "closed late": follow["late"],
        "still open": follow["open"],
        "dismissed": follow["dismissed"],
    }
    for name in found["people"]:
        assert f"<li>{escape(name)}" in text
    assert (out / "weeks" / "2026-11-02.html").is_file()  # from the first entry's week on
    assert not (out / "weeks" / "2026-10-26.html").exists()
    assert not (out / "weeks" / "2026-11-16.html").exists()  # not over yet


def test_names_and_titles_on_a_week_page_are_text(tmp_path: Path, runner: CliRunner) -> None:
    home = workspace(tmp_path, runner)
    canary = "<img src=x onerror=alert(1)>"
    home.write("challenges/weekly.toml", WEEKLY.replace("A coffee a week", canary))
    log(home, "coffee", "2026-11-10T10:00", canary, "<b>Bo</b>")
    from habits.app import Habits
    from habits.site.pages import Site, render
    from habits.store.workspace import Workspace

    app = Habits(Workspace(home.root, "test"), lambda: datetime.fromisoformat(NOW))
    data = app.site_data(weeks=52)
    pages = render(Site(data.card, data.pack, data.settings, data.directory, data.reviews)).pages
    text = pages["weeks/2026-11-09.md"]
    assert canary not in text and "<b>Bo" not in text
    assert escape(canary) in text and escape("<b>Bo</b>") in text


@given(
    found=entries_strategy,
    week=st.integers(0, 3),
    week_start=st.integers(0, 6),
    zone=st.sampled_from(["UTC", "Europe/London", "America/New_York"]),
    later=st.integers(1, 40),
)
def test_a_complete_week_reads_the_same_whatever_is_logged_after_it(
    found: list[tuple[int, str, list[str]]], week: int, week_start: int, zone: str, later: int
) -> None:
    """What `review` keeps its answer by: a week that is over depends on the entries up to
    its last day only, whatever the day it is asked on, so an entry logged since does not
    make it score the log again."""
    log = [
        Entry(str(n), at, action, at, tuple(people), "call")
        for n, (quarter, action, people) in enumerate(found)
        for at in [START + timedelta(minutes=15 * quarter)]
    ]
    settings = Settings(timezone=zone, week_start=week_start)
    calendar = Calendar(settings)
    today = date(2026, 4, 10)
    start = calendar.week_of(START.date()) + timedelta(days=7 * week)
    end = start + timedelta(days=6)
    assert end < today
    before = [e for e in log if calendar.day_of(e.at) <= end]

    def review_of(entries: list[Entry], today: date) -> Any:
        card = score(PACK, settings, entries, today)
        net = network(card, PACK, settings, NOBODY)
        return reviews(card, net, settings, NOBODY, [], [start])[0]

    assert review_of(log, today) == review_of(before, end + timedelta(days=later))


def test_the_weeks_page_lists_a_year_and_the_last_half_year_have_a_page() -> None:
    """A page a week for the last 26 complete weeks (each linked from the Weeks page and to
    its neighbours); the Weeks page still gives a row to each of a year's weeks."""
    from habits.site.week_pages import PAGED, week_pages

    found = demo_reviews(date(2025, 9, 1))
    assert len(found) == 52 and PAGED == 26
    pages = week_pages(found, lambda here, there: there.removeprefix("weeks/")[:-3] + ".html")
    made = sorted(p for p in pages if p != "weeks/index.md")
    assert made == [f"weeks/{r.week_start}.md" for r in found[-26:]]
    index = pages["weeks/index.md"]
    linked = re.findall(r'<a href="([\d-]+)\.html">Week of', index)
    assert linked == [str(r.week_start) for r in reversed(found[-26:])]
    assert index.count("<tr><td>Week of") == 26  # the older half: a row, no link
    for name in made:
        for target in re.findall(r'href="([\d-]+|index)\.html"', pages[name]):
            assert target == "index" or f"weeks/{target}.md" in pages, (name, target)


def test_a_week_page_names_the_oldest_overdue_items_and_counts_the_rest() -> None:
    from habits.core.network import Due
    from habits.site.week_pages import OVERDUE_NAMED, week_page

    week = demo_reviews(date(2026, 8, 29), [date(2026, 11, 9)])[0]
    late = [Due(f"Late {n}", f"l{n}", "follow-up", "e", date(2026, 9, 1), date(2026, 10, 1 + n))
            for n in range(8)]  # fmt: skip
    soon = [Due("Soon", "s", "follow-up", "e", date(2026, 11, 11), date(2026, 11, 18))]
    text = week_page(week._replace(due_next=(*late, *soon)), lambda a, b: b, None, None)
    shown = re.findall(r"<li>Follow up with (\w+ ?\d?) by \w+ \d+ \w+( \(overdue\))?</li>", text)
    assert shown == [(f"Late {n}", " (overdue)") for n in range(OVERDUE_NAMED)] + [("Soon", "")]
    more = f"<li>and {8 - OVERDUE_NAMED} more overdue from before</li>"
    assert text.index(f"Late {OVERDUE_NAMED - 1} ") < text.index(more) < text.index("Soon")
    one_more = week._replace(due_next=(*late[: OVERDUE_NAMED + 1], *soon))
    text = week_page(one_more, lambda a, b: b, None, None)  # "and 1 more" would hide one name
    assert "more overdue" not in text and f"Late {OVERDUE_NAMED} by" in text


def test_a_week_page_tells_a_month_not_ending_that_week_from_one_missed() -> None:
    from habits.app.review import WeekChallenge
    from habits.site.week_pages import week_page

    week = demo_reviews(date(2026, 8, 29), [date(2026, 11, 9)])[0]
    month = WeekChallenge("m", "Five new people a month", "month", False, 3, 0, 0)
    weekly = WeekChallenge("w", "Coffee weekly", "week", False, 0, 0, 1)
    text = week_page(week._replace(challenges=(month, weekly)), lambda a, b: b, None, None)
    rows = re.findall(r"<tr><td><a[^>]*>([^<]+)</a></td>(.*?)</tr>", text)
    cells = {title: re.findall(r"<td[^>]*>([^<]*)</td>", rest) for title, rest in rows}
    assert cells["Five new people a month"][:2] == ["none ended (month)", "not due this week"]
    assert cells["Coffee weekly"][:2] == ["0 of 1 (week)", "not met"]
