"""What `habits opener` suggested last: kept in a workspace file of its own.

A suggestion is not an entry, so the rotation cannot be rebuilt from the files: it has no
place in the cache, which may be deleted at any time.
"""

from __future__ import annotations

import contextlib
import tomllib

from habits.store.files import locked, write_atomic
from habits.store.reader import read_regular
from habits.store.tomlvalue import toml_value
from habits.store.workspace import Workspace

HEADER = (
    "# The openers `habits opener` suggested last, newest first: it rotates past them.\n"
    "# Written by habits; deleting it only starts the rotation afresh.\n"
)


def recent_openers(ws: Workspace) -> list[str]:
    """The ids suggested last, newest first ([] if none, or the file is not as written)."""
    try:
        data = tomllib.loads(read_regular(ws.recent_openers, 1 << 16).decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    ids = data.get("suggested")
    return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []


def keep_recent_openers(ws: Workspace, ids: list[str]) -> None:
    """Replace them in one step, under the workspace lock.

    Best effort: in a workspace it may not write, `habits opener` still suggests, and the
    rotation is not kept.
    """
    with contextlib.suppress(OSError), locked(ws.lock):
        write_atomic(ws.recent_openers, HEADER + f"suggested = {toml_value(ids)}\n")
