"""A workspace loaded into memory: settings, pack, rests, people and log, with every problem.

Files are read through the store's memoiser (`habits.store.cache`): a file whose bytes have
not changed is not parsed again. Views of the workspace as of a day (a scorecard, the
network) are remembered through one narrow interface, `State.remembered` and `State.keep`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from habits.core.model import WEEKDAYS, Entry, Pack, Pause, Settings
from habits.core.people import NOBODY, Directory
from habits.core.problems import HabitsError, Problem
from habits.store.cache import (
    CACHE_FORMAT,
    CHECKPOINT,
    CHECKS,
    KEPT,
    LOG,
    NETWORK,
    PROBLEMS,
    TALLY,
    VIEWS,
    Cache,
    NullCache,
    digest,
)
from habits.store.kept import Checkpoint, Contacts, LogIndex, Resume
from habits.store.reader import OddFile, read_regular
from habits.store.workspace import Workspace

if TYPE_CHECKING:
    from datetime import date

    from habits.core.engine import Tally
    from habits.core.followups import Marks
    from habits.core.scorecard import Scorecard, Summary
    from habits.store.kept import Fold

T = TypeVar("T")
F = TypeVar("F", bound="Fold")


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
        cache: Cache,
        other_digests: dict[str, str],  # settings, pack, pauses, people
        directory: Directory = NOBODY,
        mark_records: Sequence[Any] = (),  # followups.toml's blocks (`habits.store.followups`)
    ) -> None:
        self.workspace = workspace
        self.settings = settings
        self.pack = pack
        self.pauses = pauses
        self._entries: list[Entry] | None = None
        self._resume: Resume | None = None
        self._contacts: Contacts | None = None
        self.problems = problems
        self.settings_ok = settings_ok
        self.log_digests = log_digests
        self.cache = cache
        self.other_digests = other_digests
        self.directory = directory
        self.mark_records = list(mark_records)

    @property
    def marks(self) -> Marks:
        """The follow-ups dismissed or snoozed (followups.toml), by entry, person key, kind."""
        from habits.core.followups import NO_MARKS

        if not self.mark_records:
            return NO_MARKS
        from habits.store.followups import marks_of

        return marks_of(self.mark_records, self.directory)

    def score(self, as_of: date, entries: list[Entry] | None = None) -> Scorecard:
        """Score the workspace (or these entries) with its pack, settings, pauses and people."""
        from habits.core.engine import score

        log = self.entries if entries is None else entries
        return score(self.pack, self.settings, log, as_of, self.pauses, self.directory, self.marks)

    def resume(self) -> Resume:
        """A compact tally of every entry and the index of the log (see `_kept`)."""
        if self._resume is None:
            self._resume = self._kept(KEPT, Resume, self._resume_of)
        return self._resume

    def contacts(self) -> Contacts:
        """The network of every entry as a fold, to finish as of a day (see `_kept`)."""
        if self._contacts is None:
            self._contacts = self._kept(NETWORK, Contacts, self._contacts_of)
        return self._contacts

    def refold(self) -> Resume:
        """The kept folds made again for the files as they are now, after an entry that is
        not the last was written: from their checkpoints of the older files when only the
        newest changed. The network is made again only from its checkpoint (else the next
        daily view folds it)."""
        self._resume = None
        resume = self.resume()
        contacts = self._from_checkpoint(NETWORK, Contacts)
        if contacts is not None:
            contacts.compact()
            self._contacts = contacts
            self.cache.remember(NETWORK, self.inputs(TALLY), contacts)
        return resume

    def _resume_of(self, entries: Sequence[Entry]) -> Resume:
        return Resume(self.fold(entries), LogIndex.of(entries, self.directory))

    def _contacts_of(self, entries: Sequence[Entry]) -> Contacts:
        from habits.core.timeline import in_order

        contacts = Contacts(self.pack, self.settings, self.directory, self.pauses, self.marks)
        contacts.feed(in_order(entries))
        return contacts

    def _kept(self, name: str, kind: type[F], start: Callable[[Sequence[Entry]], F]) -> F:
        """A fold of every entry: remembered for exactly these files (with the entries
        logged since); else its checkpoint of every file but the newest, fed that file (after
        a hand edit of this month); else `start` folds them afresh. Kept for the next run."""
        found: F | None = self.cache.recall(name, self.inputs(TALLY), kind)
        if found is None:
            found = self._from_checkpoint(name, kind) or self._fold_all(name, start)
            found.compact()
            self.cache.remember(name, self.inputs(TALLY), found)
        return found

    def _from_checkpoint(self, name: str, kind: type[F]) -> F | None:
        """The checkpoint's fold fed the newest file's entries (None: no checkpoint for
        these older files, or an entry of the newest file is older than one it holds)."""
        from habits.core.timeline import in_order

        newest = self._newest()
        verdict = self._checkpoint(newest)  # the older files' ids, to check the newest's
        if verdict is None or newest is None:
            return None
        found: F | None = (
            verdict.resume  # type: ignore[assignment]
            if name == KEPT
            else self.cache.recall(_checkpoint(name), self.inputs(TALLY, without=newest), kind)
        )
        if found is None:
            return None
        fresh, _ = check_entries(self._file_entries(newest), self.pack, dict(verdict.ids))
        # Unpickled for this run alone: feeding it changes no kept copy.
        return found if found.feed(in_order(fresh)) else None

    def _fold_all(self, name: str, start: Callable[[Sequence[Entry]], F]) -> F:
        """Fold every entry, keeping a checkpoint of the fold before the newest file."""
        import pickle

        from habits.core.timeline import in_order

        newest = self._newest()
        older = [
            e for key in sorted(self.log_digests) if key != newest for e in self._file_entries(key)
        ]
        base, problems = check_entries(older, self.pack)
        fold = start(base)
        if newest is None:
            return fold
        fold.compact()  # kept small: the checkpoint is read after every hand edit
        ids = _ids(base)
        key = self.inputs(TALLY, without=newest)
        copy = pickle.loads(pickle.dumps(fold))  # as it is now: feeding the newest changes it
        if isinstance(copy, Resume):  # with the verdict on the older files' entries
            self.cache.remember(CHECKPOINT, key, Checkpoint(copy, dict(ids), problems))
        else:
            self.cache.remember(_checkpoint(name), key, copy)
        fresh, _ = check_entries(self._file_entries(newest), self.pack, ids)
        if not fold.feed(in_order(fresh)):  # a newest-file entry older than the rest
            fold = start(self.entries)
        return fold

    def _checkpoint(self, newest: str | None) -> Checkpoint | None:
        if newest is None:
            return None
        found: Checkpoint | None = self.cache.recall(
            CHECKPOINT, self.inputs(TALLY, without=newest), Checkpoint
        )
        return found

    def _newest(self) -> str | None:
        """The newest log file (by name: a month's), or None without any."""
        return max(self.log_digests, default=None)

    def check(self) -> list[Problem]:
        """Unknown actions and repeated ids in every file: the checkpoint's verdict on the
        older files and the newest file's own, or the verdict on every file afresh."""
        newest = self._newest()
        found = self._checkpoint(newest)
        if found is None or newest is None:
            return check_entries(self.parsed_entries(), self.pack)[1]
        return [
            *found.problems,
            *check_entries(self._file_entries(newest), self.pack, dict(found.ids))[1],
        ]

    def tally(self) -> Tally:
        return self.resume().tally

    def fold(self, entries: Sequence[Entry]) -> Tally:
        """A compact tally of these entries with the workspace's pack, settings and people."""
        from habits.core.engine import tally

        return tally(self.pack, self.settings, entries, self.pauses, self.directory, self.marks)

    def keep_resume(self, resume: Resume, fed: Sequence[Entry] = (), old: str = "") -> None:
        """Remember the resume for the files as they are now: as a record of the entries just
        fed to the remembered one (under the inputs key `old`), or whole. The kept network,
        not read here, gets the same record: it takes the entries when it is next read."""
        self._resume = resume
        new = self.inputs(TALLY)
        if not fed or not self.cache.record(f"memo/{KEPT}", old, new, list(fed)):
            resume.compact()
            self.cache.remember(KEPT, new, resume)
        if fed:
            self.cache.record(f"memo/{NETWORK}", old, new, list(fed))

    def remembered(self, kind: type[T], day: date, make: Callable[[], T], *variant: object) -> T:
        """A view of the workspace as of a day (a value of `kind`, told apart by `variant`),
        remembered while the files and the day stay the same; else `make` computes it."""
        return self._recalled(*self._view_key(kind, day, variant), kind, make)

    def remembered_through(
        self, kind: type[T], last: date, make: Callable[[], T], *variant: object
    ) -> T:
        """A view of the days up to `last` (a week that is over), remembered while the files
        but the log, and the entries up to that day, stay the same: whatever is logged after
        it, and whatever day it is asked on, do not make it again. Only for a view that
        depends on nothing else (tests/test_review.py holds the week's review to that)."""
        name = VIEWS.removeprefix("memo/") + kind.__qualname__ + "-through"
        return self._recalled(name, self._inputs_through(last, variant), kind, make)

    def _recalled(self, name: str, key: str, kind: type[T], make: Callable[[], T]) -> T:
        """The value remembered under `name` for `key`, else made by `make` and remembered."""
        found: T | None = self.cache.recall(name, key, kind)
        if found is None:
            found = make()
            self.cache.remember(name, key, found)
            self.cache.save()
        return found

    def _inputs_through(self, last: date, variant: tuple[object, ...]) -> str:
        """The log files of the months before `last`'s by their digest; from its month on,
        the entries up to `last` themselves (a month file holds that month's entries, but a
        hand edit may put one anywhere: each is read and kept only by its day)."""
        from habits.core.periods import Calendar

        day_of = Calendar(self.settings).day_of
        month = f"{last:%Y-%m}"
        before, from_month = [], []
        for name, (found, _) in sorted(self.log_digests.items()):
            if Path(name).stem < month:
                before.append((name, found))
            else:
                from_month += [repr(e) for e in self._file_entries(name) if day_of(e.at) <= last]
        # A problem anywhere (a repeated id, say) may change which entries count.
        problems = sorted(str(p) for p in self.problems)
        text = repr((CACHE_FORMAT, str(last), variant, sorted(self.other_digests.items()), before))
        return digest("\0".join([text, *from_month, *problems]).encode())

    def keep(self, kind: type[T], day: date, value: T, *variant: object) -> None:
        """Remember a view for the files as they are now (see `remembered`)."""
        self.cache.remember(*self._view_key(kind, day, variant), value)
        self.cache.save()

    def last(self, name: str, shape: Any) -> Any:
        """What `keep_last` kept under `name` in an earlier run, if it has this shape, or None
        (kept by the cache: lost with it)."""
        return self.cache.recall(f"last/{name}", "", shape)

    def keep_last(self, name: str, value: Any) -> None:
        """Keep a value for a later run to compare with (see `last`)."""
        self.cache.remember(f"last/{name}", "", value)
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
        return [e for key in sorted(self.log_digests) for e in self._file_entries(key)]

    def month_entries(self, months: Iterable[tuple[int, int]]) -> list[Entry]:
        """The entries of those months' log files, before checking actions and ids: what a
        question about a few days needs (`habits ask`), not ten years of entries."""
        ws = self.workspace
        keys = {ws.shown(ws.month_file(year, month)) for year, month in months}
        return [
            e for key in sorted(keys & self.log_digests.keys()) for e in self._file_entries(key)
        ]

    def _file_entries(self, key: str) -> list[Entry]:
        """The entries one log file holds, before checking actions and ids."""
        from habits.store.logfile import settled

        ws, cache = self.workspace, self.cache
        hit = cache.lookup(key, self.log_digests[key][0], LOG)
        if hit is None:
            # Filed under the digest of the bytes read now, never under the old digest.
            path = ws.root / key
            raw = read_regular(path)
            hit = _log(ws, path, raw)
            cache.put_log(key, digest(raw), *hit)
        return settled(hit[0], self.settings.timezone)

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

    def inputs(self, as_of: object, without: str = "") -> str:
        """A key for everything scoring depends on: every file's content (but `without`'s),
        the day, the code."""
        parts = sorted(self.other_digests.items()) + sorted(
            (name, d) for name, (d, _) in self.log_digests.items() if name != without
        )
        text = repr((CACHE_FORMAT, str(as_of), parts))
        return digest(text.encode())


def load(ws: Workspace) -> State:
    """Read settings, pack, pauses and every log file (from the cache when unchanged)."""
    ws.require()
    cache = NullCache() if os.environ.get("HABITS_NO_CACHE") else Cache(ws.cache)
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
    marks: list[Any] = []
    if _there(ws.followups):
        from habits.store.followups import Mark, parse_marks

        marks = read("followups", ws.followups, [Mark], lambda raw: parse_marks(ws, raw))

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
    cache.tidy(set(digests))
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
        mark_records=marks,
    )
    # Unknown actions and repeated ids depend on the pack and every file: remember the verdict.
    checked = cache.recall(CHECKS, state.checks_key(), PROBLEMS)
    if checked is None:
        checked = state.check()
        cache.remember(CHECKS, state.checks_key(), checked)
    problems.extend(checked)
    cache.save()
    return state


def _checkpoint(name: str) -> str:
    """Where a kept fold's checkpoint is remembered (the resume's is `CHECKPOINT`)."""
    return f"{name}-{CHECKPOINT}"


def _ids(entries: list[Entry]) -> dict[str, str]:
    """Where each id is first used (entries that passed `check_entries`: no id twice)."""
    return {e.id: e.origin for e in entries}


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


def check_entries(
    entries: list[Entry], pack: Pack, seen: dict[str, str] | None = None
) -> tuple[list[Entry], list[Problem]]:
    """Entries need a known action and an id of their own; others are reported and left out.

    `seen` holds the ids of the entries checked before these (id -> origin); it is added to.
    """
    problems = []
    kept = []
    seen = {} if seen is None else seen
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
    workdays = tuple(sorted({WEEKDAYS.index(day) for day in m.workdays}))
    return Settings(m.name, m.timezone, WEEKDAYS.index(m.week_start), m.day_start, workdays), []


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
