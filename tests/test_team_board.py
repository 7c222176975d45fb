"""The leaderboard's pages as a reader meets them: periods, names, last-published days, the goal,
ranks, and a board of a thousand members that still loads, all of it in the static HTML."""

from __future__ import annotations

import posixpath
import random
import re
import subprocess
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habits.cli.terminal_team import board_table
from habits.core.boards import Figures, default_target, nice, spans
from habits.core.model import WORKWEEK
from habits.site.leaderboard import board_json, render, weekly_figure
from habits.store.leaderboard import ChallengeRow, Leaderboard, MemberBoard
from habits.store.pack import default_pack_dir, load_pack
from habits.store.teamfolder import Team
from tests.teams import big_team, member_text
from tests.test_team import MKDOCS_ENV, World, mkdocs_build, run


class Cell(NamedTuple):
    label: str | None  # its data-label
    text: str
    title: str | None = None  # its tooltip


class Table(NamedTuple):
    board: str
    head: list[str]  # each heading's text, and its tooltip if shortened: "New (New people...)"
    rows: dict[str, list[Cell]]  # by the row's id


class Tables(HTMLParser):
    """The leaderboard tables of a page, with every link's target."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[Table] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.cell: list[str] | None = None
        self.label: str | None = None
        self.tip: str | None = None
        self.row: str | None = None
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        if tag == "table" and "habits-board" in (found.get("class") or ""):
            self.tables.append(Table(found.get("data-board") or "", [], {}))
        elif self.tables and tag == "tr" and found.get("id"):
            self.row = found["id"]
            self.tables[-1].rows[self.row or ""] = []
        elif self.tables and tag in ("td", "th"):
            self.cell, self.label, self.title = [], found.get("data-label"), ""
            self.tip = found.get("title")
        elif tag == "abbr":
            self.title = found.get("title") or ""

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.row = None
        if tag in ("td", "th") and self.cell is not None and self.tables:
            text = " ".join(" ".join(self.cell).split())
            if tag == "th":
                self.tables[-1].head.append(f"{text} ({self.title})" if self.title else text)
            elif self.row is not None:
                self.tables[-1].rows[self.row].append(Cell(self.label, text, self.tip))
            self.cell = None


def tables(path: Path) -> Tables:
    parser = Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# -- a thousand members ------------------------------------------------------------------------

AS_OF = date(2026, 11, 20)  # tests.sites.NOW


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("thousand")
    team = big_team(root, 1000, date(2026, 11, 2), AS_OF)
    run("team", "build", str(team), "--out", str(root / "site"))
    return root / "site"


def test_a_thousand_members_make_no_page_over_300_kb(thousand: Path) -> None:
    sizes = {p.relative_to(thousand).as_posix(): p.stat().st_size for p in thousand.rglob("*.html")}
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] < 300_000, f"{largest} is {sizes[largest]:,} bytes"
    assert sizes["index.html"] < 300_000


def test_a_long_board_shows_its_top_and_every_rank_on_pages_of_its_own(thousand: Path) -> None:
    index = tables(thousand / "index.html")
    assert [t.board for t in index.tables] == ["week", "month", "season"]
    for table in index.tables:
        assert len(table.rows) == 50  # the top 50, in the page itself (no JavaScript needed)
        ranks = [int(cells[0].text) for cells in table.rows.values()]
        assert ranks == sorted(ranks) and ranks[0] == 1
        pages = sorted((thousand / "all" / table.board).glob("*/index.html"))
        assert len(pages) == 4  # 250 ranks a page
        every = [row for page in pages for t in tables(page).tables for row in t.rows]
        assert len(every) == len(set(every)) == 1000  # each member once a board
        assert list(table.rows) == every[:50]  # the same order as the top
        link = f"all/{table.board}/1/index.html"
        assert link in index.links  # the top links every rank


def test_the_member_index_links_each_member_to_their_row_on_each_board(thousand: Path) -> None:
    index = thousand / "members" / "index.html"
    pages = [index, *sorted((thousand / "members").glob("*/index.html"))]
    seen = 0
    parsed: dict[Path, Tables] = {}
    for page in pages:
        links = [link for link in tables(page).links if "#" in link]
        for link in links:
            target, anchor = link.split("#")
            path = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), target)))
            if path not in parsed:
                parsed[path] = tables(path)
            assert anchor in parsed[path].ids, link  # the row is there
            seen += 1
    assert seen == 3 * 1000  # every member, on every board


def test_every_cell_is_labelled_and_headings_are_short_with_their_names(thousand: Path) -> None:
    season = tables(thousand / "index.html").tables[2]
    assert season.head == [
        "Rank",
        "Move (Move: places since last week)",
        "Member",
        "Points",
        "Consistency (Consistency: the mean strength of the challenges)",
        "New (New people: met for the first time)",
        "Intros (Connector: introductions made)",
        "On time (Follow-up rate: follow-ups closed on time, of those decided)",
    ]
    labels = ["Rank", "Move", "Member", "Points", "Consistency", "New people", "Connector",
              "Follow-up rate"]  # fmt: skip
    for cells in season.rows.values():
        assert [cell.label for cell in cells] == labels
    challenges = tables(thousand / "challenges" / "index.html")
    for table in challenges.tables:
        for cells in table.rows.values():
            assert all(cell.label for cell in cells)


def test_quiet_members_are_marked_in_words(thousand: Path) -> None:
    """big_team: every tenth member last published three weeks ago, the rest this week."""
    rows = {
        row: cells[2].text
        for t in tables(thousand / "all" / "season" / "1" / "index.html").tables
        for row, cells in t.rows.items()
    }
    for row, member in rows.items():
        quiet = int(row.split(".m")[1]) % 10 == 9
        assert ("quiet since 30 Oct" in member) == quiet, member
        assert ("published " in member) != quiet, member


# -- periods, consistency, names, published ---------------------------------------------------


MONDAY = "2026-11-23T18:00:00+00:00"


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


def test_each_board_shows_its_whole_period_and_how_far_it_is_scored(world: World) -> None:
    ada = world.member("ada")
    world.log(ada, "lunch", "--with", "Sam", "--at", "2026-11-23T12:00", now=MONDAY)
    world.publish(ada)
    out = world.root / "site"
    run("team", "build", str(world.team), "--out", str(out), now=MONDAY)
    page = (out / "index.html").read_text()
    assert "This week <small>(Mon 23 Nov – Sun 29 Nov 2026 · so far, to Mon 23 Nov)" in page
    assert "This month <small>(Mon 2 Nov – Mon 30 Nov 2026 · so far, to Mon 23 Nov)" in page
    assert "The season <small>(from Mon 2 Nov 2026 · so far, to Mon 23 Nov)" in page
    said = run("team", "board", str(world.team), now=MONDAY).stdout
    assert "week Mon 23 Nov – Sun 29 Nov 2026 · so far, to Mon 23 Nov" in said


def test_spans_cover_their_whole_period_within_the_season() -> None:
    season = (date(2026, 11, 4), date(2026, 12, 2))
    found = spans(date(2026, 11, 5), 0, season)
    assert found["week"][1:] == (date(2026, 11, 4), date(2026, 11, 5), date(2026, 11, 8))
    assert found["month"][1:] == (date(2026, 11, 4), date(2026, 11, 5), date(2026, 11, 30))
    assert found["season"][1:] == (date(2026, 11, 4), date(2026, 11, 5), date(2026, 12, 2))
    last = spans(date(2026, 12, 2), 0, season)["week"]  # the season's last, short week
    assert last[1:] == (date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 2))
    assert not last.so_far


def test_consistency_is_the_mean_strength_over_each_boards_own_days(world: World) -> None:
    """Every workday met since the season started, so strength has risen every day: the
    week's one day (a Monday) is stronger than the season's mean, the month's in between."""
    ada = world.member("ada")
    day = date(2026, 11, 2)
    while day <= date(2026, 11, 23):
        if day.weekday() < 5:
            at = f"{day}T12:00"
            world.log(
                ada, "lunch", "--with", f"P{day.day}", "--at", at, now=f"{day}T13:00:00+00:00"
            )
        day += timedelta(days=1)
    world.publish(ada)
    week, month, season = (
        world.board(period, now=MONDAY)[0]["consistency"] for period in ("week", "month", "season")
    )
    assert week > season > 0
    assert month == season  # both from the season's first day


