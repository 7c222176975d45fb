"""The log use case: an entry drafted, weighed against the standing before it, appended."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from habits.app.results import Logged, standing
from habits.core.model import Entry
from habits.core.periods import Calendar
from habits.core.problems import HabitsError
from habits.core.scorecard import Summary
from habits.store.cache import TALLY
from habits.store.kept import LogIndex
from habits.store.loaded import State


def log_entry(
    state: State,
    now: datetime,
    typed: Callable[[LogIndex], Entry],
) -> Logged:
    """Append the entry `typed` drafts from what a person typed (the caller holds the
    lock), given the index of the log; say what it changed."""
    from habits.app.backfill import backfilled
    from habits.store.entries import append_entries, said_of, venue_warning
    from habits.store.journal import journaled

    resume = state.resume()  # a tally and an index of the log, not a year of entries
    try:
        entry = typed(resume.index)
    except HabitsError as error:  # the damaged files met on the way may be why: tell them
        error.problems = [*state.problems, *error.problems]
        raise
    calendar = Calendar(state.settings)
    today, day = calendar.day_of(now), calendar.day_of(entry.at)
    before = standing(state.remembered(Summary, today, lambda: state.summary(today)))
    caution = venue_warning(state.pack, resume.index, entry.where)  # before it is known
    inputs = state.inputs(TALLY)
    fed = resume.feed([entry])
    with journaled(state.workspace, "log", now) as change:  # what `habits undo` takes back
        (written,) = append_entries(state, [entry], change)  # located: its file and line
        change.say(said_of(written, state.settings.timezone))
    own = None
    if fed:
        state.keep_resume(resume, [entry], inputs)
    else:  # not the last entry (back-dated): fold its file again, or the log
        resume = state.refold()
        if state.pack.actions[entry.action].daily_cap is not None:
            own = entry_points(state, state.entries, written)
    after: Summary
    if resume.tally.covers(today):
        after = resume.tally.summary(today)
        follow_ups = resume.tally.tracker.items
    else:  # the log holds an entry dated after today (a clock moved back): score it all
        after = card = state.score(today)
        follow_ups = list(card.follow_up_items)
    touched = [f for f in follow_ups if entry.id in (f.opened_by, f.closed_by)]
    state.keep(Summary, today, after)  # what the next log and status start from
    title = state.pack.actions[entry.action].title
    told = backfilled(state, today)
    return Logged(written, day, before, after, title, touched, own, caution, state.problems, told)


def entry_points(state: State, log: Sequence[Entry], entry: Entry) -> int | None:
    """The points the ledger gives a back-dated entry (none past its action's daily cap),
    or None if no entry of that action that day is later (it is then the last one).

    A cap depends only on the entries of that action that day, so only those are scored.
    """
    from habits.core.engine import score

    calendar = Calendar(state.settings)
    day = calendar.day_of(entry.at)
    same = [e for e in log if e.action == entry.action and calendar.day_of(e.at) == day]
    if not any(e.at > entry.at for e in same):
        return None
    card = score(state.pack, state.settings, same, day)
    return sum(line.points for line in card.ledger if line.entry == entry.id)
