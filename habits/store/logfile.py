"""The plain-text log: one TOML file a month, one `[[entry]]` per logged action."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from habits.core.model import Entry
from habits.core.problems import Problem
from habits.core.when import FLOATING, settle
from habits.store.tomlvalue import toml_value

SCHEMA_LINE = "#:schema ../schema/log.json\n"
HEADER = (
    SCHEMA_LINE
    + "# Your habits log: one [[entry]] per micro-connection.\n"
    + "# Edit it freely; `habits check` reviews it.\n"
)


def decode_log(raw: bytes, shown: str) -> tuple[str, list[Problem]]:
    """A log file's text; each line holding bytes that are not UTF-8 is reported by its place,
    and those bytes read as U+FFFD, so the line's entry and every other one still count."""
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    problems = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(
                Problem(
                    shown,
                    number,
                    f"byte {line[error.start]:#04x} at column {error.start + 1} is not UTF-8 "
                    "text (read as \ufffd)",
                    "retype that character and save the file as UTF-8",
                )
            )
    return raw.decode("utf-8", errors="replace"), problems


def settled(entries: list[Entry], zone: str) -> list[Entry]:
    """Entries whose times were written without an offset, put in the workspace's zone."""
    if all(e.at.tzinfo is not FLOATING and e.logged.tzinfo is not FLOATING for e in entries):
        return entries
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone)
    return [e._replace(at=settle(e.at, tz), logged=settle(e.logged, tz)) for e in entries]


def parse_log(text: str, shown: str) -> tuple[list[Entry], list[Problem]]:
    """Read one month file; a damaged entry becomes a problem and the others still count.

    A time written without an offset stays floating until `settled` gives it the workspace's
    zone (the parse is cached whatever the settings say).
    """
    from habits.store.schema import EntryModel, validate_blocks

    good, problems = validate_blocks(text, shown, "entry", EntryModel)
    for model, line in good:
        if any(not name.strip() for name in model.with_):
            problems.append(_empty_name(text, shown, line, model.with_))
    entries = [
        Entry(
            id=model.id,
            at=model.at,
            action=model.action,
            logged=model.logged or model.at,
            with_=tuple(name for name in model.with_ if name.strip()),
            where=model.where,
            note=model.note,
            tags=tuple(model.tags),
            opener=model.opener,
            kind=model.kind or "",
            origin=f"{shown}:{line}",
        )
        for model, line in good
    ]
    return entries, problems


def _empty_name(text: str, shown: str, line: int, names: list[str]) -> Problem:
    """An empty name in `with` is dropped, and said so at its line: the entry still counts."""
    from habits.store.messages import echo
    from habits.store.tomlfile import Lines, block_span, split_lines

    start, end = block_span(text, "entry", line)
    block = Lines("".join(split_lines(text)[start:end]))
    index = next(n for n, name in enumerate(names) if not name.strip())
    return Problem(
        shown,
        block.locate(["with"], "entry") + line - 1,
        f"with.{index} = {echo(names[index])} is an empty name (left out; the entry counts)",
        "remove it from the list, or write the person's name",
    )


def entry_table(entry: Entry) -> dict[str, Any]:
    """The TOML table of an entry, keys in the documented order."""
    table: dict[str, Any] = {
        "id": entry.id,
        "at": _seconds(entry.at),
        "logged": _seconds(entry.logged),
        "action": entry.action,
        "with": list(entry.with_),
        "where": entry.where,
        "note": entry.note,
        "tags": list(entry.tags),
    }
    if entry.opener:
        table["opener"] = entry.opener
    if entry.kind:
        table["kind"] = entry.kind
    return table


def format_entry(entry: Entry) -> str:
    """Render one entry as a `[[entry]]` block, starting with a blank line."""
    return format_block("entry", entry_table(entry))


def format_block(name: str, table: dict[str, Any]) -> str:
    """One `[[name]]` block, a key a line, arrays on one line (easy to read and to edit)."""
    return f"\n[[{name}]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in table.items())


def without_entry(text: str, line: int) -> str:
    """Return the file text with the `[[entry]]` block that starts on `line` removed."""
    from habits.store.tomlfile import block_span, split_lines

    lines = split_lines(text)
    start, end = block_span(text, "entry", line)
    while start > 0 and not lines[start - 1].strip():  # the blank line before it goes too
        start -= 1
    return "".join(lines[:start] + lines[end:])


def _seconds(at: datetime) -> datetime:
    return at.replace(microsecond=0)
