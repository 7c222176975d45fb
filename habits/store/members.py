"""Read a team's member files (the format is described in habits/store/team.py).

Member files come from anyone with write access to the docs repository, so they are read
warily: regular files only (never through a symlink, never a FIFO or a device), at most
MAX_MEMBER_BYTES of them. Their problems go on the public board, so a problem names the
file and the line and never echoes what the file holds (keys, values, actions, ids).
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import unquote_to_bytes

from habits.core.boards import shown_name
from habits.core.followups import FOLLOW_UP, MEET_CHECK, NO_MARKS, Marks
from habits.core.model import Entry, Pack
from habits.core.problems import HabitsError, Problem
from habits.core.when import YEARS, out_of_bounds
from habits.store.reader import OddFile, open_regular
from habits.store.teamfolder import MEMBERS, Team

if TYPE_CHECKING:
    from pydantic import ValidationError

    from habits.store.tomlfile import Lines

MAX_MEMBER_BYTES = 20_000_000  # a member file over this is refused (a year is ~0.1 MB)
REPUBLISH = "publish it again with `habits team publish`"
# pydantic messages made from the schema alone, never from the input: safe to show
PLAIN_ERRORS = frozenset(
    ("literal_error", "string_pattern_mismatch", "string_type", "list_type", "int_type",
     "date_type", "datetime_type", "timezone_aware", "string_too_short", "bool_type")
)  # fmt: skip


KINDS = (FOLLOW_UP, MEET_CHECK)


class Member(NamedTuple):
    handle: str
    display_name: str | None
    entries: list[Entry]
    problems: list[Problem]  # damaged lines: reported, the others still count
    excluded: int  # entries outside the season or recorded too late (fair play)
    marks: Marks = NO_MARKS  # the follow-ups the member dismissed or snoozed (hashed)
    known: frozenset[str] = frozenset()  # people (hashed) who are known contacts: never new
    published: date | None = None  # the day of publishing (None: outside the years we read)

    @property
    def shown(self) -> str:
        return shown_name(self.handle, self.display_name)


def member_files(team: Team) -> tuple[list[Path], list[Problem]]:
    """The member files to read; members/ itself must be a folder, not a symlink."""
    members = team.members
    try:
        mode = os.lstat(members).st_mode
    except FileNotFoundError:
        return [], []
    except OSError:
        return [], [Problem(MEMBERS, 0, "cannot be read", "check its permissions")]
    if stat.S_ISLNK(mode):
        return [], [Problem(MEMBERS, 0, "a symlink, not read", "make it a plain folder")]
    if not stat.S_ISDIR(mode):
        return [], [Problem(MEMBERS, 0, "not a folder", "make it a plain folder")]
    return sorted(members.glob("*.toml")), []


def member_bytes(path: Path, shown: str) -> bytes | Problem | None:
    """A member file's bytes (None if absent), or why it is not read; never blocks."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError:
        return Problem(shown, 0, "cannot be read", "check its permissions")
    if stat.S_ISLNK(mode):
        return Problem(shown, 0, "a symlink, not read", "member files are written by publishing")
    if not stat.S_ISREG(mode):
        return Problem(shown, 0, "not a regular file, not read", "remove it")
    try:
        fd = open_regular(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OddFile:  # swapped since lstat for a FIFO, a folder or a device
        return Problem(shown, 0, "not a regular file, not read", "remove it")
    except OSError:  # replaced since lstat: a symlink (ELOOP), gone, or unreadable
        return Problem(shown, 0, "cannot be read", "check it is a plain file")
    limit = MAX_MEMBER_BYTES
    with os.fdopen(fd, "rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        return Problem(shown, 0, f"too large (at most {limit:,} bytes)", "publish a shorter season")
    return raw


def owner_of(path: Path) -> str | None:
    """The owner mark of a member file, None if it has none (or cannot be read as TOML)."""
    raw = member_bytes(path, f"{MEMBERS}/{path.name}")
    if isinstance(raw, Problem):
        raise HabitsError(f"{path} is not a plain member file ({raw.message})", "remove it")
    if raw is None:
        return None
    try:
        owner = tomllib.loads(raw.decode("utf-8")).get("owner")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None  # a damaged file claims nothing: publishing replaces it
    return owner if isinstance(owner, str) else None


def read_member(path: Path, team: Team, pack: Pack) -> tuple[Member | None, list[Problem]]:
    """Validate a member file; a file-level problem leaves the member out, with its place."""
    from pydantic import ValidationError

    from habits.store.schema import MemberModel
    from habits.store.tomlfile import Lines, error_line

    shown = f"{MEMBERS}/{path.name}"
    raw = member_bytes(path, shown)
    if raw is None:
        return None, [Problem(shown, 0, "is gone", "it was removed while the board was read")]
    if isinstance(raw, Problem):
        return None, [raw]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(shown, raw.count(b"\n", 0, error.start) + 1, "not UTF-8 text")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:  # its message may quote a key: not shown
        return None, [Problem(shown, error_line(error), "bad TOML", REPUBLISH)]
    try:
        m = MemberModel.model_validate(data)
    except ValidationError as error:
        return None, _problems(error, shown, Lines(text))
    if m.handle != path.stem:
        line = Lines(text).locate(["handle"])
        return None, [
            Problem(shown, line, "the handle does not match the file name",
                    f"name the file after the handle, or {REPUBLISH}")
        ]  # fmt: skip
    entries, problems, excluded = _entries(m.entries, text, shown, team, pack)
    published: date | None = (
        m.published.date() if isinstance(m.published, datetime) else m.published
    )
    if published is not None and out_of_bounds(
        published
    ):  # never used to score: reported, and the entries still count
        line = Lines(text).locate(["published"])
        problems.insert(
            0, Problem(shown, line, f"published: a date outside the years {YEARS}", REPUBLISH)
        )
        published = None
    marks, bad = _marks(m.followups, shown)
    problems += bad
    member = Member(
        m.handle,
        m.display_name,
        entries,
        problems,
        excluded,
        marks,
        frozenset(m.known),
        published,
    )
    return member, problems


def _marks(lines: list[str], shown: str) -> tuple[Marks, list[Problem]]:
    """`followups`: "<entry> <person> <kind> dismiss|<due day>" a line (the two hashed); a
    bad line is a problem (its content never quoted: it is published) and only it is skipped."""
    dismissed, snoozed, problems = set(), {}, []
    for n, line in enumerate(lines, start=1):
        parts = line.split()
        day = _day(parts[3]) if len(parts) == 4 and parts[3] != "dismiss" else None
        if len(parts) != 4 or parts[2] not in KINDS or (parts[3] != "dismiss" and day is None):
            problems.append(
                Problem(shown, 0, f"followups line {n} is not as habits writes it", REPUBLISH)
            )
            continue
        mark = (parts[0], parts[1], parts[2])
        if day is None:
            dismissed.add(mark)
        else:
            snoozed[mark] = day
    return Marks(frozenset(dismissed), snoozed), problems


def _problems(error: ValidationError, shown: str, lines: Lines) -> list[Problem]:
    """Located problems that name the format's own keys, never the file's keys or values."""
    from habits.store.schema import MemberModel

    known = MemberModel.model_fields
    found = []
    for item in error.errors():
        loc = [p for p in item["loc"] if p != "root"]
        line = lines.locate(loc[:1])
        key = str(loc[0]) if loc else ""
        if key not in known:
            message = "a key the member-file format does not have"
        elif item["type"] == "missing":
            message = f"missing key '{key}'"
        elif item["type"] in PLAIN_ERRORS:
            message = f"{key}: {item['msg']}"
        else:
            message = f"{key}: not a valid value"
        found.append(Problem(shown, line, message, REPUBLISH))
    return found


def _entries(
    lines: list[str], text: str, shown: str, team: Team, pack: Pack
) -> tuple[list[Entry], list[Problem], int]:
    """The entries to score, in line order; a bad line is a problem and only it is skipped.

    Each entry gets an instant of its own on its day (midnight UTC, plus a millisecond per
    earlier line of that day) and the board scores in UTC: the engine's time order is then
    the file's line order within each day, whatever the ids.
    """
    first, last = team.season
    out: list[Entry] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    excluded = 0
    of_day: dict[date, int] = {}
    top = _entries_line(text)
    for n, line in enumerate(lines):
        number = top + 1 + n  # as published: one entry a line after `entries = [`
        parts = line.split(" ")
        if len(parts) != 7:
            problems.append(Problem(shown, number, "an entry needs 7 fields", REPUBLISH))
            continue
        entry_id, at_text, logged_text, action, venue, tags, people = parts
        at, logged = _day(at_text), _day(logged_text)
        if at is None or logged is None:
            problems.append(Problem(shown, number, "a bad date", REPUBLISH))
            continue
        if out_of_bounds(at) or out_of_bounds(logged):
            problems.append(
                Problem(shown, number, f"a date outside the years {YEARS}", "fix the entry")
            )
            continue
        venues, tag_values, hashes = _values(venue), _values(tags), _values(people)
        if venues is None or tag_values is None or hashes is None:
            problems.append(Problem(shown, number, "a broken percent-escape", REPUBLISH))
            continue
        if action not in pack.actions:
            problems.append(
                Problem(shown, number, "an action the team's pack does not have", REPUBLISH)
            )
            continue
        if entry_id in seen:
            problems.append(Problem(shown, number, "an id used twice", REPUBLISH))
            continue
        seen.add(entry_id)
        if at < first or (last is not None and at > last) or _late(at, logged, team):
            excluded += 1
            continue
        rank = of_day.get(at, 0)
        of_day[at] = rank + 1
        out.append(
            Entry(
                id=entry_id,
                at=datetime.combine(at, time(), UTC) + timedelta(milliseconds=rank),
                action=action,
                logged=datetime.combine(logged, time(), UTC),
                with_=hashes,
                where=venues[0] if venues else "",
                tags=tag_values,
            )
        )
    return out, problems, excluded


def _late(at: date, logged: date, team: Team) -> bool:
    return (logged - at).days > team.backdating_days


def _day(text: str) -> date | None:
    """A published day: YYYY-MM-DD, or (format 1) a time with its offset, cut to its date."""
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        at = datetime.fromisoformat(text)
    except ValueError:
        return None
    return at.date() if at.tzinfo is not None else None


def _entries_line(text: str) -> int:
    """The line of `entries = [` (1 if there is none to find), counted as TOML counts lines:
    `str.splitlines` would also break at a U+2028 or U+0085 that a display name may hold."""
    from habits.store.tomlfile import split_lines

    for number, line in enumerate(split_lines(text), start=1):
        if line.lstrip().startswith("entries") and "=" in line:
            return number
    return 1


def _values(field: str) -> tuple[str, ...] | None:
    """The percent-encoded values of a field; None if an escape is broken (`%ZZ`, or bytes
    that are not UTF-8), which would otherwise be read as some other text."""
    if field == "-":
        return ()
    if _BROKEN_ESCAPE.search(field):
        return None
    try:
        return tuple(unquote_to_bytes(v).decode("utf-8") for v in field.split(","))
    except UnicodeDecodeError:
        return None


_BROKEN_ESCAPE = re.compile("%(?![0-9A-Fa-f]{2})")
