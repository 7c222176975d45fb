"""The personal site's weekly reviews: a page a week, and the Weeks page listing them.

Each page shows one `Review`, the value `habits review --json` prints: names are shown (the
site is yours alone), every string escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from habits.core.when import said
from habits.site.html import h, page, table

if TYPE_CHECKING:
    from habits.app.review import Review
    from habits.core.network import Due

WEEKS = 52  # the weeks the Weeks page lists: a year of them
# The weeks that get a page of their own: half a year. A page is mostly the theme's frame
# (11 KB); 26 more of them were 0.45 MB of a year's site (budget 8 MB).
PAGED = 26
OVERDUE_NAMED = 5  # "the week after" names the oldest few overdue items, then counts the rest
DUE_TEXT = {
    "follow-up": "Follow up with {}",
    "did-they-meet": "Ask {} whether they met",
}

Href = Callable[[str, str], str]  # a relative link from one page to another


def week_page_name(review: Review) -> str:
    return f"weeks/{review.week_start.isoformat()}.md"


def week_title(review: Review) -> str:
    return f"Week of {said(review.week_start, '%d %b %Y')}"


def facts(review: Review) -> list[tuple[str, int]]:
    """The week's figures as the page lists them (its tests read them back)."""
    follow = review.follow_ups
    return [
        ("entries", review.entries),
        ("people met", len(review.people)),
        ("new people", len(review.new_people)),
        ("wins", len(review.wins)),
        ("follow-ups opened", follow.opened),
        ("closed on time", follow.on_time),
        ("closed late", follow.late),
        ("still open", follow.open),
        ("dismissed", follow.dismissed),
    ]


def week_pages(reviews: Sequence[Review], href: Href) -> dict[str, str]:
    """The Weeks page listing every review, and a page for each of the last PAGED (the
    reviews oldest first)."""
    if not reviews:
        return {}
    paged = reviews[-PAGED:]
    pages = {"weeks/index.md": weeks_index(reviews, len(paged), href)}
    for n, review in enumerate(paged):
        before = paged[n - 1] if n else None
        after = paged[n + 1] if n + 1 < len(paged) else None
        pages[week_page_name(review)] = week_page(review, href, before, after)
    return pages


def weeks_index(reviews: Sequence[Review], paged: int, href: Href) -> str:
    """Every review a row, newest first; the newest `paged` link to their page."""
    each = "each with its page" if paged == len(reviews) else f"the last {paged} with a page"
    body = [
        "<h1>Weeks</h1>",
        f"<p>The last {len(reviews)} complete weeks, newest first, {each} "
        "(<code>habits review --week DATE</code> looks back on any week).</p>",
    ]
    rows = []
    for n, review in enumerate(reversed(reviews)):
        title = h(week_title(review))
        if n < paged:
            title = f'<a href="{h(href("weeks/index.md", week_page_name(review)))}">{title}</a>'
        met = sum(1 for c in review.challenges if c.met)
        rows.append(
            (title, str(review.entries),
             str(len(review.people)), str(len(review.new_people)),
             str(review.follow_ups.on_time), str(len(review.wins)),
             f"{met} of {len(review.challenges)}")
        )  # fmt: skip
    head = ("Week", "Entries", "People", "New", "Follow-ups on time", "Wins", "Challenges met")
    body += table(head, rows)
    return page("Weeks", body)


def week_page(review: Review, href: Href, before: Review | None, after: Review | None) -> str:
    here = week_page_name(review)
    body = [
        f"<h1>{h(week_title(review))}</h1>",
        f"<p>{said(review.week_start, '%A %d %B')} to {said(review.week_end, '%A %d %B %Y')}. "
        "This page names people: it is for you, not for sharing.</p>",
        '<dl class="habits-facts habits-week">',
        *(f"<dt>{h(label)}</dt><dd>{value}</dd>" for label, value in facts(review)),
        "</dl>",
        "<h2>People met</h2>",
    ]
    new = set(review.new_people)
    if review.people:
        body.append('<ul class="habits-people">')
        for name in review.people:
            body.append(f"<li>{h(name)}{' <strong>new</strong>' if name in new else ''}</li>")
        body.append("</ul>")
    else:
        body.append("<p>Nobody this week.</p>")
    if review.wins:
        body += ["<h2>Wins</h2>", "<ul>"]
        body += [
            f"<li>{said(w.day, '%a %d %b')} · {h(w.kind)} with {h(', '.join(w.people))}</li>"
            for w in review.wins
        ]
        body.append("</ul>")
    body += _challenges(review, href, here)
    body += _next(review)
    links = []
    if before is not None:
        links.append(f'<a href="{h(href(here, week_page_name(before)))}">← the week before</a>')
    links.append(f'<a href="{h(href(here, "weeks/index.md"))}">every week</a>')
    if after is not None:
        links.append(f'<a href="{h(href(here, week_page_name(after)))}">the week after →</a>')
    body.append(f"<p>{' · '.join(links)}</p>")
    # Out of the search: the Weeks page lists every week by name, and the log has the rest
    return page(week_title(review), body, search=False)


def _challenges(review: Review, href: Href, here: str) -> list[str]:
    if not review.challenges:
        return []
    rows = []
    for week in review.challenges:
        link = href(here, f"challenges/{week.id}.md")
        # a month (or a once-only goal) that does not end this week is not a week it missed
        periods = f"{week.periods_met} of {week.periods}" if week.periods else "none ended"
        met = "met ✔" if week.met else "not met" if week.periods else "not due this week"
        rows.append(
            (f'<a href="{h(link)}">{h(week.title)}</a>', f"{periods} ({h(week.every)})",
             met, str(week.streak))
        )  # fmt: skip
    head = ("Challenge", "Periods met", "Met", "Streak at the week’s end")
    return ["<h2>Challenges</h2>", *table(head, rows)]


def _next(review: Review) -> list[str]:
    start, end = said(review.next_start, "%d %b"), said(review.next_end, "%d %b")
    out = [f"<h2>The week after ({start} to {end})</h2>"]
    if review.watch:
        titles = ", ".join(h(w.title) for w in review.watch)
        out.append(f"<p>Challenges to watch: {titles}.</p>")
    if review.due_next:
        # what was overdue by then is named up to a few, oldest first, then counted: the same
        # late items would otherwise fill every week's page after theirs
        late = [i for i in review.due_next if i.due < review.next_start and i.due < review.as_of]
        named = late if len(late) <= OVERDUE_NAMED + 1 else late[:OVERDUE_NAMED]
        out.append('<ul class="habits-due">')
        out += [f"<li>{_due_text(item)} (overdue)</li>" for item in named]
        if len(late) > len(named):
            out.append(f"<li>and {len(late) - len(named)} more overdue from before</li>")
        out += [f"<li>{_due_text(item)}</li>" for item in review.due_next if item not in late]
        out.append("</ul>")
    if not review.watch and not review.due_next:
        out.append("<p>Nothing was due and no challenge was behind.</p>")
    return out


def _due_text(item: Due) -> str:
    what = DUE_TEXT.get(item.kind, "{}").format(h(item.person))
    return f"{what} by {said(item.due, '%a %d %b')}"
