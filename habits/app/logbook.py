"""The log's use cases: log, undo, rm, import, list and export entries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from habits.app.base import UseCases
from habits.app.results import Imported, Logged, Removed
from habits.core.nogc import NoGc
from habits.core.problems import HabitsError
from habits.store.files import locked
from habits.store.loaded import load, require_settings

if TYPE_CHECKING:
    from habits.app.views import Entries, Exported
    from habits.core.model import Entry
    from habits.store.kept import LogIndex
    from habits.store.loaded import State


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

    def undo(self) -> Removed:
        """Remove the entry logged last."""
        from habits.store.entries import remove_entry

        with locked(self.workspace.lock):
            state = load(self.workspace)
            # Every entry the files hold: one that repeats an older one's id is left out of
            # the score, yet it may be the one logged last (removed by its place, not its id).
            every = state.parsed_entries()
            if not every:
                raise HabitsError("the log is empty", "nothing to undo")
            # Newest recorded; on a tie, the one written last (files load oldest month first).
            logged = [e.logged.timestamp() for e in every]
            newest = every[max(range(len(logged)), key=lambda n: (logged[n], n))]
            remove_entry(state, newest)
        return Removed(newest)

    def rm(self, entry_id: str) -> Removed:
        """Remove the entry an id, or a unique start of one, names."""
        from habits.store.entries import remove_entry

        with locked(self.workspace.lock):
            state = load(self.workspace)
            entry = _find(state, entry_id)
            remove_entry(state, entry)
        return Removed(entry)

    def import_csv(self, path: Path, dry_run: bool, allow_duplicates: bool) -> Imported:
        """Add the entries of a CSV file; with any bad row, or a dry run, add none."""
        from habits.store.csvjson import read_csv
        from habits.store.entries import append_entries

        with locked(self.workspace.lock):
            state = load(self.workspace)
            require_settings(state)
            entries, present, problems = read_csv(state, path, self.clock(), allow_duplicates)
            if problems or dry_run:
                return Imported(entries, present, problems, written=False)
            append_entries(state, entries)
            state.cache.save()
        return Imported(entries, present, [], written=True)

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
