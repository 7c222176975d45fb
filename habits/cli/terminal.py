"""How the use cases' results read in a terminal: lines of text, styled by click.

Renderers only: they take values from habits.app and never read files (the --json shapes
are in habits.cli.as_json).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import click

from habits.cli.fit import GAP, cells, clip, first_fitting, fit, pad, table
from habits.core.model import entry_line
from habits.core.strength import strength_word
from habits.core.when import said

if TYPE_CHECKING:
    from habits.app.ask import Asked, Question
    from habits.app.feed_views import Reminder
    from habits.app.results import Backfill, Edited, Imported, Inboxed, Logged, Standing, Undone
    from habits.app.views import (
        Actions,
        Cadence,
        Changes,
        Checked,
        DueView,
        Entries,
        Exported,
        Marked,
        Merged,
        PeopleView,
        Points,
        Renamed,
        Timeline,
        Unmerged,
        WinsView,
    )
    from habits.core.model import Entry, Opener, Pause
    from habits.core.network import Due, Win
    from habits.core.scorecard import ChallengeResult, LedgerLine, PeriodResult, Summary

UNIT = {"day": "day", "week": "week", "month": "month", "once": ""}
GRID = 8  # periods shown in the status history grid (fewer when the terminal is narrow)
NO_ENTRIES = 'No entries yet: habits log icebreaker --with "Sam Lee" --where call'
WARN = "yellow"  # the warning colour: a streak at risk, an overdue follow-up


def period_label(result: ChallengeResult, period: PeriodResult, today: date) -> str:
    every = result.challenge.every
    if every == "once":
        return "so far" if period.open else ""
    if period.start <= today <= period.end:
        return {"day": "today", "week": "this week", "month": "this month"}[every]
    if every == "day":
        return f"on {said(period.start, '%a %d %b')}"
    if every == "month":
        return f"in {period.start:%B %Y}"
    return f"week of {said(period.start, '%d %b')}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def feedback(logged: Logged) -> list[str]:
    """One or two lines: what was logged, points, progress moved, streaks, levels, badges.

    A back-dated entry that took a capped day's slot from a later one is told its own points.
    """
    entry, day, before, after = logged.entry, logged.day, logged.before, logged.after
    title, follow_ups, own = logged.title, logged.touched, logged.own
    earned = after.points - before.points
    when = "" if day == after.as_of else f" on {said(entry.at, '%a %d %b %H:%M')}"
    head = f"✓ {title}{' with ' + ', '.join(entry.with_) if entry.with_ else ''}{when}"
    points = click.style(f"+{earned} pts", fg="green", bold=True) if earned else "+0 pts"
    if after.capped_count > before.capped and own:  # it took the slot of a later entry
        points = click.style(f"+{own} pts", fg="green", bold=True) + (
            f" for this entry; a later {entry.action} that day is now past the daily cap"
            f" ({earned:+d} in all)"
        )
    elif after.capped_count > before.capped:
        points += " (daily cap reached: kept in your history, no points)"
    lines = [f"{head}  {points} · {plural(after.points, 'point')} in all"]

    news = _moved(before, after, {day})
    closed = [f for f in follow_ups if f.closed_by == entry.id and f.kind == "follow-up"]
    if closed:
        late = sum(1 for f in closed if not f.on_time)
        news.append("followed up" + (" (late)" if late == len(closed) else " on time ✔"))
    opened = [f for f in follow_ups if f.opened_by == entry.id]
    if opened:
        kind = "ask whether they met" if opened[0].kind != "follow-up" else "follow up"
        news.append(f"{kind} by {said(opened[0].due, '%a %d %b')}")
    news += _unlocked(before, after)
    if news:
        lines.append("  " + " · ".join(news))
    return lines


def _moved(before: Standing, after: Summary, days: set[date]) -> list[str]:
    """The challenge periods holding those days whose count moved: met now, with the streak."""
    news = []
    for result in after.challenges:
        for period in result.periods:
            if not any(period.start <= day <= period.end for day in days):
                continue
            count, was_met = before.periods.get(result.id, {}).get(period.start, (0, False))
            if count == period.count:
                continue
            text = f"{result.title} {period.count}/{result.target}"
            label = period_label(result, period, after.as_of)
            text += f" {label}" if label else ""
            if period.met and not was_met:
                text = click.style(text + " ✔", fg="green", bold=True)
                if result.streak > 1:
                    text += f" · streak {plural(result.streak, UNIT[result.challenge.every])}"
            elif period.met:
                text += " ✔"
            news.append(text)
    return news


def _unlocked(before: Standing, after: Summary) -> list[str]:
    """A level reached and the badges earned since the standing before."""
    news = []
    if after.level is not None and before.level is not None and after.level > before.level:
        name = f" {after.level_name}" if after.level_name else ""
        news.append(click.style(f"Level {after.level}{name}!", fg="magenta", bold=True))
    for badge in after.badges:
        if badge.earned and badge.id not in before.badges:
            news.append(click.style(f"Badge unlocked: {badge.title}", fg="yellow", bold=True))
    return news


def grid(result: ChallengeResult, size: int = GRID) -> str:
    """The last `size` periods, oldest first: met ●, missed ·, rested ‖ (a rest day today
    too: nothing is asked of it), open ◌."""
    cells = []
    for period in result.periods[-size:] if size else ():
        if period.met:
            cells.append(click.style("●", fg="green"))
        elif period.paused:
            cells.append(click.style("‖", fg="blue"))
        elif period.open:
            cells.append("◌")
        else:
            cells.append(click.style("·", fg="red"))
    return pad(" ".join(cells), 2 * size - 1, right=True) if cells else ""


# How status fits its width, each step taken only while the table is still too wide:
# challenge titles longer than 40 characters shorten (with …, to the room left but to no
# fewer than 40); the history grid shrinks from 8 periods to 4; titles shorten to 28; the
# best-streak column goes; the history goes; titles shorten to 16; the strength word goes;
# titles shorten to 8. A step is (periods in the grid, best shown, strength word shown, the
# shortest a title may be cut to: None, not cut).
STATUS_STEPS: list[tuple[int, bool, bool, int | None]] = [
    (GRID, True, True, None),
    *((size, True, True, 40) for size in range(GRID, 3, -1)),
    (4, True, True, 28),
    (4, False, True, 28),
    (0, False, True, 28),
    (0, False, True, 16),
    (0, False, False, 16),
    (0, False, False, 8),
]


def status_lines(card: Summary, name: str, width: int = 80) -> list[str]:
    """Level and points, then a row per challenge, fitted to `width` (see STATUS_STEPS)."""
    who = f"{name} · " if name else ""
    level = ""
    if card.level is not None:
        level = f"level {card.level}" + (f" {card.level_name}" if card.level_name else "") + " · "
    to_next = (
        f" · {card.next_level_at - card.points} to level {(card.level or 0) + 1}"
        if card.next_level_at is not None
        else ""
    )
    head = click.style(f"{who}{level}{plural(card.points, 'point')}{to_next}", bold=True)
    people = "1 person" if card.people == 1 else f"{card.people} people"
    follow = card.follow_ups
    rate = (
        f" · follow-ups {follow.on_time}/{follow.decided} on time ({follow.rate:.0%})"
        if follow.rate is not None
        else ""
    )
    lines = [
        fit(head, width),
        fit(f"as of {said(card.as_of, '%a %d %b %Y')} · {people} met{rate}", width),
    ]
    lines.append("")
    lines += first_fitting(width, STATUS_STEPS, lambda step: _challenges(card, width, *step))
    if any(r.at_risk for r in card.challenges):
        lines.append(fit("! = streak at risk: this period is not met yet", width))
    if card.badges:
        lines += ["", _badges_line(card, width)]
    if not card.points and not card.people:
        lines += ["", fit(NO_ENTRIES, width)]
    return lines


def _challenges(
    card: Summary, width: int, size: int, best: bool, word: bool, shortest: int | None
) -> list[str] | None:
    """The challenges as a table for one step of STATUS_STEPS (None: it cannot fit)."""
    results = card.challenges
    counts = [f"{r.progress}/{r.target}" for r in results]
    units = [r.challenge.every if r.current else "not started" for r in results]
    wide, unit_wide = max(map(len, counts), default=3), max(map(len, units), default=5)
    rows = [["this period", "streak", *(["best"] if best else []), "strength"]]
    for r, count, unit in zip(results, counts, units, strict=True):
        mark = click.style("✔", fg="green", bold=True) if r.met else " "
        risk = click.style("!", fg=WARN, bold=True) if r.at_risk else " "
        strength = ""
        if r.strength is not None:
            meaning = strength_word(r.strength, len(r.periods)) if word else ""
            strength = f"{r.strength:>4.0%} {meaning}".rstrip()
        rows.append(
            [
                f"{count:>{wide}} {mark} {unit:<{unit_wide}}",
                f"{r.streak}{risk}",
                *([str(r.best_streak)] if best else []),
                strength,
            ]
        )
    if size:
        rows[0].append("history")
        for row, result in zip(rows[1:], results, strict=True):
            row.append(grid(result, size))
    others = sum(max(cells(row[n]) for row in rows) for n in range(len(rows[0])))
    room = width - others - len(GAP) * len(rows[0])
    longest = max((cells(r.title) for r in results), default=0)
    if room < longest and (shortest is None or room < shortest):
        return None
    titles = ["challenge", *(clip(r.title, room) for r in results)]
    return table([[t, *row] for t, row in zip(titles, rows, strict=True)], (2, 3) if best else (2,))


def _badges_line(card: Summary, width: int) -> str:
    """Badges earned of all, and the latest earned: as many as fit, the newest kept."""
    earned = sorted((b for b in card.badges if b.earned), key=lambda b: b.earned or card.as_of)
    line = f"badges {len(earned)}/{len(card.badges)} earned"
    for shown in range(min(5, len(earned)), 0, -1):
        latest = ", ".join(
            f"{b.title} ({said(b.earned, '%d %b')})" for b in earned[-shown:] if b.earned
        )
        if cells(f"{line} · latest: {latest}") <= width:
            return f"{line} · latest: {latest}"
    return fit(line, width)


# -- entries ------------------------------------------------------------------------------


def entry_lines(found: Entries, since: str | None = None) -> list[str]:
    """One line per entry: id, local time, what, with whom, where, and the note."""
    if not found.entries:
        return [f"No entries since {since} (`habits list` lists them all)" if since else NO_ENTRIES]
    lines = []
    for e in found.entries:
        note = f"  “{e.note}”" if e.note else ""
        lines.append(f"{e.id}  {e.at.astimezone(found.zone):%Y-%m-%d %H:%M}  {entry_line(e)}{note}")
    return lines


def removed_line(entry: Entry) -> str:
    return f"Removed {entry.id}: {entry_line(entry)} at {entry.at:%Y-%m-%d %H:%M} ({entry.origin})"


def edited_lines(done: Edited) -> list[str]:
    """The entry before and after, each on a line, and where it is now."""

    def told(entry: Entry) -> str:
        note = f"  “{entry.note}”" if entry.note else ""
        return f"{entry.at:%Y-%m-%d %H:%M}  {entry_line(entry)}{note}"

    moved = (
        f" (moved from {done.was_in})"
        if not done.after.origin.startswith(done.was_in + ":")
        else ""
    )
    return [
        f"Edited {done.after.id}{moved}:",
        f"  before: {told(done.before)}",
        f"  after:  {told(done.after)}  ({done.after.origin})",
    ]


def undone_line(undone: Undone) -> str:
    return f"Undid {undone.what} ({said(undone.at, '%d %b %H:%M')}): {undone.said}"


def changes_lines(found: Changes, width: int = 80) -> list[str]:
    """One line a change, newest first: when, what, what it did (cut to `width`); those
    taken back marked before what they did, so a cut never hides the mark."""
    if not found.changes:
        return [
            fit("No changes yet: each log, edit, rm, import, rest, dismissal, snooze, rename "
                "or merge is kept here for undo.", width)
        ]  # fmt: skip
    lines = []
    for change, undone in found.changes:
        mark = "(undone) " if undone else ""
        what = f"undo of {change.said}" if change.what == "undo" else change.said
        lines.append(fit(f"{change.at:%Y-%m-%d %H:%M}  {change.what:<7} {mark}{what}", width))
    return lines


def exported_lines(exported: Exported) -> list[str]:
    """What an export wrote, or that there was nothing to export."""
    n = exported.entries
    if exported.out is None:
        return [] if n else [NO_ENTRIES]
    wrote = f"Wrote {n} {'entry' if n == 1 else 'entries'} to {exported.out}"
    return [wrote] if n else [wrote, NO_ENTRIES]


def imported_line(done: Imported, source: object) -> str:
    verb = "Added" if done.written else "Would add"
    skipped = f" (skipped {done.present} already in the log)" if done.present else ""
    return f"{verb} {len(done.entries)} entries from {source}{skipped}"


# -- progress -----------------------------------------------------------------------------


def points_lines(points: Points, explain: bool, width: int = 80) -> list[str]:
    """The total by source; with `explain`, every line of the ledger first, fitted to
    `width`: an entry's line names its people and venue."""
    lines = []
    if explain:
        lines += [
            _ledger_line(line, points.about.get(line.entry or ""), width) for line in points.ledger
        ]
        lines.append("")
    actions = points.from_actions
    if not points.ledger:
        lines.append(fit(NO_ENTRIES, width))
    lines.append(
        f"{points.total} points: {actions} from actions, {points.total - actions} from challenges"
    )
    return lines


