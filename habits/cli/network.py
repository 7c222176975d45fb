"""Commands about the network: due, wins, opener (people are in habits.cli.people)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from habits.cli.main import Run, fail
from habits.cli.reading import as_of_day, emit_json, read_state
from habits.store.state import State

if TYPE_CHECKING:
    from habits.core.network import Due, Network, Win
    from habits.core.scorecard import Scorecard


def build_network(
    state: State, day: date, lapsed: bool = False, card: Scorecard | None = None
) -> Network:
    """The network as of a day, from the scorecard when the caller already has it."""
    from habits.core.network import network

    card = card or state.score(day)
    return network(card, state.pack, state.settings, state.directory, lapsed)


def remembered(state: State, day: date, name: str, render: Any, lapsed: bool = False) -> Any:
    """A view that depends only on the inputs and the day: computed once, then remembered."""
    key = state.inputs(day)
    cache = state.cache
    # Text, or data for --json: remembered only while the inputs and the day stay the same.
    view = cache.recall(name, key, str | list | dict) if cache else None
    if view is None:
        view = render(build_network(state, day, lapsed))
        if cache is not None:
            cache.remember(name, key, view)
            cache.save()
    return view


def when_due(item: Due, today: date) -> str:
    days = (item.due - today).days
    if days < 0:
        return f"overdue {-days} day{'s' if days < -1 else ''}"
    if days == 0:
        return "due today"
    return f"{days} day{'s' if days > 1 else ''} left"


# -- due ----------------------------------------------------------------------------------


@click.command("due")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--all", "lapsed", is_flag=True, help="Include follow-ups more than 14 days late.")
@click.pass_obj
def due_cmd(run: Run, as_json: bool, lapsed: bool) -> None:
    """List what is due: follow-ups, checks, reminders.

    Follow-ups, "did they meet?" checks and people to keep in touch with, oldest
    first, with how long each has left. A follow-up more than 14 days late has
    lapsed (it counts as missed in your follow-up rate) and is shown only with --all.

    \b
    Example:
      habits due
      habits due --json
    """
    state = read_state(run)
    day = as_of_day(run, state, None)
    view = f"due-{'json' if as_json else 'text'}-{lapsed}"
    shown = remembered(state, day, view, due_json if as_json else due_text, lapsed)
    if as_json:
        emit_json(shown)
        return
    click.echo(shown)


def due_json(net: Network) -> list[dict[str, Any]]:
    return [
        {
            "person": d.person,
            "kind": d.kind,
            "opened_by": d.opened_by,
            "opened_on": d.opened_on.isoformat(),
            "due": d.due.isoformat(),
            "overdue": d.overdue(net.as_of),
            "days_left": (d.due - net.as_of).days,
        }
        for d in net.due
    ]


def due_text(net: Network) -> str:
    if not net.due:
        return "Nothing due. Every follow-up is done."
    what = {
        "follow-up": "follow up with {}",
        "did-they-meet": "ask {} whether they met",
        "keep-in-touch": "keep in touch with {}",
    }
    lines = []
    for item in net.due:
        text = what.get(item.kind, "{}").format(item.person)
        lines.append(f"{when_due(item, net.as_of):<16} {text} (since {item.opened_on:%d %b})")
    return "\n".join(lines)


# -- wins ---------------------------------------------------------------------------------


@click.command("wins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def wins_cmd(run: Run, as_json: bool) -> None:
    """Show your wins and what led to them.

    Which venues, first actions and openers turn people met into wins.

    A win is credited to the earlier entries with its people: the first touch, the
    number of touches, the days from first touch to win.

    \b
    Example:
      habits wins
      habits wins --json
    """
    state = read_state(run)
    day = as_of_day(run, state, None)
    if as_json:
        emit_json(remembered(state, day, "wins-json", wins_json))
        return
    click.echo(remembered(state, day, "wins-text", wins_text))


def wins_json(net: Network) -> dict[str, Any]:
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


def wins_text(net: Network) -> str:
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


# -- opener -------------------------------------------------------------------------------


@click.command("opener")
@click.option("--for", "venue", default="", metavar="VENUE", help="Where: call, lift, lounge...")
@click.pass_obj
def opener_cmd(run: Run, venue: str) -> None:
    """Suggest a go-to opener for where you are.

    It favours openers that led to follow-ups and wins, and rotates, so the same
    line does not come up twice in a row. Log which one you used with --opener.

    \b
    Example:
      habits opener --for lift
      habits log icebreaker --with "Sam Lee" --where lift --opener weekend
    """
    from habits.core.model import venue_key
    from habits.core.network import suggest_opener
    from habits.store.recent import keep_recent_openers, recent_openers

    state = read_state(run)
    day = as_of_day(run, state, None)
    if not state.pack.openers:
        fail("your pack has no openers", "add some to challenges/openers.toml (see the docs)")
    card = state.score(day)
    net = build_network(state, day, card=card)
    suggested = recent_openers(state.workspace)
    used = [e.opener for e in reversed(card.entries) if e.opener][:3]
    choice = suggest_opener(state.pack, net, card, venue_key(venue), [*suggested, *used])
    assert choice is not None
    keep_recent_openers(state.workspace, [choice.id, *suggested][:10])
    click.echo(f"“{choice.text}”")
    click.echo(f"  ({choice.id}: log it with --opener {choice.id})")
