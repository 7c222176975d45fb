"""The team leaderboard as Markdown pages, from a finished Leaderboard (never from files).

Same rules as the personal site: raw HTML blocks with every team, member and pack string
escaped, charts as escaped `data-figure` attributes drawn by habits.js. The pages hold
handles (or opted-in display names), figures and the day each member last published:
nothing about anyone's contacts. Long boards are cut to their top (board_tables.py).
"""

from __future__ import annotations

from typing import Any

from habits.core.boards import FEW_DECIDED, FIGURE_WORDS, PER_MEMBER_MONTH, QUIET_DAYS, quiet
from habits.core.periods import week_of
from habits.site import figures
from habits.site.board_tables import (
    COLUMNS as BOARD_COLUMNS,
)
from habits.site.board_tables import (
    MEMBERS_PER_PAGE,
    PER_PAGE,
    TOP,
    Table,
    all_page,
    challenge_table,
    chunks,
    day,
    href,
    member_page,
    page_of,
    period_table,
    pin_map,
    published,
    rank_links,
    row_id,
    table_html,
)
from habits.site.chart_parts import week_starts
from habits.site.html import bar, chart, h, page
from habits.store.leaderboard import Leaderboard, Row

PERIOD_TITLE = {"week": "This week", "month": "This month", "season": "The season"}
# (figure, label) for the terminal's board; the pages use board_tables.COLUMNS
COLUMNS = tuple((name, full.split(":")[0]) for name, _, full in BOARD_COLUMNS)
INDEX = "index.md"
CHALLENGES = "challenges/index.md"
NAV = (INDEX, CHALLENGES, member_page(1))  # the pages a navigation lists
NAV_TITLES = ("Leaderboard", "Challenge boards", "Every member")  # in a site of its own
# The rest (every rank of a long board, the member index's further pages) are linked from
# those: listed in every page's navigation, 60 of them made each page ~100 KB larger.
NOT_IN_NAV = ("/all/", "/members/*/")


def in_nav(page: str, prefix: str = "") -> bool:
    """Whether a navigation should list a page of the leaderboard (under `prefix`)."""
    return page.removeprefix(prefix) in NAV


def period_dates(board: Leaderboard, period: str) -> str:
    """The period's days: the whole week, month or season, and "so far" up to the as-of day."""
    span = board.spans[period]
    year = f" {span.start.year}" if period == "season" else ""
    if span.last is None:
        dates = f"from {day(span.start)}{year}"
    elif span.last == span.start:
        dates = f"{day(span.start)} {span.start.year}"
    else:
        dates = f"{day(span.start)}{year} – {day(span.last)} {span.last.year}"
    return dates + (f" · so far, to {day(span.end)}" if span.so_far else "")


def _heading(board: Leaderboard, period: str, label_id: str, extra: str = "") -> str:
    title = PERIOD_TITLE[period] + extra
    return f'<h2 id="{label_id}">{h(title)} <small>({h(period_dates(board, period))})</small></h2>'


def weekly_figure(board: Leaderboard) -> figures.Figure:
    """Entries a week and members active, for every week of the season so far: a week
    nobody logged is a zero (not a gap the line jumps), the bars and ticks on week starts."""
    found = board.weekly()
    if not found:
        return figures.empty_figure("No entries this season yet.")
    season = board.spans["season"]
    first = min(week_of(season.start, board.team.week_start), *found)
    weeks = week_starts(first, max(week_of(season.end, board.team.week_start), *found))
    return figures.bars_and_line(
        [week.isoformat() for week in weeks],
        [found.get(week, (0, 0))[0] for week in weeks],
        [found.get(week, (0, 0))[1] for week in weeks],
        ("Entries that week", "Members active"),
        (figures.BARS, figures.LINE),
        ("entries", "members"),
    )


