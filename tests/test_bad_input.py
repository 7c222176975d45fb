"""Bad input from users' files and commands: refused with one line, or read without loss."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.conftest import Home

ENTRY = '\n[[entry]]\nid = "{id}"\nat = {at}\naction = "icebreaker"\n'


def one_error(result_stderr: str) -> str:
    """The one line a refused command prints (no traceback, no internal error)."""
    lines = result_stderr.strip().splitlines()
    assert len(lines) == 1, result_stderr
    assert lines[0].startswith("error: ") and "internal error" not in lines[0]
    return lines[0]


def test_rm_refuses_an_id_two_entries_share_and_names_both(home: Home) -> None:
    home.write("log/2026-10.toml", ENTRY.format(id="dup", at="2026-10-02T10:00:00+00:00"))
    home.write("log/2026-11.toml", ENTRY.format(id="dup", at="2026-11-02T10:00:00+00:00"))
    before = home.snapshot()
    result = home.run("rm", "dup", ok=False)
    assert result.exit_code == 1
    line = one_error(result.stderr)
    assert "log/2026-10.toml:1" in line and "log/2026-11.toml:1" in line
    assert "another id" in line  # how to fix the file
    assert home.run("rm", "du", ok=False).exit_code == 1  # a start of it too
    assert home.snapshot() == before


def test_undo_removes_the_entry_logged_last_even_when_its_id_is_shared(home: Home) -> None:
    """The newest entry repeats an older one's id (a hand edit): undo removes the newest by
    its place, never the older one the id names first."""
    home.write(
        "log/2026-11.toml",
        ENTRY.format(id="dup", at="2026-11-02T10:00:00+00:00")
        + ENTRY.format(id="dup", at="2026-11-03T10:00:00+00:00").replace("icebreaker", "lunch"),
    )
    result = home.run("undo")
    assert "lunch" in result.stdout and "log/2026-11.toml:6" in result.stdout
    left = (home.root / "log" / "2026-11.toml").read_text(encoding="utf-8")
    assert "icebreaker" in left and "lunch" not in left


def sheet(tmp_path: Path, rows: Sequence[Sequence[str]], name: str = "sheet.csv") -> Path:
    path = tmp_path / name
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_importing_a_csv_without_ids_twice_adds_nothing_the_second_time(
    home: Home, tmp_path: Path
) -> None:
    rows = [
        ("at", "action", "with", "where", "note"),
        ("2026-10-01", "icebreaker", "Ana Ruiz", "call", ""),
        ("2026-10-01", "follow-up", "Ana Ruiz", "call", "sent the deck"),
        ("2026-10-02T09:30", "lunch", "Tom Becker;Ana Ruiz", "", ""),
        ("2026-10-03", "icebreaker", "", "", ""),
        ("2026-10-03", "icebreaker", "", "", ""),  # two alike that day: both real
    ]
    data = sheet(tmp_path, rows)
    assert "Added 5 entries" in home.run("import", str(data)).stdout
    again = home.run("import", str(data)).stdout
    assert "Added 0 entries" in again and "skipped 5 already in the log" in again
    assert len(home.json("list")) == 5
    more = sheet(tmp_path, [*rows, ("2026-10-04", "lunch", "Bo", "", "")], "more.csv")
    assert "Would add 1 entries" in home.run("import", str(more), "--dry-run").stdout
    forced = home.run("import", str(data), "--allow-duplicates").stdout
    assert "Added 5 entries" in forced
    assert len(home.json("list")) == 10


def test_an_id_twice_in_one_csv_is_reported_with_both_lines(home: Home, tmp_path: Path) -> None:
    home.run("log", "ice", "--at", "2026-11-02")
    [logged] = home.json("list")
    data = sheet(
        tmp_path,
        [
            ("id", "at", "action"),
            ("x1", "2026-10-01", "lunch"),
            (logged["id"], "2026-11-02", "icebreaker"),
            ("x1", "2026-10-02", "lunch"),
        ],
    )
    before = home.snapshot()
    result = home.run("import", str(data), ok=False)
    assert f"{data}:4: id 'x1' is also on line 2" in result.stderr
    assert "already in the log" not in result.stderr
    assert home.snapshot() == before


def test_status_and_points_refuse_an_as_of_in_the_future(home: Home) -> None:
    home.run("log", "ice")
    for command in ("status", "points"):
        result = home.run(command, "--as-of", "2026-11-27", ok=False)
        assert result.exit_code == 1
        assert "2026-11-27 is after today (2026-11-20)" in one_error(result.stderr)
    assert home.run("status", "--as-of", "today").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ("log", "ice", "--at", "0001-01-01"),
        ("log", "ice", "--at", "9999-12-31T23:00-05:00"),
        ("log", "ice", "--at", "1899-12-31T23:00"),
        ("status", "--as-of", "9999-12-31"),
        ("status", "--as-of", "0001-01-01"),
        ("points", "--as-of", "0001-01-02"),
        ("list", "--since", "0001-01-01"),
        ("pause", "--from", "2026-11-01", "--to", "9999-12-31"),
        ("people", "cadence", "Sam Lee", "99999999999m"),
    ],
)
def test_dates_and_spans_out_of_bounds_are_one_line_never_an_internal_error(
    home: Home, args: tuple[str, ...]
) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "2026-11-02")
    before = home.snapshot()
    result = home.run(*args, ok=False)
    assert result.exit_code == 1, result.output
    line = one_error(result.stderr)
    assert "1900..2999" in line or "ten years" in line or "after today" in line
    assert home.snapshot() == before


def test_entries_out_of_bounds_in_a_file_are_named_and_the_rest_scored(home: Home) -> None:
    home.write(
        "log/2026-11.toml",
        ENTRY.format(id="ok", at="2026-11-02T10:00:00+00:00")
        + ENTRY.format(id="y1", at="0001-01-01T00:00:00+00:00")
        + ENTRY.format(id="y9", at="9999-12-31T23:00:00-05:00"),
    )
    for command in ("status", "points", "list", "due", "people"):
        result = home.run(command)
        assert "log/2026-11.toml:8: at = 0001-01-01" in result.stderr, command
    check = home.run("check", ok=False).stdout
    assert "log/2026-11.toml:13: at = 9999-12-31T23:00:00-05:00 is outside" in check
    assert [e["id"] for e in home.json("list")] == ["ok"]


def test_a_huge_follow_up_span_in_the_pack_is_flagged_and_commands_still_run(home: Home) -> None:
    actions = home.root / "challenges" / "actions.toml"
    text = actions.read_text(encoding="utf-8")
    actions.write_text(
        text.replace("follow_up_days = 1\n", "follow_up_days = 999999999\n", 1), encoding="utf-8"
    )
    home.run("log", "lunch", "--with", "Sam Lee")
    assert "follow_up_days = 999999999 is too large" in home.run("status").stderr
    assert "follow_up_days = 999999999" in home.run("check", ok=False).stdout


def test_a_csv_cell_over_the_limit_is_a_located_problem(home: Home, tmp_path: Path) -> None:
    data = tmp_path / "big.csv"
    data.write_text(f"at,action,note\n2026-10-01,lunch,ok\n2026-10-02,lunch,{'x' * 140_000}\n")
    before = home.snapshot()
    result = home.run("import", str(data), ok=False)
    assert result.exit_code == 1
    assert f"{data}:3: a cell is longer than 128 KiB" in result.stderr
    assert "internal error" not in result.stderr
    assert home.snapshot() == before


def test_one_byte_that_is_not_utf8_hides_nothing(home: Home) -> None:
    home.run("log", "ice", "--at", "2026-11-02")
    path = home.root / "log" / "2026-11.toml"
    with path.open("ab") as f:
        f.write(b'\n[[entry]]\nid = "cafe"\nat = 2026-11-03T10:00:00+00:00\n')
        f.write(b'action = "icebreaker"\nnote = "caf\xe9 chat"\n')
    home.run("log", "lunch", "--at", "2026-11-04")
    bad_line = path.read_bytes().split(b"\n").index(b'note = "caf\xe9 chat"') + 1
    status = home.run("status")
    assert f"warning: log/2026-11.toml:{bad_line}: byte 0xe9" in status.stderr
    assert len(home.json("list")) == 3
    assert home.json("list")[1]["note"] == "caf\ufffd chat"
    check = home.run("check", ok=False).stdout
    assert f"log/2026-11.toml:{bad_line}: byte 0xe9 at column 12 is not UTF-8 text" in check
    assert "lunch" in home.run("undo").stdout  # and the bad byte is left as it was
    assert b"caf\xe9 chat" in path.read_bytes()


def test_a_byte_that_is_not_utf8_beside_the_log_is_reported_at_its_line(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "2026-11-02")
    home.run("people", "cadence", "Sam Lee", "2w")
    home.run("pause", "--from", "2026-11-05", "--to", "2026-11-06")
    with (home.root / "pauses.toml").open("ab") as f:
        f.write(b'\n[[pause]]\nfrom = 2026-11-09\nto = 2026-11-10\nnote = "caf\xe9"\n')
    with (home.root / "people.toml").open("ab") as f:
        f.write(b'\n[[person]]\nname = "Ren\xe9"\ncadence = "2w"\n')
    with (home.root / "challenges" / "lunch.toml").open("ab") as f:
        f.write(b"# caf\xe9\n")
    lines = {
        name: (home.root / name).read_bytes().split(b"\n").index(last) + 1
        for name, last in (
            ("pauses.toml", b'note = "caf\xe9"'),
            ("people.toml", b'name = "Ren\xe9"'),
            ("challenges/lunch.toml", b"# caf\xe9"),
        )
    }
    check = home.run("check", ok=False).stdout
    for name, line in lines.items():
        assert f"{name}:{line}: byte 0xe9 at column " in check, check
        assert "retype that character and save the file as UTF-8" in check
    # the other person's cadence still counts
    assert [p["cadence_days"] for p in home.json("people")] == [14]
    before = (home.root / "people.toml").read_bytes()
    refused = home.run("people", "cadence", "Sam Lee", "3w", ok=False)
    assert f"people.toml:{lines['people.toml']}: byte 0xe9" in refused.stderr
    assert (home.root / "people.toml").read_bytes() == before  # never rewritten as U+FFFD


def test_a_zone_whose_offset_has_seconds_writes_what_reads_back(home: Home) -> None:
    home.write("habits.toml", 'timezone = "Africa/Monrovia"\n')  # -00:44:30 until 1972
    result = home.run("log", "ice", "--at", "1960-05-01T10:00")
    assert "✓" in result.stdout
    assert "All good: 1 entries" in home.run("check").stdout
    [entry] = home.json("list")
    assert entry["at"] == "1960-05-01T10:00:00-00:44:30"


def test_csv_export_escapes_formulas_and_import_restores_them(home: Home, tmp_path: Path) -> None:
    notes = ['=HYPERLINK("http://x")', "+1 555", "-5 min late", "@here", "'quoted", "plain"]
    for n, note in enumerate(notes, start=1):
        home.run("log", "ice", "--note", note, "--at", f"2026-11-0{n}")
    home.run("log", "lunch", "--with", "Smith; John", "--with", "Ana", "--at", "2026-11-08")
    exported = home.run("export").stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [r["note"] for r in rows[:6]] == [f"'{n}" for n in notes[:5]] + ["plain"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())
    data = tmp_path / "out.csv"
    data.write_text(exported, encoding="utf-8")
    home.run("rm", rows[-1]["id"])
    for row in rows[:-1]:
        home.run("rm", row["id"])
    assert "Added 7 entries" in home.run("import", str(data)).stdout
    back = home.json("list")
    assert [e["note"] for e in back[:6]] == notes
    assert back[6]["with"] == ["Smith; John", "Ana"]


def test_a_backdated_entry_that_takes_the_capped_slot_is_told_its_points(mini: Home) -> None:
    for hour in ("10:00", "11:00", "12:00"):
        mini.run("log", "ice", "--at", hour)
    result = mini.run("log", "ice", "--at", "09:00")
    assert "+2 pts for this entry" in result.stdout
    assert "a later icebreaker that day is now past the daily cap (+0 in all)" in result.stdout
    ledger = mini.json("points")
    assert sum(1 for line in ledger if line["entry"]) == 3
    capped_last = mini.run("log", "ice", "--at", "12:30").stdout
    assert "daily cap reached" in capped_last


def test_an_unknown_challenge_in_pauses_is_reported_with_its_line(home: Home) -> None:
    home.write(
        "pauses.toml",
        """
        [[pause]]
        from = 2026-11-01
        to = 2026-11-02

        [[pause]]
        from = 2026-11-09
        to = 2026-11-10
        challenge = "lnch"
        """,
    )
    check = home.run("check", ok=False).stdout
    assert "pauses.toml:8: rest 2026-11-09..2026-11-10 names unknown challenge 'lnch'" in check


def test_two_rests_naming_one_unknown_challenge_are_each_reported_at_their_line(
    home: Home,
) -> None:
    home.write(
        "pauses.toml",
        """
        [[pause]]
        from = 2026-11-01
        to = 2026-11-02
        challenge = "lnch"

        [[pause]]
        from = 2026-11-09
        "challenge" = "lnch"
        to = 2026-11-10
        """,
    )
    check = home.run("check", ok=False).stdout
    assert "pauses.toml:4: rest 2026-11-01..2026-11-02 names unknown challenge 'lnch'" in check
    assert "pauses.toml:8: rest 2026-11-09..2026-11-10 names unknown challenge 'lnch'" in check


def test_a_line_separator_in_a_rests_note_keeps_the_unknown_challenge_at_its_line(
    home: Home,
) -> None:
    """U+2028 in an earlier note is text, not a line end: lines count at \\n only."""
    home.write(
        "pauses.toml",
        """
        [[pause]]
        from = 2026-11-01
        to = 2026-11-02
        note = "away\u2028back"

        [[pause]]
        from = 2026-11-09
        to = 2026-11-10
        challenge = "lnch"
        """,
    )
    check = home.run("check", ok=False).stdout
    assert "pauses.toml:9: rest 2026-11-09..2026-11-10 names unknown challenge 'lnch'" in check