def _ledger_line(line: LedgerLine, about: tuple[tuple[str, ...], str] | None, width: int) -> str:
    """An award: day, points, why, and for an entry's own award its people and venue.

    Too wide for `width`, the people shorten (…) to 16 characters, then the [source] goes,
    then the venue, then the people shorten to 8.
    """
    head = f"{line.date}  {line.points:>+5}  {line.reason}"
    source = f"  [{line.challenge or line.entry}]"
    people, venue = about if about and line.challenge is None else ((), "")
    where = f" @ {venue}" if venue else ""
    steps = [
        (where, source, None),
        (where, source, 16),
        (where, "", 16),
        ("", "", 16),
        ("", "", 8),
    ]
    shown = ""
    for at, tail, shortest in steps:
        names = ", ".join(people)
        if people and shortest is not None:
            names = clip(names, max(shortest, width - cells(f"{head} · {at}{tail}")))
        shown = f"{head}{' · ' + names if people else ''}{at}{tail}"
        if cells(shown) <= width:
            return shown
    return fit(shown, width)


def pause_lines(pauses: list[Pause]) -> list[str]:
    if not pauses:
        return ["No rests recorded: habits pause --from DATE --to DATE"]
    lines = []
    for p in pauses:
        which = p.challenge or "all challenges"
        note = f"  {p.note}" if p.note else ""
        lines.append(f"{p.id}  {p.start} .. {p.end}  {which}{note}")
    return lines


