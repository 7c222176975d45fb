"""Commands about progress: status, points, review, pause, actions, check."""

from __future__ import annotations

import click

from habits.cli.as_json import ledger_json, review_json, status_json
from habits.cli.main import Run, emit_json, fail, habits_of, warn
from habits.cli.terminal import (
    action_lines,
    backfill_lines,
    check_lines,
    pause_lines,
    points_lines,
    resting_line,
    status_lines,
    unpaused_line,
)
from habits.cli.terminal_review import review_lines

AS_OF_HELP = (
    "Score as of this day (YYYY-MM-DD, today, yesterday; not after today); later entries are "
    "ignored."
)


@click.command("status")
@click.option("--as-of", metavar="DATE", help=AS_OF_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def status_cmd(run: Run, as_of: str | None, as_json: bool) -> None:
    """Show level, points, streaks and strength.

    One row per challenge: this period's progress, current and best streak,
    strength (consistency, 0-100%, with a word: new, building, growing, steady,
    strong) and recent history. The table fits the terminal's width (COLUMNS).

    The history column shows the last periods, oldest first: ● met, · missed,
    ‖ rested, ◌ still open.

    \b
    Example:
      habits status
      habits status --as-of 2026-10-31 --json
    """
    status = habits_of(run).status(as_of)
    warn(status.problems)
    if as_json:
        emit_json(status_json(status.card))
    else:
        lines = [
            *backfill_lines(status.backfilled, run.width),
            *status_lines(status.card, status.name, run.width),
        ]
        click.echo("\n".join(lines))


@click.command("points")
@click.option("--explain", is_flag=True, help="List every award: the ledger behind the total.")
@click.option("--as-of", metavar="DATE", help=AS_OF_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the ledger as JSON.")
@click.pass_obj
def points_cmd(run: Run, explain: bool, as_of: str | None, as_json: bool) -> None:
    """Show your points; --explain lists the ledger.

    The ledger has one line per award: every point comes from exactly one line.

    \b
    Example:
      habits points --explain
    """
    points = habits_of(run).points(as_of)
    warn(points.problems)
    if as_json:
        emit_json(ledger_json(points.ledger))
        return
    for line in points_lines(points, explain, run.width):
        click.echo(line)


def _a_day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A DATE as typed, checked for its form only (which week it means needs the workspace)."""
    from datetime import date

    from habits.core.when import WhenError, parse_day

    if value is not None:
        try:
            parse_day(value, date.today())
        except WhenError as error:
            raise click.BadParameter(str(error)) from None
    return value


@click.command("review")
@click.option(
    "--week",
    metavar="DATE",
    callback=_a_day,
    help="Any day of the week to review (YYYY-MM-DD, today, yesterday); default: the last "
    "complete week.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a screen.")
@click.pass_obj
def review_cmd(run: Run, week: str | None, as_json: bool) -> None:
    """Look back on a week: entries, people, follow-ups, wins, challenges.

    Shows the week as it ended: who you met (and who was new), the follow-ups
    opened, closed on time or late, still open and dismissed, the wins, each
    challenge's periods met and its streak, then the next week: challenges to
    watch and what falls due. Weeks start on habits.toml's week_start.

    \b
    Example:
      habits review
      habits review --week 2026-11-12 --json
    """
    review = habits_of(run).review(week)
    warn(review.problems)
    if as_json:
        emit_json(review_json(review))
    else:
        click.echo("\n".join(review_lines(review, run.width)))


@click.command("pause")
@click.option(
    "--from", "start", metavar="DATE", help="First day of the rest (YYYY-MM-DD, today...)."
)
@click.option("--to", "end", metavar="DATE", help="Last day of the rest.")
@click.option("--challenge", metavar="ID", help="Rest from one challenge only (default: all).")
@click.option("--note", default="", help="Why (holiday, illness...).")
@click.option("--list", "show", is_flag=True, help="List the rests recorded, with their ids.")
@click.option("--remove", "remove", metavar="ID", help="Remove the rest with this id.")
@click.pass_obj
def pause_cmd(
    run: Run,
    start: str | None,
    end: str | None,
    challenge: str | None,
    note: str,
    show: bool,
    remove: str | None,
) -> None:
    """Record a rest that keeps your streaks.

    An unmet period that overlaps a rest neither breaks nor extends a streak,
    and strength stays frozen on rest days. A rest of every challenge (no
    --challenge) is a holiday: follow-ups fall due on the workdays after it.

    \b
    Example:
      habits pause --from 2026-12-22 --to 2027-01-02 --note holiday
      habits pause --list
      habits pause --remove 3f9a2c
    """
    app = habits_of(run)
    if show:
        for line in pause_lines(app.pauses()):
            click.echo(line)
        return
    if remove:
        click.echo(unpaused_line(app.unpause(remove)))
        return
    if not start or not end:
        fail("a rest needs --from and --to", "e.g. habits pause --from 2026-12-22 --to 2027-01-02")
    click.echo(resting_line(app.pause(start, end, challenge, note)))


@click.command("actions")
@click.pass_obj
def actions_cmd(run: Run) -> None:
    """List the actions you can log.

    Shows each action's points, aliases and daily cap.

    \b
    Example:
      habits actions
    """
    found = habits_of(run).actions()
    warn(found.problems)
    for line in action_lines(found):
        click.echo(line)


@click.command("check")
@click.pass_obj
def check_cmd(run: Run) -> None:
    """Check every file; list problems as path:line.

    Reads settings, the pack, pauses and every log file.

    Exits with 1 if anything is wrong, so it fits a pre-commit hook or CI.

    \b
    Example:
      habits check
    """
    checked = habits_of(run).check()
    for line in check_lines(checked):
        click.echo(line)
    if checked.problems:
        raise click.exceptions.Exit(1)
