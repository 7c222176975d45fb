"""The pure domain of habits: standard library only, no files, clock or terminal."""

from habits.core.engine import score
from habits.core.model import Action, Badge, Challenge, Entry, Pack, Pause, Settings
from habits.core.problems import HabitsError, Problem
from habits.core.scorecard import (
    BadgeResult,
    ChallengeResult,
    LedgerLine,
    PeriodResult,
    Scorecard,
)

__all__ = [
    "Action",
    "Badge",
    "BadgeResult",
    "Challenge",
    "ChallengeResult",
    "Entry",
    "HabitsError",
    "LedgerLine",
    "Pack",
    "Pause",
    "PeriodResult",
    "Problem",
    "Scorecard",
    "Settings",
    "score",
]
