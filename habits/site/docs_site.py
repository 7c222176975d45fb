"""Where a docs folder sits in a MkDocs (or Zensical) site, for the plugin-free renders.

`extra_javascript` and `extra_css` name files relative to the site's `docs_dir`, not to the
folder a render wrote into: pages rendered into `docs/habits` need `habits/assets/...`. So a
render finds the site's mkdocs.yml (given, or the nearest one above the folder whose docs_dir
holds it) and names its assets from there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from habits.core.problems import HabitsError

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


class DocsSite(NamedTuple):
    """The site a docs folder belongs to."""

    config: Path | None  # its mkdocs.yml; None when none above the folder holds it
    docs_dir: Path  # its docs_dir (the folder itself when no mkdocs.yml was found)
    prefix: str  # the folder inside docs_dir: "" or "habits/"
    settings: dict[str, Any]  # what that mkdocs.yml says ({} without one)

    def directory_urls(self) -> bool:
        return self.settings.get("use_directory_urls") is not False

    def lists(self, key: str, paths: list[str]) -> bool:
        """Whether the config's `key` (extra_javascript, extra_css) already names every path."""
        listed = self.settings.get(key)
        if not isinstance(listed, list):
            return False
        named = {item.get("path") if isinstance(item, dict) else item for item in listed}
        return all(path in named for path in paths)


def docs_site(folder: Path, config: Path | None = None) -> DocsSite:
    """The site `folder` belongs to: that of `config`, else the nearest mkdocs.yml above it."""
    folder = folder.resolve()
    if config is not None:
        found = _site(config, folder)
        if found is None:
            docs = _docs_dir(config, read_config(config))
            raise HabitsError(
                f"{folder} is not inside {docs}, the docs_dir of {config}",
                f"render into a folder under {docs} (e.g. --docs {docs / 'habits'})",
            )
        return found
    for parent in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = parent / name
            if candidate.is_file():
                found = _site(candidate, folder, quiet=True)
                if found is not None:
                    return found
    return DocsSite(None, folder, "", {})


def _site(config: Path, folder: Path, quiet: bool = False) -> DocsSite | None:
    try:
        settings = read_config(config)
    except HabitsError:
        if quiet:  # some other project's file on the way up: not the site's
            return None
        raise
    docs = _docs_dir(config, settings)
    if not folder.is_relative_to(docs):
        return None
    inside = folder.relative_to(docs).as_posix()
    return DocsSite(config, docs, "" if inside == "." else f"{inside}/", settings)


def _docs_dir(config: Path, settings: dict[str, Any]) -> Path:
    docs = settings.get("docs_dir")
    docs = docs if isinstance(docs, str) and docs else "docs"  # MkDocs' default
    return (config.resolve().parent / Path(docs).expanduser()).resolve()


def read_config(path: Path) -> dict[str, Any]:
    """A mkdocs.yml's settings (INHERIT and !ENV as MkDocs reads them), running no code.

    MkDocs' own loader builds `!!python/name:` objects by importing modules; reading where
    the docs are needs none of them, so every tag we do not know reads as nothing.
    """
    import yaml
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    loader = get_yaml_loader(yaml.SafeLoader)  # a class of its own: SafeLoader stays as it is
    loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        with path.open("rb") as file:
            settings = yaml_load(file, loader)
    except OSError as error:
        raise HabitsError(
            f"cannot read {path}: {error.strerror}", "give the site's mkdocs.yml with --config"
        ) from None
    except ConfigurationError as error:
        raise HabitsError(f"{path}: {error}", "fix that file, or give --config") from None
    if not isinstance(settings, dict):
        raise HabitsError(f"{path} holds no settings", "give the site's mkdocs.yml with --config")
    return settings
