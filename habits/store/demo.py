"""Realistic seeded history: for `habits demo`, the tests and the benchmarks."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo
from math import exp

from habits.core.model import Entry

PEOPLE = (
    "Sam Lee", "Ana Ruiz", "Priya Natarajan", "Tom Becker", "Mei Chen", "Jonas Berg",
    "Fatima Khan", "Luca Romano", "Grace Okafor", "Henrik Larsen", "Olivia Brown",
    "Diego Alvarez", "Yuki Tanaka", "Noah Fischer", "Amara Diallo", "Sofia Costa", "Ben Carter",
    "Leila Haddad", "Marta Nowak", "Ravi Shah", "Chloé Martin", "Owen Price", "Ingrid Solberg",
    "Kwame Mensah", "Nadia Petrova", "Arjun Mehta", "Elena García", "Finn O'Brien", "Hana Kim",
    "Mateo Silva", "Zara Ahmed", "Lars Eriksson", "Aisha Bello", "Pierre Dubois", "Rosa Lopez",
    "Dmitri Volkov", "Emma Wilson", "Tariq Aziz", "Julia Schmidt", "Kofi Asante",
    "Isabel Moreno", "Viktor Horvat", "Nia Roberts", "Kenji Watanabe", "Lucia Bianchi",
    "Oscar Lindqvist", "Farah Siddiqui", "Tobias Keller", "Adaeze Nwosu", "Marco Ferri",
    "Sienna Walsh", "Rahul Verma", "Camille Laurent", "Jakub Novak", "Maya Levi",
    "Patrick Byrne", "Selin Yilmaz", "Anders Holm", "Thandiwe Dube", "Gabriel Santos",
    "Freya Lund", "Hugo Lambert", "Mariam Saleh", "Connor Hughes", "Lina Park",
    "Stefan Popescu", "Abena Owusu", "Niko Virtanen", "Carmen Ortiz", "Ethan Cole",
)  # fmt: skip
NOTES = (
    "asked about their weekend hike", "new to the risk team", "recommended a book on pricing",
    "also moving to the Lisbon office", "we both hate slide decks", "runs the data guild",
    "shared a podcast on market structure", "knows the client's CFO", "training for a marathon",
    "", "", "", "", "",
)  # fmt: skip
CHAT_OPENERS = ("week", "weekend", "recommend")  # ids in the default pack's openers.toml
LUNCH_OPENERS = ("working-on", "new-here", "place")
WINS = ("referral", "referral", "project", "client", "mentor", "speaking")


def history(
    first: date, last: date, tz: tzinfo, now: datetime, per_day: float = 2.2, seed: int = 7
) -> Iterator[Entry]:
    """Yield plausible entries from `first` to `last` (never after `now`), oldest first."""
    rng = random.Random(seed)
    met: list[str] = []
    people = list(PEOPLE)
    n = 0
    total_days = (last - first).days + 1

    def pick(new_chance: float) -> str:
        if not met or (rng.random() < new_chance):
            name = people[len(met) % len(people)]
            if len(met) >= len(people):
                name = f"{name} ({len(met) // len(people) + 1})"  # a bigger world for long runs
            met.append(name)
            return name
        return rng.choice(met[-25:])

    yesterday: set[str] = set()
    for offset in range(total_days):
        day = first + timedelta(days=offset)
        if day.weekday() >= 5 and rng.random() < 0.8:
            continue
        growth = 0.5 + offset / max(total_days, 1)  # the habit grows over the weeks
        plan: list[tuple[str, dict[str, object]]] = []
        for _ in range(_poisson(rng, per_day * growth)):
            roll = rng.random()
            if roll < 0.42:
                where = rng.choice(("call", "call", "video", "lift", "coffee", "kitchen"))
                opener = rng.choice(CHAT_OPENERS) if rng.random() < 0.35 else ""
                plan.append(("icebreaker", {"with": [pick(0.3)], "where": where, "opener": opener}))
            elif roll < 0.55:
                plan.append(("give", {"with": [pick(0.1)], "where": "email"}))
            elif roll < 0.68:
                plan.append(("online", {"with": [], "where": "linkedin"}))
            elif roll < 0.76:
                plan.append(("card", {"with": [pick(0.4)], "where": "event"}))
            elif roll < 0.80 and len(met) > 3:
                a, b = rng.sample(met, 2)
                plan.append(("introduction", {"with": [a, b], "where": "email"}))
            else:
                plan.append(("icebreaker", {"with": [pick(0.5)], "where": "call"}))
        if day.weekday() == rng.choice((1, 2, 3)):
            opener = rng.choice(LUNCH_OPENERS) if rng.random() < 0.5 else ""
            plan.append(("lunch", {"with": [pick(0.8)], "where": "canteen", "opener": opener}))
        if day.day == 3:
            plan.append(("opener", {"with": [], "where": ""}))
        if offset == 5:
            plan.append(("signature", {"with": [], "where": "email"}))
        if offset > 20 and met and rng.random() < 0.08:
            who = rng.choice(met[: max(len(met) - 5, 1)])  # someone met a while ago
            plan.append(("win", {"with": [who], "where": "", "kind": rng.choice(WINS)}))
        # The habit: follow up the day after with some of yesterday's people, more as it grows.
        for name in sorted(yesterday):
            if rng.random() < min(0.9, 0.5 * growth):
                plan.append(("follow-up", {"with": [name], "where": "linkedin"}))
        yesterday = {
            str(p)
            for action, extra in plan
            if action in ("icebreaker", "lunch", "card")
            for p in extra["with"]  # type: ignore[attr-defined]
        }
        for k, (action, extra) in enumerate(plan):
            minute = 8 * 60 + 30 + int((k + rng.random()) * 540 / max(len(plan), 1))
            at = datetime.combine(day, time(minute // 60, minute % 60), tz)
            if at > now:
                break
            n += 1
            names = [str(p) for p in extra["with"]]  # type: ignore[attr-defined]
            yield Entry(
                id=f"demo{n:06d}",
                at=at,
                action=action,
                logged=min(now, at + timedelta(minutes=rng.choice((1, 2, 5, 30)))),
                with_=tuple(dict.fromkeys(names)),
                where=str(extra["where"]),
                note=rng.choice(NOTES) if names else "",
                tags=("client",) if rng.random() < 0.1 else (),
                opener=str(extra.get("opener", "")),
                kind=str(extra.get("kind", "")),
            )


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: small means only, which is all a day of networking needs."""
    limit, k, p = exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