def render(
    board: Leaderboard, prefix: str = ""
) -> tuple[dict[str, str], dict[str, figures.Figure]]:
    """The leaderboard's pages (paths under `prefix`) and the figures they draw."""
    ranked = {period: board.board(period) for period in board.team.boards}
    tables = {period: period_table(period, rows) for period, rows in ranked.items()}
    order = {period: [r.handle for r in rows] for period, rows in ranked.items()}
    weekly = weekly_figure(board)
    pages = {INDEX: _index(board, tables, order, weekly)}
    pages[CHALLENGES] = _challenges(board, pages)
    pages.update(_members(board, ranked))
    for period, table in tables.items():
        pages.update(_all_pages(board, table, len(board.members), PERIOD_TITLE[period], period))
    return {prefix + path: text for path, text in pages.items()}, {"team-weekly": weekly}


def _index(
    board: Leaderboard,
    tables: dict[str, Table],
    order: dict[str, list[str]],
    weekly: figures.Figure,
) -> str:
    team = board.team
    start, end = team.season
    season = f"{day(start)} {start.year} – {day(end)} {end.year}" if end else ""
    season = season or f"from {day(start)} {start.year}"
    body = [
        f"<h1>{h(team.name)}: leaderboard</h1>",
        f"<p>Season {h(season)} · {len(board.members):,} members · as of "
        f"{board.as_of:%A} {board.as_of.day} {board.as_of:%B %Y}. Scored with the team's "
        f"challenges; entries outside the season or recorded more than "
        f"{team.backdating_days} days late do not count.</p>",
        *_goal(board),
        f'<p>Find your row: <a href="{href(INDEX, member_page(1))}">every member</a> by name, '
        f'with a link to their row on each board. <a href="{href(INDEX, CHALLENGES)}">'
        "Challenge boards</a>: periods met and streaks, challenge by challenge.</p>",
        pin_map(INDEX, order, team.name),
    ]
    for period, table in tables.items():
        label = f"board-{period}"
        body += [
            _heading(board, period, label),
            table_html(table, range(min(TOP, len(board.members))), label),
            rank_links(INDEX, period, len(board.members)),
        ]
    body.append(
        "<p><small>Consistency is the mean strength of the team's challenges over the "
        "period's days, so volume alone does not win. New: people met for the first time. "
        "Intros: introductions. On time: follow-ups closed on time, of those decided, and "
        f"the counts alone under {FEW_DECIDED} decided: too few to tell (ranked below the "
        "rest). Ties share a rank. A member who has not published for "
        f"{QUIET_DAYS} days is marked "
        "“quiet since” the day they last did.</small></p>"
    )
    label = "The team's weekly activity: entries, and members who logged any"
    body += [f"<h2>{h(label)}</h2>", chart("team-weekly", weekly, label)]
    if board.problems:
        body += ["<h2>Member files with problems</h2>", '<ul class="habits-problems">']
        body += [f"<li><code>{h(str(p))}</code></li>" for p in board.problems]
        body += ["</ul>", "<p>The rest of the board is built without what is listed here.</p>"]
    return page(f"{team.name} leaderboard", body)


def _goal(board: Leaderboard) -> list[str]:
    found = board.goal()
    reached = board.goal_progress()
    if found is None or reached is None:
        return []
    goal, default = found
    title, target = goal.title or "", goal.target or 0
    how = ""
    if default:
        rate = f"{PER_MEMBER_MONTH[goal.figure]} {FIGURE_WORDS[goal.figure]}"
        how = (
            f" The target is for the team's size: {rate} a member a month, for "
            f"{len(board.members):,} members, rounded up (team.toml sets none)."
        )
    return [
        f"<h2>Team goal: {h(title)}</h2>",
        bar(reached, target, f"Team goal: {title}", met=reached >= target),
        f"<p>{reached:,} of {target:,} ({PERIOD_TITLE[goal.period].lower()})"
        f"{': reached ✔' if target and reached >= target else ''}.{how}</p>",
    ]


def _all_pages(
    board: Leaderboard, table: Table, count: int, title: str, period: str | None
) -> dict[str, str]:
    """Every rank of a board on pages of PER_PAGE (none when its top shows them all)."""
    if count <= TOP:
        return {}
    pages = {}
    for number, positions in enumerate(chunks(count, PER_PAGE), start=1):
        path = all_page(table.board, number)
        ranks = f"ranks {positions.start + 1:,}–{positions.stop:,}"
        label = f"board-{table.board}"
        heading = (
            _heading(board, period, label, f": {ranks}")
            if period
            else f'<h2 id="{label}">{h(title)}: {ranks}</h2>'
        )
        body = [
            f"<h1>{h(board.team.name)}: {h(title)}, {ranks}</h1>",
            f'<p><a href="{href(path, INDEX)}">The leaderboard</a> · '
            f'<a href="{href(path, member_page(1))}">Every member</a> · '
            f'<a href="{href(path, CHALLENGES)}">Challenge boards</a></p>',
            rank_links(path, table.board, count),
            heading,
            table_html(table, positions, label),
        ]
        pages[path] = page(f"{title}, {ranks}", body)
    return pages


