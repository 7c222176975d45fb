"""What the kept network costs (issue #12): `habits due`, `people` and `wins` after a log.

With a year (~3,000 entries) and ten years (~30,000) of realistic history and the default
pack, print medians of: the size of the pickled `NetworkTally` and the time to read it back
and write it, feeding it one new entry (a chat, and a win with two people: the widest
attribution), all three as `habits log` does them, and finishing it with the open follow-ups
of a score of the same log. For scale, the time of `network()` over a full scorecard (scoring
not included), which the fold replaces.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/network_fold.py
"""

from __future__ import annotations

import gc
import pickle
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from habits.core import Entry, Pack, Settings, score
from habits.core.network import NetworkTally, network
from habits.core.people import NOBODY
from habits.core.periods import Calendar
from habits.core.timeline import timeline
from habits.store.demo import history
from habits.store.pack import default_pack_dir, load_pack

TZ = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 18, 0, tzinfo=TZ)
SETTINGS = Settings(timezone="Europe/London")
ROUNDS = 51


def parsed(entry: Entry) -> Entry:
    """The entry with strings of its own, as parsing a log file gives (the demo shares them)."""

    def own(text: str) -> str:
        return (text + ".")[:-1]

    return entry._replace(
        action=own(entry.action),
        where=own(entry.where),
        opener=own(entry.opener),
        with_=tuple(map(own, entry.with_)),
    )


def median_ms(run: Callable[[], object]) -> float:
    """The median wall time of `run`."""
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(pack: Pack, years: int) -> dict[str, str]:
    first = NOW.date() - timedelta(days=365 * years - 1)
    log = [parsed(e) for e in history(first, NOW.date(), TZ, NOW, per_day=7.6, seed=3)]
    calendar = Calendar(SETTINGS)
    fold = NetworkTally(pack, NOBODY)
    fold.feed(timeline(pack, calendar, log, date.max, NOBODY))
    kept = pickle.dumps(fold, protocol=pickle.HIGHEST_PROTOCOL)
    as_of = NOW.date()
    card = score(pack, SETTINGS, log, as_of)
    open_items = [item for item in card.follow_up_items if item.closed_on is None]
    people = [p.key for p in fold.finish(as_of).people]
    at = NOW + timedelta(minutes=1)
    chat = Entry("new-chat", at, "icebreaker", at, ("Sam Lee",), "lift")
    win = Entry("new-win", at, "win", at, (people[0], people[1]), "", kind="referral")
    later = pickle.loads(kept)

    def feeding(entry: Entry) -> Callable[[], None]:
        """Feed the entry, a minute after the last fed (the fold refuses nothing: it trusts)."""

        def feed() -> None:
            nonlocal at
            at += timedelta(minutes=1)
            new = entry._replace(at=at, logged=at)
            later.feed(timeline(pack, calendar, [new], date.max, NOBODY))

        return feed

    # The benchmark holds two logs and their scorecards (millions of objects) that a run of
    # `habits due` never has: out of the collector's sight, as if they were not there.
    gc.freeze()

    def log_round_trip() -> None:
        fold = pickle.loads(kept)
        fold.feed(timeline(pack, calendar, [chat], date.max, NOBODY))
        pickle.dumps(fold, protocol=pickle.HIGHEST_PROTOCOL)

    figures = {
        "entries": f"{len(log):,}",
        "people": f"{len(fold.contacts):,}",
        "wins": f"{len(fold.won):,}",
        "groups (entries with several people)": f"{len(fold.groups):,}",
        "open follow-ups": f"{len(open_items):,}",
        "kept state, pickled": f"{len(kept) / 1024:.0f} KB",
        "pickle.loads": f"{median_ms(lambda: pickle.loads(kept)):.2f} ms",
        "pickle.dumps": f"{median_ms(lambda: pickle.dumps(later, protocol=5)):.2f} ms",
        "feed a chat": f"{median_ms(feeding(chat)) * 1000:.1f} µs",
        "feed a win with two people": f"{median_ms(feeding(win)) * 1000:.1f} µs",
        "loads + feed a chat + dumps": f"{median_ms(log_round_trip):.2f} ms",
        "finish (due, people, wins)": f"{median_ms(lambda: fold.finish(as_of, open_items)):.2f} ms",
        "network() of a full score": (
            f"{median_ms(lambda: network(card, pack, SETTINGS, NOBODY)):.1f} ms"
        ),
    }
    gc.unfreeze()
    return figures


def main() -> None:
    pack, problems = load_pack(default_pack_dir(), str)
    assert not problems, problems
    year, decade = measure(pack, 1), measure(pack, 10)
    print(f"the kept network (NetworkTally), default pack, medians of {ROUNDS}")
    print(f"  {'':<38} {'1 year':>10} {'10 years':>10}")
    for name in year:
        print(f"  {name:<38} {year[name]:>10} {decade[name]:>10}")


if __name__ == "__main__":
    main()
