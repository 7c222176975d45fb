"""The change journal: what each change to the workspace replaced, so `habits undo` can take
back the last change, whatever it was (a log, a removal, an edit, an import, a rest, a merge...).

`journal/changes.toml` holds one `[[change]]` block a change, appended under the workspace lock
once the change is written: what it was, what it said, and per file it touched how to put
that file back. An append is taken back by cutting the file to its old length (or removing
a file it made); a rewrite by the copy of what it replaced, kept in `journal/<change id>/`.
Each file also has the digest of its bytes right after the change: an undo puts a file back
only if it is still exactly so (never over a later hand edit).

An undo is a change too (what = "undo", `undid` names the change it took back): the next
undo takes back the change before that one, as an editor's undo does; undoing an undo
(redo) is not offered. The journal keeps the last KEEP changes; older copies are removed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from habits.core.problems import HabitsError
from habits.store.files import append_text, write_atomic
from habits.store.reader import OddFile, read_regular
from habits.store.workspace import Workspace

CHANGES = "changes.toml"
HEADER = (
    "# habits' change journal: what each change replaced, so `habits undo` can take it back.\n"
    "# Written by habits; `habits undo --list` shows it.\n"
)
KEEP = 100  # changes the journal keeps (and their copies)
PRUNE_BYTES = 256 * 1024  # past this size, the next change prunes the journal to KEEP


class Touched(NamedTuple):
    """One file a change touched, and how to put it back as it was before."""

    path: str  # as shown: relative to the workspace
    size: int  # an append: the file's length before (-1: the change made the file)
    copy: str  # a rewrite: the copy of what it replaced ("" if there was no file)
    after: str  # the digest of the file's bytes right after the change


class Change(NamedTuple):
    """A change as the journal holds it."""

    id: str
    at: datetime
    what: str  # log, rm, edit, import, pause, merge, cadence, undo...
    said: str  # what it did, in a line
    files: tuple[Touched, ...]
    undid: str = ""  # for an undo: the change it took back


class Recorder:
    """A change being made: call `appending` or `rewriting` for each file before writing it,
    and `say` what it did; `journaled` records it once every write is done."""

    def __init__(self, ws: Workspace, what: str, at: datetime) -> None:
        self.ws = ws
        self.what = what
        self.at = at
        self.id = f"{at:%Y%m%d-%H%M%S}-{os.urandom(3).hex()}"
        self.said = ""
        self.undid = ""
        self.before: dict[Path, tuple[int, str]] = {}  # file -> (size, copy)

    def say(self, text: str) -> None:
        self.said = text

    def appending(self, path: Path) -> None:
        """`path` is about to grow (or be made): an undo cuts it back to this length."""
        if path not in self.before:
            try:
                size = path.stat().st_size
            except FileNotFoundError:
                size = -1
            self.before[path] = (size, "")

    def rewriting(self, path: Path) -> None:
        """`path` is about to be replaced (or made, or removed): keep a copy of it first."""
        if path in self.before and self.before[path][1]:
            return
        copy = ""
        try:
            raw = read_regular(path)
        except FileNotFoundError:
            raw = None
        except OddFile as odd:  # a FIFO or a device: never read, never rewritten
            raise HabitsError(f"{self.ws.shown(path)}: {odd.message}", odd.hint) from None
        if raw is not None:
            shown = self.ws.shown(path)
            copy = f"{self.id}/{shown}"
            write_atomic(self.ws.journal / copy, raw, durable=False)
        self.before[path] = (-1, copy) if raw is None else (-2, copy)

    def record(self) -> Change:
        from habits.store.cache import digest

        files = []
        for path, (size, copy) in self.before.items():
            try:
                after = digest(read_regular(path))
            except FileNotFoundError:
                after = ""  # the change removed it
            files.append(Touched(self.ws.shown(path), size, copy, after))
        return Change(self.id, self.at, self.what, self.said, tuple(files), self.undid)


@contextmanager
def journaled(ws: Workspace, what: str, at: datetime) -> Iterator[Recorder]:
    """Record the change made in the block (the caller holds the workspace lock); a change
    that fails records nothing, and its copies go."""
    _check_folder(ws)  # before the change: once written, it must be journaled too
    recorder = Recorder(ws, what, at)
    try:
        yield recorder
    except BaseException:
        _remove_copies(ws, recorder.id)
        raise
    if recorder.before:
        _append(ws, recorder.record())


def changes(ws: Workspace) -> list[Change]:
    """Every change the journal holds, oldest first (a damaged journal: one clear line)."""
    import tomllib  # not on `habits log`'s path: only an undo reads the journal

    _check_folder(ws)
    path = ws.journal / CHANGES
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        return []
    try:
        data = tomllib.loads(raw.decode("utf-8"))
        return [_change(table) for table in data.get("change", [])]
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, KeyError, TypeError, ValueError) as error:
        raise HabitsError(
            f"{ws.shown(path)}: cannot be read ({error})",
            "undo needs it as habits wrote it; remove the damaged block (or the file)",
        ) from None


def _check_folder(ws: Workspace) -> None:
    """The journal is a folder, or not made yet (a stat or two: `habits log` passes here)."""
    if os.path.lexists(ws.journal) and not ws.journal.is_dir():
        raise HabitsError(
            f"{ws.shown(ws.journal)} is not a folder; nothing was written",
            "move it away: habits keeps its change journal (for `habits undo`) in that folder",
        )


def last_undoable(found: list[Change]) -> Change | None:
    """The newest change not taken back yet (never an undo itself)."""
    undone = undone_ids(found)
    return next((c for c in reversed(found) if c.what != "undo" and c.id not in undone), None)


def undone_ids(found: list[Change]) -> set[str]:
    """The changes an undo took back."""
    return {c.undid for c in found if c.what == "undo"}


def take_back(ws: Workspace, change: Change, recorder: Recorder) -> list[str]:
    """Put every file `change` touched back as it was before it (the caller holds the lock),
    recording what this replaces in `recorder`; refuse, writing nothing, if a file changed
    since. Return the files put back."""
    from habits.store.cache import digest

    copies = {}  # read first: a copy removed by hand must stop the undo before any write
    for touched in change.files:
        path = ws.root / touched.path
        if touched.copy:
            try:
                copies[touched.path] = read_regular(ws.journal / touched.copy)
            except (FileNotFoundError, NotADirectoryError, OddFile):
                raise HabitsError(
                    f"{ws.shown(ws.journal / touched.copy)} is gone: undo cannot put "
                    f"{touched.path} back as it was before that change ({change.what})",
                    "put it back by hand (`habits undo --list` shows the changes)",
                ) from None
        try:
            now = digest(read_regular(path))
        except FileNotFoundError:
            now = ""
        except OddFile:  # a FIFO or a device in its place: not what the change left
            now = "odd"
        if now != touched.after:
            raise HabitsError(
                f"{touched.path} changed since that change ({change.what}, {change.said}): "
                "undo would lose what changed it",
                "put it back by hand (`habits undo --list` shows the changes)",
            )
    for touched in reversed(change.files):
        path = ws.root / touched.path
        recorder.rewriting(path)
        if touched.copy:
            write_atomic(path, copies[touched.path])
        elif touched.size >= 0:
            write_atomic(path, read_regular(path)[: touched.size])
        else:
            path.unlink(missing_ok=True)
    return [touched.path for touched in change.files]


def _append(ws: Workspace, change: Change) -> None:
    path = ws.journal / CHANGES
    # Not flushed to disk like the log: losing the newest record to a power cut only makes
    # undo refuse that change (its file no longer matches the record before it).
    size = append_text(path, _block(change), HEADER, ws.shown(path), durable=False)
    if size > PRUNE_BYTES:
        _prune(ws)


def _block(change: Change) -> str:
    """A change as the journal writes it: a `[[change]]` block, a `[[change.file]]` a file."""
    from habits.store.logfile import format_block

    table: dict[str, object] = {
        "id": change.id,
        "at": change.at,
        "what": change.what,
        "said": change.said,
    }
    if change.undid:
        table["undid"] = change.undid
    files = "".join(format_block("change.file", touched._asdict()) for touched in change.files)
    return format_block("change", table) + files


def _prune(ws: Workspace) -> None:
    """Keep the last KEEP changes, and the copies they name."""
    import shutil

    found = changes(ws)
    kept, dropped = found[-KEEP:], found[:-KEEP]
    write_atomic(ws.journal / CHANGES, HEADER + "".join(_block(change) for change in kept))
    for change in dropped:
        shutil.rmtree(ws.journal / change.id, ignore_errors=True)


def _remove_copies(ws: Workspace, change_id: str) -> None:
    import shutil

    with contextlib.suppress(OSError):
        shutil.rmtree(ws.journal / change_id)


def _change(table: dict[str, object]) -> Change:
    files, at = table.get("file", []), table["at"]
    if not isinstance(files, list) or not isinstance(at, datetime):
        raise ValueError(f"change {table.get('id')!r} is not as habits writes it")
    return Change(
        str(table["id"]),
        at,
        str(table["what"]),
        str(table.get("said", "")),
        tuple(
            Touched(str(f["path"]), int(f["size"]), str(f["copy"]), str(f["after"])) for f in files
        ),
        str(table.get("undid", "")),
    )
