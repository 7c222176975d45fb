"""What each command's --json prints: the field names are a contract, kept as they are.

Shapes only: they take values from habits.app and return plain data (`emit_json` prints it).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from habits.core.model import entry_json

if TYPE_CHECKING:
    from habits.app.review import Review
    from habits.app.views import DueView, PeopleView, Timeline, WinsView
    from habits.core.model import Entry
    from habits.core.network import Person, Win
    from habits.core.scorecard import LedgerLine, Summary


def entries_json(entries: list[Entry]) -> list[dict[str, Any]]:
    return [entry_json(e) for e in entries]


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


def due_json(view: DueView) -> list[dict[str, Any]]:
    return [
        {
            "person": d.person,
            "kind": d.kind,
            "opened_by": d.opened_by,
            "opened_on": d.opened_on.isoformat(),
            "due": d.due.isoformat(),
            "overdue": d.overdue(view.as_of),
            "days_left": (d.due - view.as_of).days,
        }
        for d in view.due
    ]


def wins_json(view: WinsView) -> dict[str, Any]:
    net = view.wins

    def rates(group: dict[str, Any]) -> dict[str, Any]:
        return {
            k: {"people": r.people, "wins": r.wins, "rate": round(r.rate, 4)}
            for k, r in group.items()
        }

    return {
        "wins": [_win_json(w) for w in net.wins],
        "by_kind": net.by_kind(),
        "conversion": {
            "by_where": rates(net.conversion.by_where),
            "by_action": rates(net.conversion.by_action),
            "by_opener": rates(net.conversion.by_opener),
        },
        "median_touches": net.median_touches,
        "median_days": net.median_days,
    }


def _win_json(win: Win) -> dict[str, Any]:
    first = win.first_touch
    return {
        "id": win.id,
        "kind": win.kind,
        "date": win.day.isoformat(),
        "people": list(win.people),
        "first_touch": (
            {
                "entry": first.entry,
                "action": first.action,
                "where": first.where,
                "opener": first.opener,
                "date": first.day.isoformat(),
            }
            if first
            else None
        ),
        "touches": win.touches,
        "days": win.days,
    }


def people_json(view: PeopleView) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "first_met": {
                "date": p.first.day.isoformat(),
                "where": p.first.where,
                "action": p.first.action,
                "entry": p.first.entry,
            },
            "last_contact": {"date": p.last.day.isoformat(), "entry": p.last.entry},
            "touches": p.touches,
            "open_follow_up": _follow_up_json(p, view.as_of),
            "wins": p.wins,
            "cadence_days": p.cadence,
        }
        for p in view.people
    ]


def _follow_up_json(person: Person, today: date) -> dict[str, Any] | None:
    item = person.open_follow_up
    if item is None:
        return None
    return {
        "kind": item.kind,
        "opened_by": item.opened_by,
        "due": item.due.isoformat(),
        "overdue": item.overdue(today),
    }


def timeline_json(found: Timeline) -> dict[str, Any]:
    return {
        "name": found.person.name,
        "entries": [entry_json(m.entry) for m in found.meetings],
        "follow_ups": [
            {
                "kind": f.kind,
                "opened_by": f.opened_by,
                "due": f.due.isoformat(),
                "closed_by": f.closed_by,
                "closed_on": f.closed_on.isoformat() if f.closed_on else None,
                "on_time": f.on_time,
            }
            for f in found.follow_ups
        ],
    }


def review_json(review: Review) -> dict[str, Any]:
    """The weekly review: the keys the issue names (docs/guide.md defines each), then more."""
    follow = review.follow_ups
    return {
        "week_start": review.week_start.isoformat(),
        "week_end": review.week_end.isoformat(),  # its last day, inclusive
        "entries": review.entries,
        "people": list(review.people),
        "new_people": list(review.new_people),
        "follow_ups": {
            "opened": follow.opened,
            "on_time": follow.on_time,
            "late": follow.late,
            "open": follow.open,
            "dismissed": follow.dismissed,
        },
        "wins": [
            {"id": w.id, "date": w.day.isoformat(), "kind": w.kind, "people": list(w.people)}
            for w in review.wins
        ],
        "challenges": [
            {
                "id": c.id,
                "title": c.title,
                "met": c.met,
                "streak": c.streak,
                "every": c.every,
                "periods_met": c.periods_met,
                "periods": c.periods,
            }
            for c in review.challenges
        ],
        "next": {
            "week_start": review.next_start.isoformat(),
            "week_end": review.next_end.isoformat(),
            "challenges": [
                {"id": c.id, "title": c.title, "streak": c.streak} for c in review.watch
            ],
            "follow_ups": [
                {
                    "person": d.person,
                    "kind": d.kind,
                    "due": d.due.isoformat(),
                    "opened_by": d.opened_by,
                    "opened_on": d.opened_on.isoformat(),
                }
                for d in review.due_next
            ],
        },
        "complete": review.complete,
        "as_of": review.as_of.isoformat(),
    }
