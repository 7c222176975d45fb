"""From a workspace to a built site: score it, render the pages, run MkDocs.

The MkDocs plugin (`habits.site.plugin`) and `habits site build|serve|render` share this.
The renderer (`habits.site.pages`) only ever sees the finished scorecard.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from html import escape
from importlib.util import find_spec
from pathlib import Path
from typing import NamedTuple

from habits.core.problems import HabitsError, Problem
from habits.site.pages import Rendered, Site, render
from habits.store.workspace import Workspace

CONFIG = "mkdocs.yml"
PAGES = "pages"  # the workspace's folder for the person's own Markdown pages
ASSETS = "assets/habits"
SCRIPTS = ("habits-boot.js", "plotly.min.js", "habits.js")  # in this order
STYLES = ("habits.css",)

MKDOCS_YML = """\
# The personal progress site of this workspace: `habits site build` (or `mkdocs build`).
# The habits plugin writes the pages from your log and challenges; put pages of your own in
# {pages}/ and they are added after ours. Nothing here loads from another host.
site_name: {site_name}
site_url: http://127.0.0.1:8000/   # instant navigation needs one; any local address works
docs_dir: {pages}
site_dir: site
use_directory_urls: false          # so the site also works opened straight from disk
theme:
  name: material
  font: false                      # no web fonts from another host
  features:
    - navigation.instant
    - navigation.indexes
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode
plugins:
  - search
  - habits
"""


def config_text(name: str) -> str:
    """The workspace's mkdocs.yml. The site name is HTML-escaped: MkDocs prints it raw."""
    title = f"{name} · habits" if name else "My habits"
    return MKDOCS_YML.format(site_name=json.dumps(escape(title)), pages=PAGES)


def ensure_config(ws: Workspace, name: str) -> Path:
    """Write mkdocs.yml and pages/ if the workspace has none (workspaces made before the site)."""
    path = ws.root / CONFIG
    if not path.exists():
        path.write_text(config_text(name), encoding="utf-8")
    (ws.root / PAGES).mkdir(exist_ok=True)  # MkDocs needs the folder, even empty
    return path


def plotly_js() -> Path:
    """The plotly.js the plotly wheel ships (found without importing plotly)."""
    spec = find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise HabitsError("the plotly package is missing", "reinstall habits: pip install habits")
    path = Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise HabitsError(f"plotly.min.js is missing from {path.parent}", "reinstall plotly")
    return path


def asset_sources() -> dict[str, Path]:
    """Every asset by its name under assets/habits/, from our package and the plotly wheel."""
    here = Path(__file__).parent / "assets"
    found = {name: here / name for name in (*STYLES, "habits-boot.js", "habits.js")}
    found["plotly.min.js"] = plotly_js()
    return found


class Scored(NamedTuple):
    site: Site
    problems: list[Problem]  # damaged files and entries: reported, the rest still counts


def score_workspace(ws: Workspace, now: datetime, as_of: date | None = None) -> Scored:
    """Load and score a workspace as the commands do (shared lock, cache, located problems)."""
    from habits.core.periods import Calendar
    from habits.store.files import locked
    from habits.store.state import load, require_settings

    ws.require()
    with locked(ws.lock, shared=True):
        state = load(ws)
    require_settings(state)
    day = as_of or Calendar(state.settings).day_of(now)
    card = state.score(day)
    return Scored(Site(card, state.pack, state.settings, state.directory), list(state.problems))


def render_docs(scored: Scored, folder: Path, directory_urls: bool) -> Rendered:
    """The plugin-free path: write the pages and assets into an existing docs folder."""
    rendered = render(scored.site, directory_urls)
    for relative, text in rendered.pages.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    assets = folder / ASSETS
    assets.mkdir(parents=True, exist_ok=True)
    for name, source in asset_sources().items():
        shutil.copyfile(source, assets / name)
    return rendered


def mkdocs_snippet() -> str:
    """What a docs site's mkdocs.yml needs to show pages written by `habits site render`."""
    scripts = "\n".join(f"  - {ASSETS}/{name}" for name in SCRIPTS)
    styles = "\n".join(f"  - {ASSETS}/{name}" for name in STYLES)
    return f"extra_javascript:\n{scripts}\nextra_css:\n{styles}"
