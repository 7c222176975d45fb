"""Rests (pauses.toml): a rest recorded, and the rests that name a challenge the pack lacks."""

from __future__ import annotations

from datetime import date

from habits.core.model import Pause
from habits.core.problems import HabitsError, Problem, suggest
from habits.store.files import append_text, write_atomic
from habits.store.loaded import State
from habits.store.logfile import format_block
from habits.store.reader import read_regular

PAUSES_HEADER = (
    "#:schema schema/pauses.json\n"
    "# Rests: a period that overlaps one and is not met neither breaks nor extends a streak.\n"
)


def add_pause(state: State, start: date, end: date, challenge: str | None, note: str) -> Pause:
    """Record a rest (the caller holds the lock)."""
    if end < start:
        raise HabitsError(
            f"--to {end} is before --from {start}", "give the first and last day of the rest"
        )
    if challenge is not None and challenge not in state.pack.challenges:
        hint = suggest(challenge, state.pack.challenges) or "see `habits status` for the ids"
        raise HabitsError(f"unknown challenge '{challenge}'", hint)
    rest = Pause(start, end, challenge, note)
    if rest in state.pauses:
        raise HabitsError(
            f"that rest is recorded already (id {rest.id})", "`habits pause --list` shows them"
        )
    table: dict[str, object] = {"from": start, "to": end}
    if challenge:
        table["challenge"] = challenge
    if note:
        table["note"] = note
    ws = state.workspace
    append_text(ws.pauses, format_block("pause", table), PAUSES_HEADER, ws.shown(ws.pauses))
    return Pause(start, end, challenge, note)


def remove_pause(state: State, wanted: str) -> Pause:
    """Remove the rest an id, or a unique start of one, names (the caller holds the lock):
    an atomic rewrite of pauses.toml without its block."""
    from habits.store.logfile import decode_log, without_entry
    from habits.store.schema import PauseModel, validate_blocks

    ws = state.workspace
    try:
        raw = read_regular(ws.pauses)
    except FileNotFoundError:
        raw = b""
    text, _ = decode_log(raw, ws.shown(ws.pauses))
    good, _ = validate_blocks(text, ws.shown(ws.pauses), "pause", PauseModel)
    rests = [(Pause(m.from_, m.to, m.challenge, m.note), line) for m, line in good]
    wanted = wanted.strip()
    found = [(rest, line) for rest, line in rests if wanted and rest.id.startswith(wanted)]
    if not found:
        raise HabitsError(f"no rest with id '{wanted}'", "`habits pause --list` shows the ids")
    if len({rest.id for rest, _ in found}) > 1:
        ids = ", ".join(sorted({rest.id for rest, _ in found}))
        raise HabitsError(f"'{wanted}' starts several ids: {ids}", "give more of it")
    rest, line = found[0]
    write_atomic(
        ws.pauses,
        without_entry(raw.decode("utf-8", errors="surrogateescape"), line, "pause").encode(
            "utf-8", errors="surrogateescape"
        ),
    )
    return rest


def check_pauses(state: State) -> list[Problem]:
    """A rest for a challenge the pack no longer has does nothing: say so, with its line."""
    from habits.store.tomlfile import Lines, block_span, split_array, split_lines

    path = state.workspace.pauses
    unknown = [
        p
        for p in state.pauses
        if p.challenge is not None and p.challenge not in state.pack.challenges
    ]
    if not unknown:
        return []
    shown = state.workspace.shown(path)
    try:
        text = read_regular(path).decode("utf-8", errors="replace")
    except OSError:  # gone since it was read: the rests are still named, without a line
        text = ""
    lines = split_lines(text)
    found: dict[tuple[object, ...], list[int]] = {}  # a rest -> the lines of its challenge key
    for chunk in split_array(text, "pause")[0]:
        table = chunk.table or {}
        if isinstance(table.get("challenge"), str):
            start, end = block_span(text, "pause", chunk.line)
            line = Lines("".join(lines[start:end])).locate(["challenge"], "pause") + start
            rest = (table.get("from"), table.get("to"), table["challenge"])
            found.setdefault(rest, []).append(line)
    return [
        Problem(
            shown,
            # each rest its own line, in file order, when two name the same challenge
            (found.get((p.start, p.end, p.challenge)) or [0]).pop(0),
            f"rest {p.start}..{p.end} names unknown challenge '{p.challenge}'",
            suggest(p.challenge, state.pack.challenges)
            or "remove the challenge line to rest from all challenges",
        )
        for p in unknown
        if p.challenge is not None
    ]
