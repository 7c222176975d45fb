"""How the use cases' results read in a terminal: lines of text, styled by click.

Renderers only: they take values from habits.app and never read files (the --json shapes
are in habits.cli.as_json).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from habits.app.results import Backfill, Edited, Imported, Logged, Undone
    from habits.app.views import (
        Actions,
        Cadence,
        Changes,
        Checked,
        DueView,
        Entries,
        Merged,
        PeopleView,
        Points,
        Renamed,
        Timeline,
        Unmerged,
        WinsView,
    )
    from habits.core.model import Entry, Opener, Pause
    from habits.core.network import Due
    from habits.core.scorecard import ChallengeResult, PeriodResult, Summary

UNIT = {"day": "day", "week": "week", "month": "month", "once": ""}
GRID = 8  # periods shown in the status history grid


def period_label(result: ChallengeResult, period: PeriodResult, today: date) -> str:
    every = result.challenge.every
    if every == "once":
        return "so far" if period.open else ""
    if period.start <= today <= period.end:
        return {"day": "today", "week": "this week", "month": "this month"}[every]
    if every == "day":
        return f"on {period.start:%a %d %b}"
    if every == "month":
        return f"in {period.start:%B %Y}"
    return f"week of {period.start:%d %b}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def entry_line(entry: Entry) -> str:
    parts = [entry.action]
    if entry.with_:
        parts.append("with " + ", ".join(entry.with_))
    if entry.where:
        parts.append(f"@ {entry.where}")
    return " ".join(parts)


def feedback(logged: Logged) -> list[str]:
    """One or two lines: what was logged, points, progress moved, streaks, levels, badges.

    A back-dated entry that took a capped day's slot from a later one is told its own points.
    """
    entry, day, before, after = logged.entry, logged.day, logged.before, logged.after
    title, follow_ups, own = logged.title, logged.touched, logged.own
    earned = after.points - before.points
    when = "" if day == after.as_of else f" on {entry.at:%a %d %b %H:%M}"
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

    news = []
    for result in after.challenges:
        for period in result.periods:
            if not period.start <= day <= period.end:
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
    closed = [f for f in follow_ups if f.closed_by == entry.id and f.kind == "follow-up"]
    if closed:
        late = sum(1 for f in closed if not f.on_time)
        news.append("followed up" + (" (late)" if late == len(closed) else " on time ✔"))
    opened = [f for f in follow_ups if f.opened_by == entry.id]
    if opened:
        kind = "ask whether they met" if opened[0].kind != "follow-up" else "follow up"
        news.append(f"{kind} by {opened[0].due:%a %d %b}")
    if after.level is not None and before.level is not None and after.level > before.level:
        name = f" {after.level_name}" if after.level_name else ""
        news.append(click.style(f"Level {after.level}{name}!", fg="magenta", bold=True))
    for badge in after.badges:
        if badge.earned and badge.id not in before.badges:
            news.append(click.style(f"Badge unlocked: {badge.title}", fg="yellow", bold=True))
    if news:
        lines.append("  " + " · ".join(news))
    return lines


def grid(result: ChallengeResult) -> str:
    """The last periods, oldest first: met ●, missed ·, rested ‖, open ◌."""
    cells = []
    for period in result.periods[-GRID:]:
        if period.met:
            cells.append(click.style("●", fg="green"))
        elif period.open:
            cells.append("◌")
        elif period.paused:
            cells.append(click.style("‖", fg="blue"))
        else:
            cells.append(click.style("·", fg="red"))
    return " ".join(cells).rjust(2 * GRID - 1) if cells else ""


def status_lines(card: Summary, name: str) -> list[str]:
    lines = []
    who = f"{name} · " if name else ""
    level = ""
    if card.level is not None:
        level = f"level {card.level}" + (f" {card.level_name}" if card.level_name else "") + " · "
    to_next = (
        f" · {card.next_level_at - card.points} to level {(card.level or 0) + 1}"
        if card.next_level_at is not None
        else ""
    )
    lines.append(click.style(f"{who}{level}{plural(card.points, 'point')}{to_next}", bold=True))
    people = "1 person" if card.people == 1 else f"{card.people} people"
    follow = card.follow_ups
    rate = (
        f" · follow-ups {follow.on_time}/{follow.decided} on time ({follow.rate:.0%})"
        if follow.rate is not None
        else ""
    )
    lines.append(f"as of {card.as_of:%a %d %b %Y} · {people} met{rate}")
    lines.append("")
    width = max((len(r.title) for r in card.challenges), default=10)
    lines.append(
        f"{'challenge':<{width}}  {'this period':<13}  {'streak':>6}  {'best':>4}"
        f"  {'strength':>8}  history"
    )
    for r in card.challenges:
        now = f"{r.progress}/{r.target}"
        mark = click.style("✔", fg="green") if r.met else " "
        unit = r.challenge.every if r.current else "not started"
        streak = f"{r.streak}{'!' if r.at_risk else ' '}"
        strength = "" if r.strength is None else f"{r.strength:.0%}"
        lines.append(
            f"{r.title:<{width}}  {now:>5} {mark} {unit:<5}  {streak:>6}  {r.best_streak:>4}"
            f"  {strength:>8}  {grid(r)}"
        )
    if any(r.at_risk for r in card.challenges):
        lines.append("! = streak at risk: this period is not met yet")
    earned = [b for b in card.badges if b.earned]
    if card.badges:
        lines.append("")
        earned.sort(key=lambda b: b.earned or card.as_of)
        shown = ", ".join(f"{b.title} ({b.earned:%d %b})" for b in earned[-5:] if b.earned)
        latest = " · latest: " + shown if shown else ""
        lines.append(f"badges {len(earned)}/{len(card.badges)} earned{latest}")
    return lines


# -- entries ------------------------------------------------------------------------------


def entry_lines(found: Entries) -> list[str]:
    """One line per entry: id, local time, what, with whom, where, and the note."""
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
    return f"Undid {undone.what} ({undone.at:%d %b %H:%M}): {undone.said}"


def changes_lines(found: Changes) -> list[str]:
    """One line a change, newest first: when, what, what it did; those taken back marked."""
    if not found.changes:
        return ["No changes yet: each log, rm, import, rest or merge is kept here for undo."]
    lines = []
    for change, undone in found.changes:
        mark = "  (undone)" if undone else ""
        what = f"undo of {change.said}" if change.what == "undo" else change.said
        lines.append(f"{change.at:%Y-%m-%d %H:%M}  {change.what:<7} {what}{mark}")
    return lines


def imported_line(done: Imported, source: object) -> str:
    verb = "Added" if done.written else "Would add"
    skipped = f" (skipped {done.present} already in the log)" if done.present else ""
    return f"{verb} {len(done.entries)} entries from {source}{skipped}"


# -- progress -----------------------------------------------------------------------------


def points_lines(points: Points, explain: bool) -> list[str]:
    """The total by source; with `explain`, every line of the ledger first."""
    lines = []
    if explain:
        for line in points.ledger:
            source = f"  [{line.challenge or line.entry}]"
            lines.append(f"{line.date}  {line.points:>+5}  {line.reason}{source}")
        lines.append("")
    actions = points.from_actions
    lines.append(
        f"{points.total} points: {actions} from actions, {points.total - actions} from challenges"
    )
    return lines


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


def due_text(view: DueView) -> str:
    if not view.due:
        return "Nothing due. Every follow-up is done."
    what = {
        "follow-up": "follow up with {}",
        "did-they-meet": "ask {} whether they met",
        "keep-in-touch": "keep in touch with {}",
    }
    lines = []
    for item in view.due:
        text = what.get(item.kind, "{}").format(item.person)
        lines.append(f"{when_due(item, view.as_of):<16} {text} (since {item.opened_on:%d %b})")
    return "\n".join(lines)


def wins_text(view: WinsView) -> str:
    net = view.wins
    if not net.wins:
        return (
            "No wins yet. When a chat leads somewhere, log it:\n"
            '  habits log win --with "Sam Lee" --kind referral'
        )
    kinds = " · ".join(f"{k} {n}" for k, n in net.by_kind().items())
    lines = [f"{len(net.wins)} win{'s' if len(net.wins) > 1 else ''}: {kinds}"]
    if net.median_touches is not None and net.median_days is not None:
        touches, days = net.median_touches, net.median_days
        lines.append(
            f"median {touches:g} touch{'' if touches == 1 else 'es'} and {days:g} "
            f"day{'' if days == 1 else 's'} from first touch to win"
        )
    lines += ["", "people who became a win / people met, by their first touch:"]
    for label, group in (
        ("venue", net.conversion.by_where),
        ("action", net.conversion.by_action),
        ("opener", net.conversion.by_opener),
    ):
        best = sorted(group.items(), key=lambda kv: (-kv[1].rate, -kv[1].people, kv[0]))[:5]
        shown = " · ".join(f"{k} {r.wins}/{r.people}" for k, r in best)
        lines.append(f"  {label:<7} {shown}")
    lines += ["", "wins:"]
    for win in reversed(net.wins):
        first = win.first_touch
        credit = (
            f"first touch {first.day:%d %b} ({first.action}"
            + (f" @ {first.where}" if first.where else "")
            + f") · {win.touches} touch{'' if win.touches == 1 else 'es'}"
            + f" · {win.days} day{'' if win.days == 1 else 's'}"
            if first
            else "no earlier entry with them"
        )
        lines.append(f"  {win.day:%d %b %Y}  {win.kind:<9} {', '.join(win.people)}  {credit}")
    return "\n".join(lines)


def opener_lines(opener: Opener) -> list[str]:
    return [f"“{opener.text}”", f"  ({opener.id}: log it with --opener {opener.id})"]


# -- people -------------------------------------------------------------------------------


def people_text(view: PeopleView) -> str:
    """A table: name, first met, last contact, touches, the open follow-up, wins."""
    titles = view.titles
    if not view.people:
        return 'Nobody yet: habits log icebreaker --with "Sam Lee" --where call'
    rows = [("name", "first met", "last contact", "touches", "follow-up", "wins")]
    for p in view.people:
        venue = f" @ {p.first.where}" if p.first.where else ""
        first = f"{p.first.day:%d %b %Y} {titles.get(p.first.action, p.first.action)}{venue}"
        follow = ""
        if p.open_follow_up is not None:
            follow = f"by {p.open_follow_up.due:%d %b}" + (
                " (overdue)" if p.open_follow_up.overdue(view.as_of) else ""
            )
        rows.append(
            (p.name, first, f"{p.last.day:%d %b %Y}", str(p.touches), follow, str(p.wins or ""))
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in rows]
    if len(view.people) < view.everyone:
        lines.append(
            f"{len(view.people)} of {view.everyone:,} people, the most recent first "
            "(`habits people --all` lists everyone)"
        )
    else:
        lines.append(f"{view.everyone} people")
    return "\n".join(line.rstrip() for line in lines)


def timeline_lines(found: Timeline) -> list[str]:
    """The person in one bold line, then every entry with them and what is still open."""
    person, titles = found.person, found.titles
    head = (
        f"{person.name} · {person.touches} touch{'' if person.touches == 1 else 'es'} since "
        f"{person.first.day:%d %b %Y}"
        + (f" · {person.wins} win{'s' if person.wins > 1 else ''}" if person.wins else "")
        + (f" · keep in touch every {person.cadence} days" if person.cadence else "")
    )
    lines = [click.style(head, bold=True)]
    closes = {f.closed_by: f for f in found.follow_ups if f.closed_by}
    for entry, local, others in found.meetings:
        parts = [f"{local:%a %d %b %Y %H:%M}", titles.get(entry.action, entry.action)]
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
        lines.append(f"  → {label} by {item.due:%a %d %b}")
    return lines


def merged_line(merged: Merged) -> str:
    return (
        f"'{merged.name}' is now another name of '{merged.into}' "
        "(in people.toml; the log is as it was)"
    )


def renamed_line(done: Renamed) -> str:
    entries = f"{done.entries} entr{'y' if done.entries == 1 else 'ies'}"
    return f"Renamed '{done.old}' to '{done.new}' ({entries} and people.toml)"


def unmerged_line(done: Unmerged) -> str:
    return f"'{done.name}' is a person of their own again (no longer a name of '{done.was_of}')"


def cadence_line(cadence: Cadence) -> str:
    if cadence.days is None:
        return f"No cadence for {cadence.name}"
    return f"Keep in touch with {cadence.name} every {cadence.days} days (`habits due` reminds you)"


def backfill_lines(told: tuple[Backfill, ...]) -> list[str]:
    """One line a challenge added or changed since the last run: what its past earned."""
    lines = []
    for b in told:
        unit = UNIT.get(b.every) or "period"
        periods = f"{b.periods} past {unit}{'' if b.periods == 1 else 's'} met"
        what = "new challenge" if b.new else "changed challenge"
        lines.append(f"{what} '{b.title}': {periods}, +{b.points} points")
    return lines