def unpaused_line(pause: Pause) -> str:
    which = f"'{pause.challenge}'" if pause.challenge else "all challenges"
    return f"Removed the rest of {which} from {pause.start} to {pause.end} (id {pause.id})"


def resting_line(pause: Pause) -> str:
    which = f"'{pause.challenge}'" if pause.challenge else "all challenges"
    return f"Resting {which} from {pause.start} to {pause.end}"


def action_lines(found: Actions) -> list[str]:
    """Each action: id, points, title, and its aliases and daily cap."""
    lines = []
    for a in found.actions:
        extra = []
        if a.aliases:
            extra.append("alias " + ", ".join(a.aliases))
        if a.daily_cap:
            extra.append(f"{a.daily_cap} a day count")
        tail = f"  ({'; '.join(extra)})" if extra else ""
        lines.append(f"{a.id:<14} {a.points:>3} pts  {a.title}{tail}")
    return lines


def check_lines(checked: Checked) -> list[str]:
    """Every problem as path:line, or one line of what was read when all is good."""
    if checked.problems:
        return [str(problem) for problem in checked.problems]
    return [
        f"All good: {checked.entries} entries in {checked.log_files} log files; "
        f"{checked.actions} actions, {checked.challenges} challenges, "
        f"{checked.badges} badges."
    ]