def test_one_name_per_member_on_every_page_and_in_json(world: World) -> None:
    ada, ben = world.member("ada", "  Ada   Lovelace "), world.member("ben", "   ")
    for ws in (ada, ben):
        world.log(ws, "lunch", "--with", "Sam", "--at", "12:00")
        world.publish(ws)
    out = world.root / "site"
    run("team", "build", str(world.team), "--out", str(out))
    for page in ("index.html", "challenges/index.html", "members/index.html"):
        text = re.sub(r"\s+", " ", (out / page).read_text())
        assert "Ada Lovelace" in text and ">ben<" in text, page  # a blank name: the handle
        assert ">ada<" not in text and "Ada   Lovelace" not in text, page
    for period in ("week", "month", "season"):
        shown = {row["handle"]: row["display_name"] for row in world.board(period)}
        assert shown == {"ada": "Ada Lovelace", "ben": "ben"}
    said = run("team", "board", str(world.team)).stdout
    assert re.search(r"^1 +Ada Lovelace +\d", said, re.M) and re.search(r"^1 +ben +\d", said, re.M)


def test_each_member_shows_when_they_last_published_and_quiet_ones_are_marked(
    world: World,
) -> None:
    """As of 20 Nov: 6 Nov is 14 days before (quiet), 7 Nov 13 days (not yet)."""
    rng = random.Random(1)
    members = world.team / "members"
    for handle, day in (("ada", date(2026, 11, 6)), ("ben", date(2026, 11, 7))):
        text = member_text(handle, day, [(date(2026, 11, 5), "lunch", 1)], rng)
        (members / f"{handle}.toml").write_text(text, encoding="utf-8")
    out = world.root / "site"
    run("team", "build", str(world.team), "--out", str(out))
    rows = {
        row.split(".")[1]: next(cell.text for cell in cells if cell.label == "Member")
        for row, cells in tables(out / "index.html").tables[0].rows.items()
    }
    assert rows == {"ada": "ada quiet since 6 Nov", "ben": "ben published 7 Nov"}
    by = {row["handle"]: row for row in world.board()}
    assert (by["ada"]["published"], by["ada"]["quiet"]) == ("2026-11-06", True)
    assert (by["ben"]["published"], by["ben"]["quiet"]) == ("2026-11-07", False)
    members_page = (out / "members" / "index.html").read_text()
    assert "quiet since 6 Nov" in members_page and "published 7 Nov" in members_page


