"""Generated teams for the leaderboard tests: member files written directly, as publishing would.

A thousand members through `habits team publish` would take minutes; these files hold what
publishing writes (hashed ids and people, days only) and take a second.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from habits.store.team import MEMBER_HEADER
from habits.store.tomlvalue import toml_value
from tests.sites import habits

ACTIONS = ("icebreaker", "lunch", "follow-up", "introduction", "give", "online", "card")


def member_text(
    handle: str,
    published: date,
    entries: list[tuple[date, str, int]],
    rng: random.Random,
    display_name: str = "",
) -> str:
    """A member file: one entry per (day, action, people met), ids and people random hashes."""
    lines = []
    for day, action, people in entries:
        met = ",".join(f"{rng.getrandbits(64):016x}" for _ in range(people)) or "-"
        lines.append(f'  "{rng.getrandbits(64):016x} {day} {day} {action} - - {met}",')
    head = [
        "format = 2",
        f"handle = {toml_value(handle)}",
        *([f"display_name = {toml_value(display_name)}"] if display_name else []),
        f'owner = "{rng.getrandbits(128):032x}"',
        f"published = {published.isoformat()}",
        "entries = [",
    ]
    return MEMBER_HEADER + "\n".join([*head, *lines, "]"]) + "\n"


def big_team(root: Path, members: int, start: date, as_of: date, seed: int = 7) -> Path:
    """A team of `members` whose season runs from `start` (see more_members)."""
    team = root / "team"
    habits("team", "init", str(team), "--name", "Big team", "--season-start", start.isoformat())
    more_members(team, members, start, as_of, seed)
    return team


def more_members(team: Path, members: int, start: date, as_of: date, seed: int = 7) -> None:
    """Member files m0000, m0001...: a few entries each from `start` up to `as_of`, every
    tenth member quiet (last published three weeks before `as_of`), every third with a
    display name."""
    rng = random.Random(seed)
    for n in range(members):
        handle = f"m{n:04d}"
        quiet = n % 10 == 9
        last = as_of - timedelta(days=21 if quiet else rng.randrange(3))
        entries = sorted(
            (start + timedelta(days=rng.randrange(max(1, (last - start).days + 1))),
             rng.choice(ACTIONS), rng.randrange(3))
            for _ in range(rng.randrange(1, 12))
        )  # fmt: skip
        shown = f"Member {n:04d}" if n % 3 == 0 else ""
        text = member_text(handle, last, entries, rng, shown)
        (team / "members" / f"{handle}.toml").write_text(text, encoding="utf-8")
