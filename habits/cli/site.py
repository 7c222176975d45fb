"""`habits site`: build, serve or render the personal progress site."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import click

from habits.cli.main import Run, fail, warn


def _mkdocs_quiet() -> _Report:
    """MkDocs speaks at INFO; habits says what happened instead, and shows warnings its way."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    for handler in [h for h in logger.handlers if isinstance(h, _Report)]:
        logger.removeHandler(handler)
    report = _Report(logging.WARNING)
    logger.addHandler(report)
    return report


class _Report(logging.Handler):
    """Warnings (a damaged entry, a bad link) as `warning:` lines; errors kept for the one line."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors.append(record.getMessage())
        else:
            click.secho(f"warning: {record.getMessage()}", fg="yellow", err=True)


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
    folder) is refused.

    \b
    Example:
      habits site build
      habits site build --out /tmp/my-habits
      habits site build --url https://intranet.example/ada/habits/
    """
    import time

    from habits.site.build import score_workspace, site_config
    from habits.site.target import build_into, check_out, guarded_folders

    ws = run.workspace().require()
    own = ws.root / "site"
    target = check_out(out or own, guarded_folders(ws), own)
    # Settings that stop scoring stop here in one line; the plugin reports damaged entries.
    scored = score_workspace(ws, run.now())
    started = time.perf_counter()
    with site_config(ws, scored.site.settings.name) as config:
        build_into(target, lambda folder: _build(config, folder, strict, url))
    pages = sum(1 for _ in target.rglob("*.html"))
    click.echo(
        f"Built your site in {target} ({pages} pages, {time.perf_counter() - started:.1f} s)"
    )
    click.echo(f"Open {(target / 'index.html').as_uri()} or run `habits site serve`")


def _build(config: Path, target: Path, strict: bool, url: str | None) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    report = _mkdocs_quiet()
    try:
        overrides = {"site_url": url} if url else {}
        settings = load_config(str(config), site_dir=str(target), strict=strict, **overrides)
        build(settings)
    except MkDocsException as error:
        cause = report.errors[-1] if report.errors else str(error)
        fail(f"the site did not build: {cause.removeprefix('habits: ')}")


@site_group.command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.pass_obj
def serve_cmd(run: Run, port: int) -> None:
    """Serve the site on 127.0.0.1 and rebuild it when the log or pack changes.

    \b
    Example:
      habits site serve --port 8001
    """
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    from habits.site.build import score_workspace, site_config

    ws = run.workspace().require()
    scored = score_workspace(ws, run.now())
    report = _mkdocs_quiet()
    click.echo(f"Serving your site on http://127.0.0.1:{port}/ (Ctrl+C stops)")
    try:
        with site_config(ws, scored.site.settings.name) as config:
            serve(str(config), dev_addr=f"127.0.0.1:{port}", livereload=True)
    except MkDocsException as error:
        cause = report.errors[-1] if report.errors else str(error)
        fail(f"the site did not build: {cause.removeprefix('habits: ')}")


@site_group.command("render")
@click.option(
    "--docs",
    "folder",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The docs folder to write the pages into.",
)
@click.option(
    "--directory-urls/--no-directory-urls",
    default=True,
    show_default=True,
    help="Match the docs site's use_directory_urls setting.",
)
@click.pass_obj
def render_cmd(run: Run, folder: Path, directory_urls: bool) -> None:
    """Write the pages into a docs folder, for a site that does not run plugins.

    Prints the extra_javascript and extra_css lines its mkdocs.yml needs.

    \b
    Example:
      habits site render --docs ./docs/habits --no-directory-urls
    """
    from habits.site.build import mkdocs_snippet, render_docs, score_workspace

    ws = run.workspace().require()
    scored = score_workspace(ws, run.now())
    warn(scored.problems)
    rendered = render_docs(scored, folder, directory_urls)
    click.echo(f"Wrote {len(rendered.pages)} pages and their assets into {folder}")
    click.echo("Add to the mkdocs.yml of that site (paths relative to its docs folder):")
    click.echo(mkdocs_snippet())
