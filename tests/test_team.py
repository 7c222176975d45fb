"""Team leaderboards: private by design, fair by construction, built from member files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from habits.cli import cli
from habits.core.boards import competition_ranks
from tests.sites import NOW

CONTACT = "Zanzibar Quokka"
NOTE = "SECRET-NOTE-7741"


def run(*args: str, ok: bool = True, now: str = NOW) -> Result:
    result = CliRunner().invoke(cli, list(args), env={"HABITS_NOW": now, "NO_COLOR": "1"})
    if ok:
        assert result.exit_code == 0, result.output + result.stderr
    return result


class World:
    """A team folder and members' workspaces, as a team would have them."""

    def __init__(self, root: Path, season_start: str = "2026-11-02") -> None:
        self.root = root
        self.team = root / "docs" / "team"
        run("team", "init", str(self.team), "--name", "Risk team", "--season-start", season_start)

    def member(self, handle: str, display_name: str = "") -> Path:
        ws = self.root / f"ws-{handle}"
        run("init", str(ws), "--timezone", "UTC", "--name", handle)
        extra = ["--display-name", display_name] if display_name else []
        run("--home", str(ws), "team", "join", str(self.team), "--as", handle, *extra)
        return ws

    def log(self, ws: Path, *args: str, now: str = NOW) -> None:
        run("--home", str(ws), "log", *args, "--new", now=now)

    def publish(self, ws: Path) -> str:
        run("--home", str(ws), "team", "publish")
        return (self.team / "members" / f"{ws.name.removeprefix('ws-')}.toml").read_text()

    def board(self, period: str = "season", now: str = NOW) -> list[dict[str, Any]]:
        result = run("team", "board", str(self.team), "--period", period, "--json", now=now)
        rows: list[dict[str, Any]] = json.loads(result.stdout)
        return rows

    def points(self, period: str = "season", now: str = NOW) -> dict[str, int]:
        return {row["handle"]: row["points"] for row in self.board(period, now)}


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


def people_field(text: str, entry_id: str) -> str:
    line = next(line for line in text.splitlines() if line.strip().startswith(f'"{entry_id} '))
    return line.strip().strip('",').split(" ")[6]


def test_member_files_hold_no_names_or_notes_and_cannot_be_linked(world: World) -> None:
    ada, ben = world.member("ada", "Ada L."), world.member("ben")
    for ws in (ada, ben):
        world.log(ws, "lunch", "--with", CONTACT, "--note", NOTE, "--at", "2026-11-18T12:30")
    texts = {ws.name: world.publish(ws) for ws in (ada, ben)}
    for text in texts.values():
        assert "Zanzibar" not in text and "Quokka" not in text and NOTE not in text
        assert "zanzibar" not in text.lower()
    ids = {
        name: re.search(r'"(\S+) 2026-11-18 ', text).group(1)  # type: ignore[union-attr]
        for name, text in texts.items()
    }
    hashes = {name: people_field(texts[name], ids[name]) for name in texts}
    assert hashes["ws-ada"] != hashes["ws-ben"]  # one contact, two members: not linkable
    assert people_field(world.publish(ada), ids["ws-ada"]) == hashes["ws-ada"]  # stable
    assert not (world.team / "members" / ".team-secret").exists()
    assert (ada / ".team-secret").exists() and ".team-secret" in (ada / ".gitignore").read_text()
    out = world.root / "site"
    run("team", "build", str(world.team), "--out", str(out))
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert CONTACT not in text and NOTE not in text, path
    assert "Ada L." in (out / "index.html").read_text()


def test_dry_run_prints_exactly_what_would_be_shared(world: World) -> None:
    ada = world.member("ada")
    world.log(ada, "icebreaker", "--with", CONTACT, "--where", "lift", "--at", "09:00")
    said = run("--home", str(ada), "team", "publish", "--dry-run").stdout
    assert not (world.team / "members" / "ada.toml").exists()
    published = world.publish(ada)
    assert said.split("\n", 1)[1] == published
    assert CONTACT not in said


