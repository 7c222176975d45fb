"""Commands that set up and describe a workspace: init, where, schema, demo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from habits.cli.main import Run, habits_of
from habits.core.model import WEEKDAYS

if TYPE_CHECKING:
    from habits.app import Habits, Workspace


def habits_at(run: Run, directory: Path | None) -> Habits:
    """The use cases of the workspace in `directory`, else of the one --home names."""
    from habits.app import Habits, workspace_at

    return Habits(workspace_at(directory), run.now) if directory else habits_of(run)


@click.command("init")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--pack",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Start from this pack folder instead of the default one.",
)
@click.option("--name", default="", help="Your name, shown on your status and site.")
@click.option(
    "--timezone", default="", metavar="ZONE", help="IANA timezone (default: this machine's)."
)
@click.option("--week-start", type=click.Choice(WEEKDAYS), default="monday", show_default=True)
@click.option(
    "--day-start",
    type=click.IntRange(0, 23),
    default=0,
    show_default=True,
    help="Hour a day starts; earlier entries count for the day before.",
)
@click.pass_obj
def init_cmd(run: Run, /, directory: Path | None, pack: Path | None, **settings: Any) -> None:
    """Create a workspace with your own challenge pack.

    Writes habits.toml (settings), challenges/ (a copy of the pack you now own),
    log/, schema/, and mkdocs.yml with pages/ for your progress site.

    DIRECTORY defaults to the workspace `habits where` shows. Refuses to overwrite.

    \b
    Example:
      habits init --name "Ada"
      habits init ~/notes/habits --timezone Europe/London --week-start sunday
    """
    ws = habits_at(run, directory).init(pack, **settings)  # name, timezone, week and day start
    click.echo(f"Created a workspace in {ws.root}")
    if ws.source == "default" or directory:
        click.echo(
            f'Next: habits log icebreaker --with "Sam Lee" --where call{_home(ws, directory)}'
        )


def _home(ws: Workspace, directory: Path | None) -> str:
    """How the next command finds a workspace made elsewhere than the default one."""
    if ws.source == "default" and not directory:
        return ""
    return f" (use --home {ws.root} or set HABITS_HOME)"


@click.command("where")
@click.pass_obj
def where_cmd(run: Run) -> None:
    """Print where the workspace and its parts live, and its cache.

    The cache is in your cache folder, not in the workspace; it is safe to delete.

    \b
    Example:
      habits where
    """
    where = habits_of(run).where()
    exists = "" if where.created else "  (not created yet: run `habits init`)"
    click.echo(f"workspace  {where.root}  [from {where.source}]{exists}")
    for label, path in where.parts:
        click.echo(f"{label:<10} {path}")


@click.command("schema")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write to (default: the workspace's schema/).",
)
@click.pass_obj
def schema_cmd(run: Run, out: Path | None) -> None:
    """Write the JSON Schemas of habits' files.

    Files habits writes start with a `#:schema` comment pointing at these, which
    Taplo / Even Better TOML use to check them as you type.

    \b
    Example:
      habits schema --out ./schema
    """
    for path in habits_of(run).schema(out):
        click.echo(str(path))


@click.command("demo")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--weeks", type=click.IntRange(1, 520), default=12, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--force", is_flag=True, help="Replace DIRECTORY if it is an earlier demo.")
@click.pass_obj
def demo_cmd(run: Run, directory: Path, weeks: int, seed: int, force: bool) -> None:
    """Create a demo workspace with seeded history.

    Weeks of realistic, reproducible entries to explore before logging your own.

    \b
    Example:
      habits demo /tmp/habits-demo && habits --home /tmp/habits-demo status
    """
    demo = habits_at(run, directory).demo(weeks, seed, force)
    click.echo(
        f"Created a demo workspace in {demo.root} with {demo.entries} entries over {weeks} weeks"
    )
