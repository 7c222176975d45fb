"""The personal site as Markdown pages, from one finished scorecard (never from files).

Pages are built from `habits.site.html`'s blocks, which escape every string from the person
or the pack; the People, Follow-ups and Wins pages are in `habits.site.network_pages`.
"""

from __future__ import annotations

import posixpath
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from habits.core.model import Challenge, Entry, Pack, Settings
from habits.core.network import Network, network
from habits.core.people import NOBODY, Directory
from habits.core.periods import Calendar
from habits.core.scorecard import ChallengeResult, Scorecard
from habits.core.when import said
from habits.site import figures
from habits.site.challenge_figures import challenge_history, history_caption
from habits.site.home_page import (
    PERIOD,
    badges_block,
    challenges_block,
    days_table,
    due_block,
    entries_table,
    last_week_block,
    strength_text,
    week_so_far_block,
)
from habits.site.html import bar, chart, h, page, table
from habits.site.network_pages import due_page, people_page, wins_page
from habits.site.person_pages import letters_line, person_pages
from habits.site.week_pages import week_page_name, week_pages, week_title

if TYPE_CHECKING:
    from habits.app.review import Review

RECENT_ENTRIES = 10
RECENT_PERIODS = 12
EVERY = {"day": "a day", "week": "a week", "month": "a month", "once": "in all"}


class Site(NamedTuple):
    """What the renderer needs: a finished scorecard, and the pack and settings behind it."""

    card: Scorecard
    pack: Pack
    settings: Settings
    people: Directory = NOBODY
    reviews: tuple[Review, ...] = ()  # the complete weeks that get a page, oldest first
    net: Network | None = None  # the card's network, when folded already (else folded here)


class Links:
    """Page URLs as MkDocs makes them, so raw-HTML links work with either URL style."""

    def __init__(self, directory_urls: bool) -> None:
        self.directory_urls = directory_urls

    def url(self, page: str) -> str:
        stem = page.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            folder = stem.removesuffix("index")
            return folder if self.directory_urls else folder + "index.html"
        return stem + "/" if self.directory_urls else stem + ".html"

    def href(self, source: str, target: str) -> str:
        """A relative link from one page to another."""
        here, there = self.url(source), self.url(target)
        base = here if here.endswith("/") or not here else posixpath.dirname(here)
        relative = posixpath.relpath(there or ".", base.rstrip("/") or ".")
        if not there or there.endswith("/"):
            relative = "./" if relative == "." else relative + "/"
        return relative


def rule_in_words(challenge: Challenge, pack: Pack) -> str:
    """A challenge's rule as a sentence (plain text; escape it where it is shown)."""
    names = sorted(pack.actions[a].title if a in pack.actions else a for a in challenge.actions)
    what = " or ".join(f"“{n}”" for n in names)
    every, target = EVERY[challenge.every], challenge.target
    if challenge.measure == "people":
        measure = f"with {target} different {_people(target)} {every}"
    elif challenge.measure == "new-people":  # not "...had not met before a month"
        measure = f"with {target} {_people(target)} {every} you had not met before"
    else:
        measure = ("once" if target == 1 else f"{target} times") + f" {every}"
    parts = [f"Log {what} {measure}"]
    if challenge.where:
        parts.append("at " + " or ".join(sorted(challenge.where)))
    if challenge.tags:
        parts.append("tagged " + " or ".join(sorted(challenge.tags)))
    if challenge.after:
        earlier = " or ".join(
            f"“{pack.actions[a].title if a in pack.actions else a}”"
            for a in sorted(challenge.after)
        )
        days = "a day" if challenge.within_days == 1 else f"{challenge.within_days} days"
        parts.append(f"within {days} of {earlier} with the same person")
    if challenge.start or challenge.end:
        span = f"from {said(challenge.start, '%d %b %Y')}" if challenge.start else ""
        span += f" until {said(challenge.end, '%d %b %Y')}" if challenge.end else ""
        parts.append(span.strip())
    sentence = ", ".join(parts) + "."
    if challenge.points:
        when = "once" if challenge.every == "once" else f"each {challenge.every}"
        sentence += f" Earns {_points(challenge.points)} {when} it is met"
        if challenge.streak_bonus and challenge.every != "once":
            sentence += (
                f", plus {challenge.streak_bonus} more for every {challenge.every} "
                "of the streak before it"
            )
        sentence += "."
    return sentence


