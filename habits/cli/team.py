"""`habits team`: a challenge season for a team, published to its internal docs."""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from habits.cli.main import Run, emit_json, fail, warn

if TYPE_CHECKING:
    from habits.store.leaderboard import Leaderboard

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
    from habits.core.when import parse_day
    from habits.store.team import init_team

    today = run.now().date()
    start = parse_day(season_start, today) if season_start else today
    end = parse_day(season_end, today) if season_end else None
    init_team(folder, pack, name or folder.resolve().name, start, end)
    click.echo(f"Created a team in {folder}: edit {folder / 'team.toml'}")
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
    from habits.store.files import locked
    from habits.store.team import join

    ws = run.workspace().require()
    with locked(ws.lock):
        joined = join(ws, folder, handle, display_name)
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
    from habits.store.files import locked, write_atomic
    from habits.store.state import load
    from habits.store.team import memberships, publish

    ws = run.workspace().require()
    teams = memberships(ws)
    if not teams:
        fail("you have not joined a team", "habits team join DIR --as HANDLE")
    with locked(ws.lock, shared=True):
        state = load(ws)
    warn(state.problems)
    for membership in teams:
        done = publish(state, membership, run.now())
        skipped = (
            f"; {done.left_out} of actions the team's pack does not have are not shared"
            if done.left_out
            else ""
        )
        if dry_run:
            click.echo(f"# would write {done.path} ({done.entries} entries{skipped})")
            click.echo(done.text, nl=False)
            continue
        write_atomic(done.path, done.text)
        click.echo(f"Published {done.entries} entries to {done.path} (commit and push it){skipped}")


def _board(folder: Path, run: Run, as_of: str | None) -> Leaderboard:
    from habits.core.when import parse_day
    from habits.store.leaderboard import build
    from habits.store.team import load_team

    team, pack = load_team(folder)
    today = run.now().date()
    day = parse_day(as_of, today) if as_of else today
    terminal = sys.stderr.isatty()
    step = 0

    def progress(done: int, total: int) -> None:
        """Every tenth of the way (on a terminal, in place), and at the end."""
        nonlocal step
        if done < total and done * 10 // total == step:
            return
        step = done * 10 // total
        if terminal:
            click.echo(f"\rread {done} of {total} member files", err=True, nl=done == total)
        else:
            click.echo(f"read {done} of {total} member files", err=True)

    return build(team, pack, day, progress)


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
    from habits.site.leaderboard import COLUMNS, board_json

    board = _board(folder, run, as_of)
    warn(board.problems, rest=EVERY_PROBLEM)
    if as_json:
        emit_json(board_json(board, period))
        return
    span = board.spans[period]
    ended = f" (the season ended on {span.end})" if board.ended else ""
    click.secho(f"{board.team.name} · {period} {span.start} – {span.end}{ended}", bold=True)
    rows = [("rank", "member", *(label.lower() for _, label in COLUMNS))]
    for row in board.board(period):
        cells = [str(row.rank or "–"), row.display_name]
        for name, _ in COLUMNS:
            value = getattr(row.figures, name)
            cells.append("–" if value is None else f"{value:g}")
        rows.append(tuple(cells))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


@team_group.command("render")
@click.argument("folder", type=FOLDER)
@click.option("--docs", "docs", required=True, type=FOLDER, help="The docs folder to write into.")
@click.option("--as-of", metavar="DATE", help="Score as of this day (default today).")
@click.option("--strict", is_flag=True, help="Exit 1 if a member file has a problem.")
@click.pass_obj
def render_cmd(run: Run, folder: Path, docs: Path, as_of: str | None, strict: bool) -> None:
    """Write the leaderboard pages into a docs folder (for sites without plugins).

    \b
    Example:
      habits team render docs/team --docs docs
    """
    from habits.site.build import mkdocs_snippet

    board = _board(folder, run, as_of)
    count = _write(board, docs, "leaderboard/")
    warn(board.problems, limit=20, rest=EVERY_PROBLEM)
    click.echo(f"Wrote {count} pages into {docs / 'leaderboard'}; add to that site's mkdocs.yml:")
    click.echo(mkdocs_snippet())
    inside = _excluded(folder.resolve(), docs.resolve())
    if inside:  # else MkDocs would publish team.toml and every member file
        click.echo("exclude_docs: |\n" + "".join(f"  {pattern}\n" for pattern in inside), nl=False)
    if strict and board.problems:
        fail(f"{len(board.problems)} problem(s) in member files (--strict)")


def _excluded(folder: Path, docs: Path) -> list[str]:
    """The exclude_docs patterns that keep a team folder inside the docs out of the site."""
    if folder == docs:  # the docs are the team folder: its own files and folders
        return ["/team.toml", "/members/", "/challenges/", "/schema/"]
    if not folder.is_relative_to(docs):
        return []
    # gitignore patterns: a [, *, ? or \ in a folder's name is escaped to match itself
    return ["/" + re.sub(r"([\\\[\]*?])", r"\\\1", folder.relative_to(docs).as_posix()) + "/"]


def _write(board: Leaderboard, docs: Path, prefix: str) -> int:
    from habits.site.build import write_docs
    from habits.site.leaderboard import render

    pages, _ = render(board, prefix)
    write_docs(pages, docs)
    return len(pages)


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
    import json

    from habits.cli.site import _build
    from habits.site.build import ASSETS, SCRIPTS, STYLES, trim_site
    from habits.site.html import h, yaml_str
    from habits.site.target import build_into, check_out, guarded_folders

    target = check_out(out, guarded_folders(run.workspace(), folder))
    board = _board(folder, run, as_of)
    warn(board.problems, limit=20, rest=EVERY_PROBLEM)
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        _write(board, docs, "")
        config = Path(tmp) / "mkdocs.yml"
        title = h(board.team.name + " leaderboard")  # MkDocs prints the site name raw
        lines = [
            f"site_name: {yaml_str(title)}",
            "docs_dir: docs",
            "use_directory_urls: false",
            "theme: {name: material, font: false, palette: [{scheme: default, toggle: "
            "{icon: material/weather-night, name: Switch to dark mode}}, {scheme: slate, "
            "toggle: {icon: material/weather-sunny, name: Switch to light mode}}]}",
            "extra_javascript: " + json.dumps([f"{ASSETS}/{n}" for n in SCRIPTS]),
            "extra_css: " + json.dumps([f"{ASSETS}/{n}" for n in STYLES]),
        ]
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")

        def make(site: Path) -> None:
            _build(config, site, False, None)
            trim_site(site, ["en"])

        build_into(target, make)
    click.echo(f"Built the leaderboard of {len(board.members)} members into {out}")
    if strict and board.problems:
        fail(f"{len(board.problems)} problem(s) in member files (--strict)")
