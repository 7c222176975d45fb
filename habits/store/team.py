"""A team folder (team.toml, the team's pack, members/) and what a member publishes into it.

A member file carries only what the board scores. The format as it now is (`format = 2`):

    format = 2
    handle = "ada"
    display_name = "Ada L."          # opt-in; the handle is shown otherwise
    owner = "<32 hex digits>"        # owner mark: HMAC-SHA256(secret, "owner\0" + handle)
    published = 2026-11-20           # the day of publishing
    entries = [
      "<id> <at> <logged> <action> <venue> <tags> <people>",
    ]

- `id`: a keyed hash of the entry's id (HMAC-SHA256 under the member's secret, 16 hex
  digits), never the id itself, which an import may have made from a name.
- `at`, `logged`: the local days (YYYY-MM-DD) it happened and was recorded, no clock time.
  Lines are in scoring order (at, logged, then the order written in the log), and the board
  keeps that line order within a day (daily caps, follow-ups); the backdating window counts
  days (logged - at).
- `action`: an action of the team's pack (entries of other actions are not shared).
- `venue`, `tags`: percent-encoded, `-` when empty; shared only when a `where` or `tags`
  filter of one of the team's challenges names them, else empty.
- `people`: keyed hashes, HMAC-SHA256 of the person under a secret that stays in the
  member's workspace, so "new people" and follow-up rules still work while nobody can tell
  who anyone talked to, nor link contacts across members.

`known = ["<hash>", ...]` (only when there are any) lists the people of those entries who are
known contacts (`habits people import`): never new people on the board either. Only people
of published entries are listed, so it tells nothing of a member's address book.

The owner mark lets `team join` and `team publish` refuse a handle someone else published
(it is neither the secret nor reversible to it). Format 1 files (times with offsets, a
`timezone`, ids verbatim, no owner) still read: their times are cut to dates, and their
handle is claimed by the next publish. One line an entry keeps git diffs small and reads
fast (tomllib parses a string array ~7x faster than `[[entry]]` tables).
"""

from __future__ import annotations

import hmac
import os
import re
from datetime import date, datetime
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote

from habits.core.model import WEEKDAYS, Pack
from habits.core.problems import HabitsError
from habits.core.when import EARLIEST, LATEST, YEARS, out_of_bounds
from habits.store.files import NotWritten, temp_name, write_atomic
from habits.store.reader import OddFile, read_regular
from habits.store.teamfolder import MEMBERS, TEAM, Goal, Team
from habits.store.tomlvalue import toml_value

if TYPE_CHECKING:
    from habits.store.loaded import State
    from habits.store.workspace import Workspace

SECRET = ".team-secret"  # in the member's workspace; never published
KEY_BYTES = 32  # of the secret, written as hex
SECRET_BYTES = 4096  # a secret file over this is not ours
TEAMS = "teams.toml"  # in the member's workspace: the teams joined
HASH_CHARS = 16  # 64 bits of the HMAC: no collision in anyone's network
OWNER_CHARS = 32  # 128 bits: an owner mark nobody forges by chance
FORMAT = 2
# Every date a team file holds lies in these years: far from datetime's limits, so period
# and time zone arithmetic near them never overflows.
HANDLE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
TEAM_HEADER = "#:schema schema/team.json\n"
MEMBER_HEADER = (
    "#:schema ../schema/member.json\n"
    "# Published by `habits team publish`: no names of contacts, no notes, no times of day.\n"
    '# Each entry is "id at logged action venue tags people": the days it happened and was\n'
    "# recorded, ids and people as keyed hashes, and\n"
    "# venues and tags only where a team challenge filters on them.\n"
)


def load_team(folder: Path) -> tuple[Team, Pack]:
    """Read team.toml and the team's pack; a problem in either stops here with its place."""
    from pydantic import ValidationError

    from habits.store.pack import load_pack, read_toml
    from habits.store.schema import TeamModel, problems_of

    path = folder / TEAM
    if not path.is_file():
        raise HabitsError(f"no team at {folder}", "create one with `habits team init DIR`")
    _refuse_links_out(folder)
    data, lines, found = read_toml(path, str(path))
    if found:
        raise HabitsError(str(found[0]), "fix team.toml")
    try:
        m = TeamModel.model_validate(data)
    except ValidationError as error:
        raise HabitsError(str(problems_of(error, str(path), lines)[0]), "fix team.toml") from None
    pack, problems = load_pack(folder / "challenges", lambda p: str(p))
    if problems:
        raise HabitsError(
            f"the team's pack: {problems[0]}", "fix that file of the team's challenges/ folder"
        )
    goal = Goal(m.goal.title, m.goal.figure, m.goal.target, m.goal.period) if m.goal else None
    team = Team(
        folder,
        m.name,
        (m.season_start, m.season_end),
        WEEKDAYS.index(m.week_start),
        m.backdating_days,
        tuple(m.boards),
        goal,
        tuple(sorted({WEEKDAYS.index(day) for day in m.workdays})),
    )
    return team, pack


