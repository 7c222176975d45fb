"""followups.toml: what a person said of single follow-ups and checks.

`habits due dismiss` appends a `[[followup]]` with `action = "dismiss"` (closed without
credit: it leaves the follow-up rate) and `habits due snooze` one with `action = "snooze"`
(due on a later day); each names the entry that opened it, the person and its kind. Plain
TOML, appended under the lock; the newest snooze of an item wins, and `habits undo` takes
either back.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from habits.core.followups import Marks
from habits.core.problems import Problem
from habits.store.files import append_text
from habits.store.logfile import format_block

if TYPE_CHECKING:
    from habits.core.people import Directory
    from habits.store.workspace import Workspace

HEADER = (
    "#:schema schema/followups.json\n"
    "# What you said of single follow-ups: a dismissal closes one without credit (it leaves\n"
    "# the follow-up rate), a snooze moves its due date. Written by `habits due dismiss` and\n"
    "# `habits due snooze`; `habits undo` takes either back.\n"
)


class Mark(NamedTuple):
    """One block of followups.toml."""

    what: str  # dismiss or snooze
    entry: str  # the id of the entry that opened it
    person: str  # as written
    kind: str  # follow-up or did-they-meet
    day: date  # dismissed on, or snoozed until
    note: str = ""


def parse_marks(ws: Workspace, raw: bytes) -> tuple[list[Mark], list[Problem]]:
    """Every block; a damaged one is reported with its line and the others still count."""
    from habits.store.logfile import decode_log
    from habits.store.schema import FollowUpMarkModel, validate_blocks

    shown = ws.shown(ws.followups)
    text, problems = decode_log(raw, shown)
    good, bad = validate_blocks(text, shown, "followup", FollowUpMarkModel)
    found = [
        Mark(m.action, m.entry, m.person, m.kind, m.on or m.until or date.min, m.note)
        for m, _ in good
    ]
    return found, problems + bad


def marks_of(found: list[Mark], people: Directory) -> Marks:
    """The marks as scoring takes them: by entry, person key and kind."""
    dismissed = frozenset(
        (m.entry, people.key(m.person), m.kind) for m in found if m.what == "dismiss"
    )
    snoozed: dict[tuple[str, str, str], date] = {}
    for m in found:  # in file order: the newest snooze of an item wins
        if m.what == "snooze":
            snoozed[(m.entry, people.key(m.person), m.kind)] = m.day
    return Marks(dismissed, snoozed)


def add_mark(ws: Workspace, mark: Mark) -> None:
    """Append one block (the caller holds the lock)."""
    table: dict[str, object] = {
        "action": mark.what,
        "entry": mark.entry,
        "person": mark.person,
        "kind": mark.kind,
        "on" if mark.what == "dismiss" else "until": mark.day,
    }
    if mark.note:
        table["note"] = mark.note
    shown = ws.shown(ws.followups)
    append_text(ws.followups, format_block("followup", table), HEADER, shown)
