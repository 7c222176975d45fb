"""The entries of the log as they are written: drafted from what a person typed, appended
(locked and flushed), removed (an atomic rewrite)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from habits.core.model import WIN_KINDS, Entry, Pack, entry_line, person_key, tidy, venue_key
from habits.core.people import near_misses, or_list
from habits.core.problems import HabitsError, suggest
from habits.core.when import parse_when
from habits.store.cache import CHECKS, PROBLEMS, digest
from habits.store.files import NotWritten, append_text, replace_all, write_atomic
from habits.store.kept import LogIndex
from habits.store.loaded import State
from habits.store.logfile import HEADER, format_entry, without_entry
from habits.store.reader import read_regular
from habits.store.workspace import Workspace

if TYPE_CHECKING:
    from habits.store.journal import Recorder


def resolve_action(pack: Pack, text: str) -> str:
    """Return the action an id, alias or unique prefix names."""
    word = text.strip().casefold()
    if word in pack.actions:
        return word
    for action in pack.actions.values():
        if word in (a.casefold() for a in action.aliases):
            return action.id
    matches = sorted(a for a in pack.actions if word and a.startswith(word))
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise HabitsError(f"'{text}' could be {', '.join(matches)}", "type a few more letters")
    if word in pack.damaged:
        raise HabitsError(
            f"action '{word}' is declared at challenges/actions.toml:{pack.damaged[word]} "
            "but could not be read",
            "fix it there (`habits check` lists what is wrong), then log again",
        )
    names = list(pack.actions) + [al for a in pack.actions.values() for al in a.aliases]
    known = f"actions: {', '.join(sorted(pack.actions))}" if pack.actions else ""
    hint = suggest(word, names) or known or "the pack has no action: `habits check` says why"
    raise HabitsError(f"unknown action '{text}'", hint)


def new_id(taken: set[str]) -> str:
    while (candidate := os.urandom(5).hex()) in taken:
        pass  # 40 random bits: a clash is rare, but an id must be unique
    return candidate


def venue_warning(pack: Pack, index: LogIndex, where: str) -> str:
    """A new venue that looks like a typo of a known one earns a warning (it is still logged)."""
    if not where:
        return ""
    known = {w for c in pack.challenges.values() for w in c.where} | index.venues
    if where in known:
        return ""
    close = suggest(where, known)
    return f"'{where}' is a new venue; {close}" if close else ""


def draft(
    state: State,
    index: LogIndex,
    action: str,
    with_: Sequence[str],
    where: str,
    note: str,
    tags: Sequence[str],
    when: str,
    now: datetime,
    *,
    new: bool = False,
    kind: str = "",
    opener: str = "",
) -> Entry:
    """Turn what a person typed into an entry, or say exactly what is wrong.

    A name close to a known person's but not theirs ("Sam" for "Sam Lee", "Jon" for "John")
    is refused unless `new` says it is somebody else: two people are never merged silently.
    """
    action_id = resolve_action(state.pack, action)
    for text in (*with_, where, note, *tags):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise HabitsError(
                f"{text!r} is not valid text", "check your terminal's encoding"
            ) from None
    known = index.people
    people: list[str] = []
    for raw in with_:
        name = tidy(raw)
        if not name:
            raise HabitsError("empty name in --with", 'give a name, e.g. --with "Sam Lee"')
        if not new and (close := near_misses(name, known)):
            raise HabitsError(
                f"'{name}' is not someone you have logged; did you mean {or_list(close)}?",
                f"use the name you meant, or add --new if '{name}' is somebody else",
            )
        name = known.get(person_key(name), name)
        if person_key(name) not in {person_key(p) for p in people}:
            people.append(name)
    entry = Entry(
        id=new_id(index.ids),
        at=parse_when(when, now, ZoneInfo(state.settings.timezone)),
        action=action_id,
        logged=now.astimezone(ZoneInfo(state.settings.timezone)).replace(microsecond=0),
        with_=tuple(people),
        where=venue_key(where),
        note=note.strip(),
        tags=tuple(dict.fromkeys(venue_key(t) for t in tags if t.strip())),
        opener=_opener(state.pack, opener),
        kind=win_kind(state.pack, action_id, kind),
    )
    # Where it is to be written (line 0: not yet), for a tally to tell it comes last.
    return entry._replace(origin=f"{state.workspace.shown(month_file(state, entry))}:0")


def month_file(state: State, entry: Entry) -> Path:
    """The log file an entry is appended to: the one of its local month."""
    local = entry.at.astimezone(ZoneInfo(state.settings.timezone))
    return state.workspace.month_file(local.year, local.month)


def win_kind(pack: Pack, action: str, kind: str) -> str:
    """A win's kind (default other); any other action takes none."""
    if not pack.actions[action].win:
        if kind:
            wins = [a for a in pack.actions.values() if a.win]
            hint = f"log it as a win: habits log {wins[0].id} --kind {kind}" if wins else ""
            raise HabitsError(f"--kind is for wins, not for '{action}'", hint)
        return ""
    word = kind.strip().casefold() or "other"
    if word not in WIN_KINDS:
        raise HabitsError(f"unknown kind '{kind}'", f"one of {', '.join(WIN_KINDS)}")
    return word


