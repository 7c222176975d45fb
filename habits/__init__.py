"""habits: turn professional micro-connections into a habit you can see.

The public API is the pure core (score a pack against entries) and the workspace store.
"""

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
