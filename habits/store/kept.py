"""The folds kept between runs: what `habits log` picks up from the last run (a compact
tally and an index of the log), and the network the daily views finish as of a day.

Each takes the entries logged after it (`feed`), so a new entry costs that entry, not a
year of them; each is kept whole with the records of what it was fed since
(`habits.store.cache`), and as a checkpoint of every log file but the newest, so a hand
edit of this month's file refolds that file alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from habits.core.model import Entry, Pack, Pause, Settings, venue_key
from habits.core.people import Directory, known_people
from habits.core.problems import Problem

if TYPE_CHECKING:
    from typing import Protocol

    from habits.core.engine import Position, Tally
    from habits.core.followups import FollowUp, Marks, Tracker
    from habits.core.network import NetworkTally

    # What a fold kept between runs does (a Protocol costs a ms to make: for mypy only).
    class Fold(Protocol):
        """A fold kept between runs."""

        def feed(self, entries: Sequence[Entry]) -> bool:
            """Take entries newer than all it holds (False if one is not: fold anew)."""

        def compact(self) -> None:
            """Make it small to keep (before it is written whole)."""


class LogIndex(NamedTuple):
    """What drafting an entry checks against: known people, ids taken, venues used."""

    people: dict[str, str]  # every name a person is known by -> the spelling to write
    ids: set[str]
    venues: set[str]

    @classmethod
    def of(cls, entries: Sequence[Entry], directory: Directory) -> LogIndex:
        return cls(
            known_people(entries, directory),
            {e.id for e in entries},
            {venue_key(e.where) for e in entries if e.where},
        )

    def add(self, entry: Entry, directory: Directory) -> None:
        known_people([entry], directory, self.people)
        self.ids.add(entry.id)
        if entry.where:
            self.venues.add(venue_key(entry.where))


class Resume:
    """What `habits log` picks up from the last run, so it need not read a year of entries:
    a compact tally of every entry, and the index of the log."""

    __slots__ = ("index", "tally")

    def __init__(self, tally: Tally, index: LogIndex) -> None:
        self.tally = tally
        self.index = index

    def feed(self, entries: Sequence[Entry]) -> bool:
        """Take entries newer than all it holds (False if one is not: build it anew)."""
        for entry in entries:
            if not self.tally.add(entry):
                return False
            self.index.add(entry, self.tally.directory)
        return True

    def compact(self) -> None:
        self.tally.compact()


class Contacts:
    """The network as a fold kept between runs: the people and wins (`NetworkTally`) and the
    follow-ups (`Tracker`, as the engine's tally keeps them), fed in scoring order. The
    daily views (due, people, wins) finish it as of a day, from this one kept file,
    instead of scoring the whole log again."""

    __slots__ = ("directory", "fold", "follow_ups", "last", "pack", "settings")

    def __init__(
        self,
        pack: Pack,
        settings: Settings,
        directory: Directory,
        pauses: Sequence[Pause] = (),
        marks: Marks | None = None,
    ) -> None:
        from habits.core.engine import Position
        from habits.core.followups import NO_MARKS, Tracker
        from habits.core.network import NetworkTally
        from habits.core.periods import Workweek

        self.pack = pack
        self.settings = settings
        self.directory = directory
        self.fold: NetworkTally = NetworkTally(pack, directory)
        # due dates as the engine's tally counts them: the workdays, less the holidays
        week = Workweek(settings.workdays, pauses)
        self.follow_ups: Tracker = Tracker(pack, week, NO_MARKS if marks is None else marks)
        self.last: Position = Position(float("-inf"), float("-inf"), "")  # of the last fed

    def feed(self, entries: Sequence[Entry]) -> bool:
        """Take entries in scoring order, all after those it holds (the same test as the
        engine's `Tally.add`); False, having taken none, if one is not."""
        from habits.core.engine import Position
        from habits.core.periods import Calendar
        from habits.core.timeline import timeline

        calendar = Calendar(self.settings)
        rows = timeline(self.pack, calendar, entries, date.max, self.directory)
        if not rows:
            return True
        if rows[0].day < self.fold.last_day or Position.of(rows[0]) < self.last:
            return False
        self.fold.feed(rows)
        self.follow_ups.feed(rows)
        self.last = Position.of(rows[-1])
        return True

    def covers(self, as_of: date) -> bool:
        """True if finishing as of this day leaves no entry out (none is later)."""
        return as_of >= self.fold.last_day

    def open_items(self, lapsed: bool) -> list[FollowUp]:
        """The follow-ups and checks still open (the lapsed ones only with `lapsed`)."""
        return self.follow_ups.open_items(lapsed)

    def compact(self) -> None:
        """Drop the follow-ups no newer entry can change (people and wins stay: they grow
        with people, not entries)."""
        if self.fold.last_day != date.min:
            self.follow_ups.compact(self.fold.last_day)


class Checkpoint(NamedTuple):
    """The kept resume as of every log file but the newest, with the verdict on their
    entries: a hand edit of this month's file refolds that file alone, not the history."""

    resume: Resume
    ids: dict[str, str]  # every valid entry's id -> its origin (for repeats in the newest)
    problems: list[Problem]  # unknown actions and repeated ids in those files