def _opener(pack: Pack, opener: str) -> str:
    word = opener.strip().casefold()
    if word and word not in pack.openers:
        hint = suggest(word, pack.openers) or "see `habits opener` for the pack's openers"
        raise HabitsError(f"unknown opener '{opener}'", hint)
    return word


def append_entries(
    state: State, entries: Sequence[Entry], change: Recorder | None = None
) -> list[Entry]:
    """Write entries to their month files (the caller holds the lock); return them located.

    All or nothing: one entry is appended (undone on an error); a batch (an import) writes
    every month file it touches afresh, then renames them all into place together.
    The cache learns the new files' contents; the caller saves it when done. `change`
    (the journal's record of the change) hears of every file before it grows.
    """
    ws = state.workspace
    checked = state.cache.recall(CHECKS, state.checks_key(), PROBLEMS)
    by_file: dict[Path, list[Entry]] = {}
    for entry in entries:
        by_file.setdefault(month_file(state, entry), []).append(entry)
    if change is not None:
        for path in sorted(by_file):
            change.appending(path)  # an import only adds blocks at the end of each file
    written = _append(ws, by_file) if len(entries) == 1 else _rewrite(ws, by_file)
    placed = []
    for path, batch in sorted(by_file.items()):
        old, raw = written[path]
        key = ws.shown(path)
        lines = _last_headers(raw, len(batch))
        located = [as_read(e, f"{key}:{n}") for e, n in zip(batch, lines, strict=True)]
        placed.extend(located)
        _learn(state, key, old, raw, located)
    if checked is not None:
        # New entries have a known action and a fresh id, so the verdict stands.
        state.cache.remember(CHECKS, state.checks_key(), checked)
    return placed


def _append(ws: Workspace, by_file: dict[Path, list[Entry]]) -> dict[Path, tuple[bytes, bytes]]:
    """Append one entry; return its file's bytes before and after."""
    ((path, batch),) = by_file.items()
    size = append_text(path, format_entry(batch[0]), header=HEADER, shown=ws.shown(path))
    raw = read_regular(path)
    return {path: (raw[:size], raw)}


def _rewrite(ws: Workspace, by_file: dict[Path, list[Entry]]) -> dict[Path, tuple[bytes, bytes]]:
    """Write each month file afresh (its bytes plus the new blocks), all renamed together."""
    written = {}
    for path, batch in by_file.items():
        try:
            old = read_regular(path)
        except FileNotFoundError:
            old = b""
        except OSError as error:
            raise NotWritten(error, ws.shown(path)) from error
        start = HEADER.encode() if not old else b"" if old.endswith(b"\n") else b"\n"
        blocks = "".join(format_entry(e) for e in batch).encode("utf-8")
        written[path] = (old, old + start + blocks)
    replace_all({path: new for path, (_, new) in written.items()}, ws.shown)
    return written


def _learn(state: State, key: str, old: bytes, raw: bytes, located: list[Entry]) -> None:
    """Tell the state and its cache what a month file holds now: what was parsed, plus these."""
    cache = state.cache
    old_digest, was_clean = state.log_digests.get(key, ("", True))
    # The file is exactly what was parsed before plus the blocks written now. Without the
    # earlier parse at hand (or if the file changed since), the next load reads it again.
    if key not in state.log_digests and not old:
        cache.put_log(key, digest(raw), located, [])
    elif was_clean and old_digest == digest(old):
        cache.extend_log(key, old_digest, digest(raw), located)
    state.log_digests[key] = (digest(raw), was_clean)
    state.add_entries(located)


def said_of(entry: Entry, zone: str) -> str:
    """An entry in a line, as the journal and `habits undo` tell it."""
    local = entry.at.astimezone(ZoneInfo(zone))
    return f"{entry_line(entry)}, {local:%Y-%m-%d %H:%M} (id {entry.id}, {entry.origin})"


