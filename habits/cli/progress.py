"""Commands that read: status, points, list, export, actions, check."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from habits.cli.main import Run, warn
from habits.core.periods import Calendar
from habits.store.files import locked
from habits.store.state import State, load, require_settings

if TYPE_CHECKING:
    from habits.core.scorecard import Scorecard

AS_OF_HELP = (
    "Score as of this day (YYYY-MM-DD, today, yesterday; not after today); later entries are "
    "ignored."
)


def read_state(run: Run) -> State:
    ws = run.workspace().require()
    with locked(ws.lock, shared=True):
        state = load(ws)
    require_settings(state)
    warn(state.problems)
    return state


def as_of_day(run: Run, state: State, as_of: str | None) -> date:
    """The day to score as of: --as-of if given, else today (in the workspace's calendar)."""
    today = Calendar(state.settings).day_of(run.now())
    if not as_of:
        return today
    from habits.core.when import WhenError, parse_day

    day = parse_day(as_of, today)
    if day > today:  # its periods would read as missed before they have happened
        raise WhenError(
            f"--as-of {day.isoformat()} is after today ({today.isoformat()})",
            "scores are kept up to today; give today or an earlier day",
        )
    return day


def scorecard(run: Run, as_of: str | None) -> tuple[State, Scorecard]:

    state = read_state(run)
    day = as_of_day(run, state, as_of)
    return state, state.score(day)


def emit_json(data: Any) -> None:
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False))


@click.command("status")
@click.option("--as-of", metavar="DATE", help=AS_OF_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def status_cmd(run: Run, as_of: str | None, as_json: bool) -> None:
    """Show level, points, streaks and strength.

    One row per challenge: this period's progress, current and best streak,
    strength (consistency, 0-100%) and recent history.

    The history column shows the last periods, oldest first: ● met, · missed,
    ‖ rested, ◌ still open.

    \b
    Example:
      habits status
      habits status --as-of 2026-10-31 --json
    """
    from habits.cli.show import status_json, status_lines
    from habits.cli.writing import habits_of

    status = habits_of(run).status(as_of)
    warn(status.problems)
    if as_json:
        emit_json(status_json(status.card))
    else:
        click.echo("\n".join(status_lines(status.card, status.name)))


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
    from habits.cli.show import ledger_json

    _, card = scorecard(run, as_of)
    if as_json:
        emit_json(ledger_json(card.ledger))
        return
    if explain:
        for line in card.ledger:
            source = f"  [{line.challenge or line.entry}]"
            click.echo(f"{line.date}  {line.points:>+5}  {line.reason}{source}")
        click.echo("")
    actions = sum(line.points for line in card.ledger if line.challenge is None)
    click.echo(
        f"{card.points} points: {actions} from actions, {card.points - actions} from challenges"
    )


@click.command("list")
@click.option("--since", metavar="DATE", help="Only entries on or after this day.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of entries.")
@click.pass_obj
def list_cmd(run: Run, since: str | None, as_json: bool) -> None:
    """List logged entries, oldest first.

    \b
    Example:
      habits list --since 2026-11-01
      habits list --json
    """
    from habits.cli.show import entry_line
    from habits.core.timeline import in_order
    from habits.core.when import parse_day
    from habits.store.transfer import entry_json

    state = read_state(run)
    calendar = Calendar(state.settings)
    first = parse_day(since, calendar.day_of(run.now())) if since else date.min
    entries = in_order(e for e in state.entries if calendar.day_of(e.at) >= first)
    if as_json:
        emit_json([entry_json(e) for e in entries])
        return
    for e in entries:
        note = f"  “{e.note}”" if e.note else ""
        click.echo(f"{e.id}  {calendar.local(e.at):%Y-%m-%d %H:%M}  {entry_line(e)}{note}")


@click.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="File (default: stdout).",
)
@click.pass_obj
def export_cmd(run: Run, fmt: str, output: Any) -> None:
    """Export every entry as CSV or JSON.

    The CSV has the columns `habits import` reads, plus id and logged.

    \b
    Example:
      habits export --format csv -o habits.csv
    """
    import json

    from habits.core.timeline import in_order
    from habits.store.transfer import entry_json, export_csv

    state = read_state(run)
    entries = in_order(state.entries)
    if fmt == "json":
        output.write(
            json.dumps([entry_json(e) for e in entries], indent=2, ensure_ascii=False) + "\n"
        )
    else:
        output.write(export_csv(entries))


@click.command("actions")
@click.pass_obj
def actions_cmd(run: Run) -> None:
    """List the actions you can log.

    Shows each action's points, aliases and daily cap.

    \b
    Example:
      habits actions
    """
    state = read_state(run)
    for a in state.pack.actions.values():
        extra = []
        if a.aliases:
            extra.append("alias " + ", ".join(a.aliases))
        if a.daily_cap:
            extra.append(f"{a.daily_cap} a day count")
        tail = f"  ({'; '.join(extra)})" if extra else ""
        click.echo(f"{a.id:<14} {a.points:>3} pts  {a.title}{tail}")


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
    ws = run.workspace().require()
    with locked(ws.lock, shared=True):
        state = load(ws)
    from habits.store.journal import check_pauses

    problems = state.problems + check_pauses(state)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        raise click.exceptions.Exit(1)
    click.echo(
        f"All good: {len(state.entries)} entries in {len(ws.log_files())} log files; "
        f"{len(state.pack.actions)} actions, {len(state.pack.challenges)} challenges, "
        f"{len(state.pack.badges)} badges."
    )
