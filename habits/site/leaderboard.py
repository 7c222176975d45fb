"""The team leaderboard as Markdown pages, from a finished Leaderboard (never from files).

Same rules as the personal site: raw HTML blocks with every team, member and pack string
escaped, charts as escaped `data-figure` attributes drawn by habits.js. The pages hold
handles (or opted-in display names) and figures: nothing about anyone's contacts.
"""

from __future__ import annotations

from typing import Any

from habits.site import figures
from habits.site.html import bar, chart, h, page
from habits.store.leaderboard import Leaderboard, Row

PERIOD_TITLE = {"week": "This week", "month": "This month", "season": "The season"}
COLUMNS = (
    ("points", "Points"),
    ("consistency", "Consistency"),
    ("new_people", "New people"),
    ("connector", "Connector"),
    ("follow_up_rate", "Follow-up rate"),
)


def moved(value: int | None) -> str:
    if value is None:
        return '<span title="new this week">new</span>'
    if value > 0:
        return f'<span title="up {value} since last week">▲{value}</span>'
    if value < 0:
        return f'<span title="down {-value} since last week">▼{-value}</span>'
    return '<span title="same place as last week">=</span>'


def _cell(name: str, value: Any) -> str:
    if value is None:
        return "–"
    if name in ("consistency", "follow_up_rate"):
        return f"{value:g}%"
    return f"{value:,}"


def board_table(rows: list[Row], period: str) -> list[str]:
    season = period == "season"
    head = "<th>Rank</th>" + ("<th>Since last week</th>" if season else "") + "<th>Member</th>"
    head += "".join(f"<th>{label}</th>" for _, label in COLUMNS)
    label = h(f"{PERIOD_TITLE[period]} board")
    out = [
        f'<div class="habits-scroll" tabindex="0" role="region" aria-label="{label}">',
        "<table>",
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
    ]
    for row in rows:
        cells = f"<td>{row.rank if row.rank is not None else '–'}</td>"
        if season:
            cells += f"<td>{moved(row.movement)}</td>"
        cells += f"<td>{h(row.display_name)}</td>"
        for name, _ in COLUMNS:
            value = getattr(row.figures, name)
            rank = row.ranks.get(name)
            title = f' title="rank {rank}"' if rank is not None and name != "points" else ""
            cells += f"<td{title}>{_cell(name, value)}</td>"
        out.append(f"<tr>{cells}</tr>")
    out += ["</tbody>", "</table>", "</div>"]
    return out


def weekly_figure(board: Leaderboard) -> figures.Figure:
    weeks = board.weekly()
    if not weeks:
        return figures.empty_figure("No entries this season yet.")
    return figures.bars_and_line(
        [week.isoformat() for week in weeks],
        [count for count, _ in weeks.values()],
        [active for _, active in weeks.values()],
        ("Entries that week", "Members active"),
        (figures.BARS, figures.LINE),
        ("entries", "members"),
    )


def render(
    board: Leaderboard, prefix: str = ""
) -> tuple[dict[str, str], dict[str, figures.Figure]]:
    """The leaderboard's pages (paths under `prefix`) and the figures they draw."""
    team = board.team
    start, end = team.season
    season = f"{start:%d %b %Y} – {end:%d %b %Y}" if end else f"from {start:%d %b %Y}"
    body = [
        f"<h1>{h(team.name)}: leaderboard</h1>",
        f"<p>Season {h(season)} · {len(board.members)} members · as of "
        f"{board.as_of:%A %d %B %Y}. Scored with the team's challenges; entries outside the "
        f"season or recorded more than {team.backdating_days} days late do not count.</p>",
    ]
    goal = team.goal
    reached = board.goal_progress()
    if goal is not None and reached is not None:
        body += [
            f"<h2>Team goal: {h(goal.title)}</h2>",
            bar(reached, goal.target, f"Team goal: {goal.title}", met=reached >= goal.target),
            f"<p>{reached:,} of {goal.target:,} ({PERIOD_TITLE[goal.period].lower()})</p>",
        ]
    for period in team.boards:
        span = board.spans[period]
        dates = f"{span.start:%d %b} – {span.end:%d %b}"
        body.append(f"<h2>{PERIOD_TITLE[period]} <small>({dates})</small></h2>")
        body += board_table(board.board(period), period)
    body.append(
        "<p><small>Consistency is the mean strength of the team's challenges, so volume alone "
        "does not win. Ties share a rank.</small></p>"
    )
    weekly = weekly_figure(board)
    label = "The team's weekly activity: entries, and members who logged any"
    body += [f"<h2>{h(label)}</h2>", chart("team-weekly", weekly, label)]
    if board.problems:
        body += ["<h2>Member files with problems</h2>", '<ul class="habits-problems">']
        body += [f"<li><code>{h(str(p))}</code></li>" for p in board.problems]
        body += ["</ul>", "<p>The rest of the board is built without what is listed here.</p>"]
    pages = {f"{prefix}index.md": page(f"{team.name} leaderboard", body)}
    pages[f"{prefix}challenges.md"] = _challenges(board)
    return pages, {"team-weekly": weekly}


def _challenges(board: Leaderboard) -> str:
    body = ["<h1>Challenge boards</h1>", "<p>Periods met this season, then the streak.</p>"]
    for challenge_id, challenge in sorted(board.pack.challenges.items()):
        rows = board.challenge_board(challenge_id)
        body += [f"<h2>{h(challenge.title)}</h2>"]
        if not rows:
            body.append("<p>Nobody yet.</p>")
            continue
        body += [
            "<table>",
            "<thead><tr><th>Rank</th><th>Member</th><th>Periods met</th><th>Streak</th>"
            "<th>Best</th><th>Strength</th></tr></thead>",
            "<tbody>",
        ]
        for member, row, rank in rows:
            strength = "" if row.strength is None else f"{row.strength:g}%"
            body.append(
                f"<tr><td>{rank or '–'}</td><td>{h(member.shown)}</td><td>{row.met}</td>"
                f"<td>{row.streak}</td><td>{row.best}</td><td>{strength}</td></tr>"
            )
        body += ["</tbody>", "</table>"]
    return page("Challenge boards", body)


def board_json(board: Leaderboard, period: str) -> list[dict[str, Any]]:
    """`habits team board --json`: one object a member, ranked by points."""
    return [
        {
            "handle": row.handle,
            "display_name": row.display_name,
            "rank": row.rank,
            **row.figures._asdict(),
            "ranks": row.ranks,
            **({"movement": row.movement} if period == "season" else {}),
        }
        for row in board.board(period)
    ]
