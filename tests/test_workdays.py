"""A working week: non-workdays rest a daily challenge, and follow-ups fall due on workdays.

NOW (tests/conftest.py) is Friday 20 November 2026; the weeks below are those of 9 and 16
November. Saturday 14 and Sunday 15 November lie between them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from habits.core import Pause, Settings
from habits.core.periods import Workweek
from tests.conftest import Home
from tests.helpers import card, challenge, entry, pack
from tests.test_team import World
from tests.test_team_files import member_text

WEEKDAYS_OF_TWO_WEEKS = [f"2026-11-{d:02d}" for d in (9, 10, 11, 12, 13, 16, 17, 18, 19, 20)]
SATURDAY, SUNDAY, MONDAY, TUESDAY = "2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24"
NOW_SAT = f"{SATURDAY}T18:00:00+00:00"
ALL_WEEK = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def daily(home: Home, now: str = "2026-11-20T18:00:00+00:00") -> dict[str, Any]:
    """The status of "One micro-connection a day" as `status --json` gives it."""
    status = home.json("status", now=now)
    found: dict[str, Any] = next(c for c in status["challenges"] if c["id"] == "daily-spark")
    return found


def log_days(home: Home, days: list[str], action: str = "online") -> None:
    for n, day in enumerate(days):
        home.run("log", action, "--at", f"{day}T10:00", "--note", f"day {n}")


# -- daily challenges ----------------------------------------------------------------------


def test_a_weekend_does_not_break_the_daily_streak(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")  # wide enough for the grid's last 8 periods
    log_days(home, WEEKDAYS_OF_TWO_WEEKS)
    spark = daily(home)
    assert (spark["streak"], spark["best_streak"]) == (10, 10)
    assert not spark["at_risk"]
    # Over the next weekend, with nothing logged, the streak holds and is not at risk.
    for day in (SATURDAY, SUNDAY):
        rested = daily(home, now=f"{day}T18:00:00+00:00")
        assert (rested["streak"], rested["at_risk"]) == (10, False)
    # The status grid draws the weekend as rest (‖), never as a miss (·).
    line = next(
        row
        for row in home.run("status", now=f"{MONDAY}T08:00:00+00:00").stdout.splitlines()
        if row.startswith("One micro-connection a day")
    )
    assert line.endswith("● ● ● ● ● ‖ ‖ ◌") and "·" not in line


def test_a_met_weekend_day_extends_the_streak(home: Home) -> None:
    log_days(home, [*WEEKDAYS_OF_TWO_WEEKS[:5], "2026-11-14", *WEEKDAYS_OF_TWO_WEEKS[5:]])
    assert daily(home)["streak"] == 11


def test_workdays_only_false_counts_every_day(home: Home) -> None:
    path = home.root / "challenges" / "daily-spark.toml"
    path.write_text(path.read_text() + "workdays_only = false\n", encoding="utf-8")
    log_days(home, WEEKDAYS_OF_TWO_WEEKS)
    spark = daily(home)
    assert (spark["streak"], spark["best_streak"]) == (5, 5)  # the weekend broke it


def test_workdays_of_habits_toml_decide_the_rest_days(home: Home) -> None:
    """A Sunday-to-Thursday week: Friday and Saturday rest, Sunday must be met."""
    settings = home.root / "habits.toml"
    text = settings.read_text().replace(
        '"monday", "tuesday", "wednesday", "thursday", "friday"',
        '"sunday", "monday", "tuesday", "wednesday", "thursday"',
    )
    settings.write_text(text, encoding="utf-8")
    log_days(home, [f"2026-11-{d:02d}" for d in (8, 9, 10, 11, 12, 15, 16, 17, 18, 19)])
    assert daily(home, now="2026-11-21T18:00:00+00:00")["streak"] == 10
    assert daily(home, now="2026-11-23T18:00:00+00:00")["streak"] == 0  # Sunday 22 missed


# -- follow-ups ----------------------------------------------------------------------------


def open_follow_up(home: Home, now: str) -> dict[str, Any]:
    [item] = home.json("due", now=now)
    return dict(item)


def test_fridays_follow_up_is_due_monday_and_not_overdue_over_the_weekend(home: Home) -> None:
    said = home.run("log", "icebreaker", "--with", "Sam Lee", "--at", "2026-11-20T10:00").stdout
    assert "follow up by Mon 23 Nov" in said
    for day in ("2026-11-20", SATURDAY, SUNDAY, MONDAY):
        item = open_follow_up(home, f"{day}T18:00:00+00:00")
        assert (item["due"], item["overdue"]) == (MONDAY, False), day
    assert open_follow_up(home, f"{TUESDAY}T18:00:00+00:00")["overdue"]
    # Closed on Monday, it was on time.
    home.run(
        "log",
        "follow-up",
        "--with",
        "Sam Lee",
        "--at",
        f"{MONDAY}T09:00",
        now=f"{MONDAY}T18:00:00+00:00",
    )
    status = home.json("status", now=f"{MONDAY}T18:00:00+00:00")
    assert (status["follow_ups"]["on_time"], status["follow_ups"]["late"]) == (1, 0)


def test_a_holiday_pushes_the_due_date(home: Home) -> None:
    """A pause of every challenge is a holiday; one of a single challenge is not."""
    home.run("log", "icebreaker", "--with", "Sam Lee", "--at", "2026-11-20T10:00")
    assert open_follow_up(home, NOW_SAT)["due"] == MONDAY  # the kept network, before the pause
    home.run("pause", "--from", MONDAY, "--to", TUESDAY, "--challenge", "daily-spark")
    assert open_follow_up(home, NOW_SAT)["due"] == MONDAY
    home.run("pause", "--from", MONDAY, "--to", TUESDAY, "--note", "away")
    assert open_follow_up(home, NOW_SAT)["due"] == "2026-11-25"
    [sam] = home.json("people", now=NOW_SAT)
    assert sam["open_follow_up"]["due"] == "2026-11-25"
    assert home.json("status", now=NOW_SAT)["follow_ups"]["overdue"] == 0


def test_a_did_they_meet_check_counts_workdays(home: Home) -> None:
    home.run("log", "introduction", "--with", "Ana", "--with", "Bo", "--at", "2026-11-20T10:00")
    checks = [d for d in home.json("due", now=NOW_SAT) if d["kind"] == "did-they-meet"]
    assert {d["due"] for d in checks} == {"2026-12-01"}  # seven workdays after a Friday


# -- bad settings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (
            '["monday", "fridy"]',
            'habits.toml:6: workdays.1 = "fridy" is not one of monday, tuesday, wednesday, '
            "thursday, friday, saturday, sunday; did you mean friday?",
        ),
        ("[]", "habits.toml:6: workdays = [] is empty; give at least one, e.g. workdays = ["),
        ('"monday"', 'habits.toml:6: workdays = "monday" is not a list'),
    ],
)
def test_a_bad_workdays_value_is_one_line_with_its_place(home: Home, value: str, said: str) -> None:
    settings = home.root / "habits.toml"
    lines = settings.read_text().splitlines()
    assert lines[5].startswith("workdays = ")
    lines[5] = f"workdays = {value}"
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = home.snapshot()
    result = home.run("log", "icebreaker", "--with", "Sam", ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.count("\n") == 1 and said in result.stderr, result.stderr
    assert home.snapshot() == before
    assert said in home.run("check", ok=False).stdout


def test_a_challenge_with_a_bad_workdays_only_is_named(home: Home) -> None:
    path = home.root / "challenges" / "daily-spark.toml"
    path.write_text(path.read_text() + 'workdays_only = "no"\n', encoding="utf-8")
    said = home.run("check", ok=False).stdout
    assert 'challenges/daily-spark.toml:8: workdays_only = "no" is not true or false' in said


# -- the team board ------------------------------------------------------------------------


def board_streak(world: World, workdays: list[str] | None) -> tuple[int, int, float | None]:
    """The daily challenge's streak, best and strength for a member who logged on each
    weekday of two weeks, with the team's workdays (None: team.toml as written)."""
    from habits.store.leaderboard import build
    from habits.store.team import load_team

    if workdays is not None:
        toml = world.team / "team.toml"
        lines = [
            f"workdays = {workdays!r}".replace("'", '"') if line.startswith("workdays =") else line
            for line in toml.read_text().splitlines()
        ]
        toml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = [f"e{n} {day} {day} online - - -" for n, day in enumerate(WEEKDAYS_OF_TWO_WEEKS)]
    (world.team / "members" / "ada.toml").write_text(member_text("ada", *rows), encoding="utf-8")
    team, team_pack = load_team(world.team)
    [member] = build(team, team_pack, date(2026, 11, 21)).members
    row = member.challenges["daily-spark"]
    return row.streak, row.best, row.strength


