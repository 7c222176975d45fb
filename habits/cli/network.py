"""Commands about the network: due, wins, opener (people are in habits.cli.people)."""

from __future__ import annotations

from pathlib import Path

import click

from habits.cli.as_json import due_json, wins_json
from habits.cli.complete import complete_venue
from habits.cli.main import Run, emit_json, habits_of, warn
from habits.cli.terminal import (
    due_text,
    marked_line,
    opener_lines,
    remind_lines,
    remind_title,
    wins_text,
)


@click.group("due", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--all", "lapsed", is_flag=True, help="Include follow-ups more than 14 days late.")
@click.option("--ics", is_flag=True, help="Print an iCalendar feed instead: a to-do an item.")
@click.option(
    "--events", is_flag=True, help="With --ics: all-day events (for calendars that hide to-dos)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --ics: write the feed to FILE in one step (a feed written before is replaced).",
)
@click.pass_context
def due_group(
    ctx: click.Context, as_json: bool, lapsed: bool, ics: bool, events: bool, output: Path | None
) -> None:
    """List what is due: follow-ups, checks, reminders.

    Follow-ups, "did they meet?" checks and people to keep in touch with, oldest
    first, with how long each has left. A follow-up more than 14 days late has
    lapsed (it counts as missed in your follow-up rate) and is shown only with --all.

    --ics gives the same items as an iCalendar feed for a calendar to subscribe to,
    each due on its day with an alarm at 09:00; a done or dismissed one leaves it.

    \b
    Example:
      habits due
      habits due --ics -o ~/Sync/habits-due.ics
      habits due dismiss "Sam Lee" --note "a stand-up, nothing to follow"
      habits due snooze "Ana Ruiz" --until 2026-11-30
    """
    if ctx.invoked_subcommand is not None:
        return
    run: Run = ctx.obj
    if ics or events or output:
        feed(run, ics and not as_json, lapsed, events, output)
        return
    view = habits_of(run).due(lapsed)
    warn(view.problems)
    if as_json:
        emit_json(due_json(view))
        return
    click.echo(due_text(view, run.width))


def feed(run: Run, ics: bool, lapsed: bool, events: bool, output: Path | None) -> None:
    """Print the due feed, or write it to `output`."""
    if not ics:
        raise click.UsageError(
            "--events and -o go with --ics, and --ics not with --json: "
            "e.g. habits due --ics -o due.ics"
        )
    from habits.site.due_feed import due_ics

    habits = habits_of(run)
    found = habits.due_feed(lapsed)
    warn(found.view.problems)
    data = due_ics(found, run.now(), events)
    if output is None:
        click.echo(data, nl=False)
        return
    habits.write_feed(output, data)
    count = len(found.view.due)
    click.echo(f"Wrote {count} item{'' if count == 1 else 's'} due to {output}")


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


@click.command("remind")
@click.option(
    "--notify", is_flag=True, help="Also raise a desktop notification (where notify-send is)."
)
@click.pass_obj
def remind_cmd(run: Run, notify: bool) -> None:
    """Nudge: streaks at risk today, and follow-ups due today or overdue.

    Short, for cron or a systemd user timer: it prints nothing and exits 0 when
    there is nothing to say. --notify also raises a desktop notification with
    notify-send; without one (or when it fails) the lines printed are the nudge.

    \b
    Example:
      habits remind
      0 9 * * 1-5 habits remind --notify      (a crontab line)
    """
    reminder = habits_of(run).remind()
    warn(reminder.problems)
    if reminder.quiet:
        return
    lines = remind_lines(reminder)
    click.echo("\n".join(lines))
    if notify and (failed := desktop_notification(remind_title(reminder), "\n".join(lines))):
        click.secho(f"warning: {failed}", fg="yellow", err=True)


def desktop_notification(title: str, body: str) -> str:
    """Raise a notification with notify-send: "" once raised (or when there is no
    notify-send: the lines printed are the nudge then), else what went wrong."""
    import shutil
    import subprocess

    program = shutil.which("notify-send")
    if program is None:
        return ""
    try:
        done = subprocess.run(
            [program, "--app-name=habits", title, body],
            capture_output=True,
            text=True,
            timeout=NOTIFY_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return f"notify-send failed: {error}"
    if done.returncode:
        said = " ".join(done.stderr.split())[:200]
        return f"notify-send failed (exit {done.returncode}){': ' + said if said else ''}"
    return ""


NOTIFY_TIMEOUT = 10  # seconds: a notification daemon that hangs must not hold up cron
