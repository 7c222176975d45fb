"""The site as the log grows for years: a page's navigation stays small, and a build after a
change rewrites only the pages it changed, yet gives the very site a full build gives."""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import markdown  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner
from mkdocs.utils import meta

from habits.site.build import score_workspace
from habits.site.incremental import manifest_path
from habits.site.pages import render
from habits.store.workspace import Workspace
from tests.conftest import NOW, Home
from tests.sites import habits

MONTH_LINK = re.compile(r'<a [^>]*href="[^"]*?(\d{4})-(\d{2})\.html"')


def month_links(page: Path) -> set[tuple[str, str]]:
    """The (year, month) of every month page a page links to (<a>, not <link rel=prev>)."""
    return set(MONTH_LINK.findall(page.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Over two years of history (three calendar years of months), its site built."""
    root = tmp_path_factory.mktemp("years") / "ws"
    habits("demo", str(root), "--weeks", "110")
    habits("--home", str(root), "site", "build")
    return root


def test_a_page_links_only_the_months_of_its_own_year(years: Path) -> None:
    site = years / "site"
    months = {tuple(p.stem.split("-")) for p in (years / "log").glob("*.toml")}
    assert len({year for year, _ in months}) == 3  # the fixture spans three years
    assert month_links(site / "badges.html") == set()  # the Log is one link, to log/
    for year in {y for y, _ in months}:
        own = {m for m in months if m[0] == year}
        for month in own:
            shown = month_links(site / "log" / f"{'-'.join(month)}.html")
            assert shown == own, month  # its year's months, open in the navigation
        # the year's page lists its months, the log's index every year's
        assert month_links(site / "log" / year / "index.html") == own
        index = (site / "log" / "index.html").read_text(encoding="utf-8")
        assert f'href="{year}/index.html"' in index
    assert month_links(site / "log" / "index.html") == months


def test_an_older_mkdocs_yml_gets_the_pruned_navigation_too(years: Path, tmp_path: Path) -> None:
    """mkdocs.yml as habits wrote it before `navigation.prune` (the plugin adds it)."""
    config = years / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    - navigation.prune" in text  # as written now
    older = re.sub(r"(?m)^    - navigation\.prune.*\n", "", text)
    config.write_text(older, encoding="utf-8")
    try:
        habits("--home", str(years), "site", "build", "--out", str(tmp_path / "site"))
    finally:
        config.write_text(text, encoding="utf-8")
    assert month_links(tmp_path / "site" / "badges.html") == set()
    assert len(month_links(tmp_path / "site" / "log" / "2025-06.html")) == 12


# -- a build keeps what did not change ----------------------------------------------------------

LATER = "2026-11-20T18:05:00+00:00"


def new_entry(home: Home) -> None:
    home.run("log", "lunch", "--with", "Ana Ruiz", "--note", "a new one", now=LATER)


def edited_entry(home: Home) -> None:
    """A hand edit of the oldest month: a note changed."""
    oldest = sorted((home.root / "log").glob("*.toml"))[0]
    text = oldest.read_text(encoding="utf-8")
    assert 'note = ""' in text
    oldest.write_text(text.replace('note = ""', 'note = "edited by hand"', 1), "utf-8")


def new_month(home: Home) -> None:
    """An entry in a month before the first: a new page, and a new month in the navigation."""
    home.run("log", "lunch", "--with", "Ana Ruiz", "--at", "2026-03-10T12:00", now=LATER)


def pack_change(home: Home) -> None:
    home.write(
        "challenges/lunches.toml",
        """
        title = "Two lunches a week"
        actions = ["lunch"]
        target = 2
        every = "week"
        """,
    )


def settings_change(home: Home) -> None:
    settings = home.root / "habits.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace('name = "Demo Ada"', 'name = "Ada L."'), "utf-8")


def own_page(home: Home) -> None:
    home.write("pages/reading.md", "# Reading list\n\nA book on pricing.\n")


def config_change(home: Home) -> None:
    config = home.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("indigo", "teal"), "utf-8")


CHANGES: dict[str, tuple[Callable[[Home], None], bool]] = {  # the change, whether nav changes
    "a new entry": (new_entry, False),
    "an entry edited by hand": (edited_entry, False),
    "a new month": (new_month, True),
    "a new challenge": (pack_change, True),
    "a new name in habits.toml": (settings_change, False),
    "a page of your own": (own_page, True),
    "mkdocs.yml edited": (config_change, True),
}


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")  # the sitemap's dates, in every build
    root = tmp_path / "ws"
    habits("demo", str(root), "--weeks", "10")
    return Home(root, CliRunner())


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_build_after_a_change_gives_the_site_a_full_build_gives(
    demo: Home, tmp_path: Path, change: str
) -> None:
    made, moves_nav = CHANGES[change]
    site = demo.root / "site"
    demo.run("site", "build")
    before = inodes(site)
    made(demo)
    demo.run("site", "build", "--strict", now=LATER)  # keeping pages warns of nothing
    demo.run("site", "build", "--out", str(tmp_path / "full"), now=LATER)  # nothing to keep
    got, full = files(site), files(tmp_path / "full")
    assert sorted(got) == sorted(full)
    assert [name for name in got if got[name] != full[name]] == []
    index = json.loads(got["search/search_index.json"])
    searched = {d["location"].split("#")[0] for d in index["docs"]}
    week_pages = {n for n in inodes(site) if re.fullmatch(r"weeks/[\d-]+\.html", n)}
    assert week_pages and not searched & week_pages  # left out of the search, kept or not
    assert searched == set(inodes(site)) - {"404.html"} - week_pages
    kept = {name for name, ino in inodes(site).items() if before.get(name) == ino}
    if moves_nav:
        assert kept == set()  # every page shows the navigation: all are built again
    else:
        assert kept and len(kept) < len(before)
        oldest = min(n for n in before if re.fullmatch(r"log/\d{4}-\d{2}\.html", n))
        assert (oldest in kept) == (change != "an entry edited by hand")


def test_a_page_changed_in_the_published_site_is_built_again(demo: Home) -> None:
    """The site's own files are checked before they are kept (a parallel build, an edit)."""
    site = demo.root / "site"
    demo.run("site", "build")
    month = sorted((site / "log").glob("*-*.html"))[0]
    whole = month.read_bytes()
    month.write_bytes(whole.replace(b"</h1>", b" (edited)</h1>", 1))
    demo.run("site", "build")
    assert month.read_bytes() == whole


def test_a_build_never_writes_through_a_kept_file(demo: Home, tmp_path: Path) -> None:
    """A page built again is a new file: the old one (a reader may hold it) stays as it was."""
    site = demo.root / "site"
    demo.run("site", "build")
    oldest = sorted((site / "log").glob("*-*.html"))[0]
    held = tmp_path / "held.html"
    os.link(oldest, held)
    before = held.read_bytes()
    edited_entry(demo)
    demo.run("site", "build")
    assert oldest.read_bytes() != before and b"edited by hand" in oldest.read_bytes()
    assert held.read_bytes() == before


def test_a_damaged_manifest_only_means_a_full_build(demo: Home) -> None:
    site = demo.root / "site"
    demo.run("site", "build")
    manifest = manifest_path(Workspace(demo.root, "test").cache, site.resolve())
    assert manifest.is_file()
    manifest.write_text('{"format": 1, "key": "x", "pages": [', encoding="utf-8")
    before = inodes(site)
    demo.run("site", "build")
    assert not set(before.items()) & set(inodes(site).items())
    assert json.loads(manifest.read_text(encoding="utf-8"))["pages"]


def test_a_build_with_a_plugin_habits_does_not_know_builds_every_page(demo: Home) -> None:
    """Another plugin might rewrite pages in place: no page is kept for it."""
    config = demo.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - search\n", "  - search\n  - tags\n"), "utf-8")
    site = demo.root / "site"
    demo.run("site", "build")
    before = inodes(site)
    demo.run("site", "build")
    assert not set(before.items()) & set(inodes(site).items())


def test_where_hard_links_are_refused_the_kept_pages_are_copied(
    demo: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system without hard links (some shares, FAT): the same site, pages copied."""
    site = demo.root / "site"
    demo.run("site", "build")
    oldest = sorted((site / "log").glob("*-*.html"))[0]
    written = oldest.stat().st_mtime_ns

    def refused(*_: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", refused)
    new_entry(demo)
    demo.run("site", "build", now=LATER)
    demo.run("site", "build", "--out", str(tmp_path / "full"), now=LATER)
    assert files(site) == files(tmp_path / "full")
    assert oldest.stat().st_mtime_ns == written  # copied as it was, not built again


def test_our_pages_are_html_that_markdown_passes_through_unchanged(tmp_path: Path) -> None:
    """Why our pages may skip Markdown in a build: it would give back their HTML as it is."""
    root = tmp_path / "ws"
    habits("demo", str(root), "--weeks", "6")
    scored = score_workspace(Workspace(root, "test"), datetime.fromisoformat(NOW))
    for path, text in render(scored.site).pages.items():
        body = meta.get_data(text)[0]
        md = markdown.Markdown(extensions=["toc", "tables", "fenced_code"])
        assert md.convert(body) == body.strip(), path
