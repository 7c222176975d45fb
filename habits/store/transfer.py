"""Entries in and out: JSON and CSV export, CSV import checked row by row before any write."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from habits.core.model import Entry, person_key, tidy, venue_key
from habits.core.people import known_people
from habits.core.problems import HabitsError, Problem
from habits.core.when import parse_when
from habits.store.journal import new_id, resolve_action, win_kind
from habits.store.state import State

COLUMNS = ("at", "action", "with", "where", "note", "tags")
OPTIONAL = ("id", "logged", "opener", "kind")


def entry_json(entry: Entry) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "logged": entry.logged.isoformat(),
        "action": entry.action,
        "with": list(entry.with_),
        "where": entry.where,
        "note": entry.note,
        "tags": list(entry.tags),
    }
    if entry.opener:
        out["opener"] = entry.opener
    if entry.kind:
        out["kind"] = entry.kind
    return out


def export_csv(entries: Iterable[Entry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((*COLUMNS, *OPTIONAL))
    for e in entries:
        writer.writerow(
            (
                e.at.isoformat(),
                e.action,
                ";".join(e.with_),
                e.where,
                e.note,
                ";".join(e.tags),
                e.id,
                e.logged.isoformat(),
                e.opener,
                e.kind,
            )
        )
    return out.getvalue()


def read_csv(state: State, path: Path, now: datetime) -> tuple[list[Entry], int, list[Problem]]:
    """Check every row; return (new entries, rows already in the log, problems by line)."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise HabitsError(f"cannot read {path}: {error}", "give a UTF-8 CSV file") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [tidy(h).casefold() for h in reader.fieldnames or []]
    missing = [c for c in ("at", "action") if c not in header]
    unknown = [h for h in header if h not in COLUMNS + OPTIONAL]
    if missing or unknown:
        what = (
            f"missing column {', '.join(missing)}"
            if missing
            else f"unknown column {', '.join(unknown)}"
        )
        raise HabitsError(
            f"{shown}:1: {what}", f"the header row takes {', '.join(COLUMNS + OPTIONAL)}"
        )
    reader.fieldnames = header

    tz = ZoneInfo(state.settings.timezone)
    taken = {e.id for e in state.entries}
    known = known_people(state.entries, state.directory)
    entries: list[Entry] = []
    problems: list[Problem] = []
    present = 0
    for row in reader:
        line = reader.line_num
        cell = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if None in row:
            problems.append(Problem(shown, line, "more cells than header columns"))
            continue
        if cell.get("id") and cell["id"] in taken:
            present += 1
            continue
        try:
            action = resolve_action(state.pack, cell["action"])
            at = parse_when(cell["at"], now, tz) if cell["at"] else None
            logged = parse_when(cell["logged"], now, tz) if cell.get("logged") else None
            kind = win_kind(state.pack, action, cell.get("kind", ""))
        except HabitsError as error:
            problems.append(Problem(shown, line, error.message, error.hint))
            continue
        if at is None:
            problems.append(Problem(shown, line, "empty 'at'", "give a date like 2026-11-20"))
            continue
        people = [known.get(person_key(n), tidy(n)) for n in cell.get("with", "").split(";")]
        entry_id = cell.get("id") or new_id(taken)
        taken.add(entry_id)
        entries.append(
            Entry(
                id=entry_id,
                at=at,
                action=action,
                logged=logged or now.astimezone(tz).replace(microsecond=0),
                with_=tuple(dict.fromkeys(p for p in people if p)),
                where=venue_key(cell.get("where", "")),
                note=cell.get("note", ""),
                tags=tuple(
                    dict.fromkeys(
                        venue_key(t) for t in cell.get("tags", "").split(";") if t.strip()
                    )
                ),
                opener=cell.get("opener", ""),
                kind=kind,
            )
        )
    return entries, present, problems
