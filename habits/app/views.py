"""What the reading use cases return: views of the workspace as of a day, never printed here.

Apart from habits.app.results (what the writing use cases return) because `habits log` does
not need them: Python 3.11 compiles every annotation of a NamedTuple when its class is made,
0.1-0.2 ms a class on every start of the program that imports it.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # annotations only: `status` need not import the network's modules
    from habits.app.results import Backfill
    from habits.core.followups import FollowUp
    from habits.core.model import Action, Entry, Opener
    from habits.core.network import Due, Person, Wins
    from habits.core.problems import Problem
    from habits.core.scorecard import LedgerLine, Summary
    from habits.store.journal import Change


class Status(NamedTuple):
    """The scorecard in brief as of a day, for `status`."""

    card: Summary
    name: str  # the person's name from habits.toml ("" if none)
    problems: list[Problem]  # damaged files and entries met on the way (left out, not fatal)
    backfilled: tuple[Backfill, ...] = ()  # challenges added or changed since the last run


class Points(NamedTuple):
    """The ledger as of a day: every award, and the total they make."""

    ledger: tuple[LedgerLine, ...]  # oldest first
    total: int
    problems: list[Problem]
    about: dict[str, tuple[tuple[str, ...], str]]  # entry id -> its people and venue

    @property
    def from_actions(self) -> int:
        """The points of the entries themselves (the rest come from challenges)."""
        return sum(line.points for line in self.ledger if line.challenge is None)


class Entries(NamedTuple):
    """Logged entries in time order, with the zone their local times are shown in."""

    entries: list[Entry]
    zone: tzinfo
    problems: list[Problem]


class Exported(NamedTuple):
    """Every entry as the text of a CSV or JSON file (written to `out`, when given)."""

    text: str
    problems: list[Problem]
    entries: int  # how many entries it holds
    out: Path | None = None  # the file it was written to (None: not written)


class Actions(NamedTuple):
    """The pack's actions, in the pack's order."""

    actions: list[Action]
    problems: list[Problem]


class Checked(NamedTuple):
    """Every file checked: what is wrong, and what was read."""

    problems: list[Problem]  # empty: all good
    entries: int
    log_files: int
    actions: int
    challenges: int
    badges: int


class DueView(NamedTuple):
    """What is due as of today, the oldest due first, for `due`."""

    as_of: date
    due: tuple[Due, ...]
    problems: list[Problem]
    logged: bool = True  # the log holds an entry (False: a new workspace, nothing to be due)


class PeopleView(NamedTuple):
    """The people met, the most recent contact first, for `people`."""

    as_of: date
    people: tuple[Person, ...]  # all of them, or the most recent few
    everyone: int  # how many people in all
    titles: dict[str, str]  # action id -> its title
    problems: list[Problem]


class WinsView(NamedTuple):
    """Every win and what leads to them, for `wins`."""

    wins: Wins
    problems: list[Problem]


class Meeting(NamedTuple):
    """An entry with one person, and who else was there."""

    entry: Entry
    at: datetime  # the entry's local time
    others: tuple[str, ...]  # the other people, as written


class Timeline(NamedTuple):
    """One person: every entry with them, and their follow-ups, as of today."""

    person: Person
    meetings: list[Meeting]  # oldest first
    follow_ups: list[FollowUp]  # as opened
    as_of: date
    titles: dict[str, str]  # action id -> its title
    problems: list[Problem]

    def waiting(self) -> list[FollowUp]:
        """The follow-ups still open and not lapsed."""
        return [f for f in self.follow_ups if f.closed_on is None and not f.lapsed(self.as_of)]


class Marked(NamedTuple):
    """Follow-ups or checks dismissed (closed without credit) or snoozed (due later)."""

    what: str  # dismiss or snooze
    items: list[Due]  # as `due` showed them before
    day: date  # dismissed on, or snoozed until


class Renamed(NamedTuple):
    """A person's name, written anew in every entry and in people.toml."""

    old: str  # as it was written
    new: str
    entries: int  # entries rewritten
    people_file: bool = False  # people.toml named them too (and was rewritten)


class Unmerged(NamedTuple):
    """A name that is a person of its own again."""

    name: str
    was_of: str  # the person it was another name of


class Merged(NamedTuple):
    """Two names recorded as one person in people.toml."""

    name: str  # as typed: now another name of `into`
    into: str  # the person, as people.toml or the log spells them


class Cadence(NamedTuple):
    """A keep-in-touch cadence set (or stopped) in people.toml."""

    name: str  # as people.toml or the log spells them
    days: int | None  # None: stopped


class Suggestion(NamedTuple):
    """An opener suggested for a venue (the rotation is kept in recent-openers.toml)."""

    opener: Opener
    problems: list[Problem]


class Changes(NamedTuple):
    """The last changes the journal holds, newest first, each with whether it was undone."""

    changes: list[tuple[Change, bool]]
