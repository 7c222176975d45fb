"""A team folder (team.toml, the team's pack, members/) and what a member publishes into it.

A member file carries only what scoring needs. Each entry is one line of text:

    "<id> <at> <logged> <action> <venue> <tags> <people>"

`at` is the local date and time with its offset, `logged` when it was recorded, venue and tags
are percent-encoded (`-` when empty), and people are keyed hashes: HMAC-SHA256 of the person
under a secret that stays in the member's workspace, so "new people" and follow-up rules still
work while nobody can tell who anyone talked to, nor link contacts across members. One line an
entry keeps git diffs small and reads fast (tomllib parses a string array ~7x faster than
`[[entry]]` tables: a thousand members' year in seconds).
"""

from __future__ import annotations

import hmac
import os
import re
import tomllib
from datetime import date, datetime
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote, unquote

from habits.core.model import WEEKDAYS, Entry, Pack
from habits.core.problems import HabitsError, Problem
from habits.store.files import write_atomic

if TYPE_CHECKING:
    from habits.store.state import State
    from habits.store.workspace import Workspace

TEAM = "team.toml"
MEMBERS = "members"
SECRET = ".team-secret"  # in the member's workspace; never published
TEAMS = "teams.toml"  # in the member's workspace: the teams joined
MAX_MEMBER_BYTES = 20_000_000  # a member file over this is refused (a year is ~0.1 MB)
HASH_CHARS = 16  # 64 bits of the HMAC: no collision in anyone's network
HANDLE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
TEAM_HEADER = "#:schema schema/team.json\n"
MEMBER_HEADER = (
    "#:schema ../schema/member.json\n"
    "# Published by `habits team publish`: no names of contacts, no notes. Each entry is\n"
    '# "id at logged action venue tags people", people as keyed hashes.\n'
)


class Goal(NamedTuple):
    title: str
    figure: str  # points, new_people, connector, entries
    target: int
    period: str  # week, month, season


class Team(NamedTuple):
    folder: Path
    name: str
    season: tuple[date, date | None]
    week_start: int
    backdating_days: int
    boards: tuple[str, ...]
    goal: Goal | None

    @property
    def members(self) -> Path:
        return self.folder / MEMBERS


def load_team(folder: Path) -> tuple[Team, Pack]:
    """Read team.toml and the team's pack; a problem in either stops here with its place."""
    from pydantic import ValidationError

    from habits.store.pack import load_pack, read_toml
    from habits.store.schema import TeamModel, problems_of

    path = folder / TEAM
    if not path.is_file():
        raise HabitsError(f"no team at {folder}", "create one with `habits team init DIR`")
    data, lines, found = read_toml(path, str(path))
    if found:
        raise HabitsError(str(found[0]), "fix team.toml")
    try:
        m = TeamModel.model_validate(data)
    except ValidationError as error:
        raise HabitsError(str(problems_of(error, str(path), lines)[0]), "fix team.toml") from None
    pack, problems = load_pack(folder / "challenges", lambda p: str(p))
    if problems:
        raise HabitsError(f"the team's pack: {problems[0]}", "fix it; `habits check` helps")
    goal = Goal(m.goal.title, m.goal.figure, m.goal.target, m.goal.period) if m.goal else None
    team = Team(
        folder,
        m.name,
        (m.season_start, m.season_end),
        WEEKDAYS.index(m.week_start),
        m.backdating_days,
        tuple(m.boards),
        goal,
    )
    return team, pack


def init_team(folder: Path, pack: Path | None, name: str, start: date, end: date | None) -> None:
    """Write team.toml, a copy of the pack, members/ and the schemas."""
    from habits.store.logfile import toml_value
    from habits.store.pack import default_pack_dir, load_pack
    from habits.store.schema import write_schemas
    from habits.store.workspace import copy_pack

    if (folder / TEAM).exists():
        raise HabitsError(f"{folder} already holds a team", "pick another folder")
    source = pack or default_pack_dir()
    if load_pack(source, str)[1]:
        raise HabitsError(f"the pack at {source} has problems", "run `habits check` on a copy")
    if end is not None and end < start:
        raise HabitsError("--season-end is before --season-start", "give the first and last day")
    folder.mkdir(parents=True, exist_ok=True)
    copy_pack(source, folder / "challenges")
    (folder / MEMBERS).mkdir(exist_ok=True)
    write_schemas(folder / "schema")
    lines = [
        f"name = {toml_value(name)}",
        f"season_start = {start.isoformat()}",
        *([f"season_end = {end.isoformat()}"] if end else []),
        'week_start = "monday"',
        "backdating_days = 7   # entries recorded later than this after they happened do not count",
        'boards = ["week", "month", "season"]',
        "",
        "# The team's collective goal, shown as a progress bar:",
        "[goal]",
        'title = "200 new people this month"',
        'figure = "new_people"   # points | new_people | connector | entries',
        "target = 200",
        'period = "month"        # week | month | season',
    ]
    (folder / TEAM).write_text(TEAM_HEADER + "\n".join(lines) + "\n", encoding="utf-8")


