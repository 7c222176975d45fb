"""A team folder as the board reads it: team.toml's settings as a Team, members/ inside it.

Both sides of a team need this: the board reads the member files (members.py) and a member
publishes into the folder (team.py), which checks who owns a member file by reading it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import NamedTuple

from habits.core.model import WORKWEEK

TEAM = "team.toml"
MEMBERS = "members"


class Goal(NamedTuple):
    title: str | None  # None: said from the target, figure and period
    figure: str  # points, new_people, connector, entries
    target: int | None  # None: a default scaled to the team's size (habits.core.boards)
    period: str  # week, month, season


class Team(NamedTuple):
    folder: Path
    name: str
    season: tuple[date, date | None]
    week_start: int
    backdating_days: int
    boards: tuple[str, ...]
    goal: Goal | None
    workdays: tuple[int, ...] = WORKWEEK  # the board's daily challenges rest on the others

    @property
    def members(self) -> Path:
        return self.folder / MEMBERS
