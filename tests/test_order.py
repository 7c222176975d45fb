"""Entries at one instant count in the order they are written: rows of an import, lines of a
file, files by name. Their random ids never decide anything."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from habits.store.loaded import State
from tests.conftest import Home


@pytest.mark.parametrize("ids", [False, True], ids=["no-id-column", "ids-sorting-backwards"])
def test_a_date_only_import_takes_its_rows_in_order(home: Home, tmp_path: Path, ids: bool) -> None:
    """An icebreaker then a follow-up with the same person, the same day, no time: the
    follow-up closes it (100%, nothing overdue) and the person is new to the icebreaker."""
    people = [f"Person {n}" for n in range(4)]
    rows = ["at,action,with" + (",id" if ids else "")]
    for n, person in enumerate(people):
        # With ids, each follow-up's id sorts before its icebreaker's: ordering by id (as
        # before) puts every follow-up first; without, about half of them.
        rows.append(f"2026-11-18,icebreaker,{person}" + (f",b{n}" if ids else ""))
        rows.append(f"2026-11-18,follow-up,{person}" + (f",a{n}" if ids else ""))
    csv = tmp_path / "met.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    home.run("import", str(csv))
    for cold in (False, True):
        if cold:
            shutil.rmtree(home.cache)
        status = home.json("status")
        assert status["follow_ups"] == {
            "opened": 4,
            "on_time": 4,
            "late": 0,
            "open": 0,
            "overdue": 0,
            "rate": 1.0,
        }
        new_faces = next(c for c in status["challenges"] if c["id"] == "new-faces")
        assert new_faces["progress"] == 4  # each person was new to their icebreaker
        assert home.json("due") == []
        listed = home.json("list")
        assert [(e["action"], e["with"]) for e in listed] == [
            (action, [person]) for person in people for action in ("icebreaker", "follow-up")
        ]


def test_two_logs_in_one_second_feed_the_kept_tally(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second entry comes last in written order: it is fed, not the whole log refolded."""
    now = "2026-11-20T17:00:00+00:00"
    home.run("log", "lunch", "--with", "Ana", now=now)
    home.run("log", "ice", "--with", "Bo", "--where", "call", now=now)  # keeps the tally

    def refold(*args: object) -> None:
        raise AssertionError("the log was folded afresh")

    with monkeypatch.context() as patch:
        patch.setattr(State, "fold", refold)
        home.run("log", "ice", "--with", "Cy", "--where", "call", now=now)
        home.run("log", "follow-up", "--with", "Ana", now=now)
    kept = home.json("status")
    shutil.rmtree(home.cache)
    assert home.json("status") == kept
    assert kept["follow_ups"]["on_time"] == 1


def test_a_same_second_log_into_an_earlier_file_is_scored_in_written_order(
    home: Home,
) -> None:
    """An entry written by hand into a later file at the same instant and second: a new one
    goes before it in written order, so the kept tally cannot take it; scoring still agrees."""
    home.write(
        "log/zz-by-hand.toml",
        """
        [[entry]]
        id = "hand1"
        at = 2026-11-20T17:00:00Z
        logged = 2026-11-20T17:00:00Z
        action = "icebreaker"
        with = ["Ana"]
        """,
    )
    now = "2026-11-20T17:00:00+00:00"
    home.run("status")  # keeps a tally whose last entry is in log/zz-by-hand.toml
    home.run("log", "follow-up", "--with", "Ana", now=now)  # goes to log/2026-11.toml
    kept = home.json("status")
    shutil.rmtree(home.cache)
    assert home.json("status") == kept
    # In written order the follow-up comes first: it closes nothing, the icebreaker opens one.
    assert kept["follow_ups"]["opened"] == 1 and kept["follow_ups"]["on_time"] == 0


def test_list_and_export_order_a_repeated_dst_hour_by_instant(tmp_path: Path, home: Home) -> None:
    """Local 01:30 BST comes before 01:10 GMT of the same night; with and without the cache."""
    home.write("habits.toml", 'name = "Ada"\ntimezone = "Europe/London"\n')
    home.run("log", "ice", "--with", "Ana", "--at", "2026-10-25T01:30")  # 00:30 UTC
    home.run("log", "lunch", "--with", "Bo", "--at", "2026-10-25T01:10+00:00")  # 01:10 UTC
    seen = []
    for cold in (False, True):
        if cold:
            shutil.rmtree(home.cache)
        listed = home.json("list")
        assert [e["at"] for e in listed] == [
            "2026-10-25T01:30:00+01:00",
            "2026-10-25T01:10:00+00:00",
        ]
        out = tmp_path / f"export-{cold}.json"
        home.run("export", "--format", "json", "-o", str(out))
        seen.append((listed, json.loads(out.read_text(encoding="utf-8"))))
    assert seen[0] == seen[1]
    assert [e["action"] for e in seen[0][1]] == ["icebreaker", "lunch"]


def test_a_member_file_lists_same_instant_entries_in_written_order(tmp_path: Path) -> None:
    """The board scores a member's lines in order (daily caps, follow-ups): publishing keeps
    the written order of entries at one instant, whatever their ids."""
    from tests.test_team import World

    world = World(tmp_path)
    ada = world.member("ada")
    (ada / "log" / "2026-11.toml").write_text(
        "".join(
            f'[[entry]]\nid = "{entry_id}"\nat = 2026-11-18T12:00:00Z\n'
            f'logged = 2026-11-18T12:00:00Z\naction = "{action}"\nwith = ["Nina Park"]\n\n'
            for entry_id, action in (("b-first", "icebreaker"), ("a-second", "follow-up"))
        ),
        encoding="utf-8",
    )
    text = world.publish(ada)
    assert 0 < text.index(" icebreaker ") < text.index(" follow-up ")
