"""Reading habits in a terminal: widths, colour, strength in words, empty states, export."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from habits.app import Habits
from habits.cli import cli
from habits.cli.fit import cells, clip, fit
from habits.cli.terminal import due_text, people_text, points_lines, status_lines, wins_text
from habits.core.strength import strength_word
from habits.site.build import score_workspace
from habits.site.pages import render
from habits.store.workspace import Workspace
from tests.conftest import NOW, Home

LONG_NAME = "Maximiliana Featherstonehaugh-Worthington"
DUE_NAME = "Anastasia Konstantinopoulou-Vanderbilt"  # a follow-up with her is overdue
WIDE_NAME = "渡辺健二郎さん"  # East Asian wide: two cells a character
LONG_TITLE = "Have a proper conversation with someone from another department every single week"
WIDTHS = (60, 80, 120)
COMMANDS = (("status",), ("people",), ("due",), ("wins",), ("points", "--explain"))


def shown_width(line: str) -> int:
    """The cells a line takes on a terminal, counted apart from habits' own measure."""
    widths = {"W": 2, "F": 2}
    return sum(
        0 if unicodedata.combining(c) else widths.get(unicodedata.east_asian_width(c), 1)
        for c in line
    )


def invoke(root: Path, *args: str, columns: int = 80, color: str = "never") -> Result:
    result = CliRunner().invoke(
        cli,
        ["--home", str(root), "--color", color, *args],
        env={"HABITS_NOW": NOW, "COLUMNS": str(columns), "NO_COLOR": None},
    )
    assert result.exit_code == 0, result.output + result.stderr
    return result


