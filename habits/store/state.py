"""Load a workspace into memory, reusing parsed files whose bytes have not changed.

The cache maps a file's content digest to what parsing and validating it produced, so it can
never be stale: any edit changes the digest and the file is read again. On a hit neither
tomllib nor pydantic runs, which keeps `habits log` and `habits status` quick.

Like git's index, a file is not even read when its size, times and inode are those recorded
with its digest, and it had not changed for a while when they were recorded (an edit within
the same clock tick as the recording could otherwise go unseen; every edit sets the inode's
change time, which no program can set back).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from time import time_ns
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeVar

from habits import __version__

if TYPE_CHECKING:
    from datetime import date

    from habits.core.engine import Tally
    from habits.core.scorecard import Scorecard, Summary
from habits.core.model import WEEKDAYS, Entry, Pack, Pause, Settings, venue_key
from habits.core.nogc import NoGc
from habits.core.people import NOBODY, Directory, known_people
from habits.core.problems import HabitsError, Problem
from habits.store.files import write_atomic
from habits.store.frames import dumps, frame, loads, shaped, unframe
from habits.store.reader import OddFile, odd_file, read_regular
from habits.store.workspace import Workspace

T = TypeVar("T")
CACHE_FORMAT = (__version__, 9)  # bump when a cached shape changes (Entry, Pack, Tally...)
LOG_RECORDS = 64  # records a log file's pickle may gather before it is written afresh
SETTLED_NS = 2_000_000_000  # a file unchanged this long is trusted by its size and times
RESUME = "memo/resume"  # kept in a file of its own: only `habits log` reads it on every run
RESUME_RECORDS = 8  # entries fed to the kept resume before it is written afresh
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
        """The file a key is kept in: a log file's own, the resume's, a view's, or the core."""
        if key == RESUME:
            return "resume"
        if key.startswith(VIEWS):
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
                if key == RESUME:
                    if not isinstance(value, Resume) or not value.feed(entries):
                        del items[key]  # cannot happen unless the files moved: build anew
                        continue
                elif shaped(value, (list, list)):
                    value[0].extend(entries)
                else:
                    del items[key]
                    continue
                items[key] = (new, value)
            count += 1
        if count >= (RESUME_RECORDS if group == "resume" else LOG_RECORDS):
            self.dirty.add(group)  # the next save writes the pickle afresh

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

    def forget_missing(self, keep: set[str]) -> None:
        """Drop the pickles of log files that no longer exist."""
        if not self.folder.is_dir():
            return
        wanted = {self._file(k).name for k in [*keep, "core", "resume"]}
        for path in self.folder.glob("*.pickle"):
            if path.name not in wanted and not path.name.startswith("view-"):
                with contextlib.suppress(OSError):
                    path.unlink()

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


class LogIndex(NamedTuple):
    """What drafting an entry checks against: known people, ids taken, venues used."""

    people: dict[str, str]  # every name a person is known by -> the spelling to write
    ids: set[str]
    venues: set[str]

    @classmethod
    def of(cls, entries: Sequence[Entry], directory: Directory) -> LogIndex:
        return cls(
            known_people(entries, directory),
            {e.id for e in entries},
            {venue_key(e.where) for e in entries if e.where},
        )

    def add(self, entry: Entry, directory: Directory) -> None:
        known_people([entry], directory, self.people)
        self.ids.add(entry.id)
        if entry.where:
            self.venues.add(venue_key(entry.where))


class Resume:
    """What `habits log` picks up from the last run, so it need not read a year of entries:
    a compact tally of every entry, and the index of the log."""

    __slots__ = ("index", "tally")

    def __init__(self, tally: Tally, index: LogIndex) -> None:
        self.tally = tally
        self.index = index

    def feed(self, entries: Sequence[Entry]) -> bool:
        """Take entries newer than all it holds (False if one is not: build it anew)."""
        for entry in entries:
            if not self.tally.add(entry):
                return False
            self.index.add(entry, self.tally.directory)
        return True


