"""What `habits log` picks up from the last run: a compact tally and an index of the log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from habits.core.model import Entry, venue_key
from habits.core.people import Directory, known_people
from habits.core.problems import Problem

if TYPE_CHECKING:
    from habits.core.engine import Tally


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


class Checkpoint(NamedTuple):
    """The kept resume as of every log file but the newest, with the verdict on their
    entries: a hand edit of this month's file refolds that file alone, not the history."""

    resume: Resume
    ids: dict[str, str]  # every valid entry's id -> its origin (for repeats in the newest)
    problems: list[Problem]  # unknown actions and repeated ids in those files
