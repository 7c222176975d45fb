"""The built site in headless Chromium: clean loads, charts, instant navigation, palette, XSS, axe.

Debian's chromium, driven by Playwright's Python package. Without a browser these tests skip on
a laptop, and fail under CI=true: CI installs chromium, so a missing one is a broken CI.

A loaded machine must not fail them: every wait is on the page's own readiness (habits.js marks
<body data-habits-drawn> with the page's path once all its charts are drawn) under one generous
limit, never a sleep; a request the browser gives up because the page moved on (the search
worker, the favicon) is not an error, any other failed or refused request is.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

import pytest

from tests.sites import CANARY_IMG, CANARY_MD, CANARY_SCRIPT, BuiltSite, habits
from tests.teams import more_members

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The page says it is drawn: a mark habits.js sets once every chart of this page is drawn.
DRAWN = "document.body.dataset.habitsDrawn === location.pathname"
# How long any wait may take before it fails: long, as only a page that never gets ready
# reaches it, and a machine running five test suites at once is slow.
PATIENCE_MS = 120_000
# Requests the browser aborts when a page is left before they finish: not the site's fault.
MAY_BE_ABORTED = re.compile(
    r"/assets/javascripts/workers/search\.|/search/search_index\.json$|/favicon"
)


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run the browser tests (.ci/run installs what they need)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed")
    if not Path(CHROMIUM).exists():
        unavailable("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class Served(NamedTuple):
    site: BuiltSite
    url: str  # the site's address: it was built for it, so instant navigation is on


@pytest.fixture(scope="module")
def served(demo_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from _serve(demo_site, tmp_path_factory.mktemp("served"))


@pytest.fixture(scope="module")
def served_canary(
    canary_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    yield from _serve(canary_site, tmp_path_factory.mktemp("served"))


def _serve(site: BuiltSite, folder: Path) -> Iterator[Served]:
    """Serve a folder on 127.0.0.1, then build the workspace's site into it for that address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    habits("--home", str(site.workspace), "site", "build", "--out", str(folder), "--url", url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Served(BuiltSite(site.workspace, folder), url)
    server.shutdown()
    server.server_close()


