"""Where a built site lands: which folders a build may replace, and replacing one in one step.

A build replaces only a folder it built before (it holds the marker file every build writes),
an empty folder or a missing one, and never one that holds or sits inside the workspace or a
team folder. The workspace's own `site/` is habits' output: allowed on the same terms, and also
when it holds a site built before markers were written (it has our `assets/habits/`).

A build goes into a fresh folder beside the target, which then takes the target's name, so
a reader or a parallel build never sees half a site; the old folder is removed after.
"""

from __future__ import annotations

import contextlib
import errno
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from habits.core.problems import HabitsError
from habits.store.files import stale_temps, temp_name, temp_target
from habits.store.workspace import Workspace

MARKER = ".habits-site"  # written into every built site: the folder is ours to replace
SWAPS = 50  # attempts to take the target's name while parallel builds take it in turn
STALE_BUILD = 24 * 3600  # a build folder's mtime stays put while it fills subfolders: age alone
# must not remove a slow build's folder; a dead pid does


def guarded_folders(ws: Workspace | None, team: Path | None = None) -> list[tuple[str, Path]]:
    """The folders no build may replace or land in: the workspace and every team folder."""
    from habits.store.team import memberships

    found = [("the team folder", team)] if team is not None else []
    if ws is not None and ws.settings.is_file():
        found.append(("the workspace", ws.root))
        with contextlib.suppress(HabitsError):  # a damaged teams.toml is reported elsewhere
            found += [("a team folder", m.folder) for m in memberships(ws)]
    return found


def check_out(target: Path, guarded: Sequence[tuple[str, Path]], own: Path | None = None) -> Path:
    """The folder to build into, resolved; or a HabitsError saying why not and what to do."""
    fresh = "give a new or empty folder (e.g. --out /tmp/habits-site)"
    target = _resolved(target, fresh)
    own = _resolved(own, fresh) if own is not None else None
    for what, path in guarded:
        place = _resolved(path, fresh)
        if place.is_relative_to(target):
            raise HabitsError(f"will not build into {target}: it holds {what} ({place})", fresh)
        if target.is_relative_to(place) and target != own:
            raise HabitsError(
                f"will not build into {target}: it is inside {what} ({place})",
                "give a folder outside it" + (", or leave out --out" if own else ""),
            )
    if target.exists() and not target.is_dir():
        raise HabitsError(f"will not build into {target}: it is a file", fresh)
    if not _replaceable(target, legacy=target == own):
        raise HabitsError(
            f"will not build into {target}: it holds files habits did not build (no {MARKER} file)",
            f"{fresh}, or empty this one yourself",
        )
    return target


def _resolved(path: Path, fresh: str) -> Path:
    """A path with its links followed; a link loop is one line, not an internal error."""
    try:
        return path.expanduser().resolve()
    except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a symlink loop
        raise HabitsError(
            f"will not build into {path}: it is a symbolic link loop", fresh
        ) from None


def _replaceable(folder: Path, legacy: bool) -> bool:
    """Missing, empty, or built by habits (its marker; for our own site/, our assets)."""
    if not folder.exists():
        return True
    if (folder / MARKER).is_file() or not any(folder.iterdir()):
        return True
    return legacy and (folder / "assets" / "habits").is_dir()


def build_into(target: Path, make: Callable[[Path], None]) -> None:
    """Build with `make` into a fresh folder beside `target`, then give it the target's name."""
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    _clear_stale(parent, target.name)
    fresh = temp_name(target)
    fresh.mkdir()
    try:
        make(fresh)
        (fresh / MARKER).write_text(
            "Built by habits: the next build replaces this whole folder.\n", encoding="utf-8"
        )
        _swap(fresh, target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def _swap(fresh: Path, target: Path) -> None:
    """Move the old site aside, put the new one in its place, then remove the old one.

    Between the two renames a parallel build may put its own site there; then we move that
    aside in turn. The last build to finish wins, and every build leaves a whole site.
    """
    for _ in range(SWAPS):
        old: Path | None = None
        try:
            target.rename(aside := temp_name(target))
            old = aside
        except FileNotFoundError:
            pass  # no site yet, or a parallel build moved it aside
        try:
            fresh.rename(target)
        except OSError as error:
            if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                if old is not None:  # put the old site back (or leave it aside): never remove it
                    with contextlib.suppress(OSError):
                        old.rename(target)
                    old = None
                raise
            continue  # a parallel build's site took the name: move it aside in turn
        finally:
            if old is not None and old.exists():
                shutil.rmtree(old, ignore_errors=True)
        return
    raise HabitsError(f"could not put the site in {target}: other builds kept replacing it")


def _clear_stale(parent: Path, name: str) -> None:
    """Folders left by builds that were killed (their pid is gone, or they are old)."""
    with contextlib.suppress(OSError):
        names = [p.name for p in parent.iterdir() if temp_target(p.name) == name]
        for path, _ in stale_temps(parent, names, STALE_BUILD):
            shutil.rmtree(path, ignore_errors=True)
