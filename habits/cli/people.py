"""`habits people`: everyone you met, one person's timeline, merges and keep-in-touch cadences."""

from __future__ import annotations

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
