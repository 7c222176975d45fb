"""Reading workspace files: regular files only, up to a size cap.

A FIFO, a device, a link to nothing, a folder or a huge file named like one of ours is reported
by its path (an OddFile) instead of hanging a command or filling its memory.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from habits.core.problems import Problem

MAX_FILE = 64 * 1024 * 1024  # no workspace file is near this; a bigger one is a mistake, not data


class OddFile(OSError):
    """A path that is not a regular file of a sane size: reported by path, never read."""

    def __init__(self, path: Path, message: str, hint: str) -> None:
        super().__init__(errno.EINVAL, message, str(path))
        self.message = message
        self.hint = hint

    def problem(self, shown: str) -> Problem:
        return Problem(shown, 0, self.message, self.hint)


def odd_file(path: Path, info: os.stat_result | None = None) -> OddFile | None:
    """Why habits will not read `path` (None: a regular file it may read, or nothing there)."""
    if info is None:
        try:
            info = path.stat()
        except FileNotFoundError:
            if not path.is_symlink():
                return None  # simply missing: the caller decides what that means
            target = path.readlink()
            return OddFile(path, f"a symlink to a missing file ({target})", "remove the link")
    if stat.S_ISREG(info.st_mode):
        if info.st_size > MAX_FILE:
            size = f"{info.st_size:,} bytes, over the {MAX_FILE // 2**20} MiB limit"
            return OddFile(path, f"too large to be ours ({size})", "move it out of the workspace")
        return None
    kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
    if path.is_symlink():
        kind = f"a symlink to {kind} ({path.readlink()})"
    hint = "rename it or move it out" if stat.S_ISDIR(info.st_mode) else "move it out"
    return OddFile(path, f"{kind}, not a file habits can read", f"{hint} of the workspace")


_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def open_regular(path: Path, flags: int, mode: int = 0o666) -> int:
    """A descriptor of the regular file at `path`, opened with `flags` (and `mode` if it is
    made), or OddFile: never blocks on a FIFO, never hands back a folder or a device.

    FileNotFoundError when nothing is there (a link to nothing is an OddFile); any other
    error of the open (a folder opened to write, a link refused by O_NOFOLLOW) as it is.
    """
    try:
        # O_NONBLOCK: opening a FIFO no writer holds returns at once instead of waiting
        fd = os.open(path, flags | os.O_NONBLOCK | os.O_CLOEXEC, mode)
    except FileNotFoundError:
        if (odd := odd_file(path)) is not None:  # a link to nothing
            raise odd from None
        raise
    info = os.fstat(fd)  # of what was opened: a swap after a check cannot slip through
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise odd_file(path, info) or OddFile(path, "not a regular file", "move it out")
    return fd


def read_regular(path: Path, cap: int = MAX_FILE) -> bytes:
    """A regular file's bytes, or OddFile: never blocks on a FIFO, never reads past `cap`."""
    fd = open_regular(path, os.O_RDONLY)
    try:
        info = os.fstat(fd)
        if info.st_size > cap:
            raise odd_file(path, info) or _too_large(path, cap)
        chunks = []
        left = cap + 1  # the file may grow after the fstat: read one byte past the cap at most
        while left > 0 and (chunk := os.read(fd, min(left, max(info.st_size, 65536)))):
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    if left <= 0:
        raise _too_large(path, cap)
    return b"".join(chunks)


def _too_large(path: Path, cap: int) -> OddFile:
    limit = f"over the {cap / 2**20:g} MiB limit"
    return OddFile(path, f"too large to be ours ({limit})", "move it out of the workspace")
