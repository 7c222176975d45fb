"""The personal site's pages read as a person asks: home first, then people, tables that fit."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import escape, unescape
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from habits.core.model import Settings
from habits.core.network import network
from habits.core.people import NOBODY
from habits.core.periods import Calendar
from habits.core.sofar import week_so_far
from habits.core.when import said
from habits.site.build import score_workspace
from habits.site.home_page import ENTRY_COLUMNS
from habits.site.pages import Site, render
from habits.site.person_pages import letter, slug
from habits.store.workspace import Workspace
from tests.helpers import card, challenge, entry, pack
from tests.sites import NOW, BuiltSite, habits

TODAY = "2026-11-18"  # a Wednesday


def demo_pages(site: BuiltSite) -> tuple[Site, dict[str, str]]:
    scored = score_workspace(Workspace(site.workspace, "test"), datetime.fromisoformat(NOW))
    return scored.site, render(scored.site).pages


def between(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def test_the_week_so_far_counts_the_same_days_of_last_week() -> None:
    """Monday to Wednesday against Monday to Wednesday: last Thursday's entry is left out."""
    weekly = challenge(id="weekly", target=1, every="week")
    daily = challenge(id="daily", target=1, every="day")
    monthly = challenge(id="monthly", target=1, every="month")  # not a week's challenge
    log = [
        entry(1, "2026-11-09", "ice", "Ann"),
        entry(2, "2026-11-10", "lunch", "Bo"),  # a lunch: the daily icebreaker is missed
        entry(3, "2026-11-11", "ice", "ann"),
        entry(4, "2026-11-12", "ice", "Cy"),  # Thursday: after the same days
        entry(5, "2026-11-16", "ice", "Ann"),
        entry(6, "2026-11-17", "ice", "Di", "Cy"),
    ]
    scored = card(pack(weekly, daily, monthly), log, TODAY)
    now, then = week_so_far(scored, Calendar(Settings()), NOBODY)
    assert (now.start, now.end, then.start, then.end) == (
        date(2026, 11, 16), date(2026, 11, 18), date(2026, 11, 9), date(2026, 11, 11)
    )  # fmt: skip
    assert (now.entries, now.people, now.new_people) == (2, 3, 1)  # Ann, Di, Cy; Di is new
    assert (then.entries, then.people, then.new_people) == (3, 2, 2)  # Ann, Bo
    assert (now.met, now.challenges) == (2, 2)  # Wednesday is not over: not missed yet
    assert (then.met, then.challenges) == (1, 2)  # the daily one missed on Tuesday


@given(st.lists(st.integers(0, 27), max_size=40), st.integers(0, 13), st.integers(0, 6))
def test_the_week_so_far_holds_the_entries_of_its_days(
    offsets: list[int], today: int, week_start: int
) -> None:
    first = date(2026, 11, 2)
    log = [entry(n, (first + timedelta(days=d)).isoformat(), "ice", f"P{d % 5}")
           for n, d in enumerate(sorted(offsets))]  # fmt: skip
    as_of = first + timedelta(days=14 + today)
    settings = Settings(week_start=week_start)
    scored = card(pack(challenge(every="week")), log, as_of.isoformat(), settings)
    now, then = week_so_far(scored, Calendar(settings), NOBODY)
    assert now.end == as_of and now.start.weekday() == week_start
    assert then.start == now.start - timedelta(days=7) and then.end == now.end - timedelta(days=7)
    for span in (now, then):
        days = [first + timedelta(days=d) for d in offsets]
        assert span.entries == sum(1 for d in days if span.start <= d <= span.end)
        assert span.new_people <= span.people <= span.entries


