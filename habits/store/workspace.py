"""Where a workspace lives and what it holds; creating one."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import NamedTuple

from habits.core.problems import HabitsError, Problem

try:  # the bare C module: `hashlib` loads OpenSSL first, a few ms on every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - CPython always builds it
    from hashlib import blake2b

SETTINGS = "habits.toml"
GITIGNORE = ".cache/\n.lock\nsite/\n"


class Workspace(NamedTuple):
    root: Path
    source: str  # how it was chosen: --home, HABITS_HOME or the platform's data dir

    @property
    def settings(self) -> Path:
        return self.root / SETTINGS

    @property
    def pack(self) -> Path:
        return self.root / "challenges"

    @property
    def log(self) -> Path:
        return self.root / "log"

    @property
    def pauses(self) -> Path:
        return self.root / "pauses.toml"

    @property
    def people(self) -> Path:
        return self.root / "people.toml"

    @property
    def followups(self) -> Path:
        """What the person said of single follow-ups: dismissed or snoozed."""
        return self.root / "followups.toml"

    @property
    def journal(self) -> Path:
        """The change journal: what each change replaced, for `habits undo`."""
        return self.root / "journal"

    @property
    def schema(self) -> Path:
        return self.root / "schema"

    @property
    def cache(self) -> Path:
        """This workspace's cache: in the user's cache folder, never in the workspace (which
        may be synced or shared), under a digest of its resolved path."""
        root = self.root.resolve()
        key = blake2b(os.fsencode(root), digest_size=8).hexdigest()
        return cache_home() / f"{root.name or 'root'}-{key}"

    @property
    def recent_openers(self) -> Path:
        return self.root / "recent-openers.toml"

    @property
    def lock(self) -> Path:
        return self.root / ".lock"

    def shown(self, path: Path) -> str:
        """A path as messages show it: relative to the workspace when inside it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def month_file(self, year: int, month: int) -> Path:
        return self.log / f"{year:04d}-{month:02d}.toml"

    def log_files(self) -> list[Path]:
        return self.scan_log()[0]

    def scan_log(self) -> tuple[list[Path], list[Problem]]:
        """The month files to read, and every `.toml` in log/ that is not one, by path.

        Finishes an import cut short and removes stale temp files first (here and in the
        workspace folder; the cache tidies its own), so a kill leaves nothing behind for long.
        """
        from habits.store.files import recover
        from habits.store.reader import odd_file

        recover(self.root)
        try:
            found = self._listing()
        except FileNotFoundError:
            return [], []
        except NotADirectoryError:
            hint = "move that file away, then `mkdir log` (or run `habits init` again)"
            return [], [Problem("log", 0, "is a file, not the folder of month files", hint)]
        if recover(self.log, [name for name, _ in found]):
            found = self._listing()  # an import cut short was finished: month files changed
        files: list[Path] = []
        problems: list[Problem] = []
        for name, regular in found:
            if not name.endswith(".toml"):
                continue
            path = self.log / name
            # The listing knows a plain file without a stat; anything else is looked at.
            odd = None if regular else odd_file(path)
            if odd is not None:
                problems.append(odd.problem(self.shown(path)))
            elif regular or path.exists():
                files.append(path)
        return files, problems

    def _listing(self) -> list[tuple[str, bool]]:
        """log/'s names, each with whether the listing says it is a plain file."""
        with os.scandir(self.log) as listing:
            return sorted((e.name, e.is_file(follow_symlinks=False)) for e in listing)

    def require(self) -> Workspace:
        if not self.settings.is_file():
            from habits.store.reader import odd_file

            if (odd := odd_file(self.settings)) is not None:
                raise HabitsError(f"{self.settings}: {odd.message}", odd.hint)
            raise HabitsError(
                f"no workspace at {self.root}",
                "create one with `habits init`, or point at yours with --home or HABITS_HOME",
            )
        return self


def resolve(home: str | os.PathLike[str] | None) -> Workspace:
    """Pick the workspace: --home, else HABITS_HOME, else the platform's user data dir."""
    if home:
        return Workspace(Path(home).expanduser().absolute(), "--home")
    if env := os.environ.get("HABITS_HOME"):
        return Workspace(Path(env).expanduser().absolute(), "HABITS_HOME")
    from platformdirs import user_data_dir

    return Workspace(Path(user_data_dir("habits", appauthor=False)), "default")


def cache_home() -> Path:
    """Where habits keeps its caches: $HABITS_CACHE_DIR, else the user's cache folder.

    The folder platformdirs' user_cache_dir gives, worked out here: importing platformdirs
    costs more than all of `habits log` with a warm cache.
    """
    if env := os.environ.get("HABITS_CACHE_DIR"):
        return Path(env).expanduser().absolute()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "habits"
    if sys.platform == "win32":  # pragma: no cover - the tests run on Linux
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("habits", appauthor=False))
    xdg = Path(os.environ.get("XDG_CACHE_HOME", ""))
    base = xdg if xdg.is_absolute() else Path.home() / ".cache"  # XDG: a relative one is unset
    return base / "habits"


def system_timezone() -> str:
    """Best guess at the machine's IANA timezone name (UTC when it cannot tell)."""
    from zoneinfo import ZoneInfo

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    with contextlib.suppress(OSError):
        link = str(Path("/etc/localtime").readlink())
        candidates.append(link.split("zoneinfo/", 1)[1] if "zoneinfo/" in link else "")
    for name in candidates:
        if not name:
            continue
        try:
            ZoneInfo(name)
        except (ValueError, KeyError, OSError):
            continue
        return name
    return "UTC"


def copy_pack(source: Path, target: Path) -> None:
    """Copy a pack's TOML files, pointing their #:schema comments at the workspace schemas."""
    import shutil

    from habits.store.pack import RESERVED

    target.mkdir(parents=True)
    for path in sorted(source.glob("*.toml")):
        kind = path.stem if path.stem in RESERVED else "challenge"
        text = path.read_text(encoding="utf-8")
        (target / path.name).write_text(with_schema(text, f"../schema/{kind}.json"), "utf-8")
    for extra in sorted(source.iterdir()):
        if extra.is_file() and extra.suffix != ".toml" and not extra.name.startswith("."):
            shutil.copy2(extra, target / extra.name)


def with_schema(text: str, schema: str) -> str:
    """Put a `#:schema` first line on a TOML text (replacing any there)."""
    lines = text.splitlines(keepends=True)
    if lines and lines[0].startswith("#:schema"):
        lines = lines[1:]
    return f"#:schema {schema}\n" + "".join(lines)
