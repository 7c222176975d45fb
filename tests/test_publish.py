"""The plugin-free route: `habits site render` and `habits team render` into a folder of a docs
site, the printed lines pasted into its mkdocs.yml as they are, built with MkDocs + Material and
with Zensical (Material's successor, which runs no plugin), then looked at in a browser.

Also the reader that runs no script (Backstage TechDocs sanitises pages): the boards' tables
read without JavaScript.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pytest
from click.testing import CliRunner

from habits.cli import cli
from tests.sites import NOW, BuiltSite, habits
from tests.test_browser import PATIENCE_MS, Quiet, Watch, browser, watch

if TYPE_CHECKING:
    from playwright.sync_api import Browser

__all__ = ["browser", "watch"]  # the browser tests' fixtures, used here too

MEMBERS = {"ada": "Ada L.", "ben": "", "cy": "Cy Q."}  # handle: display name (opt-in)
SHOWN = [name or handle for handle, name in MEMBERS.items()]  # one name a member


def said_lines(stdout: str) -> str:
    """The config lines a render printed, exactly as printed (from `extra_javascript:` on)."""
    assert "extra_javascript:" in stdout, stdout
    return stdout[stdout.index("extra_javascript:") :]


def base_config(url: str, docs: str = "docs") -> str:
    """A docs site of a team's own: Material, instant navigation on, no web fonts."""
    return (
        f"site_name: Internal docs\nsite_url: {url}\ndocs_dir: {docs}\n"
        "theme:\n  name: material\n  font: false\n  features: [navigation.instant]\n"
    )


class Project(NamedTuple):
    """A docs project: its mkdocs.yml (with the pasted lines) and the folder rendered into."""

    config: Path
    rendered: str  # the folder the pages went into, inside docs_dir ("habits/")


