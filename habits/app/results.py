"""What the writing use cases return: values a front end shows, never printed here.

What the reading ones return is in habits.app.views (`habits log` does not load it).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from habits.core.model import Entry, Pack, Settings
from habits.core.problems import Problem

if TYPE_CHECKING:
    from habits.app.review import Review
    from habits.core.followups import FollowUp
    from habits.core.network import Network
    from habits.core.people import Directory
    from habits.core.scorecard import Scorecard
    from habits.store.team import Publication

from habits.core.scorecard import Summary


class Standing(NamedTuple):
    """What `habits log` compares against: the scorecard before the entry, in brief.

    Small enough to remember between runs, so `habits log` scores only once.
    """

    points: int
    level: int | None
    capped: int
    badges: frozenset[str]
    periods: dict[str, dict[date, tuple[int, bool]]]  # challenge -> period start -> count, met


def standing(card: Summary) -> Standing:
    """Sum up a scorecard as the next log compares against it."""
    return Standing(
        points=card.points,
        level=card.level,
        capped=card.capped_count,
        badges=frozenset(b.id for b in card.badges if b.earned),
        periods={r.id: {p.start: (p.count, p.met) for p in r.periods} for r in card.challenges},
    )


class Backfill(NamedTuple):
    """A challenge added or changed since the last run, scored over the history it covers."""

    title: str
    new: bool  # added (else: changed)
    every: str  # its period: day, week, month or once
    periods: int  # periods met so far (the current one too, once met)
    points: int  # what they earned in all, as of today


class Logged(NamedTuple):
    """An entry written, and what it changed."""

    entry: Entry  # as written: its id and its place (`log/2026-11.toml:12`)
    day: date  # the entry's local day
    before: Standing  # the standing before it
    after: Summary  # the scorecard after it, as of today
    title: str  # its action's title
    touched: list[FollowUp]  # the follow-ups it opened or closed
    own: int | None  # the points of a back-dated entry itself, when a later one lost its slot
    caution: str  # a venue close to a known one ("did you mean call?"), or ""
    problems: list[Problem]  # damaged files and entries met on the way (left out, not fatal)
    backfilled: tuple[Backfill, ...] = ()  # challenges added or changed since the last run


class Removed(NamedTuple):
    """An entry taken out of the log."""

    entry: Entry


class Imported(NamedTuple):
    """The entries of a CSV file: added, or (a dry run, or any bad row) only checked."""

    entries: list[Entry]  # new to the log
    present: int  # rows skipped: the log has them already
    problems: list[Problem]  # bad rows: when there are any, nothing was written
    written: bool


class ContactsImported(NamedTuple):
    """The people of a contact file made known (people.toml): or, a dry run, only told."""

    path: str  # the file, as given
    kind: str  # vCard, LinkedIn CSV, CSV
    added: list[str]  # who became known (new to people.toml, or in it and not known yet)
    already: int  # known already (by a name or another name in people.toml)
    skipped: int  # cards or rows without a name
    unit: str  # card or row
    day: date  # the day they are known from
    written: bool


# -- the site, the team, setting up -----------------------------------------------------


class SiteData(NamedTuple):
    """The whole scorecard as of a day, with what a site shows beside it."""

    card: Scorecard
    pack: Pack
    settings: Settings
    directory: Directory  # the people of the log, by the key their names share
    problems: list[Problem]  # damaged files and entries: left out, the rest still counts
    reviews: tuple[Review, ...] = ()  # the weeks asked for, oldest first
    network: Network | None = None  # the people, follow-ups and wins of the card (one fold)


class Published(NamedTuple):
    """The member file of every team joined: written, or (a dry run) only made."""

    files: list[Publication]  # per team: its path, text, entries and entries left out
    problems: list[Problem]  # damaged files and entries of the workspace: not shared
    written: bool


class Where(NamedTuple):
    """Where a workspace lives and where each of its parts is."""

    root: Path
    source: str  # how it was chosen: --home, HABITS_HOME or the platform's data folder
    created: bool  # its settings file is there
    parts: list[tuple[str, Path]]  # (what, where): settings, pack, log...


class Demo(NamedTuple):
    """A demo workspace made."""

    root: Path
    entries: int  # entries written


class Undone(NamedTuple):
    """The change `undo` took back: every file it touched is as it was before it."""

    what: str  # the kind of change: log, rm, edit, import, pause, merge...
    said: str  # what that change did, in a line
    at: datetime  # when it was made
    files: list[str]  # the files put back, as shown


class Edited(NamedTuple):
    """An entry as it was and as it is now (its id and when it was logged kept)."""

    before: Entry
    after: Entry  # located: its file and line
    was_in: str  # the file it was in


class Inboxed(NamedTuple):
    """The inbox's lines logged, and those that stay in it (each a problem with its line)."""

    path: str  # as shown
    entries: list[Entry]  # logged (or, in a dry run, that would be)
    problems: list[Problem]  # the lines that stay, with what is wrong
    written: bool
