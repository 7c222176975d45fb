"""Commands about the entries of the log: log, undo, rm, list, import, export."""

from __future__ import annotations

from pathlib import Path

import click

from habits.cli.complete import (
    complete_action,
    complete_kind,
    complete_opener,
    complete_person,
    complete_venue,
)
from habits.cli.main import Run, emit_json, fail, habits_of, warn
from habits.cli.terminal import (
    backfill_lines,
    changes_lines,
    edited_lines,
    entry_lines,
    exported_lines,
    feedback,
    imported_line,
    inboxed_lines,
    removed_line,
    undone_line,
)


@click.command("log")
@click.argument("action", shell_complete=complete_action)
@click.option(
    "--with",
    "with_",
    multiple=True,
    metavar="NAME",
    help="Who it was with (repeat for several).",
    shell_complete=complete_person,
)
@click.option(
    "--where",
    default="",
    metavar="VENUE",
    help="Where: call, lift, coffee, lunch, lounge...",
    shell_complete=complete_venue,
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
    shell_complete=complete_kind,
)
@click.option(
    "--opener",
    default="",
    metavar="ID",
    help="The opener you used (habits opener).",
    shell_complete=complete_opener,
)
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
    for line in [*feedback(logged), *backfill_lines(logged.backfilled, run.width)]:
        click.echo(line)


@click.command("edit")
@click.argument("entry_id", metavar="ID")
@click.option("--action", default=None, metavar="ACTION", help="Another action.")
@click.option(
    "--with",
    "with_",
    multiple=True,
    metavar="NAME",
    help="The people (all of them).",
    shell_complete=complete_person,
)
@click.option(
    "--where",
    default=None,
    metavar="VENUE",
    help="Another venue ('' for none).",
    shell_complete=complete_venue,
)
@click.option("--note", default=None, metavar="TEXT", help="Another note ('' for none).")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="The tags (all of them).")
@click.option("--at", "when", default=None, metavar="WHEN", help="Another time, as for log.")
@click.option("--new", is_flag=True, help="A --with name close to a known one is somebody else.")
@click.option(
    "--kind",
    default=None,
    metavar="KIND",
    help="Of a win: referral, client...",
    shell_complete=complete_kind,
)
@click.option(
    "--opener",
    default=None,
    metavar="ID",
    help="The opener you used.",
    shell_complete=complete_opener,
)
@click.pass_obj
def edit_cmd(
    run: Run,
    entry_id: str,
    action: str | None,
    with_: tuple[str, ...],
    where: str | None,
    note: str | None,
    tags: tuple[str, ...],
    when: str | None,
    new: bool,
    kind: str | None,
    opener: str | None,
) -> None:
    """Correct an entry: the options given replace those fields.

    A unique start of the id is enough (`habits list` shows ids). The entry keeps its id;
    names are checked as `log` checks them. `habits undo` takes the edit back.

    \b
    Example:
      habits edit 3f9a --with "Sam Lee"
      habits edit 3f9a --action lunch --where canteen --at 12:30
    """
    done = habits_of(run).edit(
        entry_id, action=action, with_=with_ or None, where=where, note=note,
        tags=tags or None, when=when, new=new, kind=kind, opener=opener,
    )  # fmt: skip
    for line in edited_lines(done):
        click.echo(line)


@click.command("inbox")
@click.option("--dry-run", is_flag=True, help="Check every line; log none, change nothing.")
@click.pass_obj
def inbox_cmd(run: Run, dry_run: bool) -> None:
    """Log what you wrote down in the inbox, one micro-connection a line.

    inbox.txt in the workspace (or habits.toml's `inbox = "PATH"`), each line
    [DATE] [HH:MM] ACTION NAME[, NAME]... [@VENUE] [#TAG]... [-- NOTE]. Good lines are
    logged and taken out of the file; a bad line stays, reported with its line number.
    +NAME is somebody new. `habits undo` takes it all back.

    \b
    Example:
      echo "2026-11-17 12:15 lunch Cleo Park @canteen -- knows the Lisbon team" >> inbox.txt
      habits inbox
    """
    done = habits_of(run).inbox(dry_run)
    for line in inboxed_lines(done):
        click.echo(line)
    for problem in done.problems:  # each line that stays: inbox.txt:LINE: what; the fix
        click.echo(str(problem), err=True)
    if done.problems:
        raise SystemExit(1)


@click.command("undo")
@click.option("--list", "listing", is_flag=True, help="Show the last changes, newest first.")
@click.pass_obj
def undo_cmd(run: Run, listing: bool) -> None:
    """Take back the last change, whatever it was.

    A log, rm, edit, import, rest, merge or cadence: every file it touched is put back
    as it was, and undo says what it took back. Undo again to take back the change
    before it. The change journal (journal/ in the workspace) keeps the last 100.

    \b
    Example:
      habits undo
      habits undo --list
    """
    if listing:
        for line in changes_lines(habits_of(run).changes(), run.width):
            click.echo(line)
        return
    click.echo(undone_line(habits_of(run).undo()))


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
    click.echo(removed_line(habits_of(run).rm(entry_id).entry))


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
    """Add entries from a CSV file (or the JSON `export --format json` writes).

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
    click.echo(imported_line(done, file))


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
    from habits.cli.as_json import entries_json

    found = habits_of(run).entries(since)
    warn(found.problems)
    if as_json:
        emit_json(entries_json(found.entries))
        return
    for line in entry_lines(found, since):
        click.echo(line)


@click.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: stdout); an existing one only with --force.",
)
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
@click.pass_obj
def export_cmd(run: Run, fmt: str, output: Path | None, force: bool) -> None:
    """Export every entry as CSV or JSON.

    The CSV has the columns `habits import` reads, plus id and logged. With -o, the file
    is written in one step and the command says how many entries it holds.

    \b
    Example:
      habits export --format csv -o habits.csv
    """
    out = None if output is None or str(output) == "-" else output
    exported = habits_of(run).export(fmt, out, force)
    warn(exported.problems)
    if out is None:  # color=True: as it is (a note's own escape codes are data)
        click.echo(exported.text, nl=False, color=True)
    for line in exported_lines(exported):
        click.echo(line, err=out is None)
