"""`habits people`: everyone you met, one person's timeline, merges and keep-in-touch cadences."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from habits.cli.main import Run, fail
from habits.cli.network import build_network, remembered
from habits.cli.reading import as_of_day, emit_json, read_state
from habits.core.problems import HabitsError
from habits.store.files import locked
from habits.store.state import State, load

if TYPE_CHECKING:
    from habits.core.network import Network, Person


@click.group("people", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of people.")
@click.pass_context
def people_group(ctx: click.Context, as_json: bool) -> None:
    """List everyone you met; merge names, set cadences.

    First met, last contact, touches, the open follow-up and wins, per person.

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
    card = state.score(day)
    net = build_network(state, day, card=card)
    person = find_person(state, net, name)
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
        f"{person.name} · {person.touches} touch{'' if person.touches == 1 else 'es'} since "
        f"{person.first.day:%d %b %Y}"
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
    from habits.core.people import known_people
    from habits.store.people import merge, people_to_rewrite, write_people

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
        people = people_to_rewrite(ws)
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
    from habits.core.people import known_people
    from habits.store.cadence import cadence_days
    from habits.store.people import people_to_rewrite, with_cadence, write_people

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
        people = people_to_rewrite(ws)
        write_people(ws, with_cadence(people, known[key], cadence))
    if days is None:
        click.echo(f"No cadence for {known[key]}")
    else:
        click.echo(f"Keep in touch with {known[key]} every {days} days (`habits due` reminds you)")
