"""Synthetic logs for benchmarks: many entries fast, spread like a real person's week."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from habits.core import Entry

ACTIONS = (
    ("icebreaker", 0.40), ("give", 0.12), ("online", 0.12), ("card", 0.06), ("lunch", 0.06),
    ("follow-up", 0.18), ("introduction", 0.04), ("opener", 0.01), ("win", 0.01),
)  # fmt: skip
WHERE = ("call", "video", "lift", "coffee", "email", "linkedin", "canteen")


def entries(n: int, days: int, people: int = 5000, seed: int = 1) -> list[Entry]:
    rng = random.Random(seed)
    names = [f"Person {k}" for k in range(people)]
    kinds = [a for a, _ in ACTIONS]
    weights = [w for _, w in ACTIONS]
    start = datetime(2026, 11, 20, tzinfo=UTC) - timedelta(days=days)
    seconds = days * 86400
    out = []
    for k, action in enumerate(rng.choices(kinds, weights, k=n)):
        at = start + timedelta(seconds=rng.randrange(seconds))
        out.append(
            Entry(
                id=f"s{k:07d}",
                at=at,
                action=action,
                logged=at,
                with_=(rng.choice(names),) if action not in ("online", "opener") else (),
                where=rng.choice(WHERE),
            )
        )
    return out
