"""The use cases of one workspace, for any front end: they return values, never print or exit.

Errors a person can fix are raised as `HabitsError` (with the exit code a command ends with).
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import TYPE_CHECKING

from habits.app.ask import AskCases
from habits.app.contacts import PEOPLE_SHOWN, NetworkCases
from habits.app.feed import FeedCases
from habits.app.logbook import LogCases
from habits.app.progress import ProgressCases
from habits.app.results import Demo, Imported, Logged, Published, Removed, SiteData, Where
from habits.app.setup import SetupCases
from habits.app.sharing import ShareCases
from habits.store.cache import Cache
from habits.store.workspace import Workspace, resolve

if TYPE_CHECKING:
    from collections.abc import Callable

    # Named here too, for a front end's annotations (it reaches the workspace only here).
    from habits.store.leaderboard import Leaderboard as Leaderboard
    from habits.store.leaderboard import Progress as Progress

__all__ = [
    "PEOPLE_SHOWN",
    "Demo",
    "Habits",
    "Imported",
    "Logged",
    "Published",
    "Removed",
    "SiteData",
    "Where",
    "Workspace",
    "now",
    "report_debug",
    "workspace_at",
]


def workspace_at(home: str | os.PathLike[str] | None) -> Workspace:
    """The workspace a person means: `home`, else $HABITS_HOME, else the platform's data folder.

    Only where it is: whether one is there is for the use cases that need it to say.
    """
    return resolve(home)


def now() -> datetime:
    """The current instant; HABITS_NOW (ISO, with offset) pins it for demos and tests."""
    from habits.store.clock import now

    return now()


def report_debug(report: Callable[[str], None] | None) -> None:
    """Tell `report` each line a person debugging wants (a damaged cache file dropped and
    rebuilt); None makes the store silent again."""
    Cache.report = report


class Habits(LogCases, AskCases, ProgressCases, NetworkCases, FeedCases, ShareCases, SetupCases):
    """One workspace and a clock (a callable giving the current aware datetime): every use
    case a method, grouped by what it is about (see `UseCases` for what they share).
    """
