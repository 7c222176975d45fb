"""The personal site's network pages: People, Follow-ups and Wins (private: the site is yours)."""

from __future__ import annotations

from habits.core.model import Pack
from habits.core.network import Network
from habits.site import figures
from habits.site.html import chart, h, page
from habits.site.wins_figures import FEW, conversion, win_funnel


def people_page(pack: Pack, net: Network) -> str:
    """Everyone met: private, like the rest of this site (it is yours alone)."""
    titles = {a.id: a.title for a in pack.actions.values()}
    body = [
        "<h1>People</h1>",
        f"<p>{len(net.people):,} people, most recent contact first. This page names them: "
        "it is for you, not for sharing.</p>",
    ]
    if not net.people:
        return page("People", [*body, "<p>Nobody yet.</p>"])
    body += [
        "<table>",
        "<thead><tr><th>Name</th><th>First met</th><th>Last contact</th><th>Touches</th>"
        "<th>Follow-up</th><th>Wins</th></tr></thead>",
        "<tbody>",
    ]
    for p in net.people:
        venue = f" @ {p.first.where}" if p.first.where else ""
        first = f"{p.first.day:%d %b %Y} · {titles.get(p.first.action, p.first.action)}{venue}"
        follow = ""
        if p.open_follow_up is not None:
            late = " (overdue)" if p.open_follow_up.overdue(net.as_of) else ""
            follow = f"by {p.open_follow_up.due:%d %b}{late}"
        body.append(
            f"<tr><td>{h(p.name)}</td><td>{h(first)}</td><td>{p.last.day:%d %b %Y}</td>"
            f"<td>{p.touches}</td><td>{h(follow)}</td><td>{p.wins or ''}</td></tr>"
        )
    body += ["</tbody>", "</table>"]
    return page("People", body)


DUE_TEXT = {
    "follow-up": "Follow up with {}",
    "did-they-meet": "Ask {} whether they met",
    "keep-in-touch": "Keep in touch with {}",
}


def due_page(net: Network) -> str:
    body = ["<h1>Follow-ups</h1>"]
    if not net.due:
        return page("Follow-ups", [*body, "<p>Nothing due. Every follow-up is done.</p>"])
    body.append("<p>Oldest first. A follow-up more than 14 days late has lapsed.</p>")
    body.append('<ul class="habits-due">')
    for item in net.due:
        days = (item.due - net.as_of).days
        when = (
            f'<strong class="habits-risk">{-days} day{"s" if days < -1 else ""} late</strong>'
            if days < 0
            else "due today"
            if days == 0
            else f"{days} day{'s' if days > 1 else ''} left"
        )
        what = DUE_TEXT.get(item.kind, "{}").format(h(item.person))
        body.append(f"<li>{when} · {what} <small>(since {item.opened_on:%d %b})</small></li>")
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
        body += [
            "<h2>Every win</h2>",
            "<table>",
            "<thead><tr><th>Date</th><th>Kind</th><th>With</th><th>First touch</th>"
            "<th>Touches</th><th>Days</th></tr></thead>",
            "<tbody>",
        ]
        for win in reversed(net.wins):
            first = win.first_touch
            touch = (
                f"{first.day:%d %b %Y} · {first.action}"
                + (f" @ {first.where}" if first.where else "")
                if first
                else "none before"
            )
            body.append(
                f"<tr><td>{win.day:%d %b %Y}</td><td>{h(win.kind)}</td>"
                f"<td>{h(', '.join(win.people))}</td><td>{h(touch)}</td>"
                f"<td>{win.touches}</td><td>{'' if win.days is None else win.days}</td></tr>"
            )
        body += ["</tbody>", "</table>"]
    return page("Wins", body), charts