def test_home_shows_this_weeks_challenges_at_risk_first_and_longer_ones_apart(
    demo_site: BuiltSite,
) -> None:
    site, pages = demo_pages(demo_site)
    home = pages["index.md"]
    results = {r.id: r for r in site.card.challenges}
    week = re.findall(r'<li><a href="challenges/([^"]+)\.html"', between(
        home, "<h2>This week’s challenges</h2>", "<h3>Monthly and once-only</h3>"
    ))  # fmt: skip
    longer = re.findall(r'<li><a href="challenges/([^"]+)\.html"', between(
        home, "<h3>Monthly and once-only</h3>", "<h2>"
    ))  # fmt: skip
    assert {results[c].challenge.every for c in week} == {"day", "week"}
    assert {results[c].challenge.every for c in longer} == {"month", "once"}
    assert sorted(week + longer) == sorted(c for c, r in results.items() if r.current)

    def rank(c: str) -> int:
        return 0 if results[c].at_risk else 2 if results[c].met else 1

    assert results[week[0]].at_risk  # the demo has one at risk: it comes first
    assert [rank(c) for c in week] == sorted(rank(c) for c in week)
    assert [rank(c) for c in longer] == sorted(rank(c) for c in longer)


def test_home_compares_the_week_so_far_with_the_same_days_of_last_week(
    demo_site: BuiltSite,
) -> None:
    site, pages = demo_pages(demo_site)
    home = unescape(pages["index.md"])
    now, then = week_so_far(site.card, Calendar(site.settings), site.people)
    assert "Monday 16 to Friday 20 November, against the same days of last week " in home
    assert "(Monday 9 to Friday 13 November)" in home
    tiles = dict(re.findall(r'<dt>([^<]+)</dt><dd><strong class="habits-big">([^<]+)<', home))
    assert tiles == {
        "Entries": str(now.entries),
        "People met": str(now.people),
        "New people": str(now.new_people),
        "Challenges met": f"{now.met} of {now.challenges}",
    }
    change = now.entries - then.entries
    assert f"last week {then.entries} ({f'{change:+}' if change else 'the same'})</small>" in home
    assert now.entries > 0 and then.entries > 0


def test_home_names_what_is_due_today(demo_site: BuiltSite) -> None:
    site, pages = demo_pages(demo_site)
    home = between(pages["index.md"], "<h2>Due today</h2>", "<h2>Badges just earned</h2>")
    net = network(site.card, site.pack, site.settings, site.people)
    due = [d for d in net.due if d.due <= net.as_of]
    assert len(due) > 5  # the demo is behind: some are shown, the rest are a link away
    assert f"<p>{len(due)} due today or late, the oldest:</p>" in home
    shown = re.findall(r"<li>(?:Follow up with|Ask) (.+?)(?: whether they met)? · ", home)
    assert shown == [escape(d.person) for d in due[:5]]
    assert 'href="due.html"' in home


def test_latest_entries_show_short_dates_in_a_table_that_never_scrolls(
    demo_site: BuiltSite,
) -> None:
    """Material wraps a table without a class in a scroll region no keyboard can reach: none
    of our pages has one, and dates are short ("Fri 20 Nov 16:02") and kept on one line."""
    site, pages = demo_pages(demo_site)
    home = between(pages["index.md"], "<h2>Latest entries</h2>", "</table>")
    newest = site.card.entries[-1]
    local = Calendar(site.settings).local(newest.at)
    shown = said(local, "%a %d %b %H:%M")
    assert f'<time datetime="{newest.at.isoformat()}">{shown}</time>' in home
    assert '<table class="habits-table habits-stack habits-entries">' in home
    for path in demo_site.pages():
        article = path.read_text(encoding="utf-8").split('<div class="habits">', 1)[-1]
        assert "<table>" not in article, path.relative_to(demo_site.out)
    css = (Path(__file__).parent.parent / "habits/site/assets/habits.css").read_text()
    assert re.search(r"\.habits time \{ white-space: nowrap; \}", css)


def test_a_phone_labels_every_column_of_the_log_as_its_header_says() -> None:
    """The log's tables name their columns in the stylesheet (not in a thousand cells)."""
    css = (Path(__file__).parent.parent / "habits/site/assets/habits.css").read_text()
    named = dict(
        re.findall(r'\.habits-entries td:nth-child\((\d)\)::before \{ content: "([^"]+): "', css)
    )
    assert named == {str(n + 1): column for n, column in enumerate(ENTRY_COLUMNS) if n}


