"""The `habits-leaderboard` MkDocs plugin: a team's leaderboard in the team's own docs.

    plugins:
      - search
      - habits-leaderboard: {team: path/to/team}     # relative to mkdocs.yml

Pages go under `leaderboard/` (the `prefix` option). A member file with a problem is named
with its line on the page and in the build output, and the rest of the board still builds;
`strict: true` (or `mkdocs build --strict`) makes that fail the build. Nothing of the team
folder itself (team.toml, member files, the pack, the schemas) is published, wherever it
sits. A `team:` that names no usable team folder (missing, no team.toml, members/ unreadable)
fails the build in one line: docs must not quietly build without their board. Before the
season starts, the board is scored as of its first day (an `as_of` before it is refused);
after it ends, as of its last day.
"""

from __future__ import annotations

import logging
import os
import stat
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
from habits.store.teamfolder import MEMBERS, TEAM

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
        _check_team(folder, self.config.team)
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
            if problem.path == MEMBERS:  # members/ itself: a board of nobody, not a page to make
                raise PluginError(
                    f"habits-leaderboard: cannot read the member files in {folder / MEMBERS}: "
                    f"{problem.message}; {problem.hint}"
                )
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


def _check_team(folder: Path, configured: str) -> None:
    """Stop the build, in one line saying how to fix it, if `team:` names no team folder.

    A missing folder, or one without team.toml, is most often a `team:` path gone wrong: the
    docs must not build without their board and say nothing.
    """
    fix = (
        f"point `team:` (now {configured!r}) in mkdocs.yml at the team folder, or make one "
        f"there with `habits team init {folder}`"
    )
    if not folder.exists():
        raise PluginError(f"habits-leaderboard: there is no team folder {folder}; {fix}")
    if not folder.is_dir():
        raise PluginError(f"habits-leaderboard: the team folder {folder} is not a folder; {fix}")
    try:
        mode = os.lstat(folder / TEAM).st_mode
    except FileNotFoundError:
        raise PluginError(
            f"habits-leaderboard: the team folder {folder} has no {TEAM}; {fix}"
        ) from None
    except OSError as error:
        raise PluginError(
            f"habits-leaderboard: cannot read the team folder {folder}: {error.strerror}; "
            "let the build read it (check its permissions)"
        ) from None
    if not stat.S_ISREG(mode):
        raise PluginError(
            f"habits-leaderboard: {folder / TEAM} is not a plain file; make it the team.toml "
            "`habits team init` writes"
        )


def _progress(done: int, total: int) -> None:
    if done == total or done % 100 == 0:
        log.info("habits-leaderboard: read %d of %d member files", done, total)
