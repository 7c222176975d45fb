"""The plain-text log: one TOML file a month, one `[[entry]]` per logged action."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from habits.core.model import WIN_KINDS, Entry, entry_fields
from habits.core.problems import Problem
from habits.core.when import FLOATING, out_of_bounds, settle
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
    from habits.store.tomlfile import split_array

    chunks, preamble = split_array(text, "entry")
    plain = [
        (entry, chunk.line)
        for chunk in chunks
        if chunk.table is not None and (entry := plain_entry(chunk.table)) is not None
    ]
    if not preamble and len(plain) == len(chunks):  # every entry well formed: no pydantic
        return [entry._replace(origin=f"{shown}:{line}") for entry, line in plain], []
    return _validated(text, shown)


def plain_entry(table: dict[str, Any]) -> Entry | None:
    """The entry a block holds when it is exactly what the log's schema (EntryModel) takes,
    else None: then pydantic validates the file and says what is wrong, and where.

    Importing pydantic and building the models costs more than all the rest of a command
    (about 120 ms against a warm run's 50 ms), and a hand edit of this month's file has to
    read it again: most edits leave every entry well formed.
    """
    if not table.keys() <= FIELDS:
        return None
    ident, action, at = table.get("id"), table.get("action"), table.get("at")
    logged = table.get("logged", at)
    if not (type(ident) is str and ident and type(action) is str and action):
        return None
    if type(at) is not datetime or type(logged) is not datetime:  # a date, a string...
        return None
    if out_of_bounds(at.date()) or out_of_bounds(logged.date()):
        return None
    texts = [table.get(key, "") for key in ("where", "note", "opener", "event")]
    lists = [table.get(key, []) for key in ("with", "tags")]
    if any(type(t) is not str for t in texts):
        return None
    if any(type(v) is not list or any(type(x) is not str for x in v) for v in lists):
        return None
    people, tags = lists
    if any(not name.strip() for name in people):  # said at its line by the full reading
        return None
    kind = table.get("kind")
    if kind is not None and kind not in WIN_KINDS:
        return None
    where, note, opener, event = texts
    return Entry(
        id=ident,
        at=_floating(at),
        action=action,
        logged=_floating(logged),
        with_=tuple(people),
        where=where,
        note=note,
        tags=tuple(tags),
        opener=opener,
        kind=kind or "",
        event=event,
        origin="",
    )


FIELDS = {
    *("id", "at", "logged", "action", "with", "where", "note", "tags", "opener", "kind", "event")
}


def _floating(at: datetime) -> datetime:
    return at.replace(tzinfo=FLOATING) if at.tzinfo is None else at


def _validated(text: str, shown: str) -> tuple[list[Entry], list[Problem]]:
    """Read a month file with the schema's models: every damaged entry a located problem."""
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
            event=model.event,
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
    return entry_fields(entry, _seconds)


def format_entry(entry: Entry) -> str:
    """Render one entry as a `[[entry]]` block, starting with a blank line."""
    return format_block("entry", entry_table(entry))


def format_block(name: str, table: dict[str, Any]) -> str:
    """One `[[name]]` block, a key a line, arrays on one line (easy to read and to edit)."""
    return f"\n[[{name}]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in table.items())


def without_entry(text: str, line: int, name: str = "entry") -> str:
    """Return the file text with the `[[entry]]` (or `[[name]]`) block that starts on `line`
    removed."""
    from habits.store.tomlfile import block_span, split_lines

    lines = split_lines(text)
    start, end = block_span(text, name, line)
    while start > 0 and not lines[start - 1].strip():  # the blank line before it goes too
        start -= 1
    return "".join(lines[:start] + lines[end:])


def _seconds(at: datetime) -> datetime:
    return at.replace(microsecond=0)