def _points(n: int) -> str:
    return "1 point" if n == 1 else f"{n} points"


def _people(n: int) -> str:
    return "person" if n == 1 else "people"


def _level_block(site: Site) -> list[str]:
    card, pack = site.card, site.pack
    out = ['<section class="habits-level">']
    if card.level is not None:
        name = f" · {h(card.level_name)}" if card.level_name else ""
        out.append(f'<p class="habits-big">Level {card.level}{name}</p>')
        thresholds = sorted(pack.levels or ())
        low = thresholds[card.level - 1] if card.level else 0
        if card.next_level_at is not None:
            span = card.next_level_at - low
            out.append(bar(card.points - low, span, f"Progress to level {card.level + 1}"))
            out.append(
                f"<p>{card.next_level_at - card.points} points to level {card.level + 1}</p>"
            )
        else:
            out.append("<p>The top level: every point from here is a bonus.</p>")
    out.append(
        f'<p><strong class="habits-big">{card.points:,}</strong> points · '
        f"{card.people} {_people(card.people)} met · as of {said(card.as_of, '%A %d %B %Y')}</p>"
    )
    follow = card.follow_ups
    if follow.rate is not None:
        out.append(
            f"<p>Follow-ups: {follow.on_time} of {follow.decided} on time "
            f"({follow.rate:.0%}) · {follow.open - follow.overdue} open, "
            f"{follow.overdue} late</p>"
        )
    out.append("</section>")
    return out


def home(site: Site, links: Links, calendar: Calendar, net: Network) -> str:
    """How this week is going, in the order a reader asks, then level, last week, entries."""
    card = site.card
    who = site.settings.name

    def href(target: str) -> str:
        return links.href("index.md", target)

    body = [f"<h1>{h(who + '’s progress' if who else 'Your progress')}</h1>"]
    body += week_so_far_block(card, calendar, site.people)
    body += challenges_block(card, href)
    body += due_block(net, href)
    body += badges_block(card, href)
    body += ["<h2>Level and points</h2>", *_level_block(site)]
    if site.reviews:
        review = site.reviews[-1]
        body += last_week_block(site.reviews, href, week_title(review), week_page_name(review))
    body.append("<h2>Latest entries</h2>")
    newest = list(reversed(card.entries[-RECENT_ENTRIES:]))
    body += entries_table(site.pack, card.capped, newest, calendar, card.as_of)
    body.append(f'<p><a href="{h(href("log/index.md"))}">The whole log</a></p>')
    return page("Home", body)


PROGRESS_HEADINGS = {
    "points": "Points each week and in all",
    "calendar": "Activity over the last year: entries a day",
    "network": "Network growth: new people each week and everyone met",
    "strength": "Strength of your strongest challenges",
    "actions": "Mix by action",
    "venues": "Mix by venue",
}


def progress(
    site: Site, calendar: Calendar, links: Links | None = None
) -> tuple[str, dict[str, figures.Figure]]:
    charts = figures.overview(site.card, site.pack, calendar, site.people)
    captions = {
        "points": _weekly_caption(charts["points"], "points"),
        "network": _weekly_caption(charts["network"], "new people"),
        "strength": _strength_caption(site, links or Links(False)),
    }
    body = ["<h1>Progress</h1>"]
    for name, figure in charts.items():
        label = PROGRESS_HEADINGS[name]
        body.append(f"<h2>{h(label)}</h2>")
        body.append(chart(name, figure, label, captions.get(name, "")))
    return page("Progress", body), charts


def _weekly_caption(figure: figures.Figure, what: str) -> str:
    """Says when a weekly chart's older bars are a month's weekly average (else nothing)."""
    weekly = figures.weeks_since(figure)
    if weekly is None:
        return ""
    return h(
        f"Before {said(weekly, '%d %b %Y')}, a lighter bar is the {what} of an average week of its "
        "month; the line is the total so far (right axis)."
    )


def _strength_caption(site: Site, links: Links) -> str:
    """Which challenges the strength chart leaves out, each linked to its own page."""
    drawn = figures.strongest(site.card)
    if len(drawn) <= figures.STRENGTH_LINES:
        return ""
    rest = sorted(drawn[figures.STRENGTH_LINES :], key=lambda r: r.title)
    named = ", ".join(
        f'<a href="{h(links.href("progress.md", f"challenges/{r.id}.md"))}">{h(r.title)}</a>'
        for r in rest
    )
    return (
        f"The {figures.STRENGTH_LINES} strongest of {len(drawn)} challenges today. "
        f"Each of the others has its strength on its own page: {named}."
    )


