"""Safe writes: one workspace lock, appends undone on error, rewrites atomic, leftovers cleared.

A write that fails part-way (a full disk, a quota, a yanked drive) leaves nothing behind: an
append is truncated back to the old length, a new file is removed, a rewrite keeps the old file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from habits.core.problems import HabitsError
from habits.store.reader import OddFile, odd_file, open_regular, read_regular

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no fcntl; writers then rely on atomic renames
    fcntl = None  # type: ignore[assignment]

STALE_SECONDS = 60  # a temp file this old is left over, whatever its writer's pid says
PENDING = ".habits-renames"  # names the temp files of a rewrite all of whose renames must happen


@contextlib.contextmanager
def locked(lock_path: Path, shared: bool = False) -> Iterator[None]:
    """Hold the workspace lock: exclusive for writers, shared for readers.

    A reader never needs to write: it opens the lock file read-only, and goes on without the
    lock where the file is missing and cannot be created (a read-only workspace, or one of
    another user's). Every writer creates the lock file first, so none was at work there; one
    that starts meanwhile can at worst show this reader its last entry half-written, which it
    reports as damaged and leaves out.
    """
    if shared:
        fd = _reader_fd(lock_path)
        if fd is None:
            yield
            return
    else:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = _lock_fd(lock_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    with os.fdopen(fd, "rb" if shared else "ab") as handle:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _reader_fd(lock_path: Path) -> int | None:
    """The lock file opened to read, created if missing (None: it cannot be created)."""
    try:
        return _lock_fd(lock_path, os.O_RDONLY)
    except FileNotFoundError:
        pass
    try:
        return _lock_fd(lock_path, os.O_RDONLY | os.O_CREAT)
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return None
        raise


def _lock_fd(lock_path: Path, flags: int) -> int:
    """The lock file opened, if it is a regular file of its own: a FIFO there would hang every
    command, and a link would make habits create or lock a file elsewhere."""
    try:
        return open_regular(lock_path, flags | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        raise
    except OddFile:
        raise _odd_lock(lock_path) from None
    except OSError:  # O_NOFOLLOW refuses a link; a folder cannot be opened to write
        if not lock_path.is_symlink() and odd_file(lock_path) is None:
            raise
        raise _odd_lock(lock_path) from None


def _odd_lock(lock_path: Path) -> HabitsError:
    odd = odd_file(lock_path)
    what = f"a symlink ({lock_path.readlink()})" if odd is None else odd.message.split(",")[0]
    return HabitsError(f"{lock_path}: {what}, not a lock file", "remove it; habits makes a new one")


class NotWritten(HabitsError, OSError):
    """A write that failed and was undone: the cause and the file, in one line."""

    def __init__(self, error: OSError, shown: str, undone: bool = True) -> None:
        cause = error.strerror or str(error)
        if undone:
            message = f"{cause}: {shown}; nothing was written"
            hint = error.hint if isinstance(error, OddFile) else _HINTS.get(error.errno or 0)
        else:
            message = f"{cause}: {shown}; its end may hold part of this write"
            hint = "`habits check` shows where; remove the torn lines"
        super().__init__(message, hint or "")
        self.errno = error.errno


_HINTS = {
    errno.ENOSPC: "free some space and run it again",
    errno.EDQUOT: "free some space (you are over your disk quota) and run it again",
    errno.EACCES: "check the permissions of the file and its folder",
    errno.EPERM: "check the permissions of the file and its folder",
    errno.EROFS: "the disk is mounted read-only",
}


def append_text(
    path: Path, text: str, header: str = "", shown: str = "", durable: bool = True
) -> int:
    """Append to a file and make it durable (unless not `durable`: then only written); a new
    file starts with `header`. Return the old length. On any error the file is put back as
    it was (a new one removed): NotWritten.

    The caller holds the workspace lock. If a crash tore the last line, the new text
    starts on a fresh line so it never merges with the damage.
    """
    shown = shown or str(path)
    try:
        fd, is_new = _open_append(path)
    except OSError as error:
        raise NotWritten(error, shown) from error
    try:
        size = os.fstat(fd).st_size
        if is_new:
            text = header + text
        elif size and os.pread(fd, 1, size - 1) != b"\n":
            text = "\n" + text
        try:
            _write_all(fd, text.encode("utf-8"))
            if durable:
                os.fsync(fd)
        except BaseException as error:
            _undo_append(path, fd, size, is_new, error, shown)
            raise
    finally:
        os.close(fd)
    if is_new and durable:
        _sync_dir(path.parent)
    return size


def _open_append(path: Path) -> tuple[int, bool]:
    """The file opened to append, and whether it is new (then made, with its folder)."""
    flags = os.O_RDWR | os.O_APPEND
    try:
        return open_regular(path, flags), False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return open_regular(path, flags | os.O_CREAT | os.O_EXCL), True


def _undo_append(
    path: Path, fd: int, size: int, is_new: bool, error: BaseException, shown: str
) -> None:
    """Take back a failed append; raise NotWritten for an OSError (the caller re-raises others)."""
    try:
        if is_new:
            os.unlink(path)
        else:
            os.ftruncate(fd, size)  # shrinking needs no free space
            os.fsync(fd)
    except OSError:
        if isinstance(error, OSError):
            raise NotWritten(error, shown, undone=False) from error
        return
    if isinstance(error, OSError):
        raise NotWritten(error, shown) from error


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte: a short write (a disk nearly full) is continued, or raises."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def temp_name(path: Path) -> Path:
    """A fresh name beside `path` (same file system, so a rename is atomic), naming its writer.

    Not `tempfile`: it pulls in random and shutil, a few ms on every `habits log`.
    """
    return path.parent / f".{path.name}.{os.getpid()}.{os.urandom(6).hex()}.tmp"


def write_atomic(path: Path, data: str | bytes, durable: bool = True, shown: str = "") -> None:
    """Replace a file in one step: a reader sees the old file or the new one, never half.

    `durable=False` is for files that may be lost but never torn (the cache): no fsyncs, and
    the old file is removed before the new one takes its name, since ext4 flushes a file
    renamed over another (auto_da_alloc), most of a millisecond each time. A reader that
    comes in between finds no cache and reads the workspace's files instead.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = _write_temp(path, data.encode("utf-8") if isinstance(data, str) else data, durable)
        try:
            if not durable:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
    except OSError as error:
        raise NotWritten(error, shown or str(path)) from error
    if durable:
        _sync_dir(path.parent)


def _write_temp(path: Path, raw: bytes, durable: bool) -> Path:
    """The new contents of `path` in a temp file beside it, with the old file's permissions."""
    tmp = temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        try:
            _write_all(fd, raw)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        mode = 0o644
        if durable:
            with contextlib.suppress(FileNotFoundError):
                mode = path.stat().st_mode & 0o777
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


def replace_all(files: Mapping[Path, bytes], shown: Callable[[Path], str] = str) -> None:
    """Replace several files of one folder together: all of them, or (on an error) none.

    Every new file is written and flushed first; then a small record names them all, and
    only then are they renamed into place. A run killed among the renames leaves the record,
    and the next run's `recover` finishes them: the new files were whole before the first.
    """
    if not files:
        return
    (folder,) = {path.parent for path in files}
    written: dict[Path, Path] = {}
    try:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for path, raw in files.items():
                written[path] = _write_temp(path, raw, durable=True)
            if len(files) > 1:
                record = "".join(f"{tmp.name}\n" for tmp in written.values())
                write_atomic(folder / PENDING, record)
        except BaseException:
            for tmp in written.values():
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
            raise
    except NotWritten:
        raise
    except OSError as error:
        failed = next((p for p in files if p not in written), next(iter(files)))
        raise NotWritten(error, shown(failed)) from error
    for path, tmp in written.items():
        # Gone only if a reader's `recover` took the record's word and renamed it already.
        with contextlib.suppress(FileNotFoundError):
            os.replace(tmp, path)
    _sync_dir(folder)
    if len(files) > 1:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / PENDING)
        _sync_dir(folder)