def test_the_team_pack_scores_not_the_members_own(world: World) -> None:
    ada, ben = world.member("ada"), world.member("ben")
    actions = ada / "challenges" / "actions.toml"
    actions.write_text(actions.read_text().replace("points = 2\n", "points = 500\n", 1))
    for ws in (ada, ben):
        world.log(ws, "icebreaker", "--with", "Sam", "--where", "kitchen", "--at", "09:00")
        world.publish(ws)
    assert int(run("--home", str(ada), "points").stdout.split()[0]) > 500  # her own pack
    board = world.points("week")
    assert board["ada"] == board["ben"] < 50  # the team's pack: 2 an icebreaker


def test_caps_season_backdating_and_the_build_day_apply(world: World) -> None:
    """Ada logs more than Ben, but nothing more that counts: the boards come out equal."""
    ada, ben = world.member("ada"), world.member("ben")
    for ws, count in ((ada, 8), (ben, 5)):  # the default pack caps icebreakers at 5 a day
        for n in range(count):
            world.log(
                ws, "icebreaker", "--with", f"Guest {n}", "--where", "kitchen", "--at", f"1{n}:00"
            )
        fine = "2026-11-17T09:00:00+00:00"
        world.log(ws, "lunch", "--with", "Fine", "--at", "2026-11-16T12:00", now=fine)
    world.log(ada, "lunch", "--with", "Before", "--at", "2026-11-01T12:00")  # before the season
    world.log(ada, "lunch", "--with", "Late", "--at", "2026-11-05T12:00")  # logged 15 days on
    for ws in (ada, ben):
        world.publish(ws)
    text = (world.team / "members" / "ada.toml").read_text()
    assert text.count(" lunch ") == 2  # both in-season lunches are shared; the board judges them
    for period in ("week", "month", "season"):
        points = world.points(period)
        assert points["ada"] == points["ben"] > 0, period
    earlier = world.points("season", now="2026-11-16T18:00:00+00:00")
    assert earlier["ada"] == earlier["ben"] > 0  # as of the 16th: the 20th has not come
    assert earlier["ada"] < world.points("season")["ada"]


