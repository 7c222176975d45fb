"""Entries in and out: JSON and CSV export, CSV import checked row by row before any write."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, NamedTuple, cast
from zoneinfo import ZoneInfo

from habits.core.model import Entry, Pack, entry_json, person_key, tidy, venue_key
from habits.core.people import NOBODY, Directory, known_people
from habits.core.problems import HabitsError, Problem
from habits.core.when import parse_when
from habits.store.entries import new_id, resolve_action, win_kind
from habits.store.loaded import State

COLUMNS = ("at", "action", "with", "where", "note", "tags")
OPTIONAL = ("id", "logged", "opener", "kind", "event")


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection). The
# export puts a ' before such a cell, and before a cell that starts with ' itself, so the
# import can take exactly one ' off again: the round trip is lossless.
FORMULA = ("=", "+", "-", "@", "\t", "\r")
ESCAPED = (*FORMULA, "'")


def cell_out(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs."""
    return "'" + text if text.startswith(ESCAPED) else text


def cell_in(text: str) -> str:
    """Undo `cell_out`: a ' before a formula character or another ' goes."""
    return text[1:] if text.startswith("'") and text[1:].startswith(ESCAPED) else text


def join_list(items: Iterable[str]) -> str:
    """Several people or tags in one cell: `;` between them, `\\;` and `\\\\` within one."""
    return ";".join(i.replace("\\", "\\\\").replace(";", "\\;") for i in items)


def split_list(cell: str) -> list[str]:
    """Undo `join_list`; a backslash before anything else than ; or \\ stays as typed."""
    items, current, chars = [], [], iter(cell)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            current.append(following if following in (";", "\\") else char + following)
        elif char == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return items


def export_json(entries: Iterable[Entry]) -> str:
    return json.dumps([entry_json(e) for e in entries], indent=2, ensure_ascii=False) + "\n"


def export_csv(entries: Iterable[Entry]) -> str:
    out = io.StringIO()
    # CRLF (RFC 4180): the writer quotes a cell holding any character of the line ending, so a
    # note's own \r or \n is quoted too, never read as the end of a row.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow((*COLUMNS, *OPTIONAL))
    for e in entries:
        row = (
            e.at.isoformat(),
            e.action,
            join_list(e.with_),
            e.where,
            e.note,
            join_list(e.tags),
            e.id,
            e.logged.isoformat(),
            e.opener,
            e.kind,
            e.event,
        )
        writer.writerow([cell_out(c) for c in row])
    return out.getvalue()


def read_csv(
    state: State, path: Path, now: datetime, allow_duplicates: bool = False
) -> tuple[list[Entry], int, list[Problem]]:
    """Check every row; return (new entries, rows already in the log, problems by line)."""
    from habits.store.reader import OddFile, read_regular

    try:
        # Bytes, not read_text: a note's own line breaks (\r among them) stay as they are.
        text = read_regular(path).decode("utf-8-sig")
    except OddFile as odd:  # a FIFO would hang, a huge file fill the memory
        raise HabitsError(f"{path}: {odd.message}", odd.hint) from None
    except (OSError, UnicodeDecodeError) as error:
        raise HabitsError(f"cannot read {path}: {error}", "give a UTF-8 CSV file") from None
    known = Known(state.pack, ZoneInfo(state.settings.timezone), state.entries, state.directory)
    parse = parse_json if path.suffix.casefold() == ".json" else parse_csv
    return parse(text, str(path), known, now, allow_duplicates)


class Known(NamedTuple):
    """What rows are checked against: the pack, the zone of bare times, the log, the people."""

    pack: Pack
    tz: tzinfo
    log: Sequence[Entry]
    directory: Directory = NOBODY


def same_key(entry: Entry) -> tuple[object, ...]:
    """What makes a row the same as an entry: when, what, with whom, where, the note."""
    people = frozenset(person_key(p) for p in entry.with_)
    # The timestamp: Python calls no time in a repeated DST hour equal to another zone's.
    return (entry.at.timestamp(), entry.action, people, venue_key(entry.where), entry.note)


def parse_csv(
    text: str, shown: str, known: Known, now: datetime, allow_duplicates: bool = False
) -> tuple[list[Entry], int, list[Problem]]:
    """Check every row of a CSV text; return (new entries, rows skipped, problems by line).

    A row is skipped if the log has its id, or (unless `allow_duplicates`) if the log has an
    entry with the same time, action, people, venue and note: each such entry matches one row,
    so an import run twice adds nothing, and two like rows logged once are added once more.
    """
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as error:
        raise HabitsError(f"{shown}:1: {_csv_error(error)}", _CSV_HINT) from None
    header = [tidy(h).casefold() for h in fieldnames]
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

    def rows() -> Iterator[tuple[int, Row | Problem]]:
        lines = iter(reader)
        while True:
            try:
                row = next(lines)
            except StopIteration:
                return
            except csv.Error as error:  # the rest of the file cannot be told apart: stop here
                line = reader.reader.line_num  # the DictReader's own count stops at the last row
                yield line, Problem(shown, line, _csv_error(error), _CSV_HINT)
                return
            line = reader.line_num
            if None in row:
                yield line, Problem(shown, line, "more cells than header columns")
                continue
            cell = {k: cell_in((v or "").strip()) for k, v in row.items() if k is not None}
            lists = {k: split_list(cell.get(k, "")) for k in ("with", "tags")}
            yield line, cast(Row, cell | lists)

    return _entries(rows(), shown, known, now, allow_duplicates)


