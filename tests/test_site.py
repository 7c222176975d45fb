"""The personal site as built files: every page, a strict build, offline, escaped, small."""

from __future__ import annotations

import json
import os
import posixpath
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st

from habits.cli import cli
from habits.core.model import Pack, Settings
from habits.site import html as site_html
from habits.site.build import score_workspace
from habits.site.html import h
from habits.site.pages import Links, Site, period_words, render, rule_in_words
from habits.store.workspace import Workspace
from tests.helpers import ACTIONS, card, challenge, entry, pack
from tests.sites import (
    CANARIES,
    CANARY_LINES,
    CANARY_MD,
    CANARY_SCRIPT,
    EMOJI,
    NOW,
    BuiltSite,
    assert_inert,
    habits,
    read_markup,
)

LOADS = {  # attributes whose URL the browser fetches on its own
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "track": "src",
    "input": "src",
    "object": "data",
}
LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}


class Html(HTMLParser):
    """The URLs a page loads, the links it makes and the figures it carries."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.links: list[str] = []
        self.figures: dict[str, Any] = {}
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag in LOADS and found.get(LOADS[tag]):
            self.loads.append(found[LOADS[tag]])
        if tag == "link" and LOADING_RELS & set(found.get("rel", "").split()):
            self.loads.append(found.get("href", ""))
        if tag == "a" and "href" in found:
            self.links.append(found["href"])
        if "style" in found:
            self.styles.append(found["style"])
        if "data-figure" in found:
            self.figures[found["id"]] = json.loads(found["data-figure"])


def parse(path: Path) -> Html:
    return parse_markup(path.read_text(encoding="utf-8"))


def parse_markup(markup: str) -> Html:
    parser = Html()
    parser.feed(markup)
    parser.close()
    return parser


def is_remote(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def expected_pages(site: BuiltSite) -> set[str]:
    pack = site.workspace / "challenges"
    special = {"actions", "badges", "levels", "openers"}
    challenges = {p.stem for p in pack.glob("*.toml")} - special
    months = {p.stem for p in (site.workspace / "log").glob("*.toml")}
    return (
        {"index.html", "progress.html", "badges.html", "challenges/index.html", "log/index.html"}
        | {"people.html", "due.html", "wins.html", "weeks/index.html"}
        | {f"challenges/{c}.html" for c in challenges}
        | {f"log/{m}.html" for m in months}
    )


def test_every_page_is_built(demo_site: BuiltSite) -> None:
    assert expected_pages(demo_site) <= demo_site.page_names()


def test_the_site_loads_nothing_from_another_host(demo_site: BuiltSite) -> None:
    for page in demo_site.pages():
        html = parse(page)
        assert html.loads, page  # the parser does see the theme's scripts and styles
        remote = [url for url in html.loads if is_remote(url)]
        assert not remote, f"{page.name} loads {remote}"
        assert not [s for s in html.styles if re.search(r"url\(\s*['\"]?(https?:)?//", s)]
    for css in demo_site.out.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import\s+['\"]?(url\()?https?:", text)


def test_plotly_ships_once_and_pages_carry_only_data(demo_site: BuiltSite) -> None:
    copies = list(demo_site.out.rglob("plotly*.js"))
    assert [p.relative_to(demo_site.out).as_posix() for p in copies] == [
        "assets/habits/plotly.min.js"
    ]
    for page in demo_site.pages():
        text = page.read_text(encoding="utf-8")
        assert len(text.encode()) <= 200_000, f"{page.name} is {len(text.encode())} bytes"
        assert "plotly.js v" not in text  # the library's banner: never inlined


def test_every_chart_carries_its_figure(demo_site: BuiltSite) -> None:
    progress = parse(demo_site.out / "progress.html").figures
    assert set(progress) == {
        f"chart-{n}" for n in ("points", "calendar", "network", "strength", "actions", "venues")
    }
    for figure in progress.values():
        assert figure["data"], "the demo has data for every chart"
    wins = parse(demo_site.out / "wins.html").figures
    assert wins["chart-funnel"]["data"][0]["type"] == "funnel"
    met, followed, won = wins["chart-funnel"]["data"][0]["x"]
    assert met >= followed >= won >= 1  # the demo has wins
    calls = parse(demo_site.out / "challenges" / "calls.html").figures
    traces = calls["chart-history-calls"]["data"]
    bars = [t["name"] for t in traces if t["type"] == "bar"]  # a bar trace per state
    assert bars == sorted(bars, key=["met", "missed", "rested", "open"].index)
    assert {"met", "missed"} <= set(bars)
    assert {"target", "strength %"} <= {t["name"] for t in traces if t["type"] == "scatter"}


@given(st.text(), st.text())
@example("O'Brien's \"café\" & <b>", "{{ 7 * 7 }}")
def test_a_chart_reads_back_its_figure_whatever_its_strings(name: str, note: str) -> None:
    """The figure's JSON sits in a single-quoted attribute (its double quotes need no
    escaping): whatever a name or note holds, the attribute ends where it should and reads
    back as the figure, with no Markdown or template syntax left live."""
    figure: Any = {"data": [{"type": "bar", "name": name, "x": [note], "y": [1]}]}
    markup = site_html.chart("c", figure, "A chart")
    found = parse_markup(markup).figures
    assert found == {"chart-c": figure}
    attribute = markup[markup.index("data-figure='") + 13 : markup.rindex("'></div>")]
    assert not set("'<>{}\n") & set(attribute)


def test_figures_match_the_golden_file(
    demo_site: BuiltSite, golden: Callable[[str, Any], None]
) -> None:
    scored = score_workspace(Workspace(demo_site.workspace, "test"), datetime.fromisoformat(NOW))
    figures = render(scored.site).figures
    golden("site-figures.json", figures)
    built = parse(demo_site.out / "progress.html").figures
    assert built["chart-points"] == figures["points"]  # the page draws exactly these


def test_internal_links_lead_to_built_pages(demo_site: BuiltSite) -> None:
    for page in demo_site.pages():
        folder = page.parent
        for href in parse(page).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            start = demo_site.out if parts.path.startswith("/") else folder  # 404.html: absolute
            target = (start / parts.path.lstrip("/")).resolve()
            if parts.path.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(demo_site.out)} links to {href}"


def test_canaries_show_as_text_and_never_as_markup(canary_site: BuiltSite) -> None:
    seen: dict[str, int] = dict.fromkeys(CANARIES, 0)
    for path in [*canary_site.pages(), canary_site.out / "search" / "search_index.json"]:
        text = path.read_text(encoding="utf-8")
        for canary in CANARIES:
            assert canary not in text, f"{path.name} holds a raw {canary}"
            seen[canary] += text.count(escape(canary, quote=False))
    assert all(seen.values()), seen  # every canary was rendered, escaped
    home = (canary_site.out / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=window.__xss=1&gt; calls" in home  # a challenge title


def test_markdown_and_emoji_in_every_field_show_as_text(canary_site: BuiltSite) -> None:
    """Titles, names, notes, venues, tags, level names, descriptions: never a link, never an
    image, never a fenced block, whole emoji; in <title>, the navigation, h1 and search too."""
    name = f"{CANARY_SCRIPT} {CANARY_MD}"
    read = assert_inert(canary_site.out, [CANARY_MD, CANARY_LINES, f"{name}’s progress"])
    lunch = read["challenges/lunch.html"]
    assert lunch.title == [f"{CANARY_MD} - {name} · habits"]  # the site name: from settings
    assert lunch.h1 == [CANARY_MD]
    assert CANARY_MD in [link.strip() for link in lunch.links]  # its entry in the navigation
    assert read["search:challenges/lunch.html"].title == [CANARY_MD]
    home = "".join(read["index.html"].text)
    assert re.search(rf"Level (\d+) · {re.escape(CANARY_MD)} \1", home)  # a level's name
    log = "".join(read["log/2026-11.html"].text)
    for shown in (f"{EMOJI} {CANARY_MD}".lower(), CANARY_MD):  # a venue (kept in lower case), tag
        assert shown in log
    assert CANARY_MD in "".join(read["badges.html"].text)  # a badge's description


def test_mkdocs_build_strict_on_the_workspace_config(demo_site: BuiltSite, tmp_path: Path) -> None:
    """The plugin as a user's `mkdocs build --strict` runs it (entry point, config, pages)."""
    out = tmp_path / "out"
    env = {**os.environ, "HABITS_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    config = demo_site.workspace / "mkdocs.yml"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr
    assert expected_pages(demo_site) <= {p.relative_to(out).as_posix() for p in out.rglob("*.html")}


def test_a_damaged_entry_is_reported_and_the_rest_still_builds(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    habits("demo", str(ws), "--weeks", "2")
    month = sorted((ws / "log").glob("*.toml"))[-1]
    lines = month.read_text(encoding="utf-8").count("\n")
    with month.open("a", encoding="utf-8") as handle:
        handle.write('\n[[entry]]\nid = "torn"\nat = 2026-11-19T10:00:00Z\naction = "nope"\n')
    runner = CliRunner()
    env = {"HABITS_NOW": NOW, "NO_COLOR": "1"}
    out = tmp_path / "site"
    built = runner.invoke(cli, ["--home", str(ws), "site", "build", "--out", str(out)], env=env)
    assert built.exit_code == 0, built.output + built.stderr
    assert f"warning: habits: log/{month.name}:{lines + 2}:" in built.stderr
    assert (out / "log" / "index.html").is_file()
    strict = runner.invoke(
        cli, ["--home", str(ws), "site", "build", "--strict", "--out", str(out)], env=env
    )
    assert strict.exit_code == 1
    assert "Traceback" not in strict.output + strict.stderr
    assert strict.stderr.strip().splitlines()[-1].startswith("error: the site did not build")


def test_own_pages_follow_the_generated_ones_and_may_not_take_their_names(
    tmp_path: Path,
) -> None:
    ws = tmp_path / "ws"
    habits("demo", str(ws), "--weeks", "1")
    habits("--home", str(ws), "site", "build", "--out", str(tmp_path / "one"))
    (ws / "pages" / "reading.md").write_text("# Reading list\n\nBooks on small talk.\n")
    habits("--home", str(ws), "site", "build", "--out", str(tmp_path / "two"))
    nav = [
        href
        for href in parse(tmp_path / "two" / "index.html").links
        if href.endswith(".html") and not href.startswith("#")
    ]
    assert "reading.html" in nav
    assert nav.index("reading.html") > max(nav.index(h) for h in nav if h.startswith("log/"))

    (ws / "pages" / "badges.md").write_text("# Mine\n")
    clash = CliRunner().invoke(
        cli, ["--home", str(ws), "site", "build", "--out", str(tmp_path / "three")],
        env={"HABITS_NOW": NOW},
    )  # fmt: skip
    assert clash.exit_code == 1
    assert "pages/badges.md has the name of a generated page" in clash.stderr
    assert "Traceback" not in clash.stderr


def test_render_writes_pages_a_plain_mkdocs_site_can_build(
    demo_site: BuiltSite, tmp_path: Path
) -> None:
    """The plugin-free path: pages plus assets into a docs folder, then plain `mkdocs build`."""
    docs = tmp_path / "docs"
    said = habits(
        "--home", str(demo_site.workspace), "site", "render", "--docs", str(docs),
        "--no-directory-urls",
    )  # fmt: skip
    snippet = said[said.index("extra_javascript:") :]
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Team\nuse_directory_urls: false\n"
        "theme: {name: material, font: false}\n" + snippet,
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml"),
         "-d", str(out)],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (out / "assets" / "habits" / "plotly.min.js").is_file()
    assert (
        parse(out / "progress.html").figures.keys()
        == parse(demo_site.out / "progress.html").figures.keys()
    )


PAGE = st.sampled_from(
    ["index.md", "progress.md", "badges.md", "challenges/index.md", "challenges/calls.md",
     "log/index.md", "log/2026-11.md", "a/b/index.md", "a/b/c.md"]
)  # fmt: skip


@given(PAGE, PAGE, st.booleans())
def test_a_link_between_two_pages_resolves_to_the_target(
    source: str, target: str, directory_urls: bool
) -> None:
    links = Links(directory_urls)
    here = links.url(source)
    base = here if here.endswith("/") or not here else posixpath.dirname(here)
    href = links.href(source, target)
    resolved = posixpath.normpath(posixpath.join(base, href))
    assert resolved == (posixpath.normpath(links.url(target)) if links.url(target) else ".")


@given(st.text())
@example(CANARY_MD)
@example('a\u2028b\x85c\ufeff"d\\e\n---\n')
def test_a_pages_front_matter_always_parses_and_its_body_stays_html(title: str) -> None:
    """MkDocs renders a page whose front matter fails as Markdown, title and all."""
    from mkdocs.utils.meta import get_data

    text = site_html.page(title, [f"<p>{h(title)}</p>", "<p>fixed</p>"])
    body, meta = get_data(text)
    assert meta == {"title": h(title)}
    # every line of the body is ours: no user text starts a line (where Markdown reads fences,
    # headings, link definitions) and none holds a brace (template plugins read those)
    lines = body.strip("\n").split("\n")
    assert lines[0] == '<div class="habits">' and lines[-1] == "</div>"
    assert all(line.startswith("<") for line in lines)
    assert "{" not in body and "}" not in body


@given(st.text())
@example("Ada 🚀")
def test_the_site_name_in_mkdocs_yml_reads_back(name: str) -> None:
    from mkdocs.utils.yaml import yaml_load

    from habits.store.sitefiles import config_text

    config = yaml_load(config_text(name))
    assert config["site_name"] == h(f"{name} · habits" if name else "My habits")


def test_a_name_beyond_the_basic_plane_builds(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    habits("init", str(ws), "--timezone", "UTC", "--name", f"Ada {EMOJI}")
    habits("--home", str(ws), "log", "lunch", "--with", f"Bo {EMOJI}", "--at", "12:00")
    habits("--home", str(ws), "site", "build", "--strict")
    home = read_markup((ws / "site" / "index.html").read_text(encoding="utf-8"))
    assert home.title == [f"Home - Ada {EMOJI} · habits"]
    assert f"Ada {EMOJI}’s progress" in home.h1
    # a mkdocs.yml written before the fix: its emoji as JSON's surrogate escapes
    config = (ws / "mkdocs.yml").read_text(encoding="utf-8")
    (ws / "mkdocs.yml").write_text(
        config.replace(f"Ada {EMOJI}", "Ada \\ud83c\\udf71"), encoding="utf-8"
    )
    habits("--home", str(ws), "site", "build", "--strict")
    home = read_markup((ws / "site" / "index.html").read_text(encoding="utf-8"))
    assert home.title == [f"Home - Ada {EMOJI} · habits"]


def test_a_rule_reads_as_a_sentence() -> None:
    pack = Pack(ACTIONS, {})
    calls = challenge(actions={"ice"}, where={"call"}, target=3, points=10, streak_bonus=2)
    assert rule_in_words(calls, pack) == (
        "Log “Break the ice” 3 times a week, at call. Earns 10 points each week it is met, "
        "plus 2 more for every week of the streak before it."
    )
    follow = challenge(actions={"fu"}, after={"ice", "lunch"}, within_days=1, target=1, every="day")
    assert rule_in_words(follow, pack) == (
        "Log “Follow up” once a day, within a day of “Break the ice” or “Lunch” "
        "with the same person."
    )
    new = challenge(measure="new-people", target=5, every="month", points=1)
    assert rule_in_words(new, pack).startswith(
        "Log “Break the ice” with 5 people a month you had not met before."
    )
    assert rule_in_words(new, pack).endswith("Earns 1 point each month it is met.")
    once = challenge(target=1, every="once", points=10, streak_bonus=2)
    assert (
        rule_in_words(once, pack)
        == "Log “Break the ice” once in all. Earns 10 points once it is met."
    )


def test_a_challenges_periods_read_as_days_as_everywhere_else_on_the_site() -> None:
    """Not "2026-11-16 – 2026-11-22": the days as the rest of the site says them."""
    weekly = challenge(id="w", target=1, every="week")
    monthly = challenge(id="m", target=1, every="month")
    log = [entry(1, "2026-10-29", "ice", "Ann"), entry(2, "2026-11-17", "ice", "Bo")]
    scored = card(pack(weekly, monthly), log, "2026-11-18")
    pages = render(Site(scored, pack(weekly, monthly), Settings())).pages
    assert "<td>Mon 16 – Sun 22 Nov 2026</td>" in pages["challenges/w.md"]
    assert "<td>Mon 26 Oct – Sun 1 Nov 2026</td>" in pages["challenges/w.md"]
    assert "<td>November 2026</td>" in pages["challenges/m.md"]
    assert not re.search(r"\d{4}-\d\d-\d\d", pages["challenges/w.md"].split("<table")[1])
    assert period_words(date(2025, 12, 29), date(2026, 1, 4), "week") == (
        "Mon 29 Dec 2025 – Sun 4 Jan 2026"
    )
    assert period_words(date(2026, 11, 20), date(2026, 11, 20), "day") == "Fri 20 Nov 2026"


def test_the_search_keeps_exactly_the_languages_it_uses(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    from habits.site.build import lunr_files, search_langs

    def files(plugins: str) -> set[str]:
        (tmp_path / "docs").mkdir(exist_ok=True)
        path = tmp_path / "mkdocs.yml"
        path.write_text(f"site_name: x\nplugins: {plugins}\n", encoding="utf-8")
        config = load_config(str(path))
        config.plugins.on_startup(command="build", dirty=False)
        config = config.plugins.on_config(config)
        return lunr_files(search_langs(config))

    assert files("[search]") == set()  # English needs no extra file
    assert files("[{search: {lang: [en, th]}}]") == {
        "wordcut.js",
        "min/lunr.th.min.js",
        "min/lunr.multi.min.js",
        "min/lunr.stemmer.support.min.js",
    }
    assert files("[]") == set()


@pytest.mark.slow
def test_serve_rebuilds_when_the_log_changes(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    habits("demo", str(ws), "--weeks", "2")
    with socket.socket() as probe:  # a free port for the server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "HABITS_NOW": NOW, "NO_COLOR": "1"}
    command = [sys.executable, "-m", "habits", "--home", str(ws), "site", "serve"]
    output = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [*command, "--port", str(port)], env=env, stdout=output, stderr=subprocess.STDOUT
    )
    try:
        home = f"http://127.0.0.1:{port}/index.html"
        assert "Demo Ada" in _fetch_until(home, lambda page: "Demo Ada" in page)
        habits("--home", str(ws), "log", "lunch", "--with", "Zed Quinn", "--at", "13:00")
        page = _fetch_until(home, lambda page: "Zed Quinn" in page)
        assert "Zed Quinn" in page
    finally:
        server.terminate()
        server.wait(timeout=10)
        output.close()


def _fetch_until(url: str, done: Callable[[str], bool], seconds: float = 60) -> str:
    """The page at url once done(page) holds (the server may still be starting or rebuilding)."""
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        try:
            with urlopen(url, timeout=5) as response:
                page = str(response.read().decode("utf-8"))
            if done(page):
                return page
        except OSError:
            pass
        time.sleep(0.3)
    return page


def test_a_new_workspace_builds_a_site_that_says_what_to_do(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    habits("init", str(ws), "--timezone", "UTC")
    assert (ws / "mkdocs.yml").is_file() and (ws / "pages").is_dir()
    said = habits("--home", str(ws), "site", "build", "--strict")
    assert f"Open {(ws / 'site' / 'index.html').as_uri()}" in said
    progress = (ws / "site" / "progress.html").read_text(encoding="utf-8")
    assert parse(ws / "site" / "progress.html").figures.keys() == {"chart-calendar"}
    empty = dict(re.findall(r'<p class="habits-empty" id="chart-(\w+)">([^<]+)</p>', progress))
    assert empty["points"] == "No points yet: log your first micro-connection."
    assert set(empty) == {"points", "network", "strength", "actions", "venues"}


def test_render_never_overwrites_a_page_of_the_persons_own(
    demo_site: BuiltSite, tmp_path: Path
) -> None:
    """`site render` replaces only pages a render wrote: a person's own index.md stops it,
    before anything is written; a second render into its own folder replaces its pages."""
    mine = tmp_path / "mine"
    (mine / "index.md").parent.mkdir()
    (mine / "index.md").write_text("# My team's docs\n", encoding="utf-8")
    args = ["--home", str(demo_site.workspace), "site", "render", "--docs"]
    refused = CliRunner().invoke(cli, [*args, str(mine)], env={"HABITS_NOW": NOW})
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert f"will not overwrite {mine / 'index.md'}: habits did not write it" in refused.stderr
    assert sorted(p.name for p in mine.iterdir()) == ["index.md"]  # nothing written
    assert (mine / "index.md").read_text(encoding="utf-8") == "# My team's docs\n"

    ours = tmp_path / "docs" / "habits"
    habits(*args, str(ours))
    (ours / "progress.md").write_text("stale", encoding="utf-8")  # listed: ours to replace
    habits(*args, str(ours))
    assert (ours / "progress.md").read_text(encoding="utf-8").startswith("---\ntitle: ")
    (ours / "assets" / "habits" / ".habits-pages").unlink()  # rendered before the manifest
    habits(*args, str(ours))
    (ours / "badges.md").unlink()
    (ours / "badges.md").symlink_to(mine / "index.md")  # a link could write anywhere
    (ours / "assets" / "habits" / ".habits-pages").unlink()
    linked = CliRunner().invoke(cli, [*args, str(ours)], env={"HABITS_NOW": NOW})
    assert linked.exit_code == 1 and "will not overwrite" in linked.stderr
    assert (mine / "index.md").read_text(encoding="utf-8") == "# My team's docs\n"


BLANKS = st.text(" \t\n", min_size=1, max_size=4)
KEPT_TAGS = ("pre", "textarea", "script", "style")
PIECE = st.one_of(
    st.text(st.characters(exclude_characters="<&"), max_size=12),
    BLANKS,
    st.sampled_from(["<p>", "</p>", "<a href='#x'>", "</a>", "<td>", "<br>", "<!-- x -->"]),
)
KEPT = st.builds(
    lambda tag, text: f"<{tag} class='k'>{text}</{tag}>",
    st.sampled_from(KEPT_TAGS),
    st.text(st.characters(exclude_characters="<"), max_size=20),
)


@given(st.lists(PIECE, max_size=30))
def test_compacting_a_page_changes_no_run_of_blanks_a_browser_shows(pieces: list[str]) -> None:
    """Outside <pre>, scripts and styles a browser shows any run of blanks as one space:
    compacted, the page reads the same, and no line starts with blanks."""
    page = "".join(pieces)
    compacted = site_html.compact(page)
    assert re.sub(r"\s+", " ", compacted) == re.sub(r"\s+", " ", page)
    assert not re.search(r"\n[ \t]", compacted)
    assert site_html.compact(compacted) == compacted


@given(st.lists(st.one_of(PIECE, KEPT), max_size=30))
def test_compacting_keeps_preformatted_text_scripts_and_styles_as_they_are(
    pieces: list[str],
) -> None:
    kept = [p for p in pieces if p.startswith(tuple(f"<{t} " for t in KEPT_TAGS))]
    compacted = site_html.compact("".join(pieces))
    at = 0
    for block in kept:  # each whole and in order
        at = compacted.index(block, at) + len(block)


def test_a_built_page_is_compacted_and_a_code_block_of_your_own_keeps_its_indents(
    tmp_path: Path,
) -> None:
    ws = tmp_path / "ws"
    habits("demo", str(ws), "--weeks", "1")
    code = "def opener():\n    return 'How was the trip?'\n        # deeper\n"
    (ws / "pages" / "notes.md").write_text(f"# Notes\n\n```python\n{code}```\n")
    habits("--home", str(ws), "site", "build", "--out", str(tmp_path / "site"))
    for path in (tmp_path / "site").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        outside = re.sub(r"<(pre|script|style|textarea)\b.*?</\1>", "", text, flags=re.S)
        assert not re.search(r"\n[ \t]", outside), path.name
    notes = (tmp_path / "site" / "notes.html").read_text(encoding="utf-8")
    shown = re.sub(r"<[^>]+>", "", notes[notes.index("<pre") : notes.index("</pre>")])
    assert unescape(shown).lstrip() == code