class Watch:
    """Everything a page did that a test may object to."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", self._failed)
        page.on("response", self._refused)
        page.on("dialog", self._dialog)

    @staticmethod
    def aborted_on_leaving(url: str, failure: str | None) -> bool:
        return "ERR_ABORTED" in (failure or "") and bool(MAY_BE_ABORTED.search(urlsplit(url).path))

    def _failed(self, request: Any) -> None:
        if not self.aborted_on_leaving(request.url, request.failure):
            self.failed.append(f"{request.url} {request.failure}")

    def _refused(self, response: Any) -> None:
        if response.status >= 400:  # a missing file is an answer, not a failed request
            self.failed.append(f"{response.url} {response.status}")

    def _console(self, message: Any) -> None:
        if message.type != "error":
            return
        if self.aborted_on_leaving(message.location.get("url", ""), message.text):
            return
        self.errors.append(message.text)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="load")
        self.wait_drawn()

    def wait_drawn(self) -> None:
        """Wait until habits.js says every chart of the current page is drawn."""
        self.page.wait_for_function(DRAWN)

    def remote(self) -> list[str]:
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob", "about", "file")
            and urlsplit(url).hostname not in ("127.0.0.1", "localhost")
        ]


@pytest.fixture
def watch(browser: Browser) -> Iterator[Watch]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(PATIENCE_MS)
    context.set_default_navigation_timeout(PATIENCE_MS)
    yield Watch(context.new_page())
    context.close()


def pages_of(site: BuiltSite) -> list[str]:
    return [p for p in sorted(site.page_names()) if p != "404.html"]


def test_every_page_loads_clean_and_draws_every_chart(served: Served, watch: Watch) -> None:
    drawn = 0
    for name in pages_of(served.site):
        watch.open(served.url + name)
        charts = watch.page.locator(".habits-chart").count()
        svgs = watch.page.locator(".habits-chart svg.main-svg").count()
        assert svgs >= charts, name
        drawn += charts
    assert drawn >= 6 + 12  # the progress page's six and one a challenge
    assert watch.errors == []
    assert watch.failed == []
    assert watch.remote() == []
    assert any(url.endswith("plotly.min.js") for url in watch.requests)


def test_a_request_given_up_on_leaving_is_no_error_and_any_other_failure_is(
    served: Served, watch: Watch
) -> None:
    """The search worker and the favicon may be cut off when a test moves on; nothing else."""
    page = watch.page
    page.route("**/search/search_index.json", lambda route: route.abort("aborted"))
    page.route("**/assets/images/favicon.png", lambda route: route.abort("aborted"))
    watch.open(served.url + "index.html")
    page.locator("input.md-search__input").click()  # the search worker asks for the index
    page.wait_for_function("() => performance.getEntriesByType('resource').some("
                           "entry => entry.name.endsWith('search_index.json'))")  # fmt: skip
    assert watch.failed == [] and watch.errors == []
    page.route("**/assets/habits/habits.css", lambda route: route.abort("aborted"))
    page.route("**/search/search_index.json", lambda route: route.abort("failed"))
    watch.open(served.url + "progress.html")
    page.locator("input.md-search__input").click()
    page.wait_for_function("() => performance.getEntriesByType('resource').some("
                           "entry => entry.name.endsWith('search_index.json'))")  # fmt: skip
    failed = sorted({urlsplit(line.split()[0]).path for line in watch.failed})
    assert failed == ["/assets/habits/habits.css", "/search/search_index.json"]


def test_instant_navigation_draws_the_next_pages_charts(served: Served, watch: Watch) -> None:
    page = watch.page
    watch.open(served.url + "index.html")
    page.evaluate("window.__stayed = true")  # gone if the browser loads a whole new page
    page.locator(".md-nav--primary a[href$='progress.html']").first.click()
    page.wait_for_url("**/progress.html")
    watch.wait_drawn()
    assert page.evaluate("window.__stayed") is True
    assert page.locator(".habits-chart svg.main-svg").count() >= 6
    # plotly's own layout rules survived the swap of <head>: its layers stack, absolutely placed
    position = page.evaluate("getComputedStyle(document.querySelector('.main-svg')).position")
    assert position == "absolute"
    page.locator(".md-nav--primary a[href$='challenges/index.html']").first.click()
    page.wait_for_url("**/challenges/index.html")
    page.locator("article a[href$='calls.html']").first.click()
    page.wait_for_url("**/challenges/calls.html")
    watch.wait_drawn()
    assert page.evaluate("window.__stayed") is True
    assert watch.errors == []


def test_the_palette_switch_recolours_the_charts(served: Served, watch: Watch) -> None:
    """Axes, the heatmap's legend and its levels (the empty cell's colour first) follow the
    palette: each switch of it draws them in the other one's colours."""
    page = watch.page
    watch.open(served.url + "progress.html")
    tick = "document.querySelector('#chart-points .xtick text').style.fill"
    legend = "document.querySelector('#chart-calendar .colorbar .cbaxis text').style.fill"
    empty = "document.getElementById('chart-calendar').data[0].colorscale[0][1]"
    meta = "document.getElementById('chart-calendar').data[0].meta.colorscales"
    scales = page.evaluate(meta)
    seen = []
    for _ in range(2):
        before = [page.evaluate(q) for q in (tick, legend, empty)]
        scheme = page.evaluate("document.body.dataset.mdColorScheme")
        page.locator("label.md-header__button[title^='Switch to']:visible").first.click()
        page.wait_for_function(f"document.body.dataset.mdColorScheme !== {scheme!r}")
        page.wait_for_function(f"{tick} !== {before[0]!r} && {empty} !== {before[2]!r}")
        after = [page.evaluate(q) for q in (tick, legend, empty)]
        assert all(a != b for a, b in zip(after, before, strict=True)), (before, after)
        seen.append(after[2])
    # the dark scale on the dark palette, the light one back on the light palette
    assert sorted(seen) == sorted([scales["dark"][0][1], scales["light"][0][1]])
    assert watch.errors == []


