"""Load a challenge pack folder into a core Pack, collecting every problem with its place."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from habits.core.model import Action, Badge, Challenge, Opener, Pack, venue_key
from habits.core.problems import Problem, suggest
from habits.store.tomlfile import Lines, describe

RESERVED = ("actions", "badges", "levels", "openers")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

Shown = Callable[[Path], str]


def default_pack_dir() -> Path:
    """Return the default pack: shipped inside the wheel, or the checkout's challenges/."""
    here = Path(__file__).resolve().parent.parent
    shipped = here / "_pack"
    return shipped if shipped.is_dir() else here.parent / "challenges"


def pack_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.toml"))


def read_pack_files(folder: Path, shown: Shown, problems: list[Problem]) -> dict[str, bytes]:
    """The bytes of a pack's TOML files by name; a FIFO, a folder or a huge file is a problem."""
    from habits.store.reader import OddFile, read_regular

    files = {}
    for path in pack_files(folder):
        try:
            files[path.name] = read_regular(path)
        except OddFile as odd:
            problems.append(odd.problem(shown(path)))
    return files


def read_toml(path: Path, shown: str) -> tuple[dict[str, Any], Lines, list[Problem]]:
    """Parse one TOML file; a syntax error becomes a located problem and an empty table."""
    from habits.store.reader import OddFile, read_regular

    try:
        raw = read_regular(path)
    except OddFile as odd:  # a FIFO, a folder, a huge file: never read
        return {}, Lines(""), [odd.problem(shown)]
    return parse_toml(raw, shown)