def personal_project(root: Path, workspace: Path, url: str) -> Project:
    """A docs site whose docs_dir holds the personal pages in habits/, rendered into it."""
    root.mkdir(parents=True)
    config = root / "mkdocs.yml"
    config.write_text(base_config(url), encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Internal docs\n\n[Habits](habits/index.md)\n")
    said = habits("--home", str(workspace), "site", "render", "--docs", str(root / "docs/habits"))
    config.write_text(config.read_text(encoding="utf-8") + said_lines(said), encoding="utf-8")
    return Project(config, "habits/")


def team_folder(root: Path) -> Path:
    """A team of three who published; the team folder inside the docs, as the guide has it."""
    team = root / "docs" / "team"
    habits("team", "init", str(team), "--name", "Risk team", "--season-start", "2026-10-01")
    for n, (handle, shown) in enumerate(MEMBERS.items()):
        ws = root / "members" / handle
        habits("demo", str(ws), "--weeks", "8", "--seed", str(n))
        extra = ["--display-name", shown] if shown else []
        habits("--home", str(ws), "team", "join", str(team), "--as", handle, *extra)
        habits("--home", str(ws), "team", "publish")
    return team


def team_project(root: Path, team: Path, url: str) -> Project:
    """A docs site with the leaderboard rendered into its board/ folder."""
    config = root / "mkdocs.yml"
    config.write_text(base_config(url), encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Internal docs\n\n[Board](board/leaderboard/)\n")
    docs = root / "docs" / "board"
    said = habits("team", "render", str(team), "--docs", str(docs))
    config.write_text(config.read_text(encoding="utf-8") + said_lines(said), encoding="utf-8")
    return Project(config, "board/leaderboard/")


def mkdocs_build(config: Path, out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
    done = subprocess.run([*command, "-d", str(out)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def zensical_build(config: Path, out: Path) -> None:
    """Build with Zensical into `out` (it takes site_dir from the config, inside the project)."""
    try:
        import zensical  # noqa: F401
    except ImportError:
        pytest.fail(
            "zensical is not installed: the test extra installs it (pip install -e '.[test]'); "
            "the plugin-free route must be checked against Material's successor"
        )
    text = config.read_text(encoding="utf-8")
    config.write_text(f"site_dir: {out.relative_to(config.parent)}\n{text}", encoding="utf-8")
    command = [sys.executable, "-m", "zensical", "build", "--clean", "-f", str(config)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=config.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert out.is_dir(), done.stdout


Builder = Callable[[Path, Path], None]
BUILDERS: dict[str, Builder] = {"mkdocs": mkdocs_build, "zensical": zensical_build}


class Site(NamedTuple):
    out: Path  # the built site
    url: str  # where it is served
    rendered: str  # the rendered pages' folder in it

    def pages(self) -> list[str]:
        folder = self.out / self.rendered
        return sorted(p.relative_to(self.out).as_posix() for p in folder.rglob("*.html"))


def serve_built(
    root: Path, make: Callable[[Path, str], Project], builder: Builder
) -> Iterator[Site]:
    """Build a project made for its address (instant navigation needs site_url), serve it."""
    out = root / "project" / "built"
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(out)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    project = make(root / "project", url)
    builder(project.config, out)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(out, url, project.rendered)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module", params=list(BUILDERS))
def personal(
    request: pytest.FixtureRequest, demo_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    def make(root: Path, url: str) -> Project:
        return personal_project(root, demo_site.workspace, url)

    yield from serve_built(tmp_path_factory.mktemp("personal"), make, BUILDERS[request.param])


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return team_folder(tmp_path_factory.mktemp("team"))


@pytest.fixture(scope="module", params=list(BUILDERS))
def board(
    request: pytest.FixtureRequest, team: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    def make(root: Path, url: str) -> Project:
        shutil.copytree(team.parent.parent, root)  # the team's docs repository, members aside
        return team_project(root, root / "docs" / "team", url)

    yield from serve_built(tmp_path_factory.mktemp("board"), make, BUILDERS[request.param])


def opened(watch: Watch, url: str) -> None:
    """Open a page: a script or style the config names wrongly is a 404 by its load event
    (said at once, not after waiting for charts that never draw); then wait for the charts."""
    watch.page.goto(url, wait_until="load")
    assert watch.failed == [], url
    watch.wait_drawn()


def worth_a_look(site: Site) -> list[str]:
    """Every rendered page with a chart, and the first at each depth (assets are named
    relative to the page, so each depth is its own check); the rest repeat those."""
    seen: set[int] = set()
    chosen = []
    for name in site.pages():
        depth = name.count("/")
        if depth not in seen or "habits-chart" in (site.out / name).read_text(encoding="utf-8"):
            seen.add(depth)
            chosen.append(name)
    return chosen


def draws_every_chart(site: Site, watch: Watch) -> int:
    """Open the rendered pages: each loads clean, then every chart on it draws. The charts."""
    charts = 0
    for name in worth_a_look(site):
        opened(watch, site.url + name)
        found = watch.page.locator(".habits-chart").count()
        drawn = watch.page.locator(".habits-chart:has(svg.main-svg)").count()
        assert drawn == found, name
        charts += found
    assert watch.errors == [] and watch.failed == [] and watch.remote() == []
    return charts


def test_the_rendered_personal_site_draws_every_chart_in_a_subfolder(
    personal: Site, watch: Watch
) -> None:
    assert len(personal.pages()) > 20 and all(p.startswith("habits/") for p in personal.pages())
    assert draws_every_chart(personal, watch) >= 6 + 12  # the progress page's six, one a challenge
    assert any(url.endswith("habits/assets/habits/plotly.min.js") for url in watch.requests)


def test_instant_navigation_draws_the_next_rendered_page(personal: Site, watch: Watch) -> None:
    page = watch.page
    opened(watch, personal.url + personal.rendered)
    page.evaluate("window.__stayed = true")  # gone if the browser loads a whole new page
    page.locator("nav a[href$='progress/']").first.click()
    page.wait_for_url("**/habits/progress/")
    watch.wait_drawn()
    print("STAYED", page.evaluate("window.__stayed"))
    assert page.evaluate("window.__stayed") is True  # the theme swapped the content only
    charts = page.locator(".habits-chart").count()
    assert charts >= 6 and page.locator(".habits-chart:has(svg.main-svg)").count() == charts
    assert watch.errors == [] and watch.failed == [] and watch.remote() == []


def test_the_rendered_board_draws_and_publishes_nothing_of_the_team_folder(
    board: Site, watch: Watch
) -> None:
    assert board.pages() == [
        "board/leaderboard/challenges/index.html",
        "board/leaderboard/index.html",
        "board/leaderboard/members/index.html",
    ]
    assert draws_every_chart(board, watch) >= 1  # the team's weekly activity
    opened(watch, board.url + board.rendered)
    for name in SHOWN:
        assert watch.page.locator("table", has_text=name).count() >= 3  # week, month, season
    files = [p.relative_to(board.out).as_posix() for p in board.out.rglob("*") if p.is_file()]
    assert not [p for p in files if p.endswith(".toml") or "team/" in p], files


def without_scripts(html: str) -> str:
    """The page as a sanitiser that strips scripts leaves it (DOMPurify's defaults, roughly):
    no <script> element, no event-handler attribute, no javascript: URL."""
    html = re.sub(r"(?is)<script\b.*?</script\s*>", "", html)
    html = re.sub(r"""(?i)\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", "", html)
    return re.sub(r"(?i)javascript:", "about:blank#", html)


def test_every_board_reads_without_javascript(
    board: Site, browser: Browser, tmp_path: Path
) -> None:
    """A reader that strips scripts (Backstage TechDocs) still shows each board and every
    member's row in it; the charts are an enhancement."""
    copy = tmp_path / "site"
    shutil.copytree(board.out, copy)
    for name in board.pages():
        page_file = copy / name
        text = without_scripts(page_file.read_text(encoding="utf-8"))
        assert "<script" not in text.lower()
        page_file.write_text(text, encoding="utf-8")
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(PATIENCE_MS)
    page = context.new_page()
    boards = {"board/leaderboard/index.html": 3, "board/leaderboard/challenges/index.html": 1}
    for name, least in boards.items():
        page.goto((copy / name).as_uri(), wait_until="load")
        tables = page.locator("article table")
        shown = [n for n in range(tables.count()) if tables.nth(n).is_visible()]
        full = [
            n
            for n in shown
            if all(
                tables.nth(n).locator("tr", has_text=member).first.is_visible() for member in SHOWN
            )
        ]
        assert len(full) >= least, (name, len(shown))
    context.close()


def mkdocs_fails(config: Path) -> str:
    """Build a mkdocs.yml that must fail: its one error line (MkDocs adds "Aborted ...")."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HABITS_NOW": NOW}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]
    done = subprocess.run([*command, "-d", str(config.parent / "out")], env=env, text=True,
                          capture_output=True)  # fmt: skip
    assert done.returncode != 0, done.stderr
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, done.stderr
    assert not (config.parent / "out" / "index.html").exists()
    return errors[0]


def plugin_docs(root: Path, plugin: str) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Internal docs\n")
    config = root / "mkdocs.yml"
    config.write_text(f"site_name: Docs\ntheme: {{name: material, font: false}}\nplugins:\n"
                      f"  - search\n  - {plugin}\n")  # fmt: skip
    return config


def removed(team: Path) -> None:
    shutil.rmtree(team)


def emptied(team: Path) -> None:
    shutil.rmtree(team)
    team.mkdir()


def made_a_file(team: Path) -> None:
    shutil.rmtree(team)
    team.touch()


def odd_team_toml(team: Path) -> None:
    (team / "team.toml").unlink()
    os.mkfifo(team / "team.toml")  # a reader would block on it: never opened


def members_a_file(team: Path) -> None:
    (team / "members").rmdir()
    (team / "members").touch()


@pytest.mark.parametrize(
    ("spoil", "said"),
    [
        (removed, "there is no team folder {team}; point `team:` (now 'docs/team') in mkdocs.yml"),
        (emptied, "the team folder {team} has no team.toml; point `team:`"),
        (made_a_file, "the team folder {team} is not a folder; point `team:`"),
        (odd_team_toml, "{team}/team.toml is not a plain file; make it the team.toml"),
        (members_a_file, "cannot read the member files in {team}/members: not a folder"),
    ],
    ids=lambda value: getattr(value, "__name__", "-"),
)
def test_the_leaderboard_plugin_fails_the_build_on_a_team_folder_it_cannot_use(
    tmp_path: Path, spoil: Callable[[Path], None], said: str
) -> None:
    """No board would be published: the build stops, in one line naming the folder and the fix
    (not a warning a CI log buries, leaving docs without their leaderboard)."""
    config = plugin_docs(tmp_path, "habits-leaderboard: {team: docs/team}")
    team = tmp_path / "docs" / "team"
    made = CliRunner().invoke(cli, ["team", "init", str(team), "--season-start", "2026-11-02"])
    assert made.exit_code == 0, made.output
    spoil(team)
    line = mkdocs_fails(config)
    assert said.format(team=team) in line, line


def test_the_habits_plugin_fails_the_build_without_a_workspace(tmp_path: Path) -> None:
    config = plugin_docs(tmp_path, "habits: {workspace: nowhere}")
    line = mkdocs_fails(config)
    assert f"there is no workspace at {tmp_path / 'nowhere'}" in line
    assert "point `workspace:` of the habits plugin in mkdocs.yml at yours" in line


def render(*args: str, ok: bool = True) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"HABITS_NOW": NOW, "NO_COLOR": "1"})
    assert (result.exit_code == 0) is ok, result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr


# A site's mkdocs.yml as people write them: docs_dir elsewhere, tags MkDocs knows (one would
# import a module, one reads the environment), old-style URLs.
SITE_CONFIG = """\
site_name: Internal docs   # ours
docs_dir: !ENV [HABITS_TEST_DOCS_DIR, src]
use_directory_urls: false
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
"""


def test_site_render_names_the_assets_from_the_docs_dir_of_the_mkdocs_yml_above(
    demo_site: BuiltSite, tmp_path: Path
) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(SITE_CONFIG, encoding="utf-8")
    folder = tmp_path / "src" / "me" / "habits"
    _, said, _ = render("--home", str(demo_site.workspace), "site", "render", "--docs", str(folder))
    assert f"Add to {config} (paths relative to its docs_dir, {tmp_path / 'src'}):" in said
    assert said_lines(said) == (
        "extra_javascript:\n"
        "  - me/habits/assets/habits/habits-boot.js\n"
        "  - me/habits/assets/habits/plotly.min.js\n"
        "  - me/habits/assets/habits/habits.js\n"
        "  - me/habits/assets/habits/habits-board.js\n"
        "extra_css:\n"
        "  - me/habits/assets/habits/habits.css\n"
        "  - me/habits/assets/habits/habits-board.css\n"
    )
    # the site's URL style, read from its mkdocs.yml: links end in .html
    assert 'href="due.html"' in (folder / "index.md").read_text(encoding="utf-8")
    # pasted, it says so next time rather than asking again; the comment is the user's own
    config.write_text(SITE_CONFIG + said_lines(said), encoding="utf-8")
    _, again, _ = render(
        "--home", str(demo_site.workspace), "site", "render", "--docs", str(folder)
    )
    assert f"{config} already has the lines these pages need" in again
    assert "extra_javascript" not in again


def test_a_folder_name_yaml_would_misread_is_quoted(demo_site: BuiltSite, tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Docs\n", encoding="utf-8")
    folder = tmp_path / "docs" / "notes #1: mine"
    _, said, _ = render("--home", str(demo_site.workspace), "site", "render", "--docs", str(folder))
    import yaml

    pasted = yaml.safe_load(said_lines(said))
    assert pasted["extra_css"] == [
        "notes #1: mine/assets/habits/habits.css",
        "notes #1: mine/assets/habits/habits-board.css",
    ]


def test_render_outside_the_docs_dir_of_the_given_config_writes_nothing(
    demo_site: BuiltSite, tmp_path: Path
) -> None:
    config = tmp_path / "site" / "mkdocs.yml"
    config.parent.mkdir()
    config.write_text("site_name: Docs\ndocs_dir: docs\n", encoding="utf-8")
    folder = tmp_path / "elsewhere"
    args = ["site", "render", "--docs", str(folder), "--config", str(config)]
    _, _, err = render("--home", str(demo_site.workspace), *args, ok=False)
    assert err.count("\n") == 1 and err.startswith(f"error: {folder} is not inside ")
    assert f"the docs_dir of {config}; render into a folder under {config.parent / 'docs'}" in err
    assert not folder.exists()


def test_render_with_no_mkdocs_yml_above_says_where_the_paths_hold(
    demo_site: BuiltSite, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    _, said, _ = render("--home", str(demo_site.workspace), "site", "render", "--docs", str(folder))
    assert f"No mkdocs.yml above {folder} has it in its docs_dir" in said
    assert "run again with --config" in said
    assert "  - assets/habits/plotly.min.js\n" in said_lines(said)


def test_team_render_into_a_subfolder_keeps_the_team_folder_out_of_the_docs_dir(
    tmp_path: Path,
) -> None:
    """The exclude_docs patterns are relative to docs_dir too, not to --docs."""
    (tmp_path / "mkdocs.yml").write_text("site_name: Docs\n", encoding="utf-8")
    team = tmp_path / "docs" / "team"
    render("team", "init", str(team), "--season-start", "2026-11-02")
    _, said, _ = render("team", "render", str(team), "--docs", str(tmp_path / "docs" / "board"))
    lines = said_lines(said)
    assert "  - board/assets/habits/habits.js\n" in lines
    assert "exclude_docs: |\n  /team/\n" in lines
    # The pages of every rank stay out of the host site's menu (linked from the board).
    assert lines.endswith(
        "not_in_nav: |\n  /board/leaderboard/all/\n  /board/leaderboard/members/*/\n"
    )
