"""Running MkDocs for habits: its INFO lines kept quiet, its warnings handed to the caller,
the error that stopped a build told in one line.

MkDocs speaks at INFO; habits says what happened instead, and a front end shows the warnings
(a damaged entry, a bad link) its own way.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from habits.core.escape import h, yaml_str
from habits.core.problems import HabitsError
from habits.site.build import ASSETS, SCRIPTS, STYLES

if TYPE_CHECKING:
    from habits.site.incremental import Handoff

Warn = Callable[[str], None]  # told each warning MkDocs logs, as one line


class _Report(logging.Handler):
    """Warnings to the caller as they come; errors kept for the one line a failure says."""

    def __init__(self, warn: Warn) -> None:
        super().__init__(logging.WARNING)
        self.warn = warn
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors.append(record.getMessage())
        else:
            self.warn(record.getMessage())


@contextmanager
def reported(warn: Warn) -> Iterator[None]:
    """Run MkDocs inside: its warnings go to `warn`, a failure becomes a HabitsError."""
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    for handler in [x for x in logger.handlers if isinstance(x, _Report)]:
        logger.removeHandler(handler)  # an earlier run's, in the same process
    report = _Report(warn)
    logger.addHandler(report)
    try:
        yield
    except MkDocsException as error:
        cause = report.errors[-1] if report.errors else str(error)
        raise HabitsError(f"the site did not build: {cause.removeprefix('habits: ')}") from None


def build(
    config: Path,
    target: Path,
    strict: bool,
    url: str | None,
    warn: Warn,
    handoff: Handoff | None = None,
) -> None:
    """Build the site of a mkdocs.yml into `target` (`url`: where it will be served).

    `handoff` gives the habits plugin the workspace already scored and the last build, whose
    unchanged pages it keeps: MkDocs then builds only the pages not kept (`dirty`).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with reported(warn):
        overrides = {"site_url": url} if url else {}
        settings = load_config(str(config), site_dir=str(target), strict=strict, **overrides)
        plugin = settings.plugins.get("habits")
        dirty = False
        if handoff is not None and plugin is not None and hasattr(plugin, "handoff"):
            plugin.handoff = handoff
            dirty = handoff.last is not None
        build_log = logging.getLogger("mkdocs.commands.build")
        build_log.addFilter(_dirty_notice)
        try:
            build(settings, dirty=dirty)
        finally:
            build_log.removeFilter(_dirty_notice)


def _dirty_notice(record: logging.LogRecord) -> bool:
    """Drop MkDocs' warning that a dirty build may leave navigation stale: ours does not
    (a changed navigation builds every page), and strict mode would count it."""
    return not str(record.msg).startswith("A 'dirty' build is being performed")


def serve(config: Path, port: int, warn: Warn) -> None:
    """Serve the site of a mkdocs.yml on 127.0.0.1, rebuilt as its sources change (blocks)."""
    from mkdocs.commands.serve import serve

    with reported(warn):
        serve(str(config), dev_addr=f"127.0.0.1:{port}", livereload=True)


def leaderboard_config(folder: Path, team_name: str) -> Path:
    """Write the mkdocs.yml of a leaderboard site of its own, its pages in `folder`/docs."""
    from habits.site.leaderboard import NAV, NAV_TITLES, NOT_IN_NAV

    title = h(team_name + " leaderboard")  # MkDocs prints the site name raw
    lines = [
        f"site_name: {yaml_str(title)}",
        "docs_dir: docs",
        "use_directory_urls: false",
        # the reader's system palette first, as the personal site: the switch then toggles
        "theme: {name: material, font: false, palette: ["
        "{media: '(prefers-color-scheme: light)', scheme: default, toggle: "
        "{icon: material/moon-waning-crescent, name: Switch to dark mode}}, "
        "{media: '(prefers-color-scheme: dark)', scheme: slate, "
        "toggle: {icon: material/white-balance-sunny, name: Switch to light mode}}]}",
        "extra_javascript: " + json.dumps([f"{ASSETS}/{n}" for n in SCRIPTS]),
        "extra_css: " + json.dumps([f"{ASSETS}/{n}" for n in STYLES]),
        # the drawer's title is the site's name: its first page is called by what it is
        "nav: " + json.dumps([{t: p} for t, p in zip(NAV_TITLES, NAV, strict=True)]),
        "extra: {generator: false}",  # no "Made with Material" line under every page
        "not_in_nav: " + json.dumps("\n".join(NOT_IN_NAV)),
    ]
    config = folder / "mkdocs.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config
