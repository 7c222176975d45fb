"""The progress use cases: status, points, the weekly review, rests, the pack's actions, every
file checked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from habits.app.base import UseCases
from habits.store.files import locked
from habits.store.loaded import load, require_settings

if TYPE_CHECKING:
    from habits.app.review import Review
    from habits.app.views import Actions, Checked, Points, Status
    from habits.core.model import Pause


class ProgressCases(UseCases):
    """How the habit goes: the scorecard, the ledger, rests."""

    def status(self, as_of: str | None = None) -> Status:
        """The scorecard in brief as of a day (default today): kept while nothing changes."""
        from habits.app.backfill import backfilled
        from habits.app.views import Status
        from habits.core.scorecard import Summary

        state = self._read()
        with self._telling(state):
            day = self._day(state, as_of)
        card = state.remembered(Summary, day, lambda: state.summary(day))
        told = backfilled(state, day) if as_of is None else ()
        return Status(card, state.settings.name, state.problems, told)

    def points(self, as_of: str | None = None) -> Points:
        """Every award as of a day (default today), and the total."""
        from habits.app.views import Points

        state = self._read()
        with self._telling(state):
            day = self._day(state, as_of)
        card = state.score(day)
        about = {e.id: (e.with_, e.where) for e in card.entries if e.with_ or e.where}
        return Points(card.ledger, card.points, state.problems, about)

    def review(self, week: str | None = None) -> Review:
        """The week holding a day (as typed), else the last complete week, looked back on;
        kept while nothing changes."""
        from datetime import timedelta

        from habits.app.review import Review, last_complete_week, week_of, weeks_reviewed
        from habits.core.periods import Calendar

        state = self._read()
        today = Calendar(state.settings).day_of(self.clock())
        with self._telling(state):
            start = (
                week_of(state, week, today) if week else last_complete_week(state.settings, today)
            )

        def make() -> Review:
            return weeks_reviewed(state, state.score(today), [start])[0]

        end = start + timedelta(days=6)
        if end < today:  # over: what is logged since changes nothing (no need to score again)
            found = state.remembered_through(Review, end, make, start)
        else:
            found = state.remembered(Review, today, make, start)
        return found._replace(problems=state.problems)

    def pauses(self) -> list[Pause]:
        """The rests recorded."""
        return load(self.workspace).pauses

    def pause(self, start: str, end: str, challenge: str | None, note: str) -> Pause:
        """Record a rest from `start` to `end` (dates as typed: 2026-12-22, today...)."""
        from habits.core.periods import Calendar
        from habits.core.when import parse_day
        from habits.store.pauses import add_pause

        with self._changing("pause") as change:
            state = load(self.workspace)
            require_settings(state)
            today = Calendar(state.settings).day_of(self.clock())
            first, last = parse_day(start, today), parse_day(end, today)
            change.appending(self.workspace.pauses)
            rest = add_pause(state, first, last, challenge, note)
            change.say(f"rest {first}..{last}" + (f" for {challenge}" if challenge else ""))
        return rest

    def unpause(self, pause_id: str) -> Pause:
        """Remove the rest an id (or a unique start of one) names."""
        from habits.store.pauses import remove_pause

        with self._changing("unpause") as change:
            state = load(self.workspace)
            change.rewriting(self.workspace.pauses)
            rest = remove_pause(state, pause_id)
            change.say(f"removed the rest {rest.start}..{rest.end} (id {rest.id})")
        return rest

    def actions(self) -> Actions:
        """The pack's actions."""
        from habits.app.views import Actions

        state = self._read()
        return Actions(list(state.pack.actions.values()), state.problems)

    def check(self) -> Checked:
        """Read every file and say what is wrong (broken settings are told here, not refused)."""
        from habits.app.views import Checked
        from habits.store.pauses import check_pauses

        with locked(self.workspace.lock, shared=True):
            state = load(self.workspace)
        pack = state.pack
        return Checked(
            state.problems + check_pauses(state),
            len(state.entries),
            len(self.workspace.log_files()),
            len(pack.actions),
            len(pack.challenges),
            len(pack.badges),
        )