@pytest.fixture(scope="module")
def busy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 12-week demo, with a long challenge title, long and wide names, a long venue, a
    win and overdue follow-ups with them."""
    root = tmp_path_factory.mktemp("busy") / "demo"
    CliRunner().invoke(cli, ["demo", str(root)], env={"HABITS_NOW": NOW})
    (root / "challenges" / "departments.toml").write_text(
        f'title = "{LONG_TITLE}"\nactions = ["lunch"]\ntarget = 1\nevery = "week"\npoints = 5\n',
        encoding="utf-8",
    )
    venue = "the coffee machine on the fourth floor by the window"
    for name, day in ((LONG_NAME, "2026-11-12"), (WIDE_NAME, "2026-11-13")):
        invoke(root, "log", "icebreaker", "--with", name, "--where", venue, "--at", day, "--new")
        invoke(root, "log", "lunch", "--with", name, "--with", "Sam Lee", "--at", "2026-11-16")
    invoke(root, "log", "win", "--with", LONG_NAME, "--kind", "referral", "--at", "2026-11-18")
    invoke(root, "log", "icebreaker", "--with", DUE_NAME, "--at", "2026-11-17", "--where", venue)
    return root


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("columns", WIDTHS)
def test_every_line_fits_the_terminal(busy: Path, args: tuple[str, ...], columns: int) -> None:
    lines = invoke(busy, *args, columns=columns).stdout.splitlines()
    assert len(lines) > 5
    too_wide = [line for line in lines if shown_width(line) > columns]
    assert not too_wide, "\n".join(too_wide)


def test_what_drops_first_is_what_matters_least(busy: Path) -> None:
    wide, common, narrow = (
        {args[0]: invoke(busy, *args, columns=w).stdout for args in COMMANDS} for w in WIDTHS[::-1]
    )
    # 120 columns: the long title cut, the full history grid; the long name cut in people,
    # which keeps the action of the first meeting; names whole in due.
    assert LONG_TITLE[:40] in wide["status"] and "● ● ● ● ● ● ● ●" in wide["status"]
    assert "Break the ice" in wide["people"] and "@ the coffee" not in wide["people"]
    assert LONG_NAME[:22] in wide["people"] and DUE_NAME in wide["due"]
    # 80: the title shortened with …, the grid to the last 4 periods; every challenge's
    # strength stays, with its word; people keep the day they first met, not the action.
    row = next(line for line in common["status"].splitlines() if line.startswith("Have a"))
    assert "…" in row and "● ● ● ● ●" not in row and "%" in row
    assert "Break the ice on 3 calls" in common["status"] and "strong" in common["status"]
    assert "Break the ice" not in common["people"] and "Kofi Asante" in common["people"]
    assert "touches" in common["people"] and "first met" in common["people"]
    # 60: still a row per challenge with its progress and strength; names cut with ….
    head, *rows = narrow["status"].split("\n\n")[1].splitlines()
    rows = [line for line in rows if not line.startswith("! = streak at risk")]
    assert head.startswith("challenge") and len(rows) == 13  # the pack's 12, and one more
    assert all("/" in line for line in rows) and sum("%" in line for line in rows) == 12
    assert "Maximiliana" in narrow["people"] and LONG_NAME not in narrow["people"]
    assert "Anastasia" in narrow["due"] and DUE_NAME not in narrow["due"]
    [line] = [line for line in common["due"].splitlines() if "Anastasia" in line]
    assert DUE_NAME in line and "(since" not in line and "(since" in common["due"]


def test_the_width_comes_from_columns(busy: Path) -> None:
    lines = invoke(busy, "status", columns=100).stdout.splitlines()
    assert max(map(shown_width, lines)) in range(81, 101)


def test_the_renderers_take_the_width(busy: Path) -> None:
    app = Habits(Workspace(busy, "test"), lambda: datetime.fromisoformat(NOW))
    status = app.status()
    texts: dict[str, Callable[[int], str]] = {
        "status": lambda w: "\n".join(status_lines(status.card, status.name, w)),
        "people": lambda w: people_text(app.people(), w),
        "due": lambda w: due_text(app.due(), w),
        "wins": lambda w: wins_text(app.wins(), w),
        "points": lambda w: "\n".join(points_lines(app.points(), True, w)),
    }
    for name, text in texts.items():
        for width in (50, 70, 100):
            lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in text(width).splitlines()]
            assert max(map(shown_width, lines)) <= width, (name, width)


@given(st.text(), st.integers(min_value=1, max_value=60))
def test_a_line_cut_to_a_width_fits_it_and_keeps_its_start(text: str, width: int) -> None:
    line = text.replace("\x1b", "")
    cut = fit(line, width)
    assert cells(cut) <= width
    if cells(line) <= width:
        assert cut == line
    else:
        assert cut.endswith("…") and line.startswith(cut[:-1])
    assert clip(line, width) == cut  # plain text: the same cut


def test_a_styled_line_is_cut_by_what_shows() -> None:
    import click

    line = "ab " + click.style("overdue 3 days", fg="yellow") + " follow up"
    assert fit(line, 10) == "ab \x1b[33moverdu…\x1b[0m"  # the style still ends
    assert fit(line, 80) == line


def test_urgency_and_met_in_colour(busy: Path) -> None:
    status = invoke(busy, "status", color="always").stdout
    green, yellow, bold = "\x1b[32m", "\x1b[33m", "\x1b[1m"
    assert f"{green}{bold}✔" in status  # a met period
    assert f"{yellow}{bold}!" in status  # a streak at risk
    due = invoke(busy, "due", color="always").stdout
    assert f"{yellow}{bold}overdue " in due
    assert f"{yellow}{bold}by " in invoke(busy, "people", color="always").stdout
    for args in (("status",), ("due",), ("people",)):
        plain = invoke(busy, *args, color="never").stdout
        assert "\x1b" not in plain
        coloured = invoke(busy, *args, color="always").stdout
        assert "\x1b[" in coloured
        assert fit(coloured, 10**6).replace("\x1b[0m", "") != plain  # colour on, styled
        off = CliRunner().invoke(
            cli, ["--home", str(busy), *args], env={"HABITS_NOW": NOW, "NO_COLOR": "1"}
        )
        assert off.stdout == plain  # NO_COLOR and --color never: the same bytes


@pytest.mark.parametrize(
    ("strength", "periods", "word"),
    [
        (None, 9, ""),
        (0.07, 1, "new"),
        (0.95, 2, "new"),
        (0.0, 3, "building"),
        (0.29, 9, "building"),
        (0.3, 9, "growing"),
        (0.59, 9, "growing"),
        (0.596, 9, "steady"),  # shown as 60%
        (0.6, 9, "steady"),
        (0.79, 9, "steady"),
        (0.8, 9, "strong"),
        (1.0, 9, "strong"),
    ],
)
def test_strength_reads_as_a_word(strength: float | None, periods: int, word: str) -> None:
    assert strength_word(strength, periods) == word


def test_status_shows_the_word_beside_the_strength(busy: Path) -> None:
    status = invoke(busy, "status", columns=120).stdout
    app = Habits(Workspace(busy, "test"), lambda: datetime.fromisoformat(NOW))
    for result in app.status().card.challenges:
        row = next(line for line in status.splitlines() if line.startswith(result.title[:20]))
        if result.strength is not None:
            word = strength_word(result.strength, len(result.periods))
            assert f"{result.strength:.0%} {word}" in row


def test_the_site_shows_the_word_beside_the_strength(busy: Path) -> None:
    scored = score_workspace(Workspace(busy, "test"), datetime.fromisoformat(NOW))
    pages = render(scored.site).pages
    calls = scored.site.card.challenge("calls")
    assert calls.strength is not None
    shown = f"{calls.strength:.0%} {strength_word(calls.strength, len(calls.periods))}"
    assert f'<td data-label="Strength">{shown}</td>' in pages["challenges/index.md"]
    assert f"<dd>{shown}</dd>" in pages["challenges/calls.md"]
    assert f"strength {shown}" in pages["index.md"]


def test_every_command_says_something_with_an_empty_log(home: Home) -> None:
    for args in (("status",), ("points",), ("list",), ("due",), ("people",), ("wins",)):
        out = home.run(*args).stdout
        assert "habits log" in out, args
    assert "No entries since 2026-11-01" in home.run("list", "--since", "2026-11-01").stdout
    exported = home.run("export")
    assert exported.stdout.startswith("at,action,with") and "No entries yet" in exported.stderr


def test_due_says_all_done_once_something_is_logged(home: Home) -> None:
    home.run("log", "give")
    assert home.run("due").stdout == "Nothing due. Every follow-up is done.\n"


def test_export_to_a_file_says_what_it_wrote_and_never_overwrites_unasked(
    home: Home, tmp_path: Path
) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "2026-11-19")
    home.run("log", "lunch", "--with", "Ana Ruiz")
    out = tmp_path / "out.csv"
    wrote = home.run("export", "-o", str(out))
    assert wrote.stdout == f"Wrote 2 entries to {out}\n"
    assert out.read_text(encoding="utf-8") == home.run("export").stdout
    out.write_text("mine\n", encoding="utf-8")
    refused = home.run("export", "--format", "json", "-o", str(out), ok=False)
    assert refused.exit_code == 1 and refused.stdout == ""
    assert refused.stderr.splitlines() == [
        f"error: {out} already exists; nothing was written; "
        "give --force to replace it, or another file name"
    ]
    assert out.read_text(encoding="utf-8") == "mine\n"
    home.run("export", "--format", "json", "-o", str(out), "--force")
    assert out.read_text(encoding="utf-8") == home.run("export", "--format", "json").stdout
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left
    missing = tmp_path / "no-such-folder" / "out.csv"
    assert "no folder" in home.run("export", "-o", str(missing), ok=False).stderr
    assert not missing.parent.exists()


@pytest.mark.parametrize("target", ["log/2026-11.toml", "habits.toml", "people.toml"])
def test_export_never_writes_over_the_workspace_own_files_even_with_force(
    home: Home, target: str
) -> None:
    """`export -o log/2026-11.toml --force` replaced the log with CSV: every entry of the
    month lost, and nothing for `undo` to take back."""
    home.run("log", "ice", "--with", "Sam Lee")
    home.run("people", "cadence", "Sam Lee", "30d")
    kept = home.snapshot()
    refused = home.run("export", "-o", str(home.root / target), "--force", ok=False)
    assert refused.stderr.startswith(f"error: {home.root / target} is a file habits keeps")
    assert len(refused.stderr.splitlines()) == 1
    assert home.snapshot() == kept


def test_points_explain_names_the_people_and_the_venue(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--with", "Ana Ruiz", "--where", "call")
    home.run("log", "give", "--where", "email")
    home.run("log", "lunch", "--with", LONG_NAME)
    out = invoke(home.root, "points", "--explain", columns=120).stdout
    assert "+2  Break the ice · Sam Lee, Ana Ruiz @ call  [" in out
    assert "+3  Offer value @ email  [" in out
    assert f"Lunch with someone new · {LONG_NAME}  [" in out
    narrow = invoke(home.root, "points", "--explain", columns=60).stdout
    assert "+5  Lunch with someone new · Maximiliana Fea…\n" in narrow
    assert "+2  Break the ice · Sam Lee, Ana Ruiz @ call\n" in narrow  # the venue before the id
    assert max(map(shown_width, narrow.splitlines())) <= 60
    assert home.json("points", "--explain")[0].keys() == {
        "date", "points", "reason", "entry", "challenge"
    }  # fmt: skip