def test_a_phone_keeps_the_strength_chart_readable(served: Served, watch: Watch) -> None:
    """At 390 px the strength chart's legend sits above it and the plot keeps its height."""
    page = watch.page
    page.set_viewport_size({"width": 390, "height": 844})
    watch.open(served.url + "progress.html")
    plot = page.evaluate(
        "document.querySelector('#chart-strength .nsewdrag').getBoundingClientRect().height"
    )
    assert plot >= 200, f"the strength plot is {plot} px tall on a phone"
    width = page.evaluate("document.querySelector('#chart-strength').scrollWidth")
    assert width <= 390


# Each axis title whose labels it would cross: left of a left axis's labels, right of a right
# axis's, below an x axis's. Plotly's automargin makes room for the labels, and without a
# standoff it drew a title of names ("action") in among the longest of them.
TITLES_CROSSING_LABELS = """() => {
  const found = [];
  document.querySelectorAll('.habits-chart').forEach((chart, n) => {
    for (const [axis, side] of [['y', 'left'], ['y2', 'right'], ['x', 'bottom']]) {
      const title = chart.querySelector(`.g-${axis}title text`);
      const labels = Array.from(chart.querySelectorAll(`.${axis}tick text`))
        .filter(e => e.textContent).map(e => e.getBoundingClientRect());
      if (!title || !title.textContent || !labels.length) continue;
      const t = title.getBoundingClientRect();
      const clear = side === 'left' ? t.right <= Math.min(...labels.map(l => l.left)) + 1
        : side === 'right' ? t.left >= Math.max(...labels.map(l => l.right)) - 1
        : t.top >= Math.max(...labels.map(l => l.bottom)) - 1;
      if (!clear) found.push(`chart ${n}: ${axis} "${title.textContent}"`);
    }
  });
  return found;
}"""


def test_no_axis_title_is_drawn_over_its_labels_on_a_laptop_or_a_phone(
    served: Served, watch: Watch
) -> None:
    page = watch.page
    charted = [
        name
        for name in pages_of(served.site)
        if 'class="habits-chart' in (served.site.out / name).read_text(encoding="utf-8")
    ]
    assert {"progress.html", "wins.html", "challenges/calls.html"} <= set(charted)
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 1000})
        for name in charted:
            watch.open(served.url + name)
            crossing = page.evaluate(TITLES_CROSSING_LABELS)
            if crossing:
                found[f"{name} at {width} px"] = crossing
    assert found == {}


def test_the_site_works_opened_from_disk(demo_site: BuiltSite, watch: Watch) -> None:
    watch.open((demo_site.out / "progress.html").as_uri())
    assert watch.page.locator(".habits-chart svg.main-svg").count() >= 6
    assert not [e for e in watch.errors if "Plotly" in e or "habits" in e]
    assert watch.remote() == []


def test_xss_canaries_never_run(served_canary: Served, watch: Watch) -> None:
    page = watch.page
    for name in pages_of(served_canary.site):
        watch.open(served_canary.url + name)
        assert page.evaluate("window.__xss") is None, name
        assert page.locator("a[href^='javascript:' i], img[src*='evil.example']").count() == 0
    # the search box renders titles and text from the index: search for the canary
    watch.open(served_canary.url + "index.html")
    page.locator("input.md-search__input").click()
    page.keyboard.type("onerror")
    page.wait_for_selector(".md-search-result__item")
    assert page.evaluate("window.__xss") is None
    assert watch.dialogs == []
    assert not [url for url in watch.requests if urlsplit(url).path.endswith("/x")]
    assert watch.remote() == []  # nor the Markdown canaries' image, nor anything else remote
    assert watch.failed == []  # search found every file it needs (unused languages are left out)


WIDTHS = (1400, 390)  # a laptop, a phone
SCHEMES = ("default", "slate")  # Material's light and dark palettes
SETTLED = "document.getAnimations().every(a => a.playState !== 'running')"
AXE_RUN = """async () => {
    const r = await axe.run({include: [['.md-content']]},
        {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
         resultTypes: ['violations']});
    return r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target)}));
}"""


