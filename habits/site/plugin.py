"""The `habits` MkDocs plugin: a thin adapter that adds the personal site's pages at build time.

    plugins:
      - search
      - habits                      # the workspace is the folder of mkdocs.yml
      - habits: {workspace: ~/habits, as_of: 2026-11-20}

Scoring and rendering live in `habits.site.build` and `habits.site.pages`; this file only
hands MkDocs the pages, the assets and a navigation order. Our pages are one raw HTML block
each, which Markdown would pass through unchanged: they skip it (a third of a long history's
build). Under `habits site build`, pages unchanged since its last build are kept
(`habits.site.incremental`).
"""

from __future__ import annotations

import contextlib
import logging
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, file_sort_key
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import meta, nest_paths

from habits.core.problems import HabitsError
from habits.site.build import (
    add_assets,
    score_workspace,
    search_langs,
    trim_site,
    whole_site_name,
)
from habits.site.html import compact
from habits.site.incremental import Handoff, Reuse, reusable
from habits.site.pages import Rendered, render
from habits.store.clock import now
from habits.store.workspace import Workspace

log = logging.getLogger("mkdocs.plugins.habits")


class HabitsConfig(Config):  # type: ignore[no-untyped-call]
    workspace = c.Optional(c.Type(str))  # default: the folder of mkdocs.yml
    as_of = c.Optional(c.Type(str))  # YYYY-MM-DD; default: today (HABITS_NOW pins it)


class _Page(File):
    """A generated page; one kept from the last build is not built again (`dirty=True`)."""

    kept = False

    def is_modified(self) -> bool:
        return not self.kept and super().is_modified()