def init_team(folder: Path, pack: Path | None, name: str, start: date, end: date | None) -> None:
    """Write team.toml, a copy of the pack, members/ and the schemas."""
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
    if not EARLIEST <= start <= (end or start) <= LATEST:
        raise HabitsError(
            f"the season must lie in the years {YEARS}",
            "give --season-start (and --season-end) in those years",
        )
    folder.mkdir(parents=True, exist_ok=True)
    copy_pack(source, folder / "challenges")
    (folder / MEMBERS).mkdir(exist_ok=True)
    write_schemas(folder / "schema")
    lines = [
        f"name = {toml_value(name)}",
        f"season_start = {start.isoformat()}",
        *([f"season_end = {end.isoformat()}"] if end else []),
        'week_start = "monday"',
        'workdays = ["monday", "tuesday", "wednesday", "thursday", "friday"]  # others: rest',
        "backdating_days = 7   # entries recorded later than this after they happened do not count",
        'boards = ["week", "month", "season"]',
        "",
        "# The team's collective goal, shown as a progress bar:",
        "[goal]",
        '# title = "100 new people this month"   # default: said from target, figure, period',
        'figure = "new_people"   # points | new_people | connector | entries',
        "# target = 100          # default: for the team's size (8 new people a member a month)",
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
    team, _ = load_team(folder)
    key = secret(ws)  # first: nothing is written if it cannot be made or read
    claim(team, handle, key)
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
    _ignore(ws.root / ".gitignore", SECRET)
    return joined[-1]


def _refuse_links_out(folder: Path) -> None:
    """Stop at a file of the team that links out of the team folder: a shared folder may hold
    a link to any file of the machine that reads it (its keys would show in messages)."""
    root = folder.resolve()
    pack = folder / "challenges"
    for path in [folder / TEAM, pack, *(sorted(pack.glob("*.toml")) if pack.is_dir() else [])]:
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            raise HabitsError(
                f"{path} links out of the team folder; habits reads only files inside it",
                "put the file itself in the team folder",
            )


def secret(ws: Workspace) -> bytes:
    """The workspace's own key for hashing people: made once, never published."""
    path = ws.root / SECRET
    try:
        raw = read_regular(path, SECRET_BYTES)
    except FileNotFoundError:
        raw = _new_secret(path, ws.shown(path))
    except OddFile as odd:  # a FIFO or a device would hang the read: never open one
        raise HabitsError(f"{ws.shown(path)}: {odd.message}", odd.hint) from None
    except OSError as error:
        raise HabitsError(f"{ws.shown(path)}: {error.strerror}", "check its permissions") from None
    try:
        key = bytes.fromhex(raw.decode("utf-8").strip())
    except (UnicodeDecodeError, ValueError):
        key = b""
    if len(key) != KEY_BYTES:  # an empty key would hash every person the same, unkeyed
        raise HabitsError(
            f"{path} is damaged",
            "restore it from a backup; a new one changes every hash you published",
        )
    return key


def _new_secret(path: Path, shown: str) -> bytes:
    """Write a new secret whole, or not at all: a full disk leaves no empty key behind.

    Linked into place, not renamed: a parallel publish that made one first keeps its own.
    """
    raw = (os.urandom(KEY_BYTES).hex() + "\n").encode()
    tmp = temp_name(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return read_regular(path, SECRET_BYTES)
        except OSError:  # a file system without hard links (FAT, some shares)
            if path.exists():
                return read_regular(path, SECRET_BYTES)
            tmp.replace(path)
    except OSError as error:
        raise NotWritten(error, shown) from error
    finally:
        tmp.unlink(missing_ok=True)
    return raw


def _ignore(gitignore: Path, name: str) -> None:
    lines = gitignore.read_text(encoding="utf-8").splitlines() if gitignore.exists() else []
    if name not in lines:
        gitignore.write_text("\n".join([*lines, name]) + "\n", encoding="utf-8")


def hashed(key: bytes, person: str) -> str:
    return hmac.new(key, person.encode("utf-8"), sha256).hexdigest()[:HASH_CHARS]


def owner_mark(key: bytes, handle: str) -> str:
    """Who may publish a handle: derived from the secret, which it never reveals."""
    label = b"owner\0" + handle.encode("utf-8")  # apart from people's and ids' hashes
    return hmac.new(key, label, sha256).hexdigest()[:OWNER_CHARS]


def _entry_id(key: bytes, entry_id: str, taken: set[str]) -> str:
    """A keyed hash of an entry's id; a repeated id (a hand-edited log) gets a fresh one."""
    n = 0
    while True:
        text = f"entry\0{entry_id}" + (f"\0{n}" if n else "")
        found = hmac.new(key, text.encode("utf-8"), sha256).hexdigest()[:HASH_CHARS]
        if found not in taken:
            taken.add(found)
            return found
        n += 1


def _field(values: list[str] | tuple[str, ...]) -> str:
    return ",".join(quote(v, safe="") for v in values) if values else "-"


def scored_places(pack: Pack) -> tuple[frozenset[str], frozenset[str]]:
    """The venues and tags a filter of one of the pack's challenges names."""
    venues = frozenset().union(*(c.where for c in pack.challenges.values()))
    tags = frozenset().union(*(c.tags for c in pack.challenges.values()))
    return venues, tags


class Publication(NamedTuple):
    path: Path
    text: str
    entries: int
    left_out: int  # entries of actions the team's pack does not have


def member_file(
    state: State, team: Team, pack: Pack, membership: Membership, now: datetime
) -> tuple[str, int, int]:
    """The member file's text, its entry count and how many entries the pack cannot score."""
    from habits.core.periods import Calendar
    from habits.core.timeline import in_order

    key = secret(state.workspace)
    calendar = Calendar(state.settings)
    first, last = team.season
    venues, tags = scored_places(pack)
    lines, ids, left_out = [], set[str](), 0
    published: dict[str, str] = {}  # an entry's id -> its hash, for the follow-ups below
    known: set[str] = set()  # the known contacts (hashed) of the entries published
    for entry in in_order(state.entries):  # scoring order: the board takes them in this order
        if out_of_bounds(entry.at.date()) or out_of_bounds(entry.logged.date()):
            continue  # out of any season, and beyond what period arithmetic can hold
        day = calendar.day_of(entry.at)
        if day < first or (last is not None and day > last):
            continue
        if entry.action not in pack.actions:
            left_out += 1
            continue
        keys = {state.directory.key(n) for n in entry.with_}
        people = sorted({hashed(key, k) for k in keys})
        known.update(hashed(key, k) for k in keys & state.directory.known)
        where = entry.where.casefold()
        shared_tags = dict.fromkeys(t.casefold() for t in entry.tags if t.casefold() in tags)
        entry_hash = _entry_id(key, entry.id, ids)
        published.setdefault(entry.id, entry_hash)  # a repeated id: the first one's marks
        parts = [
            entry_hash,
            day.isoformat(),
            calendar.day_of(entry.logged).isoformat(),
            entry.action,
            _field([where] if where in venues else []),
            _field(list(shared_tags)),
            _field(people),
        ]
        lines.append("  " + toml_value(" ".join(parts)) + ",")
    shown = membership.display_name
    head = [
        f"format = {FORMAT}",
        f"handle = {toml_value(membership.handle)}",
        *([f"display_name = {toml_value(shown)}"] if shown else []),
        f"owner = {toml_value(owner_mark(key, membership.handle))}",
        f"published = {calendar.day_of(now).isoformat()}",
        "entries = [",
    ]  # fmt: skip
    tail = ["]", *_known_shared(known), *_marks_shared(state, key, published)]
    return MEMBER_HEADER + "\n".join([*head, *lines, *tail]) + "\n", len(lines), left_out


def _known_shared(known: set[str]) -> list[str]:
    """The people of the entries published who are known contacts (hashed as they are), so
    the board does not count them as new; no `known` key when there are none."""
    if not known:
        return []
    return ["known = [", *(f"  {toml_value(h)}," for h in sorted(known)), "]"]


def _marks_shared(state: State, key: bytes, published: dict[str, str]) -> list[str]:
    """The follow-ups dismissed or snoozed of the entries published, hashed as they are (a
    member who said nothing of any shares no `followups` key at all)."""
    found = []
    for mark in state.mark_records:
        if mark.entry not in published:
            continue
        person = hashed(key, state.directory.key(mark.person))
        last = "dismiss" if mark.what == "dismiss" else mark.day.isoformat()
        found.append(
            "  " + toml_value(f"{published[mark.entry]} {person} {mark.kind} {last}") + ","
        )
    return ["followups = [", *found, "]"] if found else []


def publish(state: State, membership: Membership, now: datetime) -> Publication:
    """The member file for one team, checked to be ours to write; the caller writes it."""
    team, pack = load_team(membership.folder)
    path = claim(team, membership.handle, secret(state.workspace))
    text, count, left_out = member_file(state, team, pack, membership, now)
    return Publication(path, text, count, left_out)


def claim(team: Team, handle: str, key: bytes | None) -> Path:
    """Return the member file of a handle if this key may write it, else refuse."""
    from habits.store.members import owner_of

    # Ours: inside the team folder, and without an owner mark (a format 1 file, or none
    # yet) or with this key's. `key` None: a workspace without a secret owns nothing.

    members = team.members
    if members.is_symlink():
        raise HabitsError(
            f"{members} is a symlink: habits writes only inside the team folder",
            "make members/ a plain folder of the team folder",
        )
    path = members / f"{handle}.toml"
    owner = owner_of(path)
    if owner is not None and (key is None or owner != owner_mark(key, handle)):
        raise HabitsError(
            f"{MEMBERS}/{handle}.toml belongs to another member (published with another secret)",
            f"pick another handle: habits team join {team.folder} --as ANOTHER",
        )
    return path
