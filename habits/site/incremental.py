"""A site build that rewrites only the pages that changed since the last build.

`habits site build` keeps a manifest of its last build into a folder, in the workspace's cache
(private: the search entries hold names and notes). It holds a key of everything a page's HTML
depends on besides its own Markdown (mkdocs.yml, the navigation, the person's own files and the
versions of MkDocs, its theme and habits), and for each generated page the digest of its
Markdown, the search entries it gave and the size, time and inode of the HTML written.

The next build into that folder, under the same key, hard-links the HTML of every page whose
Markdown is the same from the published site into its fresh folder, and checks the linked file
is the one recorded (a parallel build may have replaced the site meanwhile). MkDocs, run with
`dirty=True`, then builds only the other pages, and the search index is put together in page
order from the new pages' entries and the kept ones', exactly as a full build writes it. Any
other change (a new month or challenge in the navigation, an edit to mkdocs.yml or to a page of
the person's own, a new version) builds every page, yet an unchanged page's search entries are
still taken from the manifest rather than parsed again.

Nothing is written through a link: MkDocs writes the pages it builds, the theme's files, the
404 page, the sitemap and the search index, and no link holds any of those names. The folder
is still replaced whole (`habits.site.target.build_into`). A configuration with a plugin or
hook habits does not know builds every page: such code may rewrite files in place.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import dataclass, field
from hashlib import blake2b
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from habits import __version__

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation

    from habits.site.build import Scored

FORMAT = 1  # bump when the manifest's shape or what the key covers changes
KNOWN_PLUGINS = {"search", "material/search", "habits"}
Entry = dict[str, Any]  # one search index entry, as Material's search plugin makes it


def digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


class LastBuild:
    """The last build into a folder (its manifest) and, once made, this build's."""

    def __init__(self, site: Path, manifest: Path) -> None:
        self.site = site
        self.manifest = manifest
        self.made: dict[str, Any] | None = None

    def read(self) -> dict[str, Any]:
        """The manifest of the last build; empty when there is none we can trust."""
        from habits.store.reader import read_regular

        try:  # read as the store reads its cache: never hanging on a FIFO put in its place
            found = json.loads(read_regular(self.manifest, 1 << 30))
        except (OSError, ValueError):
            return {}
        ok = isinstance(found, dict) and found.get("format") == FORMAT
        return found if ok and isinstance(found.get("pages"), dict) else {}

    def save(self) -> None:
        """Keep this build's manifest for the next one (once its site is in place)."""
        from habits.store.files import NotWritten, write_atomic

        if self.made is not None:
            text = json.dumps(self.made, ensure_ascii=False, separators=(",", ":"))
            with contextlib.suppress(NotWritten):  # no cache we may write: the next is slower
                write_atomic(self.manifest, text, durable=False)


@dataclass
class Handoff:
    """What `habits site build` hands the plugin: the site it scored, the last build."""

    root: Path  # the workspace scored (the plugin uses the score only for this workspace)
    scored: Scored
    last: LastBuild | None = None


def manifest_path(cache: Path, target: Path) -> Path:
    """Where the manifest of the builds into `target` is kept, in a workspace's cache."""
    return cache / "site" / f"{digest(os.fsencode(target))}.json"


@dataclass
class Reuse:
    """One build's reuse of the last: the pages it keeps, the search entries of each page.

    A page whose Markdown is unchanged keeps its search entries even when the navigation
    changed and every page is built again: they come from the page alone (its content, title
    and URL), and Material's parser takes most of a long history's full build to make them.
    """

    last: LastBuild
    pages: dict[str, str]  # our generated pages: path under docs -> Markdown
    old: dict[str, Any] = field(default_factory=dict)
    key: str = ""
    search_key: str = ""
    kept: set[str] = field(default_factory=set)
    fresh: dict[str, list[Entry]] = field(default_factory=dict)
    _seen: int = 0

    def __post_init__(self) -> None:
        self.digests = {path: digest(text.encode()) for path, text in self.pages.items()}

    def keep(self, config: MkDocsConfig, files: Files, nav: Navigation) -> set[str]:
        """Link the unchanged pages of the last build into this one; return their paths."""
        self.key = site_key(config, files, nav, set(self.pages))
        self.search_key = search_key(config)
        self.old = self.last.read()
        if self.old.get("key") != self.key:
            return set()
        for path in self.pages:
            record = self._record(path)
            file = files.get_file_from_path(path)
            if record is not None and file is not None:
                source = self.last.site / file.dest_uri
                if _take(source, Path(file.abs_dest_path), record.get("file")):
                    self.kept.add(path)
        return self.kept

    def known(self, path: str) -> list[Entry] | None:
        """The search entries of a page unchanged since the last build, if it has them."""
        record = self._record(path)
        if record is None or self.old.get("search") != self.search_key:
            return None
        entries = record.get("search")
        return entries if isinstance(entries, list) else None

    def _record(self, path: str) -> dict[str, Any] | None:
        """The last build's record of a page, if its Markdown is the same now."""
        record = self.old.get("pages", {}).get(path)
        if isinstance(record, dict) and record.get("md") == self.digests.get(path):
            return record
        return None

    def indexed(self, path: str, entries: list[Entry], known: list[Entry] | None) -> None:
        """Note a page's search entries: those the search plugin just added, or `known`."""
        added = entries[self._seen :]
        self._seen = len(entries)
        self.fresh[path] = added if known is None else known

    def entries(self, files: Files) -> list[Entry]:
        """Every page's search entries, in the order a full build adds them."""
        merged: list[Entry] = []
        for file in files.documentation_pages():
            if file.src_uri in self.fresh:
                merged += self.fresh[file.src_uri]
            elif file.src_uri in self.kept:
                merged += self.known(file.src_uri) or []
        return merged

    def finish(self, files: Files) -> None:
        """Make this build's manifest from the pages it wrote (kept on success)."""
        made: dict[str, Any] = {}
        for path in self.pages:
            file = files.get_file_from_path(path)
            try:
                stat = Path(file.abs_dest_path).stat() if file else None
            except OSError:
                stat = None  # not written (an empty page): built again next time
            if stat is not None:
                search = self.fresh.get(path, self.known(path) or [])
                made[path] = {"md": self.digests[path], "file": _stat(stat), "search": search}
        self.last.made = {
            "format": FORMAT,
            "key": self.key,
            "search": self.search_key,
            "pages": made,
        }


