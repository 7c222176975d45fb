"""Commands that write the log: log, undo, rm, import, pause."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from habits.cli.main import Run, fail, warn
from habits.cli.show import Standing, entry_line, entry_points, feedback, remember_views, standing
from habits.core.model import Entry
from habits.core.nogc import NoGc
from habits.core.periods import Calendar
from habits.store.files import locked
from habits.store.state import TALLY, LogIndex, Resume, State, load, require_settings

if TYPE_CHECKING:
    from habits.core.scorecard import Summary


def complete_action(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    """Offer action ids and aliases of the workspace's pack."""
    from click.shell_completion import CompletionItem

    try:
        run = ctx.find_object(Run) or Run(None, False)
        pack = load(run.workspace()).pack
    except Exception:  # completion must never print a traceback into a shell
        return []
    names = [(a.id, a.title) for a in pack.actions.values()]
    names += [(alias, a.title) for a in pack.actions.values() for alias in a.aliases]
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
    from habits.store.journal import append_entries, draft, venue_warning

    ws = run.workspace().require()
    with locked(ws.lock), NoGc():  # a short run that makes no cycles: no collector passes
        state = load(ws)
        require_settings(state)
        warn(state.problems)
        resume = state.resume()  # a tally and an index of the log, not a year of entries
        entry = draft(
            state, resume.index, action, with_, where, note, tags, when, run.now(), new=new,
            kind=kind, opener=opener,
        )  # fmt: skip
        calendar = Calendar(state.settings)
        today = calendar.day_of(run.now())
        day = calendar.day_of(entry.at)
        cache = state.cache
        before = cache.recall("standing", state.inputs(today), Standing) if cache else None
        if before is None:  # not remembered: finish the log as it was
            before = standing(state.summary(today))
        caution = venue_warning(state.pack, resume.index, entry.where)  # before it is known
        inputs = state.inputs(TALLY)
        fed = resume.feed([entry])
        own = None
        if not fed:  # not the last entry (backdated): fold the log afresh
            log = state.entries_with(entry)
            resume = Resume(state.fold(log), LogIndex.of(log, state.directory))
            if state.pack.actions[entry.action].daily_cap is not None:
                own = entry_points(state.pack, state.settings, log, entry, day)
        after: Summary
        if resume.tally.covers(today):
            after = resume.tally.summary(today)
            follow_ups = resume.tally.tracker.items
        else:  # the log holds an entry dated after today (a clock moved back): score it all
            after = card = state.score(today, state.entries_with(entry))
            follow_ups = list(card.follow_up_items)
        touched = [f for f in follow_ups if entry.id in (f.opened_by, f.closed_by)]
        append_entries(state, [entry])
        state.keep_resume(resume, [entry] if fed else (), inputs)
        remember_views(cache, state.inputs(today), after, state.settings.name)
        if cache is not None:
            cache.save()
    if caution:
        click.secho(f"warning: {caution}", fg="yellow", err=True)
    title = state.pack.actions[entry.action].title
    for line in feedback(entry, day, before, after, title, touched, own):
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
    from habits.store.journal import remove_entry

    ws = run.workspace().require()
    with locked(ws.lock):
        state = load(ws)
        # Every entry the files hold: one that repeats an older one's id is left out of the
        # score, yet it may be the one logged last (it is removed by its place, not its id).
        every = state.parsed_entries()
        if not every:
            fail("the log is empty", "nothing to undo")
        # Newest recorded; on a tie, the one written last (files load oldest month first).
        logged = [e.logged.timestamp() for e in every]
        newest = every[max(range(len(logged)), key=lambda n: (logged[n], n))]
        remove_entry(state, newest)
    click.echo(
        f"Removed {newest.id}: {entry_line(newest)} at {newest.at:%Y-%m-%d %H:%M} ({newest.origin})"
    )


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
    from habits.store.journal import remove_entry

    ws = run.workspace().require()
    with locked(ws.lock):
        state = load(ws)
        entry = _find(state, entry_id)
        remove_entry(state, entry)
    click.echo(
        f"Removed {entry.id}: {entry_line(entry)} at {entry.at:%Y-%m-%d %H:%M} ({entry.origin})"
    )


def _find(state: State, entry_id: str) -> Entry:
    """The one entry an id or a unique start of one names; an id two entries share is
    refused (removing either could be the wrong one)."""
    wanted = entry_id.strip()
    every = state.parsed_entries()  # with those a repeated id leaves out of the score
    matches = [e for e in every if e.id == wanted] or [
        e for e in every if wanted and e.id.startswith(wanted)
    ]
    if not matches:
        fail(f"no entry with id '{entry_id}'", "`habits list` shows the ids")
    ids = sorted({e.id for e in matches})
    if len(ids) > 1:
        more = ", ..." if len(ids) > 3 else ""
        fail(f"'{entry_id}' starts {len(ids)} ids: {', '.join(ids[:3])}{more}", "give more of it")
    if len(matches) > 1:
        places = " and ".join(e.origin for e in matches)
        fail(
            f"id '{ids[0]}' is used by {len(matches)} entries, at {places}; nothing was removed",
            "give one of them another id in its file (`habits check` lists repeats), "
            "then remove the one you mean",
        )
    return matches[0]


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
    from habits.store.journal import append_entries
    from habits.store.transfer import read_csv

    ws = run.workspace().require()
    with locked(ws.lock):
        state = load(ws)
        require_settings(state)
        entries, present, problems = read_csv(state, file, run.now(), allow_duplicates)
        if problems:
            for problem in problems:
                click.secho(f"error: {problem}", fg="red", err=True)
            fail(
                f"{len(problems)} bad rows in {file}; nothing was imported",
                "fix them and import again",
            )
        if not dry_run:
            append_entries(state, entries)
            if state.cache is not None:
                state.cache.save()
    verb = "Would add" if dry_run else "Added"
    skipped = f" (skipped {present} already in the log)" if present else ""
    click.echo(f"{verb} {len(entries)} entries from {file}{skipped}")


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
    from habits.core.when import parse_day
    from habits.store.journal import add_pause

    ws = run.workspace().require()
    if show:
        for p in load(ws).pauses:
            which = p.challenge or "all challenges"
            click.echo(f"{p.start} .. {p.end}  {which}" + (f"  {p.note}" if p.note else ""))
        return
    if not start or not end:
        fail("a rest needs --from and --to", "e.g. habits pause --from 2026-12-22 --to 2027-01-02")
    with locked(ws.lock):
        state = load(ws)
        require_settings(state)
        today = Calendar(state.settings).day_of(run.now())
        pause = add_pause(state, parse_day(start, today), parse_day(end, today), challenge, note)
    which = f"'{pause.challenge}'" if pause.challenge else "all challenges"
    click.echo(f"Resting {which} from {pause.start} to {pause.end}")
