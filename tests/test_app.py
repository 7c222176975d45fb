"""The application layer on its own: each use case called directly on a workspace, its
returned values checked (points, what changed, problems), nothing read from a terminal."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from habits.app import Habits
from habits.core.problems import HabitsError
from habits.store.workspace import Workspace
from tests.conftest import NOW, Home


def habits(home: Home, now: str = NOW) -> Habits:
    return Habits(Workspace(home.root, "test"), lambda: datetime.fromisoformat(now))


def test_log_returns_the_points_and_what_the_entry_moved(mini: Home) -> None:
    home = mini
    logged = habits(home).log("ice", ["Sam Lee"], "call", note="likes jazz")
    assert logged.entry.action == "icebreaker"
    assert logged.entry.with_ == ("Sam Lee",)
    shown, _, line = logged.entry.origin.rpartition(":")  # where it was written
    assert (home.root / shown).read_text().splitlines()[int(line) - 1] == "[[entry]]"
    assert logged.day == date(2026, 11, 20)
    assert (logged.before.points, logged.after.points) == (0, 2)
    assert logged.title == "Break the ice"
    assert logged.own is None and logged.caution == "" and logged.problems == []
    calls = next(r for r in logged.after.challenges if r.id == "calls")
    assert calls.progress == 1
    assert "likes jazz" in home.log_text()
    # The next log starts from the standing this one left.
    again = habits(home).log("lunch", ["Ana Ruiz"])
    assert (again.before.points, again.after.points) == (2, 7)


def test_log_says_which_follow_ups_it_opened_and_closed(home: Home) -> None:
    opened = habits(home, "2026-11-19T12:00:00+00:00").log("lunch", ["Ana Ruiz"])
    assert [(f.opened_by, f.due) for f in opened.touched] == [(opened.entry.id, date(2026, 11, 20))]
    closed = habits(home).log("follow-up", ["Ana Ruiz"])
    assert [(f.closed_by, f.on_time) for f in closed.touched] == [(closed.entry.id, True)]


def test_a_backdated_entry_past_the_daily_cap_gets_its_own_points(mini: Home) -> None:
    for hour in (10, 11, 12):  # icebreaker's cap is 3 a day
        habits(mini).log("ice", when=f"{hour}:00")
    logged = habits(mini).log("ice", when="09:00")
    assert logged.own == 2  # it earns the slot...
    assert logged.after.points == logged.before.points  # ...that the 12:00 one loses
    assert logged.after.capped_count == logged.before.capped + 1


def test_log_cautions_about_a_venue_close_to_a_known_one(home: Home) -> None:
    assert habits(home).log("ice", where="calll").caution == (
        "'calll' is a new venue; did you mean call?"
    )


def test_log_returns_the_damaged_files_it_met_and_still_logs(mini: Home) -> None:
    home = mini
    home.write("log/2026-10.toml", "[[entry]\n")
    logged = habits(home).log("ice")
    assert [p.path for p in logged.problems] == ["log/2026-10.toml"]
    assert logged.after.points == 2
    with pytest.raises(HabitsError) as refused:
        habits(home).log("icebraker")
    assert refused.value.exit_code == 1
    assert "did you mean icebreaker?" in str(refused.value)
    assert [p.path for p in refused.value.problems] == ["log/2026-10.toml"]


def test_undo_and_rm_return_the_entry_removed(home: Home) -> None:
    app = habits(home)
    first = app.log("ice", ["Sam Lee"]).entry
    second = app.log("lunch", ["Ana Ruiz"]).entry
    assert app.undo().entry.id == second.id
    assert app.rm(first.id[:6]).entry.id == first.id
    assert "Sam Lee" not in home.log_text()
    with pytest.raises(HabitsError, match="the log is empty"):
        app.undo()
    with pytest.raises(HabitsError, match="no entry with id 'abc'"):
        app.rm("abc")


def test_import_checks_every_row_first_and_writes_only_when_all_are_good(
    home: Home, tmp_path: Path
) -> None:
    sheet = tmp_path / "old.csv"
    sheet.write_text("at,action,with\n2026-10-01,lunch,Ana Ruiz\n2026-10-02,lnuch,Sam\n")
    bad = habits(home).import_csv(sheet, dry_run=False, allow_duplicates=False)
    assert not bad.written and [p.line for p in bad.problems] == [3]
    assert home.log_text() == ""
    sheet.write_text("at,action,with\n2026-10-01,lunch,Ana Ruiz\n2026-10-02,lunch,Sam\n")
    dry = habits(home).import_csv(sheet, dry_run=True, allow_duplicates=False)
    assert (len(dry.entries), dry.written, home.log_text()) == (2, False, "")
    done = habits(home).import_csv(sheet, dry_run=False, allow_duplicates=False)
    assert (len(done.entries), done.present, done.written) == (2, 0, True)
    again = habits(home).import_csv(sheet, dry_run=False, allow_duplicates=False)
    assert (len(again.entries), again.present) == (0, 2)


def test_pause_records_a_rest_and_pauses_lists_it(home: Home) -> None:
    app = habits(home)
    rest = app.pause("today", "2026-11-30", None, "holiday")
    assert (rest.start, rest.end, rest.challenge) == (date(2026, 11, 20), date(2026, 11, 30), None)
    assert app.pauses() == [rest]
    with pytest.raises(HabitsError, match="before --from"):
        app.pause("2026-12-02", "2026-12-01", None, "")


def test_actions_lists_the_pack(home: Home) -> None:
    assert "icebreaker" in {a.id for a in habits(home).actions()}


def test_a_workspace_that_is_not_there_is_refused_at_once(tmp_path: Path) -> None:
    with pytest.raises(HabitsError, match="no workspace at"):
        Habits(Workspace(tmp_path / "nowhere", "test"), lambda: datetime.fromisoformat(NOW))


def test_an_error_ends_the_command_with_its_own_exit_code(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Busy(HabitsError):
        exit_code = 75

    def busy(self: Habits) -> None:
        raise Busy("the workspace is busy", "try again")

    monkeypatch.setattr(Habits, "undo", busy)
    result = home.run("undo", ok=False)
    assert result.exit_code == 75
    assert result.stderr == "error: the workspace is busy; try again\n"