# A row as the import checks it: every column's text, with and tags as lists.
Row = dict[str, Any]


def parse_json(
    text: str, shown: str, known: Known, now: datetime, allow_duplicates: bool = False
) -> tuple[list[Entry], int, list[Problem]]:
    """Check every entry of what `export --format json` writes (an array of objects with
    the fields of `list --json`); the same checks as a CSV row, each told by its line."""
    decoder = json.JSONDecoder()
    at = len(text) - len(text.lstrip())
    if not text.startswith("[", at):
        raise HabitsError(
            f"{shown}:1: not a JSON array", "give a file `habits export --format json` wrote"
        )

    def rows() -> Iterator[tuple[int, Row | Problem]]:
        position = at + 1
        while True:
            position = len(text) - len(text[position:].lstrip())
            if text.startswith("]", position):
                return
            line = text.count("\n", 0, position) + 1
            try:
                item, position = decoder.raw_decode(text, position)
            except json.JSONDecodeError as error:
                yield (
                    error.lineno,
                    Problem(shown, error.lineno, f"not JSON ({error.msg})", _JSON_HINT),
                )
                return
            yield line, _json_row(item, shown, line)
            position = len(text) - len(text[position:].lstrip())
            if text.startswith(",", position):
                position += 1
            elif not text.startswith("]", position):
                line = text.count("\n", 0, position) + 1
                yield line, Problem(shown, line, "not JSON (a ',' or ']' is missing)", _JSON_HINT)
                return

    return _entries(rows(), shown, known, now, allow_duplicates)


_JSON_HINT = "give a file `habits export --format json` wrote"


def _json_row(item: object, shown: str, line: int) -> Row | Problem:
    """An entry object as a row: text values, `with` and `tags` lists of text."""
    if not isinstance(item, dict):
        return Problem(shown, line, "an entry is not a JSON object", _JSON_HINT)
    unknown = [k for k in item if k not in (*COLUMNS, *OPTIONAL)]
    if unknown:
        keys = ", ".join(COLUMNS + OPTIONAL)
        return Problem(
            shown, line, f"unknown key {', '.join(map(str, unknown))}", f"an entry takes {keys}"
        )
    row: Row = {}
    for key, value in item.items():
        if key in ("with", "tags"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return Problem(
                    shown, line, f"'{key}' is not a list of text", f'write "{key}": ["..."]'
                )
            row[key] = [v.strip() for v in value]
        elif isinstance(value, str):
            row[key] = value.strip()
        else:
            return Problem(shown, line, f"'{key}' is not text", f'write "{key}": "..."')
    return row


def _entries(
    rows: Iterable[tuple[int, Row | Problem]],
    shown: str,
    known: Known,
    now: datetime,
    allow_duplicates: bool,
) -> tuple[list[Entry], int, list[Problem]]:
    """Check every row; return (new entries, rows skipped, problems by line)."""
    tz, pack = known.tz, known.pack
    logged_ids = {e.id for e in known.log}
    taken = set(logged_ids)  # and every id this file gives or gets
    people_known = known_people(known.log, known.directory)
    in_log = Counter(same_key(e) for e in known.log) if not allow_duplicates else Counter()
    ids: dict[str, int] = {}  # id -> the line of the row that gave it
    entries: list[Entry] = []
    problems: list[Problem] = []
    skipped = 0
    for line, cell in rows:
        if isinstance(cell, Problem):
            problems.append(cell)
            continue
        if given := cell.get("id", ""):
            if given in ids:
                problems.append(
                    Problem(
                        shown,
                        line,
                        f"id '{given}' is also on line {ids[given]}",
                        "give each row its own id, or leave the id cell empty",
                    )
                )
                continue
            ids[given] = line
            taken.add(given)
            if given in logged_ids:
                skipped += 1
                continue
        try:
            action = resolve_action(pack, cell.get("action", ""))
            at = parse_when(cell["at"], now, tz) if cell.get("at") else None
            logged = parse_when(cell["logged"], now, tz) if cell.get("logged") else None
            kind = win_kind(pack, action, cell.get("kind", ""))
        except HabitsError as error:
            problems.append(Problem(shown, line, error.message, error.hint))
            continue
        if at is None:
            problems.append(Problem(shown, line, "empty 'at'", "give a date like 2026-11-20"))
            continue
        people = [people_known.get(person_key(n), tidy(n)) for n in cell.get("with", [])]
        entry = Entry(
            id=given or "",
            at=at,
            action=action,
            logged=logged or now.astimezone(tz).replace(microsecond=0),
            with_=tuple(dict.fromkeys(p for p in people if p)),
            where=venue_key(cell.get("where", "")),
            note=cell.get("note", ""),
            tags=tuple(dict.fromkeys(venue_key(t) for t in cell.get("tags", []) if t.strip())),
            opener=cell.get("opener", ""),
            kind=kind,
            event=cell.get("event", ""),
        )
        if in_log[key := same_key(entry)] > 0:
            in_log[key] -= 1
            skipped += 1
            continue
        if not given:
            entry = entry._replace(id=new_id(taken))
            taken.add(entry.id)
        entries.append(entry)
    return entries, skipped, problems


_CSV_HINT = "save it again as CSV (UTF-8, comma-separated, cells under 128 KiB)"


def _csv_error(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return f"a cell is longer than {csv.field_size_limit() // 1024} KiB"
    return f"not readable as CSV ({error})"
