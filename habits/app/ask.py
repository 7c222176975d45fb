"""`habits ask`: the day's meetings from the calendar, one question each, then the challenges
still at risk today; the answers logged in one locked write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from habits.app.base import UseCases
from habits.core.problems import HabitsError, Problem

if TYPE_CHECKING:
    from habits.app.results import Standing
    from habits.core.model import Entry
    from habits.core.scorecard import ChallengeResult, Summary
    from habits.store.calendar import Meeting
    from habits.store.kept import LogIndex
    from habits.store.loaded import State


class Question(NamedTuple):
    """One question `habits ask` puts: about a meeting, or a challenge at risk today."""

    number: int  # 1-based
    of: int  # how many meetings are asked about (the challenges come after them)
    day: date  # the day asked about
    meeting: Meeting | None
    challenge: ChallengeResult | None


# Given a question (and what was wrong with the last answer to it, if anything), the line
# typed: an action (empty skips), or None at the end of the input (every question left is
# skipped). A front end that cannot ask again raises the error it is given.
Answerer = Callable[[Question, HabitsError | None], str | None]
# What an answer becomes once the workspace is locked: the entry, drafted again against the
# log as it is then (another command may have logged meanwhile).
Plan = Callable[["State", "LogIndex"], "Entry"]


class Answered(NamedTuple):
    plan: Plan | None  # None: skipped
    action: str = ""  # the action it logs


class Asked(NamedTuple):
    """What `habits ask` logged, and what it changed."""

    day: date
    calendar: str  # the calendar read, as shown ("" without one)
    meetings: int  # meetings asked about
    already: int  # meetings of the day logged before: not asked again
    entries: list[Entry]  # logged
    before: Standing | None  # None: nothing was logged
    after: Summary | None
    problems: list[Problem]  # calendar files or events that could not be read


class AskCases(UseCases):
    """Cue the habit from what a person already uses: the calendar."""

    def ask(self, answer: Answerer, day: str | None = None, calendar: str | None = None) -> Asked:
        """Ask which action happened at each of the day's meetings that has begun (an
        action id, alias or prefix; empty skips), then about the challenges at risk today;
        check every answer, then log them all in one locked write."""
        from habits.app.results import standing
        from habits.core.periods import Calendar
        from habits.core.scorecard import Summary
        from habits.core.when import parse_day
        from habits.store.loaded import load

        state = self._read()
        today = Calendar(state.settings).day_of(self.clock())
        with self._telling(state):
            asked_day = parse_day(day, today) if day else today
            if asked_day > today:  # its meetings are still to come
                raise HabitsError(
                    f"--day {asked_day.isoformat()} is after today ({today.isoformat()})",
                    "ask about today or an earlier day",
                )
        shown, found, already, problems = self._meetings(state, asked_day, calendar)
        plans: list[Plan] = []
        helped: set[str] = set()  # actions answered: a challenge they count for is not asked
        folded: list[LogIndex] = []

        def index() -> LogIndex:  # the log's index, for the first answer (not the question)
            if not folded:
                folded.append(state.resume().index)
                state.cache.save()  # kept for the next run, as a read command keeps its views
            return folded[0]

        questions = (
            Question(n, len(found), asked_day, meeting, None)
            for n, meeting in enumerate(found, start=1)
        )
        for question in questions:
            got = self._put(question, answer, state, index)
            if got is None:  # the end of the input: every question left is skipped
                break
            if got.plan is not None:
                plans.append(got.plan)
                helped.add(got.action)
        else:
            if asked_day == today:
                card = state.remembered(Summary, today, lambda: state.summary(today))
                risky = [
                    r for r in card.challenges if r.at_risk and not r.challenge.actions & helped
                ]
                for n, result in enumerate(risky, start=len(found) + 1):
                    got = self._put(
                        Question(n, len(found), today, None, result), answer, state, index
                    )
                    if got is None:
                        break
                    if got.plan is not None:
                        plans.append(got.plan)
        if not plans:
            return Asked(asked_day, shown, len(found), already, [], None, None, problems)
        written, before = self._log(plans, today)
        after = load(self.workspace).summary(today)
        return Asked(
            asked_day, shown, len(found), already, written, standing(before), after, problems
        )

    def _meetings(
        self, state: State, day: date, named: str | None
    ) -> tuple[str, list[Meeting], int, list[Problem]]:
        """The calendar read (as shown), the day's meetings that have begun and are not
        logged yet, how many are, and the problems met reading it."""
        from habits.store.calendar import calendar_files, day_span, meetings
        from habits.store.settings import settings_table

        ws = self.workspace
        settings = settings_table(ws)  # the keys only `ask` reads
        named = named or _text(settings.get("calendar"))
        if not named:
            return "", [], 0, []
        me = settings.get("me")
        if not isinstance(me, list) or not me:
            raise HabitsError(
                f"{ws.shown(ws.settings)} has no `me`: habits cannot tell you from the people "
                "in your meetings",
                'add your addresses to it, e.g. me = ["ada@example.com"]',
            )
        files = calendar_files(ws, named)
        zone = ZoneInfo(state.settings.timezone)
        first, end = day_span(day, zone, state.settings.day_start)
        shown = {path: ws.shown(path) for path in files}
        found, problems = meetings(files, shown, first, min(end, self.clock()), map(str, me))
        # An answer is logged at its meeting's start: in the month file of a day near `day`.
        near = {(d.year, d.month) for d in (day - timedelta(days=1), day, day + timedelta(days=1))}
        logged = {e.event for e in state.month_entries(near) if e.event}
        fresh = [m for m in found if _event(day, m) not in logged]
        return ws.shown(ws.root / named), fresh, len(found) - len(fresh), problems

    def _put(
        self, question: Question, answer: Answerer, state: State, index: Callable[[], LogIndex]
    ) -> Answered | None:
        """Ask until the answer holds (or is a skip); None at the end of the input."""
        error: HabitsError | None = None
        while True:
            text = answer(question, error)
            if text is None:
                return None
            if not text.strip() or text.strip().casefold() == "skip":
                return Answered(None)
            try:
                plan = _plan(question, text, self.clock())
                entry = plan(state, index())  # checked now, drafted again under the lock
            except HabitsError as wrong:
                error = wrong
                continue
            return Answered(plan, entry.action)

    def _log(self, plans: list[Plan], today: date) -> tuple[list[Entry], Summary]:
        """Draft every answer against the log as it is now, and append them in one write."""
        from habits.core.scorecard import Summary
        from habits.store.entries import append_entries
        from habits.store.loaded import load, require_settings

        with self._changing("ask") as change:
            state = load(self.workspace)
            require_settings(state)
            before = state.remembered(Summary, today, lambda: state.summary(today))
            index = state.resume().index
            drafted = []
            for plan in plans:
                entry = plan(state, index)
                index.add(entry, state.directory)
                drafted.append(entry)
            names = ", ".join(dict.fromkeys(p for e in drafted for p in e.with_))
            change.say(f"asked: {len(drafted)} logged" + (f" with {names}" if names else ""))
            written = append_entries(state, drafted, change)
            state.cache.save()
        return written, before


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _event(day: date, meeting: Meeting) -> str:
    """What an entry logged for a meeting remembers: the day asked about and the UID."""
    return f"{day.isoformat()} {meeting.uid}"


def _plan(question: Question, text: str, now: datetime) -> Plan:
    """What an answer asks to log; HabitsError when it cannot be (checked by drafting)."""
    from habits.store.inbox import parse_line

    try:
        parts = parse_line(question.number, text)
    except ValueError as error:
        raise HabitsError(str(error), "type an action, e.g. icebreaker, or press Enter") from None
    meeting = question.meeting
    if meeting is not None:
        if parts.names or parts.when != "today":
            raise HabitsError(
                f"'{text.strip()}' is more than an action: the people and the time come "
                "from the calendar",
                "type an action (with #TAG or -- NOTE if you like), or press Enter to skip",
            )
        key = _event(question.day, meeting)

        def logged_at_meeting(state: State, index: LogIndex) -> Entry:
            from habits.store.entries import draft

            zone = ZoneInfo(state.settings.timezone)
            at = meeting.start.astimezone(zone).replace(tzinfo=None).isoformat("T", "minutes")
            entry = draft(
                state, index, parts.action, meeting.people, parts.where or meeting.venue,
                parts.note, parts.tags, at, now, new=True,
            )  # fmt: skip
            return entry._replace(event=key)

        return logged_at_meeting

    def logged_now(state: State, index: LogIndex) -> Entry:
        from habits.store.inbox import line_entry

        return line_entry(state, index, parts, "now", now)

    return logged_now
