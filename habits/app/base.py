"""What every use case of a workspace stands on: the workspace, the clock, reading it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING

from habits.core.problems import HabitsError
from habits.store.files import locked
from habits.store.loaded import load, require_settings

if TYPE_CHECKING:
    from habits.store.journal import Recorder
    from habits.store.loaded import State
    from habits.store.workspace import Workspace


class UseCases:
    """One workspace and a clock (a callable giving the current aware datetime).

    Each use case takes the workspace lock, loads what it needs and lets go: a front end
    may keep the object for as long as it likes. The workspace need not be there yet (init
    and demo make it; a team's board does not read it): a use case that reads it refuses
    when it is not.
    """

    def __init__(self, workspace: Workspace, clock: Callable[[], datetime]) -> None:
        self.home = workspace  # where it is, whether or not there is one yet
        self.clock = clock
        self._checked = False

    @property
    def workspace(self) -> Workspace:
        """The workspace, checked to be there (its settings file) the first time it is used."""
        if not self._checked:
            self.home.require()
            self._checked = True
        return self.home

    def _read(self) -> State:
        """The workspace as it is, read under a shared lock; settings that would mislead
        scoring stop here."""
        with locked(self.workspace.lock, shared=True):
            state = load(self.workspace)
        require_settings(state)
        return state

    def _day(self, state: State, as_of: str | None) -> date:
        """The day to score as of: `as_of` as typed (not after today), else today."""
        from habits.core.periods import Calendar
        from habits.core.when import WhenError, parse_day

        today = Calendar(state.settings).day_of(self.clock())
        if not as_of:
            return today
        day = parse_day(as_of, today)
        if day > today:  # its periods would read as missed before they have happened
            raise WhenError(
                f"--as-of {day.isoformat()} is after today ({today.isoformat()})",
                "scores are kept up to today; give today or an earlier day",
            )
        return day

    @staticmethod
    @contextmanager
    def _telling(state: State) -> Iterator[None]:
        """An error raised once the workspace is read tells the problems met reading it first
        (they may be the cause)."""
        try:
            yield
        except HabitsError as error:
            error.problems = [*state.problems, *error.problems]
            raise

    @contextmanager
    def _changing(self, what: str) -> Iterator[Recorder]:
        """A change made under the workspace lock, journaled for `habits undo` (what it
        touched is told to the recorder yielded)."""
        from habits.store.journal import journaled

        with locked(self.workspace.lock), journaled(self.workspace, what, self.clock()) as change:
            yield change
