"""Small builders for core tests: packs and entries in a line each."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from habits.core import Action, Badge, Challenge, Entry, Pack, Pause, Scorecard, Settings, score

ACTIONS = {
    "ice": Action("ice", "Break the ice", points=2, daily_cap=3),
    "lunch": Action("lunch", "Lunch", points=5),
    "fu": Action("fu", "Follow up", points=3),
}


def entry(
    n: int | str,
    at: str,
    action: str = "ice",
    *people: str,
    where: str = "call",
    tags: tuple[str, ...] = (),
) -> Entry:
    moment = datetime.fromisoformat(at if "T" in at else at + "T12:00")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return Entry(str(n), moment, action, moment, tuple(people), where, "", tags)


def challenge(**fields: Any) -> Challenge:
    fields.setdefault("id", "c")
    fields.setdefault("title", "C")
    fields["actions"] = frozenset(fields.get("actions", {"ice"}))
    for key in ("where", "tags", "after"):
        if key in fields:
            fields[key] = frozenset(fields[key])
    return Challenge(**fields)


def pack(*challenges: Challenge, badges: tuple[Badge, ...] = (), levels: Any = None) -> Pack:
    return Pack(dict(ACTIONS), {c.id: c for c in challenges}, badges, levels)


def card(
    p: Pack,
    entries: list[Entry],
    as_of: str = "2026-11-30",
    settings: Settings | None = None,
    pauses: tuple[Pause, ...] = (),
) -> Scorecard:
    return score(p, settings or Settings(), entries, date.fromisoformat(as_of), pauses)
