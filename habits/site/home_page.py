"""The home page's parts: how this week is going, at a glance, then the latest entries.

In the order a reader asks: the week so far against the same days of last week, this week's
challenges (those at risk first), what is due today, the badges just earned. Each part takes
values (the scorecard, its network, the pack), never the files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from habits.core.model import Entry, Pack
from habits.core.network import Network
from habits.core.people import Directory
from habits.core.periods import Calendar
from habits.core.scorecard import ChallengeResult, Scorecard
from habits.core.sofar import SHORT, Span, week_so_far
from habits.core.strength import strength_word
from habits.core.when import said
from habits.site.html import bar, day, h, moment, percent, table
from habits.site.network_pages import DUE_TEXT, late_text

if TYPE_CHECKING:
    from habits.app.review import Review

Href = Callable[[str], str]  # a link from the home page to another page
PERIOD = {"day": "today", "week": "this week", "month": "this month", "once": "so far"}
JUST_EARNED_DAYS = 7
# An entry's columns; habits.css names them on a phone (a month of entries is a thousand cells)
ENTRY_COLUMNS = ("When", "What", "With", "Where", "Tags", "Note")
DUE_SHOWN = 5  # the first few due today by name; the Follow-ups page has them all


def strength_text(result: ChallengeResult) -> str:
    """Strength and the word for its band ("90% strong"; "" without a strength)."""
    if result.strength is None:
        return ""
    return f"{percent(result.strength)} {strength_word(result.strength, len(result.periods))}"


def urgency(result: ChallengeResult) -> int:
    """At risk first, then not met yet, then met."""
    return 0 if result.at_risk else 2 if result.met else 1


def week_so_far_block(card: Scorecard, calendar: Calendar, people: Directory) -> list[str]:
    """The week so far against the same days of last week, four figures side by side."""
    now, then = week_so_far(card, calendar, people)
    out = ["<h2>This week so far</h2>", f"<p>{_days(now)}, against the same days of last week "
           f"({_days(then)}).</p>", '<dl class="habits-tiles">']  # fmt: skip
    for label, value, before in (
        ("Entries", now.entries, then.entries),
        ("People met", now.people, then.people),
        ("New people", now.new_people, then.new_people),
    ):
        out.append(_tile(label, f"{value:,}", f"{before:,}", value - before))
    out.append(
        _tile(
            "Challenges met",
            f"{now.met} of {now.challenges}",
            f"{then.met} of {then.challenges}",
            now.met - then.met,
        )
    )
    out.append("</dl>")
    return out


def _days(span: Span) -> str:
    """ "Monday 16 to Friday 20 November" (or one day: "Monday 16 November")."""
    first, last = span.start, span.end
    if first == last:
        return f"{first:%A} {first.day} {first:%B}"
    month = "" if first.month == last.month else f" {first:%B}"
    return f"{first:%A} {first.day}{month} to {last:%A} {last.day} {last:%B}"


def _tile(label: str, value: str, before: str, change: int) -> str:
    trend = "the same" if change == 0 else f"{change:+,}"
    return (
        f'<div><dt>{h(label)}</dt><dd><strong class="habits-big">{h(value)}</strong> '
        f"<small>last week {h(before)} ({trend})</small></dd></div>"
    )


def challenges_block(card: Scorecard, href: Href) -> list[str]:
    """The daily and weekly challenges (at risk first, then not met, then met), then the
    monthly and once-only ones, shorter, in a group of their own."""
    current = [r for r in card.challenges if r.current is not None]
    short = sorted((r for r in current if r.challenge.every in SHORT), key=urgency)
    longer = sorted((r for r in current if r.challenge.every not in SHORT), key=urgency)
    out = ["<h2>This week’s challenges</h2>"]
    if short:
        out.append('<ul class="habits-challenges">')
        out += [_challenge(r, href, True) for r in short]
        out.append("</ul>")
    else:
        out.append("<p>No daily or weekly challenge is running.</p>")
    if longer:
        out += ["<h3>Monthly and once-only</h3>", '<ul class="habits-challenges habits-longer">']
        out += [_challenge(r, href, False) for r in longer]
        out.append("</ul>")
    return out


def _challenge(result: ChallengeResult, href: Href, with_bar: bool) -> str:
    link = href(f"challenges/{result.id}.md")
    status = PERIOD[result.challenge.every] + (" ✔" if result.met else "")
    streak = f" · streak {result.streak}" if result.streak else ""
    risk = ' · <strong class="habits-risk">streak at risk</strong>' if result.at_risk else ""
    strength = f" · strength {h(strength_text(result))}" if result.strength is not None else ""
    drawn = (
        bar(result.progress, result.target, f"{result.title}: progress", result.met)
        if with_bar
        else ""
    )
    return (
        f'<li><a href="{h(link)}">{h(result.title)}</a> '
        f"<span>{result.progress}/{result.target} {h(status)}{streak}{strength}{risk}</span>"
        f"{drawn}</li>"
    )


def due_block(net: Network, href: Href) -> list[str]:
    """What is due today or late: how many, and the first few by name."""
    today = [d for d in net.due if d.due <= net.as_of]
    out = ["<h2>Due today</h2>"]
    every = f'<a href="{h(href("due.md"))}">every follow-up</a>'
    if not today:
        later = f" {len(net.due)} coming up: see {every}." if net.due else ""
        return [*out, f"<p>Nothing due today or late.{later}</p>"]
    count = len(today)
    out.append(f"<p>{count} due today or late{':' if count <= DUE_SHOWN else ', the oldest:'}</p>")
    out.append('<ul class="habits-due">')
    for item in today[:DUE_SHOWN]:
        what = DUE_TEXT.get(item.kind, "{}").format(h(item.person))
        out.append(f"<li>{what} · {late_text((item.due - net.as_of).days)}</li>")
    out.append("</ul>")
    out.append(f"<p>See {every} ({len(net.due)} open).</p>")
    return out


def badges_block(card: Scorecard, href: Href) -> list[str]:
    fresh = [
        b
        for b in card.badges
        if b.earned and b.earned > card.as_of - timedelta(days=JUST_EARNED_DAYS)
    ]
    out = ["<h2>Badges just earned</h2>"]
    if not fresh:
        link = h(href("badges.md"))
        return [*out, f'<p>None this week. See <a href="{link}">what is close</a>.</p>']
    out.append('<ul class="habits-badges">')
    out += [
        f"<li>🏅 <strong>{h(b.title)}</strong> · {said(b.earned, '%a %d %b')}</li>"
        for b in fresh
        if b.earned
    ]
    out.append("</ul>")
    return out


def last_week_block(reviews: Sequence[Review], href: Href, title: str, page: str) -> list[str]:
    """The latest complete week in a line, linked to its review and to every week's."""
    if not reviews:
        return []
    review = reviews[-1]
    people = len(review.people)
    return [
        "<h2>Last week</h2>",
        f'<p><a href="{h(href(page))}">{h(title)}</a>: {review.entries} entries, {people} '
        f"{'person' if people == 1 else 'people'} met ({len(review.new_people)} new), "
        f"{sum(1 for c in review.challenges if c.met)} of {len(review.challenges)} challenges "
        f'met. <a href="{h(href("weeks/index.md"))}">Every week</a></p>',
    ]


