"""Commands about the network: due, wins, opener (people are in habits.cli.people)."""

from __future__ import annotations

import click

from habits.cli.as_json import due_json, wins_json
from habits.cli.main import Run, emit_json, habits_of, warn
from habits.cli.terminal import due_text, opener_lines, wins_text


@click.command("due")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--all", "lapsed", is_flag=True, help="Include follow-ups more than 14 days late.")
@click.pass_obj
def due_cmd(run: Run, as_json: bool, lapsed: bool) -> None:
    """List what is due: follow-ups, checks, reminders.

    Follow-ups, "did they meet?" checks and people to keep in touch with, oldest
    first, with how long each has left. A follow-up more than 14 days late has
    lapsed (it counts as missed in your follow-up rate) and is shown only with --all.

    \b
    Example:
      habits due
      habits due --json
    """
    view = habits_of(run).due(lapsed)
    warn(view.problems)
    if as_json:
        emit_json(due_json(view))
        return
    click.echo(due_text(view, run.width))


@click.command("wins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def wins_cmd(run: Run, as_json: bool) -> None:
    """Show your wins and what led to them.

    Which venues, first actions and openers turn people met into wins.

    A win is credited to the earlier entries with its people: the first touch, the
    number of touches, the days from first touch to win.

    \b
    Example:
      habits wins
      habits wins --json
    """
    view = habits_of(run).wins()
    warn(view.problems)
    if as_json:
        emit_json(wins_json(view))
        return
    click.echo(wins_text(view, run.width))


@click.command("opener")
@click.option("--for", "venue", default="", metavar="VENUE", help="Where: call, lift, lounge...")
@click.pass_obj
def opener_cmd(run: Run, venue: str) -> None:
    """Suggest a go-to opener for where you are.

    It favours openers that led to follow-ups and wins, and rotates, so the same
    line does not come up twice in a row. Log which one you used with --opener.

    \b
    Example:
      habits opener --for lift
      habits log icebreaker --with "Sam Lee" --where lift --opener weekend
    """
    suggestion = habits_of(run).opener(venue)
    warn(suggestion.problems)
    for line in opener_lines(suggestion.opener):
        click.echo(line)
