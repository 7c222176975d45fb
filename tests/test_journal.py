"""Undo takes back the last change, whatever it was: the change journal and `habits undo`."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habits.app import Habits
from habits.core.problems import HabitsError
from habits.store.journal import Change, changes
from habits.store.workspace import Workspace
from tests.conftest import NOW, Home


def files(home: Home) -> dict[str, bytes]:
    """Every file a user owns but the journal itself (which records each change)."""
    return {k: v for k, v in home.snapshot().items() if not k.startswith("journal/")}


def habits(home: Home, now: str = NOW) -> Habits:
    return Habits(Workspace(home.root, "test"), lambda: datetime.fromisoformat(now))


def test_undo_takes_back_each_kind_of_change_byte_for_byte(home: Home, tmp_path: Path) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--where", "call", "--at", "09:00")
    home.run("log", "lunch", "--with", "Ana Ruiz", "--at", "12:00")
    sheet = tmp_path / "old.csv"
    sheet.write_text(
        "at,action,with,where,note,tags\n"
        "2026-10-01T09:00:00+00:00,icebreaker,Cleo Park,call,,\n"
        "2026-11-02T09:00:00+00:00,lunch,Ben Ode,canteen,,\n",
        encoding="utf-8",
    )
    lunch = next(e for e in home.json("list") if e["action"] == "lunch")
    changes = [
        ("log", ["log", "intro", "--with", "Ana Ruiz", "--with", "Sam Lee"]),
        ("rm", ["rm", lunch["id"]]),
        ("import", ["import", str(sheet)]),  # two month files: both are put back
        ("pause", ["pause", "--from", "2026-12-22", "--to", "2026-12-26"]),
        ("merge", ["people", "merge", "Ben Ode", "Sam Lee"]),  # people.toml made
        ("cadence", ["people", "cadence", "Sam Lee", "30d"]),  # people.toml rewritten
    ]
    before = []
    for _, command in changes:
        before.append(files(home))
        home.run(*command)
    for what, _ in reversed(changes):  # each undo takes back the newest change left
        assert home.run("undo").stdout.startswith(f"Undid {what} ")
        assert files(home) == before.pop()
    listed = home.run("undo", "--list").stdout.splitlines()
    assert len(listed) == 10 and all("(undone)" in line for line in listed[6:10])
    assert all(len(line) <= 80 for line in listed)


def test_undo_after_rm_brings_the_removed_entry_back(home: Home) -> None:
    """Before the journal, `undo` after `rm` removed another entry."""
    home.run("log", "ice", "--with", "A", "--at", "10:00")
    home.run("log", "lunch", "--with", "B", "--at", "11:00")
    kept = files(home)
    first = home.json("list")[0]["id"]
    home.run("rm", first)
    undone = home.run("undo").stdout
    assert "removed icebreaker with A" in undone
    assert files(home) == kept and len(home.json("list")) == 2


def test_undo_refuses_to_write_over_a_later_hand_edit(home: Home) -> None:
    home.run("log", "ice", "--with", "A")
    month = home.root / "log" / "2026-11.toml"
    month.write_text(month.read_text(encoding="utf-8") + "# my note\n", encoding="utf-8")
    kept = home.snapshot()
    result = home.run("undo", ok=False)
    assert "log/2026-11.toml changed since that change" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert home.snapshot() == kept  # nothing written, the journal included


def test_a_change_that_fails_is_not_journaled(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee")
    kept = home.snapshot()
    home.run("people", "merge", "Nobody Here", "Sam Lee", ok=False)
    home.run("rm", "zzz", ok=False)
    assert home.snapshot() == kept
    assert "Undid log" in home.run("undo").stdout


def test_nothing_left_to_undo_is_said(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee")
    home.run("undo")
    assert "nothing left to undo" in home.run("undo", ok=False).stderr


def test_undo_list_in_a_new_workspace_says_there_is_nothing(home: Home) -> None:
    assert "No changes yet" in home.run("undo", "--list").stdout


def test_a_damaged_journal_is_one_clear_line(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee")
    journal = home.root / "journal" / "changes.toml"
    journal.write_text(journal.read_text(encoding="utf-8") + "[[change\n", encoding="utf-8")
    result = home.run("undo", ok=False)
    assert result.stderr.startswith("error: journal/changes.toml: cannot be read")
    assert "Traceback" not in result.stderr


def test_the_journal_keeps_the_last_changes(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    from habits.store import journal

    monkeypatch.setattr(journal, "KEEP", 3)
    monkeypatch.setattr(journal, "PRUNE_BYTES", 1)
    app = habits(home)
    for n in range(6):
        app.log("ice", [f"P{n}"], when=f"0{n + 1}:00")
    app.rm(app.entries().entries[0].id)  # its copy is kept with it
    found = journal.changes(app.workspace)
    assert len(found) <= 4 and found[-1].what == "rm"
    copies = [p.name for p in (home.root / "journal").iterdir() if p.is_dir()]
    assert copies == [found[-1].id]


@given(st.lists(st.sampled_from(["log", "backdated", "rm", "pause"]), min_size=1, max_size=6))
def test_undoing_n_changes_restores_the_files_as_they_were_n_changes_ago(
    steps: list[str],
) -> None:
    """Property: whatever the changes, each undo puts every file back byte for byte."""
    import tempfile

    from click.testing import CliRunner

    with tempfile.TemporaryDirectory() as folder:
        home = Home(Path(folder) / "ws", CliRunner())
        home.run("init", str(home.root), "--timezone", "UTC")
        app = habits(home)
        seen = []
        for n, step in enumerate(steps):
            seen.append(files(home))
            if step == "log":
                app.log("ice", [f"P{n}"])
            elif step == "backdated":
                app.log("lunch", [f"P{n}"], when=f"2026-10-{n + 1:02d}")
            elif step == "rm" and app.entries().entries:
                app.rm(app.entries().entries[0].id)
            else:
                app.pause(f"2026-12-{n + 1:02d}", f"2026-12-{n + 2:02d}", None, "")
        while seen:
            app.undo()
            assert files(home) == seen.pop()
        with pytest.raises(HabitsError, match="nothing left to undo"):
            app.undo()


def test_edit_replaces_the_fields_given_and_keeps_the_rest(home: Home) -> None:
    home.run(
        "log", "ice", "--with", "Sam Lee", "--where", "call", "--note", "jazz", "--at", "09:00"
    )
    home.run("log", "lunch", "--with", "Ana Ruiz", "--at", "12:00")
    first, second = home.json("list")
    result = home.run("edit", first["id"][:5], "--with", "Sam Lee", "--with", "Ana Ruiz")
    assert result.stdout.splitlines()[1:] == [
        "  before: 2026-11-20 09:00  icebreaker with Sam Lee @ call  “jazz”",
        "  after:  2026-11-20 09:00  icebreaker with Sam Lee, Ana Ruiz @ call  “jazz”"
        "  (log/2026-11.toml:5)",
    ]
    edited, other = home.json("list")
    assert edited == first | {"with": ["Sam Lee", "Ana Ruiz"]}  # same id, time, logged...
    assert other == second
    home.run("edit", first["id"], "--action", "lunch", "--where", "", "--note", "")
    assert home.json("list")[0] | {"id": ""} == first | {
        "id": "",
        "action": "lunch",
        "with": ["Sam Lee", "Ana Ruiz"],
        "where": "",
        "note": "",
    }


def test_edit_checks_names_and_values_as_log_does_and_writes_nothing_when_refused(
    home: Home,
) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "09:00")
    entry = home.json("list")[0]["id"]
    kept = home.snapshot()
    near = home.run("edit", entry, "--with", "Sam Le", ok=False).stderr
    assert "did you mean Sam Lee?" in near and "--new" in near
    assert "unknown action" in home.run("edit", entry, "--action", "zzz", ok=False).stderr
    assert "is still to come" in home.run("edit", entry, "--at", "2026-12-01", ok=False).stderr
    assert "no entry with id" in home.run("edit", "zzz", "--note", "x", ok=False).stderr
    assert home.snapshot() == kept
    home.run("edit", entry, "--with", "Sam Le", "--new")  # somebody else, said so
    assert home.json("list")[0]["with"] == ["Sam Le"]


def test_edit_to_another_month_moves_the_entry_and_undo_restores_both_files(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "09:00")
    home.run("log", "lunch", "--with", "Ana Ruiz", "--at", "12:00")
    kept = files(home)
    entry = home.json("list")[0]["id"]
    result = home.run("edit", entry, "--at", "2026-10-30T10:00")
    assert "moved from log/2026-11.toml" in result.stdout
    assert home.json("list")[0]["id"] == entry  # the oldest now
    assert (home.root / "log" / "2026-10.toml").exists()
    assert home.run("undo").stdout.startswith("Undid edit ")
    assert files(home) == kept  # the new month's file is gone again, the old one as it was


@given(
    st.lists(st.sampled_from(["action", "with", "where", "note", "at", "tag"]), min_size=1),
    st.booleans(),
)
def test_an_edit_then_undo_restores_the_file_byte_for_byte(fields: list[str], cold: bool) -> None:
    import shutil
    import tempfile

    from click.testing import CliRunner

    with tempfile.TemporaryDirectory() as folder:
        home = Home(Path(folder) / "ws", CliRunner())
        home.run("init", str(home.root), "--timezone", "UTC")
        app = habits(home)
        app.log("ice", ["Sam Lee"], "call", note="one", when="08:00")
        target = app.log("lunch", ["Ana Ruiz"], note="two\u2028lines", when="09:00").entry
        app.log("intro", ["Sam Lee", "Ana Ruiz"], when="10:00")
        kept = files(home)
        given_fields: dict[str, dict[str, object]] = {
            "action": {"action": "follow-up"},
            "with": {"with_": ["Sam Lee"]},
            "where": {"where": "lift"},
            "note": {"note": 'a "quoted" note'},
            "at": {"when": "2026-11-19T07:30"},
            "tag": {"tags": ["mentoring"]},
        }
        changes: dict[str, object] = {}
        for field in fields:
            changes |= given_fields[field]
        app.edit(target.id, **changes)  # type: ignore[arg-type]
        if cold:
            shutil.rmtree(home.cache, ignore_errors=True)
        app.undo()
        assert files(home) == kept


def test_pause_list_shows_ids_and_remove_takes_one_out(home: Home) -> None:
    home.run("pause", "--from", "2026-12-22", "--to", "2026-12-26", "--note", "holiday")
    home.run("pause", "--from", "2027-01-05", "--to", "2027-01-06", "--challenge", "daily-spark")
    kept = files(home)
    listed = home.run("pause", "--list").stdout.splitlines()
    assert [line.split("  ", 1)[1] for line in listed] == [
        "2026-12-22 .. 2026-12-26  all challenges  holiday",
        "2027-01-05 .. 2027-01-06  daily-spark",
    ]
    first = listed[0].split()[0]
    assert len(first) == 6 and home.run("pause", "--list").stdout.splitlines() == listed
    removed = home.run("pause", "--remove", first[:4]).stdout
    assert removed.startswith("Removed the rest of all challenges from 2026-12-22")
    assert [line.split()[0] for line in home.run("pause", "--list").stdout.splitlines()] == [
        listed[1].split()[0]
    ]
    assert "no rest with id 'zzz'" in home.run("pause", "--remove", "zzz", ok=False).stderr
    assert home.run("undo").stdout.startswith("Undid unpause ")
    assert files(home) == kept


def test_people_rename_fixes_a_name_in_every_entry_and_people_toml(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Le", "--at", "2026-10-02")
    home.run("log", "lunch", "--with", "sam le", "--with", "Ana Ruiz", "--at", "2026-11-03")
    home.run("log", "ice", "--with", "Samuel", "--new", "--at", "2026-11-04")
    home.run("people", "merge", "Samuel", "Sam Le")
    home.run("people", "cadence", "Sam Le", "30d")
    kept = files(home)
    result = home.run("people", "rename", "Sam Le", "Sam Lee")
    assert result.stdout.strip() == "Renamed 'Sam Le' to 'Sam Lee' (2 entries and people.toml)"
    assert [e["with"] for e in home.json("list")] == [
        ["Sam Lee"],
        ["Sam Lee", "Ana Ruiz"],
        ["Samuel"],  # another name of Sam Lee now, as people.toml says
    ]
    people = (home.root / "people.toml").read_text(encoding="utf-8")
    assert 'name = "Sam Lee"' in people and 'Sam Le"' not in people
    assert [p["name"] for p in home.json("people")] == ["Sam Lee", "Ana Ruiz"]
    assert home.run("undo").stdout.startswith("Undid rename ")
    assert files(home) == kept


def test_people_rename_refuses_an_unknown_name_or_someone_else(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--with", "Ana Ruiz")
    kept = home.snapshot()
    unknown = home.run("people", "rename", "Sam Le", "Sam", ok=False).stderr
    assert "nobody called 'Sam Le'" in unknown and "did you mean Sam Lee?" in unknown
    taken = home.run("people", "rename", "Sam Lee", "ana ruiz", ok=False).stderr
    assert "'Ana Ruiz' is someone in your log already" in taken and "people merge" in taken
    assert home.snapshot() == kept
    said = home.run("people", "rename", "sam lee", "SAM LEE").stdout  # the same person, anew
    assert said.strip() == "Renamed 'Sam Lee' to 'SAM LEE' (1 entry)"  # no people.toml here
    assert home.json("list")[0]["with"] == ["SAM LEE", "Ana Ruiz"]


def test_people_unmerge_makes_a_name_a_person_again(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "09:00")
    home.run("log", "ice", "--with", "Sam", "--new", "--at", "10:00")
    home.run("people", "merge", "Sam", "Sam Lee")
    assert [p["name"] for p in home.json("people")] == ["Sam Lee"]
    kept = files(home)
    assert "no longer a name of 'Sam Lee'" in home.run("people", "unmerge", "sam").stdout
    assert sorted(p["name"] for p in home.json("people")) == ["Sam", "Sam Lee"]
    assert "is not another name" in home.run("people", "unmerge", "Ana", ok=False).stderr
    home.run("undo")
    assert files(home) == kept


@pytest.mark.parametrize(
    "command",
    [
        ["log", "ice", "--with", "Ana Ruiz"],
        ["pause", "--from", "2026-12-22", "--to", "2026-12-26"],
        ["due", "dismiss", "Sam Lee"],
    ],
)
def test_a_journal_that_is_not_a_folder_refuses_a_change_before_it_is_written(
    home: Home, command: list[str]
) -> None:
    """A change written but not journaled would be told "nothing was written" (a lie: a
    second try logs it twice) and could never be undone."""
    home.run("log", "ice", "--with", "Sam Lee", "--at", "09:00")
    shutil.rmtree(home.root / "journal")
    (home.root / "journal").write_text("not a folder\n", encoding="utf-8")
    kept = home.snapshot()
    result = home.run(*command, ok=False)
    assert result.stderr.startswith("error: journal is not a folder")
    assert len(result.stderr.strip().splitlines()) == 1
    assert home.snapshot() == kept
    assert home.run("undo", ok=False).stderr.startswith("error: journal is not a folder")


def test_undo_whose_copy_is_gone_puts_back_no_file(home: Home, tmp_path: Path) -> None:
    """A rename touches two month files: undo must not put one back and then fail on the
    other, leaving the log half renamed and the change no longer undoable."""
    home.run("log", "ice", "--with", "Sam Lee", "--at", "2026-10-20")
    home.run("log", "lunch", "--with", "Sam Lee", "--at", "09:00")
    home.run("people", "rename", "Sam Lee", "Samuel Lee")
    (change,) = [c for c in journal_changes(home) if c.what == "rename"]
    assert len(change.files) == 2
    (home.root / "journal" / change.files[0].copy).unlink()
    kept = home.snapshot()
    result = home.run("undo", ok=False)
    assert "journal/" + change.files[0].copy in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert home.snapshot() == kept


def journal_changes(home: Home) -> list[Change]:
    return changes(Workspace(home.root, "test"))


def test_people_rename_to_the_same_spelling_changes_nothing_and_journals_nothing(
    home: Home,
) -> None:
    """A rename that writes no other name is no change: `undo` must still take back the
    change before it, not an empty rename."""
    home.run("log", "ice", "--with", "Sam Lee", "--at", "09:00")
    home.run("log", "lunch", "--with", "Ana Ruiz", "--at", "12:00")
    kept = home.snapshot()
    result = home.run("people", "rename", "sam lee", "Sam  Lee", ok=False)
    assert result.stderr.startswith("error: 'Sam Lee' is written so in every entry already")
    assert home.snapshot() == kept
    assert "Ana Ruiz" in home.run("undo").stdout


def test_people_rename_of_another_name_says_that_name(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "09:00")
    home.run("log", "ice", "--with", "Sammy", "--new", "--at", "10:00")
    home.run("people", "merge", "Sammy", "Sam Lee")
    said = home.run("people", "rename", "Sammy", "Samuel").stdout.strip()
    assert said == "Renamed 'Sammy' to 'Samuel' (1 entry and people.toml)"
    kept = home.snapshot()
    own = home.run("people", "rename", "Sam Lee", "Samuel", ok=False).stderr
    assert own.startswith("error: 'Samuel' is already another name of 'Sam Lee'")
    assert "people merge" not in own  # they are one person already
    assert home.snapshot() == kept


def test_an_edit_that_changes_nothing_is_refused_and_not_journaled(home: Home) -> None:
    """`edit ID` alone, or with the values it has, journaled an empty change: the next
    `undo` took back nothing and the user had to undo twice."""
    home.run("log", "ice", "--with", "Sam Lee", "--where", "call", "--at", "09:00")
    home.run("log", "lunch", "--with", "Ana Ruiz", "--at", "12:00")
    entry = home.json("list")[0]["id"]
    kept = home.snapshot()
    for options in ([], ["--where", "call"], ["--with", "sam lee"]):
        refused = home.run("edit", entry, *options, ok=False).stderr
        assert refused.startswith(f"error: that changes nothing in {entry}")
    assert home.snapshot() == kept
    assert "lunch with Ana Ruiz" in home.run("undo").stdout


def test_a_repeated_snooze_rest_or_cadence_changes_nothing_and_is_refused(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "09:00")
    home.run("due", "snooze", "Sam Lee", "--until", "2026-11-27")
    home.run("pause", "--from", "2026-12-22", "--to", "2026-12-26")
    home.run("people", "cadence", "Sam Lee", "2w")
    kept = home.snapshot()
    again = home.run("due", "snooze", "Sam Lee", "--until", "2026-11-27", ok=False).stderr
    assert "due on 2026-11-27 already" in again
    rest = home.run("pause", "--from", "2026-12-22", "--to", "2026-12-26", ok=False).stderr
    assert "that rest is recorded already" in rest
    cadence = home.run("people", "cadence", "sam lee", "14d", ok=False).stderr
    assert "Sam Lee has every 14 days already" in cadence
    assert home.snapshot() == kept  # nothing written, nothing journaled for undo
