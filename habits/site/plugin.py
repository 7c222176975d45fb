"""The `habits` MkDocs plugin: a thin adapter that adds the personal site's pages at build time.

    plugins:
      - search
      - habits                      # the workspace is the folder of mkdocs.yml
      - habits: {workspace: ~/habits, as_of: 2026-11-20}

Scoring and rendering live in `habits.site.build` and `habits.site.pages`; this file only
hands MkDocs the pages, the assets and a navigation order.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, file_sort_key
from mkdocs.utils import nest_paths

from habits.core.problems import HabitsError
from habits.site.build import (
    add_assets,
    score_workspace,
    search_langs,
    trim_site,
    whole_site_name,
)
from habits.site.pages import Rendered, render
from habits.store.clock import now
from habits.store.workspace import Workspace

log = logging.getLogger("mkdocs.plugins.habits")


class HabitsConfig(Config):  # type: ignore[no-untyped-call]
    workspace = c.Optional(c.Type(str))  # default: the folder of mkdocs.yml
    as_of = c.Optional(c.Type(str))  # YYYY-MM-DD; default: today (HABITS_NOW pins it)


class HabitsPlugin(BasePlugin[HabitsConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.rendered: Rendered | None = None
        self.workspace: Workspace | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").resolve().parent
        folder = Path(self.config.workspace).expanduser() if self.config.workspace else base
        ws = Workspace(folder if folder.is_absolute() else base / folder, "mkdocs.yml")
        try:
            as_of = date.fromisoformat(self.config.as_of) if self.config.as_of else None
        except ValueError:
            raise PluginError(
                f"habits: as_of '{self.config.as_of}' is not a YYYY-MM-DD date"
            ) from None
        if not ws.settings.exists() and not ws.settings.is_symlink():  # odd files: as `require`
            raise PluginError(
                f"habits: there is no workspace at {ws.root} (no {ws.settings.name}); point "
                "`workspace:` of the habits plugin in mkdocs.yml at yours, or make one there "
                f"with `habits init {ws.root}`"
            )
        try:
            scored = score_workspace(ws, now(), as_of)
        except HabitsError as error:
            raise PluginError(f"habits: {error}") from None
        for problem in scored.problems:
            log.warning("habits: %s", problem)
        self.workspace = ws
        config.site_name = whole_site_name(config.site_name)
        self.rendered = render(scored.site, config.use_directory_urls)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.rendered is not None
        own = [f.src_uri for f in sorted(files.documentation_pages(), key=file_sort_key)]
        for path, text in self.rendered.pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"habits: {self._shown(Path(config.docs_dir) / path, config)} has the name "
                    "of a generated page; rename your page"
                )
            files.append(File.generated(config, path, content=text))
        add_assets(config, files)
        if config.nav is None:
            config.nav = self._nav(own)
        return files

    @staticmethod
    def _shown(path: Path, config: MkDocsConfig) -> str:
        base = Path(config.config_file_path or ".").resolve().parent
        return path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)

    def _nav(self, own: list[str]) -> list[Any]:
        """Home, Progress, Challenges, Badges, People, Follow-ups, Wins, Weeks, Log (newest
        month first), then the person's own pages. The week pages are linked from Weeks and
        home, not listed: a year of them would make every page's navigation long."""
        assert self.rendered is not None
        pages = list(self.rendered.pages)
        challenges = sorted(p for p in pages if p.startswith("challenges/"))
        challenges.remove("challenges/index.md")
        months = sorted(p for p in pages if p.startswith("log/") and p != "log/index.md")
        nav: list[Any] = [
            "index.md",
            "progress.md",
            {"Challenges": ["challenges/index.md", *challenges]},
            "badges.md",
            "people.md",
            "due.md",
            "wins.md",
            *(["weeks/index.md"] if "weeks/index.md" in pages else []),
            {"Log": ["log/index.md", *reversed(months)]},
        ]
        return nav + list(nest_paths(own))  # type: ignore[no-untyped-call]

    def on_post_build(self, config: MkDocsConfig) -> None:
        trim_site(Path(config.site_dir), search_langs(config))

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """`habits site serve`/`mkdocs serve`: rebuild when the log, pack or settings change."""
        if self.workspace is not None:
            ws = self.workspace
            for path in (ws.log, ws.pack, ws.settings, ws.pauses):
                if path.exists():
                    server.watch(str(path))
        return server
