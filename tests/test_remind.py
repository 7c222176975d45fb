"""`habits remind [--notify]`: a short nudge for cron, silent when there is nothing to say."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from habits.cli import network
from tests.conftest import Home

NUDGE = [
    "Streak at risk: Break the ice on 3 calls (0/3 this week; 1-week streak)",
    "Streak at risk: One micro-connection a day (0/1 today; 1-day streak)",
    "Follow up with Dan Roe (overdue 2 days)",
    "Follow up with Cleo Park (due today)",
]
TITLE = "habits: 2 streaks at risk, 2 follow-ups due"


@pytest.fixture
def at_risk(home: Home) -> Home:
    """Last week's calls met, none this week; a follow-up due today and one overdue."""
    for hour in ("09:00", "10:00", "11:00"):
        home.run("log", "ice", "--with", "Sam Lee", "--where", "call", "--at", f"2026-11-10T{hour}")
    home.run("log", "follow-up", "--with", "Sam Lee", "--at", "2026-11-11T09:00")  # closes it
    home.run("log", "ice", "--with", "Dan Roe", "--where", "lift", "--at", "2026-11-17T09:00")
    home.run("log", "ice", "--with", "Cleo Park", "--where", "lift", "--at", "2026-11-19T09:00")
    return home


def fake_notify_send(folder: Path, script: str) -> Path:
    """A notify-send on PATH that runs `script` (its argv recorded, one a line, in argv.txt)."""
    folder.mkdir(exist_ok=True)
    program = folder / "notify-send"
    program.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{folder}/argv.txt"\n{script}\n')
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return folder / "argv.txt"


def test_remind_names_streaks_at_risk_and_follow_ups_due_by_today(at_risk: Home) -> None:
    result = at_risk.run("remind")
    assert result.stdout.splitlines() == NUDGE
    assert result.stderr == ""


def test_remind_is_silent_when_there_is_nothing_to_say(home: Home) -> None:
    assert home.run("remind").stdout == ""  # nothing logged yet
    home.run("log", "ice", "--with", "Sam Lee", "--at", "09:00")  # due Monday; today is met
    result = home.run("remind")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_a_long_nudge_names_the_oldest_five_items(home: Home) -> None:
    for n in range(7):
        home.run("log", "ice", "--with", f"Person {n}", "--new", "--at", f"2026-11-{10 + n}")
    lines = home.run("remind").stdout.splitlines()
    assert lines[-1] == "... and 2 more (see habits due)"
    assert lines[-6].startswith("Follow up with Person 0 (overdue")


def test_notify_raises_a_desktop_notification_and_still_prints(
    at_risk: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = fake_notify_send(tmp_path / "bin", "exit 0")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = at_risk.run("remind", "--notify")
    assert result.stdout.splitlines() == NUDGE and result.stderr == ""
    assert argv.read_text().splitlines() == ["--app-name=habits", TITLE, *NUDGE]


def test_notify_without_notify_send_just_prints(
    at_risk: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = at_risk.run("remind", "--notify")
    assert (result.stdout.splitlines(), result.stderr) == (NUDGE, "")


def test_notify_send_failing_or_hanging_never_fails_the_nudge(
    at_risk: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleep = shutil.which("sleep")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    fake_notify_send(tmp_path / "bin", 'echo "Cannot connect to the bus" >&2; exit 1')
    result = at_risk.run("remind", "--notify")
    assert result.stdout.splitlines() == NUDGE
    assert result.stderr.strip() == (
        "warning: notify-send failed (exit 1): Cannot connect to the bus"
    )
    fake_notify_send(tmp_path / "bin", f"exec {sleep} 60")  # killed at the time limit
    monkeypatch.setattr(network, "NOTIFY_TIMEOUT", 0.2)
    result = at_risk.run("remind", "--notify")
    assert result.stdout.splitlines() == NUDGE
    assert result.stderr.startswith("warning: notify-send failed: Command")
    assert "timed out after 0.2 seconds" in result.stderr
    (tmp_path / "bin" / "notify-send").chmod(0o644)  # there, but not a program
    assert at_risk.run("remind", "--notify").stdout.splitlines() == NUDGE
