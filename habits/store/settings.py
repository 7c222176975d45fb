"""habits.toml's keys that one command reads (inbox, calendar, me), not the scoring: read
with the standard library when that command runs. `habits check` validates the whole file."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from habits.store.workspace import Workspace


def setting(ws: Workspace, key: str) -> object:
    """The value habits.toml gives `key`, or None (no such key, or a file that cannot be read:
    every command that loads the workspace reports that)."""
    import tomllib

    from habits.store.reader import read_regular

    try:
        settings = tomllib.loads(read_regular(ws.settings).decode("utf-8"))
    except (OSError, ValueError):
        return None
    return settings.get(key)