# -- the goal and the challenge boards' ranking ---------------------------------------------------


@given(st.floats(min_value=0, max_value=1e7))
def test_a_default_target_is_a_nice_number_at_least_the_figure(value: float) -> None:
    target = nice(value)
    assert target >= value and target >= 1
    digits = str(target).rstrip("0")
    assert len(digits) <= 2 and (len(digits) < 2 or digits[-1] in "05")  # 25, 60, 450
    assert target <= max(10, value * 1.5 + 1)  # never far above


def test_the_default_goal_scales_with_the_team() -> None:
    assert default_target("new_people", 30, 3) == 25  # 24 for three members
    assert default_target("new_people", 30, 1000) == 8000
    assert default_target("new_people", 7, 3) == 6
    assert default_target("new_people", 30, 0) == 8  # an empty team: as for one member


def challenge_board(rows: list[tuple[int, int]]) -> Leaderboard:
    pack, _ = load_pack(default_pack_dir(), str)
    season = (date(2026, 11, 2), None)
    team = Team(Path(), "T", season, 0, 7, ("season",), None, WORKWEEK)
    members = tuple(
        MemberBoard(
            f"m{n}", f"m{n}", {}, {}, None, {"calls": ChallengeRow(met, streak, streak, None)}, {},
            0,
        )
        for n, (met, streak) in enumerate(rows)
    )  # fmt: skip
    return Leaderboard(team, pack, AS_OF, spans(AS_OF, 0, season), members, ())


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=15))
def test_challenge_boards_rank_by_periods_met_then_the_streak(rows: list[tuple[int, int]]) -> None:
    ranked = challenge_board(rows).challenge_board("calls")
    keys = [(row.met, row.streak) for _, row, _ in ranked]
    assert keys == sorted(keys, reverse=True)
    for _, row, rank in ranked:
        better = sum(1 for met, streak in rows if (met, streak) > (row.met, row.streak))
        assert rank == better + 1  # ties share a rank: 1, 1, 3