def test_the_people_page_links_each_name_to_their_section(demo_site: BuiltSite) -> None:
    site, pages = demo_pages(demo_site)
    net = network(site.card, site.pack, site.settings, site.people)
    people = pages["people.md"]
    links = re.findall(r'<a href="(people/[a-z]+\.html)#([^"]+)">([^<]+)</a>', people)
    assert len(links) == len(net.people) > 10  # the demo met everyone in the last 90 days
    for target, anchor, name in links:
        page = pages[target.replace(".html", ".md")]
        section = page.split(f'<h2 id="{anchor}">', 1)[1].split("<h2", 1)[0]
        assert section.startswith(f"{name}</h2>")
    won = next(p for p in net.people if p.wins)
    section = pages[f"people/{letter(won.name)}.md"].split(f'id="p-{slug(won.name)}"')[1]
    section = section.split("<h2", 1)[0]
    assert f"First met {said(won.first.day, '%a %d %b %Y')} (" in section
    assert f"{won.touches} touches" in section and "<strong>win: " in section
    followed = next(p for p in net.people if p.open_follow_up is not None)
    section = pages[f"people/{letter(followed.name)}.md"].split(f'id="p-{slug(followed.name)}"')[1]
    follow_ups = section.split("<h2", 1)[0].split("<p>Follow-ups, newest first:</p>")[1]
    items = re.findall(r"<li>([^<]*)</li>", follow_ups.split("</ul>")[0])  # a list, one each
    assert items and all(re.match(r"(Follow-up|Did they meet\?) from ", i) for i in items)
    assert any(", open (due " in i or ", late (due " in i for i in items)


def test_a_section_is_kept_for_the_last_years_people_and_the_rest_get_a_line() -> None:
    log = [
        entry(1, "2024-05-02", "ice", "Old Pal"),
        entry(2, "2024-06-02", "lunch", "Old Pal"),
        entry(3, "2026-11-02", "ice", "Oda Nobu"),
        entry(4, "2026-11-03", "ice", "Émile Zola", "Zoë"),
    ]
    scored = card(pack(challenge()), log, TODAY)
    pages = render(Site(scored, pack(challenge()), Settings())).pages
    assert {p for p in pages if p.startswith("people/")} == {"people/o.md", "people/e.md",
                                                              "people/z.md"}  # fmt: skip
    o = pages["people/o.md"]
    assert '<h2 id="p-oda-nobu">Oda Nobu</h2>' in o
    assert 'id="p-old-pal"' not in o
    older = between(o, "<h2>Not in touch for a year</h2>", "</ul>")
    assert "Old Pal" in older and "2 touches" in older
    assert '<h2 id="p-emile-zola">Émile Zola</h2>' in pages["people/e.md"]
    assert "Break the ice @ call · with Zoë<" in pages["people/e.md"]  # the others met with them
    people = pages["people.md"]
    assert "Old Pal" not in people  # not in touch for 90 days: found by name
    assert '<a href="people/o.html#p-oda-nobu">Oda Nobu</a>' in people


def test_names_file_under_their_letter_and_ids_are_safe() -> None:
    assert [letter(n) for n in ("ada", "Émile", " zoë", "Łukasz", "李雷", "", "9 to 5")] == [
        "a", "e", "z", "other", "other", "other", "other"
    ]  # fmt: skip
    assert slug("Zoë O'Neil <b>") == "zoe-o-neil-b"
    assert slug("李雷") == ""


