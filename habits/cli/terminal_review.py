"""How the weekly review reads in a terminal: one screen, fitted to the width."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from habits.cli.fit import cells, clip, first_fitting, fit, table
from habits.cli.terminal import DUE_WHAT, WARN, plural
from habits.core.when import said

if TYPE_CHECKING:
    from datetime import date

    from habits.app.review import Review, WeekChallenge

# How the challenges fit the width, each step taken only while the table is still too wide:
# titles longer than 40 characters shorten (…); then to 24; the "every" column goes; titles
# shorten to 12. A step is (every shown, the longest a title may be: None, not cut).
REVIEW_STEPS: list[tuple[bool, int | None]] = [
    (True, None),
    (True, 40),
    (True, 24),
    (False, 24),
    (False, 12),
]


def review_lines(review: Review, width: int = 80) -> list[str]:
    """The week in a screen: what happened, the challenges, and what the next week holds."""
    start, end = review.week_start, review.week_end
    span = f"{said(start, '%a %d %b')} – {said(end, '%a %d %b %Y')}"
    head = f"Week of {span}" if review.complete else f"This week so far: {span}"
    lines = [fit(click.style(head, bold=True), width)]
    if not review.complete:
        lines.append(
            fit(f"as of {said(review.as_of, '%a %d %b')}: the week is not over yet", width)
        )
    follow = review.follow_ups
    lines += [
        fit(
            f"{review.entries} entr{'y' if review.entries == 1 else 'ies'} · "
            f"{_people(len(review.people))} met, {len(review.new_people)} new · "
            f"{plural(len(review.wins), 'win')}",
            width,
        ),
        "",
        _names("met", review.people, width),
        _names("new", review.new_people, width),
        fit(
            f"follow-ups  {follow.opened} opened · {follow.on_time} on time · {follow.late} late"
            f" · {follow.open} open · {follow.dismissed} dismissed",
            width,
        ),
    ]
    for win in review.wins:
        lines.append(
            fit(
                f"{'win':<10}  {said(win.day, '%a %d %b')} {win.kind} with {', '.join(win.people)}",
                width,
            )
        )
    if review.challenges:
        lines.append("")
        lines += first_fitting(
            width, REVIEW_STEPS, lambda step: _challenges(review.challenges, *step)
        )
    return [*lines, "", *_next(review, width)]


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def _names(label: str, names: tuple[str, ...], width: int) -> str:
    """`label` and as many names as fit, then how many more."""
    head = f"{label:<10}  "
    if not names:
        return f"{head}nobody"
    for shown in range(len(names), 0, -1):
        more = len(names) - shown
        line = head + ", ".join(names[:shown]) + (f" and {more} more" if more else "")
        if cells(line) <= width:
            return line
    return fit(head + f"{names[0]} and {len(names) - 1} more", width)


def _challenges(weeks: tuple[WeekChallenge, ...], every: bool, longest: int | None) -> list[str]:
    """The challenges as a table for one step of REVIEW_STEPS: each period of the week met
    of those due (– when none was), ✔ when all were, and the streak at the week's end."""
    rows = [["challenge", *(["every"] if every else []), "week", "streak"]]
    for week in weeks:
        mark = click.style("✔", fg="green", bold=True) if week.met else " "
        title = week.title if longest is None else clip(week.title, longest)
        shown = f"{week.periods_met}/{week.periods} {mark}" if week.periods else f"–   {mark}"
        rows.append([title, *([week.every] if every else []), shown, str(week.streak)])
    return table(rows, (len(rows[0]) - 1,))


def _next(review: Review, width: int) -> list[str]:
    """The week after: the challenges to watch, and what falls due."""
    start, end = review.next_start, review.next_end
    lines = [fit(f"next week ({said(start, '%d %b')} – {said(end, '%d %b')})", width)]
    if review.watch:
        titles = tuple(w.title for w in review.watch)
        lines.append("  " + _names("watch", titles, width - 2))
    for item in review.due_next:
        label = _when(item.due, review.as_of, start)
        what = DUE_WHAT.get(item.kind, "{}").format(item.person)
        line = f"  {label:<14} {what}"
        if item.due < start:
            line = f"  {click.style(f'{label:<14}', fg=WARN, bold=True)} {what}"
        lines.append(fit(line, width))
    if len(lines) == 1:
        lines.append("  nothing due, no challenge behind")
    return lines


def _when(due: date, as_of: date, start: date) -> str:
    return (
        f"overdue {said(due, '%d %b')}"
        if due < start and due < as_of
        else f"by {said(due, '%a %d %b')}"
    )
