"""Golden files: the default pack scored over seeded history. Run pytest --update-golden after
an intended change to the rules or the pack, and review the diff like code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from habits.cli.as_json import ledger_json, status_json
from habits.core import Settings, score
from habits.store.demo import history
from habits.store.pack import default_pack_dir, load_pack

TZ = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 18, 0, tzinfo=TZ)


def test_default_pack_loads_without_a_problem() -> None:
    pack, problems = load_pack(default_pack_dir(), str)
    assert problems == []
    assert len(pack.challenges) >= 10 and len(pack.badges) >= 10 and pack.levels


def test_demo_ledger_and_status(golden: Callable[[str, Any], None]) -> None:
    pack, _ = load_pack(default_pack_dir(), str)
    entries = list(history(date(2026, 8, 29), date(2026, 11, 20), TZ, NOW, seed=7))
    card = score(pack, Settings(timezone="Europe/London"), entries, date(2026, 11, 20))
    golden("demo-ledger.json", ledger_json(card.ledger))
    golden("demo-status.json", status_json(card))