def _challenges(board: Leaderboard, pages: dict[str, str]) -> str:
    """The challenge boards' page; their "every rank" pages go into `pages`."""
    body = [
        "<h1>Challenge boards</h1>",
        "<p>Ranked by periods met this season, then by the streak; ties share a rank. "
        f'<a href="{href(CHALLENGES, INDEX)}">The leaderboard</a> · '
        f'<a href="{href(CHALLENGES, member_page(1))}">Every member</a></p>',
    ]
    order: dict[str, list[str]] = {}
    for challenge_id, challenge in sorted(board.pack.challenges.items()):
        rows = board.challenge_board(challenge_id)
        key = f"c-{challenge_id}"
        label = f"board-{key}"
        body.append(f'<h2 id="{label}">{h(challenge.title)}</h2>')
        if not rows:
            body.append("<p>Nobody yet.</p>")
            continue
        order[key] = [member.handle for member, _, _ in rows]
        table = challenge_table(key, rows)
        body += [
            table_html(table, range(min(TOP, len(rows))), label),
            rank_links(CHALLENGES, key, len(rows)),
        ]
        pages.update(_all_pages(board, table, len(rows), challenge.title, None))
    body.insert(2, pin_map(CHALLENGES, order, board.team.name))
    return page("Challenge boards", body)


def _members(board: Leaderboard, ranked: dict[str, list[Row]]) -> dict[str, str]:
    """The member index: everyone by name, when they last published, and a link to their
    row on each board (the no-JavaScript way to find one's own row on a long board)."""
    where = {
        period: {r.handle: (n, r) for n, r in enumerate(rows)} for period, rows in ranked.items()
    }
    members = sorted(board.members, key=lambda m: (m.shown.casefold(), m.handle))
    count = len(members)
    parts = chunks(count, MEMBERS_PER_PAGE) or [range(0)]
    pages = {}
    for number, positions in enumerate(parts, start=1):
        path = member_page(number)
        others = [
            f'<a href="{href(path, member_page(n))}">{members[p.start].shown[:1].upper() or "?"}'
            f"–{members[p.stop - 1].shown[:1].upper() or '?'}</a>"
            for n, p in enumerate(parts, start=1)
            if count > MEMBERS_PER_PAGE
        ]
        items = []
        for position in positions:
            member = members[position]
            last = published(member.published, quiet(member.published, board.as_of))
            links = []
            for period in ranked:
                n, row = where[period][member.handle]
                target = INDEX if n < TOP else all_page(period, page_of(n))
                anchor = row_id(period, member.handle)
                rank = "–" if row.rank is None else f"#{row.rank:,}"
                links.append(f'{period} <a href="{href(path, target, anchor)}">{rank}</a>')
            items.append(
                f'<li id="member.{member.handle}" data-handle="{member.handle}">'
                f"<strong>{h(member.shown)}</strong> {last} · {' · '.join(links)}</li>"
            )
        body = [
            f"<h1>{h(board.team.name)}: every member</h1>",
            f"<p>{count:,} members by name, each with their rank on each board (a link to "
            f'their row). <a href="{href(path, INDEX)}">The leaderboard</a> · '
            f'<a href="{href(path, CHALLENGES)}">Challenge boards</a></p>',
            "<p>" + " · ".join(others) + "</p>" if others else "",
            f'<ul class="habits-members" data-team="{h(board.team.name)}">{"".join(items)}</ul>'
            if items
            else "<p>None yet.</p>",
        ]
        pages[path] = page("Every member", body)
    return pages


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
            "published": None if row.published is None else row.published.isoformat(),
            "quiet": row.quiet,
        }
        for row in board.board(period)
    ]