def test_our_markup_has_no_wcag_a_or_aa_violation(served: Served, watch: Watch) -> None:
    """Every page on a laptop in the light palette and on a phone in the dark one, and one
    page of each kind (the challenge pages, the months, the weeks, the people by letter share
    theirs) in the other two pairs too: no WCAG 2 A/AA violation. On the phone no page
    scrolls sideways. One page object: a load per page, then the width and the palette
    change in place (the palette as the header's switch sets it)."""
    if not AXE.exists():
        unavailable("axe-core is not installed (make test runs npm ci)")
    page = watch.page
    found, sideways = {}, {}
    kinds: set[str] = set()
    for name in pages_of(served.site):
        folder = name.rpartition("/")[0]
        every = not folder or name.endswith("index.html") or folder not in kinds
        if folder and not name.endswith("index.html"):
            kinds.add(folder)
        page.set_viewport_size({"width": WIDTHS[0], "height": 1000})
        watch.open(served.url + name)
        page.add_script_tag(path=str(AXE))
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 1000})
            wide = page.evaluate("document.scrollingElement.scrollWidth - innerWidth")
            if wide > 0:
                sideways[f"{name} at {width} px"] = wide
            for scheme in SCHEMES if every else SCHEMES[WIDTHS.index(width) :][:1]:
                page.evaluate(f"document.body.dataset.mdColorScheme = {scheme!r}")
                page.wait_for_function(SETTLED)  # colours fade in: judge them once there
                result = page.evaluate(AXE_RUN)
                if result:
                    found[f"{name} at {width} px, {scheme}"] = result
    assert sideways == {}
    assert found == {}
    assert watch.errors == []


def test_a_phone_shows_wide_tables_as_labelled_cards_and_a_laptop_dates_on_one_line(
    served: Served, watch: Watch
) -> None:
    page = watch.page
    watch.open(served.url + "index.html")
    times = page.locator(".habits-table time")
    assert times.count() == 10
    lines = page.evaluate(
        "[...document.querySelectorAll('.habits-table time')].map(t => t.getClientRects().length)"
    )
    assert lines == [1] * 10  # never wrapped onto a second line
    assert page.locator(".md-typeset__scrollwrap").count() == 0  # no table in a scroll region
    page.set_viewport_size({"width": 390, "height": 844})
    before = "getComputedStyle(document.querySelector({!r}), '::before').content"
    cell = ".habits-stack tr:first-child td:nth-child(3)"  # the latest entry's people
    assert page.evaluate(before.format(cell)) == '"With: "'
    assert page.evaluate(f"getComputedStyle(document.querySelector({cell!r})).display") == "block"
    header = page.evaluate(
        "document.querySelector('.habits-stack thead').getBoundingClientRect().height"
    )
    assert header <= 1  # the header row is for screen readers: the labels show instead
    watch.open(served.url + "people.html")
    last = ".habits-stack td[data-label='Last contact']"
    assert page.evaluate(before.format(last)) == '"Last contact: "'
    page.set_viewport_size({"width": 1400, "height": 1000})
    assert page.evaluate(before.format(last)) == "none"  # a laptop shows the table as one
    page.set_viewport_size({"width": 390, "height": 844})
    name = page.locator(".habits-stack td:first-child a").nth(1)
    name_text = name.inner_text()
    # a name leads to that person's section on the page of their letter (opened whole: how
    # Material's instant navigation scrolls to an anchor on another page is its own affair)
    watch.open(name.evaluate("a => a.href"))
    anchor = urlsplit(page.url).fragment
    assert re.search(r"/people/[a-z]+\.html$", urlsplit(page.url).path) and anchor.startswith("p-")
    page.wait_for_function(
        f"(h => h && h.getBoundingClientRect().top >= 0 && h.getBoundingClientRect().top < "
        f"innerHeight)(document.getElementById({anchor!r}))"
    )
    assert page.locator(f"h2#{anchor}").inner_text() == name_text