def challenges_index(site: Site, links: Links) -> str:
    rows = []
    for result in site.card.challenges:
        link = links.href("challenges/index.md", f"challenges/{result.id}.md")
        progress = f"{result.progress}/{result.target}" + (" ✔" if result.met else "")
        rows.append(
            (f'<a href="{h(link)}">{h(result.title)}</a>', progress, str(result.streak),
             str(result.best_streak), h(strength_text(result)), f"{result.points:,}")
        )  # fmt: skip
    head = ("Challenge", "This period", "Streak", "Best", "Strength", "Points")
    return page("Challenges", ["<h1>Challenges</h1>", *table(head, rows)])


def challenge_page(site: Site, result: ChallengeResult) -> tuple[str, figures.Figure]:
    challenge = result.challenge
    calendar = Calendar(site.settings)
    figure = challenge_history(result, calendar, site.card.as_of)
    body = [
        f"<h1>{h(result.title)}</h1>",
        f'<p class="habits-rule">{h(rule_in_words(challenge, site.pack))}</p>',
    ]
    if challenge.description:
        body.append(f"<p>{h(challenge.description)}</p>")
    body.append('<dl class="habits-facts">')
    facts = [
        (
            PERIOD[challenge.every],
            f"{result.progress}/{result.target}" + (" ✔" if result.met else ""),
        ),
        ("streak", f"{result.streak}" + (" (at risk)" if result.at_risk else "")),
        ("best streak", str(result.best_streak)),
        ("strength", strength_text(result) or "n/a"),
        ("points earned", f"{result.points:,}"),
    ]
    body += [f"<dt>{h(k)}</dt><dd>{h(v)}</dd>" for k, v in facts]
    body.append("</dl>")
    if result.current is not None:
        body.append(bar(result.progress, result.target, f"{result.title}: progress", result.met))
    body.append("<h2>History</h2>")
    caption = h(history_caption(result, calendar, site.card.as_of))
    body.append(
        chart(f"history-{result.id}", figure, f"{result.title}: each period and strength", caption)
    )
    recent = list(reversed(result.periods[-RECENT_PERIODS:]))
    if recent:
        rows = []
        for period in recent:
            state = (
                "met ✔"
                if period.met
                else "open"
                if period.open
                else "rested"
                if period.paused
                else "missed"
            )
            rows.append((period_words(period.start, period.end, challenge.every),
                         str(period.count), state))  # fmt: skip
        body += table(("Period", "Count", "Result"), rows, stack=False)
    return page(result.title, body), figure


def period_words(start: date, end: date, every: str) -> str:
    """A period as the site says days: "Mon 16 – Sun 22 Nov 2026", "November 2026"."""
    if every == "month" and start.day == 1:
        return f"{start:%B %Y}"
    if start == end:
        return said(start, "%a %d %b %Y")
    if every == "once":
        return f"since {said(start, '%a %d %b %Y')}"
    first = said(start, "%a %d") if (start.year, start.month) == (end.year, end.month) else (
        said(start, "%a %d %b") if start.year == end.year else said(start, "%a %d %b %Y")
    )  # fmt: skip
    return f"{first} – {said(end, '%a %d %b %Y')}"


def badges(site: Site) -> str:
    card = site.card
    earned = sorted((b for b in card.badges if b.earned), key=lambda b: (b.earned, b.id))
    locked = [b for b in card.badges if not b.earned]
    locked.sort(key=lambda b: -(b.value / b.badge.threshold if b.badge.threshold else 0))
    body = ["<h1>Badges</h1>", f"<h2>Earned ({len(earned)} of {len(card.badges)})</h2>"]
    if earned:
        body.append('<ul class="habits-badges">')
        for b in earned:
            assert b.earned is not None
            body.append(
                f"<li>🏅 <strong>{h(b.title)}</strong> · earned {said(b.earned, '%d %b %Y')}"
                f"<br><small>{h(b.badge.description)}</small></li>"
            )
        body.append("</ul>")
    else:
        body.append("<p>None yet: the first ones come quickly.</p>")
    body.append("<h2>Still locked</h2>")
    if locked:
        body.append('<ul class="habits-badges">')
        for b in locked:
            body.append(
                f"<li><strong>{h(b.title)}</strong> · {b.value:,} of {b.badge.threshold:,}"
                f"<br><small>{h(b.badge.description)}</small>"
                + bar(b.value, b.badge.threshold, f"{b.title}: progress")
                + "</li>"
            )
        body.append("</ul>")
    else:
        body.append("<p>Every badge is yours.</p>")
    return page("Badges", body)


