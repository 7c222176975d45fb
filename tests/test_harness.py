"""The test suite's own settings: properties that a loaded machine cannot fail."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, settings

from tests.conftest import hypothesis_profile

TESTS = Path(__file__).parent


def test_no_profile_has_a_deadline_or_a_speed_check() -> None:
    for name in ("dev", "ci"):
        profile = settings.get_profile(name)
        assert profile.deadline is None, name
        assert HealthCheck.too_slow in profile.suppress_health_check, name
        assert profile.max_examples >= 50, name  # still a real search
    assert settings.get_profile("ci").derandomize  # a CI failure replays anywhere
    assert settings().deadline is None  # the profile in force for this run


def test_ci_runs_the_ci_profile_unless_one_is_named() -> None:
    assert hypothesis_profile({}) == "dev"
    assert hypothesis_profile({"CI": "true"}) == "ci"
    assert hypothesis_profile({"CI": "1"}) == "ci"
    assert hypothesis_profile({"CI": "false"}) == "dev"
    assert hypothesis_profile({"CI": "true", "HYPOTHESIS_PROFILE": "dev"}) == "dev"


def test_no_test_sets_a_per_example_deadline() -> None:
    timed = [
        f"{path.name}:{n}"
        for path in sorted(TESTS.glob("*.py"))
        if path.name != Path(__file__).name
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\bdeadline=(?!None\b)", line)  # a keyword argument, formatted
    ]
    assert timed == []