def test_a_person_reached_by_instant_navigation_is_scrolled_into_view(
    served: Served, watch: Watch
) -> None:
    """People page -> a person's section on their letter's page, on a phone, the page slow to
    come and the reader scrolling meanwhile: Material then keeps the offset it tracked for
    the old page (history.state) instead of the anchor's, and the section must still show."""
    people = served.site.out / "people"
    # the first section of the longest letter page: neither its top nor its bottom shows it
    sections = {
        page.name: re.findall(r'<h2 id="(p-[^"]+)"', page.read_text(encoding="utf-8"))
        for page in people.glob("*.html")
    }
    letter = max(sorted(sections), key=lambda name: len(sections[name]))
    anchor = sections[letter][0]
    page = watch.page
    page.set_viewport_size({"width": 390, "height": 844})
    watch.open(served.url + "people.html")
    held: list[Any] = []
    # the network is slow: the page is held until let go
    page.route(f"**/people/{letter}", lambda route: held.append(route))
    link = page.locator(f".habits-stack a[href$='people/{letter}#{anchor}']").first
    link.click()
    page.wait_for_url(f"**/people/{letter}#{anchor}")
    page.evaluate("window.__stayed = true")  # gone if the browser loads a whole new page
    # the reader scrolls while the page comes (up, unless at the top): Material notes it
    page.mouse.wheel(0, -300 if page.evaluate("scrollY") > 0 else 300)
    page.wait_for_function("history.state !== null")
    assert len(held) == 1
    held[0].continue_()
    watch.wait_drawn()
    assert page.evaluate("window.__stayed") is True
    top = page.evaluate(f"document.getElementById({anchor!r}).getBoundingClientRect().top")
    assert 0 <= top < 844 / 2, top  # the section's heading, near the top of the screen
    assert watch.errors == [] and watch.failed == []


def test_a_week_page_reads_in_both_palettes(served: Served, watch: Watch) -> None:
    """The latest week's review, reached from home: no WCAG A/AA violation, light or dark."""
    if not AXE.exists():
        unavailable("axe-core is not installed (make test runs npm ci)")
    page = watch.page
    watch.open(served.url + "index.html")
    page.locator("article a[href$='weeks/2026-11-09.html']").first.click()
    page.wait_for_url("**/weeks/2026-11-09.html")
    found = {}
    for _ in range(2):
        scheme = page.evaluate("document.body.dataset.mdColorScheme")
        page.add_script_tag(path=str(AXE))
        page.wait_for_function(SETTLED)  # the switch fades the colours in
        found[scheme] = page.evaluate(AXE_RUN)
        page.locator("label.md-header__button[title^='Switch to']:visible").first.click()
        page.wait_for_function(f"document.body.dataset.mdColorScheme !== {scheme!r}")
    assert found == {"default": [], "slate": []}
    assert watch.errors == []


@pytest.fixture(scope="module")
def served_new(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The site of a workspace made a moment ago: nothing logged yet."""
    ws = tmp_path_factory.mktemp("new") / "ws"
    habits("init", str(ws), "--timezone", "UTC")
    yield from _serve(BuiltSite(ws, ws / "site"), tmp_path_factory.mktemp("served"))


def test_a_new_workspaces_pages_say_so_in_words_and_pass_axe(
    served_new: Served, watch: Watch
) -> None:
    """Before the first entry a chart is its message in a line (not an empty plot), and
    every page reads with no WCAG A/AA violation on a laptop, light, and a phone, dark."""
    if not AXE.exists():
        unavailable("axe-core is not installed (make test runs npm ci)")
    page = watch.page
    found = {}
    for name in pages_of(served_new.site):
        page.set_viewport_size({"width": WIDTHS[0], "height": 1000})
        watch.open(served_new.url + name)
        page.add_script_tag(path=str(AXE))
        for width, scheme in zip(WIDTHS, SCHEMES, strict=True):
            page.set_viewport_size({"width": width, "height": 1000})
            page.evaluate(f"document.body.dataset.mdColorScheme = {scheme!r}")
            page.wait_for_function(SETTLED)
            result = page.evaluate(AXE_RUN)
            if result:
                found[f"{name} at {width} px, {scheme}"] = result
    assert found == {}
    watch.open(served_new.url + "progress.html")
    said = page.locator("p.habits-empty").all_inner_texts()
    assert "No points yet: log your first micro-connection." in said and len(said) == 5
    assert page.locator(".habits-chart svg.main-svg").count() > 0  # the year's empty heatmap
    assert watch.errors == []


@pytest.fixture(scope="module")
def served_leaderboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A team whose name and members' display names are canaries, its board served."""
    root = tmp_path_factory.mktemp("team")
    team = root / "team"
    habits("team", "init", str(team), "--season-start", "2026-10-01")
    config = team / "team.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace('name = "team"', f"name = '{CANARY_IMG} {CANARY_MD}'"), encoding="utf-8"
    )
    for handle, shown in (("ada", CANARY_SCRIPT), ("ben", CANARY_MD), ("cy", "")):
        ws = root / handle
        habits("demo", str(ws), "--weeks", "8", "--seed", str(len(handle) + len(shown)))
        extra = ["--display-name", shown] if shown else []
        habits("--home", str(ws), "team", "join", str(team), "--as", handle, *extra)
        habits("--home", str(ws), "team", "publish")
    more_members(team, 60, date(2026, 10, 1), date(2026, 11, 20))  # a board past its top 50
    folder = root / "site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    habits("team", "build", str(team), "--out", str(folder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Served(BuiltSite(team, folder), f"http://127.0.0.1:{server.server_address[1]}/")
    server.shutdown()
    server.server_close()


