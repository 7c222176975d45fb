"""Commands about the network: people, due, wins, opener."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from habits.cli.main import Run, fail
from habits.cli.reading import as_of_day, emit_json, read_state
from habits.core.problems import HabitsError
from habits.store.files import locked
from habits.store.state import State, load

if TYPE_CHECKING:
    from habits.core.network import Due, Network, Person, Win


def build_network(state: State, day: date, lapsed: bool = False) -> Network:
    from habits.core.network import network

    return network(state.score(day), state.pack, state.settings, state.directory, lapsed)


def remembered(state: State, day: date, name: str, render: Any, lapsed: bool = False) -> Any:
    """A view that depends only on the inputs and the day: computed once, then remembered."""
    key = state.inputs(day)
    cache = state.cache
    view = cache.recall(name, key) if cache else None
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


# -- people -----------------------------------------------------------------------------


@click.group("people", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of people.")
@click.pass_context
def people_group(ctx: click.Context, as_json: bool) -> None:
    """The people you met: first met, last contact, touches, follow-up, wins.

    \b
    Example:
      habits people
      habits people show "Sam Lee"
      habits people merge "Sam" "Sam Lee"
      habits people cadence "Sam Lee" 30d
    """
    if ctx.invoked_subcommand is not None:
        return
    run: Run = ctx.obj
    state = read_state(run)
    day = as_of_day(run, state, None)
    if as_json:
        emit_json(remembered(state, day, "people-json", people_json))
        return
    click.echo(remembered(state, day, "people-text", lambda net: people_text(net, state)))


def people_json(net: Network) -> list[dict[str, Any]]:
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
            "open_follow_up": _follow_up_json(p, net.as_of),
            "wins": p.wins,
            "cadence_days": p.cadence,
        }
        for p in net.people
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


def people_text(net: Network, state: State) -> str:
    if not net.people:
        return 'Nobody yet: habits log icebreaker --with "Sam Lee" --where call'
    titles = {a.id: a.title for a in state.pack.actions.values()}
    rows = [("name", "first met", "last contact", "touches", "follow-up", "wins")]
    for p in net.people:
        venue = f" @ {p.first.where}" if p.first.where else ""
        first = f"{p.first.day:%d %b %Y} {titles.get(p.first.action, p.first.action)}{venue}"
        follow = ""
        if p.open_follow_up is not None:
            follow = f"by {p.open_follow_up.due:%d %b}" + (
                " (overdue)" if p.open_follow_up.overdue(net.as_of) else ""
            )
        rows.append(
            (p.name, first, f"{p.last.day:%d %b %Y}", str(p.touches), follow, str(p.wins or ""))
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in rows]
    lines.append(f"{len(net.people)} people")
    return "\n".join(line.rstrip() for line in lines)


def find_person(state: State, net: Network, name: str) -> Person:
    from habits.core.people import near_misses, or_list

    key = state.directory.key(name)
    for person in net.people:
        if person.key == key:
            return person
    close = near_misses(name, {p.key: p.name for p in net.people})
    hint = f"did you mean {or_list(close)}?" if close else "see `habits people` for everyone"
    raise HabitsError(f"nobody called '{name}' in your log", hint)


@people_group.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
@click.pass_obj
def show_cmd(run: Run, name: str, as_json: bool) -> None:
    """The timeline with one person: every entry, follow-ups and wins.

    \b
    Example:
      habits people show "Sam Lee"
    """
    from habits.core.periods import Calendar
    from habits.store.transfer import entry_json

    state = read_state(run)
    day = as_of_day(run, state, None)
    net = build_network(state, day)
    person = find_person(state, net, name)
    card = state.score(day)
    entries = [e for e in card.entries if person.key in {state.directory.key(n) for n in e.with_}]
    items = [f for f in card.follow_up_items if f.person == person.key]
    if as_json:
        emit_json(
            {
                "name": person.name,
                "entries": [entry_json(e) for e in entries],
                "follow_ups": [
                    {
                        "kind": f.kind,
                        "opened_by": f.opened_by,
                        "due": f.due.isoformat(),
                        "closed_by": f.closed_by,
                        "closed_on": f.closed_on.isoformat() if f.closed_on else None,
                        "on_time": f.on_time,
                    }
                    for f in items
                ],
            }
        )
        return
    calendar = Calendar(state.settings)
    titles = {a.id: a.title for a in state.pack.actions.values()}
    click.secho(
        f"{person.name} · {person.touches} touches since {person.first.day:%d %b %Y}"
        + (f" · {person.wins} win{'s' if person.wins > 1 else ''}" if person.wins else "")
        + (f" · keep in touch every {person.cadence} days" if person.cadence else ""),
        bold=True,
    )
    closes = {f.closed_by: f for f in items if f.closed_by}
    for entry in entries:
        local = calendar.local(entry.at)
        others = [n for n in entry.with_ if state.directory.key(n) != person.key]
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
        click.echo("  " + " ".join(parts))
    for item in items:
        if item.closed_on is None and not item.lapsed(day):
            label = "follow up" if item.kind == "follow-up" else "ask if they met"
            click.echo(f"  → {label} by {item.due:%a %d %b}")


@people_group.command("merge")
@click.argument("merged", metavar="A")
@click.argument("into", metavar="B")
@click.pass_obj
def merge_cmd(run: Run, merged: str, into: str) -> None:
    """A and B are one person: A becomes another name of B.

    people.toml records it; your log is not rewritten, and every entry with A now
    counts for B.

    \b
    Example:
      habits people merge "Sam" "Sam Lee"
    """
    from habits.core.model import person_key
    from habits.store.journal import known_people
    from habits.store.people import merge, parse_people, write_people

    ws = run.workspace().require()
    with locked(ws.lock):
        state = load(ws)
        known = known_people(state.entries, state.directory)
        for name in (merged, into):
            if person_key(name) not in known:
                from habits.core.people import near_misses, or_list

                close = near_misses(name, known)
                hint = f"did you mean {or_list(close)}?" if close else "see `habits people`"
                fail(f"nobody called '{name}' in your log or people.toml", hint)
        if state.directory.key(merged) == state.directory.key(into):
            fail(f"'{merged}' and '{into}' are already one person")
        people = parse_people(ws, ws.people.read_bytes())[0] if ws.people.exists() else []
        target = known[state.directory.key(into)]
        write_people(ws, merge(people, known[person_key(merged)], target))
    click.echo(
        f"'{merged}' is now another name of '{target}' (in people.toml; the log is as it was)"
    )


@people_group.command("cadence")
@click.argument("name")
@click.argument("every", metavar="EVERY")
@click.pass_obj
def cadence_cmd(run: Run, name: str, every: str) -> None:
    """Keep in touch with someone every N days, weeks or months (off to stop).

    Any entry with them resets the clock; `habits due` lists them when it runs out.

    \b
    Example:
      habits people cadence "Sam Lee" 30d
      habits people cadence "Sam Lee" off
    """
    from habits.store.journal import known_people
    from habits.store.people import cadence_days, parse_people, with_cadence, write_people

    ws = run.workspace().require()
    with locked(ws.lock):
        state = load(ws)
        known = known_people(state.entries, state.directory)
        key = state.directory.key(name)
        if key not in known:
            from habits.core.people import near_misses, or_list

            close = near_misses(name, known)
            hint = f"did you mean {or_list(close)}?" if close else "see `habits people`"
            fail(f"nobody called '{name}' in your log", hint)
        cadence = None if every.strip().lower() == "off" else every.strip().lower()
        days = cadence_days(cadence) if cadence else None
        people = parse_people(ws, ws.people.read_bytes())[0] if ws.people.exists() else []
        write_people(ws, with_cadence(people, known[key], cadence))
    if days is None:
        click.echo(f"No cadence for {known[key]}")
    else:
        click.echo(f"Keep in touch with {known[key]} every {days} days (`habits due` reminds you)")


# -- due ----------------------------------------------------------------------------------


@click.command("due")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--all", "lapsed", is_flag=True, help="Include follow-ups more than 14 days late.")
@click.pass_obj
def due_cmd(run: Run, as_json: bool, lapsed: bool) -> None:
    """What is due: follow-ups, "did they meet?" checks, people to keep in touch with.

    Oldest first, with how long each has left. A follow-up more than 14 days late has
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
    """Your wins, and which venues, actions and openers led to them.

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
    """Suggest a go-to opener, favouring those that led to follow-ups and wins.

    It rotates, so the same line does not come up twice in a row. Log which one you
    used with --opener.

    \b
    Example:
      habits opener --for lift
      habits log icebreaker --with "Sam Lee" --where lift --opener weekend
    """
    from habits.core.model import venue_key
    from habits.core.network import suggest_opener

    state = read_state(run)
    day = as_of_day(run, state, None)
    if not state.pack.openers:
        fail("your pack has no openers", "add some to challenges/openers.toml (see the docs)")
    card = state.score(day)
    net = build_network(state, day)
    cache = state.cache
    suggested: list[str] = list(cache.recall("openers", "recent") or []) if cache else []
    used = [e.opener for e in reversed(card.entries) if e.opener][:3]
    choice = suggest_opener(state.pack, net, card, venue_key(venue), [*suggested, *used])
    assert choice is not None
    if cache is not None:
        cache.remember("openers", "recent", [choice.id, *suggested][:10])
        cache.save()
    click.echo(f"“{choice.text}”")
    click.echo(f"  ({choice.id}: log it with --opener {choice.id})")
