"""What a member file shares: only what the board scores, in the order it was written."""

from __future__ import annotations

import random
import re
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habits.core.boards import spans
from habits.store.leaderboard import score_member
from habits.store.pack import default_pack_dir, load_pack
from habits.store.teamfolder import Team
from tests.test_team import World, run


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


def entry_lines(text: str) -> list[list[str]]:
    return [line.strip().strip('",').split(" ") for line in text.splitlines() if line[:3] == '  "']


def write_log(ws: Path, month: str, blocks: str) -> None:
    (ws / "log" / f"{month}.toml").write_text(blocks.lstrip(), encoding="utf-8")


def member_text(handle: str, *entries: str, head: str = "format = 2") -> str:
    lines = [f'  "{e}",' for e in entries]
    return "\n".join(
        [head, f'handle = "{handle}"', "published = 2026-11-20", "entries = [", *lines, "]", ""]
    )


TAG_CHALLENGE = """\
title = "Talk about the deal"
actions = ["icebreaker"]
tags = ["deal"]
target = 1
every = "week"
points = 4
"""


def test_only_venues_and_tags_the_teams_challenges_filter_on_are_shared(world: World) -> None:
    (world.team / "challenges" / "deal.toml").write_text(TAG_CHALLENGE)
    ada = world.member("ada")
    world.log(ada, "icebreaker", "--with", "Sam", "--where", "johnsmith-acme-office",
              "--tag", "acme-merger", "--at", "09:00")  # fmt: skip
    world.log(ada, "icebreaker", "--with", "Kim", "--where", "Kitchen", "--tag", "Deal",
              "--tag", "secret-project", "--at", "10:00")  # fmt: skip
    said = run("--home", str(ada), "team", "publish", "--dry-run").stdout
    assert "venues and tags only where a team challenge filters on them" in said
    text = world.publish(ada)
    for private in ("johnsmith", "acme", "merger", "secret-project"):
        assert private not in text.lower()
    (first, second) = entry_lines(text)
    assert first[4:6] == ["-", "-"]
    assert second[4:6] == ["kitchen", "deal"]
    # Scored with the full entries, the team's pack gives the same points as the board.
    for old in (ada / "challenges").glob("*.toml"):
        old.unlink()
    for source in (world.team / "challenges").glob("*.toml"):
        (ada / "challenges" / source.name).write_text(source.read_text())
    own = int(run("--home", str(ada), "points").stdout.split()[0])
    assert world.points("season")["ada"] == own > 4


def test_times_are_shared_as_dates_and_same_day_entries_keep_their_written_order(
    world: World,
) -> None:
    """A date-only import of an icebreaker then a follow-up: ids would put them backwards."""
    ada = world.member("ada")
    write_log(ada, "2026-11", """
[[entry]]
id = "zz-first"
at = 2026-11-18T00:00:00+00:00
logged = 2026-11-18T09:00:00+00:00
action = "icebreaker"
with = ["Sam"]

[[entry]]
id = "aa-second"
at = 2026-11-18T00:00:00+00:00
logged = 2026-11-18T09:00:00+00:00
action = "follow-up"
with = ["Sam"]
""")  # fmt: skip
    text = world.publish(ada)
    assert [e[1:4] for e in entry_lines(text)] == [
        ["2026-11-18", "2026-11-18", "icebreaker"],
        ["2026-11-18", "2026-11-18", "follow-up"],
    ]
    assert not re.search(r"T\d\d:\d\d", text.split("entries", 1)[1])  # no clock time
    assert "timezone" not in text
    row = next(r for r in world.board("season") if r["handle"] == "ada")
    assert row["follow_up_rate"] == 100.0  # the follow-up closed the icebreaker's


def test_the_board_keeps_a_files_line_order_within_a_day(world: World) -> None:
    members = world.team / "members"
    ice, fu = "icebreaker - - 00000000000000aa", "follow-up - - 00000000000000aa"
    (members / "ada.toml").write_text(
        member_text("ada", f"z1 2026-11-18 2026-11-18 {ice}", f"a2 2026-11-18 2026-11-18 {fu}")
    )
    (members / "ben.toml").write_text(  # the other way round: nothing to close
        member_text("ben", f"a1 2026-11-18 2026-11-18 {fu}", f"z2 2026-11-18 2026-11-18 {ice}")
    )
    rows = {r["handle"]: r for r in world.board("season")}
    assert rows["ada"]["follow_up_rate"] == 100.0
    assert rows["ben"]["follow_up_rate"] == 0.0


