"""Every command as a user types it: exit codes, what is printed, what is written."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from habits.cli import cli
from tests.conftest import Home


def entries_of(home: Home) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for path in sorted((home.root / "log").glob("*.toml")):
        out += tomllib.loads(path.read_text(encoding="utf-8")).get("entry", [])
    return out


def test_init_creates_an_owned_workspace_and_refuses_to_overwrite(home: Home) -> None:
    for part in (
        "habits.toml",
        "challenges/actions.toml",
        "challenges/calls.toml",
        "log",
        "schema/log.json",
    ):
        assert (home.root / part).exists(), part
    settings = tomllib.loads((home.root / "habits.toml").read_text())
    assert settings == {
        "name": "Ada",
        "timezone": "UTC",
        "week_start": "monday",
        "day_start": 0,
        "workdays": ["monday", "tuesday", "wednesday", "thursday", "friday"],
    }
    assert (home.root / "habits.toml").read_text().startswith("#:schema schema/settings.json")
    before = home.snapshot()
    result = home.run("init", str(home.root), ok=False)
    assert "already holds a workspace" in result.stderr
    assert home.snapshot() == before


def test_init_from_another_pack_and_where(tmp_path: Path, mini: Home, runner: CliRunner) -> None:
    other = Home(tmp_path / "other", runner)
    other.run(
        "init", str(other.root), "--pack", str(mini.root / "challenges"), "--timezone", "Asia/Tokyo"
    )
    assert sorted(p.name for p in (other.root / "challenges").iterdir()) == [
        "actions.toml",
        "calls.toml",
        "levels.toml",
    ]
    where = other.run("where").stdout
    assert str(other.root) in where and "[from --home]" in where


def test_habits_home_picks_the_workspace(tmp_path: Path, runner: CliRunner) -> None:
    root = tmp_path / "envhome"
    env = {"HABITS_HOME": str(root), "HABITS_NOW": "2026-11-20T18:00:00+00:00"}
    assert runner.invoke(cli, ["init", "--timezone", "UTC"], env=env).exit_code == 0
    result = runner.invoke(cli, ["where"], env=env)
    assert f"{root}  [from HABITS_HOME]" in result.stdout


def test_bad_timezone_on_init_is_one_line(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["init", str(tmp_path / "w"), "--timezone", "Mars/Olympus"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "unknown timezone" in result.stderr


def test_log_appends_an_entry_and_celebrates(home: Home) -> None:
    result = home.run(
        "log",
        "icebreaker",
        "--with",
        "Sam Lee",
        "--where",
        "Call",
        "--note",
        "likes jazz",
        "--tag",
        "Client",
    )
    assert "Break the ice with Sam Lee" in result.stdout
    assert "+3 pts" in result.stdout  # 2 for the action, 1 for meeting the daily challenge
    assert "Break the ice on 3 calls 1/3 this week" in result.stdout
    [saved] = entries_of(home)
    assert saved["action"] == "icebreaker" and saved["with"] == ["Sam Lee"]
    assert (saved["where"], saved["note"], saved["tags"]) == ("call", "likes jazz", ["client"])
    assert str(saved["at"]) == "2026-11-20 18:00:00+00:00"
    assert (
        (home.root / "log" / "2026-11.toml").read_text().startswith("#:schema ../schema/log.json")
    )


def test_log_accepts_alias_prefix_and_spells_known_people_the_same(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee")
    home.run("log", "lun", "--with", "  sam   LEE ")
    assert [e["action"] for e in entries_of(home)] == ["icebreaker", "lunch"]
    assert [e["with"] for e in entries_of(home)] == [["Sam Lee"], ["Sam Lee"]]


def test_log_refuses_bad_input_with_one_line_and_writes_nothing(home: Home) -> None:
    before = home.snapshot()
    cases = [
        (["log", "icebraker"], "did you mean icebreaker?"),
        (["log", "i"], "could be icebreaker, introduction"),
        (["log", "ice", "--with", "  "], "empty name"),
        (["log", "ice", "--at", "2026-13-40"], "is not a date or time"),
        (["log", "ice", "--at", "2026-11-21"], "is still to come"),
        (["log", "ice", "--at", "18:30"], "is still to come"),
        (["log", "ice", "--at", "25:00"], "not a time of day"),
        (["log"], "Missing argument"),
    ]
    for args, message in cases:
        result = home.run(*args, ok=False)
        assert message in result.stderr, (args, result.stderr)
        assert result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.output
    assert home.snapshot() == before


def test_log_when_forms(home: Home) -> None:
    for when in (
        "2026-11-19",
        "2026-11-19T08:15",
        "2026-11-19T08:15+02:00",
        "yesterday",
        "today",
        "17:59",
    ):
        home.run("log", "ice", "--at", when)
    ats = [str(e["at"]) for e in entries_of(home)]
    assert ats == [
        "2026-11-19 12:00:00+00:00",
        "2026-11-19 08:15:00+00:00",
        "2026-11-19 06:15:00+00:00",
        "2026-11-19 12:00:00+00:00",
        "2026-11-20 12:00:00+00:00",
        "2026-11-20 17:59:00+00:00",
    ]


def test_a_venue_that_looks_like_a_typo_is_logged_with_a_warning(home: Home) -> None:
    result = home.run("log", "ice", "--where", "calll")
    assert "warning: 'calll' is a new venue; did you mean call?" in result.stderr
    assert entries_of(home)[0]["where"] == "calll"
    assert "warning" not in home.run("log", "ice", "--where", "calll").stderr  # known now


def test_entries_go_to_the_local_calendar_month(home: Home) -> None:
    home.write("habits.toml", 'timezone = "Asia/Tokyo"\n')
    home.run("log", "ice", "--at", "2026-10-31T20:00+00:00")  # already November 1st in Tokyo
    assert [p.name for p in (home.root / "log").iterdir()] == ["2026-11.toml"]


def test_level_up_and_badge_are_announced(home: Home) -> None:
    result = home.run("log", "ice", "--with", "Sam")
    assert "Badge unlocked: First step" in result.stdout
    assert "Badge unlocked: Ice broken" in result.stdout


def test_daily_cap_is_explained(mini: Home) -> None:
    for _ in range(3):
        mini.run("log", "ice")
    assert "daily cap reached" in mini.run("log", "ice").stdout


def test_undo_and_rm(home: Home) -> None:
    home.run("log", "ice", "--with", "A", "--at", "10:00")
    home.run("log", "lunch", "--with", "B", "--at", "09:00")  # logged last, happened first
    result = home.run("undo")
    assert "lunch with B" in result.stdout
    [left] = entries_of(home)
    result = home.run("rm", str(left["id"])[:6])
    assert "icebreaker with A" in result.stdout
    assert entries_of(home) == []
    assert "no entry with id" in home.run("rm", "zzz", ok=False).stderr
    assert "removed icebreaker with A" in home.run("undo").stdout  # the rm is taken back
    assert [e["action"] for e in entries_of(home)] == ["icebreaker"]


def test_list_json_and_since(home: Home) -> None:
    home.run("log", "ice", "--with", "A", "--at", "2026-11-01")
    home.run("log", "give", "--with", "B", "--note", "a link", "--at", "2026-11-10")
    items = home.json("list", "--since", "2026-11-05")
    assert [(i["action"], i["with"], i["note"]) for i in items] == [("give", ["B"], "a link")]
    assert set(items[0]) == {"id", "at", "logged", "action", "with", "where", "note", "tags"}
    assert "give with B" in home.run("list").stdout


def test_export_then_import_round_trips_and_is_idempotent(
    home: Home, tmp_path: Path, runner: CliRunner
) -> None:
    home.run(
        "log",
        "ice",
        "--with",
        "Sam Lee",
        "--with",
        "Ana",
        "--where",
        "call",
        "--tag",
        "x",
        "--at",
        "2026-11-02",
    )
    home.run("log", "give", "--note", 'said "hi", then; left', "--at", "2026-11-03")
    csv_text = home.run("export", "--format", "csv").stdout
    data = tmp_path / "moved.csv"
    data.write_text(csv_text, encoding="utf-8")
    fresh = Home(tmp_path / "fresh", runner)
    fresh.run("init", str(fresh.root), "--timezone", "UTC")
    assert "Added 2 entries" in fresh.run("import", str(data)).stdout
    assert fresh.json("list") == home.json("list")
    assert "Added 0 entries" in fresh.run("import", str(data)).stdout
    assert json.loads(home.run("export", "--format", "json").stdout) == home.json("list")


def test_import_from_a_spreadsheet_any_column_order(home: Home, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Action,with,at\nlunch,Ana Ruiz;Tom Becker,2026-10-01\nice,,2026-10-02T09:30\n"
    )
    assert "Added 2 entries" in home.run("import", str(sheet)).stdout
    saved = entries_of(home)
    assert [e["with"] for e in saved] == [["Ana Ruiz", "Tom Becker"], []]


def test_import_checks_every_row_and_writes_nothing_if_one_is_bad(
    home: Home, tmp_path: Path
) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("at,action\n2026-10-01,lunch\nnot-a-date,ice\n2026-10-03,lnuch\n")
    before = home.snapshot()
    result = home.run("import", str(sheet), ok=False)
    assert f"{sheet}:3: 'not-a-date' is not a date or time" in result.stderr
    assert f"{sheet}:4: unknown action 'lnuch'; did you mean lunch?" in result.stderr
    assert "nothing was imported" in result.stderr
    assert home.snapshot() == before
    missing = tmp_path / "missing.csv"
    missing.write_text("when,action\n")
    assert "missing column at" in home.run("import", str(missing), ok=False).stderr


def test_status_json_contract_and_as_of(home: Home) -> None:
    for day in ("2026-11-16", "2026-11-17", "2026-11-18"):
        home.run("log", "ice", "--where", "call", "--with", "Sam", "--at", day)
    status = home.json("status")
    assert {"points", "level", "challenges", "badges"} <= set(status)
    calls = next(c for c in status["challenges"] if c["id"] == "calls")
    assert {
        k: calls[k] for k in ("title", "progress", "target", "met", "streak", "best_streak")
    } == {
        "title": "Break the ice on 3 calls",
        "progress": 3,
        "target": 3,
        "met": True,
        "streak": 1,
        "best_streak": 1,
    }
    assert 0 < calls["strength"] < 1
    assert {"id", "title", "earned"} <= set(status["badges"][0])
    earlier = home.json("status", "--as-of", "2026-11-16")
    assert earlier["points"] < status["points"]
    assert next(c for c in earlier["challenges"] if c["id"] == "calls")["progress"] == 1


def test_status_text_shows_the_table(home: Home) -> None:
    home.run("log", "ice", "--where", "call")
    out = home.run("status").stdout
    assert out.startswith("Ada · level 1 Newcomer")
    assert "Break the ice on 3 calls" in out and "history" in out


def test_points_explain_lists_the_ledger(home: Home) -> None:
    home.run("log", "ice", "--where", "call", "--at", "2026-11-19")
    ledger = home.json("points", "--explain")
    assert ledger[0] == {
        "date": "2026-11-19",
        "points": 2,
        "reason": "Break the ice",
        "entry": ledger[0]["entry"],
        "challenge": None,
    }
    assert sum(line["points"] for line in ledger) == home.json("status")["points"]
    assert "+2  Break the ice" in home.run("points", "--explain").stdout


def test_pause_records_a_rest_that_keeps_the_streak(home: Home) -> None:
    home.run("log", "lunch", "--with", "A", "--at", "2026-11-03")
    home.run("log", "lunch", "--with", "B", "--at", "2026-11-17")

    def lunch() -> dict[str, int]:
        return next(c for c in home.json("status")["challenges"] if c["id"] == "lunch")

    assert lunch()["streak"] == 1
    home.run("pause", "--from", "2026-11-09", "--to", "2026-11-13", "--note", "holiday")
    assert lunch()["streak"] == 2
    assert "2026-11-09 .. 2026-11-13  all challenges  holiday" in home.run("pause", "--list").stdout
    assert (
        "unknown challenge 'lnch'"
        in home.run(
            "pause", "--from", "today", "--to", "today", "--challenge", "lnch", ok=False
        ).stderr
    )
    assert (
        "--to 2026-11-19 is before --from 2026-11-20"
        in home.run("pause", "--from", "today", "--to", "yesterday", ok=False).stderr
    )


def test_check_is_clean_then_names_every_problem(home: Home) -> None:
    home.run("log", "ice")
    assert "All good: 1 entries" in home.run("check").stdout
    home.write("challenges/calls.toml", 'title = "Calls"\nactions = ["icebraker"]\ntarget = "3"\n')
    result = home.run("check", ok=False)
    assert (
        'challenges/calls.toml:3: target = "3" is not a whole number; write it without quotes'
        in result.stdout
    )


def test_schema_writes_every_json_schema(home: Home, tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    home.run("schema", "--out", str(out))
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "actions.json",
        "badges.json",
        "challenge.json",
        "followups.json",
        "levels.json",
        "log.json",
        "member.json",
        "openers.json",
        "pauses.json",
        "people.json",
        "settings.json",
        "team.json",
        "teams.json",
    ]
    assert "title" in json.loads((out / "challenge.json").read_text())["required"]


def test_plain_habits_prints_the_help(runner: CliRunner) -> None:
    result = runner.invoke(cli, [])
    assert result.exit_code == 0
    assert "habits log icebreaker" in result.stdout and "Commands:" in result.stdout
    assert result.stderr == ""


def test_commands_outside_a_workspace_say_how_to_start(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--home", str(tmp_path / "none"), "status"])
    assert result.exit_code == 1
    assert "no workspace at" in result.stderr and "habits init" in result.stderr


def test_colour_only_when_asked(home: Home) -> None:
    plain = home.run("log", "ice").stdout
    assert "\x1b[" not in plain
    coloured = home.runner.invoke(
        cli,
        ["--home", str(home.root), "--color", "always", "log", "ice"],
        env={"HABITS_NOW": "2026-11-20T18:00:00+00:00"},
    )
    assert "\x1b[" in coloured.stdout


def test_unexpected_errors_are_one_line_unless_debug(home: Home) -> None:
    (home.root / "log" / "2026-11.toml").mkdir()  # a folder where a file should be
    result = home.run("log", "ice", ok=False)
    # The folder is reported by path as it loads (a warning), then the write fails in one line.
    errors = [line for line in result.stderr.splitlines() if not line.startswith("warning:")]
    assert "Traceback" not in result.output and len(errors) == 1
    assert errors[0] == "error: Is a directory: log/2026-11.toml; nothing was written"
    debug = home.runner.invoke(cli, ["--debug", "--home", str(home.root), "log", "ice"])
    assert debug.exception is not None and not isinstance(debug.exception, SystemExit)


def test_demo_builds_weeks_of_history(tmp_path: Path, runner: CliRunner) -> None:
    demo = Home(tmp_path / "demo", runner)
    assert (
        "entries over 12 weeks"
        in runner.invoke(
            cli, ["demo", str(demo.root)], env={"HABITS_NOW": "2026-11-20T18:00:00+00:00"}
        ).stdout
    )
    status = demo.json("status")
    assert status["points"] > 300 and status["level"] >= 3
    assert demo.run("check").exit_code == 0


def test_a_new_or_changed_challenge_says_once_what_its_past_periods_earned(
    mini: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")  # the whole title (at 80 it is cut with …)
    for day in ("2026-10-28", "2026-11-04", "2026-11-05", "2026-11-11", "2026-11-20"):
        mini.run("log", "lunch", "--with", f"P {day}", "--at", day)
    first = mini.run("status").stdout
    assert "challenge" not in first.splitlines()[0]  # nothing new: the pack as it was
    weekly = 'title = "Sit with someone new weekly"\nactions = ["lunch"]\ntarget = 1\n'
    mini.write("challenges/lunches.toml", weekly + "points = 8\n")
    told = mini.run("status").stdout.splitlines()
    # weeks of 26 Oct, 2 Nov and 9 Nov are met, and this week's already (8 points each)
    assert (
        told[0]
        == "new challenge 'Sit with someone new weekly': 4 weeks met so far, 32 points in all"
    )
    assert "new challenge" not in mini.run("status").stdout  # once
    mini.write("challenges/lunches.toml", weekly + "points = 10\n")
    logged = mini.run("log", "ice").stdout  # the first run after the edit tells it
    assert (
        "changed challenge 'Sit with someone new weekly': 4 weeks met so far, 40 points in all"
        in logged
    )
    assert "changed challenge" not in mini.run("status").stdout