# -- the network --------------------------------------------------------------------------


def when_due(item: Due, today: date) -> str:
    days = (item.due - today).days
    if days < 0:
        return f"overdue {-days} day{'s' if days < -1 else ''}"
    if days == 0:
        return "due today"
    return f"{days} day{'s' if days > 1 else ''} left"


DUE_WHAT = {
    "follow-up": "follow up with {}",
    "did-they-meet": "ask {} whether they met",
    "keep-in-touch": "keep in touch with {}",
}


def due_text(view: DueView, width: int = 80) -> str:
    """What is due, a line each; overdue in the warning colour.

    A line too wide for `width` loses "(since ...)", then its name shortens (…), to 12
    characters at the least.
    """
    if not view.due:
        if not view.logged:
            return f"Nothing due yet: a follow-up opens when you meet someone.\n{NO_ENTRIES}"
        return "Nothing due. Every follow-up is done."
    lines = []
    for item in view.due:
        label = when_due(item, view.as_of)
        if item.overdue(view.as_of):
            label = click.style(label, fg=WARN, bold=True)
        label = pad(label, 16)
        what = DUE_WHAT.get(item.kind, "{}")
        room = max(12, width - cells(f"{label} {what.format('')}"))
        steps = [
            f"{label} {what.format(item.person)} (since {said(item.opened_on, '%d %b')})",
            f"{label} {what.format(item.person)}",
            f"{label} {what.format(clip(item.person, room))}",
        ]
        lines.append(next((line for line in steps if cells(line) <= width), fit(steps[-1], width)))
    return "\n".join(lines)


