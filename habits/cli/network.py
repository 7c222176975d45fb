"""Commands about the network: due, wins, opener (people are in habits.cli.people)."""

from __future__ import annotations

import click

from habits.cli.as_json import due_json, wins_json
from habits.cli.complete import complete_venue
from habits.cli.main import Run, emit_json, habits_of, warn
from habits.cli.terminal import due_text, marked_line, opener_lines, wins_text


@click.group("due", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--all", "lapsed", is_flag=True, help="Include follow-ups more than 14 days late.")
@click.pass_context
def due_group(ctx: click.Context, as_json: bool, lapsed: bool) -> None:
    """List what is due: follow-ups, checks, reminders.

    Follow-ups, "did they meet?" checks and people to keep in touch with, oldest
    first, with how long each has left. A follow-up more than 14 days late has
    lapsed (it counts as missed in your follow-up rate) and is shown only with --all.

    \b
    Example:
      habits due
      habits due dismiss "Sam Lee" --note "a stand-up, nothing to follow"
      habits due snooze "Ana Ruiz" --until 2026-11-30
    """
    if ctx.invoked_subcommand is not None:
        return
    run: Run = ctx.obj
    view = habits_of(run).due(lapsed)
    warn(view.problems)
    if as_json:
        emit_json(due_json(view))
        return
    click.echo(due_text(view, run.width))


@due_group.command("dismiss")
@click.argument("target", metavar="PERSON|ID")
@click.option("--note", default="", metavar="TEXT", help="Why (kept in followups.toml).")
@click.pass_obj
def dismiss_cmd(run: Run, target: str, note: str) -> None:
    """Close a follow-up or check without credit.

    PERSON: their oldest open one; ID: every one that entry opened. It leaves your
    follow-up rate (neither on time nor late). `habits undo` takes it back.
    """
    click.echo(marked_line(habits_of(run).dismiss(target, note)))


@due_group.command("snooze")
@click.argument("target", metavar="PERSON|ID")
@click.option("--until", required=True, metavar="DATE", help="The new due date (YYYY-MM-DD).")
@click.pass_obj
def snooze_cmd(run: Run, target: str, until: str) -> None:
    """Move the due date of a follow-up or check (found as dismiss finds it)."""
    click.echo(marked_line(habits_of(run).snooze(target, until)))


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
@click.option(
    "--for",
    "venue",
    default="",
    metavar="VENUE",
    help="Where: call, lift, lounge...",
    shell_complete=complete_venue,
)
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
