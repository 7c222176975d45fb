"""The workspace's site files: mkdocs.yml and pages/, written on first use.

`habits init` writes them; `habits site build|serve` builds from them, through a temporary
copy of mkdocs.yml when the workspace may only be read.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

from habits.core.escape import h, yaml_str
from habits.core.problems import HabitsError
from habits.store.workspace import Workspace

CONFIG = "mkdocs.yml"
PAGES = "pages"  # the workspace's folder for the person's own Markdown pages

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
    - navigation.prune             # each page holds only the navigation it shows
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      toggle:
        icon: material/moon-waning-crescent
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      toggle:
        icon: material/white-balance-sunny
        name: Switch to light mode
plugins:
  - search
  - habits{workspace}
extra:
  generator: false                 # no "Made with Material" line at the foot of every page
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