REMIND_DUE = 5  # a nudge names the oldest this many items due (the rest: `habits due`)


def remind_lines(reminder: Reminder) -> list[str]:
    """The nudge: a line a streak at risk, then a line a follow-up due today or overdue."""
    today = reminder.as_of
    lines = []
    for r in reminder.at_risk:
        period = period_label(r, r.current, today) if r.current else ""
        last = r.current is not None and r.challenge.every != "day" and r.current.end == today
        unit = UNIT.get(r.challenge.every) or "period"
        progress = f"{r.progress}/{r.target} {period}{', last day' if last else ''}".strip()
        lines.append(f"Streak at risk: {r.title} ({progress}; {r.streak}-{unit} streak)")
    for item in reminder.due[:REMIND_DUE]:
        what = DUE_WHAT.get(item.kind, "{}").format(item.person)
        lines.append(f"{what[:1].upper()}{what[1:]} ({when_due(item, today)})")
    if len(reminder.due) > REMIND_DUE:
        lines.append(f"... and {len(reminder.due) - REMIND_DUE} more (see habits due)")
    return lines


def remind_title(reminder: Reminder) -> str:
    """The nudge in a few words (a desktop notification's title)."""
    parts = [f"{plural(len(reminder.at_risk), 'streak')} at risk"] if reminder.at_risk else []
    if reminder.due:
        parts.append(f"{plural(len(reminder.due), 'follow-up')} due")
    return "habits: " + ", ".join(parts)


# How the wins list fits its width, each step taken only while it is still too wide: names
# longer than 24 characters shorten (…); the first touch's action and venue (via) go; names
# shorten to 16; the days column goes; the touches column goes; names shorten to 8. A step
# is (via shown; touches and days shown: 2 both, 1 touches, 0 neither; the longest a name
# may be: None, not cut).
WINS_STEPS: list[tuple[bool, int, int | None]] = [
    (True, 2, None),
    (True, 2, 24),
    (False, 2, 24),
    (False, 2, 16),
    (False, 1, 16),
    (False, 0, 16),
    (False, 0, 8),
]


