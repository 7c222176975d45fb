"""The leaderboard's tables: the top of each board on its page, every rank on pages of their own.

A board of a thousand members would make a page of a megabyte, so a page shows the top TOP
rows of each board and links pages of PER_PAGE ranks each (`all/BOARD/N/index.md`), and the
member index (`members/index.md`) links every member's row on every board: the reader finds
their own row without JavaScript. habits-board.js adds an enhancement: "this is me" on the
member index, remembered in the browser, pins the reader's row under each board's top.

Every page is a folder's `index.md`, so a relative link to `.../index.html` is right whether
the docs use directory URLs or not. Every table is plain HTML (charts are the only part that
needs JavaScript), and each cell carries its column's name (`data-label`) for the stacked
rows habits-board.css shows on a phone.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple

from habits.core.boards import FEW_DECIDED, QUIET_DAYS, Figures
from habits.site.html import h
from habits.store.leaderboard import ChallengeRow, MemberBoard, Row

TOP = 50  # rows of a board on the leaderboard's own pages
PER_PAGE = 250  # rows of a board on each of its "all ranks" pages
MEMBERS_PER_PAGE = 500  # members on each page of the member index

# (figure, heading, its full name): short headings keep a board within a laptop's column,
# the full name is the heading's tooltip and each cell's label on a phone.
COLUMNS = (
    ("points", "Points", "Points"),
    ("consistency", "Consistency", "Consistency: the mean strength of the challenges"),
    ("new_people", "New", "New people: met for the first time"),
    ("connector", "Intros", "Connector: introductions made"),
    ("follow_up_rate", "On time", "Follow-up rate: follow-ups closed on time, of those decided"),
)
CHALLENGE_COLUMNS = (("Periods met", "met"), ("Streak", "streak"), ("Best", "best"))
TOO_FEW = f"too few to tell: under {FEW_DECIDED} follow-ups decided"


def day(value: date) -> str:
    """Mon 23 Nov."""
    return f"{value:%a} {value.day} {value:%b}"


def url(page: str) -> str:
    """The page's address relative to the leaderboard (every page is an index.md)."""
    return page.removesuffix(".md") + ".html"


def href(source: str, target: str, anchor: str = "") -> str:
    """A relative link from one page to another (to a row of it, with `anchor`)."""
    link = posixpath.relpath(url(target), posixpath.dirname(url(source)) or ".")
    return h(link + (f"#{anchor}" if anchor else ""))


def all_page(board: str, number: int) -> str:
    return f"all/{board}/{number}/index.md"


def member_page(number: int) -> str:
    return "members/index.md" if number == 1 else f"members/{number}/index.md"


def row_id(board: str, handle: str) -> str:
    """A row's anchor: handles and challenge ids never hold a dot, so no two collide."""
    return f"{board}.{handle}"


def chunks(count: int, size: int) -> list[range]:
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def published(value: date | None, quiet: bool) -> str:
    """The member's detail line: when they last published; a text mark when quiet."""
    if value is None:
        return ""
    if quiet:
        return (
            f'<small class="habits-detail habits-quiet" title="nothing published for '
            f'{QUIET_DAYS} days or more">quiet since {value.day} {value:%b}</small>'
        )
    return f'<small class="habits-detail">published {value.day} {value:%b}</small>'


def moved(value: int | None) -> str:
    if value is None:
        return '<span title="new this week">new</span>'
    if value > 0:
        return f'<span title="up {value} since last week">▲{value}</span>'
    if value < 0:
        return f'<span title="down {-value} since last week">▼{-value}</span>'
    return '<span title="same place as last week">=</span>'


def figure_text(name: str, figures: Figures) -> str:
    """A figure as a board shows it; a rate with its sample: "4 of 5 (80%)", and below
    FEW_DECIDED follow-ups the counts alone ("2 of 3"): too few to tell."""
    value = getattr(figures, name)
    if value is None:
        return "–"
    if name == "follow_up_rate":
        counts = f"{figures.follow_ups_on_time:,} of {figures.follow_ups_decided:,}"
        return counts if too_few(figures) else f"{counts} ({value:.0f}%)"
    if name == "consistency":
        return f"{value:g}%"
    return f"{value:,}"


def too_few(figures: Figures) -> bool:
    """Whether the follow-up rate comes from too few decided follow-ups to tell."""
    return figures.follow_up_rate is not None and figures.follow_ups_decided < FEW_DECIDED


