"""`habits site`: build, serve or render the personal progress site."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from habits.cli.main import Run, habits_of, warn

if TYPE_CHECKING:
    from habits.site.sites import Lines


@click.group("site")
def site_group() -> None:
    """Your personal progress site: pages and charts from your log.

    \b
    Example:
      habits site build && habits site serve
    """


@site_group.command("build")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to build into (default: the workspace's site/): a new or empty one, or "
    "one habits built before; the build replaces it whole.",
)
@click.option(
    "--url",
    metavar="URL",
    help="Where the site will be served (default http://127.0.0.1:8000/); links between "
    "pages load instantly only there.",
)
@click.option("--strict", is_flag=True, help="Fail on any warning (a damaged entry, a bad link).")
@click.pass_obj
def build_cmd(run: Run, out: Path | None, url: str | None, strict: bool) -> None:
    """Build the site: Home, Progress charts, Challenges, Badges and the Log.

    Uses the workspace's mkdocs.yml (written on first use; add your own pages to
    pages/). A workspace you may only read is never written to: its site is built from a
    temporary copy of that file (give it a writable --out). The site works offline,
    served or opened straight from disk. It is built beside the target folder, then
    takes its place: a folder holding anything else (or the workspace, or a team
    folder) is refused. Pages unchanged since the last build into that folder are
    kept, not built again.

    \b
    Example:
      habits site build
      habits site build --out /tmp/my-habits
      habits site build --url https://intranet.example/ada/habits/
    """
    from habits.site.sites import build_site

    built = build_site(habits_of(run), out, url, strict, mkdocs_warning)
    click.echo(f"Built your site in {built.target} ({built.pages} pages, {built.seconds:.1f} s)")
    click.echo(f"Open {(built.target / 'index.html').as_uri()} or run `habits site serve`")


def mkdocs_warning(line: str) -> None:
    """A warning MkDocs logs (a damaged entry, a bad link), as habits shows one."""
    click.secho(f"warning: {line}", fg="yellow", err=True)


@site_group.command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.pass_obj
def serve_cmd(run: Run, port: int) -> None:
    """Serve the site on 127.0.0.1 and rebuild it when the log or pack changes.

    \b
    Example:
      habits site serve --port 8001
    """
    from habits.site.sites import serve_site

    def serving(url: str) -> None:
        click.echo(f"Serving your site on {url} (Ctrl+C stops)")

    serve_site(habits_of(run), port, mkdocs_warning, serving)


CONFIG = click.Path(dir_okay=False, exists=True, path_type=Path)
CONFIG_HELP = (
    "The mkdocs.yml of the docs site (default: the nearest above --docs whose docs_dir "
    "holds it); the printed paths are relative to its docs_dir."
)


@site_group.command("render")
@click.option(
    "--docs",
    "folder",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write the pages into: the docs_dir of a site, or a folder in it.",
)
@click.option("--config", type=CONFIG, help=CONFIG_HELP)
@click.option(
    "--directory-urls/--no-directory-urls",
    default=None,
    help="Match the docs site's use_directory_urls setting (default: what its mkdocs.yml "
    "says, else directory URLs).",
)
@click.pass_obj
def render_cmd(run: Run, folder: Path, config: Path | None, directory_urls: bool | None) -> None:
    """Write the pages into a docs folder, for a site built without the plugin.

    Prints the extra_javascript and extra_css lines to add to the site's mkdocs.yml
    (MkDocs or Zensical), relative to its docs_dir, wherever in it the folder is.

    \b
    Example:
      habits site render --docs docs/habits
      habits site render --docs site-src/habits --config mkdocs.yml
    """
    from habits.site.sites import render_site

    written = render_site(habits_of(run), folder, directory_urls, config)
    warn(written.problems)
    click.echo(f"Wrote {written.pages} pages and their assets into {folder}")
    echo_lines(written.lines, folder)


def echo_lines(lines: Lines, folder: Path) -> None:
    """Say what the site's mkdocs.yml needs (or that it has it), then the lines themselves."""
    site = lines.site
    if lines.listed:
        click.echo(f"{site.config} already has the lines these pages need")
        return
    if site.config is None:
        click.echo(
            f"No mkdocs.yml above {folder} has it in its docs_dir: the paths are relative to "
            f"{folder}; if it is a folder inside a docs_dir, run again with --config"
        )
        click.echo("Add to the site's mkdocs.yml:")
    else:
        click.echo(f"Add to {site.config} (paths relative to its docs_dir, {site.docs_dir}):")
    click.echo(lines.snippet)
    if lines.excluded:  # else MkDocs would publish team.toml and every member file
        click.echo("exclude_docs: |\n" + "".join(f"  {p}\n" for p in lines.excluded), nl=False)
    if lines.hidden:  # the pages of every rank: linked from the board, not from every page
        click.echo("not_in_nav: |\n" + "".join(f"  {p}\n" for p in lines.hidden), nl=False)
