"""From a workspace to a built site: score it, render the pages, run MkDocs.

The MkDocs plugin (`habits.site.plugin`) and `habits site build|serve|render` share this.
The renderer (`habits.site.pages`) only ever sees the finished scorecard.
"""

from __future__ import annotations

import errno
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from importlib.util import find_spec
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING, NamedTuple

from habits.core.problems import HabitsError, Problem
from habits.site.html import h, yaml_str
from habits.site.pages import Rendered, Site, render
from habits.store.workspace import Workspace

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

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
docs_dir: {docs}
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
  - habits{workspace}
"""


def config_text(name: str, docs: Path | None = None, workspace: Path | None = None) -> str:
    """The workspace's mkdocs.yml. The site name is HTML-escaped: MkDocs prints it raw.

    A copy kept outside the workspace names its docs folder and the workspace in full.
    """
    title = f"{name} · habits" if name else "My habits"
    return MKDOCS_YML.format(
        site_name=yaml_str(h(title)),
        pages=PAGES,
        docs=yaml_str(str(docs)) if docs else PAGES,
        workspace=f": {{workspace: {yaml_str(str(workspace))}}}" if workspace else "",
    )


def whole_site_name(name: str) -> str:
    """The site name with surrogate pairs joined into their characters.

    mkdocs.yml files written before names were YAML-quoted hold an emoji as json.dumps' ASCII
    escapes (`"Ada \\ud83d\\ude80"`), which YAML reads as two halves no page can be written with.
    """
    return name.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def ensure_config(ws: Workspace, name: str) -> Path:
    """Write mkdocs.yml and pages/ if the workspace has none (workspaces made before the site)."""
    from habits.store.files import write_atomic

    path = ws.root / CONFIG
    if not path.exists():  # whole or not at all: a parallel build may read it at once
        write_atomic(path, config_text(name), shown=CONFIG)
    (ws.root / PAGES).mkdir(exist_ok=True)  # MkDocs needs the folder, even empty
    refuse_odd_sources(ws)
    return path


@contextmanager
def site_config(ws: Workspace, name: str) -> Iterator[Path]:
    """The mkdocs.yml to build from: the workspace's own, written on first use.

    A reader of a read-only workspace still builds its site: when mkdocs.yml or pages/ cannot
    be written, the same text goes into a temporary folder and reads the workspace where it
    is (its pages/ if there is one, else an empty folder), so nothing is written into it.
    """
    try:
        path = ensure_config(ws, name)
    except OSError as error:
        if error.errno not in READ_ONLY:
            raise
    else:
        yield path
        return
    refuse_odd_sources(ws)
    with TemporaryDirectory(prefix="habits-site-") as temp:
        docs = ws.root / PAGES
        if not docs.is_dir():
            docs = Path(temp, PAGES)
            docs.mkdir()
        path = Path(temp, CONFIG)
        path.write_text(config_text(name, docs.resolve(), ws.root.resolve()), "utf-8")
        yield path


READ_ONLY = (errno.EACCES, errno.EPERM, errno.EROFS)  # a write refused, not a failing disk


def refuse_odd_sources(ws: Workspace) -> None:
    """Stop at a file MkDocs would hang on or read whole into memory (a FIFO, a link to a
    device, a huge file) in mkdocs.yml or pages/, with its path, as the workspace's own
    readers do. The folders are walked as MkDocs walks them, links followed."""
    import os

    from habits.store.reader import odd_file

    found = [ws.root / CONFIG]
    for folder, _, names in os.walk(ws.root / PAGES, followlinks=True):
        found += [Path(folder) / name for name in names]
    for path in found:
        if (odd := odd_file(path)) is not None:
            raise HabitsError(f"{ws.shown(path)}: {odd.message}", odd.hint)


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


def mkdocs_snippet() -> str:
    """What a docs site's mkdocs.yml needs to show pages written by `habits site render`."""
    scripts = "\n".join(f"  - {ASSETS}/{name}" for name in SCRIPTS)
    styles = "\n".join(f"  - {ASSETS}/{name}" for name in STYLES)
    return f"extra_javascript:\n{scripts}\nextra_css:\n{styles}"