def wins_text(view: WinsView, width: int = 80) -> str:
    """Wins by kind, what converts, and a table of the wins, fitted to `width`.

    A conversion line shows as many of its best five as fit; the table drops columns in the
    order of WINS_STEPS.
    """
    net = view.wins
    if not net.wins:
        return (
            "No wins yet. When a chat leads somewhere, log it:\n"
            '  habits log win --with "Sam Lee" --kind referral'
        )
    kinds = " · ".join(f"{k} {n}" for k, n in net.by_kind().items())
    lines = [fit(f"{len(net.wins)} win{'s' if len(net.wins) > 1 else ''}: {kinds}", width)]
    if net.median_touches is not None and net.median_days is not None:
        touches, days = net.median_touches, net.median_days
        lines.append(
            fit(
                f"median {touches:g} touch{'' if touches == 1 else 'es'} and {days:g} "
                f"day{'' if days == 1 else 's'} from first touch to win",
                width,
            )
        )
    lines += ["", fit("people who became a win / people met, by their first touch:", width)]
    for label, group in (
        ("venue", net.conversion.by_where),
        ("action", net.conversion.by_action),
        ("opener", net.conversion.by_opener),
    ):
        best = sorted(group.items(), key=lambda kv: (-kv[1].rate, -kv[1].people, kv[0]))[:5]
        shown = [
            f"  {label:<7} " + " · ".join(f"{k} {r.wins}/{r.people}" for k, r in best[:n])
            for n in range(len(best), -1, -1)
        ]
        lines.append(next((line for line in shown if cells(line) <= width), fit(shown[-1], width)))
    lines += ["", "wins:"]
    lines += first_fitting(width, WINS_STEPS, lambda step: _wins_table(net.wins, *step))
    return "\n".join(lines)


def _wins_table(wins: Sequence[Win], via: bool, counts: int, longest: int | None) -> list[str]:
    """The wins, newest first, for one step of WINS_STEPS."""
    rows = [["won", "kind", "with", "first touch", "via", "touches", "days"]]
    for win in reversed(wins):
        first = win.first_touch
        names = ", ".join(win.people)
        how = f"{first.action}{' @ ' + first.where if first.where else ''}" if first else ""
        rows.append(
            [
                said(win.day, "%d %b %Y"),
                win.kind,
                names if longest is None else clip(names, longest),
                said(first.day, "%d %b %Y") if first else "none",
                how,
                str(win.touches),
                "" if win.days is None else str(win.days),
            ]
        )
    keep = [0, 1, 2, 3, *([4] if via else []), *[5, 6][:counts]]
    right = [n for n, column in enumerate(keep) if column >= 5]
    return ["  " + line for line in table([[row[n] for n in keep] for row in rows], right)]


def opener_lines(opener: Opener) -> list[str]:
    return [f"“{opener.text}”", f"  ({opener.id}: log it with --opener {opener.id})"]


# -- people -------------------------------------------------------------------------------


# How people fits its width, each step taken only while the table is still too wide: names
# longer than 24 characters shorten (…); "first met" loses its venue, then its action (the
# date stays); names shorten to 16; the touches column goes; "first met" goes; names shorten
# to 10. A step is (what "first met" shows: 2 all, 1 no venue, 0 the date, -1 gone; touches
# shown; the longest a name may be: None, not cut).
PEOPLE_STEPS: list[tuple[int, bool, int | None]] = [
    (2, True, None),
    (2, True, 24),
    (1, True, 24),
    (0, True, 24),
    (0, True, 16),
    (0, False, 16),
    (-1, False, 16),
    (-1, False, 10),
]


