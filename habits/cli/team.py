"""`habits team`: a challenge season for a team, published to its internal docs."""

from __future__ import annotations

from pathlib import Path

import click

from habits.cli.main import Run, emit_json, fail, habits_of, warn
from habits.cli.site import CONFIG, CONFIG_HELP, echo_lines
from habits.cli.terminal_team import board_table, reading_progress

# `habits check` reads a workspace, not a team folder: the board's page lists every problem.
EVERY_PROBLEM = "the leaderboard's page lists them all (habits team build)"
FOLDER = click.Path(file_okay=False, path_type=Path)


@click.group("team")
def team_group() -> None:
    """Run a team's challenge season and leaderboard.

    Git is the transport: the team folder lives in the team's docs repository.

    \b
    Example:
      habits team init docs/team --season-start 2026-11-02 --season-end 2027-01-31
      habits team join docs/team --as ada && habits team publish
      habits team board docs/team
    """


@team_group.command("init")
@click.argument("folder", type=FOLDER)
@click.option("--name", default="", help="The team's name (default: the folder's).")
@click.option("--pack", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--season-start", metavar="DATE", help="First day of the season (default: today).")
@click.option("--season-end", metavar="DATE", help="Last day of the season (default: open).")
@click.pass_obj
def init_cmd(
    run: Run,
    folder: Path,
    name: str,
    pack: Path | None,
    season_start: str | None,
    season_end: str | None,
) -> None:
    """Create a team folder: team.toml, the team's challenge pack and members/.

    \b
    Example:
      habits team init docs/team --name "Risk team" --season-start 2026-11-02
    """
    made = habits_of(run).team_init(folder, pack, name, season_start, season_end)
    click.echo(f"Created a team in {folder}: edit {made}")
    click.echo(f"Members join with: habits team join {folder} --as HANDLE")


@team_group.command("join")
@click.argument("folder", type=FOLDER)
@click.option("--as", "handle", required=True, metavar="HANDLE", help="Your handle on the board.")
@click.option("--display-name", default="", help="Shown instead of your handle (opt-in).")
@click.pass_obj
def join_cmd(run: Run, folder: Path, handle: str, display_name: str) -> None:
    """Join a team: `habits team publish` then shares your figures into its folder.

    \b
    Example:
      habits team join ../internal-docs/team --as ada --display-name "Ada L."
    """
    joined = habits_of(run).team_join(folder, handle, display_name)
    shown = f" as {joined.display_name}" if joined.display_name else ""
    click.echo(f"Joined {joined.folder} as {joined.handle}{shown}")
    click.echo("Publish with: habits team publish --dry-run (see what is shared), then without it")


@team_group.command("publish")
@click.option("--dry-run", is_flag=True, help="Print exactly what would be shared; write nothing.")
@click.pass_obj
def publish_cmd(run: Run, dry_run: bool) -> None:
    """Write your member file into every team you joined.

    It holds what the board scores and nothing more: the day of each entry and the day it
    was recorded (no times), its action, people and ids as keyed hashes made with a secret
    that stays in your workspace, and a venue or tag only where one of the team's
    challenges filters on it. No names, no notes.

    \b
    Example:
      habits team publish --dry-run
      habits team publish
    """
    published = habits_of(run).team_publish(dry_run)
    warn(published.problems)
    for done in published.files:
        skipped = (
            f"; {done.left_out} of actions the team's pack does not have are not shared"
            if done.left_out
            else ""
        )
        if dry_run:
            click.echo(f"# would write {done.path} ({done.entries} entries{skipped})")
            click.echo(done.text, nl=False)
        else:
            click.echo(
                f"Published {done.entries} entries to {done.path} (commit and push it){skipped}"
            )


@team_group.command("board")
@click.argument("folder", type=FOLDER)
@click.option(
    "--period", type=click.Choice(["week", "month", "season"]), default="week", show_default=True
)
@click.option("--as-of", metavar="DATE", help="Score as of this day (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_obj
def board_cmd(run: Run, folder: Path, period: str, as_of: str | None, as_json: bool) -> None:
    """Show a board in the terminal: ranked by points, with the other figures.

    \b
    Example:
      habits team board docs/team --period month
      habits team board docs/team --json
    """
    from habits.site.leaderboard import board_json

    board = habits_of(run).team_board(folder, as_of, reading_progress())
    warn(board.problems, rest=EVERY_PROBLEM)
    if as_json:
        emit_json(board_json(board, period))
    else:
        board_table(board, period)


@team_group.command("render")
@click.argument("folder", type=FOLDER)
@click.option("--docs", "docs", required=True, type=FOLDER, help="The docs folder to write into.")
@click.option("--config", type=CONFIG, help=CONFIG_HELP)
@click.option("--as-of", metavar="DATE", help="Score as of this day (default today).")
@click.option("--strict", is_flag=True, help="Exit 1 if a member file has a problem.")
@click.pass_obj
def render_cmd(
    run: Run, folder: Path, docs: Path, config: Path | None, as_of: str | None, strict: bool
) -> None:
    """Write the leaderboard pages into DOCS/leaderboard/, for a site built without the plugin.

    Prints the lines to add to the site's mkdocs.yml (MkDocs or Zensical): the
    extra_javascript and extra_css it needs, and the exclude_docs that keep a team folder
    inside the docs out of the site.

    \b
    Example:
      habits team render docs/team --docs docs
    """
    from habits.site.sites import render_leaderboard

    progress = reading_progress()
    done = render_leaderboard(habits_of(run), folder, docs, as_of, progress, config)
    warn(done.board.problems, limit=20, rest=EVERY_PROBLEM)
    click.echo(f"Wrote {done.pages} pages into {docs / 'leaderboard'}")
    echo_lines(done.lines, docs)
    if strict and done.board.problems:
        fail(f"{len(done.board.problems)} problem(s) in member files (--strict)")


@team_group.command("build")
@click.argument("folder", type=FOLDER)
@click.option(
    "--out",
    required=True,
    type=FOLDER,
    help="Folder to build the site into: a new or empty one, or one habits built before.",
)
@click.option("--as-of", metavar="DATE", help="Score as of this day (default today).")
@click.option("--strict", is_flag=True, help="Exit 1 if a member file has a problem.")
@click.pass_obj
def build_cmd(run: Run, folder: Path, out: Path, as_of: str | None, strict: bool) -> None:
    """Build the leaderboard as a site of its own (no docs site needed).

    The site is built beside --out, then takes its place. A folder holding anything
    else (or the team folder, or your workspace) is refused.

    \b
    Example:
      habits team build docs/team --out /tmp/leaderboard
    """
    from habits.cli.site import mkdocs_warning
    from habits.site.sites import build_leaderboard

    app = habits_of(run)
    board = build_leaderboard(app, folder, out, as_of, mkdocs_warning, reading_progress())
    warn(board.problems, limit=20, rest=EVERY_PROBLEM)
    click.echo(f"Built the leaderboard of {len(board.members)} members into {out}")
    if strict and board.problems:
        fail(f"{len(board.problems)} problem(s) in member files (--strict)")