BOARD_PAGES = [
    "index.html",
    "challenges/index.html",
    "members/index.html",
    "all/season/1/index.html",
]


def test_the_leaderboard_loads_clean_draws_and_never_runs_a_canary(
    served_leaderboard: Served, watch: Watch
) -> None:
    page = watch.page
    for name in BOARD_PAGES:
        watch.open(served_leaderboard.url + name)
        assert page.evaluate("window.__xss") is None, name
        assert page.locator("a[href^='javascript:' i], img[src*='evil.example']").count() == 0
    watch.open(served_leaderboard.url + "index.html")
    assert page.locator(".habits-chart svg.main-svg").count() >= 1
    assert page.locator("table").count() >= 3  # week, month, season
    assert f"{CANARY_IMG} {CANARY_MD}" in page.locator("h1").first.inner_text()  # as text
    assert CANARY_MD in page.locator("table").last.inner_text()  # ben's display name
    assert watch.errors == [] and watch.failed == [] and watch.remote() == []
    assert watch.dialogs == []


def test_the_leaderboard_opens_in_the_readers_palette(
    served_leaderboard: Served, browser: Browser
) -> None:
    """A reader whose system is dark gets the dark board, as on the personal site."""
    schemes = {}
    for preferred in ("light", "dark"):
        context = browser.new_context(color_scheme=preferred)
        context.set_default_timeout(PATIENCE_MS)
        page = context.new_page()
        try:
            page.goto(served_leaderboard.url + "index.html", wait_until="load")
            page.wait_for_function(DRAWN)
            schemes[preferred] = page.evaluate("document.body.dataset.mdColorScheme")
        finally:
            context.close()
    assert schemes == {"light": "default", "dark": "slate"}


def axe_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found: list[str] = page.evaluate(
        """async () => (await axe.run({include: [['.md-content']]},
            {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}))
            .violations.map(v => v.id + ' ' + v.nodes.map(n => n.target).join(','))"""
    )
    return found


def test_the_leaderboard_has_no_wcag_violation_wide_or_narrow_light_or_dark(
    served_leaderboard: Served, watch: Watch
) -> None:
    if not AXE.exists():
        unavailable("axe-core is not installed (make test runs npm ci)")
    page = watch.page
    found = {}
    for width, names in ((1400, BOARD_PAGES[:1]), (1280, BOARD_PAGES), (390, BOARD_PAGES)):
        page.set_viewport_size({"width": width, "height": 900})
        for name in names:
            watch.open(served_leaderboard.url + name)
            for _ in range(2):  # light, then dark
                scheme = page.evaluate("document.body.dataset.mdColorScheme")
                found[f"{width} {scheme} {name}"] = axe_violations(page)
                page.locator("label.md-header__button[title^='Switch to']:visible").first.click()
                page.wait_for_function(f"document.body.dataset.mdColorScheme !== {scheme!r}")
    assert {key: value for key, value in found.items() if value} == {}
    assert len(found) == (1 + 2 * len(BOARD_PAGES)) * 2 and watch.errors == []


