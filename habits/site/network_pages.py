"""The personal site's network pages: People, Follow-ups and Wins (private: the site is yours)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from habits.core.model import Pack
from habits.core.network import Network
from habits.core.when import said
from habits.site import figures
from habits.site.html import chart, day, h, page, table
from habits.site.person_pages import Places, linked_name
from habits.site.wins_figures import FEW, conversion, win_funnel

Href = Callable[[str], str]  # a link from this page to another


RECENT_PEOPLE = timedelta(days=90)  # the People page's table: in touch this recently


def people_page(pack: Pack, net: Network, where: Places, letters: str, href: Href) -> str:
    """Everyone met, by name, and the people in touch lately: private, like the rest of this
    site (it is yours alone). `letters` links to the pages by name."""
    titles = {a.id: a.title for a in pack.actions.values()}
    body = [
        "<h1>People</h1>",
        f"<p>{len(net.people):,} people. This page names them: it is for you, not for sharing.</p>",
    ]
    if not net.people:
        return page("People", [*body, "<p>Nobody yet.</p>"])
    recent = [p for p in net.people if p.last.day > net.as_of - RECENT_PEOPLE]
    body += [
        "<h2>By name</h2>",
        letters,
        f"<h2>In touch in the last 90 days ({len(recent):,})</h2>",
    ]
    if not recent:
        body.append("<p>Nobody lately: find everyone by name above.</p>")
    rows = []
    for p in recent:  # the network lists the most recent contact first
        venue = f" @ {p.first.where}" if p.first.where else ""
        first = (
            f"{said(p.first.day, '%d %b %Y')} · {titles.get(p.first.action, p.first.action)}{venue}"
        )
        follow = ""
        if p.open_follow_up is not None:
            late = " (overdue)" if p.open_follow_up.overdue(net.as_of) else ""
            follow = f"by {said(p.open_follow_up.due, '%d %b')}{late}"
        rows.append(
            (
                linked_name(p, where, href),
                h(first),
                day(p.last.day),
                str(p.touches),
                h(follow),
                str(p.wins or ""),
            )
        )
    if rows:
        head = ("Name", "First met", "Last contact", "Touches", "Follow-up", "Wins")
        body += table(head, rows)
    return page("People", body)


DUE_TEXT = {
    "follow-up": "Follow up with {}",
    "did-they-meet": "Ask {} whether they met",
    "keep-in-touch": "Keep in touch with {}",
}


def late_text(days: int) -> str:
    """How a due day stands: `days` from today to it (negative: late)."""
    if days < 0:
        return f'<strong class="habits-risk">{-days} day{"s" if days < -1 else ""} late</strong>'
    return "due today" if days == 0 else f"{days} day{'s' if days > 1 else ''} left"


def due_page(net: Network) -> str:
    body = ["<h1>Follow-ups</h1>"]
    if not net.due:
        return page("Follow-ups", [*body, "<p>Nothing due. Every follow-up is done.</p>"])
    body.append("<p>Oldest first. A follow-up more than 14 days late has lapsed.</p>")
    body.append('<ul class="habits-due">')
    for item in net.due:
        when = late_text((item.due - net.as_of).days)
        what = DUE_TEXT.get(item.kind, "{}").format(h(item.person))
        body.append(
            f"<li>{when} · {what} <small>(since {said(item.opened_on, '%d %b')})</small></li>"
        )
    body.append("</ul>")
    return page("Follow-ups", body)


def wins_page(pack: Pack, net: Network) -> tuple[str, dict[str, figures.Figure]]:
    charts = {
        "funnel": win_funnel(net),
        "by-where": conversion(net.conversion.by_where, "venue"),
        "by-action": conversion(
            {pack.actions[a].title if a in pack.actions else a: r
             for a, r in net.conversion.by_action.items()},
            "action",
        ),
        "by-opener": conversion(net.conversion.by_opener, "opener"),
    }  # fmt: skip
    labels = {
        "funnel": "From first touch to win: people met, followed up, became a win",
        "by-where": "Which venues lead to wins",
        "by-action": "Which first actions lead to wins",
        "by-opener": "Which openers lead to wins",
    }
    rate = (
        "A bar is the share of the people you first met that way who became a win: "
        '"n of N" people, N also in its label. '
        f"Grey bars come from fewer than {FEW} people: too few to tell."
    )
    captions = {
        "funnel": "People, not entries: each stage counts people, with the share of everyone met.",
        "by-where": rate,
        "by-action": rate,
        "by-opener": rate,
    }
    kinds = " · ".join(f"{h(k)} {n}" for k, n in net.by_kind().items())
    body = ["<h1>Wins</h1>", f"<p>{len(net.wins)} wins{': ' + kinds if kinds else ''}</p>"]
    if net.median_touches is not None and net.median_days is not None:
        counted = sum(1 for w in net.wins if w.first_touch is not None)
        body.append(
            f"<p>A win takes a median of {net.median_touches:g} touches and "
            f"{net.median_days:g} days from the first (over {counted} "
            f"{'win' if counted == 1 else 'wins'} with a first touch).</p>"
        )
    for name, figure in charts.items():
        body += [
            f"<h2>{h(labels[name])}</h2>",
            chart(name, figure, labels[name], h(captions[name]) if figure["data"] else ""),
        ]
    if net.wins:
        titles = {a.id: a.title for a in pack.actions.values()}
        rows = []
        for win in reversed(net.wins):
            first = win.first_touch
            touch = (
                f"{said(first.day, '%d %b %Y')} · {titles.get(first.action, first.action)}"
                + (f" @ {first.where}" if first.where else "")
                if first
                else "none before"
            )
            rows.append(
                (day(win.day), h(win.kind), h(", ".join(win.people)), h(touch),
                 str(win.touches), "" if win.days is None else str(win.days))
            )  # fmt: skip
        head = ("Date", "Kind", "With", "First touch", "Touches", "Days")
        body += ["<h2>Every win</h2>", *table(head, rows)]
    return page("Wins", body), charts
