"""The leaderboard with canaries in every field a team or a member controls: shown as text.

The team's name, its goal's title, its challenges' titles and descriptions, and members'
display names hold HTML, Markdown (a `javascript:` link, an image from another host),
Markdown that works only at the start of a line, and an emoji outside the basic plane.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sites import (
    CANARY_IMG,
    CANARY_LINES,
    CANARY_MD,
    CANARY_SCRIPT,
    EMOJI,
    NOW,
    assert_inert,
    habits,
    toml_str,
)

TEAM = f"{CANARY_IMG} {CANARY_MD}"
GOAL = f"{CANARY_MD} goal"
SHOWN = {"ada": CANARY_MD, "ben": f"{CANARY_SCRIPT} Ben {EMOJI}"}


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A team whose name, goal, pack and members' display names are canaries."""
    root = tmp_path_factory.mktemp("canary-team")
    team = root / "team"
    habits("team", "init", str(team), "--season-start", "2026-10-01")
    config = team / "team.toml"
    text = re.sub(r'(?m)^name = ".*"$', lambda _: f"name = {toml_str(TEAM)}", config.read_text())
    text = text.replace("[goal]\n", f"[goal]\ntitle = {toml_str(GOAL)}\n")
    config.write_text(text, encoding="utf-8")
    calls = team / "challenges" / "calls.toml"
    text = re.sub(
        r"(?m)^title = .*$", lambda _: f"title = {toml_str(CANARY_MD)}", calls.read_text()
    )
    text = re.sub(
        r"(?m)^description = .*$", lambda _: f"description = {toml_str(CANARY_LINES)}", text
    )
    calls.write_text(text, encoding="utf-8")
    for handle, shown in SHOWN.items():
        ws = root / handle
        habits("demo", str(ws), "--weeks", "8", "--seed", str(len(shown)))
        habits(
            "--home", str(ws), "team", "join", str(team), "--as", handle, "--display-name", shown
        )
        habits("--home", str(ws), "team", "publish")
    return team


def test_team_build_shows_every_canary_as_text(team: Path, tmp_path: Path) -> None:
    out = tmp_path / "board"
    habits("team", "build", str(team), "--out", str(out))
    read = assert_inert(out, [TEAM, GOAL, CANARY_MD, *SHOWN.values()])
    index = read["index.html"]
    assert index.title == [f"{TEAM} leaderboard - {TEAM} leaderboard"]  # page, then site name
    assert index.h1 == [f"{TEAM}: leaderboard"]
    assert f"{TEAM} leaderboard" in [t.strip() for t in index.text]  # the header, as text
    assert "Leaderboard" in [link.strip() for link in index.links]  # the navigation
    assert read["search:index.html"].title == [f"{TEAM} leaderboard"]
    text = "".join(index.text)
    assert f"Team goal: {GOAL}" in text
    for shown in SHOWN.values():
        assert shown in text  # each member's row, by display name
    assert CANARY_MD in "".join(read["challenges/index.html"].text)  # the challenge's board
    for shown in SHOWN.values():  # the member index
        assert shown in "".join(read["members/index.html"].text)


def test_the_leaderboard_plugin_shows_every_canary_as_text(team: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(f"# Internal {EMOJI}\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: Internal\ndocs_dir: docs\ntheme: {{name: material, font: false}}\n"
        f"plugins:\n  - search\n  - habits-leaderboard: {{team: {team.as_posix()}}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "built"
    env = {**os.environ, "HABITS_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    read = assert_inert(out, [TEAM, GOAL, CANARY_MD, *SHOWN.values()])
    board = read["leaderboard/index.html"]
    assert board.title == [f"{TEAM} leaderboard - Internal"]
    assert board.h1 == [f"{TEAM}: leaderboard"]


def test_a_team_and_members_named_beyond_the_basic_plane_build(tmp_path: Path) -> None:
    team = tmp_path / "team"
    habits("team", "init", str(team), "--name", f"Risk {EMOJI}", "--season-start", "2026-11-02")
    ws = tmp_path / "ada"
    habits("init", str(ws), "--timezone", "UTC", "--name", f"Ada {EMOJI}")
    habits("--home", str(ws), "team", "join", str(team), "--as", "ada", "--display-name",
           f"Ada {EMOJI}")  # fmt: skip
    habits("--home", str(ws), "log", "lunch", "--with", "Sam", "--at", "12:00")
    habits("--home", str(ws), "team", "publish")
    out = tmp_path / "board"
    habits("team", "build", str(team), "--out", str(out))
    read = assert_inert(out, [f"Risk {EMOJI}", f"Ada {EMOJI}"])
    assert read["index.html"].title == [f"Risk {EMOJI} leaderboard - Risk {EMOJI} leaderboard"]
