"""What is due, handed to the tools a person already uses: a calendar feed, a nudge from cron.

The feed is the `due` view with what a calendar needs besides (the entry that opened each
item, the workspace's time zone); it is rendered as iCalendar by `habits.site.due_feed`, and
written here, in one step. The nudge is the status's streaks at risk and `due`'s items due
by today.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from habits.app.base import UseCases
from habits.core.problems import HabitsError

if TYPE_CHECKING:
    from habits.app.feed_views import DueFeed, Opening, Reminder
    from habits.app.views import DueView
    from habits.store.loaded import State

CALENDAR_START = b"BEGIN:VCALENDAR"  # how every iCalendar file begins (RFC 5545, 3.4)


class FeedCases(UseCases):
    """What is due, as a calendar feed and as a nudge."""

    def due_feed(self, lapsed: bool = False) -> DueFeed:
        """What `due` lists (follow-ups that lapsed, long past due, only with `lapsed`) and
        the entries that opened each; kept while nothing changes."""
        from habits.app.feed_views import DueFeed
        from habits.app.network import due_view

        state = self._read()
        day = self._day(state, None)

        def make() -> DueFeed:
            view = due_view(state, day, lapsed)
            settings = state.settings
            return DueFeed(view, _openings(state, view), settings.timezone, settings.name)

        found = state.remembered(DueFeed, day, make, lapsed)
        return found._replace(view=found.view._replace(problems=state.problems))

    def write_feed(self, out: Path, data: bytes) -> Path:
        """Write a feed to `out` in one step: a reader (a sync service) sees the old feed or
        the new one. A file that is not a feed, or one habits keeps, is never replaced."""
        from habits.app.logbook import _kept_by_habits
        from habits.store.files import write_atomic

        if _kept_by_habits(self.workspace, out):
            raise HabitsError(
                f"{out} is a file habits keeps; nothing was written",
                "write the feed outside the workspace's own files, e.g. -o ~/Sync/due.ics",
            )
        if not out.parent.is_dir():  # a typo, not a folder to make
            raise HabitsError(
                f"no folder {out.parent}; nothing was written",
                "give a file in a folder that exists",
            )
        if out.is_file() and not _is_calendar(out):
            raise HabitsError(
                f"{out} is there and is not a calendar feed; nothing was written",
                "give a new file name, or the .ics file an earlier `habits due --ics` wrote",
            )
        write_atomic(out, data, shown=str(out))
        return out

    def remind(self) -> Reminder:
        """The streaks at risk today and what is due by today (overdue included, lapsed ones
        left out): the views `status` and `due` keep, so a warm run scores nothing."""
        from habits.app.feed_views import Reminder
        from habits.app.network import due_view
        from habits.core.scorecard import Summary

        state = self._read()
        day = self._day(state, None)
        card = state.remembered(Summary, day, lambda: state.summary(day))  # as `status`
        view = due_view(state, day, lapsed=False)
        return Reminder(
            day,
            tuple(r for r in card.challenges if r.at_risk),
            tuple(item for item in view.due if item.due <= day),
            state.problems,
        )


def _openings(state: State, view: DueView) -> dict[str, Opening]:
    """The entries that opened the items of a view, by id."""
    from habits.app.feed_views import Opening

    wanted = {item.opened_by for item in view.due}
    if not wanted:
        return {}
    actions, key = state.pack.actions, state.directory.key
    return {
        e.id: Opening(
            actions[e.action].title if e.action in actions else e.action,
            e.with_,
            tuple(key(name) for name in e.with_),
        )
        for e in state.entries
        if e.id in wanted
    }


def _is_calendar(path: Path) -> bool:
    """The file begins as an iCalendar file does (a byte-order mark and blanks allowed)."""
    from habits.store.files import NotWritten

    try:
        with path.open("rb") as file:
            head = file.read(64)
    except OSError as error:  # unreadable: it cannot be told to be a feed
        raise NotWritten(error, str(path)) from error
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().upper().startswith(CALENDAR_START)
