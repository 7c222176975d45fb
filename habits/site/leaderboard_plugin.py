"""The `habits-leaderboard` MkDocs plugin: a team's leaderboard in the team's own docs.

    plugins:
      - search
      - habits-leaderboard: {team: path/to/team}     # relative to mkdocs.yml

Pages go under `leaderboard/` (the `prefix` option). A member file with a problem is named
with its line on the page and in the build output, and the rest of the board still builds;
`strict: true` (or `mkdocs build --strict`) makes that fail the build. Nothing of the team
folder itself (team.toml, member files, the pack, the schemas) is published, wherever it
sits. Before the season starts, the board is scored as of its first day (an `as_of` before
it is refused); after it ends, as of its last day.
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from habits.core.problems import HabitsError
from habits.site.build import add_assets, search_langs, trim_site

log = logging.getLogger("mkdocs.plugins.habits-leaderboard")


class LeaderboardConfig(Config):  # type: ignore[no-untyped-call]
    team = c.Type(str)
    as_of = c.Optional(c.Type(str))  # YYYY-MM-DD; default: today (HABITS_NOW pins it)
    prefix = c.Type(str, default="leaderboard/")
    strict = c.Type(bool, default=False)


class LeaderboardPlugin(BasePlugin[LeaderboardConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.prefix = ""
        self.folder: Path | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from habits.site.leaderboard import render
        from habits.store.clock import now
        from habits.store.leaderboard import build
        from habits.store.team import load_team

        base = Path(config.config_file_path or ".").resolve().parent
        folder = Path(self.config.team).expanduser()
        folder = folder if folder.is_absolute() else base / folder
        self.folder = folder.resolve()
        try:
            day = date.fromisoformat(self.config.as_of) if self.config.as_of else None
        except ValueError:
            raise PluginError(f"habits-leaderboard: bad as_of '{self.config.as_of}'") from None
        try:
            team, pack = load_team(folder)
            # Docs are built every day, also before the season: today clamps to its start
            day = day or max(now().date(), team.season[0])
            board = build(team, pack, day, progress=_progress)
        except HabitsError as error:
            raise PluginError(f"habits-leaderboard: {error}") from None
        for problem in board.problems:
            log.warning("habits-leaderboard: %s", problem)
        if board.problems and self.config.strict:
            raise PluginError(
                f"habits-leaderboard: {len(board.problems)} problem(s) in member files"
            )
        prefix = self.config.prefix.strip("/")
        self.prefix = f"{prefix}/" if prefix else ""
        self.pages = render(board, self.prefix)[0]
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        from habits.site.leaderboard import in_nav

        docs = Path(os.path.realpath(config.docs_dir))
        if self.folder is not None and docs.is_relative_to(self.folder):
            raise PluginError(
                f"habits-leaderboard: the docs folder {docs} is inside the team folder "
                f"{self.folder}, whose files are never published; move the team folder to a "
                "folder of its own (e.g. docs/team) and point `team:` at it"
            )
        if self.folder is not None:  # the team folder inside docs_dir: publish none of it
            for file in list(files):
                source = file.abs_src_path
                if source and Path(os.path.realpath(source)).is_relative_to(self.folder):
                    files.remove(file)
        for path, text in self.pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"habits-leaderboard: {path} is already a page of these docs")
            listed = in_nav(path, self.prefix)
            inclusion = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=text, inclusion=inclusion))
        add_assets(config, files)
        return files

    def on_post_build(self, config: MkDocsConfig) -> None:
        trim_site(Path(config.site_dir), search_langs(config))


def _progress(done: int, total: int) -> None:
    if done == total or done % 100 == 0:
        log.info("habits-leaderboard: read %d of %d member files", done, total)