def follow_up_board(decided: dict[str, tuple[int, int]]) -> Leaderboard:
    """A season board whose members closed (on time, of decided) follow-ups, nothing else."""
    pack, _ = load_pack(default_pack_dir(), str)
    season = (date(2026, 11, 2), None)
    team = Team(Path(), "T", season, 0, 7, ("season",), None, WORKWEEK)
    members = tuple(
        MemberBoard(
            handle, handle,
            {"season": Figures(10, 0.0, 0, 0, round(100 * good / of, 1) if of else None, good, of)},
            {"season": 1}, None, {}, {}, 0,
        )
        for handle, (good, of) in decided.items()
    )  # fmt: skip
    return Leaderboard(team, pack, AS_OF, spans(AS_OF, 0, season), members, ())


def test_a_follow_up_rate_shows_its_sample_and_too_few_are_told_and_ranked_below(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ada 4 of 5 on time, ben 1 of 1 (100%, from one: too few to tell), cy none decided."""
    board = follow_up_board({"ada": (4, 5), "ben": (1, 1), "cy": (0, 0), "dan": (9, 12)})
    pages, _ = render(board)
    (tmp_path / "index.html").write_text(pages["index.md"], encoding="utf-8")
    season = tables(tmp_path / "index.html").tables[0]
    on_time = {row.split(".")[1]: cells[-1] for row, cells in season.rows.items()}
    assert on_time["ada"] == Cell("Follow-up rate", "4 of 5 (80%)", "rank 1")
    assert on_time["dan"] == Cell("Follow-up rate", "9 of 12 (75%)", "rank 2")
    assert on_time["ben"].text == "1 of 1"  # no "100%" from one follow-up...
    assert on_time["ben"].title == "too few to tell: under 5 follow-ups decided"
    assert on_time["cy"].text == "–"
    assert "the counts alone under 5 decided: too few to tell" in pages["index.md"]
    rows = {row["handle"]: row for row in board_json(board, "season")}
    assert rows["ben"]["ranks"]["follow_up_rate"] == 3  # ...nor a first place from it
    assert (rows["ada"]["follow_up_rate"], rows["ben"]["follow_up_rate"]) == (80.0, 100.0)
    assert (rows["ada"]["follow_ups_on_time"], rows["ada"]["follow_ups_decided"]) == (4, 5)
    assert set(rows["ada"]["ranks"]) == {
        "points", "consistency", "new_people", "connector", "follow_up_rate",
    }  # fmt: skip
    board_table(board, "season")
    said = {line.split()[1]: line for line in capsys.readouterr().out.splitlines()[2:]}
    assert said["ada"].endswith("4 of 5 (80%)") and said["ben"].endswith("1 of 1")


def test_the_teams_weekly_chart_has_a_bar_each_week_on_its_first_day_and_round_ticks() -> None:
    """A team whose weeks start on Sunday, its season on a Wednesday; nobody logged in the
    season's third week nor in the week of the board's day: those weeks are zeros, and the
    bars, like the ticks, stand on Sundays."""
    pack, _ = load_pack(default_pack_dir(), str)
    season = (date(2026, 10, 7), None)
    team = Team(Path(), "T", season, 6, 7, ("season",), None, WORKWEEK)
    sundays = [date(2026, 10, 4) + timedelta(weeks=n) for n in range(7)]  # to AS_OF's, 15 Nov
    logged = {"ada": [3, 5, 0, 2, 9, 4, 0], "ben": [0, 1, 0, 7, 0, 26, 0]}
    members = tuple(
        MemberBoard(handle, handle, {}, {}, None, {},
                    {week: n for week, n in zip(sundays, counts, strict=True) if n}, 0)
        for handle, counts in logged.items()
    )  # fmt: skip
    board = Leaderboard(team, pack, AS_OF, spans(AS_OF, 6, season), members, ())
    figure = weekly_figure(board)
    bars, line = figure["data"]
    assert bars["x"] == line["x"] == [week.isoformat() for week in sundays]
    assert bars["y"] == [3, 6, 0, 9, 9, 30, 0]
    assert line["y"] == [1, 2, 0, 2, 1, 2, 0]
    layout = figure["layout"]
    x = layout["xaxis"]
    assert date.fromisoformat(x["tick0"]).weekday() == 6 and x["dtick"] % (7 * 86_400_000) == 0
    assert x["tickformat"] == "%-d %b" and x["title"]["text"] == "week starting (2026)"
    for key, top in (("yaxis", 30), ("yaxis2", 2)):
        axis = layout[key]
        assert axis["title"]["text"] and axis["tickformat"] == ",d" and axis["tick0"] == 0
        assert axis["dtick"] in (1, 2, 5, 10) and top <= axis["range"][1] <= top + axis["dtick"]


def test_a_challenge_board_page_says_and_does_met_then_streak(world: World) -> None:
    ada, ben = world.member("ada"), world.member("ben")
    # the same days met (three), ben's in a row: his streak is 3, hers 2
    days = {"ada": ["2026-11-02", "2026-11-19", "2026-11-20"],
            "ben": ["2026-11-18", "2026-11-19", "2026-11-20"]}  # fmt: skip
    for ws, handle in ((ada, "ada"), (ben, "ben")):
        for n, day in enumerate(days[handle]):
            world.log(ws, "lunch", "--with", f"P{n}", "--at", f"{day}T12:00",
                      now=f"{day}T13:00:00+00:00")  # fmt: skip
        world.publish(ws)
    out = world.root / "site"
    run("team", "build", str(world.team), "--out", str(out))
    page = tables(out / "challenges" / "index.html")
    spark = next(t for t in page.tables if t.board == "c-daily-spark")
    assert [(row, cells[0].text) for row, cells in spark.rows.items()] == [
        ("c-daily-spark.ben", "1"),
        ("c-daily-spark.ada", "2"),
    ]


def test_a_period_the_season_starts_in_counts_as_met_like_the_streak_it_makes(
    tmp_path: Path,
) -> None:
    """A season from Wednesday 4 Nov: a lunch that Thursday meets the week of Monday 2 Nov,
    which the season starts in. Periods met counts it, as the streak does (1 and 1, never a
    streak longer than the periods met in a season that holds all of it)."""
    world = World(tmp_path, season_start="2026-11-04")
    ada = world.member("ada")
    for day in ("2026-11-05", "2026-11-12"):
        world.log(ada, "lunch", "--with", f"P{day}", "--at", f"{day}T12:00",
                  now=f"{day}T13:00:00+00:00")  # fmt: skip
    world.publish(ada)
    out = world.root / "site"
    run("team", "build", str(world.team), "--out", str(out))
    lunch = next(
        t for t in tables(out / "challenges" / "index.html").tables if t.board == "c-lunch"
    )
    met, streak = (cell.text for cell in lunch.rows["c-lunch.ada"][2:4])
    assert (met, streak) == ("2", "2")


def test_the_plugin_lists_only_the_leaderboards_own_pages_in_the_navigation(
    tmp_path: Path,
) -> None:
    """The pages of every rank are linked from the boards, not listed on every page."""
    team = big_team(tmp_path, 60, date(2026, 11, 2), AS_OF)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Internal\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Internal\ndocs_dir: docs\ntheme: {name: material, font: false}\n"
        f"plugins:\n  - search\n  - habits-leaderboard: {{team: {team.as_posix()}}}\n"
    )
    out = tmp_path / "built"
    done = subprocess.run(mkdocs_build(config, out), env=MKDOCS_ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    board = out / "leaderboard"
    assert (board / "all" / "season" / "1" / "index.html").is_file()
    nav = tables(board / "index.html").links
    assert [link for link in nav if "all/season/1/" in link] == ["all/season/1/index.html"]
    assert not [link for link in tables(out / "index.html").links if "/all/" in link]