# -- the member's side ---------------------------------------------------------------------


class Membership(NamedTuple):
    folder: Path
    handle: str
    display_name: str | None


def memberships(ws: Workspace) -> list[Membership]:
    path = ws.root / TEAMS
    if not path.exists():
        return []
    from pydantic import ValidationError

    from habits.store.pack import read_toml
    from habits.store.schema import TeamsFile, problems_of

    shown = ws.shown(path)
    data, lines, found = read_toml(path, shown)
    if found:
        raise HabitsError(str(found[0]), "fix teams.toml, or join the team again")
    try:
        teams = TeamsFile.model_validate(data)
    except ValidationError as error:
        raise HabitsError(str(problems_of(error, shown, lines)[0]), "fix teams.toml") from None
    return [Membership(Path(t.folder), t.handle, t.display_name) for t in teams.team]


def join(ws: Workspace, folder: Path, handle: str, display_name: str | None) -> Membership:
    """Record the membership in the workspace and make the secret the hashes use."""
    from habits.store.logfile import format_block

    if not HANDLE.match(handle):
        raise HabitsError(
            f"'{handle}' is not a valid handle", "use 1-40 lowercase letters, digits, - and _"
        )
    load_team(folder)  # a real team folder
    joined = [m for m in memberships(ws) if m.folder.resolve() != folder.resolve()]
    joined.append(Membership(folder.resolve(), handle, display_name or None))
    blocks = []
    for m in joined:
        table: dict[str, object] = {"folder": str(m.folder), "handle": m.handle}
        if m.display_name:
            table["display_name"] = m.display_name
        blocks.append(format_block("team", table))
    header = "#:schema schema/teams.json\n# Teams you publish to (`habits team publish`).\n"
    write_atomic(ws.root / TEAMS, header + "".join(blocks))
    secret(ws)
    _ignore(ws.root / ".gitignore", SECRET)
    return joined[-1]


def secret(ws: Workspace) -> bytes:
    """The workspace's own key for hashing people: made once, never published."""
    path = ws.root / SECRET
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(os.urandom(32).hex() + "\n")
    try:
        return bytes.fromhex(path.read_text(encoding="utf-8").strip())
    except (UnicodeDecodeError, ValueError):
        raise HabitsError(
            f"{path} is damaged",
            "restore it from a backup; a new one changes every hash you published",
        ) from None


def _ignore(gitignore: Path, name: str) -> None:
    lines = gitignore.read_text(encoding="utf-8").splitlines() if gitignore.exists() else []
    if name not in lines:
        gitignore.write_text("\n".join([*lines, name]) + "\n", encoding="utf-8")


def hashed(key: bytes, person: str) -> str:
    return hmac.new(key, person.encode("utf-8"), sha256).hexdigest()[:HASH_CHARS]


def _field(values: list[str] | tuple[str, ...]) -> str:
    return ",".join(quote(v, safe="") for v in values) if values else "-"


def member_file(state: State, team: Team, membership: Membership, now: datetime) -> str:
    """The member file's text: the season's entries, people hashed, no names and no notes."""
    from habits.core.engine import in_order
    from habits.core.periods import Calendar
    from habits.store.logfile import toml_value

    key = secret(state.workspace)
    calendar = Calendar(state.settings)
    first, last = team.season
    lines = []
    for entry in in_order(state.entries):  # the board takes them in this order
        day = calendar.day_of(entry.at)
        if day < first or (last is not None and day > last):
            continue
        people = sorted({hashed(key, state.directory.key(n)) for n in entry.with_})
        at = calendar.local(entry.at).isoformat(timespec="minutes")
        logged = entry.logged.isoformat(timespec="seconds")
        where = _field([entry.where] if entry.where else [])
        parts = [entry.id, at, logged, entry.action, where, _field(entry.tags), _field(people)]
        lines.append("  " + toml_value(" ".join(parts)) + ",")
    shown = membership.display_name
    head = [
        "format = 1",
        f"handle = {toml_value(membership.handle)}",
        *([f"display_name = {toml_value(shown)}"] if shown else []),
        f"timezone = {toml_value(state.settings.timezone)}",
        f"published = {now.replace(microsecond=0).isoformat()}",
        "entries = [",
    ]  # fmt: skip
    return MEMBER_HEADER + "\n".join([*head, *lines, "]"]) + "\n"