def people_text(view: PeopleView, width: int = 80) -> str:
    """A table: name, first met, last contact, touches, the open follow-up, wins; fitted to
    `width` (see PEOPLE_STEPS), an overdue follow-up in the warning colour."""
    if not view.people:
        return 'Nobody yet: habits log icebreaker --with "Sam Lee" --where call'
    lines = first_fitting(width, PEOPLE_STEPS, lambda step: _people_table(view, *step))
    shown, everyone = len(view.people), view.everyone
    if shown < everyone:
        ends = [
            f"{shown} of {everyone:,} people, the most recent first "
            "(`habits people --all` lists everyone)",
            f"{shown} of {everyone:,} people (--all: everyone)",
        ]
        lines.append(next((e for e in ends if cells(e) <= width), fit(ends[-1], width)))
    else:
        lines.append(f"{everyone} people")
    return "\n".join(lines)


def _people_table(
    view: PeopleView, first_met: int, touches: bool, longest: int | None
) -> list[str]:
    """The people as a table for one step of PEOPLE_STEPS."""
    titles = view.titles
    rows = [["name", *(["first met"] if first_met >= 0 else []), "last contact"]]
    rows[0] += [*(["touches"] if touches else []), "follow-up", "wins"]
    for p in view.people:
        first = said(p.first.day, "%d %b %Y")
        if first_met > 0:
            first += f" {titles.get(p.first.action, p.first.action)}"
        if first_met > 1 and p.first.where:
            first += f" @ {p.first.where}"
        follow = ""
        if p.open_follow_up is not None:
            follow = f"by {said(p.open_follow_up.due, '%d %b')}"
            if p.open_follow_up.overdue(view.as_of):
                follow = click.style(f"{follow} (overdue)", fg=WARN, bold=True)
        rows.append(
            [
                p.name if longest is None else clip(p.name, longest),
                *([first] if first_met >= 0 else []),
                said(p.last.day, "%d %b %Y"),
                *([str(p.touches)] if touches else []),
                follow,
                str(p.wins or ""),
            ]
        )
    return table(rows)


def timeline_lines(found: Timeline) -> list[str]:
    """The person in one bold line, then every entry with them and what is still open."""
    person, titles = found.person, found.titles
    head = (
        f"{person.name} · {person.touches} touch{'' if person.touches == 1 else 'es'} since "
        f"{said(person.first.day, '%d %b %Y')}"
        + (f" · {person.wins} win{'s' if person.wins > 1 else ''}" if person.wins else "")
        + (f" · keep in touch every {person.cadence} days" if person.cadence else "")
    )
    lines = [click.style(head, bold=True)]
    closes = {f.closed_by: f for f in found.follow_ups if f.closed_by}
    for entry, local, others in found.meetings:
        parts = [said(local, "%a %d %b %Y %H:%M"), titles.get(entry.action, entry.action)]
        if entry.kind:
            parts.append(f"({entry.kind})")
        if entry.where:
            parts.append(f"@ {entry.where}")
        if others:
            parts.append("with " + ", ".join(others))
        if entry.note:
            parts.append(f"· {entry.note}")
        if entry.id in closes:
            parts.append("· followed up" + ("" if closes[entry.id].on_time else " (late)"))
        lines.append("  " + " ".join(parts))
    for item in found.waiting():
        label = "follow up" if item.kind == "follow-up" else "ask if they met"
        lines.append(f"  → {label} by {said(item.due, '%a %d %b')}")
    return lines


def merged_line(merged: Merged) -> str:
    return (
        f"'{merged.name}' is now another name of '{merged.into}' "
        "(in people.toml; the log is as it was)"
    )


def renamed_line(done: Renamed) -> str:
    entries = f"{done.entries} entr{'y' if done.entries == 1 else 'ies'}"
    also = " and people.toml" if done.people_file else ""
    return f"Renamed '{done.old}' to '{done.new}' ({entries}{also})"


def unmerged_line(done: Unmerged) -> str:
    return f"'{done.name}' is a person of their own again (no longer a name of '{done.was_of}')"


def cadence_line(cadence: Cadence) -> str:
    if cadence.days is None:
        return f"No cadence for {cadence.name}"
    return f"Keep in touch with {cadence.name} every {cadence.days} days (`habits due` reminds you)"


