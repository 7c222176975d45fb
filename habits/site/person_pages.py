"""The personal site's pages about people: one a letter, a section a person (private).

A page per person would cost the build ~12 ms each, and a year's log meets ~700 people: so
the people of a letter share a page, each with a section of their own (first met, the latest
touches, follow-ups, wins) that the People page and the search link to. A section is kept for
everyone in touch in the last year or with a follow-up open; the letter's others are listed
in a line each. Each page thus grows with a year's contacts, never with the whole history.
This is the personal site only: the team's renderer makes no such page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from habits.core.followups import MEET_CHECK, FollowUp
from habits.core.model import Entry, Pack
from habits.core.network import Network, Person, Win
from habits.core.people import Directory
from habits.core.periods import Calendar
from habits.core.scorecard import Scorecard
from habits.core.when import said
from habits.site.html import h, page

RECENT = timedelta(days=365)  # in touch this recently: a section of their own
TOUCHES_SHOWN = 10  # the latest touches in a section; the log holds every one
FOLLOW_UPS_SHOWN = 5
OTHER = "other"  # the page of names that start with no letter from a to z

Href = Callable[[str, str], str]  # a relative link from one page to another


class Places(NamedTuple):
    """Where each person is told about: a page and, for those with a section, its anchor."""

    page: dict[str, str]  # person key -> people/<letter>.md
    anchor: dict[str, str]  # person key -> the id of their section (only those with one)

    def target(self, key: str) -> str | None:
        """The page and anchor of a person's section ("people/a.md#p-ada"), if they have one."""
        anchor = self.anchor.get(key)
        return f"{self.page[key]}#{anchor}" if anchor else None


def letter(name: str) -> str:
    """The page a name is filed under: its first letter, accents dropped ("É" -> "e")."""
    for char in unicodedata.normalize("NFKD", name.strip()):
        if "a" <= char.lower() <= "z":
            return char.lower()
        if not unicodedata.combining(char):
            break
    return OTHER


def slug(name: str) -> str:
    """An id made of a name's letters and digits ("Zoë O'Neil" -> "zoe-o-neil")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    return "-".join(words)


def places(net: Network) -> Places:
    """Each person's page, and the anchors of those with a section (unique in their page)."""
    pages: dict[str, str] = {}
    anchors: dict[str, str] = {}
    taken: set[tuple[str, str]] = set()
    for person in sorted(net.people, key=lambda p: (p.name.casefold(), p.key)):
        where = f"people/{letter(person.name)}.md"
        pages[person.key] = where
        if not has_section(person, net.as_of):
            continue
        base = "p-" + (slug(person.name) or "person")
        anchor, n = base, 1
        while (where, anchor) in taken:
            n += 1
            anchor = f"{base}-{n}"
        taken.add((where, anchor))
        anchors[person.key] = anchor
    return Places(pages, anchors)


def has_section(person: Person, today: date) -> bool:
    return person.last.day > today - RECENT or person.open_follow_up is not None


def person_pages(
    card: Scorecard, pack: Pack, net: Network, people: Directory, calendar: Calendar, href: Href
) -> tuple[dict[str, str], Places]:
    """A page a letter, and where each person is on them."""
    where = places(net)
    if not net.people:
        return {}, where
    touches = _touches(card, people, set(where.anchor))
    follow_ups: dict[str, list[FollowUp]] = {}
    for item in card.follow_up_items:
        if item.person in where.anchor:
            follow_ups.setdefault(item.person, []).append(item)
    wins = {w.id: w for w in net.wins}
    by_page: dict[str, list[Person]] = {}
    for person in sorted(net.people, key=lambda p: (p.name.casefold(), p.key)):
        by_page.setdefault(where.page[person.key], []).append(person)
    index = sorted(by_page, key=lambda p: (p.endswith(f"/{OTHER}.md"), p))
    pages = {}
    for name in index:
        body = [f"<h1>People: {h(_letter_title(name))}</h1>", letters_line(index, name, href)]
        body.append(
            "<p>In touch in the last year or with a follow-up open: a section each, newest "
            f'touch first (the <a href="{h(href(name, "people.md"))}">People</a> page lists '
            "who you met lately). This page names people: it is for you, not for sharing.</p>"
        )
        older = []
        for person in by_page[name]:
            anchor = where.anchor.get(person.key)
            if anchor is None:
                older.append(person)
                continue
            mine = touches.get(person.key, [])
            body += _section(person, anchor, mine, follow_ups.get(person.key, []), wins, pack,
                             people, calendar, net.as_of)  # fmt: skip
        if older:
            body += ["<h2>Not in touch for a year</h2>", '<ul class="habits-people-older">']
            body += [
                f"<li>{h(p.name)} · met {said(p.first.day, '%d %b %Y')} · "
                f"last {said(p.last.day, '%d %b %Y')} · "
                f"{_touches_text(p.touches)}</li>"
                for p in older
            ]
            body.append("</ul>")
        pages[name] = page(f"People: {_letter_title(name)}", body)
    return pages, where