def test_the_board_honours_the_teams_workdays(tmp_path: Path) -> None:
    default = board_streak(World(tmp_path / "a"), None)
    every_day = board_streak(World(tmp_path / "b"), ALL_WEEK)
    assert default[:2] == (10, 10)
    assert every_day[:2] == (5, 5)  # the weekend between the two weeks broke it
    assert default[2] is not None and every_day[2] is not None and default[2] > every_day[2]


# -- the core ------------------------------------------------------------------------------


def test_an_unmet_non_workday_freezes_strength_and_a_met_one_raises_it() -> None:
    c = challenge(every="day")
    friday, saturday = entry(1, "2026-11-13"), entry(2, "2026-11-14")
    rested = card(pack(c), [friday], as_of="2026-11-15").challenge("c")
    first = rested.strength_series[0]
    assert rested.strength_series == (first, first, first)
    assert [p.paused for p in rested.periods] == [False, True, True]
    met = card(pack(c), [friday, saturday], as_of="2026-11-15").challenge("c")
    before, after, sunday = met.strength_series
    assert before < after == sunday  # Saturday met counts; Sunday, unmet, freezes
    assert (met.streak, met.best_streak) == (2, 2)


def test_weekly_challenges_know_no_workdays() -> None:
    weekly = challenge()
    entries = [entry(1, "2026-11-14"), entry(2, "2026-11-21")]  # two Saturdays
    result = card(pack(weekly), entries, as_of="2026-11-22").challenge("c")
    assert result.streak == 2 and not any(p.paused for p in result.periods)


