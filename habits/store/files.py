"""Safe writes: one workspace lock, appends flushed to disk, rewrites atomic."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no fcntl; writers then rely on atomic renames
    fcntl = None  # type: ignore[assignment]


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
        fd = os.open(lock_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
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
        return os.open(lock_path, os.O_RDONLY)
    except FileNotFoundError:
        pass
    try:
        return os.open(lock_path, os.O_RDONLY | os.O_CREAT, 0o666)
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return None
        raise


def append_text(path: Path, text: str, header: str = "") -> None:
    """Append to a file and make it durable; a new file starts with `header`.

    The caller holds the workspace lock. If a crash tore the last line, the new text
    starts on a fresh line so it never merges with the damage.
    """
    is_new = not path.exists()
    if is_new:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = header + text
    else:
        with path.open("rb") as existing:
            existing.seek(0, os.SEEK_END)
            if existing.tell():
                existing.seek(-1, os.SEEK_END)
                if existing.read(1) != b"\n":
                    text = "\n" + text
    with path.open("a", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    if is_new:
        _sync_dir(path.parent)


def write_atomic(path: Path, data: str | bytes, durable: bool = True) -> None:
    """Replace a file in one step: a reader sees the old file or the new one, never half.

    `durable=False` is for files that may be lost but never torn (the cache): no fsyncs, and
    the old file is removed before the new one takes its name, since ext4 flushes a file
    renamed over another (auto_da_alloc), most of a millisecond each time. A reader that
    comes in between finds no cache and reads the workspace's files instead.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    # A fresh name beside the target (same file system, so the rename is atomic). Not
    # `tempfile`: it pulls in random and shutil, a few ms on every `habits log`.
    tmp = path.parent / f".{path.name}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if not durable:
            os.chmod(tmp, 0o644)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        elif path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if durable:
        _sync_dir(path.parent)


def _sync_dir(folder: Path) -> None:
    """Make a new or renamed directory entry durable (a no-op where unsupported)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
