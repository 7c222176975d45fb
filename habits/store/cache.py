"""The store's memoiser: what parsing a file's bytes gave, filed under those bytes' digest.

It can never be stale: any edit changes the digest and the file is read again. On a hit
neither tomllib nor pydantic runs, which keeps `habits log` and `habits status` quick.

Like git's index, a file is not even read when its size, times and inode are those recorded
with its digest, and it had not changed for a while when they were recorded (an edit within
the same clock tick as the recording could otherwise go unseen; every edit sets the inode's
change time, which no program can set back).

Private to the store: the rest of the program asks `habits.store.loaded.State` for values.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from time import time_ns
from typing import Any, ClassVar, Protocol, runtime_checkable

from habits import __version__
from habits.core.model import Entry
from habits.core.nogc import NoGc
from habits.core.problems import Problem
from habits.store.files import recover, write_atomic
from habits.store.frames import dumps, frame, loads, shaped, unframe
from habits.store.reader import odd_file, read_regular

CACHE_FORMAT = (__version__, 16)  # bump when a cached shape changes (Entry, Pack, Tally...)
LOG_RECORDS = 64  # records a log file's pickle may gather before it is written afresh
SETTLED_NS = 2_000_000_000  # a file unchanged this long is trusted by its size and times
KEPT = "resume"  # the kept fold, in a file of its own: only `habits log` reads it on every run
CHECKPOINT = "checkpoint"  # the kept fold before the newest log file, in a file of its own
NETWORK = "network"  # the kept network fold (due, people, wins): only they read it
FOLDS = (f"memo/{KEPT}", f"memo/{NETWORK}")  # kept folds that take records of entries fed
CHECKS = "checks"  # unknown actions and repeated ids: depend on the pack and every log file
RESUME_RECORDS = 8  # entries fed to a kept fold before it is written afresh
TALLY = "tally"  # the inputs key of a tally: every file, no day (it finishes as of any day)
VIEWS = "memo/view/"  # a view of the workspace as of a day: each kind in a file of its own


try:  # the bare C module: `hashlib` loads OpenSSL first, a few ms on every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - CPython always builds it
    from hashlib import blake2b


def digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


# What a cached value must look like before any code uses it (see `shaped`).
LOG = ([Entry], [Problem])  # a log file's entries and problems
PROBLEMS = [Problem]
RECORD = (str, str, str, [Entry])  # a key, its contents before and after, the entries added


@runtime_checkable
class Fed(Protocol):
    """A kept fold that takes the entries recorded after it (see `Cache.record`), and is
    made small before it is written whole."""

    def feed(self, entries: list[Entry]) -> bool: ...

    def compact(self) -> None: ...


class Cache:
    """Parsed files by content digest: one pickle per log file, one for the rest.

    A new entry rewrites the small core one, and appends a record of the entries it added to
    its month's pickle (read back as the file plus its records, until a run rewrites it).

    The cache is never needed: a pickle or record that is damaged (its digest does not match
    its bytes), does not unpickle, or has not the shape expected is dropped, and the files
    are parsed again, as if there were no cache.
    """

    # With --debug, a dropped file is told in one line (the CLI sets this); else silent.
    report: ClassVar[Callable[[str], None] | None] = None

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.groups: dict[str, dict[str, tuple[str, Any]]] = {}
        self.dirty: set[str] = set()
        self.records: dict[str, list[tuple[str, str, str, list[Entry]]]] = {}  # to append

    @staticmethod
    def group_of(key: str) -> str:
        """The file a key is kept in: a log file's own, a kept fold's, a checkpoint's, a
        view's, or the core."""
        own = key in FOLDS or key.startswith(VIEWS)
        if own or (key.startswith("memo/") and key.endswith(CHECKPOINT)):
            return key.removeprefix("memo/")
        return key if key.startswith("log/") else "core"

    def _file(self, group: str) -> Path:
        return self.folder / (group.replace("/", "-") + ".pickle")

    def _items(self, group: str) -> dict[str, tuple[str, Any]]:
        if group not in self.groups:
            self.groups[group] = self._read(group)
        return self.groups[group]

    def _read(self, group: str) -> dict[str, tuple[str, Any]]:
        """A group's items as its file holds them, with its records applied ({}: none)."""
        path = self._file(group)
        try:
            raw = memoryview(read_regular(path))
        except FileNotFoundError:
            return {}
        except OSError as error:  # a directory in its place, a file we may not read...
            self._drop(group, f"cannot be read ({error.strerror or error})")
            return {}
        body, end = unframe(raw, 0)
        stored: Any = None
        with contextlib.suppress(Exception), NoGc():  # anything a damaged pickle can raise
            stored = loads(body) if body is not None else None
        if not isinstance(stored, dict) or not isinstance(items := stored.get("items"), dict):
            self._drop(group, "is damaged")
            return {}
        if stored.get("format") != CACHE_FORMAT:
            return {}  # from another version: the files are parsed again, and it is replaced
        if not all(shaped(hit, (str, object)) for hit in items.values()):
            self._drop(group, "is not what this version writes")
            return {}
        self._replay(group, items, raw, end)
        return items

    def _drop(self, group: str, why: str) -> None:
        """Remove a damaged file: its values are made again from the files, and kept anew."""
        path = self._file(group)
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                import shutil

                shutil.rmtree(path)
            else:
                path.unlink()
        self.dirty.add(group)
        if Cache.report is not None:
            Cache.report(f"cache file {path} {why}: dropped, rebuilt from the files")

    def _replay(
        self, group: str, items: dict[str, tuple[str, Any]], raw: memoryview, at: int
    ) -> None:
        """Apply the records appended after the pickle: the entries each log file gained, and
        those fed to the kept resume. A record applies only to the contents it follows."""
        count = 0
        while at < len(raw):
            body, at = unframe(raw, at)
            record: Any = None
            with contextlib.suppress(Exception):  # anything a damaged pickle can raise
                record = loads(body) if body is not None else None
            if not shaped(record, RECORD):  # torn by a crash, or damaged: rewrite it
                self.dirty.add(group)
                return
            key, old, new, entries = record
            hit = items.get(key)
            if hit is not None and hit[0] == old:
                value = hit[1]
                if key in FOLDS:
                    if not isinstance(value, Fed) or not value.feed(entries):
                        del items[key]  # cannot happen unless the files moved: build anew
                        continue
                elif shaped(value, (list, list)):
                    value[0].extend(entries)
                else:
                    del items[key]
                    continue
                items[key] = (new, value)
            count += 1
        if count >= (RESUME_RECORDS if f"memo/{group}" in FOLDS else LOG_RECORDS):
            self.dirty.add(group)  # the next save writes the pickle afresh, kept small
            for key, (_, value) in items.items():
                if key in FOLDS and isinstance(value, Fed):
                    value.compact()

    def record(self, key: str, old: str, new: str, entries: list[Entry]) -> bool:
        """Note that `key`'s value went from contents `old` to `new` by taking these entries,
        as a record appended to its pickle (False: it must be written whole instead)."""
        group = self.group_of(key)
        hit = self.groups[group].get(key) if group in self.groups else None
        if group in self.dirty or (hit is not None and hit[0] != old):
            return False
        if hit is not None:
            self.groups[group][key] = (new, hit[1])
        self.records.setdefault(group, []).append((key, old, new, entries))
        return True

    def lookup(self, key: str, data_digest: str, shape: Any) -> Any:
        """What was filed under `key` for exactly these contents, if it has this shape, or None."""
        hit = self._items(self.group_of(key)).get(key)
        if hit is None or hit[0] != data_digest:
            return None
        return hit[1] if shaped(hit[1], shape) else None

    def put(self, key: str, data_digest: str, value: Any) -> None:
        group = self.group_of(key)
        self._items(group)[key] = (data_digest, value)
        self.dirty.add(group)

    def put_log(
        self, key: str, data_digest: str, entries: list[Entry], found: list[Problem]
    ) -> None:
        """A parsed log file: its entries in its own pickle, its problems in the core one."""
        self.put(key, data_digest, (entries, found))
        self.put(f"problems/{key}", data_digest, found)

    def extend_log(self, key: str, old: str, new: str, entries: list[Entry]) -> None:
        """A clean log file grew by these entries: its pickle need not be read or rewritten."""
        self.put(f"problems/{key}", new, [])
        group = self.group_of(key)
        hit = self.groups[group].get(key) if group in self.groups else None
        if hit is not None and hit[0] == old and group in self.dirty and shaped(hit[1], LOG):
            self.put(key, new, ([*hit[1][0], *entries], []))  # written whole anyway
        else:
            self.record(key, old, new, entries)

    def log_problems(self, key: str, data_digest: str) -> list[Problem] | None:
        """A log file's problems, known without loading its entries (None: parse it)."""
        known: list[Problem] | None = self.lookup(f"problems/{key}", data_digest, PROBLEMS)
        return known

    def fingerprint(self, key: str, path: Path) -> tuple[str, bytes | None]:
        """The digest of a file's bytes, and the bytes if they had to be read."""
        try:
            info = path.stat()
        except FileNotFoundError as error:
            raise odd_file(path) or error from None  # a link to nothing is odd, not missing
        if (odd := odd_file(path, info)) is not None:
            raise odd  # a FIFO, a device, a folder or a huge file: never read
        signature = repr((info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
        known: str | None = self.lookup(f"stat/{key}", signature, str)
        if known is not None:
            return known, None
        raw = read_regular(path)  # after the stat: a later edit changes what the next stat sees
        found = digest(raw)
        if time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > SETTLED_NS:
            self.put(f"stat/{key}", signature, found)
        return found, raw

    def recall(self, name: str, key: str, shape: Any) -> Any:
        """A remembered result of a pure function of the inputs, if it has this shape, or None."""
        return self.lookup(f"memo/{name}", key, shape)

    def remember(self, name: str, key: str, value: Any) -> None:
        self.put(f"memo/{name}", key, value)

    def tidy(self, logs: set[str]) -> None:
        """Look at the cache folder once: drop the pickles of log files other than `logs`
        (those that exist), and the temp files a killed write left (see `recover`)."""
        try:
            names = [path.name for path in self.folder.iterdir()]
        except OSError:  # no cache folder yet, or one we may not read
            return
        recover(self.folder, names)
        wanted = {self._file(k).name for k in logs}
        for name in names:
            if name.startswith("log-") and name.endswith(".pickle") and name not in wanted:
                with contextlib.suppress(OSError):
                    (self.folder / name).unlink()

    def save(self) -> None:
        for group in sorted(self.dirty):
            path = self._file(group)
            data = frame(dumps({"format": CACHE_FORMAT, "items": self.groups.get(group, {})}))
            with contextlib.suppress(OSError):  # no cache folder we may write: only slower
                write_atomic(path, data, durable=False)
        for group, records in sorted(self.records.items()):
            path = self._file(group)
            if group in self.dirty or not path.is_file():
                continue  # written whole above, or nothing to add to
            with contextlib.suppress(OSError), path.open("ab") as handle:
                handle.write(b"".join(frame(dumps(record)) for record in records))
        self.dirty.clear()
        self.records.clear()


class NullCache(Cache):
    """A cache that keeps nothing: every file is parsed and every value made afresh.

    Used when HABITS_NO_CACHE is set: for a cold measurement, or to rule the cache out.
    """

    def __init__(self) -> None:
        super().__init__(Path(os.devnull))

    def lookup(self, key: str, data_digest: str, shape: Any) -> None:
        return None

    def put(self, key: str, data_digest: str, value: Any) -> None:
        return None

    def record(self, key: str, old: str, new: str, entries: list[Entry]) -> bool:
        return True  # nothing to write whole either

    def tidy(self, logs: set[str]) -> None:
        return None

    def save(self) -> None:
        return None
