"""habits: turn professional micro-connections into a habit you can see.

The public API is the pure core (score a pack against entries). Names load on first use, so
`habits log` does not pay for the scoring engine before it needs it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

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
    "__version__",
    "score",
]

if TYPE_CHECKING:
    from habits.core import (
        Action,
        Badge,
        BadgeResult,
        Challenge,
        ChallengeResult,
        Entry,
        HabitsError,
        LedgerLine,
        Pack,
        Pause,
        PeriodResult,
        Problem,
        Scorecard,
        Settings,
        score,
    )


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module("habits.core"), name)
    raise AttributeError(f"module 'habits' has no attribute {name!r}")
