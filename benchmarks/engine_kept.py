"""The kept tally with one year and with ten years of history: the cost of finishing it.

`habits log` and `habits status` read a compact `Tally` pickled between runs and finish it
with `Tally.summary(day)`; issue #12 wants that cost within 1.5x at 30,000 entries of its cost
at 3,000. Run: `PYTHONPATH=$PWD .venv/bin/python benchmarks/engine_kept.py`.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from habits.core import Entry, Settings
from habits.core.engine import Tally, tally
from habits.core.nogc import NoGc
from habits.store.demo import history
from habits.store.pack import default_pack_dir, load_pack

TZ = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 18, 0, tzinfo=TZ)
SETTINGS = Settings(timezone="Europe/London")


def median_ms(runs: list[Callable[[], object]]) -> float:
    """The median wall time of the runs, in milliseconds."""
    times = []
    for work in runs:
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def measure(years: int, repeats: int) -> dict[str, float]:
    """Pickle size (KB) and the medians (ms) of loading, finishing and feeding a kept tally."""
    pack, problems = load_pack(default_pack_dir(), str)
    assert not problems, problems
    first = NOW.date() - timedelta(days=365 * years - 1)
    log = list(history(first, NOW.date(), TZ, NOW, per_day=7.6, seed=3))
    kept = tally(pack, SETTINGS, log)
    held = pickle.dumps(kept)
    day = kept.last_day
    newer = log[-1]._replace(id="bench-next", at=NOW, logged=NOW, origin="")

    def fresh() -> list[Tally]:
        """Tallies as a run reads them (finishing one may fill a cache in it)."""
        return [loads(held) for _ in range(repeats)]

    return {
        "entries": len(log),
        "pickle KB": len(held) / 1000,
        "loads ms": median_ms([partial(loads, held)] * repeats),
        "summary ms": median_ms([partial(t.summary, day) for t in fresh()]),
        "add+compact ms": median_ms([partial(add_compact, t, newer) for t in fresh()]),
    }


def loads(held: bytes) -> Tally:
    """Read a kept tally back as the store's cache does (without the cyclic collector)."""
    with NoGc():
        kept: Tally = pickle.loads(held)
    return kept


def add_compact(kept: Tally, entry: Entry) -> None:
    """What `habits log` does with the kept tally: feed it the entry, compact it."""
    assert kept.add(entry)
    kept.compact()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    one, ten = measure(1, args.repeats), measure(10, args.repeats)
    print(f"kept tally, default pack, medians of {args.repeats}")
    print(f"  {'':<16} {'1 year':>10} {'10 years':>10} {'ratio':>7}")
    for name in one:
        ratio = ten[name] / one[name] if one[name] else float("nan")
        print(f"  {name:<16} {one[name]:10,.1f} {ten[name]:10,.1f} {ratio:6.2f}x")
    both = (ten["loads ms"] + ten["summary ms"]) / (one["loads ms"] + one["summary ms"])
    verdict = "within" if both <= 1.5 else "OVER"
    print(f"  loads + summary: {both:.2f}x  ({verdict} the 1.5x of issue #12)")


if __name__ == "__main__":
    main()
