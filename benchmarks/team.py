"""Synthetic teams for the leaderboard benchmarks: member files written directly, fast."""

from __future__ import annotations

import random
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks.synthetic import ACTIONS, WHERE
from habits.store.team import MEMBER_HEADER, init_team


def team(root: Path, members: int, days: int, per_day: float, end: date, seed: int = 5) -> Path:
    """A team folder whose season is the `days` up to `end`, with `members` member files."""
    shutil.rmtree(root, ignore_errors=True)
    start = end - timedelta(days=days - 1)
    init_team(root, None, f"Bench {members}", start, None)
    rng = random.Random(seed)
    kinds = [a for a, _ in ACTIONS]
    weights = [w for _, w in ACTIONS]
    first = datetime.combine(start, datetime.min.time(), UTC)
    for m in range(members):
        contacts = [f"{rng.getrandbits(64):016x}" for _ in range(300)]
        count = int(days * per_day)
        moments = sorted(rng.randrange(days * 86400) for _ in range(count))
        lines = []
        for n, (second, action) in enumerate(
            zip(moments, rng.choices(kinds, weights, k=count), strict=True)
        ):
            at = first + timedelta(seconds=second)
            logged = at + timedelta(minutes=rng.choice((1, 5, 30)))
            people = "-" if action in ("online", "opener") else rng.choice(contacts[: 30 + n // 4])
            lines.append(
                f'  "{rng.getrandbits(64):016x} {at.date()} {logged.date()} {action} '
                f'{rng.choice(WHERE)} - {people}",'
            )
        text = "\n".join(
            [
                "format = 2",
                f'handle = "m{m:04d}"',
                f'owner = "{rng.getrandbits(128):032x}"',
                f"published = {end.isoformat()}",
                "entries = [",
                *lines,
                "]",
            ]
        )
        (root / "members" / f"m{m:04d}.toml").write_text(MEMBER_HEADER + text + "\n", "utf-8")
    return root