def test_damaged_member_files_are_named_and_the_rest_builds(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    ada = world.member("ada")
    world.log(ada, "lunch", "--with", "Sam", "--at", "12:00")
    good = world.publish(ada)
    members = world.team / "members"
    (members / "broken.toml").write_text("format = 1\nhandle = \n")
    (members / "other.toml").write_text(good)  # says handle = "ada"
    lines = good.splitlines()
    index = next(n for n, line in enumerate(lines) if "lunch" in line)
    lines[index] = lines[index].replace(" lunch ", " teleport ")
    (members / "cy.toml").write_text("\n".join(lines).replace('"ada"', '"cy"') + "\n")
    (members / "huge.toml").write_text(good.replace('"ada"', '"huge"'))
    monkeypatch.setattr("habits.store.members.MAX_MEMBER_BYTES", len(good) + 10)
    (members / "huge.toml").write_text(good.replace('"ada"', '"huge"') + "#" * 100 + "\n")
    out = world.root / "site"
    built = run("team", "build", str(world.team), "--out", str(out))
    stderr = built.stderr
    assert "members/broken.toml:2: bad TOML" in stderr
    assert "members/other.toml:" in stderr and "does not match the file name" in stderr
    assert f"members/cy.toml:{index + 1}: an action the team's pack does not have" in stderr
    assert "members/huge.toml" in stderr and "too large" in stderr
    page = (out / "index.html").read_text()
    assert "members/broken.toml:2" in page and "Member files with problems" in page
    assert [row["handle"] for row in world.board()] == ["ada", "cy"]
    strict = run("team", "build", str(world.team), "--out", str(out), "--strict", ok=False)
    assert strict.exit_code == 1 and "problem(s) in member files" in strict.stderr
    assert "Traceback" not in strict.output + strict.stderr


@given(st.lists(st.integers(0, 5), max_size=12))
def test_ties_share_a_rank(values: list[int]) -> None:
    ranks = competition_ranks([float(v) for v in values])
    for value, rank in zip(values, ranks, strict=True):
        assert rank == 1 + sum(1 for other in values if other > value)
    assert competition_ranks([5.0, 5.0, 3.0]) == [1, 1, 3]
    assert competition_ranks([None, 2.0]) == [None, 1]


def test_a_board_as_json_and_movement_since_last_week(world: World) -> None:
    ada, ben, cy = world.member("ada", "Ada L."), world.member("ben"), world.member("cy")
    world.log(
        ada, "lunch", "--with", "A1", "--at", "2026-11-09T12:00", now="2026-11-09T13:00:00+00:00"
    )
    world.log(ben, "icebreaker", "--with", "B1", "--where", "kitchen", "--at", "2026-11-09T12:00", now="2026-11-09T13:00:00+00:00")  # fmt: skip  # noqa: E501
    for n in range(3):
        world.log(ben, "lunch", "--with", f"B{n + 2}", "--at", f"2026-11-{17 + n}T12:00", now=f"2026-11-{17 + n}T13:00:00+00:00")  # fmt: skip  # noqa: E501
    world.log(
        cy, "lunch", "--with", "C1", "--at", "2026-11-09T12:00", now="2026-11-09T13:00:00+00:00"
    )
    for ws in (ada, ben, cy):
        world.publish(ws)
    season = world.board("season")
    assert set(season[0]) >= {
        "handle", "display_name", "rank", "points", "consistency", "new_people", "connector",
        "follow_up_rate", "ranks", "movement",
    }  # fmt: skip
    by = {row["handle"]: row for row in season}
    assert (by["ben"]["rank"], by["ada"]["rank"], by["cy"]["rank"]) == (1, 2, 2)  # a shared 2nd
    assert by["ben"]["movement"] == 2  # third a week ago (2 points against 5), first now
    assert by["ada"]["movement"] == -1 and by["ada"]["display_name"] == "Ada L."
    assert by["cy"]["display_name"] == "cy"  # no display name: the handle
    assert by["ben"]["new_people"] == 4


def docs_with_the_board(world: World) -> tuple[list[str], Path]:
    """Ada's entry published, and internal docs with docs/team inside docs_dir, as docs/team.md
    shows: the `mkdocs build --strict` command for them, and where it builds."""
    ada = world.member("ada")
    world.log(ada, "lunch", "--with", "Sam", "--at", "12:00")
    world.publish(ada)
    (world.root / "docs" / "index.md").write_text("# Internal docs\n")
    config = world.root / "mkdocs.yml"
    config.write_text(
        "site_name: Internal\ndocs_dir: docs\ntheme: {name: material, font: false}\n"
        "plugins:\n  - search\n  - habits-leaderboard: {team: docs/team}\n"
    )
    out = world.root / "built"
    return mkdocs_build(config, out), out


def mkdocs_build(config: Path, out: Path) -> list[str]:
    """The `mkdocs build --strict` command for a config, into `out`."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)]


MKDOCS_ENV = {**os.environ, "HABITS_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}


def test_the_plugin_builds_the_leaderboard_into_a_docs_site(world: World) -> None:
    command, out = docs_with_the_board(world)
    done = subprocess.run(command, env=MKDOCS_ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (out / "leaderboard" / "index.html").is_file()
    assert (out / "leaderboard" / "challenges" / "index.html").is_file()
    assert "Internal docs" in (out / "index.html").read_text()
    (world.team / "members" / "bad.toml").write_text("handle = 3\n")
    failed = subprocess.run(command, env=MKDOCS_ENV, capture_output=True, text=True)
    assert failed.returncode != 0 and "members/bad.toml" in failed.stderr


def test_render_writes_pages_for_sites_without_plugins(world: World) -> None:
    ada = world.member("ada")
    world.log(ada, "lunch", "--with", "Sam", "--at", "12:00")
    world.publish(ada)
    docs = world.root / "plain"
    said = run("team", "render", str(world.team), "--docs", str(docs)).stdout
    assert (docs / "leaderboard" / "index.md").is_file()
    assert (docs / "assets" / "habits" / "plotly.min.js").is_file()
    assert "extra_javascript:" in said


def test_the_goal_and_joining_rules(world: World) -> None:
    ada, ben = world.member("ada"), world.member("ben")
    world.log(ada, "lunch", "--with", "A1", "--at", "12:00")
    world.log(ben, "icebreaker", "--with", "B1", "--with", "B2", "--where", "lift", "--at", "09:00")
    for ws in (ada, ben):
        world.publish(ws)
    out = world.root / "site"
    run("team", "build", str(world.team), "--out", str(out))
    page = (out / "index.html").read_text()
    # No target in team.toml: 8 new people a member a month for two, rounded up to 20
    assert "Team goal: 20 new people this month" in page and "3 of 20 " in page
    assert "8 new people a member a month, for 2 members, rounded up" in page
    toml = world.team / "team.toml"
    toml.write_text(
        toml.read_text().replace("[goal]\n", '[goal]\ntitle = "Meet 200"\ntarget = 200\n')
    )
    run("team", "build", str(world.team), "--out", str(out))
    page = (out / "index.html").read_text()
    assert "Team goal: Meet 200" in page and "3 of 200 " in page  # as written
    nav = re.findall(
        r'class="md-nav__link[^"]*"[^>]*>\s*<span class="md-ellipsis">\s*([^<]+?)\s*<', page
    )
    assert nav == ["Leaderboard", "Challenge boards", "Every member"]  # not the site's name
    assert "Made with" not in page
    assert "a member a month" not in page and "reached" not in page
    toml.write_text(toml.read_text().replace("target = 200", "target = 2"))
    run("team", "build", str(world.team), "--out", str(out))
    assert "3 of 2 (this month): reached ✔." in (out / "index.html").read_text()
    bad = run("--home", str(ada), "team", "join", str(world.team), "--as", "Ada!", ok=False)
    assert "'Ada!' is not a valid handle" in bad.stderr
    lonely = world.root / "ws-lonely"
    run("init", str(lonely), "--timezone", "UTC")
    assert (
        "you have not joined a team"
        in run("--home", str(lonely), "team", "publish", ok=False).stderr
    )


def test_the_board_honours_a_dismissed_follow_up_without_naming_anyone(world: World) -> None:
    ada = world.member("ada")
    for day, action, who in (
        ("2026-11-02", "icebreaker", CONTACT),  # never followed up: a miss
        ("2026-11-16", "icebreaker", "Ben Ode"),
        ("2026-11-17", "follow-up", "Ben Ode"),  # on time
    ):
        world.log(ada, action, "--with", who, now=f"{day}T09:00:00+00:00")
    world.publish(ada)
    row = world.board()[0]
    assert row["follow_up_rate"] == 50.0  # one on time, one lapsed (missed)
    assert (row["follow_ups_on_time"], row["follow_ups_decided"]) == (1, 2)  # its sample
    run("--home", str(ada), "due", "dismiss", CONTACT, "--note", NOTE)
    text = world.publish(ada)
    shared = text.split("followups = [", 1)[1]
    assert CONTACT not in text and NOTE not in text and "dismiss" in shared
    row = world.board()[0]
    assert row["follow_up_rate"] == 100.0  # the dismissed one is not decided
    assert (row["follow_ups_on_time"], row["follow_ups_decided"]) == (1, 1)