# Whether anything of the page is wider than the window (it would scroll sideways), and each
# board's widest overflow (a table cut off inside its wrapper).
OVERFLOW = """() => ({
    page: document.documentElement.scrollWidth - window.innerWidth,
    boards: Math.max(0, ...Array.from(document.querySelectorAll('.habits-board-wrap'),
                                      w => w.scrollWidth - w.clientWidth)),
})"""


def test_the_leaderboard_fits_a_laptop_and_stacks_on_a_phone(
    served_leaderboard: Served, watch: Watch
) -> None:
    page = watch.page
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name in BOARD_PAGES:
            watch.open(served_leaderboard.url + name)
            assert page.evaluate(OVERFLOW) == {"page": 0, "boards": 0}, (width, name)
    page.set_viewport_size({"width": 1280, "height": 900})
    watch.open(served_leaderboard.url + "index.html")
    season = page.locator("table.habits-board[data-board='season']")
    head = "document.querySelector(\"table[data-board='season'] thead\").offsetHeight"
    assert season.locator("th").count() == 8 and page.evaluate(head) > 10
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate(head) <= 1  # stacked: the header is for screen readers, and...
    labels = page.evaluate(
        """() => Array.from(document.querySelector("table[data-board='season'] tr[id]").cells,
                 td => getComputedStyle(td, '::before').content)"""
    )
    assert labels == [
        '"Rank"', '"Move"', '"Member"', '"Points"', '"Consistency"', '"New people"',
        '"Connector"', '"Follow-up rate"',
    ]  # fmt: skip  # ...each cell says its column


def test_every_leaderboard_table_reads_without_javascript(
    served_leaderboard: Served, browser: Browser
) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(PATIENCE_MS)
    page = context.new_page()
    try:
        page.goto(served_leaderboard.url + "index.html", wait_until="load")
        for board in ("week", "month", "season"):
            rows = page.locator(f"table.habits-board[data-board='{board}'] tbody tr")
            assert rows.count() == 50 and rows.first.is_visible()  # the top 50 of 63
        assert CANARY_MD in page.locator("table.habits-board").first.inner_text()
        page.goto(served_leaderboard.url + "all/season/1/index.html", wait_until="load")
        assert page.locator("table.habits-board tbody tr").count() == 63  # every rank
        page.goto(served_leaderboard.url + "challenges/index.html", wait_until="load")
        assert page.locator("table.habits-board tbody tr").first.is_visible()
        page.goto(served_leaderboard.url + "members/index.html", wait_until="load")
        assert page.locator("ul.habits-members > li").count() == 63
        assert page.locator("button.habits-me-button").count() == 0  # needs JavaScript
    finally:
        context.close()


def test_this_is_me_pins_the_readers_row_under_the_leaderboards_top(
    served_leaderboard: Served, watch: Watch
) -> None:
    page = watch.page
    watch.open(served_leaderboard.url + "members/index.html")
    # a member past the top 50 of the season's board: their row is on a page of every rank
    member = page.locator("ul.habits-members > li:has(a[href*='all/season/'])").first
    name = member.locator("strong").inner_text()
    member.get_by_role("button", name="This is me").click()
    assert member.get_by_role("button", name="This is you: forget").is_visible()
    watch.open(served_leaderboard.url + "index.html")
    pinned = page.locator("table[data-board='season'] tbody.habits-pinned tr")
    pinned.wait_for()
    assert pinned.count() == 1 and name in pinned.inner_text() and "(you)" in pinned.inner_text()
    assert page.locator("table[data-board='season'] > tbody:not(.habits-pinned) tr").count() == 50
    assert name in page.locator(".habits-board-me").inner_text()
    watch.open(served_leaderboard.url + "members/index.html")
    member.get_by_role("button", name="This is you: forget").click()
    watch.open(served_leaderboard.url + "index.html")
    assert page.locator("tbody.habits-pinned").count() == 0
    assert watch.errors == [] and watch.failed == []
