"""The log's use cases: log, undo, rm, import, list and export entries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from habits.app.base import UseCases
from habits.app.results import Edited, Imported, Inboxed, Logged, Removed, Undone
from habits.core.nogc import NoGc
from habits.core.problems import HabitsError
from habits.store.files import locked
from habits.store.loaded import load, require_settings

if TYPE_CHECKING:
    from habits.app.views import Changes, Entries, Exported
    from habits.core.model import Entry
    from habits.store.kept import LogIndex
    from habits.store.loaded import State
    from habits.store.workspace import Workspace


class LogCases(UseCases):
    """Log, correct and move entries."""

    def log(
        self,
        action: str,
        with_: Sequence[str] = (),
        where: str = "",
        note: str = "",
        tags: Sequence[str] = (),
        when: str = "now",
        *,
        new: bool = False,
        kind: str = "",
        opener: str = "",
    ) -> Logged:
        """Log a micro-connection; say what it earned and what it moved."""
        from habits.app.log import log_entry
        from habits.store.entries import draft

        with locked(self.workspace.lock), NoGc():  # a short run that makes no cycles
            state = load(self.workspace)
            require_settings(state)
            now = self.clock()  # once the lock is ours: entries are logged in order

            def typed(index: LogIndex) -> Entry:
                return draft(
                    state, index, action, with_, where, note, tags, when, now,
                    new=new, kind=kind, opener=opener,
                )  # fmt: skip

            return log_entry(state, now, typed)

    def undo(self) -> Undone:
        """Take back the last change, whatever it was (a log, rm, edit, import, rest, merge...):
        every file it touched is put back byte for byte, as the change journal kept it."""
        from habits.store.journal import changes, journaled, last_undoable, take_back

        with locked(self.workspace.lock):
            found = changes(self.workspace)
            if not any(c.what != "undo" for c in found):  # a workspace from before the journal
                return self._undo_newest_entry()
            change = last_undoable(found)
            if change is None:
                raise HabitsError(
                    "nothing left to undo", "`habits undo --list` shows the changes taken back"
                )
            with journaled(self.workspace, "undo", self.clock()) as undoing:
                undoing.undid = change.id
                undoing.say(change.said)
                files = take_back(self.workspace, change, undoing)
        return Undone(change.what, change.said, change.at, files)

    def _undo_newest_entry(self) -> Undone:
        """Before the journal kept changes, undo removed the entry logged last: it still does
        in such a workspace (journaled, so that this is the last change)."""
        from habits.core.timeline import origin_file
        from habits.store.entries import remove_entry, said_of
        from habits.store.journal import journaled

        state = load(self.workspace)
        # Every entry the files hold: one that repeats an older one's id is left out of
        # the score, yet it may be the one logged last (removed by its place, not its id).
        every = state.parsed_entries()
        if not every:
            raise HabitsError("the log is empty", "nothing to undo")
        # Newest recorded; on a tie, the one written last (files load oldest month first).
        logged = [e.logged.timestamp() for e in every]
        newest = every[max(range(len(logged)), key=lambda n: (logged[n], n))]
        said = said_of(newest, state.settings.timezone)
        with journaled(self.workspace, "undo", self.clock()) as undoing:
            undoing.say(f"removed the entry logged last: {said}")
            undoing.rewriting(self.workspace.root / origin_file(newest.origin))
            remove_entry(state, newest)
        return Undone("log", said, newest.logged, [origin_file(newest.origin)])

    def changes(self, count: int = 10) -> Changes:
        """The last changes the journal holds, newest first, each marked if taken back."""
        from habits.app.views import Changes
        from habits.store.journal import changes, undone_ids

        found = changes(self.workspace)
        undone = undone_ids(found)
        return Changes([(c, c.id in undone) for c in reversed(found)][:count])

    def edit(
        self,
        entry_id: str,
        *,
        action: str | None = None,
        with_: Sequence[str] | None = None,
        where: str | None = None,
        note: str | None = None,
        tags: Sequence[str] | None = None,
        when: str | None = None,
        new: bool = False,
        kind: str | None = None,
        opener: str | None = None,
    ) -> Edited:
        """Replace the fields given of the entry an id (or a unique start of one) names, with
        the checks `log` makes; the entry keeps its id and when it was logged."""
        from habits.core.timeline import origin_file
        from habits.store.entries import draft, month_file, replace_entry, said_of
        from habits.store.journal import journaled

        with locked(self.workspace.lock):
            state = load(self.workspace)
            require_settings(state)
            before = _find(state, entry_id)
            now = self.clock()
            drafted = draft(
                state,
                state.resume().index,
                before.action if action is None else action,
                before.with_ if with_ is None else with_,
                before.where if where is None else where,
                before.note if note is None else note,
                before.tags if tags is None else tags,
                "now" if when is None else when,
                now,
                new=new,
                # A new action drops the old kind unless one is given (only wins take one).
                kind=(before.kind if action is None else "") if kind is None else kind,
                opener=before.opener if opener is None else opener,
            )
            after = drafted._replace(
                id=before.id,
                logged=before.logged,
                at=before.at if when is None else drafted.at,
                event=before.event,  # still the answer to that calendar event
            )
            if after._replace(origin=before.origin) == before:  # else `undo` takes back nothing
                raise HabitsError(
                    f"that changes nothing in {before.id}",
                    'give a field a new value, e.g. --with "Sam Lee" (`habits edit --help`)',
                )
            after = after._replace(origin=f"{self.workspace.shown(month_file(state, after))}:0")
            with journaled(self.workspace, "edit", now) as change:
                change.say("edited " + said_of(before, state.settings.timezone))
                placed = replace_entry(state, before, after, change)
        return Edited(before, placed, origin_file(before.origin))

    def rm(self, entry_id: str) -> Removed:
        """Remove the entry an id, or a unique start of one, names."""
        from habits.core.timeline import origin_file
        from habits.store.entries import remove_entry, said_of

        with self._changing("rm") as change:
            state = load(self.workspace)
            entry = _find(state, entry_id)
            change.say("removed " + said_of(entry, state.settings.timezone))
            change.rewriting(self.workspace.root / origin_file(entry.origin))
            remove_entry(state, entry)
        return Removed(entry)

    def import_csv(self, path: Path, dry_run: bool, allow_duplicates: bool) -> Imported:
        """Add the entries of a CSV file; with any bad row, or a dry run, add none."""
        from habits.store.csvjson import read_csv
        from habits.store.entries import append_entries
        from habits.store.journal import journaled

        with locked(self.workspace.lock):
            state = load(self.workspace)
            require_settings(state)
            entries, present, problems = read_csv(state, path, self.clock(), allow_duplicates)
            if problems or dry_run:
                return Imported(entries, present, problems, written=False)
            with journaled(self.workspace, "import", self.clock()) as change:
                change.say(f"imported {len(entries)} entries from {path.name}")
                append_entries(state, entries, change)
            state.cache.save()
        return Imported(entries, present, [], written=True)

    def inbox(self, dry_run: bool = False) -> Inboxed:
        """Log every good line of the inbox in one locked write, then take exactly those
        lines out of it (atomically); a bad line stays, reported by its line."""
        from habits.core.problems import Problem
        from habits.store.entries import append_entries
        from habits.store.files import write_atomic
        from habits.store.inbox import inbox_path, is_entry, line_entry, parse_line, without_lines
        from habits.store.journal import journaled
        from habits.store.reader import read_regular

        ws = self.workspace
        path = inbox_path(ws)
        shown = ws.shown(path)
        with locked(ws.lock):
            try:
                raw = read_regular(path)
            except FileNotFoundError:
                return Inboxed(shown, [], [], written=False)
            state = load(ws)
            require_settings(state)
            now = self.clock()
            index = state.resume().index
            drafted, problems, taken = [], [], set()
            for number, line in enumerate(raw.splitlines(), start=1):
                text = line.decode("utf-8", errors="replace")
                if not is_entry(text):
                    continue
                try:
                    parts = parse_line(number, text)
                    entry = line_entry(state, index, parts, parts.when, now)
                except HabitsError as error:
                    problems.append(Problem(shown, number, error.message, error.hint))
                    continue
                except ValueError as error:
                    hint = (
                        "write [DATE] [HH:MM] ACTION NAME[, NAME]... [@VENUE] [#TAG]... [-- NOTE]"
                    )
                    problems.append(Problem(shown, number, str(error), hint))
                    continue
                index.add(entry, state.directory)  # known to the lines after it
                drafted.append(entry)
                taken.add(number)
            if dry_run or not drafted:
                return Inboxed(shown, drafted, problems, written=False)
            if read_regular(path) != raw:  # a phone's sync wrote to it meanwhile
                raise HabitsError(f"{shown} changed while it was read", "run habits inbox again")
            with journaled(ws, "inbox", now) as change:
                names = ", ".join(dict.fromkeys(p for e in drafted for p in e.with_))
                change.say(f"{len(drafted)} from {shown}" + (f" with {names}" if names else ""))
                change.rewriting(path)
                written = append_entries(state, drafted, change)
                write_atomic(path, without_lines(raw, taken))
            state.cache.save()
        return Inboxed(shown, written, problems, written=True)

    def entries(self, since: str | None = None) -> Entries:
        """The entries logged on or after a day (as typed; default: all), oldest first."""
        from habits.app.views import Entries
        from habits.core.periods import Calendar
        from habits.core.timeline import in_order
        from habits.core.when import parse_day

        state = self._read()
        calendar = Calendar(state.settings)
        with self._telling(state):
            first = parse_day(since, calendar.day_of(self.clock())) if since else date.min
        entries = in_order(e for e in state.entries if calendar.day_of(e.at) >= first)
        return Entries(entries, calendar.tz, state.problems)

    def export(self, fmt: str = "csv", out: Path | None = None, force: bool = False) -> Exported:
        """Every entry, oldest first, as the text of a CSV (what `import` reads) or JSON file;
        written to `out` in one step when given (an existing file only with `force`)."""
        from habits.app.views import Exported
        from habits.core.timeline import in_order
        from habits.store.csvjson import export_csv, export_json
        from habits.store.files import write_atomic

        writers = {"csv": export_csv, "json": export_json}
        if fmt not in writers:
            raise HabitsError(f"no export format '{fmt}'", "give csv or json")
        if out is not None and not force and (out.exists() or out.is_symlink()):
            raise HabitsError(
                f"{out} already exists; nothing was written",
                "give --force to replace it, or another file name",
            )
        if out is not None and _kept_by_habits(self.workspace, out):
            raise HabitsError(
                f"{out} is a file habits keeps; nothing was written",
                "export to a file outside the workspace's own files, e.g. -o entries.csv",
            )
        if out is not None and not out.parent.is_dir():  # a typo, not a folder to make
            raise HabitsError(
                f"no folder {out.parent}; nothing was written",
                "give a file in a folder that exists",
            )
        state = self._read()
        entries = in_order(state.entries)
        text = writers[fmt](entries)
        if out is not None:
            write_atomic(out, text, shown=str(out))
        return Exported(text, state.problems, len(entries), out)


def _kept_by_habits(ws: Workspace, out: Path) -> bool:
    """`out` is (or is in) one of the workspace's own files: --force must not replace the
    log or the settings with an export (resolved: a link or `..` into them counts too)."""
    target = out.resolve()
    folders = (ws.log, ws.pack, ws.journal, ws.schema)
    files = (ws.settings, ws.pauses, ws.people, ws.followups, ws.recent_openers, ws.lock)
    return any(target.is_relative_to(f.resolve()) for f in folders) or target in {
        f.resolve() for f in files
    }


def _find(state: State, entry_id: str) -> Entry:
    """The one entry an id or a unique start of one names; an id two entries share is
    refused (removing either could be the wrong one)."""
    wanted = entry_id.strip()
    every = state.parsed_entries()  # with those a repeated id leaves out of the score
    matches = [e for e in every if e.id == wanted] or [
        e for e in every if wanted and e.id.startswith(wanted)
    ]
    if not matches:
        raise HabitsError(f"no entry with id '{entry_id}'", "`habits list` shows the ids")
    ids = sorted({e.id for e in matches})
    if len(ids) > 1:
        more = ", ..." if len(ids) > 3 else ""
        raise HabitsError(
            f"'{entry_id}' starts {len(ids)} ids: {', '.join(ids[:3])}{more}", "give more of it"
        )
    if len(matches) > 1:
        places = " and ".join(e.origin for e in matches)
        raise HabitsError(
            f"id '{ids[0]}' is used by {len(matches)} entries, at {places}; nothing was removed",
            "give one of them another id in its file (`habits check` lists repeats), "
            "then remove the one you mean",
        )
    return matches[0]