def months(card: Scorecard, calendar: Calendar) -> dict[date, list[Entry]]:
    """Entries by local calendar month, newest month first, newest entry first."""
    by_month: dict[date, list[Entry]] = {}
    for entry in card.entries:
        first = calendar.local(entry.at).date().replace(day=1)
        by_month.setdefault(first, []).append(entry)
    return {m: list(reversed(by_month[m])) for m in sorted(by_month, reverse=True)}


def log_pages(site: Site, links: Links, calendar: Calendar) -> dict[str, str]:
    """The log: an index by year, a page per year listing its months, a page per month.

    The navigation lists a year's months only on that year's pages, so a page's HTML holds a
    few dozen links however long the history (not one for every month of it).
    """
    grouped = months(site.card, calendar)
    years: dict[int, dict[date, list[Entry]]] = {}
    for month, entries in grouped.items():
        years.setdefault(month.year, {})[month] = entries
    index = ["<h1>Log</h1>", f"<p>{len(site.card.entries):,} entries, newest first.</p>"]
    out = {}
    for year, its_months in years.items():
        count = sum(len(entries) for entries in its_months.values())
        year_page = f"log/{year}/index.md"
        index.append(f'<h2><a href="{h(links.href("log/index.md", year_page))}">{year}</a></h2>')
        if len(years) > 1:  # one year's count is the log's, said above
            index.append(f"<p>{count:,} {_entries(count)}</p>")
        index += _month_list(its_months, links, "log/index.md")
        body = [f"<h1>{year}</h1>", f"<p>{count:,} {_entries(count)}, newest first.</p>"]
        out[year_page] = page(str(year), body + _month_list(its_months, links, year_page))
    if not grouped:
        index.append("<p>Nothing logged yet.</p>")
    for month, entries in grouped.items():
        shown = days_table(site.pack, site.card.capped, entries, calendar)
        body = [f"<h1>{month:%B %Y}</h1>", *shown]
        out[f"log/{month:%Y-%m}.md"] = page(f"{month:%B %Y}", body)
    return {"log/index.md": page("Log", index), **out}


def _month_list(grouped: dict[date, list[Entry]], links: Links, source: str) -> list[str]:
    items = [
        f'<li><a href="{h(links.href(source, f"log/{month:%Y-%m}.md"))}">{month:%B %Y}</a>'
        f" · {len(entries)} {_entries(len(entries))}</li>"
        for month, entries in grouped.items()
    ]
    return ["<ul>", *items, "</ul>"]


def _entries(n: int) -> str:
    return "entry" if n == 1 else "entries"


class Rendered(NamedTuple):
    pages: dict[str, str]  # path under the docs folder -> Markdown
    figures: dict[str, figures.Figure]  # chart name -> figure (what the golden tests compare)


def render(site: Site, directory_urls: bool = False) -> Rendered:
    """Every page of the personal site, and the figures they draw."""
    calendar = Calendar(site.settings)
    links = Links(directory_urls)
    net = site.net or network(site.card, site.pack, site.settings, site.people)
    pages = {"index.md": home(site, links, calendar, net)}
    pages["progress.md"], charts = progress(site, calendar, links)
    pages["challenges/index.md"] = challenges_index(site, links)
    for result in site.card.challenges:
        pages[f"challenges/{result.id}.md"], charts[f"history-{result.id}"] = challenge_page(
            site, result
        )
    pages["badges.md"] = badges(site)
    people, where = person_pages(site.card, site.pack, net, site.people, calendar, links.href)
    letters = letters_line(sorted(people, key=lambda p: (p.endswith("/other.md"), p)),
                           "people.md", links.href)  # fmt: skip
    pages["people.md"] = people_page(
        site.pack, net, where, letters, lambda target: links.href("people.md", target)
    )
    pages.update(people)
    pages["due.md"] = due_page(net)
    pages["wins.md"], wins = wins_page(site.pack, net)
    charts.update({f"wins-{name}": figure for name, figure in wins.items()})
    pages.update(log_pages(site, links, calendar))
    pages.update(week_pages(site.reviews, links.href))
    return Rendered(pages, charts)