def recover(folder: Path, names: list[str] | None = None) -> bool:
    """Finish the renames of a rewrite cut short, then remove stale temp files (ours only).
    Return whether it renamed any (the caller's listing of the folder is then out of date).

    `names` is the folder's listing when the caller has it. A temp file is stale when its
    writer's pid is gone or it is over a minute old, so a running writer's file is kept.
    Errors are ignored: a read-only workspace is read as it is.
    """
    try:
        names = os.listdir(folder) if names is None else names
    except OSError:
        return False
    pending: set[str] = set()
    renamed = False
    if PENDING in names:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            listed = read_regular(folder / PENDING, 1 << 20).decode("utf-8").splitlines()
            pending = {name for name in listed if temp_target(name)}
            for name in sorted(pending):
                with contextlib.suppress(FileNotFoundError):
                    os.replace(folder / name, folder / temp_target(name))
                    renamed = True
            _sync_dir(folder)
            os.unlink(folder / PENDING)
            pending.clear()
    for path, info in stale_temps(folder, names):
        if path.name not in pending and stat.S_ISREG(info.st_mode):
            with contextlib.suppress(OSError):
                os.unlink(path)
    return renamed


def stale_temps(
    folder: Path, names: list[str], max_age: float = STALE_SECONDS
) -> Iterator[tuple[Path, os.stat_result]]:
    """Temp files (or folders) of ours in `folder` whose writer is gone or that are old."""
    now = time.time()
    for name in names:
        if not name.endswith(".tmp") or not temp_target(name):
            continue
        path = folder / name
        try:
            info = path.lstat()
        except OSError:
            continue
        if now - info.st_mtime > max_age or not _alive(_temp_pid(name)):
            yield path, info


def temp_target(name: str) -> str:
    """The file a temp file of ours stands in for ('' for any other name)."""
    parts = name.split(".")
    # "." + target + "." + pid + "." + 12 hex + ".tmp"
    if len(parts) < 5 or parts[0] or parts[-1] != "tmp" or not parts[-3].isdigit():
        return ""
    if len(parts[-2]) != 12 or not all(c in "0123456789abcdef" for c in parts[-2]):
        return ""
    target = ".".join(parts[1:-3])
    return target if target and "/" not in target else ""


def _temp_pid(name: str) -> int:
    return int(name.split(".")[-3])


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False  # not a process: 0 and below would signal a process group
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is not ours to signal
        return True
    return True


def _sync_dir(folder: Path) -> None:
    """Make a new or renamed directory entry durable (a no-op where unsupported)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
