"""The use cases that share: the data a personal site shows, a team's season and board."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from habits.app.base import UseCases
from habits.app.results import Published, SiteData
from habits.core.problems import HabitsError
from habits.store.files import locked
from habits.store.loaded import load

if TYPE_CHECKING:
    from habits.store.leaderboard import Leaderboard, Progress
    from habits.store.team import Membership


class ShareCases(UseCases):
    """Your site's data; a team's folder, member files and boards."""

    def site_data(self, as_of: date | None = None, weeks: int = 0) -> SiteData:
        """The whole scorecard as of a day (default today), for a site to show, with the
        last `weeks` complete weeks reviewed (oldest first; none before the first entry)."""
        from habits.app.review import recent_weeks, weeks_reviewed
        from habits.core.network import network
        from habits.core.periods import Calendar

        state = self._read()
        day = as_of or Calendar(state.settings).day_of(self.clock())
        card = state.score(day)
        starts = recent_weeks(card, state.settings, weeks) if weeks else []
        # One fold of the network serves the week pages and the rest (ten years: 0.1 s).
        net = network(card, state.pack, state.settings, state.directory)
        return SiteData(
            card,
            state.pack,
            state.settings,
            state.directory,
            list(state.problems),
            tuple(weeks_reviewed(state, card, starts, net)) if starts else (),
            net,
        )

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
