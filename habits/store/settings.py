"""habits.toml's keys that one command reads (inbox, calendar, me), not the scoring: read
with the standard library when that command runs. `habits check` validates the whole file."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from habits.store.workspace import Workspace


def settings_table(ws: Workspace) -> dict[str, object]:
    """habits.toml's keys and values, or none (a file that cannot be read: every command that
    loads the workspace reports that)."""
    import tomllib

    from habits.store.reader import read_regular

    try:
        return tomllib.loads(read_regular(ws.settings).decode("utf-8"))
    except (OSError, ValueError):
        return {}