def backfill_lines(told: tuple[Backfill, ...], width: int = 80) -> list[str]:
    """One line a challenge added or changed since the last run: what its past earned
    (a long title cut to fit `width`)."""
    lines = []
    for b in told:
        unit = UNIT.get(b.every) or "period"
        periods = f"{b.periods} {unit}{'' if b.periods == 1 else 's'} met so far"
        what = "new challenge" if b.new else "changed challenge"
        tail = f"': {periods}, {b.points} points in all"
        title = clip(b.title, max(8, width - cells(what) - 2 - cells(tail)))
        lines.append(fit(f"{what} '{title}{tail}", width))
    return lines


def marked_line(done: Marked) -> str:
    """What was dismissed or snoozed, in a line."""
    what = {"follow-up": "follow-up with", "did-they-meet": "did-they-meet check with"}
    items = "; ".join(f"{what.get(d.kind, d.kind)} {d.person}" for d in done.items)
    if done.what == "dismiss":
        return f"Dismissed the {items} (no credit; it leaves your follow-up rate)"
    return f"Snoozed the {items} until {said(done.day, '%a %d %b')}"


def inboxed_lines(done: Inboxed) -> list[str]:
    """What the inbox gave: the entries logged (or that would be), and how many lines stay."""
    n = len(done.entries)
    verb = "Logged" if done.written else "Would log"
    said = f"{verb} {n} entr{'y' if n == 1 else 'ies'} from {done.path}"
    lines = [said if n else f"Nothing to log in {done.path}"]
    lines += [f"  {e.at:%Y-%m-%d %H:%M}  {entry_line(e)}" for e in done.entries]
    if done.problems:
        stay = len(done.problems)
        lines.append(
            f"{stay} line{'' if stay == 1 else 's'} stay in {done.path}: fix and run again"
        )
    return lines


def question_text(question: Question, width: int = 80) -> str:
    """One question of `habits ask`: the meeting (or the challenge at risk) and what to type."""
    number = f"[{question.number}/{question.of}]" if question.meeting else f"[{question.number}]"
    if question.meeting is not None:
        meeting = question.meeting
        about = f"{number} {meeting.start:%H:%M}  {meeting.title} · {meeting.venue}"
        people = fit("    with " + ", ".join(meeting.people), width)
        ask = "    Which action? (an action, e.g. icebreaker; Enter skips)"
        return "\n".join([fit(about, width), people, ask])
    result = question.challenge
    assert result is not None  # a question is about a meeting or a challenge
    label = period_label(result, result.current, question.day) if result.current else ""
    about = f"{number} At risk: {result.title} {result.progress}/{result.target} {label}".rstrip()
    ask = "    Log one? ACTION [NAME, ...] [@VENUE] [-- NOTE] (Enter skips)"
    return "\n".join([fit(about, width), ask])


def asked_lines(done: Asked, width: int = 80) -> list[str]:
    """What `habits ask` logged, and what it moved: points, challenges met, badges."""
    day = said(done.day, "%a %d %b")
    lines = []
    if done.calendar and not done.meetings and not done.already:
        lines.append(f"No meetings with others on {day} in {done.calendar}")
    elif done.already:
        lines.append(f"{plural(done.already, 'meeting')} of {day} logged before: not asked again")
    if not done.entries or done.before is None or done.after is None:
        return [*lines, "Nothing logged"]
    before, after = done.before, done.after
    earned = after.points - before.points
    points = click.style(f"+{earned} pts", fg="green", bold=True) if earned else "+0 pts"
    n = len(done.entries)
    lines.append(
        f"✓ Logged {n} entr{'y' if n == 1 else 'ies'}  {points} · "
        f"{plural(after.points, 'point')} in all"
    )
    lines += [fit(f"  {e.at:%H:%M}  {entry_line(e)}", width) for e in done.entries]
    days = {e.at.date() for e in done.entries} | {after.as_of}
    news = _moved(before, after, days) + _unlocked(before, after)
    if news:
        lines.append("  " + " · ".join(news))
    return lines
