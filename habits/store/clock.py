"""The current instant, which HABITS_NOW (ISO, with offset) pins for demos and tests."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from habits.core.problems import HabitsError


def now() -> datetime:
    pinned = os.environ.get("HABITS_NOW")
    if pinned:
        try:
            at = datetime.fromisoformat(pinned)
        except ValueError:
            raise HabitsError(
                f"HABITS_NOW='{pinned}' is not an ISO datetime", "unset it or fix it"
            ) from None
        return at if at.tzinfo else at.replace(tzinfo=UTC)
    return datetime.now(UTC)
