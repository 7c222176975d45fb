"""`habits ask`: the day's meetings from a calendar export, one question each, answers logged
in one locked write. The calendars in tests/data/calendars are shaped like real exports:
Outlook (Windows time zone names, a weekly series with an excluded and a moved occurrence, a
room, a cancelled and a declined meeting) and Google (UTC times, a Meet link, an override)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habits.app import Habits, workspace_at
from habits.app.ask import Question
from habits.cli import cli
from habits.core.problems import HabitsError
from tests.conftest import NOW, Home

CALENDARS = Path(__file__).parent / "data" / "calendars"
ME = 'me = ["ada.lovelace@contoso.com", "ada@example.com"]\n'
SKIP_ALL = "\n" * 9  # Enter at every question


def with_calendar(home: Home, *names: str, folder: bool = True) -> None:
    """The workspace in London, with the test calendars in its own folder `cals`."""
    settings = home.root / "habits.toml"
    text = settings.read_text(encoding="utf-8").replace('"UTC"', '"Europe/London"')
    target = "cals" if folder else f"cals/{names[0]}"
    settings.write_text(text + f'calendar = "{target}"\n' + ME, encoding="utf-8")
    (home.root / "cals").mkdir()
    for name in names:
        shutil.copy(CALENDARS / name, home.root / "cals" / name)


def ask(home: Home, answers: str, *args: str, now: str = NOW) -> Result:
    return home.runner.invoke(
        cli,
        ["--home", str(home.root), "ask", *args],
        input=answers,
        env={"HABITS_NOW": now, "NO_COLOR": "1"},
    )


def asked(result: Result) -> list[str]:
    """The questions' first lines, as the terminal shows them."""
    return [line for line in result.stdout.splitlines() if line.startswith("[")]


def test_the_days_meetings_are_asked_in_time_order_in_the_workspaces_zone(home: Home) -> None:
    with_calendar(home, "outlook.ics", "google.ics")
    result = ask(home, SKIP_ALL)
    assert result.exit_code == 0, result.output
    # Friday: coffee (Outlook's GMT zone), the weekly sync moved to 14:30 Berlin (13:30
    # here) and a 07:00 Pacific call (15:00 here). Left out: the cancelled review, the all
    # hands declined, the all-day offsite, focus time (nobody else) and drinks at 20:00
    # (not begun at 18:00); the sync's own 10:00 Berlin slot moved away.
    assert asked(result) == [
        "[1/3] 08:15  Coffee with Ben · meeting",
        "[2/3] 13:30  Team sync (moved) · call",
        "[3/3] 15:00  Partner call · call",
    ]
    assert "    with Sam Lee, Ana Ruiz" in result.stdout  # Outlook's "Lee, Sam"; no room
    assert "    with Dana Cho" in result.stdout  # organizer and attendee: one person


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-11-17", []),  # the series' Tuesday taken out (EXDATE)
        ("2026-11-10", ["[1/1] 09:00  Team sync · call"]),  # 10:00 in Berlin
        ("2026-11-19", ["[1/1] 16:00  Design review · meeting"]),
        # Google: UTC, a Meet link; the weekly guild (no CN: the address's local part)
        (
            "2026-11-18",
            ["[1/2] 10:30  1:1 Priya / Ada · call", "[2/2] 16:00  Data guild · meeting"],
        ),
        ("2026-11-11", []),  # the guild moved to 18:00 that week, and declined
    ],
)
def test_recurrences_exceptions_and_zones_are_expanded(
    home: Home, day: str, expected: list[str]
) -> None:
    with_calendar(home, "outlook.ics", "google.ics")
    result = ask(home, SKIP_ALL, "--day", day)
    assert result.exit_code == 0, result.output
    assert asked(result) == expected


def test_answers_are_logged_at_the_meetings_and_not_asked_again(home: Home) -> None:
    with_calendar(home, "outlook.ics", folder=False)
    before = home.snapshot()
    result = ask(home, "ice\n\nintro -- met through Ana\n")
    assert result.exit_code == 0, result.output
    assert "✓ Logged 2 entries" in result.stdout
    logged = home.json("list")
    assert [(e["at"], e["action"], e["with"], e["where"], e["note"]) for e in logged] == [
        ("2026-11-20T08:15:00+00:00", "icebreaker", ["Ben Ode"], "meeting", ""),
        ("2026-11-20T15:00:00+00:00", "introduction", ["Dana Cho"], "call", "met through Ana"),
    ]
    assert logged[0]["event"].startswith("2026-11-20 040000008200E00074C5B7101A82E008")
    again = ask(home, SKIP_ALL)
    assert asked(again) == ["[1/1] 13:30  Team sync (moved) · call"]  # skipped: asked again
    assert "2 meetings of Fri 20 Nov logged before: not asked again" in again.stdout
    assert home.run("undo").stdout.startswith("Undid ask")  # one change, both entries
    assert home.json("list") == [] and home.snapshot().keys() >= before.keys()


def test_a_wrong_piped_answer_logs_nothing(home: Home) -> None:
    with_calendar(home, "outlook.ics")
    before = home.snapshot()
    result = ask(home, "ice\nzzz\n")
    assert result.exit_code != 0
    assert result.stderr.splitlines() == [
        "error: answer 2: unknown action 'zzz'; actions: card, follow-up, give, icebreaker, "
        "introduction, lunch, online, opener, signature, win"
    ]
    assert "Traceback" not in result.output
    assert home.snapshot() == before