def test_the_team_side_renders_no_person_page_and_no_contact(tmp_path: Path) -> None:
    """People pages are the personal site's alone: a leaderboard names no contact."""
    team, ws, docs = tmp_path / "team", tmp_path / "ws", tmp_path / "docs"
    habits("team", "init", str(team), "--season-start", "2026-11-01")
    habits("init", str(ws), "--timezone", "UTC", "--name", "Ada")
    home = ("--home", str(ws))
    habits(*home, "log", "lunch", "--with", "Xylia Quokkaberg", "--at", "2026-11-18T12:00")
    habits(*home, "log", "icebreaker", "--with", "Xylia Quokkaberg", "--at", "2026-11-19T09:00")
    habits(*home, "team", "join", str(team), "--as", "ada")
    habits(*home, "team", "publish")
    habits("team", "render", str(team), "--docs", str(docs))
    written = [p for p in docs.rglob("*") if p.is_file()]
    assert any(p.suffix == ".md" for p in written)
    assert not [p for p in written if "people" in p.relative_to(docs).parts[:-1] or
                p.stem == "people"]  # fmt: skip
    for path in written:
        if path.suffix in (".md", ".json", ".js", ".html"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "Quokkaberg" not in text and "quokkaberg" not in text.lower(), path
    own = tmp_path / "own"
    habits(*home, "site", "render", "--docs", str(own))
    assert "Xylia Quokkaberg" in (own / "people" / "x.md").read_text(encoding="utf-8")


def test_an_entry_from_another_year_shows_its_year_on_home() -> None:
    log = [entry(1, "2025-12-30T10:00", "ice", "Ann")]
    scored = card(pack(challenge()), log, "2026-01-02")
    home = render(Site(scored, pack(challenge()), Settings())).pages["index.md"]
    at = datetime(2025, 12, 30, 10, 0, tzinfo=UTC).isoformat()
    assert f'<time datetime="{at}">Tue 30 Dec 2025 10:00</time>' in home


def test_a_month_of_the_log_heads_each_day_and_gives_each_entry_its_time(
    demo_site: BuiltSite,
) -> None:
    """Every entry of the month once, newest first, under the heading of its own day; the
    table is left out of the search (the People pages find a person)."""
    site, pages = demo_pages(demo_site)
    calendar = Calendar(site.settings)
    month = [e for e in site.card.entries if calendar.local(e.at).strftime("%Y-%m") == "2026-10"]
    text = pages["log/2026-10.md"]
    assert '<table class="habits-table habits-stack habits-entries" data-search-exclude>' in text
    found = []
    for group in re.findall(r"<tbody>(.*?)</tbody>", text, re.S):
        day = re.search(r'scope="rowgroup"><time datetime="([\d-]+)">\w+ \d\d? \w+</time>', group)
        assert day is not None
        for clock in re.findall(r"<tr><td>(\d\d:\d\d)</td>", group):
            found.append(f"{day.group(1)} {clock}")
    assert len(found) == len(month) > 50
    assert found == [f"{calendar.local(e.at):%Y-%m-%d %H:%M}" for e in reversed(month)]


def test_the_search_finds_people_and_pages_not_log_rows_or_week_pages(
    demo_site: BuiltSite,
) -> None:
    import json

    index = json.loads((demo_site.out / "search/search_index.json").read_text("utf-8"))
    site, _ = demo_pages(demo_site)
    notes = {e.note for e in site.card.entries if len(e.note) > 12}
    assert notes
    logged = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("log/"))
    assert not [note for note in notes if escape(note) in logged]
    assert {"log/index.html", "log/2026-10.html"} <= {d["location"] for d in index["docs"]}
    places = {d["location"].split("#")[0] for d in index["docs"]}
    assert "weeks/index.html" in places and not any(p.startswith("weeks/2") for p in places)
    titles = {d["title"] for d in index["docs"]}
    assert {p.name for p in network(site.card, site.pack, site.settings, site.people).people} <= {
        unescape(t) for t in titles
    }


def test_a_wins_first_touch_names_its_action_as_the_people_page_does(demo_site: BuiltSite) -> None:
    """ "Break the ice", not the action's id ("icebreaker")."""
    site, pages = demo_pages(demo_site)
    cells = re.findall(r'<td data-label="First touch">([^<]*)</td>', pages["wins.md"])
    assert cells
    titles = {action.title for action in site.pack.actions.values()}
    ids = {action.id for action in site.pack.actions.values()} - titles
    for cell in cells:
        action = unescape(cell).split(" · ")[1].split(" @ ")[0]
        assert action in titles and action not in ids, cell


def test_the_logs_first_page_says_each_count_once(demo_site: BuiltSite) -> None:
    """One year: its count is the log's, said once; more years: each gets its own."""
    site, pages = demo_pages(demo_site)
    index = pages["log/index.md"]
    total = f"{len(site.card.entries):,}"
    assert re.findall(r"<p>([\d,]+) entries", index) == [total]
    older = entry(0, "2025-06-02", "icebreaker", "Old Friend")
    rescored = card(site.pack, [older, *site.card.entries], str(site.card.as_of), site.settings)
    two = render(site._replace(card=rescored))
    counts = re.findall(r"<p>([\d,]+) entr", two.pages["log/index.md"])
    assert counts[1:] == [total, "1"] and counts[0] == f"{len(site.card.entries) + 1:,}"
