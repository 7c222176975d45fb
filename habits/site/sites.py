"""The personal progress site and a team's leaderboard, made from a workspace's `Habits`.

These use cases render pages, so they sit above the application layer (which never imports
the site) and take what they show from it. They return values for a front end to show;
the warnings MkDocs logs go to a `warn` callback as they come.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from habits.core.problems import HabitsError, Problem
from habits.site import mkdocs
from habits.site.build import (
    asset_paths,
    mkdocs_snippet,
    render_docs,
    scored_site,
    trim_site,
    write_docs,
)
from habits.site.docs_site import DocsSite, docs_site
from habits.site.incremental import Handoff, LastBuild, manifest_path
from habits.site.target import build_into, check_out, guarded_folders
from habits.store.sitefiles import site_config

if TYPE_CHECKING:
    from habits.app import Habits
    from habits.store.leaderboard import Leaderboard, Progress

Warn = mkdocs.Warn


class Built(NamedTuple):
    """A site built, in the folder it took the place of."""

    target: Path
    pages: int  # HTML pages in it
    seconds: float


class Lines(NamedTuple):
    """The lines a docs site's mkdocs.yml needs to show rendered pages."""

    site: DocsSite  # the site the pages went into (its mkdocs.yml, when found)
    snippet: str  # extra_javascript and extra_css, named from its docs_dir
    excluded: list[str]  # exclude_docs patterns that keep a team folder out of it
    listed: bool  # its mkdocs.yml already has every one of them
    hidden: tuple[str, ...] = ()  # not_in_nav patterns: pages linked from others, not from the menu


class Written(NamedTuple):
    """Pages written into a docs folder, for a site that runs no plugins."""

    pages: int
    problems: list[Problem]  # damaged files and entries: left out, the rest still counts
    lines: Lines


class BoardPages(NamedTuple):
    """A leaderboard's pages written into a docs folder."""

    board: Leaderboard
    pages: int
    lines: Lines


def build_site(app: Habits, out: Path | None, url: str | None, strict: bool, warn: Warn) -> Built:
    """Build the personal site into `out` (default: the workspace's site/), replacing it whole."""
    ws = app.workspace
    own = ws.root / "site"
    target = check_out(out or own, guarded_folders(ws), own)
    started = time.perf_counter()
    # Settings that stop scoring stop here in one line; the plugin reports damaged entries.
    # It takes this score rather than scoring again, and keeps the last build's unchanged
    # pages (habits.site.incremental).
    scored = scored_site(app)
    last = LastBuild(target, manifest_path(ws.cache, target))
    handoff = Handoff(ws.root, scored, last)
    pages = 0

    def make(folder: Path) -> None:
        nonlocal pages
        mkdocs.build(config, folder, strict, url, warn, handoff)
        # Counted in this build's own folder: once swapped in, a parallel build may move
        # the site away while it is walked.
        pages = sum(1 for _ in folder.rglob("*.html"))

    with site_config(ws, scored.site.settings.name) as config:
        build_into(target, make)
    last.save()  # once the site is in place: the next build keeps what it can of it
    return Built(target, pages, time.perf_counter() - started)


def serve_site(app: Habits, port: int, warn: Warn, serving: Callable[[str], None]) -> None:
    """Serve the personal site on 127.0.0.1:`port`, rebuilt as the log or pack changes.

    `serving` hears the address once the workspace scores; then this blocks until stopped.
    """
    ws = app.workspace
    name = app.site_data().settings.name
    serving(f"http://127.0.0.1:{port}/")
    with site_config(ws, name) as config:
        mkdocs.serve(config, port, warn)


def render_site(
    app: Habits, docs: Path, directory_urls: bool | None, config: Path | None = None
) -> Written:
    """Write the personal site's pages and assets into a docs folder.

    `config` is the site's mkdocs.yml (default: the nearest above `docs` whose docs_dir
    holds it); `directory_urls` defaults to its use_directory_urls.
    """
    site = docs_site(docs, config)  # before anything is written: a wrong --config stops here
    scored = scored_site(app)
    urls = site.directory_urls() if directory_urls is None else directory_urls
    try:
        rendered = render_docs(scored, docs, urls)
    except HabitsError as error:  # the damaged files met on the way are told with it
        error.problems = [*scored.problems, *error.problems]
        raise
    return Written(len(rendered.pages), scored.problems, _lines(site, []))


def render_leaderboard(
    app: Habits,
    folder: Path,
    docs: Path,
    as_of: str | None,
    progress: Progress | None = None,
    config: Path | None = None,
) -> BoardPages:
    """Write a team's leaderboard pages into docs/leaderboard/."""
    site = docs_site(docs, config)
    board = app.team_board(folder, as_of, progress)
    count = _write(board, docs, "leaderboard/")
    from habits.site.leaderboard import NOT_IN_NAV

    hidden = [f"/{site.prefix}leaderboard{pattern}" for pattern in NOT_IN_NAV]
    excluded = _excluded(folder.resolve(), site.docs_dir)
    return BoardPages(board, count, _lines(site, excluded, hidden))


def _lines(site: DocsSite, excluded: list[str], hidden: Sequence[str] = ()) -> Lines:
    scripts, styles = asset_paths(site.prefix)

    def has(key: str, patterns: Sequence[str]) -> bool:
        lines = {line.strip() for line in str(site.settings.get(key) or "").splitlines()}
        return all(pattern in lines for pattern in patterns)

    listed = (
        site.config is not None
        and site.lists("extra_javascript", scripts)
        and site.lists("extra_css", styles)
        and has("exclude_docs", excluded)
        and has("not_in_nav", hidden)
    )
    return Lines(site, mkdocs_snippet(site.prefix), excluded, listed, tuple(hidden))


def build_leaderboard(
    app: Habits,
    folder: Path,
    out: Path,
    as_of: str | None,
    warn: Warn,
    progress: Progress | None = None,
) -> Leaderboard:
    """Build a team's leaderboard as a site of its own into `out`, replacing it whole."""
    target = check_out(out, guarded_folders(app.home, folder))
    board = app.team_board(folder, as_of, progress)
    with tempfile.TemporaryDirectory() as tmp:
        _write(board, Path(tmp) / "docs", "")
        config = mkdocs.leaderboard_config(Path(tmp), board.team.name)

        def make(site: Path) -> None:
            mkdocs.build(config, site, False, None, warn)
            trim_site(site, ["en"])

        build_into(target, make)
    return board


def _write(board: Leaderboard, docs: Path, prefix: str) -> int:
    from habits.site.leaderboard import render

    pages, _ = render(board, prefix)
    write_docs(pages, docs)
    return len(pages)


def _excluded(folder: Path, docs: Path) -> list[str]:
    """The exclude_docs patterns that keep a team folder inside the docs out of the site."""
    if folder == docs:  # the docs are the team folder: its own files and folders
        return ["/team.toml", "/members/", "/challenges/", "/schema/"]
    if not folder.is_relative_to(docs):
        return []
    # gitignore patterns: a [, *, ? or \ in a folder's name is escaped to match itself
    return ["/" + re.sub(r"([\\\[\]*?])", r"\\\1", folder.relative_to(docs).as_posix()) + "/"]