def publish(state: State, membership: Membership, now: datetime) -> tuple[Path, str, int]:
    """Write the member file into the team folder (atomically); return path, text, entries."""
    team, _ = load_team(membership.folder)
    text = member_file(state, team, membership, now)
    path = team.members / f"{membership.handle}.toml"
    return path, text, text.count('\n  "')


# -- the team's side -----------------------------------------------------------------------


class Member(NamedTuple):
    handle: str
    display_name: str | None
    timezone: str
    entries: list[Entry]
    problems: list[Problem]  # damaged lines: reported, the others still count
    excluded: int  # entries outside the season or recorded too late (fair play)

    @property
    def shown(self) -> str:
        return self.display_name or self.handle


def read_member(path: Path, team: Team, pack: Pack) -> tuple[Member | None, list[Problem]]:
    """Validate a member file; a file-level problem leaves the member out, with its place."""
    from pydantic import ValidationError

    from habits.store.schema import MemberModel, problems_of
    from habits.store.tomlfile import Lines, error_line, error_text

    shown = f"{MEMBERS}/{path.name}"
    size = path.stat().st_size
    if size > MAX_MEMBER_BYTES:
        return None, [
            Problem(shown, 0, f"too large ({size:,} bytes; at most {MAX_MEMBER_BYTES:,})")
        ]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        return None, [Problem(shown, 1, "not UTF-8 text")]
    except tomllib.TOMLDecodeError as error:
        return None, [Problem(shown, error_line(error), f"bad TOML: {error_text(error)}")]
    try:
        m = MemberModel.model_validate(data)
    except ValidationError as error:
        return None, problems_of(error, shown, Lines(text))
    if m.handle != path.stem:
        line = Lines(text).locate(["handle"])
        return None, [
            Problem(shown, line, f"handle '{m.handle}' does not match the file name",
                    f"name the file {m.handle}.toml, or publish again")
        ]  # fmt: skip
    entries, problems, excluded = _entries(m.entries, text, shown, team, pack)
    return Member(m.handle, m.display_name, m.timezone, entries, problems, excluded), problems


def _entries(
    lines: list[str], text: str, shown: str, team: Team, pack: Pack
) -> tuple[list[Entry], list[Problem], int]:
    first, last = team.season
    window = team.backdating_days * 86400
    out, problems, seen, excluded = [], [], set(), 0
    start = text.find("entries")
    where_line = text.count("\n", 0, start) + 1 if start >= 0 else 1
    for n, line in enumerate(lines):
        number = where_line + 1 + n  # as published: one entry a line after `entries = [`
        parts = line.split(" ")
        if len(parts) != 7:
            problems.append(Problem(shown, number, "an entry needs 7 fields", "publish again"))
            continue
        entry_id, at_text, logged_text, action, venue, tags, people = parts
        try:
            at = datetime.fromisoformat(at_text)
            logged = datetime.fromisoformat(logged_text)
            if at.tzinfo is None or logged.tzinfo is None:
                raise ValueError("no offset")
        except ValueError:
            problems.append(Problem(shown, number, f"bad time in entry '{entry_id}'"))
            continue
        if action not in pack.actions:
            problems.append(
                Problem(shown, number, f"unknown action '{action}'", "the team's pack decides")
            )
            continue
        if entry_id in seen:
            problems.append(Problem(shown, number, f"id '{entry_id}' is used twice"))
            continue
        seen.add(entry_id)
        day = at.date()
        late = (logged - at).total_seconds() > window
        if day < first or (last is not None and day > last) or late:
            excluded += 1
            continue
        out.append(
            Entry(
                id=entry_id,
                at=at,
                action=action,
                logged=logged,
                with_=_values(people),
                where=_values(venue)[0] if venue != "-" else "",
                tags=_values(tags),
            )
        )
    return out, problems, excluded


def _values(field: str) -> tuple[str, ...]:
    return () if field == "-" else tuple(unquote(v) for v in field.split(","))


def member_files(team: Team) -> list[Path]:
    return sorted(team.members.glob("*.toml")) if team.members.is_dir() else []