def letters_line(index: Sequence[str], here: str, href: Href) -> str:
    """Links to every letter's page (the current one marked, not linked)."""
    items = []
    for name in index:
        shown = h(_letter_title(name))
        if name == here:
            items.append(f'<strong aria-current="page">{shown}</strong>')
        else:
            items.append(f'<a href="{h(href(here, name))}">{shown}</a>')
    return f'<nav class="habits-letters" aria-label="People by name">{" ".join(items)}</nav>'


def _letter_title(name: str) -> str:
    stem = name.removeprefix("people/").removesuffix(".md")
    return "Other" if stem == OTHER else stem.upper()


def _touches(card: Scorecard, people: Directory, keys: set[str]) -> dict[str, list[Entry]]:
    """The latest touches of each person in `keys`, newest first."""
    found: dict[str, list[Entry]] = {}
    for entry in reversed(card.entries):
        for key in dict.fromkeys(people.key(name) for name in entry.with_):
            if key in keys:
                mine = found.setdefault(key, [])
                if len(mine) < TOUCHES_SHOWN:
                    mine.append(entry)
    return found


def _touches_text(n: int) -> str:
    return "1 touch" if n == 1 else f"{n:,} touches"


def _section(
    person: Person,
    anchor: str,
    touches: Sequence[Entry],
    follow_ups: Sequence[FollowUp],
    wins: dict[str, Win],
    pack: Pack,
    people: Directory,
    calendar: Calendar,
    today: date,
) -> list[str]:
    first = person.first
    venue = f" @ {h(first.where)}" if first.where else ""
    facts = [
        f"First met {_day(first.day)} ({h(_title(pack, first.action))}{venue})",
        f"last contact {_day(person.last.day)}",
        _touches_text(person.touches),
    ]
    if person.wins:
        facts.append("1 win" if person.wins == 1 else f"{person.wins} wins")
    if person.cadence:
        facts.append(f"keep in touch every {person.cadence} days")
    out = [f'<h2 id="{h(anchor)}">{h(person.name)}</h2>', f"<p>{' · '.join(facts)}</p>"]
    shown = (
        f"The latest {len(touches)} of {person.touches:,}"
        if person.touches > len(touches)
        else "Every touch"
    )
    out.append(f"<p>{shown}, newest first:</p>")
    # The search finds a person by name and the facts line, not their touches: a year of
    # them was 0.35 MB more of the index to download (notes are found on the log's pages
    # with the browser's find)
    out.append('<ul class="habits-touches" data-search-exclude>')
    for entry in touches:
        out.append(
            f"<li>{_touch(entry, person.key, people, wins.get(entry.id), pack, calendar)}</li>"
        )
    out.append("</ul>")
    if follow_ups:
        # a list, as the touches: three in one sentence ran to six lines on a phone
        items = [_follow_up(f, today) for f in follow_ups[-FOLLOW_UPS_SHOWN:]]
        out.append("<p>Follow-ups, newest first:</p>")
        out.append('<ul class="habits-touches" data-search-exclude>')
        out += [f"<li>{item[:1].upper()}{item[1:]}</li>" for item in reversed(items)]
        out.append("</ul>")
    return out


def _touch(
    entry: Entry, key: str, people: Directory, win: Win | None, pack: Pack, calendar: Calendar
) -> str:
    local = calendar.local(entry.at)
    text = _day(local.date()) + " · " + h(_title(pack, entry.action))
    if entry.where:
        text += f" @ {h(entry.where)}"
    if win is not None:
        text += f" · <strong>win: {h(win.kind)}</strong>"
    others = [name for name in entry.with_ if people.key(name) != key]
    if others:
        text += f" · with {h(', '.join(others))}"
    if entry.note:
        text += f" · {h(entry.note)}"
    return text


def _follow_up(item: FollowUp, today: date) -> str:
    what = "did they meet?" if item.kind == MEET_CHECK else "follow-up"
    opened = f"{what} from {said(item.opened_on, '%d %b %Y')}"
    if item.closed_on is not None:
        state = "done on time" if item.on_time else "done late"
        return f"{opened}, {state} on {said(item.closed_on, '%d %b %Y')}"
    if item.lapsed(today):
        return f"{opened}, lapsed (was due {said(item.due, '%d %b %Y')})"
    if item.overdue(today):
        return f"{opened}, late (due {said(item.due, '%d %b %Y')})"
    return f"{opened}, open (due {said(item.due, '%d %b %Y')})"


def _day(value: date) -> str:
    """A day as text: a page holds thousands, and every tag costs the build (no <time>)."""
    return said(value, "%a %d %b %Y")


def _title(pack: Pack, action: str) -> str:
    return pack.actions[action].title if action in pack.actions else action


def linked_name(person: Person, where: Places, href: Callable[[str], str]) -> str:
    """A person's name, linked to their section when they have one (escaped)."""
    target = where.target(person.key)
    if target is None:
        return h(person.name)
    path, anchor = target.split("#", 1)
    return f'<a href="{h(href(path))}#{h(anchor)}">{h(person.name)}</a>'
