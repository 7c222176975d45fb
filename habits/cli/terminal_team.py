"""A team's leaderboard in the terminal: the board as a table, and progress as files are read."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from habits.app import Leaderboard, Progress


def board_table(board: Leaderboard, period: str) -> None:
    """Print a board over a period: ranked by points, with the other figures."""
    from habits.site.board_tables import figure_text
    from habits.site.leaderboard import COLUMNS, period_dates

    span = board.spans[period]
    ended = f" (the season ended on {span.end})" if board.ended else ""
    click.secho(f"{board.team.name} · {period} {period_dates(board, period)}{ended}", bold=True)
    rows = [("rank", "member", *(label.lower() for _, label in COLUMNS))]
    for row in board.board(period):
        cells = [str(row.rank or "–"), row.display_name]
        cells += [figure_text(name, row.figures) for name, _ in COLUMNS]
        rows.append(tuple(cells))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


def reading_progress() -> Progress:
    """Tell on stderr how many member files are read: every tenth of the way (on a
    terminal, in place), and at the end."""
    terminal = sys.stderr.isatty()
    step = 0

    def progress(done: int, total: int) -> None:
        nonlocal step
        if done < total and done * 10 // total == step:
            return
        step = done * 10 // total
        if terminal:
            click.echo(f"\rread {done} of {total} member files", err=True, nl=done == total)
        else:
            click.echo(f"read {done} of {total} member files", err=True)

    return progress
