"""Who is who: names as people type them, aliases and merges, and near misses.

A person is a key (`person_key`: case and spaces do not matter). people.toml can say that
several keys are one person (aliases, `habits people merge`); the log itself is never
rewritten, the directory maps every key to its person at scoring time.
"""

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from habits.core.model import Entry, person_key

SIMILAR = 0.8  # difflib ratio from which two names look like one person mistyped
_DIGITS = re.compile(r"\d+")


class Directory(NamedTuple):
    """The people file, resolved: keys to persons, names to show, keep-in-touch cadences,
    known contacts."""

    aliases: dict[str, str] = {}  # noqa: RUF012 - person key -> the person's key (merges)
    names: dict[str, str] = {}  # noqa: RUF012 - a person's key -> the name to show
    cadence: dict[str, int] = {}  # noqa: RUF012 - a person's key -> keep in touch every N days
    # the people imported as known contacts (`habits people import`), by their key: never
    # "new people" for challenges, badges and boards, since you knew them before you logged
    known: frozenset[str] = frozenset()

    def key(self, name: str) -> str:
        """The person a typed name means."""
        key = person_key(name)
        return self.aliases.get(key, key)


NOBODY = Directory()


def near_misses(name: str, known: Mapping[str, str], limit: int = 3) -> list[str]:
    """Known people the name probably means, when it is not one of them exactly.

    `known` maps person keys to the names to show. A near miss is a name whose words start
    the words of a known name or are started by them ("Sam" and "Sam Lee", "Sam L" and
    "Sam Lee"), or a name spelled almost alike ("Jon" and "John", "Alice Moreu" and
    "Alice Moreau"). An exact key is never a miss.
    """
    key = person_key(name)
    if not key or key in known:
        return []
    from difflib import get_close_matches  # only when a name is new: it costs a few ms

    words = key.split()
    found: dict[str, str] = {}
    for other, shown in known.items():
        if _abbreviates(words, other.split()) and not _numbered(key, other):
            found[other] = shown
    for other in get_close_matches(key, list(known), n=limit, cutoff=SIMILAR):
        if not _numbered(key, other):
            found.setdefault(other, known[other])
    return sorted(found.values(), key=str.casefold)[:limit]


def _numbered(key: str, other: str) -> bool:
    """Names that differ only in their numbers are told apart on purpose ("Guest 1", "Guest 10")."""
    return _DIGITS.sub("", key) == _DIGITS.sub("", other)


def _abbreviates(words: list[str], other: list[str]) -> bool:
    """One name's words start the other's, word by word ("sam" / "sam lee", "s lee" / "sam lee")."""
    short, long = (words, other) if len(words) <= len(other) else (other, words)
    return all(b.startswith(a) for a, b in zip(short, long, strict=False))


def or_list(names: Iterable[str]) -> str:
    """'A', 'A or B', 'A, B or C'."""
    items = list(names)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def known_people(
    entries: Iterable[Entry],
    people: Directory | None = None,
    known: dict[str, str] | None = None,
) -> dict[str, str]:
    """Every name a person is known by (key) mapped to the spelling to write for them.

    That spelling is the one people.toml gives, else the first one used in the log. With
    `known`, the names of more entries are added to it.
    """
    if known is None:
        known = {}
        if people is not None:
            known.update(people.names)
            known.update(
                {alias: people.names.get(key, alias) for alias, key in people.aliases.items()}
            )
    for entry in entries:
        for name in entry.with_:
            key = person_key(name)
            if people is not None and key in people.aliases:
                continue  # an alias is written as typed; the directory maps it
            known.setdefault(key, name)
    return known
