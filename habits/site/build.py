"""From a workspace to a site: score it, render the pages, write them with our assets.

The MkDocs plugins (`habits.site.plugin`, `habits.site.leaderboard_plugin`) and the site
use cases (`habits.site.sites`) share this. The renderer (`habits.site.pages`) only ever
sees the finished scorecard.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from habits.core.problems import HabitsError, Problem
from habits.site.pages import Rendered, Site, render
from habits.site.week_pages import WEEKS
from habits.store.workspace import Workspace

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    from habits.app import Habits

ASSETS = "assets/habits"
SCRIPTS = ("habits-boot.js", "plotly.min.js", "habits.js", "habits-board.js")  # in this order
STYLES = ("habits.css", "habits-board.css")


def whole_site_name(name: str) -> str:
    """The site name with surrogate pairs joined into their characters.

    mkdocs.yml files written before names were YAML-quoted hold an emoji as json.dumps' ASCII
    escapes (`"Ada \\ud83d\\ude80"`), which YAML reads as two halves no page can be written with.
    """
    return name.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


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
    found = {name: here / name for name in (*STYLES, *SCRIPTS) if name != "plotly.min.js"}
    found["plotly.min.js"] = plotly_js()
    return found


def add_assets(config: MkDocsConfig, files: Files) -> None:
    """Our styles and scripts (plotly.js included) once per site, whichever plugin asks."""
    from mkdocs.structure.files import File

    for name in STYLES:
        if f"{ASSETS}/{name}" not in config.extra_css:
            config.extra_css.append(f"{ASSETS}/{name}")
    listed = {str(script) for script in config.extra_javascript}
    for name in SCRIPTS:
        if f"{ASSETS}/{name}" not in listed:
            config.extra_javascript.append(f"{ASSETS}/{name}")
    for name, source in asset_sources().items():
        if files.get_file_from_path(f"{ASSETS}/{name}") is None:
            files.append(File.generated(config, f"{ASSETS}/{name}", abs_src_path=str(source)))


def trim_site(site_dir: Path, search_langs: list[str] | None) -> None:
    """Keep a built site small: drop the theme's source maps (1.3 MB only a debugger reads) and
    the search languages it does not use (0.9 MB), as Material's search worker picks them."""
    assets = site_dir / "assets"
    for path in assets.rglob("*.min.*.map"):
        path.unlink()
    lunr = assets / "javascripts" / "lunr"
    if lunr.is_dir():
        keep = lunr_files(search_langs)
        for path in [p for p in lunr.rglob("*") if p.is_file()]:
            if path.relative_to(lunr).as_posix() not in keep:
                path.unlink()


def lunr_files(langs: list[str] | None) -> set[str]:
    """The files under assets/javascripts/lunr that Material's search worker loads.

    Mirrors the worker: Japanese needs tinyseg.js, Hindi and Thai wordcut.js, every language
    but English its lunr.<lang>.min.js, several languages lunr.multi.min.js, and any of these
    the stemmer support. English alone needs none of them; no search needs none at all.
    """
    needed = set()
    for lang in langs or []:
        if lang == "ja":
            needed.add("tinyseg.js")
        if lang in ("hi", "th"):
            needed.add("wordcut.js")
        if lang != "en":
            needed.add(f"min/lunr.{lang}.min.js")
    if len(langs or []) > 1:
        needed.add("min/lunr.multi.min.js")
    if needed:
        needed.add("min/lunr.stemmer.support.min.js")
    return needed


def search_langs(config: MkDocsConfig) -> list[str] | None:
    search = config.plugins.get("search")
    if search is None:
        return None
    return list(getattr(search, "config", {}).get("lang") or ["en"])


class Scored(NamedTuple):
    site: Site
    problems: list[Problem]  # damaged files and entries: reported, the rest still counts


def scored_site(app: Habits, as_of: date | None = None) -> Scored:
    """What the site renders, as of a day (default today), from the workspace's use cases."""
    data = app.site_data(as_of, weeks=WEEKS)
    site = Site(data.card, data.pack, data.settings, data.directory, data.reviews, data.network)
    return Scored(site, data.problems)


def score_workspace(ws: Workspace, now: datetime, as_of: date | None = None) -> Scored:
    """Load and score a workspace as the commands do (shared lock, cache, located problems)."""
    from habits.app import Habits

    return scored_site(Habits(ws, lambda: now), as_of)


def render_docs(scored: Scored, folder: Path, directory_urls: bool) -> Rendered:
    """The plugin-free path: write the pages and assets into an existing docs folder."""
    rendered = render(scored.site, directory_urls)
    write_docs(rendered.pages, folder)
    return rendered


def write_docs(pages: dict[str, str], folder: Path) -> None:
    """Write Markdown pages and our assets (plotly.js included) into a docs folder.

    A page replaces only a file an earlier render wrote (listed in the folder's manifest, or,
    from before the manifest, one of our pages by its shape), never a page of the person's
    own: any such file stops the render before anything is written.
    """
    from habits.store.files import write_atomic

    assets = folder / ASSETS
    manifest = assets / MANIFEST
    ours = _written_before(manifest)
    for relative in sorted(pages):
        target = folder / relative
        if relative not in ours and not _looks_ours(target):
            raise HabitsError(
                f"will not overwrite {target}: habits did not write it",
                "render into a folder of its own (e.g. --docs docs/habits), or move that file",
            )
    for relative, text in pages.items():
        write_atomic(folder / relative, text)
    assets.mkdir(parents=True, exist_ok=True)
    for name, source in asset_sources().items():
        shutil.copyfile(source, assets / name)
    write_atomic(manifest, "".join(f"{name}\n" for name in sorted(ours | set(pages))))


MANIFEST = ".habits-pages"  # in assets/habits: the pages a render wrote (it may replace them)


def _written_before(manifest: Path) -> set[str]:
    from habits.store.reader import read_regular

    try:
        return set(read_regular(manifest, 1 << 20).decode("utf-8", "replace").splitlines())
    except OSError:  # none yet (a first render), or not a file we can read: trust no name
        return set()


def _looks_ours(path: Path) -> bool:
    """Missing, or a page an earlier render wrote: our front matter, then our HTML block."""
    from habits.store.reader import read_regular

    if not path.exists() and not path.is_symlink():
        return True
    if path.is_symlink():
        return False  # writing through a link could land anywhere
    try:
        text = read_regular(path, 1 << 24).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return text.startswith("---\ntitle: ") and '\n---\n\n<div class="habits">\n' in text


def asset_paths(prefix: str = "") -> tuple[list[str], list[str]]:
    """Our scripts (in the order they load) and styles, named from the docs_dir of a site
    whose pages sit in its `prefix` folder ("habits/")."""
    return [f"{prefix}{ASSETS}/{n}" for n in SCRIPTS], [f"{prefix}{ASSETS}/{n}" for n in STYLES]


def mkdocs_snippet(prefix: str = "") -> str:
    """What a docs site's mkdocs.yml needs to show pages written by `habits site render`
    into the folder `prefix` of its docs_dir: paths there are relative to docs_dir."""
    scripts, styles = asset_paths(prefix)
    return yaml_list("extra_javascript", scripts) + "\n" + yaml_list("extra_css", styles)


def yaml_list(key: str, items: list[str]) -> str:
    """A YAML block list, each item plain when it reads back as itself, else quoted."""
    from habits.core.escape import yaml_str

    lines = [f"{key}:"]
    for item in items:
        plain = re.fullmatch(r"[\w/][\w./-]*", item, re.ASCII) is not None
        lines.append(f"  - {item if plain else yaml_str(item)}")
    return "\n".join(lines)