def test_workweek_counts_workdays_and_skips_holidays() -> None:
    week = Workweek()
    friday = date(2026, 11, 20)
    assert week.after(friday, 0) == friday
    assert week.after(friday, 1) == date(2026, 11, 23)
    assert week.after(date(2026, 11, 21), 1) == date(2026, 11, 23)  # from a Saturday
    assert week.after(friday, 5) == date(2026, 11, 27)
    away = (
        Pause(date(2026, 11, 23), date(2026, 11, 24)),
        Pause(date(2026, 11, 26), date(2026, 11, 26)),
    )
    assert Workweek(pauses=away).after(friday, 2) == date(2026, 11, 27)
    only = (Pause(date(2026, 11, 23), date(2026, 11, 24), "daily-spark"),)
    assert Workweek(pauses=only).after(friday, 1) == date(2026, 11, 23)
    assert Workweek(range(7)).after(friday, 1) == date(2026, 11, 21)


def test_settings_default_to_a_monday_to_friday_week() -> None:
    assert Settings().workdays == (0, 1, 2, 3, 4)


def test_today_as_a_rest_day_shows_as_rest_in_the_status_grid(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    log_days(home, WEEKDAYS_OF_TWO_WEEKS)
    line = next(
        row
        for row in home.run("status", now=f"{SATURDAY}T10:00:00+00:00").stdout.splitlines()
        if row.startswith("One micro-connection a day")
    )
    assert line.endswith("‖ ‖ ● ● ● ● ● ‖")  # Saturday: nothing asked of it, not ◌ (open)