def _head(cells: Sequence[tuple[str, str]]) -> str:
    """A header row: (heading, full name); a shortened heading has its name as a tooltip."""
    out = []
    for text, full in cells:
        shown = h(text) if text == full else f'<abbr title="{h(full)}">{h(text)}</abbr>'
        left = ' class="habits-member"' if text == "Member" else ""
        out.append(f'<th scope="col"{left}>{shown}</th>')
    return f"<thead><tr>{''.join(out)}</tr></thead>"


def _label(full: str) -> str:
    return h(full.split(":")[0])


class Table(NamedTuple):
    """A board's HTML table: its header row and a function that makes one row."""

    board: str  # week, month, season, or c-<challenge id>
    head: str
    row: Callable[[int], str]  # the row at a position of the ranking


def period_table(board: str, rows: list[Row]) -> Table:
    season = board == "season"
    heads = [("Rank", "Rank")]
    if season:
        heads.append(("Move", "Move: places since last week"))
    heads += [("Member", "Member"), *((text, full) for _, text, full in COLUMNS)]

    def row(n: int) -> str:
        r = rows[n]
        cells = f'<td data-label="Rank">{r.rank if r.rank is not None else "–"}</td>'
        if season:
            cells += f'<td data-label="Move">{moved(r.movement)}</td>'
        cells += (
            f'<td data-label="Member" class="habits-member">{h(r.display_name)}'
            f"{published(r.published, r.quiet)}</td>"
        )
        for name, _, full in COLUMNS:
            rank = r.ranks.get(name)
            title = f' title="rank {rank}"' if rank is not None and name != "points" else ""
            if name == "follow_up_rate" and too_few(r.figures):
                title = f' title="{TOO_FEW}"'
            value = figure_text(name, r.figures)
            cells += f'<td data-label="{_label(full)}"{title}>{value}</td>'
        return f'<tr id="{row_id(board, r.handle)}">{cells}</tr>'

    return Table(board, _head(heads), row)


def challenge_table(board: str, rows: list[tuple[MemberBoard, ChallengeRow, int | None]]) -> Table:
    heads = [("Rank", "Rank"), ("Member", "Member"), *((t, t) for t, _ in CHALLENGE_COLUMNS)]
    heads.append(("Strength", "Strength"))

    def row(n: int) -> str:
        member, r, rank = rows[n]
        strength = "–" if r.strength is None else f"{r.strength:g}%"
        cells = f'<td data-label="Rank">{rank or "–"}</td>'
        cells += f'<td data-label="Member" class="habits-member">{h(member.shown)}</td>'
        cells += "".join(
            f'<td data-label="{label}">{getattr(r, field)}</td>'
            for label, field in CHALLENGE_COLUMNS
        )
        cells += f'<td data-label="Strength">{strength}</td>'
        return f'<tr id="{row_id(board, member.handle)}">{cells}</tr>'

    return Table(board, _head(heads), row)


def table_html(table: Table, positions: range, label_id: str) -> str:
    """The rows at `positions` as a table named by the heading `label_id`."""
    rows = "".join(table.row(n) for n in positions)
    return (
        f'<div class="habits-board-wrap"><table class="habits-board" '
        f'data-board="{h(table.board)}" aria-labelledby="{h(label_id)}">'
        f"{table.head}<tbody>{rows}</tbody></table></div>"
    )


def page_of(position: int) -> int:
    return position // PER_PAGE + 1


def rank_links(source: str, board: str, count: int) -> str:
    """Links to the pages holding every rank of a board (none when the top shows them all)."""
    if count <= TOP:
        return ""
    links = [
        f'<a href="{href(source, all_page(board, n))}">{span.start + 1:,}–{span.stop:,}</a>'
        for n, span in enumerate(chunks(count, PER_PAGE), start=1)
    ]
    return (
        f'<p class="habits-ranks">The top {TOP} of {count:,} are shown. Every rank: '
        + " · ".join(links)
        + "</p>"
    )


def pin_map(source: str, boards: dict[str, list[str]], team: str) -> str:
    """What habits-board.js needs to pin the reader's row: for each member whose row is not
    on this page on some board, the page of their row on each board (0: on this page)."""
    names = list(boards)
    where: dict[str, list[int]] = {}
    for b, handles in enumerate(boards.values()):
        for position, handle in enumerate(handles):
            if position >= TOP:
                where.setdefault(handle, [0] * len(names))[b] = page_of(position)
    data = json.dumps(where, separators=(",", ":"), sort_keys=True)
    return (
        f'<div class="habits-board-me" hidden data-team="{h(team)}" '
        f'data-boards="{h(" ".join(names))}" data-pages="{h(data)}" '
        f'data-all="{h(posixpath.relpath("all", posixpath.dirname(source) or ".") + "/")}" '
        f'data-members="{href(source, member_page(1))}"></div>'
    )