def parse_toml(raw: bytes, shown: str) -> tuple[dict[str, Any], Lines, list[Problem]]:
    """Parse the bytes of a TOML file; a syntax error becomes a located problem."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        from habits.store.logfile import decode_log

        # each bad line with its place; the file is not read, so no byte is "read as" anything
        found = decode_log(raw, shown)[1]
        return {}, Lines(""), [p._replace(message=p.message.split(" (")[0]) for p in found]
    try:
        return tomllib.loads(text), Lines(text), []
    except tomllib.TOMLDecodeError as error:
        line, message, hint = describe(error, text)
        return {}, Lines(text), [Problem(shown, line, f"bad TOML: {message}", hint)]


def load_pack(
    folder: Path, shown: Shown, files: dict[str, bytes] | None = None
) -> tuple[Pack, list[Problem]]:
    """Validate every file of a pack; a bad table or file is left out, the rest still loads.

    `files` holds the bytes of the folder's TOML files by name, if the caller read them.
    """
    from pydantic import ValidationError

    from habits.store import schema

    problems: list[Problem] = []
    if not folder.is_dir():
        return Pack({}, {}), [Problem(shown(folder), 0, "no such pack folder")]
    if files is None:
        files = read_pack_files(folder, shown, problems)

    def toml(path: Path) -> tuple[dict[str, Any], Lines, list[Problem]]:
        return parse_toml(files[path.name], shown(path))

    def tables(name: str, model: type[Any]) -> dict[str, tuple[Any, Lines, int]]:
        path = folder / f"{name}.toml"
        if path.name not in files:
            return {}
        data, lines, found = toml(path)
        problems.extend(found)
        out = {}
        for key, table in data.items():
            if not isinstance(table, dict):
                problems.append(
                    Problem(
                        shown(path),
                        lines.locate([key]),
                        f"'{key}' must be a table",
                        f"write [{key}]",
                    )
                )
                continue
            if not _ID.match(key):
                problems.append(_bad_id(shown(path), lines.headers.get(key, 1), key))
                continue
            try:
                out[key] = (model.model_validate(table), lines, lines.headers.get(key, 1))
            except ValidationError as error:
                problems.extend(schema.problems_of(error, shown(path), lines, section=key))
        return out

    actions_path = folder / "actions.toml"
    if actions_path.name not in files:
        problems.append(
            Problem(shown(actions_path), 0, "missing file", "a pack needs actions.toml")
        )
    actions = {
        key: Action(
            id=key,
            title=m.title,
            points=m.points,
            aliases=tuple(m.aliases),
            daily_cap=m.daily_cap,
            description=m.description,
            follow_up_days=m.follow_up_days,
            closes_follow_up=m.closes_follow_up,
            meet_check_days=m.meet_check_days,
            win=m.win,
        )
        for key, (m, _, _) in tables("actions", schema.ActionModel).items()
    }
    openers = {
        key: Opener(key, m.text, frozenset(venue_key(t) for t in m.tags))
        for key, (m, _, _) in tables("openers", schema.OpenerModel).items()
    }
    actions_text = files.get(actions_path.name, b"").decode("utf-8", errors="replace")
    actions_lines = Lines(actions_text)
    problems.extend(_alias_problems(actions, shown(actions_path), actions_lines))
    # An action actions.toml declares but could not read is reported there, not at each use
    declared = frozenset(actions_lines.headers) - actions.keys()

    challenges = {}
    broken = set()  # challenge files already reported: no second message for references
    for path in [folder / name for name in sorted(files)]:
        if path.stem in RESERVED:
            continue
        if not _ID.match(path.stem):
            problems.append(_bad_id(shown(path), 1, path.stem, file=True))
            continue
        data, lines, found = toml(path)
        problems.extend(found)
        if found:
            broken.add(path.stem)
            continue
        try:
            m = schema.ChallengeModel.model_validate(data)
        except ValidationError as error:
            problems.extend(schema.problems_of(error, shown(path), lines))
            broken.add(path.stem)
            continue
        unknown = _unknown(m.actions, actions, declared, shown(path), lines, "actions")
        unknown += _unknown(m.after, actions, declared, shown(path), lines, "after")
        problems.extend(unknown)
        challenges[path.stem] = Challenge(
            id=path.stem,
            title=m.title,
            description=m.description,
            actions=frozenset(a for a in m.actions if a in actions),
            where=frozenset(venue_key(w) for w in m.where),
            tags=frozenset(venue_key(t) for t in m.tags),
            measure=m.count,
            after=frozenset(m.after),
            within_days=m.within_days,
            target=m.target,
            every=m.every,
            points=m.points,
            streak_bonus=m.streak_bonus,
            start=m.start,
            end=m.end,
            workdays_only=m.workdays_only,
        )

    badges = []
    badges_path = folder / "badges.toml"
    for key, (m, lines, _line) in tables("badges", schema.BadgeModel).items():
        if m.action is not None and m.action not in actions:
            if m.action in declared:
                continue
            problems.append(
                _unknown_ref(
                    shown(badges_path), lines.locate(["action"], key), "action", m.action, actions
                )
            )
            continue
        if m.challenge is not None and m.challenge not in challenges:
            if m.challenge in broken:
                continue
            problems.append(
                _unknown_ref(
                    shown(badges_path),
                    lines.locate(["challenge"], key),
                    "challenge",
                    m.challenge,
                    challenges,
                )
            )
            continue
        figure = m.figure
        badges.append(
            Badge(
                id=key,
                title=m.title,
                figure=figure,
                threshold=getattr(m, figure),
                description=m.description,
                action=m.action,
                challenge=m.challenge,
            )
        )

    levels: tuple[int, ...] | None = None
    names: tuple[str, ...] = ()
    levels_path = folder / "levels.toml"
    if levels_path.name in files:
        data, lines, found = toml(levels_path)
        problems.extend(found)
        try:
            lm = schema.LevelsModel.model_validate(data)
            levels, names = tuple(lm.thresholds), tuple(lm.names)
        except ValidationError as error:
            if not found:
                problems.extend(schema.problems_of(error, shown(levels_path), lines))
    damaged = {key: actions_lines.headers[key] for key in sorted(declared)}
    return Pack(actions, challenges, tuple(badges), levels, names, openers, damaged), problems


def _bad_id(shown: str, line: int, key: str, file: bool = False) -> Problem:
    what = "file name" if file else "id"
    return Problem(
        shown, line, f"'{key}' is not a valid {what}", "use lowercase letters, digits, - and _"
    )


def _unknown(
    ids: list[str],
    actions: dict[str, Action],
    declared: frozenset[str],
    shown: str,
    lines: Lines,
    key: str,
) -> list[Problem]:
    return [
        _unknown_ref(shown, lines.locate([key]), "action", a, actions)
        for a in ids
        if a not in actions and a not in declared
    ]


def _unknown_ref(shown: str, line: int, kind: str, value: str, known: dict[str, Any]) -> Problem:
    hint = suggest(value, known) or f"known: {', '.join(sorted(known)) or 'none'}"
    return Problem(shown, line, f"unknown {kind} '{value}'", hint)


def _alias_problems(actions: dict[str, Action], shown: str, lines: Lines) -> list[Problem]:
    """Aliases must not shadow an action id or another alias."""
    problems = []
    owner: dict[str, str] = {}
    for action in actions.values():
        for alias in action.aliases:
            other = alias if alias in actions else owner.get(alias)
            if other is not None and other != action.id:
                problems.append(
                    Problem(
                        shown,
                        lines.locate(["aliases"], action.id),
                        f"alias '{alias}' of '{action.id}' is already taken by '{other}'",
                        "pick another alias",
                    )
                )
            owner.setdefault(alias, action.id)
    return problems
