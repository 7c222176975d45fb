"""How a scorecard reads in a terminal and in JSON (renderers: they never read files)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from habits.app.results import Logged
from habits.core.model import Entry

if TYPE_CHECKING:
    from habits.core.scorecard import ChallengeResult, LedgerLine, PeriodResult, Summary

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


def status_json(card: Summary) -> dict[str, Any]:
    return {
        "as_of": card.as_of.isoformat(),
        "points": card.points,
        "level": card.level,
        "level_name": card.level_name,
        "next_level_at": card.next_level_at,
        "people": card.people,
        "follow_ups": {
            "opened": card.follow_ups.opened,
            "on_time": card.follow_ups.on_time,
            "late": card.follow_ups.late,
            "open": card.follow_ups.open,
            "overdue": card.follow_ups.overdue,
            "rate": None if card.follow_ups.rate is None else round(card.follow_ups.rate, 4),
        },
        "challenges": [
            {
                "id": r.id,
                "title": r.title,
                "every": r.challenge.every,
                "period_start": r.current.start.isoformat() if r.current else None,
                "period_end": r.current.end.isoformat() if r.current else None,
                "progress": r.progress,
                "target": r.target,
                "met": r.met,
                "streak": r.streak,
                "best_streak": r.best_streak,
                "at_risk": r.at_risk,
                "strength": None if r.strength is None else round(r.strength, 4),
                "points": r.points,
            }
            for r in card.challenges
        ],
        "badges": [
            {
                "id": b.id,
                "title": b.title,
                "earned": b.earned.isoformat() if b.earned else None,
                "value": b.value,
                "threshold": b.badge.threshold,
            }
            for b in card.badges
        ],
    }


def ledger_json(ledger: tuple[LedgerLine, ...]) -> list[dict[str, Any]]:
    return [
        {
            "date": line.date.isoformat(),
            "points": line.points,
            "reason": line.reason,
            "entry": line.entry,
            "challenge": line.challenge,
        }
        for line in ledger
    ]
