"""The pure domain of habits: standard library only, no files, clock or terminal.

Names load on first use: `habits.core.problems` alone must not pull in the scoring engine.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOME = {
    "score": "engine",
    "Action": "model",
    "Badge": "model",
    "Challenge": "model",
    "Entry": "model",
    "Pack": "model",
    "Pause": "model",
    "Settings": "model",
    "HabitsError": "problems",
    "Problem": "problems",
    "BadgeResult": "scorecard",
    "ChallengeResult": "scorecard",
    "LedgerLine": "scorecard",
    "PeriodResult": "scorecard",
    "Scorecard": "scorecard",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(f"habits.core.{_HOME[name]}"), name)
    raise AttributeError(f"module 'habits.core' has no attribute {name!r}")


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
