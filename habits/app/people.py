"""Who is who, as people.toml records it: merged names, keep-in-touch cadences, known contacts.

The log is never rewritten: people.toml maps names to persons at scoring time. Each use case
here is called with the workspace lock held, and rewrites people.toml in one step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from habits.app.views import Cadence, Merged, Renamed, Unmerged
from habits.core.model import person_key, tidy
from habits.core.people import known_people, near_misses, or_list
from habits.core.problems import HabitsError
from habits.store.cadence import cadence_days
from habits.store.people import (
    merge,
    people_to_rewrite,
    with_cadence,
    write_people,
)

if TYPE_CHECKING:
    from datetime import date

    from habits.store.contacts_file import ContactFile
    from habits.store.journal import Recorder
    from habits.store.loaded import State


def merge_people(state: State, merged: str, into: str) -> Merged:
    """Record `merged` as another name of `into`."""
    known = known_people(state.entries, state.directory)
    for name in (merged, into):
        if person_key(name) not in known:
            raise _nobody(name, known, "in your log or people.toml", "see `habits people`")
    if state.directory.key(merged) == state.directory.key(into):
        raise HabitsError(f"'{merged}' and '{into}' are already one person")
    people = people_to_rewrite(state.workspace)
    target = known[state.directory.key(into)]
    write_people(state.workspace, merge(people, known[person_key(merged)], target))
    return Merged(merged, target)


def set_cadence(state: State, name: str, every: str) -> Cadence:
    """Keep in touch with someone every `every` (30d, 2w, 3m...), or stop with "off"."""
    known = known_people(state.entries, state.directory)
    key = state.directory.key(name)
    if key not in known:
        raise _nobody(name, known, "in your log", "see `habits people`")
    cadence = None if every.strip().lower() == "off" else every.strip().lower()
    days = cadence_days(cadence) if cadence else None
    people = people_to_rewrite(state.workspace)
    now = next((p.cadence for p in people if person_key(p.name) == person_key(known[key])), None)
    if (cadence_days(now) if now else None) == days:
        said = f"every {days} days" if days else "no cadence"
        raise HabitsError(f"{known[key]} has {said} already", "nothing to change")
    write_people(state.workspace, with_cadence(people, known[key], cadence))
    return Cadence(known[key], days)


def rename_person(state: State, old: str, new: str, change: Recorder) -> Renamed:
    """Write `new` for `old` in every entry and in people.toml (the caller holds the lock)."""
    from habits.store.entries import rename_in_log
    from habits.store.people import renamed

    new = tidy(new)
    known = known_people(state.parsed_entries(), state.directory)
    if person_key(old) not in known:
        raise _nobody(old, known, "in your log or people.toml", "see `habits people`")
    if not new:
        raise HabitsError("the new name is empty", 'give one, e.g. "Sam Lee"')
    if person_key(new) in known and person_key(new) != person_key(old):
        if state.directory.key(new) == state.directory.key(old):
            raise HabitsError(
                f"'{tidy(new)}' is already another name of '{known[person_key(old)]}'",
                "people.toml lists a person's names; `habits people unmerge` parts one",
            )
        raise HabitsError(
            f"'{known[person_key(new)]}' is someone in your log already",
            f'to make them one person: habits people merge "{old}" "{new}"',
        )
    # Another name of a person (merged) is renamed on its own: say that name, not theirs.
    shown = known[person_key(old)] if state.directory.key(old) == person_key(old) else tidy(old)
    people = people_to_rewrite(state.workspace)
    after = renamed(people, old, new)
    named = after != people
    if not named and not any(
        person_key(n) == person_key(old) and n != new
        for entry in state.parsed_entries()
        for n in entry.with_
    ):  # nothing would change: no empty change in the journal for `undo` to take back
        raise HabitsError(f"'{new}' is written so in every entry already", "nothing to rename")
    entries = rename_in_log(state, old, new, change)
    if named:
        change.rewriting(state.workspace.people)
        write_people(state.workspace, after)
    return Renamed(shown, new, entries, named)


def unmerge_person(state: State, name: str) -> Unmerged:
    """`name` is a person of their own again (people.toml; the caller holds the lock)."""
    from habits.store.people import unmerged

    people, was = unmerged(people_to_rewrite(state.workspace), name)
    write_people(state.workspace, people)
    return Unmerged(name, was)


def _nobody(name: str, known: dict[str, str], where: str, otherwise: str) -> HabitsError:
    close = near_misses(name, known)
    hint = f"did you mean {or_list(close)}?" if close else otherwise
    return HabitsError(f"nobody called '{name}' {where}", hint)


def import_known(
    state: State, contacts: ContactFile, day: date, change: Recorder | None
) -> tuple[list[str], int]:
    """Make the contacts known people since `day` (people.toml, rewritten once; the caller
    holds the lock); without a `change` (a dry run) nothing is written. Returns the names
    that became known and how many were known already."""
    from habits.store.people import with_known

    spelled = known_people(state.entries, state.directory)
    people = people_to_rewrite(state.workspace)
    after, added, already = with_known(people, contacts.names, day, spelled)
    if added and change is not None:
        change.rewriting(state.workspace.people)
        write_people(state.workspace, after)
    return added, already