class State:
    """Everything a command needs from a workspace, with every problem found on the way."""

    def __init__(
        self,
        workspace: Workspace,
        settings: Settings,
        pack: Pack,
        pauses: list[Pause],
        problems: list[Problem],
        settings_ok: bool,
        log_digests: dict[str, tuple[str, bool]],  # log file: digest, parsed without problems
        cache: Cache | None,
        other_digests: dict[str, str],  # settings, pack, pauses, people
        directory: Directory = NOBODY,
    ) -> None:
        self.workspace = workspace
        self.settings = settings
        self.pack = pack
        self.pauses = pauses
        self._entries: list[Entry] | None = None
        self._resume: Resume | None = None
        self.problems = problems
        self.settings_ok = settings_ok
        self.log_digests = log_digests
        self.cache = cache
        self.other_digests = other_digests
        self.directory = directory

    def score(self, as_of: date, entries: list[Entry] | None = None) -> Scorecard:
        """Score the workspace (or these entries) with its pack, settings, pauses and people."""
        from habits.core.engine import score

        log = self.entries if entries is None else entries
        return score(self.pack, self.settings, log, as_of, self.pauses, self.directory)

    def resume(self) -> Resume:
        """A compact tally of every entry and the index of the log: remembered for exactly
        these files (with the entries logged since), else built from the entries."""
        if self._resume is None:
            cache = self.cache
            found: Resume | None = (
                cache.recall("resume", self.inputs(TALLY), Resume) if cache else None
            )
            if found is None:
                entries = self.entries
                found = Resume(self.fold(entries), LogIndex.of(entries, self.directory))
                self.keep_resume(found)
            self._resume = found
        return self._resume

    def tally(self) -> Tally:
        return self.resume().tally

    def fold(self, entries: Sequence[Entry]) -> Tally:
        """A compact tally of these entries with the workspace's pack, settings and people."""
        from habits.core.engine import tally

        return tally(self.pack, self.settings, entries, self.pauses, self.directory)

    def keep_resume(self, resume: Resume, fed: Sequence[Entry] = (), old: str = "") -> None:
        """Remember the resume for the files as they are now: as a record of the entries just
        fed to the remembered one (under the inputs key `old`), or whole."""
        self._resume = resume
        cache = self.cache
        if cache is None:
            return
        new = self.inputs(TALLY)
        if not fed or not cache.record(RESUME, old, new, list(fed)):
            resume.tally.compact()
            cache.remember("resume", new, resume)

    def remembered(self, kind: type[T], day: date, make: Callable[[], T], *variant: object) -> T:
        """A view of the workspace as of a day (a value of `kind`, told apart by `variant`),
        remembered while the files and the day stay the same; else `make` computes it."""
        name, key = self._view_key(kind, day, variant)
        found: T | None = self.cache.recall(name, key, kind) if self.cache else None
        if found is None:
            found = make()
            self.keep(kind, day, found, *variant)
        return found

    def keep(self, kind: type[T], day: date, value: T, *variant: object) -> None:
        """Remember a view for the files as they are now (see `remembered`)."""
        if self.cache is not None:
            self.cache.remember(*self._view_key(kind, day, variant), value)
            self.cache.save()

    def _view_key(self, kind: type[Any], day: date, variant: tuple[object, ...]) -> tuple[str, str]:
        return VIEWS.removeprefix("memo/") + kind.__qualname__, self.inputs((day, *variant))

    def summary(self, as_of: date) -> Summary:
        """The workspace scored as of a day: a remembered tally finished, if it covers the day."""
        tally = self.tally()
        return tally.summary(as_of) if tally.covers(as_of) else self.score(as_of)

    @property
    def entries(self) -> list[Entry]:
        """Every valid entry, loaded on first use (a remembered status needs none)."""
        if self._entries is None:
            self._entries = check_entries(self.parsed_entries(), self.pack)[0]
        return self._entries

    def parsed_entries(self) -> list[Entry]:
        """Every entry the log files hold, before checking actions and ids."""
        from habits.store.logfile import settled

        ws, cache = self.workspace, self.cache or Cache(self.workspace.cache)
        found: list[Entry] = []
        for key, (file_digest, _) in sorted(self.log_digests.items()):
            hit = cache.lookup(key, file_digest, LOG)
            if hit is None:
                # Filed under the digest of the bytes read now, never under the old digest.
                path = ws.root / key
                raw = read_regular(path)
                hit = _log(ws, path, raw)
                cache.put_log(key, digest(raw), *hit)
            found.extend(hit[0])
        return settled(found, self.settings.timezone)

    def entries_with(self, entry: Entry) -> list[Entry]:
        """Every entry and one about to be appended to the file its origin names, in the
        order they are written (files by name, then lines)."""
        from habits.core.timeline import origin_file

        entries, file = self.entries, origin_file(entry.origin)
        n = len(entries)
        while n and origin_file(entries[n - 1].origin) > file:
            n -= 1
        return [*entries[:n], entry, *entries[n:]]

    def add_entries(self, entries: list[Entry]) -> None:
        """Entries just written: known to the state if it has loaded its entries already."""
        if self._entries is not None:
            self._entries.extend(entries)

    def checks_key(self) -> str:
        """A key for check_entries' verdict: the pack and every log file."""
        files = sorted((name, d) for name, (d, _) in self.log_digests.items())
        return digest(repr((CACHE_FORMAT, self.other_digests.get("pack"), files)).encode())

    def inputs(self, as_of: object) -> str:
        """A key for everything scoring depends on: every file's content, the day, the code."""
        parts = sorted(self.other_digests.items()) + sorted(
            (name, d) for name, (d, _) in self.log_digests.items()
        )
        text = repr((CACHE_FORMAT, str(as_of), parts))
        return digest(text.encode())


