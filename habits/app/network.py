"""How the network's views are made (the use cases are in `habits.app.contacts`): what is
due, the people met, wins, one person's timeline, an opener.

`due`, `people` and `wins` each finish their part of the kept network fold
(`State.contacts`: people, wins and open follow-ups, fed by every log), and the use case
remembers that part (`State.remembered`) while nothing changes. A timeline and an opener
score the log, as they need every entry with a person.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from habits.app.views import Meeting, Timeline
from habits.core.network import Due, Network, Person, Wins, network, suggest_opener
from habits.core.problems import HabitsError

if TYPE_CHECKING:
    from habits.app.views import DueView, Marked
    from habits.core.followups import FollowUp
    from habits.core.model import Opener
    from habits.core.network import NetworkTally
    from habits.core.scorecard import Scorecard
    from habits.store.loaded import State


def network_as_of(state: State, day: date, card: Scorecard | None = None) -> Network:
    """The network of a full score as of a day (the caller's, when it has one already)."""
    card = card or state.score(day)
    return network(card, state.pack, state.settings, state.directory)


def due_as_of(state: State, day: date, lapsed: bool = False) -> tuple[Due, ...]:
    """What is due as of a day (follow-ups long past due, lapsed, only with `lapsed`)."""
    kept = _kept(state, day, lapsed)
    if kept is None:
        card = state.score(day)
        return network(card, state.pack, state.settings, state.directory, lapsed).due
    fold, items = kept
    return fold.due(day, items, lapsed)


def due_view(state: State, day: date, lapsed: bool) -> DueView:
    """What `due` shows as of a day, remembered while nothing changes (its problems are the
    caller's to add)."""
    from habits.app.views import DueView

    return state.remembered(
        DueView, day, lambda: DueView(day, due_as_of(state, day, lapsed), []), lapsed
    )


def people_as_of(state: State, day: date, limit: int | None) -> tuple[tuple[Person, ...], int]:
    """The people met as of a day, the most recent contact first (the first `limit`), and
    how many there are in all."""
    kept = _kept(state, day, lapsed=False)
    if kept is None:
        everyone = network_as_of(state, day).people
        return everyone[:limit], len(everyone)
    fold, items = kept
    return fold.people(day, items, limit), len(fold.contacts)


def wins_as_of(state: State, day: date) -> Wins:
    """Every win as of a day, and what leads to them."""
    kept = _kept(state, day, lapsed=False)
    if kept is None:
        net = network_as_of(state, day)
        return Wins(net.wins, net.conversion)
    return kept[0].wins()


def _kept(state: State, day: date, lapsed: bool) -> tuple[NetworkTally, list[FollowUp]] | None:
    """The kept network fold and its open follow-ups, to finish as of a day (folded once
    and kept; a new entry feeds it), or None when the log holds an entry after the day
    (then a score of the day shows what it should)."""
    contacts = state.contacts()
    if not contacts.covers(day):
        return None
    return contacts.fold, contacts.open_items(lapsed)


def titles(state: State) -> dict[str, str]:
    """Each action's title by its id."""
    return {a.id: a.title for a in state.pack.actions.values()}


def timeline(state: State, day: date, name: str) -> Timeline:
    """Everything with one person as of a day: the entries with them, their follow-ups."""
    card = state.score(day)
    person = find_person(state, network_as_of(state, day, card=card), name)
    key, tz = state.directory.key, ZoneInfo(state.settings.timezone)
    meetings = []
    for entry in card.entries:
        keys = [key(n) for n in entry.with_]
        if person.key in keys:
            others = tuple(n for n, k in zip(entry.with_, keys, strict=True) if k != person.key)
            meetings.append(Meeting(entry, entry.at.astimezone(tz), others))
    items = [f for f in card.follow_up_items if f.person == person.key]
    return Timeline(person, meetings, items, day, titles(state), state.problems)


def find_person(state: State, net: Network, name: str) -> Person:
    """The person a typed name means (a near miss is named in the error)."""
    from habits.core.people import near_misses, or_list

    key = state.directory.key(name)
    for person in net.people:
        if person.key == key:
            return person
    close = near_misses(name, {p.key: p.name for p in net.people})
    hint = f"did you mean {or_list(close)}?" if close else "see `habits people` for everyone"
    raise HabitsError(f"nobody called '{name}' in your log", hint)


def opener_for(state: State, day: date, venue: str) -> Opener:
    """An opener for a venue, rotating past those suggested or used last; the suggestion is
    kept in recent-openers.toml (the next one rotates past it)."""
    from habits.core.model import venue_key
    from habits.store.recent import keep_recent_openers, recent_openers

    if not state.pack.openers:
        raise HabitsError(
            "your pack has no openers", "add some to challenges/openers.toml (see the docs)"
        )
    card = state.score(day)
    net = network_as_of(state, day, card=card)
    suggested = recent_openers(state.workspace)
    used = [e.opener for e in reversed(card.entries) if e.opener][:3]
    choice = suggest_opener(state.pack, net, card, venue_key(venue), [*suggested, *used])
    assert choice is not None  # the pack has openers, and every one fits when none is tagged
    keep_recent_openers(state.workspace, [choice.id, *suggested][:10])
    return choice


def marked(state: State, today: date, what: str, target: str, note: str, until: str) -> Marked:
    """Record in followups.toml a dismissal or a snooze of what `target` names: the oldest
    open item of a person (one not lapsed, if any), or every open item an entry opened."""
    from habits.app.views import Marked
    from habits.core.when import parse_day
    from habits.store.followups import Mark, add_mark

    shown = {d.key: d.person for d in due_as_of(state, today, lapsed=True)}
    items = _open_for(state, today, target, shown)
    day = today
    if what == "snooze":
        day = parse_day(until, today)
        if day <= today:
            raise HabitsError(
                f"--until {day} is not after today",
                f"give a later day, e.g. --until {today.fromordinal(today.toordinal() + 7)}",
            )
    if what == "snooze" and all(item.due == day for item in items):
        raise HabitsError(f"that is due on {day} already", "give another day, or leave it")
    for item in items:
        name = shown.get(item.person) or state.directory.names.get(item.person, item.person)
        add_mark(state.workspace, Mark(what, item.opened_by, name, item.kind, day, note))
    dues = [
        Due(shown.get(i.person, i.person), i.person, i.kind, i.opened_by, i.opened_on, i.due)
        for i in items
    ]
    return Marked(what, dues, day)


def _open_for(state: State, today: date, target: str, shown: dict[str, str]) -> list[FollowUp]:
    """The open items `target` names: a person's oldest, or all an entry opened (`shown`:
    each person's name, by key, as `due` shows it)."""
    from habits.core.people import near_misses, or_list

    contacts = state.contacts()
    if not contacts.covers(today):  # an entry dated after today: what a score of today shows
        card = state.score(today)
        items = [f for f in card.follow_up_items if f.closed_on is None]
    else:
        items = contacts.open_items(lapsed=True)
    key = state.directory.key(target)
    mine = [i for i in items if i.person == key]
    if mine:
        return [([i for i in mine if not i.lapsed(today)] or mine)[0]]
    wanted = target.strip()
    opened = [i for i in items if len(wanted) >= 4 and i.opened_by.startswith(wanted)]
    if len({i.opened_by for i in opened}) > 1:
        raise HabitsError(f"'{target}' starts several entry ids", "give more of it")
    if opened:
        return opened
    names = {i.person: shown.get(i.person, i.person) for i in items}
    close = near_misses(target, names)
    hint = f"did you mean {or_list(close)}?" if close else "`habits due --all` lists what is open"
    short = [i.opened_by for i in items if wanted and i.opened_by.startswith(wanted)]
    if short and len(wanted) < 4:  # a shorter start could be a name's: ids need four
        by_id = f"give at least 4 characters of the id, e.g. {short[0][:4]}"
        hint = f"{hint} Or {by_id}" if close else by_id
    raise HabitsError(f"nothing open with '{target}' (a person or an entry id)", hint)
