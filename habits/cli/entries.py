"""Commands that write the log: log, undo, rm, import, pause."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from habits.cli.main import Run, fail, warn
from habits.cli.show import entry_line, feedback

if TYPE_CHECKING:
    from habits.app import Habits
    from habits.core.model import Entry


def habits_of(run: Run) -> Habits:
    """The workspace's use cases."""
    from habits.app import Habits

    return Habits(run.workspace(), run.now)


def complete_action(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    """Offer action ids and aliases of the workspace's pack."""
    from click.shell_completion import CompletionItem

    try:
        actions = habits_of(ctx.find_object(Run) or Run(None, False)).actions()
    except Exception:  # completion must never print a traceback into a shell
        return []
    names = [(a.id, a.title) for a in actions]
    names += [(alias, a.title) for a in actions for alias in a.aliases]
    return [CompletionItem(n, help=t) for n, t in sorted(names) if n.startswith(incomplete)]


@click.command("log")
@click.argument("action", shell_complete=complete_action)
@click.option(
    "--with", "with_", multiple=True, metavar="NAME", help="Who it was with (repeat for several)."
)
@click.option(
    "--where", default="", metavar="VENUE", help="Where: call, lift, coffee, lunch, lounge..."
)
@click.option("--note", default="", metavar="TEXT", help="Anything worth remembering.")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="A tag (repeat for several).")
@click.option(
    "--at",
    "when",
    default="now",
    metavar="WHEN",
    help="When it happened: 2026-11-20, 2026-11-20T13:05, today, yesterday or 13:05.",
)
@click.option("--new", is_flag=True, help="A --with name close to a known one is somebody else.")
@click.option(
    "--kind",
    default="",
    metavar="KIND",
    help="Of a win: referral, project, client, mentor, job, speaking or other.",
)
@click.option("--opener", default="", metavar="ID", help="The opener you used (habits opener).")
@click.pass_obj
def log_cmd(
    run: Run,
    action: str,
    with_: tuple[str, ...],
    where: str,
    note: str,
    tags: tuple[str, ...],
    when: str,
    new: bool,
    kind: str,
    opener: str,
) -> None:
    """Log a micro-connection that just happened.

    ACTION is an action id, an alias or a unique prefix (see `habits actions`).

    \b
    Example:
      habits log icebreaker --with "Sam Lee" --where call
      habits log lunch --with "Ana Ruiz" --at yesterday --note "likes climbing"
      habits log win --with "Ana Ruiz" --kind referral --note "intro to their CFO"
    """
    logged = habits_of(run).log(
        action, with_, where, note, tags, when, new=new, kind=kind, opener=opener
    )
    warn(logged.problems)
    if logged.caution:
        click.secho(f"warning: {logged.caution}", fg="yellow", err=True)
    for line in feedback(logged):
        click.echo(line)


@click.command("undo")
@click.pass_obj
def undo_cmd(run: Run) -> None:
    """Remove the entry you logged last.

    Prints what it removed, so a slip is one command away from fixed.

    \b
    Example:
      habits undo
    """
    removed(habits_of(run).undo().entry)


@click.command("rm")
@click.argument("entry_id", metavar="ID")
@click.pass_obj
def rm_cmd(run: Run, entry_id: str) -> None:
    """Remove one entry by its id.

    A unique start of the id is enough; `habits list` shows ids. An id two entries share is
    refused, naming both places, until one of them gets another id.

    \b
    Example:
      habits rm 3f9a2c71d0
    """
    removed(habits_of(run).rm(entry_id).entry)


def removed(entry: Entry) -> None:
    click.echo(
        f"Removed {entry.id}: {entry_line(entry)} at {entry.at:%Y-%m-%d %H:%M} ({entry.origin})"
    )


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and say what would be added.")
@click.option(
    "--allow-duplicates",
    is_flag=True,
    help="Add rows even when the log has an entry with the same time, action, people, "
    "venue and note.",
)
@click.pass_obj
def import_cmd(run: Run, file: Path, dry_run: bool, allow_duplicates: bool) -> None:
    """Add entries from a CSV file.

    Columns: at, action, with, where, note, tags (and id, logged, as exported).

    Only `at` and `action` are required; columns may come in any order; several people or
    tags go in one cell separated by `;` (a `;` inside a name is written `\\;`). Every row is
    checked first: if any is wrong, nothing is written. A row is skipped when the log has
    its `id`, or an entry with the same time, action, people, venue and note (unless
    --allow-duplicates), so importing a file twice adds nothing.

    \b
    Example:
      habits import contacts-2025.csv
      habits import contacts-2025.csv --dry-run
    """
    done = habits_of(run).import_csv(file, dry_run, allow_duplicates)
    if done.problems:
        for problem in done.problems:
            click.secho(f"error: {problem}", fg="red", err=True)
        fail(
            f"{len(done.problems)} bad rows in {file}; nothing was imported",
            "fix them and import again",
        )
    verb = "Added" if done.written else "Would add"
    skipped = f" (skipped {done.present} already in the log)" if done.present else ""
    click.echo(f"{verb} {len(done.entries)} entries from {file}{skipped}")


@click.command("pause")
@click.option(
    "--from", "start", metavar="DATE", help="First day of the rest (YYYY-MM-DD, today...)."
)
@click.option("--to", "end", metavar="DATE", help="Last day of the rest.")
@click.option("--challenge", metavar="ID", help="Rest from one challenge only (default: all).")
@click.option("--note", default="", help="Why (holiday, illness...).")
@click.option("--list", "show", is_flag=True, help="List the rests recorded.")
@click.pass_obj
def pause_cmd(
    run: Run, start: str | None, end: str | None, challenge: str | None, note: str, show: bool
) -> None:
    """Record a rest that keeps your streaks.

    An unmet period that overlaps a rest neither breaks nor extends a streak,
    and strength stays frozen on rest days.

    \b
    Example:
      habits pause --from 2026-12-22 --to 2027-01-02 --note holiday
      habits pause --list
    """
    app = habits_of(run)
    if show:
        for p in app.pauses():
            which = p.challenge or "all challenges"
            click.echo(f"{p.start} .. {p.end}  {which}" + (f"  {p.note}" if p.note else ""))
        return
    if not start or not end:
        fail("a rest needs --from and --to", "e.g. habits pause --from 2026-12-22 --to 2027-01-02")
    pause = app.pause(start, end, challenge, note)
    which = f"'{pause.challenge}'" if pause.challenge else "all challenges"
    click.echo(f"Resting {which} from {pause.start} to {pause.end}")
