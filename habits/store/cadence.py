"""A keep-in-touch cadence as people.toml and `habits people cadence` write it: 30d, 2w, 3m."""

from __future__ import annotations

import re

from habits.core.problems import HabitsError
from habits.core.when import MAX_DAYS

CADENCE = re.compile(r"^([1-9][0-9]*)([dwm])$")
UNIT_DAYS = {"d": 1, "w": 7, "m": 30}


def cadence_days(text: str) -> int:
    """'30d' -> 30, '2w' -> 14, '3m' -> 90."""
    found = CADENCE.match(text.strip().lower())
    if not found:
        raise HabitsError(f"'{text}' is not a cadence", "write days, weeks or months: 30d, 2w, 3m")
    if len(found[1]) > 5 or int(found[1]) * UNIT_DAYS[found[2]] > MAX_DAYS:
        raise HabitsError(
            f"'{text}' is longer than ten years",
            f"give at most {MAX_DAYS} days: e.g. 3650d, 521w or 120m",
        )
    return int(found[1]) * UNIT_DAYS[found[2]]