def test_a_person_at_the_terminal_is_asked_again(home: Home) -> None:
    with_calendar(home, "outlook.ics")
    told: list[str] = []
    typed = iter(["zzz", "ice", "ice extra words", "", "skip"])

    def answer(question: Question, error: HabitsError | None) -> str | None:
        if error is not None:
            told.append(f"{question.number}: {error.message}")
        return next(typed)

    app = Habits(workspace_at(home.root), lambda: _now())
    done = app.ask(answer)
    assert [e.with_ for e in done.entries] == [("Ben Ode",)]
    assert told == [
        "1: unknown action 'zzz'",
        "2: 'ice extra words' is more than an action: the people and the time come from "
        "the calendar",
    ]


def test_the_end_of_the_input_skips_the_rest(home: Home) -> None:
    with_calendar(home, "outlook.ics")
    result = ask(home, "ice\n")
    assert result.exit_code == 0, result.output
    assert len(asked(result)) == 2  # asked the second, then the input ended
    assert [e["with"] for e in home.json("list")] == [["Ben Ode"]]


def test_without_a_calendar_it_asks_about_the_challenges_at_risk(mini: Home) -> None:
    # A streak of two weeks of three calls; this week has none yet: at risk.
    for day in ("2026-11-03", "2026-11-04", "2026-11-05", "2026-11-10", "2026-11-11", "2026-11-12"):
        mini.run("log", "ice", "--with", "Sam Lee", "--where", "call", "--at", f"{day}T10:00")
    result = ask(mini, "ice Sam Lee @call -- quick hello\n")
    assert result.exit_code == 0, result.output
    assert asked(result) == ["[1] At risk: Break the ice on 3 calls 0/3 this week"]
    newest = mini.json("list")[-1]
    assert (newest["at"], newest["with"], newest["where"], newest["note"]) == (
        "2026-11-20T18:00:00+00:00",
        ["Sam Lee"],
        "call",
        "quick hello",
    )
    wrong = ask(mini, "ice Sam\n")  # a near miss is refused, as in `habits log`
    assert wrong.exit_code != 0
    assert "did you mean Sam Lee?" in wrong.stderr


def test_a_day_still_to_come_is_refused(home: Home) -> None:
    with_calendar(home, "outlook.ics")
    result = ask(home, SKIP_ALL, "--day", "2026-11-23")
    assert result.exit_code != 0
    assert result.stderr == (
        "error: --day 2026-11-23 is after today (2026-11-20); ask about today or an earlier day\n"
    )


def test_a_calendar_needs_your_addresses(home: Home) -> None:
    with_calendar(home, "outlook.ics")
    settings = home.root / "habits.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(ME, ""), encoding="utf-8")
    result = ask(home, SKIP_ALL)
    assert result.exit_code != 0
    assert result.stderr == (
        "error: habits.toml has no `me`: habits cannot tell you from the people in your "
        'meetings; add your addresses to it, e.g. me = ["ada@example.com"]\n'
    )


def test_a_damaged_event_is_reported_by_line_and_the_others_still_asked(home: Home) -> None:
    with_calendar(home, "outlook.ics")
    path = home.root / "cals" / "outlook.ics"
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    coffee = next(n for n, line in enumerate(lines) if "Coffee with Ben" in line)
    lines.insert(coffee, "THIS LINE IS NOT ICALENDAR")
    start = next(n for n, line in enumerate(lines) if "T070000" in line)  # the Pacific call
    lines[start] = lines[start].replace("20261120T070000", "20261120T07")
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    result = ask(home, SKIP_ALL)
    assert result.exit_code == 0, result.output
    assert asked(result) == ["[1/1] 13:30  Team sync (moved) · call"]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning")]
    assert warnings[0].startswith(
        f"warning: cals/outlook.ics:{coffee + 1}: event left out: not an iCalendar content "
        "line: 'THIS LINE IS NOT ICALENDAR'"
    )
    assert warnings[1].startswith(f"warning: cals/outlook.ics:{start + 1}: event left out: DTSTART")


def test_a_file_that_is_not_a_calendar_is_one_line(home: Home) -> None:
    with_calendar(home, "outlook.ics")
    (home.root / "cals" / "outlook.ics").write_text("name,email\nSam,sam@example.com\n")
    result = ask(home, SKIP_ALL)
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "warning: cals/outlook.ics:1: not an iCalendar file (no BEGIN:VCALENDAR); export the "
        "calendar as iCalendar (.ics)"
    )


def test_the_same_export_twice_in_the_folder_asks_once(home: Home) -> None:
    with_calendar(home, "outlook.ics")
    shutil.copy(home.root / "cals" / "outlook.ics", home.root / "cals" / "outlook (1).ics")
    assert len(asked(ask(home, SKIP_ALL))) == 3


ANSWERS = st.lists(st.sampled_from(["", "ice", "lunch", "skip", "intro"]), max_size=4)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=15)
@given(answers=ANSWERS)
def test_each_answered_meeting_is_logged_once_whatever_the_answers(
    tmp_path_factory: pytest.TempPathFactory, answers: list[str]
) -> None:
    from click.testing import CliRunner

    home = Home(tmp_path_factory.mktemp("ask") / "ws", CliRunner())
    home.runner.invoke(cli, ["init", str(home.root), "--timezone", "UTC", "--name", "Ada"])
    with_calendar(home, "outlook.ics")
    first = ask(home, "".join(f"{a}\n" for a in answers))
    assert first.exit_code == 0, first.output
    meetings = ["Ben Ode", "Sam Lee", "Dana Cho"]
    given_ = [a for a in answers[:3] if a not in ("", "skip")]
    logged: list[dict[str, Any]] = home.json("list")
    assert len(logged) == len(given_)
    assert len({e["event"] for e in logged}) == len(logged)
    # What is asked next is exactly what was not answered.
    answered = {e["with"][0] for e in logged}
    assert len(asked(ask(home, SKIP_ALL))) == len([m for m in meetings if m not in answered])


def _now() -> Any:
    from datetime import datetime

    return datetime.fromisoformat(NOW)
