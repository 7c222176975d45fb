"""The use cases of one workspace, for any front end: they return values, never print or exit.

Errors a person can fix are raised as `HabitsError` (with the exit code a command ends with).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from habits.app.results import Demo, Imported, Logged, Published, Removed, SiteData, Where
from habits.core.nogc import NoGc
from habits.core.problems import HabitsError
from habits.store.cache import Cache
from habits.store.files import locked
from habits.store.kept import LogIndex
from habits.store.state import State, load, require_settings
from habits.store.workspace import Workspace, resolve

PEOPLE_SHOWN = 50  # `people` lists the most recent this many unless asked for everyone

if TYPE_CHECKING:
    from habits.app.views import (
        Actions,
        Cadence,
        Checked,
        DueView,
        Entries,
        Exported,
        Merged,
        PeopleView,
        Points,
        Status,
        Suggestion,
        Timeline,
        WinsView,
    )
    from habits.core.model import Entry, Pause

    # Named here too, for a front end's annotations (it reaches the workspace only here).
    from habits.store.leaderboard import Leaderboard as Leaderboard
    from habits.store.leaderboard import Progress as Progress
    from habits.store.team import Membership

__all__ = [
    "Demo",
    "Habits",
    "Imported",
    "Logged",
    "Published",
    "Removed",
    "SiteData",
    "Where",
    "Workspace",
    "now",
    "report_debug",
    "workspace_at",
]


def workspace_at(home: str | os.PathLike[str] | None) -> Workspace:
    """The workspace a person means: `home`, else $HABITS_HOME, else the platform's data folder.

    Only where it is: whether one is there is for the use cases that need it to say.
    """
    return resolve(home)


def now() -> datetime:
    """The current instant; HABITS_NOW (ISO, with offset) pins it for demos and tests."""
    from habits.store.clock import now

    return now()


def report_debug(report: Callable[[str], None] | None) -> None:
    """Tell `report` each line a person debugging wants (a damaged cache file dropped and
    rebuilt); None makes the store silent again."""
    Cache.report = report


class Habits:
    """One workspace and a clock (a callable giving the current aware datetime).

    Each use case takes the workspace lock, loads what it needs and lets go: a front end
    may keep the object for as long as it likes. The workspace need not be there yet (init
    and demo make it; a team's board does not read it): a use case that reads it refuses
    when it is not.
    """

    def __init__(self, workspace: Workspace, clock: Callable[[], datetime]) -> None:
        self.home = workspace  # where it is, whether or not there is one yet
        self.clock = clock
        self._checked = False

    @property
    def workspace(self) -> Workspace:
        """The workspace, checked to be there (its settings file) the first time it is used."""
        if not self._checked:
            self.home.require()
            self._checked = True
        return self.home

    # -- reading: status, points, list, export, actions, check ----------------------------

    def status(self, as_of: str | None = None) -> Status:
        """The scorecard in brief as of a day (default today): kept while nothing changes."""
        from habits.app.views import Status
        from habits.core.scorecard import Summary

        state = self._read()
        with self._telling(state):
            day = self._day(state, as_of)
        card = state.remembered(Summary, day, lambda: state.summary(day))
        return Status(card, state.settings.name, state.problems)

    def points(self, as_of: str | None = None) -> Points:
        """Every award as of a day (default today), and the total."""
        from habits.app.views import Points

        state = self._read()
        with self._telling(state):
            day = self._day(state, as_of)
        card = state.score(day)
        return Points(card.ledger, card.points, state.problems)

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

    def export(self, fmt: str = "csv") -> Exported:
        """Every entry, oldest first, as the text of a CSV (what `import` reads) or JSON file."""
        from habits.app.views import Exported
        from habits.core.timeline import in_order
        from habits.store.transfer import export_csv, export_json

        writers = {"csv": export_csv, "json": export_json}
        if fmt not in writers:
            raise HabitsError(f"no export format '{fmt}'", "give csv or json")
        state = self._read()
        return Exported(writers[fmt](in_order(state.entries)), state.problems)

    def actions(self) -> Actions:
        """The pack's actions (also for completing what a person types)."""
        from habits.app.views import Actions

        state = self._read()
        return Actions(list(state.pack.actions.values()), state.problems)

    def check(self) -> Checked:
        """Read every file and say what is wrong (broken settings are told here, not refused)."""
        from habits.app.views import Checked
        from habits.store.journal import check_pauses

        with locked(self.workspace.lock, shared=True):
            state = load(self.workspace)
        pack = state.pack
        return Checked(
            state.problems + check_pauses(state),
            len(state.entries),
            len(self.workspace.log_files()),
            len(pack.actions),
            len(pack.challenges),
            len(pack.badges),
        )

    @staticmethod
    @contextmanager
    def _telling(state: State) -> Iterator[None]:
        """An error raised once the workspace is read tells the problems met reading it first
        (they may be the cause)."""
        try:
            yield
        except HabitsError as error:
            error.problems = [*state.problems, *error.problems]
            raise

    # -- the network: due, people, wins, opener ----------------------------------------

    def due(self, lapsed: bool = False) -> DueView:
        """What is due today: follow-ups, checks and keep-in-touch reminders (follow-ups that
        lapsed, long past due, only with `lapsed`); kept while nothing changes."""
        from habits.app.network import due_as_of
        from habits.app.views import DueView

        state = self._read()
        day = self._day(state, None)
        found = state.remembered(
            DueView, day, lambda: DueView(day, due_as_of(state, day, lapsed), []), lapsed
        )
        return found._replace(problems=state.problems)

    def people(self, everyone: bool = False) -> PeopleView:
        """The people met, the most recent contact first: the first PEOPLE_SHOWN of them,
        or `everyone`; kept while nothing changes."""
        from habits.app.network import people_as_of, titles
        from habits.app.views import PeopleView

        state = self._read()
        day = self._day(state, None)

        def make() -> PeopleView:
            shown, count = people_as_of(state, day, None if everyone else PEOPLE_SHOWN)
            return PeopleView(day, shown, count, titles(state), [])

        found = state.remembered(PeopleView, day, make, everyone)
        return found._replace(problems=state.problems)

    def wins(self) -> WinsView:
        """Every win and what leads to them; kept while nothing changes."""
        from habits.app.network import wins_as_of
        from habits.app.views import WinsView

        state = self._read()
        day = self._day(state, None)
        found = state.remembered(WinsView, day, lambda: WinsView(wins_as_of(state, day), []))
        return found._replace(problems=state.problems)

    def person(self, name: str) -> Timeline:
        """One person as of today: every entry with them, and their follow-ups."""
        from habits.app.network import timeline

        state = self._read()
        with self._telling(state):
            return timeline(state, self._day(state, None), name)

    def merge(self, merged: str, into: str) -> Merged:
        """Record in people.toml that `merged` is another name of `into` (the log stays)."""
        from habits.app.people import merge_people

        with locked(self.workspace.lock):
            return merge_people(load(self.workspace), merged, into)

    def cadence(self, name: str, every: str) -> Cadence:
        """Keep in touch with someone every N days, weeks or months ("off" stops it)."""
        from habits.app.people import set_cadence

        with locked(self.workspace.lock):
            return set_cadence(load(self.workspace), name, every)

    def opener(self, venue: str = "") -> Suggestion:
        """An opener for a venue; recent-openers.toml keeps it, so the next one rotates."""
        from habits.app.network import opener_for
        from habits.app.views import Suggestion

        state = self._read()
        with self._telling(state):
            return Suggestion(opener_for(state, self._day(state, None), venue), state.problems)

    # -- the site and the team ---------------------------------------------------------

    def site_data(self, as_of: date | None = None) -> SiteData:
        """The whole scorecard as of a day (default today), for a site to show."""
        from habits.core.periods import Calendar

        state = self._read()
        day = as_of or Calendar(state.settings).day_of(self.clock())
        card = state.score(day)
        return SiteData(card, state.pack, state.settings, state.directory, list(state.problems))

    def team_init(
        self,
        folder: Path,
        pack: Path | None = None,
        name: str = "",
        season_start: str | None = None,
        season_end: str | None = None,
    ) -> Path:
        """Create a team folder (dates as typed; default: from today, open); return its
        team.toml. Needs no workspace."""
        from habits.core.when import parse_day
        from habits.store.team import init_team
        from habits.store.teamfolder import TEAM

        today = self.clock().date()
        start = parse_day(season_start, today) if season_start else today
        end = parse_day(season_end, today) if season_end else None
        init_team(folder, pack, name or folder.resolve().name, start, end)
        return folder / TEAM

    def team_join(self, folder: Path, handle: str, display_name: str = "") -> Membership:
        """Join the team of a folder under a handle (the display name is opt-in)."""
        from habits.store.team import join

        with locked(self.workspace.lock):
            return join(self.workspace, folder, handle, display_name)

    def team_publish(self, dry_run: bool = False) -> Published:
        """Make the member file of every team joined, each checked to be ours to write;
        unless a dry run, write them all (none if one is refused)."""
        from habits.store.files import write_atomic
        from habits.store.team import memberships, publish

        teams = memberships(self.workspace)
        if not teams:
            raise HabitsError("you have not joined a team", "habits team join DIR --as HANDLE")
        with locked(self.workspace.lock, shared=True):
            state = load(self.workspace)
        files = [publish(state, membership, self.clock()) for membership in teams]
        if not dry_run:
            for done in files:
                write_atomic(done.path, done.text)
        return Published(files, list(state.problems), written=not dry_run)

    def team_board(
        self, folder: Path, as_of: str | None = None, progress: Progress | None = None
    ) -> Leaderboard:
        """A team's boards as of a day (default today), from its member files; `progress`
        hears (read, of) as they are read. Needs no workspace."""
        from habits.core.when import parse_day
        from habits.store.leaderboard import build
        from habits.store.team import load_team

        team, pack = load_team(folder)
        today = self.clock().date()
        day = parse_day(as_of, today) if as_of else today
        return build(team, pack, day, progress)

    # -- setting up: init, where, schema, demo -----------------------------------------

    def init(
        self,
        pack: Path | None = None,
        name: str = "",
        timezone: str = "",
        week_start: str = "monday",
        day_start: int = 0,
    ) -> Workspace:
        """Create the workspace, from a pack folder (default: the one habits ships)."""
        from habits.app.setup import create_workspace

        create_workspace(self.home, pack, name, timezone, week_start, day_start)
        return self.home

    def where(self) -> Where:
        """Where the workspace and its parts live, whether or not it is there yet."""
        ws = self.home
        parts = [
            ("settings", ws.settings),
            ("pack", ws.pack),
            ("log", ws.log),
            ("pauses", ws.pauses),
            ("schemas", ws.schema),
            ("cache", ws.cache),
            ("site", ws.root / "site"),
        ]
        return Where(ws.root, ws.source, ws.settings.exists(), parts)

    def schema(self, out: Path | None = None) -> list[Path]:
        """Write the JSON Schemas of habits' files (default: into the workspace's schema/)."""
        from habits.store.schema import write_schemas

        return write_schemas(out or self.home.schema)

    def demo(self, weeks: int = 12, seed: int = 7, force: bool = False) -> Demo:
        """Create a demo workspace here with `weeks` of seeded history; `force` replaces an
        earlier demo (never another folder)."""
        from habits.app.setup import create_demo

        return Demo(self.home.root, create_demo(self.home, self.clock(), weeks, seed, force))

    # -- shared steps ------------------------------------------------------------------

    def _read(self) -> State:
        """The workspace as it is, read under a shared lock; settings that would mislead
        scoring stop here."""
        with locked(self.workspace.lock, shared=True):
            state = load(self.workspace)
        require_settings(state)
        return state

    def _day(self, state: State, as_of: str | None) -> date:
        """The day to score as of: `as_of` as typed (not after today), else today."""
        from habits.core.periods import Calendar
        from habits.core.when import WhenError, parse_day

        today = Calendar(state.settings).day_of(self.clock())
        if not as_of:
            return today
        day = parse_day(as_of, today)
        if day > today:  # its periods would read as missed before they have happened
            raise WhenError(
                f"--as-of {day.isoformat()} is after today ({today.isoformat()})",
                "scores are kept up to today; give today or an earlier day",
            )
        return day

    # -- writing: log, undo, rm, import, pause -----------------------------------------

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
        from habits.store.journal import draft

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
        from habits.store.journal import remove_entry

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
        from habits.store.journal import remove_entry

        with locked(self.workspace.lock):
            state = load(self.workspace)
            entry = _find(state, entry_id)
            remove_entry(state, entry)
        return Removed(entry)

    def import_csv(self, path: Path, dry_run: bool, allow_duplicates: bool) -> Imported:
        """Add the entries of a CSV file; with any bad row, or a dry run, add none."""
        from habits.store.journal import append_entries
        from habits.store.transfer import read_csv

        with locked(self.workspace.lock):
            state = load(self.workspace)
            require_settings(state)
            entries, present, problems = read_csv(state, path, self.clock(), allow_duplicates)
            if problems or dry_run:
                return Imported(entries, present, problems, written=False)
            append_entries(state, entries)
            state.cache.save()
        return Imported(entries, present, [], written=True)

    def pauses(self) -> list[Pause]:
        """The rests recorded."""
        return load(self.workspace).pauses

    def pause(self, start: str, end: str, challenge: str | None, note: str) -> Pause:
        """Record a rest from `start` to `end` (dates as typed: 2026-12-22, today...)."""
        from habits.core.periods import Calendar
        from habits.core.when import parse_day
        from habits.store.journal import add_pause

        with locked(self.workspace.lock):
            state = load(self.workspace)
            require_settings(state)
            today = Calendar(state.settings).day_of(self.clock())
            first, last = parse_day(start, today), parse_day(end, today)
            return add_pause(state, first, last, challenge, note)


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