def load(ws: Workspace) -> State:
    """Read settings, pack, pauses and every log file (from the cache when unchanged)."""
    ws.require()
    cache = Cache(ws.cache)
    problems: list[Problem] = []

    def read(
        name: str, path: Path, shape: Any, make: Callable[[bytes], tuple[T, list[Problem]]]
    ) -> T:
        """A file's value from the cache, else made from its bytes (and filed under them)."""
        try:
            found, raw = cache.fingerprint(name, path)
        except OddFile as odd:  # reported by path; the rest of the workspace still loads
            problems.append(odd.problem(ws.shown(path)))
            other[name] = "odd"
            return make(b"")[0]
        hit = cache.lookup(name, found, (shape, PROBLEMS))
        if hit is None:
            found, raw = _contents(path, found, raw)
            hit = make(raw)
            cache.put(name, found, hit)
        other[name] = found
        problems.extend(hit[1])
        return hit[0]  # type: ignore[no-any-return]

    other: dict[str, str] = {}
    settings = read("settings", ws.settings, Settings, lambda raw: _settings(ws, raw))
    pack = _cached_pack(ws, cache, other, problems)
    pauses = (
        read("pauses", ws.pauses, [Pause], lambda raw: _pauses(ws, raw))
        if _there(ws.pauses)
        else []
    )
    people = (
        read("people", ws.people, Directory, lambda raw: _people(ws, raw))
        if _there(ws.people)
        else NOBODY
    )

    digests = {}
    month_files, odd = ws.scan_log()
    problems.extend(odd)
    for path in month_files:
        key = ws.shown(path)
        try:
            file_digest, raw = cache.fingerprint(key, path)
            known = cache.log_problems(key, file_digest)
            if known is None:
                file_digest, raw = _contents(path, file_digest, raw)
                parsed, known = _log(ws, path, raw)
                cache.put_log(key, file_digest, parsed, known)
        except OddFile as error:  # swapped for an odd file since the listing
            problems.append(error.problem(key))
            continue
        except FileNotFoundError:  # removed since the listing
            continue
        digests[key] = (file_digest, not known)
        problems.extend(known)
    cache.forget_missing(set(digests))
    state = State(
        ws,
        settings,
        pack,
        pauses,
        problems,
        settings_ok=not any(p.path == ws.shown(ws.settings) for p in problems),
        log_digests=digests,
        cache=cache,
        other_digests=other,
        directory=people,
    )
    # Unknown actions and repeated ids depend on the pack and every file: remember the verdict.
    checked = cache.recall("checks", state.checks_key(), PROBLEMS)
    if checked is None:
        checked = check_entries(state.parsed_entries(), pack)[1]
        cache.remember("checks", state.checks_key(), checked)
    problems.extend(checked)
    cache.save()
    return state


def _there(path: Path) -> bool:
    """An optional file is read if present, and reported if a link to nothing."""
    return path.exists() or path.is_symlink()


def _cached_pack(
    ws: Workspace, cache: Cache, other: dict[str, str], problems: list[Problem]
) -> Pack:
    """The pack, filed under the digest of the bytes of its files: those it was parsed from."""
    prints = {}
    for path in sorted(ws.pack.glob("*.toml")):
        try:
            prints[path.name] = cache.fingerprint(f"pack/{path.name}", path)
        except OddFile as odd:  # a FIFO, a folder, a huge file: reported, never read
            problems.append(odd.problem(ws.shown(path)))
    hit = cache.lookup("pack", _pack_digest(prints), (Pack, PROBLEMS))
    if hit is None:
        read = {name: _contents(ws.pack / name, *found) for name, found in prints.items()}
        hit = _pack(ws, {name: raw for name, (_, raw) in read.items()})
        prints = dict(read)  # the digests of the bytes just parsed: the value is filed under them
        cache.put("pack", _pack_digest(prints), hit)
    other["pack"] = _pack_digest(prints)
    problems.extend(hit[1])
    return hit[0]  # type: ignore[no-any-return]


