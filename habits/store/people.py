"""people.toml: who is who (aliases and merges) and how often to keep in touch.

The log is never rewritten for a merge: the file says which names are one person, and
scoring reads it through a `Directory`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from habits.core.model import person_key, tidy
from habits.core.people import Directory
from habits.core.problems import HabitsError, Problem
from habits.store.cadence import cadence_days
from habits.store.files import write_atomic
from habits.store.logfile import format_block

if TYPE_CHECKING:
    from habits.store.workspace import Workspace

HEADER = (
    "#:schema schema/people.json\n"
    "# Who is who: a person's other names (aliases, `habits people merge`) and how often you\n"
    "# mean to keep in touch (`habits people cadence`), known contacts and the day they were\n"
    "# imported (`habits people import`). Your log is never rewritten for these.\n"
)


class Person(NamedTuple):
    name: str
    aliases: tuple[str, ...] = ()
    cadence: str | None = None
    line: int = 0  # of its [[person]] in people.toml (0: not read from the file)
    known: date | None = None  # imported as a known contact that day: never a new person


def parse_people(ws: Workspace, raw: bytes) -> tuple[list[Person], list[Problem]]:
    """Every `[[person]]`; a damaged one is reported with its line and the others still count."""
    from habits.store.logfile import decode_log
    from habits.store.schema import PersonModel, validate_blocks

    text, damaged = decode_log(raw, ws.shown(ws.people))
    good, problems = validate_blocks(text, ws.shown(ws.people), "person", PersonModel)
    people = [
        Person(tidy(m.name), tuple(tidy(a) for a in m.aliases), m.cadence, line, m.known)
        for m, line in good
    ]
    return people, damaged + problems


def people_to_rewrite(ws: Workspace) -> list[Person]:
    """people.toml as it is, to change and write back; refused while any of it is damaged,
    since a rewrite would drop what could not be read."""
    from habits.store.reader import OddFile, read_regular

    try:
        raw = read_regular(ws.people)
    except FileNotFoundError:
        return []
    except OddFile as odd:  # a FIFO or a device would hang the read
        raise HabitsError(f"{ws.shown(ws.people)}: {odd.message}", odd.hint) from None
    people, problems = parse_people(ws, raw)
    if problems:
        raise HabitsError(str(problems[0]), "fix people.toml first (`habits check`)")
    return people


def directory(people: list[Person], shown: str) -> tuple[Directory, list[Problem]]:
    """Resolve the file: every name and alias to its person; a name claimed twice is a problem."""
    aliases: dict[str, str] = {}
    names: dict[str, str] = {}
    cadence: dict[str, int] = {}
    known: set[str] = set()
    problems = []
    for person in people:
        key = person_key(person.name)
        if key in aliases and aliases[key] != key:
            other = names[aliases[key]]
            problems.append(
                Problem(
                    shown,
                    person.line,
                    f"'{person.name}' is already an alias of '{other}'",
                    f"list them once: drop this [[person]] or the alias of '{other}'",
                )
            )
            continue
        names.setdefault(key, person.name)
        aliases[key] = key
        for alias in person.aliases:
            other = aliases.setdefault(person_key(alias), key)
            if other != key:
                claim = f"'{alias}' is claimed by '{names[other]}' and '{person.name}'"
                problems.append(Problem(shown, person.line, claim, "keep it with one of them"))
        if person.cadence:
            cadence[key] = cadence_days(person.cadence)
        if person.known:
            known.add(key)
    merges = {k: v for k, v in aliases.items() if k != v}
    return Directory(merges, names, cadence, frozenset(known)), problems


def write_people(ws: Workspace, people: list[Person]) -> None:
    """Rewrite people.toml in one step (the caller holds the workspace lock)."""
    blocks = []
    for person in people:
        table: dict[str, object] = {"name": person.name}
        if person.aliases:
            table["aliases"] = list(person.aliases)
        if person.cadence:
            table["cadence"] = person.cadence
        if person.known:
            table["known"] = person.known
        blocks.append(format_block("person", table))
    write_atomic(ws.people, HEADER + "".join(blocks))


def merge(people: list[Person], merged: str, into: str) -> list[Person]:
    """`merged` becomes another name of `into`: its aliases, cadence and known date (the
    earlier of the two: one known name makes the person known) move over."""
    by_key = {person_key(p.name): p for p in people}
    gone = by_key.pop(person_key(merged), Person(merged))
    target = by_key.pop(person_key(into), Person(into))
    names = [*target.aliases, gone.name, *gone.aliases]
    aliases = tuple(dict.fromkeys(n for n in names if person_key(n) != person_key(target.name)))
    kept = [p for p in people if person_key(p.name) in by_key]
    dates = [d for d in (target.known, gone.known) if d]
    known = min(dates) if dates else None
    return [*kept, Person(target.name, aliases, target.cadence or gone.cadence, known=known)]


def with_cadence(people: list[Person], name: str, cadence: str | None) -> list[Person]:
    key = person_key(name)
    out = [p for p in people if person_key(p.name) != key]
    current = next((p for p in people if person_key(p.name) == key), Person(name))
    return [*out, current._replace(cadence=cadence)]


def renamed(people: list[Person], old: str, new: str) -> list[Person]:
    """Every name and alias that means `old` (by key) written as `new`."""
    key = person_key(old)

    def spelled(name: str) -> str:
        return new if person_key(name) == key else name

    return [
        p._replace(name=spelled(p.name), aliases=tuple(spelled(a) for a in p.aliases))
        for p in people
    ]


def unmerged(people: list[Person], name: str) -> tuple[list[Person], str]:
    """`name` is no longer another name of anyone: the people without that alias, and the
    person it was an alias of (HabitsError if it was none's)."""
    key = person_key(name)
    for n, person in enumerate(people):
        if any(person_key(a) == key for a in person.aliases):
            kept = tuple(a for a in person.aliases if person_key(a) != key)
            return [*people[:n], person._replace(aliases=kept), *people[n + 1 :]], person.name
    raise HabitsError(
        f"'{name}' is not another name of anyone in people.toml",
        "`habits people` lists everyone; merge names with `habits people merge`",
    )


def with_known(
    people: list[Person], names: list[str], day: date, spelled: dict[str, str]
) -> tuple[list[Person], list[str], int]:
    """Every name becomes a known contact since `day`: (the people after, the names that
    became known, how many were known already). A name is matched by its key against the
    names and aliases people.toml has, and written as `spelled` (the log's) spells it."""
    out = list(people)
    owner = {person_key(p.name): n for n, p in enumerate(out)}
    for n, person in enumerate(out):
        for alias in person.aliases:
            owner.setdefault(person_key(alias), n)
    added: list[str] = []
    already = 0
    done: set[str] = set()
    for name in names:
        key = person_key(name)
        if not key or key in done:
            continue  # a name twice in the file is one person
        done.add(key)
        if key not in owner:
            owner[key] = len(out)
            out.append(Person(spelled.get(key, name), known=day))
            added.append(out[-1].name)
        elif out[owner[key]].known:
            already += 1
        else:  # in people.toml for a cadence or a merge: known from now on
            out[owner[key]] = out[owner[key]]._replace(known=day)
            added.append(out[owner[key]].name)
    return out, added, already
