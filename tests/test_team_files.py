"""The team folder on disk: what a build publishes, and member files that are not what they seem."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sites import NOW
from tests.test_team import MKDOCS_ENV, World, docs_with_the_board, run


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


def member_text(handle: str, *entries: str) -> str:
    lines = [f'  "{e}",' for e in entries]
    head = ["format = 2", f'handle = "{handle}"', "published = 2026-11-20", "entries = ["]
    return "\n".join([*head, *lines, "]", ""])


def format_1(handle: str, *entries: str) -> str:
    """A member file as the first format wrote it: times with offsets, a time zone."""
    lines = [f'  "{e}",' for e in entries]
    head = ["format = 1", f'handle = "{handle}"', 'timezone = "UTC"',
            "published = 2026-11-20T18:00:00+00:00", "entries = ["]  # fmt: skip
    return "\n".join([*head, *lines, "]", ""])


def built_text(out: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file()
    )


def habits_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real program in a process of its own: a hang fails the test instead of stalling it."""
    env = {**os.environ, "HABITS_NOW": NOW, "NO_COLOR": "1"}
    command = [sys.executable, "-m", "habits", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)


def test_a_docs_build_publishes_no_file_of_the_team_folder(world: World) -> None:
    """docs/team inside docs_dir, as docs/team.md shows it: only the pages leave."""
    command, out = docs_with_the_board(world)
    done = subprocess.run(command, env=MKDOCS_ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (out / "leaderboard" / "index.html").is_file()
    published = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert not [p for p in published if p.startswith("team/") or p.endswith(".toml")]
    assert not [p for p in published if p.endswith(("member.json", "team.json"))]
    owner = (world.team / "members" / "ada.toml").read_text().split("owner = ")[1][:34]
    assert owner not in built_text(out)
    site = world.root / "site"
    run("team", "build", str(world.team), "--out", str(site))
    assert not [p for p in site.rglob("*") if p.suffix == ".toml" or p.name == "member.json"]
    assert owner not in built_text(site)


def test_render_into_the_docs_holding_the_team_says_how_to_exclude_it(world: World) -> None:
    said = run("team", "render", str(world.team), "--docs", str(world.root / "docs")).stdout
    assert "exclude_docs: |\n  /team/\n" in said


def test_publish_never_writes_through_a_symlinked_members_folder(world: World) -> None:
    ada = world.member("ada")
    world.log(ada, "lunch", "--with", "Sam", "--at", "12:00")
    outside = world.root / "outside"
    outside.mkdir()
    (world.team / "members").rmdir()
    (world.team / "members").symlink_to(outside)
    refused = run("--home", str(ada), "team", "publish", ok=False)
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "members is a symlink" in refused.stderr
    assert list(outside.iterdir()) == []
    board = run("team", "board", str(world.team), "--json")
    assert "members: a symlink, not read" in board.stderr
    (world.team / "members").unlink()
    (world.team / "members").mkdir()
    target = outside / "notes.toml"
    target.write_text("kept = true\n")
    (world.team / "members" / "ada.toml").symlink_to(target)
    refused = run("--home", str(ada), "team", "publish", ok=False)
    assert refused.exit_code == 1 and "is not a plain member file" in refused.stderr
    assert target.read_text() == "kept = true\n"


def test_a_member_file_symlinked_elsewhere_is_not_read_nor_echoed(world: World) -> None:
    ada = world.member("ada")
    world.log(ada, "lunch", "--with", "Sam", "--at", "12:00")
    world.publish(ada)
    secrets = world.root / "secrets.toml"
    secrets.write_text('api_token_for_prod = "hunter2-7731"\n')
    members = world.team / "members"
    (members / "evil.toml").symlink_to(secrets)
    # A regular file with foreign keys and values: named by line, its content never shown.
    (members / "nosy.toml").write_text(
        'format = 2\nhandle = "nosy"\npublished = 2026-11-20\n'
        'db_password_for_prod = "swordfish-42"\nentries = ["x 2026-11-18 2026-11-18 '
        'teleport-to-canary-land - - aa"]\n'
    )
    (members / "toml.toml").write_text('format = 2\nhandle = "x" "token-canary-9"\n')
    out = world.root / "site"
    built = run("team", "build", str(world.team), "--out", str(out))
    said = built.stdout + built.stderr
    assert "members/evil.toml: a symlink, not read" in said
    assert "members/nosy.toml:4:" in said and "members/toml.toml:2: bad TOML" in said
    text = built_text(out)
    assert "members/evil.toml" in text and "members/nosy.toml:4" in text
    for canary in ("api_token", "hunter2", "db_password", "swordfish", "teleport", "token-canary"):
        assert canary not in said and canary not in text, canary
    assert [row["handle"] for row in world.board()] == ["ada"]


@pytest.mark.parametrize("name", ["team.toml", "challenges/extra.toml", "challenges"])
def test_a_team_file_linking_out_of_the_team_folder_is_never_read(world: World, name: str) -> None:
    ada = world.member("ada")
    outside = world.root / "elsewhere"
    outside.mkdir()
    secrets = outside / "secrets.toml"
    secrets.write_text('api_token_for_prod = "hunter2-7731"\ntitle = "t"\nactions = ["lunch"]\n')
    path = world.team / name
    if name == "challenges":
        path.rename(outside / "pack")
        (outside / "pack" / "secrets.toml").write_text(secrets.read_text())
        path.symlink_to(outside / "pack")
    else:
        if path.exists():
            path.rename(outside / path.name)
            secrets.write_text((outside / path.name).read_text() + secrets.read_text())
        path.symlink_to(secrets)
    for args in (("team", "board", str(world.team)), ("--home", str(ada), "team", "publish")):
        refused = run(*args, ok=False)
        assert refused.exit_code == 1
        assert refused.stderr == (
            f"error: {path} links out of the team folder; habits reads only files inside it; "
            "put the file itself in the team folder\n"
        )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_only_regular_member_files_are_read(world: World) -> None:
    members = world.team / "members"
    (members / "ada.toml").write_text(member_text("ada", "e1 2026-11-18 2026-11-18 lunch - - aa"))
    (members / "zero.toml").symlink_to("/dev/zero")
    os.mkfifo(members / "fifo.toml")
    (members / "folder.toml").mkdir()
    done = habits_cli("team", "board", str(world.team), "--json")
    assert done.returncode == 0, done.stderr
    assert '"handle": "ada"' in done.stdout
    assert "members/zero.toml: a symlink, not read" in done.stderr
    assert "members/fifo.toml: not a regular file" in done.stderr
    assert "members/folder.toml: not a regular file" in done.stderr


def test_a_date_out_of_range_skips_only_its_entry(world: World) -> None:
    members = world.team / "members"
    good = "e1 2026-11-18T12:00+00:00 2026-11-18T13:00:00+00:00 lunch - - aa"
    (members / "ada.toml").write_text(
        format_1("ada", good, "e2 9999-12-31T23:00-05:00 9999-12-31T23:00:00-05:00 lunch - - bb")
    )
    (members / "ben.toml").write_text(
        format_1(
            "ben",
            good,
            "e2 2026-11-19T12:00+00:00 9999-12-31T12:00:00+00:00 lunch - - bb",
            "e3 0001-01-01T00:00+00:00 2026-11-19T12:00:00+00:00 lunch - - cc",
        )
    )
    out = world.root / "site"
    built = habits_cli("team", "build", str(world.team), "--out", str(out))
    assert built.returncode == 0, built.stderr
    assert "members/ada.toml:7: a date outside the years 1900..2999" in built.stderr
    assert "members/ben.toml:7: a date outside" in built.stderr
    assert "members/ben.toml:8: a date outside" in built.stderr
    points = world.points("season")
    assert points["ada"] == points["ben"] > 0


def test_a_bad_published_day_or_percent_escape_is_reported_without_its_content(
    world: World,
) -> None:
    members = world.team / "members"
    good = "e1 2026-11-18 2026-11-18 lunch - - aa"
    (members / "ada.toml").write_text(
        member_text("ada", good).replace("published = 2026-11-20", "published = 9999-12-31")
    )
    (members / "ben.toml").write_text(
        member_text(
            "ben",
            good,
            "e2 2026-11-18 2026-11-18 lunch %ZZsecret-venue - bb",
            "e3 2026-11-18 2026-11-18 lunch - deal,%FF%FEsecret-tag cc",
            "e4 2026-11-18 2026-11-18 lunch - - dd%4",
        )
    )
    board = habits_cli("team", "board", str(world.team), "--json")
    assert board.returncode == 0, board.stderr
    assert "members/ada.toml:3: published: a date outside the years 1900..2999" in board.stderr
    for line in (6, 7, 8):
        assert f"members/ben.toml:{line}: a broken percent-escape" in board.stderr
    assert "secret" not in board.stderr and "%FF" not in board.stderr
    points = world.points("season")
    assert points["ada"] == points["ben"] > 0  # each keeps its good entry, and only it


def test_a_board_before_the_season_is_refused_and_after_it_is_labelled(tmp_path: Path) -> None:
    world = World(tmp_path)
    text = (world.team / "team.toml").read_text()
    (world.team / "team.toml").write_text(
        text.replace(
            "season_start = 2026-11-02", "season_start = 2026-11-02\nseason_end = 2026-11-30"
        )
    )
    (world.team / "members" / "ada.toml").write_text(
        member_text("ada", "e1 2026-11-18 2026-11-18 lunch - - aa")
    )
    early = run("team", "board", str(world.team), "--as-of", "2026-10-01", ok=False)
    assert early.exit_code == 1 and "Traceback" not in early.output
    assert len(early.stderr.strip().splitlines()) == 1
    assert "2026-10-01 is before the season starts (2026-11-02)" in early.stderr
    late = run("team", "board", str(world.team), "--as-of", "2027-03-10").stdout
    assert "week Mon 30 Nov 2026 (the season ended on 2026-11-30)" in late  # its last week
    month = run("team", "board", str(world.team), "--as-of", "2027-03-10", "--period", "month")
    assert "month Mon 2 Nov – Mon 30 Nov 2026 (the season" in month.stdout  # from its start
    assert (
        "(the season ended on 2026-11-30)"
        in run("team", "board", str(world.team), "--as-of", "2999-12-31").stdout
    )
    open_season = World(tmp_path / "open")
    far = run("team", "board", str(open_season.team), "--as-of", "9999-12-31", ok=False)
    assert far.exit_code == 1 and "Traceback" not in far.output
    assert "9999-12-31 is outside the years 1900..2999" in far.stderr


def test_a_season_outside_the_years_1900_2999_is_refused(tmp_path: Path) -> None:
    far = run("team", "init", str(tmp_path / "far"), "--season-start", "9999-12-01", ok=False)
    assert far.exit_code == 1 and "9999-12-01 is outside the years 1900..2999" in far.stderr
    world = World(tmp_path / "edited")
    toml = world.team / "team.toml"
    toml.write_text(toml.read_text().replace("2026-11-02", "9999-12-01"))
    board = run("team", "board", str(world.team), "--as-of", "9999-12-20", ok=False)
    assert board.exit_code == 1 and "Traceback" not in board.output
    assert "team.toml:3: season_start = 9999-12-01 is outside the years 1900..2999" in board.stderr


# (what team.toml says instead, the line and message `team board` must give)
TEAM_EDITS = [
    ("season_end = 2026-10-01", "team.toml:9: season_end = 2026-10-01 is before season_start"),
    ('figure = "people"', 'team.toml:12: goal.figure = "people" is not one of'),
    ("target = 2.5", "team.toml:15: goal.target = 2.5 is not a whole number"),
    ('colour = "red"', "team.toml:15: unknown key 'goal.colour'; known keys: figure, period,"),
    ('boards = ["week", "year"]', 'boards = ["week"]'),
    ('workdays = ["monday", "funday"]', 'team.toml:5: workdays.1 = "funday" is not one of'),
    ("workdays = []", "team.toml:5: workdays = [] is empty; give at least one"),
]


@pytest.mark.parametrize(("edit", "said"), TEAM_EDITS)
def test_a_bad_team_toml_is_named_by_line_with_its_value_and_a_fix(
    world: World, edit: str, said: str
) -> None:
    toml = world.team / "team.toml"
    lines = toml.read_text().splitlines()
    key = edit.split(" = ")[0]
    at = next((n for n, line in enumerate(lines) if line.startswith(f"{key} =")), None)
    if at is None:
        lines.insert(8 if key == "season_end" else len(lines), edit)
    else:
        lines[at] = edit
    toml.write_text("\n".join(lines) + "\n")
    board = run("team", "board", str(world.team), ok=False)
    assert board.exit_code == 1 and "Traceback" not in board.output
    assert len(board.stderr.strip().splitlines()) == 1
    assert said in board.stderr, board.stderr


@pytest.mark.parametrize(
    ("block", "said"),
    [
        ('folder = "x"\nhandle = "Bad Handle"', 'teams.toml:10: team.1.handle = "Bad Handle"'),
        (
            'folder = "x"\nhandle = "bo"\ncolour = 1',
            "teams.toml:11: unknown key 'team.1.colour'; known keys: display_name, folder, handle",
        ),
        ('handle = "bo"', "teams.toml:8: missing key 'team.1.folder'"),
    ],
)
def test_a_bad_teams_toml_is_named_by_line(world: World, block: str, said: str) -> None:
    ada = world.member("ada")
    teams = ada / "teams.toml"
    teams.write_text(teams.read_text() + "\n[[team]]\n" + block + "\n")
    published = run("--home", str(ada), "team", "publish", ok=False)
    assert published.exit_code == 1 and "Traceback" not in published.output
    assert said in published.stderr, (teams.read_text(), published.stderr)


@pytest.mark.parametrize("inside", ["my team [a]", "", "t*"], ids=["brackets", "is-docs", "star"])
def test_the_exclude_lines_render_prints_keep_every_team_file_out(
    tmp_path: Path, inside: str
) -> None:
    """Built with the lines `team render` says to add, wherever the team folder sits in the
    docs (a name with [ ] or *, or the docs folder itself), no file of it is published."""
    docs = tmp_path / "docs"
    team = docs / inside if inside else docs
    run("team", "init", str(team), "--season-start", "2026-11-02")
    (team / "members" / "ada.toml").write_text(
        member_text("ada", "e1 2026-11-18 2026-11-18 lunch - - aa")
    )
    (docs / "index.md").write_text("# Internal docs\n")
    said = run("team", "render", str(team), "--docs", str(docs)).stdout
    snippet = said.split("mkdocs.yml:\n", 1)[1]
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: Internal\ndocs_dir: docs\n{snippet}")
    out = tmp_path / "built"
    env = {**os.environ, "HABITS_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(out)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (out / "leaderboard" / "index.html").is_file() and (out / "index.html").is_file()
    published = [p.name for p in out.rglob("*") if p.is_file()]
    assert not [p for p in published if p.endswith(".toml") or p in ("member.json", "team.json")]


def test_many_member_problems_point_at_the_board_not_at_habits_check(world: World) -> None:
    """`habits check` reads a workspace, not a team folder: the hint must name what helps."""
    for n in range(7):
        (world.team / "members" / f"m{n}.toml").write_text("not toml", encoding="utf-8")
    board = run("team", "board", str(world.team))
    assert "2 more problems; the leaderboard's page lists them all" in board.stderr
    assert "habits check" not in board.stderr


def test_a_docs_folder_inside_the_team_folder_fails_the_build_in_one_line(world: World) -> None:
    """The team folder's files are never published: with docs_dir inside it, every page of the
    docs would vanish without a word; the build stops and says how to lay it out."""
    (world.team / "index.md").write_text("# Our docs\n")
    config = world.root / "mkdocs.yml"
    config.write_text(
        "site_name: Internal\ndocs_dir: docs/team\ntheme: {name: material, font: false}\n"
        "plugins:\n  - habits-leaderboard: {team: docs/team}\n"
    )
    env = {**os.environ, "HABITS_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(world.root / "out")]  # fmt: skip  # noqa: E501
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    assert done.returncode != 0
    assert "is inside the team folder" in done.stderr and "Traceback" not in done.stderr
    assert not (world.root / "out" / "index.html").exists()
