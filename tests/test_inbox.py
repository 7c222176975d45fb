"""The inbox: micro-connections written down away from the terminal, logged by `habits inbox`."""

from __future__ import annotations

import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from habits.store.inbox import parse_line
from tests.conftest import Home

LINES = (
    "# from my phone\n"
    "2026-11-17 12:15 lunch Cleo Park @canteen #mentoring -- knows the Lisbon team\n"
    "\n"
    "09:30 ice Sam\n"
    "ice +Sam Le, Ana Ruiz @lift\n"
    "zzz Bob\n"
    "2026-11-18 follow-up Sam Lee\n"
)


def test_good_lines_are_logged_and_taken_out_bad_ones_stay_with_their_line(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "09:00")
    inbox = home.root / "inbox.txt"
    inbox.write_text(LINES, encoding="utf-8")
    kept = home.snapshot()
    dry = home.run("inbox", "--dry-run", ok=False)
    assert dry.stdout.startswith("Would log 3 entries from inbox.txt")
    assert home.snapshot() == kept  # a dry run writes nothing
    result = home.run("inbox", ok=False)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "inbox.txt:4: 'Sam' is not someone you have logged; did you mean Sam Lee?; write the "
        "name you meant, or +Sam if it is somebody else",
        "inbox.txt:6: unknown action 'zzz'; actions: card, follow-up, give, icebreaker, "
        "introduction, lunch, online, opener, signature, win",
    ]
    assert inbox.read_text(encoding="utf-8") == "# from my phone\n\n09:30 ice Sam\nzzz Bob\n"
    logged = {
        (e["at"][:16], e["action"], tuple(e["with"]), e["where"], e["note"])
        for e in home.json("list")
    }
    assert {
        ("2026-11-17T12:15", "lunch", ("Cleo Park",), "canteen", "knows the Lisbon team"),
        ("2026-11-20T12:00", "icebreaker", ("Sam Le", "Ana Ruiz"), "lift", ""),  # +: new
        ("2026-11-18T12:00", "follow-up", ("Sam Lee",), "", ""),
    } <= logged
    assert home.json("list")[0]["tags"] == ["mentoring"]
    assert home.run("undo").stdout.startswith("Undid inbox ")
    assert inbox.read_text(encoding="utf-8") == LINES and len(home.json("list")) == 1
    inbox.write_text("# nothing yet\n", encoding="utf-8")
    assert home.run("inbox").stdout == "Nothing to log in inbox.txt\n"


def test_habits_toml_may_name_the_inbox(home: Home) -> None:
    synced = home.root / "phone" / "notes.txt"
    synced.parent.mkdir()
    synced.write_text("lunch Ana Ruiz\r\n# keep me\r\n", encoding="utf-8")
    settings = home.root / "habits.toml"
    settings.write_text(settings.read_text() + 'inbox = "phone/notes.txt"\n', encoding="utf-8")
    assert "from phone/notes.txt" in home.run("inbox").stdout
    assert synced.read_bytes() == b"# keep me\r\n"  # the other line's bytes as they were


WORD = st.text("abcdefghij", min_size=1, max_size=6)


@st.composite
def inbox_lines(draw: st.DrawFn) -> tuple[list[str], list[bool]]:
    """Lines of an inbox: good ones (known action, new names, venue, note), bad ones
    (unknown action), blanks and comments; and whether each is good."""
    lines, good = [], []
    for n in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["good", "bad", "blank", "comment"]))
        if kind == "good":
            names = ", ".join(f"+{w.title()} {n}" for w in draw(st.lists(WORD, max_size=2)))
            venue = f" @{draw(WORD)}" if draw(st.booleans()) else ""
            note = f" -- {draw(WORD)} note" if draw(st.booleans()) else ""
            lines.append(f"2026-11-{1 + n:02d} 10:{n:02d} lunch {names}{venue}{note}")
        elif kind == "bad":
            lines.append(f"nosuchaction {draw(WORD)}")
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", "   "])))
        else:
            lines.append(f"# {draw(WORD)}")
        good.append(kind == "good")
    return lines, good


@given(inbox_lines(), st.sampled_from(["\n", "\r\n"]))
def test_an_inbox_round_trip_loses_no_line(found: tuple[list[str], list[bool]], end: str) -> None:
    """Every line is either logged (as the entry it names) or still in the file, as it was."""
    lines, good = found
    with tempfile.TemporaryDirectory() as folder:
        home = Home(Path(folder) / "ws", CliRunner())
        home.run("init", str(home.root), "--timezone", "UTC")
        inbox = home.root / "inbox.txt"
        inbox.write_bytes("".join(line + end for line in lines).encode("utf-8"))
        home.run("inbox", ok=None)
        stayed = [line + end for line, ok in zip(lines, good, strict=True) if not ok]
        assert inbox.read_bytes() == "".join(stayed).encode("utf-8")
        logged = sorted((e["at"][:16], e["where"], e["note"]) for e in home.json("list"))
        wanted = []
        for n, (line, ok) in enumerate(zip(lines, good, strict=True), start=1):
            if ok:
                parts = parse_line(n, line)
                wanted.append((parts.when, parts.where, parts.note))
        assert logged == sorted(wanted)


def test_export_json_then_import_round_trips_and_is_idempotent(home: Home, tmp_path: Path) -> None:
    home.run(
        "log",
        "ice",
        "--with",
        "Sam Lee",
        "--where",
        "call",
        "--note",
        'a "quoted"\nnote',
        "--at",
        "09:00",
    )
    home.run(
        "log", "win", "--with", "Ana Ruiz", "--kind", "referral", "--tag", "lisbon", "--at", "10:00"
    )
    data = tmp_path / "entries.json"
    home.run("export", "--format", "json", "-o", str(data))
    fresh = Home(tmp_path / "fresh", home.runner)
    fresh.run("init", str(fresh.root), "--timezone", "UTC")
    assert "Added 2 entries" in fresh.run("import", str(data)).stdout
    assert fresh.json("list") == home.json("list")  # ids, times, people, notes, kinds
    assert "Added 0 entries" in fresh.run("import", str(data)).stdout


def test_a_bad_json_entry_is_told_by_its_line_and_nothing_is_imported(
    home: Home, tmp_path: Path
) -> None:
    data = tmp_path / "bad.json"
    data.write_text(
        '[\n  {"at": "2026-11-19T09:00:00+00:00", "action": "icebreaker", "with": ["Sam Lee"]},\n'
        '  {"at": "2026-11-19T10:00:00+00:00", "action": "zzz"},\n'
        '  {"at": "2026-11-19T11:00:00+00:00", "action": "lunch", "with": "Ana"}\n]\n',
        encoding="utf-8",
    )
    kept = home.snapshot()
    result = home.run("import", str(data), ok=False)
    assert f"{data}:3: unknown action 'zzz'" in result.stderr
    assert f"{data}:4: 'with' is not a list of text" in result.stderr
    assert home.snapshot() == kept
    data.write_text("{}", encoding="utf-8")
    assert "not a JSON array" in home.run("import", str(data), ok=False).stderr