def entries_table(
    pack: Pack,
    capped: frozenset[str],
    entries: Sequence[Entry],
    calendar: Calendar,
    this_year: date | None = None,
) -> list[str]:
    """Entries as a table, dates short (the year only when not `this_year`'s)."""
    if not entries:
        return ["<p>Nothing logged yet.</p>"]
    rows = []
    for entry in entries:
        local = calendar.local(entry.at)
        year = this_year is not None and local.year != this_year.year
        rows.append((moment(entry.at, local, year), *_entry_cells(pack, capped, entry)))
    return table(ENTRY_COLUMNS, rows, kind="habits-entries")


def days_table(
    pack: Pack, capped: frozenset[str], entries: Sequence[Entry], calendar: Calendar
) -> list[str]:
    """A month of entries as one table, a row group a day: the day heads its group and each
    row gives only the time (a year of rows is 0.15 MB smaller than a date on every row).

    Left out of the site's search (`data-search-exclude`): a year of rows would be a third
    of its index, and the People pages find a person by name.
    """
    out = [
        '<table class="habits-table habits-stack habits-entries" data-search-exclude>',
        "<thead><tr>"
        + "".join(f'<th scope="col">{name}</th>' for name in ENTRY_COLUMNS)
        + "</tr></thead>",
    ]
    shown: date | None = None
    for entry in entries:
        local = calendar.local(entry.at)
        if local.date() != shown:
            if shown is not None:
                out.append("</tbody>")
            shown = local.date()
            out.append(
                f'<tbody><tr class="habits-day"><th colspan="{len(ENTRY_COLUMNS)}" '
                f'scope="rowgroup">{day(shown, year=False)}</th></tr>'
            )
        cells = "".join(f"<td>{cell}</td>" for cell in _entry_cells(pack, capped, entry))
        out.append(f"<tr><td>{local:%H:%M}</td>{cells}</tr>")
    if shown is not None:
        out.append("</tbody>")
    return [*out, "</table>"]


def _entry_cells(pack: Pack, capped: frozenset[str], entry: Entry) -> tuple[str, ...]:
    """What, with, where, tags and note of an entry, escaped."""
    action = pack.actions.get(entry.action)
    title = action.title if action is not None else entry.action
    note = " (daily cap: no points)" if entry.id in capped else ""
    return (
        h(title) + note,
        h(", ".join(entry.with_)),
        h(entry.where),
        h(", ".join(entry.tags)),
        h(entry.note),
    )
