"""`habits people`: everyone you met, one person's timeline, merges, keep-in-touch cadences,
known contacts imported from a contact file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from habits.cli.as_json import people_json, timeline_json
from habits.cli.main import Run, emit_json, habits_of, warn
from habits.cli.terminal import (
    cadence_line,
    merged_line,
    people_text,
    renamed_line,
    timeline_lines,
    unmerged_line,
)

if TYPE_CHECKING:
    from habits.app.results import ContactsImported

NAMES_SHOWN = 10  # names an import lists before "and N more"


@click.group("people", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of everyone.")
@click.option("--all", "everyone", is_flag=True, help="List everyone, not the latest 50.")
@click.pass_context
def people_group(ctx: click.Context, as_json: bool, everyone: bool) -> None:
    """List everyone you met; merge names, set cadences.

    First met, last contact, touches, the open follow-up and wins, per person:
    the 50 you were in touch with last (--all: everyone; --json: everyone).

    \b
    Example:
      habits people
      habits people show "Sam Lee"
      habits people merge "Sam" "Sam Lee"
      habits people cadence "Sam Lee" 30d
      habits people rename "Sam Le" "Sam Lee"
      habits people import contacts.vcf
    """
    if ctx.invoked_subcommand is not None:
        return
    view = habits_of(ctx.obj).people(everyone or as_json)
    warn(view.problems)
    if as_json:
        emit_json(people_json(view))
        return
    click.echo(people_text(view, ctx.obj.width))


@people_group.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
@click.pass_obj
def show_cmd(run: Run, name: str, as_json: bool) -> None:
    """The timeline with one person: every entry, follow-ups and wins.

    \b
    Example:
      habits people show "Sam Lee"
    """
    found = habits_of(run).person(name)
    warn(found.problems)
    if as_json:
        emit_json(timeline_json(found))
        return
    for line in timeline_lines(found):
        click.echo(line)


@people_group.command("merge")
@click.argument("merged", metavar="A")
@click.argument("into", metavar="B")
@click.pass_obj
def merge_cmd(run: Run, merged: str, into: str) -> None:
    """A and B are one person: A becomes another name of B.

    people.toml records it; your log is not rewritten, and every entry with A now
    counts for B.

    \b
    Example:
      habits people merge "Sam" "Sam Lee"
    """
    click.echo(merged_line(habits_of(run).merge(merged, into)))


@people_group.command("cadence")
@click.argument("name")
@click.argument("every", metavar="EVERY")
@click.pass_obj
def cadence_cmd(run: Run, name: str, every: str) -> None:
    """Keep in touch with someone every N days, weeks or months (off to stop).

    Any entry with them resets the clock; `habits due` lists them when it runs out.

    \b
    Example:
      habits people cadence "Sam Lee" 30d
      habits people cadence "Sam Lee" off
    """
    click.echo(cadence_line(habits_of(run).cadence(name, every)))


@people_group.command("rename")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.pass_obj
def rename_cmd(run: Run, old: str, new: str) -> None:
    """Write NEW for OLD in every entry and in people.toml.

    Fixes a misspelled name everywhere at once (`habits undo` takes it back). A NEW that
    is someone else already is refused: `habits people merge` makes two names one person.

    \b
    Example:
      habits people rename "Sam Le" "Sam Lee"
    """
    click.echo(renamed_line(habits_of(run).rename(old, new)))


@people_group.command("unmerge")
@click.argument("name")
@click.pass_obj
def unmerge_cmd(run: Run, name: str) -> None:
    """Make NAME a person of their own again (it was merged into someone).

    \b
    Example:
      habits people unmerge "Sam"
    """
    click.echo(unmerged_line(habits_of(run).unmerge(name)))


@people_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Say who would become known; write nothing.")
@click.pass_obj
def import_cmd(run: Run, file: Path, dry_run: bool) -> None:
    """Make the people of a contact file known: never "new people" when you log them.

    FILE is a vCard file (.vcf, 3.0 or 4.0), LinkedIn's Connections.csv, or a CSV with a
    column `name` (or `full name`, `display name`; any case). Each becomes a [[person]] of
    people.toml with `known = DATE` (today); a name people.toml has already (as a name or
    another name) is not added twice, so importing a file again adds nobody. Names in your
    log become known too. `habits undo` takes an import back.

    \b
    Example:
      habits people import contacts.vcf
      habits people import Connections.csv --dry-run
    """
    for line in imported_people_lines(habits_of(run).import_people(file, dry_run)):
        click.echo(line)


def imported_people_lines(done: ContactsImported) -> list[str]:
    """What an import made known: the counts, then the first names."""
    skipped = done.skipped
    without = f"; {skipped} {done.unit}{'' if skipped == 1 else 's'} without a name skipped"
    lines = [
        f"{done.path} ({done.kind}): {len(done.added)} new, {done.already} already known"
        + (without if skipped else "")
    ]
    if done.added:
        names = ", ".join(done.added[:NAMES_SHOWN])
        more = len(done.added) - NAMES_SHOWN
        verb = "Known" if done.written else "Would be known (dry run: nothing written)"
        lines.append(
            f"{verb} since {done.day.isoformat()}: {names}"
            + (f" and {more} more" if more > 0 else "")
        )
    return lines
