"""The inbox: micro-connections written down away from the terminal, one a line.

    [DATE] [HH:MM] ACTION NAME[, NAME]... [@VENUE] [#TAG]... [-- NOTE]

for example `2026-11-17 12:15 lunch Cleo Park @canteen #mentoring -- knows the Lisbon team`.
A line without a date is today's; without a time, 12:00 (or now, before noon). A name
written `+Cleo Park` is somebody new (not a near miss of a known name). Blank lines and
lines starting with `#` are kept as they are. `inbox.txt` in the workspace, or the file
`inbox = "PATH"` in habits.toml names (a file a phone's notes app syncs).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from datetime import datetime

    from habits.core.model import Entry
    from habits.store.kept import LogIndex
    from habits.store.loaded import State
    from habits.store.workspace import Workspace

INBOX = "inbox.txt"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"\d{1,2}:\d{2}$")


class Line(NamedTuple):
    """One line of the inbox that names a micro-connection, as written."""

    number: int  # 1-based, as editors count
    when: str  # for `parse_when`: "2026-11-17T12:15", "12:15", "2026-11-17" or "today"
    action: str
    names: tuple[str, ...]  # as written, without a leading +
    new: tuple[str, ...]  # the names marked + (somebody new)
    where: str
    tags: tuple[str, ...]
    note: str


def inbox_path(ws: Workspace) -> Path:
    """inbox.txt in the workspace, or the file habits.toml's `inbox` names (relative to the
    workspace, ~ for the home folder)."""
    from habits.store.settings import settings_table

    named = settings_table(ws).get("inbox")
    if isinstance(named, str) and named.strip():
        return ws.root / Path(named.strip()).expanduser()
    return ws.root / INBOX


def is_entry(text: str) -> bool:
    """Whether a line names a micro-connection (blank lines and # comments are kept)."""
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith("#")


def parse_line(number: int, text: str) -> Line:
    """A line's parts; ValueError says what is missing."""
    body, _, note = text.strip().partition(" -- ")
    if body.startswith("-- "):
        body, note = "", body[3:]
    words = body.split()
    day = words.pop(0) if words and _DATE.match(words[0]) else ""
    clock = words.pop(0) if words and _TIME.match(words[0]) else ""
    if not words:
        raise ValueError("no action")
    action = words.pop(0)
    names: list[str] = []
    where, tags = "", []
    for word in words:
        if word.startswith("@") and len(word) > 1:
            where = word[1:]
        elif word.startswith("#") and len(word) > 1:
            tags.append(word[1:])
        else:
            names.append(word)
    people = [n.strip() for n in " ".join(names).split(",") if n.strip()]
    new = tuple(p[1:].strip() for p in people if p.startswith("+"))
    people = [p[1:].strip() if p.startswith("+") else p for p in people]
    when = f"{day}T{clock}" if day and clock else day or clock or "today"
    return Line(number, when, action, tuple(people), new, where, tuple(tags), note.strip())


def line_entry(state: State, index: LogIndex, parts: Line, when: str, now: datetime) -> Entry:
    """The entry a line says, at `when`: a name close to a known one is refused as a typo
    unless it is marked + (somebody new); HabitsError says what is wrong."""
    from habits.core.people import near_misses, or_list
    from habits.core.problems import HabitsError
    from habits.store.entries import draft

    for name in parts.names:
        close = near_misses(name, index.people) if name not in parts.new else []
        if close:
            raise HabitsError(
                f"'{name}' is not someone you have logged; did you mean {or_list(close)}?",
                f"write the name you meant, or +{name} if it is somebody else",
            )
    return draft(
        state, index, parts.action, parts.names, parts.where, parts.note, parts.tags, when, now,
        new=True,
    )  # fmt: skip


def without_lines(raw: bytes, numbers: set[int]) -> bytes:
    """The file's bytes without those lines, every other byte as it was."""
    lines = raw.splitlines(keepends=True)
    return b"".join(line for n, line in enumerate(lines, start=1) if n not in numbers)