def as_read(entry: Entry, origin: str) -> Entry:
    """An entry just written as reading its file gives it: where it is, and its times at
    fixed offsets. A zone's times compare by wall clock (a repeated DST hour sorts wrong),
    so the cache must not hold them where a read of the file would not."""
    at, logged = entry.at, entry.logged
    return entry._replace(
        at=at.replace(microsecond=0, fold=0, tzinfo=timezone(at.utcoffset() or timedelta())),
        logged=logged.replace(
            microsecond=0, fold=0, tzinfo=timezone(logged.utcoffset() or timedelta())
        ),
        origin=origin,
    )


def remove_entry(state: State, entry: Entry) -> None:
    """Rewrite the entry's file without it (the caller holds the lock)."""
    path, text, line = _block_of(state, entry)
    write_atomic(path, without_entry(text, line).encode("utf-8", errors="surrogateescape"))


def replace_entry(state: State, before: Entry, after: Entry, change: Recorder) -> Entry:
    """Put `after` where `before` is (the caller holds the lock): in its place in the same
    month file (an atomic rewrite), or, moved to another month, removed there and appended
    to that month's file. Return it located."""
    from habits.store.tomlfile import block_span, split_lines

    path, text, line = _block_of(state, before)
    change.rewriting(path)
    if month_file(state, after) != path:
        write_atomic(path, without_entry(text, line).encode("utf-8", errors="surrogateescape"))
        (placed,) = append_entries(state, [after], change)
        return placed
    lines = split_lines(text)
    start, end = block_span(text, "entry", line)
    block = format_entry(after).removeprefix("\n")  # the blank line before it stays
    new = "".join(lines[:start]) + block + "".join(lines[end:])
    write_atomic(path, new.encode("utf-8", errors="surrogateescape"))
    return as_read(after, f"{state.workspace.shown(path)}:{line}")


def rename_in_log(state: State, old: str, new: str, change: Recorder) -> int:
    """Write `new` for every name in the log that means `old` (by key), each month file
    rewritten, all renamed into place together (the caller holds the lock). Return how many
    entries changed."""
    from habits.store.tomlfile import block_span, split_lines

    key = person_key(old)
    by_file: dict[Path, list[Entry]] = {}
    for entry in state.parsed_entries():  # those a repeated id leaves out of the score too
        if any(person_key(n) == key and n != new for n in entry.with_):
            path = state.workspace.root / entry.origin.rpartition(":")[0]
            by_file.setdefault(path, []).append(entry)
    rewritten = {}
    for path, entries in by_file.items():
        change.rewriting(path)
        text = read_regular(path).decode("utf-8", errors="surrogateescape")
        lines = split_lines(text)
        # From the last block up, so the lines of those above stay where they are.
        for entry in sorted(entries, key=lambda e: -int(e.origin.rpartition(":")[2])):
            names = (new if person_key(n) == key else n for n in entry.with_)
            start, end = block_span("".join(lines), "entry", int(entry.origin.rpartition(":")[2]))
            block = format_entry(entry._replace(with_=tuple(dict.fromkeys(names))))
            lines[start:end] = split_lines(block.removeprefix("\n"))
        rewritten[path] = "".join(lines).encode("utf-8", errors="surrogateescape")
    replace_all(rewritten, state.workspace.shown)
    return sum(len(entries) for entries in by_file.values())


def _block_of(state: State, entry: Entry) -> tuple[Path, str, int]:
    """The entry's file, its text and the line of its `[[entry]]` header, checked to be
    this entry still: its id as TOML reads it, however it is written."""
    import tomllib

    from habits.store.tomlfile import block_span, split_lines

    shown, _, line = entry.origin.rpartition(":")
    path = state.workspace.root / shown
    # Bytes that are not UTF-8 (reported by `habits check`) are kept as they are; the bytes
    # are decoded as they are, not by read_text, which would turn \r\n into \n.
    text = read_regular(path).decode("utf-8", errors="surrogateescape")
    start, end = block_span(text, "entry", int(line))
    try:
        tables = tomllib.loads("".join(split_lines(text)[start:end])).get("entry")
    except tomllib.TOMLDecodeError:
        tables = None
    if not (isinstance(tables, list) and len(tables) == 1 and tables[0].get("id") == entry.id):
        raise HabitsError(f"{entry.origin} changed while we read it", "run the command again")
    return path, text, int(line)


def _last_headers(raw: bytes, count: int) -> list[int]:
    """Line numbers of the last `count` `[[entry]]` headers we just wrote (each on its own line)."""
    found: list[int] = []
    end = len(raw)
    while len(found) < count:
        at = raw.rfind(b"\n[[entry]]\n", 0, end)
        found.append(raw.count(b"\n", 0, at) + 2)
        end = at
    return found[::-1]
