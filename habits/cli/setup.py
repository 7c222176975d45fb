"""Commands that set up and describe a workspace: init, where, schema, demo."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import click

from habits.cli.main import Run, fail
from habits.core.model import WEEKDAYS
from habits.store.workspace import Workspace, resolve


def write_schemas(folder: Path) -> list[Path]:
    from habits.store.schema import write_schemas as write

    return write(folder)


def create_workspace(
    ws: Workspace, pack: Path | None, name: str, timezone: str, week_start: str, day_start: int
) -> None:
    """Write settings, a copy of the pack, the log folder and the JSON Schemas."""
    import tomli_w

    from habits.store.pack import default_pack_dir, load_pack
    from habits.store.schema import SettingsModel
    from habits.store.workspace import GITIGNORE, copy_pack, system_timezone, with_schema

    if ws.settings.exists() or ws.pack.exists() or (ws.log.exists() and any(ws.log.iterdir())):
        fail(f"{ws.root} already holds a workspace", "pick another folder; nothing was changed")
    source = pack or default_pack_dir()
    _, problems = load_pack(source, str)
    if problems:
        fail(
            f"the pack at {source} has problems, e.g. {problems[0]}", "run `habits check` on a copy"
        )
    settings = SettingsModel(
        name=name,
        timezone=timezone or system_timezone(),
        week_start=week_start,
        day_start=day_start,
    )
    ws.root.mkdir(parents=True, exist_ok=True)
    copy_pack(source, ws.pack)
    ws.log.mkdir(exist_ok=True)
    write_schemas(ws.schema)
    body = tomli_w.dumps(settings.model_dump(by_alias=True))
    ws.settings.write_text(with_schema(body, "schema/settings.json"), encoding="utf-8")
    from habits.site.build import ensure_config

    ensure_config(ws, name)  # the site's mkdocs.yml and pages/, for `habits site build`
    gitignore = ws.root / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(GITIGNORE, encoding="utf-8")


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
def init_cmd(
    run: Run,
    directory: Path | None,
    pack: Path | None,
    name: str,
    timezone: str,
    week_start: str,
    day_start: int,
) -> None:
    """Create a workspace with your own challenge pack.

    Writes habits.toml (settings), challenges/ (a copy of the pack you now own),
    log/, schema/, and mkdocs.yml with pages/ for your progress site.

    DIRECTORY defaults to the workspace `habits where` shows. Refuses to overwrite.

    \b
    Example:
      habits init --name "Ada"
      habits init ~/notes/habits --timezone Europe/London --week-start sunday
    """
    from pydantic import ValidationError

    ws = resolve(directory) if directory else run.workspace()
    try:
        create_workspace(ws, pack, name, timezone, week_start, day_start)
    except ValidationError as error:
        from habits.store.messages import explain

        item = error.errors()[0]
        fail(*explain(item, list(item["loc"]), error.title))
    click.echo(f"Created a workspace in {ws.root}")
    if ws.source == "default" or directory:
        hint = (
            ""
            if ws.source == "default" and not directory
            else f" (use --home {ws.root} or set HABITS_HOME)"
        )
        click.echo(f'Next: habits log icebreaker --with "Sam Lee" --where call{hint}')


@click.command("where")
@click.pass_obj
def where_cmd(run: Run) -> None:
    """Print where the workspace and its parts live, and its cache.

    The cache is in your cache folder, not in the workspace; it is safe to delete.

    \b
    Example:
      habits where
    """
    ws = run.workspace()
    exists = "" if ws.settings.exists() else "  (not created yet: run `habits init`)"
    click.echo(f"workspace  {ws.root}  [from {ws.source}]{exists}")
    for label, path in (
        ("settings", ws.settings),
        ("pack", ws.pack),
        ("log", ws.log),
        ("pauses", ws.pauses),
        ("schemas", ws.schema),
        ("cache", ws.cache),
        ("site", ws.root / "site"),
    ):
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
    for path in write_schemas(out or run.workspace().schema):
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
    from zoneinfo import ZoneInfo

    from habits.core.periods import Calendar
    from habits.store.demo import history
    from habits.store.files import locked
    from habits.store.journal import add_pause, append_entries
    from habits.store.state import load

    ws = resolve(directory)
    if force and (ws.root / ".habits-demo").exists():
        shutil.rmtree(ws.root)
    create_workspace(ws, None, "Demo Ada", "Europe/London", "monday", 0)
    (ws.root / ".habits-demo").write_text("made by `habits demo`; --force may replace it\n")
    now = run.now()
    with locked(ws.lock):
        state = load(ws)
        today = Calendar(state.settings).day_of(now)
        first = today - timedelta(weeks=weeks) + timedelta(days=1)
        entries = list(history(first, today, ZoneInfo("Europe/London"), now, seed=seed))
        append_entries(state, entries)
        if state.cache is not None:
            state.cache.save()
        rest = first + timedelta(weeks=weeks // 2)
        add_pause(state, rest, rest + timedelta(days=4), None, "long weekend away")
    click.echo(
        f"Created a demo workspace in {ws.root} with {len(entries)} entries over {weeks} weeks"
    )