def test_the_backdating_window_counts_days_and_todays_files_still_read(world: World) -> None:
    """backdating_days = 7: recorded 7 days on counts, 8 days on does not."""
    members = world.team / "members"
    (members / "ada.toml").write_text(
        member_text(
            "ada",
            "e1 2026-11-05 2026-11-12 lunch - - 00000000000000aa",
            "e2 2026-11-06 2026-11-14 lunch - - 00000000000000bb",
        )
    )
    old = member_text(  # as today's version writes it: times with offsets, a time zone
        "old",
        "e1 2026-11-05T23:30+00:00 2026-11-12T00:30:00+00:00 lunch - - 00000000000000aa",
        "e2 2026-11-06T12:00+00:00 2026-11-14T12:00:00+00:00 lunch - - 00000000000000bb",
        head='format = 1\ntimezone = "Europe/Paris"',
    ).replace("2026-11-20", "2026-11-20T18:00:00+00:00")
    (members / "old.toml").write_text(old)
    built = run("team", "board", str(world.team), "--period", "season", "--json")
    assert "warning" not in built.stderr
    points = world.points("season")
    assert points["ada"] == points["old"] > 0
    lunch_only = member_text("one", "e1 2026-11-05 2026-11-12 lunch - - 00000000000000aa")
    (members / "one.toml").write_text(lunch_only)
    assert world.points("season")["one"] == points["ada"]  # e2 was 8 days late: no points


def test_imported_ids_are_published_as_keyed_hashes(world: World) -> None:
    ada, ben = world.member("ada"), world.member("ben")
    for ws in (ada, ben):
        write_log(ws, "2026-11", """
[[entry]]
id = "lunch-with-priya-secretname"
at = 2026-11-18T12:00:00+00:00
logged = 2026-11-18T13:00:00+00:00
action = "lunch"
with = ["Priya"]
""")  # fmt: skip
    texts = [world.publish(ws) for ws in (ada, ben)]
    assert all("priya" not in t.lower() and "secretname" not in t for t in texts)
    ids = [entry_lines(t)[0][0] for t in texts]
    assert all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids)
    assert ids[0] != ids[1]  # keyed: one id, two members, two hashes
    assert entry_lines(world.publish(ada))[0][0] == ids[0]  # stable: small git diffs


def test_a_handle_is_owned_by_the_secret_that_published_it(world: World) -> None:
    nina = world.member("nina", "Nina")
    world.log(nina, "lunch", "--with", "Sam", "--at", "12:00")
    published = world.publish(nina)
    mark = re.search(r'^owner = "([0-9a-f]{32})"$', published, re.M)
    assert mark is not None
    assert (nina / ".team-secret").read_text().strip() not in published

    mallory = world.root / "ws-mallory"
    run("init", str(mallory), "--timezone", "UTC")
    taken = run("--home", str(mallory), "team", "join", str(world.team), "--as", "nina", ok=False)
    assert taken.exit_code == 1 and "Traceback" not in taken.output
    assert len(taken.stderr.strip().splitlines()) == 1
    assert "members/nina.toml belongs to another member" in taken.stderr
    assert "--as ANOTHER" in taken.stderr
    # Joined under another handle, then teams.toml edited by hand: publish refuses too.
    run("--home", str(mallory), "team", "join", str(world.team), "--as", "mal")
    teams = mallory / "teams.toml"
    teams.write_text(teams.read_text().replace('"mal"', '"nina"'))
    refused = run("--home", str(mallory), "team", "publish", ok=False)
    assert refused.exit_code == 1 and "belongs to another member" in refused.stderr
    assert (world.team / "members" / "nina.toml").read_text() == published
    assert world.publish(nina).count("Nina") == 1  # the owner publishes as before


def test_a_file_without_an_owner_mark_is_claimed_by_publishing(world: World) -> None:
    members = world.team / "members"
    old = member_text("old", "e1 2026-11-18T12:00+00:00 2026-11-18T13:00:00+00:00 lunch - - aa")
    (members / "old.toml").write_text(old.replace("2026-11-20", "2026-11-20T18:00:00+00:00"))
    ws = world.member("old")
    text = world.publish(ws)
    assert re.search(r'^owner = "[0-9a-f]{32}"$', text, re.M)
    assert "format = 2" in text


PACK = load_pack(default_pack_dir(), str)[0]
ACTIONS = ("icebreaker", "lunch", "follow-up", "introduction", "give", "card")


@given(
    st.lists(
        st.tuples(st.integers(0, 9), st.sampled_from(ACTIONS), st.sets(st.integers(0, 4))),
        max_size=30,
    ),
    st.randoms(use_true_random=False),
)
def test_ids_decide_nothing_on_the_board(
    rows: list[tuple[int, str, set[int]]], rnd: random.Random
) -> None:
    """Re-drawing every id of a member file changes no figure of the board."""
    team = Team(Path(), "T", (date(2026, 11, 2), None), 0, 7, ("season",), None)
    as_of = date(2026, 11, 20)
    periods = spans(as_of, 0, team.season)
    lines = sorted(
        ((date(2026, 11, 9) + timedelta(days=day), action, people) for day, action, people in rows),
        key=lambda line: line[0],
    )  # stable: a day's entries in the order drawn
    boards = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ada.toml"
        for _ in range(2):
            ids = rnd.sample(range(10**6), len(lines))
            entries = [
                f"{i:016x} {day} {day} {action} - - "
                + (",".join(f"{p:016x}" for p in sorted(people)) or "-")
                for i, (day, action, people) in zip(ids, lines, strict=True)
            ]
            path.write_text(member_text("ada", *entries))
            found, problems = score_member(path, team, PACK, as_of, periods)
            assert problems == []
            boards.append(found)
    assert boards[0] == boards[1]