def _pack_digest(prints: dict[str, tuple[str, bytes | None]]) -> str:
    return digest("\0".join(f"{name}\0{found}" for name, (found, _) in prints.items()).encode())


def _contents(path: Path, found: str, raw: bytes | None) -> tuple[str, bytes]:
    """A file's bytes, and their digest, when a fingerprint alone did not read them.

    Filed under the digest of the bytes read now, never under the fingerprint's.
    """
    if raw is None:
        raw = read_regular(path)
        found = digest(raw)
    return found, raw


def check_entries(entries: list[Entry], pack: Pack) -> tuple[list[Entry], list[Problem]]:
    """Entries need a known action and an id of their own; others are reported and left out."""
    problems = []
    kept = []
    seen: dict[str, str] = {}
    for entry in entries:
        path, _, line = entry.origin.rpartition(":")
        if entry.action in pack.damaged:
            where = f"challenges/actions.toml:{pack.damaged[entry.action]}"
            message = f"action '{entry.action}' is declared at {where} but could not be read"
            hint = "fix it there (`habits check` lists what is wrong); then this entry counts"
            problems.append(Problem(path, int(line or 0), message, hint))
            continue
        if entry.action not in pack.actions:
            from habits.core.problems import suggest

            hint = suggest(entry.action, pack.actions) or "add it to challenges/actions.toml"
            problems.append(Problem(path, int(line or 0), f"unknown action '{entry.action}'", hint))
            continue
        if entry.kind and not pack.actions[entry.action].win:
            problems.append(
                Problem(
                    path,
                    int(line or 0),
                    f"kind '{entry.kind}' on a '{entry.action}' entry",
                    "only a win action takes a kind; remove it or mark the action win = true",
                )
            )
        if entry.id in seen:
            problems.append(
                Problem(
                    path,
                    int(line or 0),
                    f"id '{entry.id}' is used twice (first at {seen[entry.id]})",
                    "give one of them another id",
                )
            )
            continue
        seen[entry.id] = entry.origin
        kept.append(entry)
    return kept, problems


def _settings(ws: Workspace, raw: bytes) -> tuple[Settings, list[Problem]]:
    from pydantic import ValidationError

    from habits.store.pack import parse_toml
    from habits.store.schema import SettingsModel, problems_of

    data, lines, found = parse_toml(raw, ws.shown(ws.settings))
    if found:
        return Settings(), found
    try:
        m = SettingsModel.model_validate(data)
    except ValidationError as error:
        return Settings(), problems_of(error, ws.shown(ws.settings), lines)
    return Settings(m.name, m.timezone, WEEKDAYS.index(m.week_start), m.day_start), []


def _pack(ws: Workspace, files: dict[str, bytes]) -> tuple[Pack, list[Problem]]:
    from habits.store.pack import load_pack

    return load_pack(ws.pack, ws.shown, files)


def _pauses(ws: Workspace, raw: bytes) -> tuple[list[Pause], list[Problem]]:
    from habits.store.logfile import decode_log
    from habits.store.schema import PauseModel, validate_blocks

    text, damaged = decode_log(raw, ws.shown(ws.pauses))
    good, problems = validate_blocks(text, ws.shown(ws.pauses), "pause", PauseModel)
    return [Pause(m.from_, m.to, m.challenge, m.note) for m, _ in good], damaged + problems


def _people(ws: Workspace, raw: bytes) -> tuple[Directory, list[Problem]]:
    from habits.store.people import directory, parse_people

    people, problems = parse_people(ws, raw)
    found, more = directory(people, ws.shown(ws.people))
    return found, problems + more


def _log(ws: Workspace, path: Path, raw: bytes) -> tuple[list[Entry], list[Problem]]:
    from habits.store.logfile import decode_log, parse_log

    shown = ws.shown(path)
    text, damaged = decode_log(raw, shown)
    entries, problems = parse_log(text, shown)
    return entries, damaged + problems


def require_settings(state: State) -> None:
    """Scoring with broken settings would mislead: stop and say where to fix them."""
    if not state.settings_ok:
        first = next(
            p for p in state.problems if p.path == state.workspace.shown(state.workspace.settings)
        )
        raise HabitsError(str(first), "fix habits.toml (`habits check` lists every problem)")