def reusable(config: MkDocsConfig) -> bool:
    """Whether this configuration may reuse pages: only plugins and hooks habits knows, and
    Material's search (whose index habits completes with the kept pages' entries)."""
    from material.plugins.search.plugin import SearchPlugin  # type: ignore[import-untyped]

    if config.hooks or not set(config.plugins) <= KNOWN_PLUGINS:
        return False
    search = [p for name, p in config.plugins.items() if name.endswith("search")]
    if not all(isinstance(p, SearchPlugin) for p in search):
        return False
    source = config.config_file_path
    try:
        text = Path(source).read_bytes() if source else b""
    except OSError:
        return False
    return b"INHERIT" not in text  # a parent file the key would not cover


def site_key(config: MkDocsConfig, files: Files, nav: Navigation, ours: set[str]) -> str:
    """A digest of all a page's HTML depends on besides its own Markdown."""
    source = Path(config.config_file_path or "")
    theme = {name: config.theme[name] for name in config.theme}
    settings = {
        "site_name": config.site_name,
        "site_url": config.site_url,
        "use_directory_urls": config.use_directory_urls,
        "extra_css": [str(x) for x in config.extra_css],
        "extra_javascript": [str(x) for x in config.extra_javascript],
        "theme": theme,
        "theme_dirs": [os.path.realpath(folder) for folder in config.theme.dirs],
    }
    key = {
        "format": FORMAT,
        "versions": [__version__, *map(_version, ("mkdocs", "mkdocs-material", "markdown"))],
        "config": digest(source.read_bytes()) if source.is_file() else "",
        "settings": settings,
        "nav": _shape(nav.items),
        "files": sorted(_stamp(f) for f in files if f.src_uri not in ours),
        "custom_dir": _tree(config.theme.custom_dir),
    }
    return digest(json.dumps(key, sort_keys=True, default=str).encode())


def search_key(config: MkDocsConfig) -> str:
    """A digest of what a page's search entries depend on besides the page itself."""
    from material.plugins.search import plugin  # type: ignore[import-untyped]

    segments = getattr(plugin, "jieba", None) is not None  # Chinese words split apart
    key = [FORMAT, _version("mkdocs-material"), segments, config.use_directory_urls]
    return digest(json.dumps(key).encode())


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def _shape(items: list[Any]) -> list[Any]:
    """The navigation as data: each item's kind, title and URL, and its children's."""
    return [
        [type(x).__name__, x.title, getattr(x, "url", None), _shape(x.children or [])]
        for x in items
    ]


def _stamp(file: File) -> tuple[str, ...]:
    """A file other than our pages: the person's Markdown by its bytes, the rest by stat."""
    if file.abs_src_path is None:
        return (file.src_uri, digest(file.content_bytes))
    try:
        stat = Path(file.abs_src_path).stat()
    except OSError:
        return (file.src_uri, "missing")
    if file.is_documentation_page():
        with contextlib.suppress(OSError):
            return (file.src_uri, digest(Path(file.abs_src_path).read_bytes()))
    return (file.src_uri, str(stat.st_size), str(stat.st_mtime_ns))


def _tree(folder: str | None) -> list[tuple[str, int, int]]:
    """A theme's custom_dir (template overrides) by the stat of each file in it."""
    found = []
    for here, _, names in os.walk(folder or "", followlinks=True):
        for name in names:
            with contextlib.suppress(OSError):
                stat = (path := Path(here, name)).stat()
                found.append(
                    (path.relative_to(folder or "").as_posix(), stat.st_size, stat.st_mtime_ns)
                )
    return sorted(found)


def _take(source: Path, target: Path, recorded: object) -> bool:
    """Put the last build's file into this build if it is the one recorded.

    A hard link, checked after it is made (so a site swapped in meanwhile is caught); where
    links are not possible, a copy from the file as opened and checked.
    """
    if not isinstance(recorded, list):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except FileNotFoundError:
        return False
    except OSError:  # no hard links here (another file system kind): copy what we checked
        try:
            with source.open("rb") as handle, target.open("xb") as out:
                stat = os.fstat(handle.fileno())
                if _stat(stat) != recorded:
                    raise FileNotFoundError(target)
                shutil.copyfileobj(handle, out)
            os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            return True
        except OSError:
            with contextlib.suppress(OSError):
                target.unlink()
            return False
    if _stat(target.stat()) == recorded:
        return True
    target.unlink()
    return False


def _stat(stat: os.stat_result) -> list[int]:
    """What tells a file from its next version: size, modification time and inode."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]