class HabitsPlugin(BasePlugin[HabitsConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.rendered: Rendered | None = None
        self.workspace: Workspace | None = None
        self.handoff: Handoff | None = None  # set by `habits site build` (habits.site.mkdocs)
        self.reuse: Reuse | None = None
        self.files: Files | None = None
        self._html: dict[str, str] = {}  # our pages' HTML, while MkDocs renders them
        self._known: dict[str, list[Any]] = {}  # search entries of pages unchanged

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
        handoff = self.handoff
        try:
            if handoff and as_of is None and handoff.root.resolve() == ws.root.resolve():
                scored = handoff.scored  # scored already by `habits site build`
            else:
                scored = score_workspace(ws, now(), as_of)
        except HabitsError as error:
            raise PluginError(f"habits: {error}") from None
        for problem in scored.problems:
            log.warning("habits: %s", problem)
        self.workspace = ws
        config.site_name = whole_site_name(config.site_name)
        self.rendered = render(scored.site, config.use_directory_urls)
        _prune_navigation(config)
        self.reuse = None
        if handoff is not None and handoff.last is not None:
            self.reuse = Reuse(handoff.last, self.rendered.pages)
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
            files.append(_Page.generated(config, path, content=text))
        add_assets(config, files)
        if config.nav is None:
            config.nav = self._nav(own)
        return files

    @staticmethod
    def _shown(path: Path, config: MkDocsConfig) -> str:
        base = Path(config.config_file_path or ".").resolve().parent
        return path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)

    def _nav(self, own: list[str]) -> list[Any]:
        """Home, Progress, Challenges, Badges, People, Follow-ups, Wins, Weeks, Log (a section
        a year, its page first, then its months, newest first), then the person's own pages.
        The week pages are linked from Weeks and home, not listed: a year of them would make
        every page's navigation long. With `navigation.prune` a page's HTML holds the months
        of its own year only, each other year as one link."""
        assert self.rendered is not None
        pages = list(self.rendered.pages)
        challenges = sorted(p for p in pages if p.startswith("challenges/"))
        challenges.remove("challenges/index.md")
        months = sorted(
            (p for p in pages if p.startswith("log/") and p.count("/") == 1), reverse=True
        )
        months.remove("log/index.md")
        years: dict[str, list[str]] = {}
        for month in months:  # log/2026-11.md, newest first
            year = month[4:8]
            years.setdefault(year, [f"log/{year}/index.md"]).append(month)
        nav: list[Any] = [
            "index.md",
            "progress.md",
            {"Challenges": ["challenges/index.md", *challenges]},
            "badges.md",
            "people.md",
            "due.md",
            "wins.md",
            *(["weeks/index.md"] if "weeks/index.md" in pages else []),
            {"Log": ["log/index.md", *({y: ms} for y, ms in years.items())]},
        ]
        return nav + list(nest_paths(own))  # type: ignore[no-untyped-call]

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Keep the pages unchanged since the last build; they go untitled unless told."""
        self.files = files
        if self.reuse is not None and not reusable(config):
            self.reuse = None
        if self.reuse is None:
            return nav
        assert self.rendered is not None
        for path in self.reuse.keep(config, files, nav):
            file = files.get_file_from_path(path)
            assert isinstance(file, _Page) and file.page is not None
            file.kept = True
            title = meta.get_data(self.rendered.pages[path])[1].get("title")
            if "title" not in vars(file.page):  # as read_source would have: the front matter
                file.page.title = title
            file.page.meta = {"title": title}
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Keep the theme's templates compiled in the workspace's cache, not compiled anew
        on every build (a tenth of a build that keeps most pages)."""
        if self.workspace is not None and env.bytecode_cache is None:
            env.bytecode_cache = _Compiled(str(self.workspace.cache / "templates"))
        return env

    @event_priority(-100)  # after every other plugin: Markdown it changed is no longer ours
    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Our pages skip Markdown: it would pass their one raw HTML block through as it is."""
        text = self.rendered.pages.get(page.file.src_uri) if self.rendered else None
        if text is None or not isinstance(page.file, _Page):
            return markdown
        if text.endswith(markdown) and markdown.lstrip().startswith("<"):
            self._html[page.file.src_uri] = markdown.strip()
            return ""
        return markdown

    @event_priority(100)  # before every other plugin: they see the page as Markdown gives it
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        path = page.file.src_uri
        if self.reuse is not None and path in self._html:
            known = self.reuse.known(path)
            if known is not None:  # the search plugin need not parse the page again
                self._known[path] = known
                page.meta = {**page.meta, "search": {"exclude": True}}
        return self._html.pop(path, html)

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(
        self, context: Any, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        if self.reuse is not None:
            known = self._known.pop(page.file.src_uri, None)
            if known is not None:  # its front matter again, for the theme
                page.meta = {k: v for k, v in page.meta.items() if k != "search"}
            self.reuse.indexed(page.file.src_uri, _search_entries(config), known)
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return compact(output)

    def on_post_template(
        self, output_content: str, template_name: str, config: MkDocsConfig
    ) -> str:
        return compact(output_content) if template_name.endswith(".html") else output_content

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.reuse is not None and self.files is not None:
            index = _search_index(config)
            if index is not None:
                index.entries[:] = self.reuse.entries(self.files)
            self.reuse.finish(self.files)
        trim_site(Path(config.site_dir), search_langs(config))

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """`habits site serve`/`mkdocs serve`: rebuild when the log, pack or settings change."""
        if self.workspace is not None:
            ws = self.workspace
            for path in (ws.log, ws.pack, ws.settings, ws.pauses):
                if path.exists():
                    server.watch(str(path))
        return server


class _Compiled(FileSystemBytecodeCache):
    """Compiled templates, in a folder made on first use; a cache we cannot read or write
    only means compiling again."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file (marshal raises several kinds): compile again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)


def _prune_navigation(config: MkDocsConfig) -> None:
    """Turn on Material's `navigation.prune` (each page's HTML holds only the navigation it
    shows) in workspaces whose mkdocs.yml predates it, unless it asks for the whole tree."""
    if config.theme.name != "material":
        return
    features = config.theme.get("features", [])
    if isinstance(features, list) and not {"navigation.expand", "navigation.prune"} & {*features}:
        config.theme["features"] = [*features, "navigation.prune"]


def _search_index(config: MkDocsConfig) -> Any:
    """The search plugin's index (Material's), if the site has one."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if isinstance(getattr(index, "entries", None), list):
            return index
    return None


def _search_entries(config: MkDocsConfig) -> list[Any]:
    index = _search_index(config)
    return index.entries if index is not None else []
