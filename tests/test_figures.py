"""The personal site's charts as data: axes, ticks, colours, zero, legends, sample sizes, size.

Each test reads the figures the site draws (`render(site).figures`, the same dicts the pages
carry) the way a reader looks at the chart: is every axis titled, are the ticks whole and round,
do weekly ticks fall on the week's first day, is a day with nothing drawn as nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habits.core import Pack, Pause, Settings, score
from habits.core.network import Rate
from habits.site.chart_parts import count_axis, nice_step
from habits.site.pages import Site, render
from habits.site.wins_figures import conversion
from habits.store.demo import history
from habits.store.pack import default_pack_dir, load_pack
from tests.helpers import card, challenge, entry, pack

TZ = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 18, 0, tzinfo=TZ)
AS_OF = NOW.date()
DAY_MS = 86_400_000
WEEK_MS = 7 * DAY_MS
STATE_COLOURS = {"met": "#2e9d4f", "missed": "#d9534f", "rested": "#3f8fd2", "open": "#9e9e9e"}


def default_pack() -> Pack:
    loaded, problems = load_pack(default_pack_dir(), str)
    assert problems == []
    return loaded


def scored(years: float, settings: Settings | None = None, per_day: float = 2.2) -> Site:
    """The default pack over `years` of the demo's plausible history, up to AS_OF."""
    settings = settings or Settings(timezone="Europe/London")
    first = AS_OF - timedelta(days=round(365 * years) - 1)
    made = list(history(first, AS_OF, TZ, NOW, per_day=per_day, seed=7))
    loaded = default_pack()
    return Site(score(loaded, settings, made, AS_OF), loaded, settings)


@pytest.fixture(scope="module")
def weeks12() -> Site:
    return scored(12 / 52)


@pytest.fixture(scope="module")
def decade() -> Site:
    return scored(10)


def axes(figure: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for key, axis in figure["layout"].items():
        if re.fullmatch(r"[xy]axis\d*", key):
            yield key, axis


def ticks(axis: dict[str, Any]) -> list[float]:
    """The values a linear count axis ticks, from tick0 to the top of its range."""
    low, high = axis["range"]
    out, value = [], axis["tick0"]
    while value <= high:
        if value >= low:
            out.append(value)
        value += axis["dtick"]
    return out


def is_nice(step: float) -> bool:
    """1, 2 or 5 x 10^n (n >= 0)."""
    return step >= 1 and str(int(step)).rstrip("0") in ("1", "2", "5") and step == int(step)


def colour_at(scale: list[list[Any]], fraction: float) -> str:
    """The colour a stepped colour scale gives a value at `fraction` of its range."""
    found = scale[0][1]
    for stop, colour in scale:
        if stop <= fraction:
            found = colour
    return str(found)


# 1. Every axis titled, counts ticked in whole round numbers, percents 0-100


@given(st.integers(min_value=0, max_value=10**9))
def test_a_count_axis_ticks_whole_round_numbers_up_past_the_largest(top: int) -> None:
    axis = count_axis("entries", top)
    assert is_nice(axis["dtick"]) and axis["tick0"] == 0 and axis["tickformat"] == ",d"
    shown = ticks(axis)
    assert shown[-1] >= top and 2 <= len(shown) <= 7  # 0, a few steps, the top


def test_small_counts_never_tick_in_halves_and_totals_never_in_thirds() -> None:
    assert nice_step(3) == 1  # not 0, 0.5, 1 ... shown as "0, 1, 1, 2, 2, 3"
    assert ticks(count_axis("people in all", 396)) == [0, 100, 200, 300, 400]  # not 132/264/396


def test_every_axis_of_every_chart_is_titled_and_counts_are_ticked_round(
    weeks12: Site, decade: Site
) -> None:
    for site in (weeks12, decade):
        for name, figure in render(site).figures.items():
            for key, axis in axes(figure):
                if axis.get("visible") is False:
                    continue
                assert axis.get("title", {}).get("text"), f"{name} {key} has no title"
                if "%" in axis["title"]["text"]:
                    assert axis["dtick"] in (20, 25) and ticks(axis)[-1] == 100, (name, key)
                    assert axis["range"][0] <= 0 and axis["range"][1] >= 100, (name, key)
                elif axis.get("type") not in ("date", "category"):
                    assert axis["tickformat"] == ",d", (name, key)
                    assert axis["tickmode"] == "linear" and axis["tick0"] == 0, (name, key)
                    assert is_nice(axis["dtick"]), (name, key, axis["dtick"])


# 2. Weekly bars on the week's first day, ticks on those days


@pytest.mark.parametrize("week_start", [0, 2, 6])
def test_weekly_bars_and_their_ticks_fall_on_the_persons_week_start(week_start: int) -> None:
    site = scored(12 / 52, Settings(timezone="Europe/London", week_start=week_start))
    figures = render(site).figures
    for name in ("points", "network"):
        figure = figures[name]
        bars = figure["data"][0]
        assert bars["type"] == "bar"
        assert {date.fromisoformat(x).weekday() for x in bars["x"]} == {week_start}
        x = figure["layout"]["xaxis"]
        assert date.fromisoformat(x["tick0"]).weekday() == week_start, name
        assert x["tickmode"] == "linear" and x["dtick"] % WEEK_MS == 0, name
        assert x["tickformat"] == "%-d %b"
        low, high = (date.fromisoformat(d) for d in x["range"])
        assert (high - low).days / (x["dtick"] / DAY_MS) <= 10, f"{name}: too many ticks"


@pytest.mark.parametrize("days", [3, 12 * 7])
def test_a_weeks_bar_is_most_of_its_week_wide_from_the_first_week_on(days: int) -> None:
    """Plotly makes a bar as wide as the gap to the next: the first week alone had none,
    and its bar was drawn a millisecond wide (an empty chart). The running total of a single
    week is a dot, as a line of one point is not drawn."""
    site = scored(days / 365)
    for name in ("points", "network"):
        bars, line = render(site).figures[name]["data"]
        assert bars["width"] == 0.8 * WEEK_MS and (len(bars["x"]) == 1) == (days < 7)
        assert line["mode"] == ("markers" if len(line["x"]) == 1 else "lines"), name


def test_ten_years_of_weeks_keep_week_start_ticks_and_few_of_them(decade: Site) -> None:
    for name in ("points", "network", "calendar", "strength"):
        x = render(decade).figures[name]["layout"]["xaxis"]
        assert date.fromisoformat(x["tick0"]).weekday() == 0 and x["dtick"] % WEEK_MS == 0
        low, high = (date.fromisoformat(d) for d in x["range"])
        assert (high - low).days / (x["dtick"] / DAY_MS) <= 10, name


def date_ticks(axis: dict[str, Any]) -> list[date]:
    """The days a linear date axis ticks within its range (dtick in ms, or "M<months>")."""
    low, high = (date.fromisoformat(d[:10]) for d in axis["range"])
    day, out, n = date.fromisoformat(axis["tick0"]), [], 0
    while day <= high:
        if day >= low:
            out.append(day)
        n += 1
        step = axis["dtick"]
        if isinstance(step, str):  # whole months
            months = int(step[1:]) * n
            start = date.fromisoformat(axis["tick0"])
            total = start.year * 12 + start.month - 1 + months
            day = start.replace(year=total // 12, month=total % 12 + 1)
        else:
            day = date.fromisoformat(axis["tick0"]) + timedelta(days=n * step / DAY_MS)
    return out


def test_no_chart_ticks_a_day_after_today(weeks12: Site, decade: Site) -> None:
    """A chart runs to today: a tick past it ("23 Nov" on the 20th) reads as a future week."""
    for site in (weeks12, decade):
        for name, figure in render(site).figures.items():
            for key, axis in axes(figure):
                if axis.get("type") == "date" and axis.get("tickmode") == "linear":
                    assert max(date_ticks(axis)) <= AS_OF, (name, key)


# 3. The year heatmap: zero is no activity, and a legend says what each colour is


def heat(figure: dict[str, Any]) -> dict[str, Any]:
    trace = figure["data"][0]
    assert trace["type"] == "heatmap"
    return dict(trace)


def test_an_empty_year_is_drawn_as_empty_not_green() -> None:
    nothing = Site(score(default_pack(), Settings(), [], AS_OF), default_pack(), Settings())
    trace = heat(render(nothing).figures["calendar"])
    values = {v for row in trace["z"] for v in row if v is not None}
    assert values == {0}
    zmin, zmax = trace["zmin"], trace["zmax"]
    assert zmin <= 0 < zmax and zmax - zmin >= 1  # fixed: 0 is not the top of the scale
    for scale in (trace["colorscale"], *trace["meta"]["colorscales"].values()):
        empty = colour_at(scale, (0 - zmin) / (zmax - zmin))
        faintest = colour_at(scale, (1 - zmin) / (zmax - zmin))
        assert empty != faintest
        r, g, b = (int(empty[n : n + 2], 16) for n in (1, 3, 5))
        assert g <= max(r, b), f"{empty} is green: a day with nothing looks like activity"


def test_the_heatmap_has_a_legend_for_both_palettes(weeks12: Site) -> None:
    trace = heat(render(weeks12).figures["calendar"])
    assert trace["showscale"] is True
    bar = trace["colorbar"]
    assert bar["title"]["text"] == "entries a day"
    assert bar["ticktext"][0] == "0" and bar["ticktext"][-1].endswith("+")
    assert len(bar["tickvals"]) == len(bar["ticktext"]) == len(set(bar["ticktext"]))
    light, dark = trace["meta"]["colorscales"]["light"], trace["meta"]["colorscales"]["dark"]
    assert light != dark and trace["colorscale"] == light
    levels = {v for row in trace["z"] for v in row if v is not None}
    assert 0 in levels and max(levels) <= len(bar["tickvals"]) - 1
    # one year: the last 53 weeks
    assert len(trace["x"]) == 53


# 4. A once-only challenge: one bar against the target, no sub-second date axis


def test_a_once_only_challenge_is_one_bar_against_its_target() -> None:
    once = challenge(id="once", title="Once", every="once", target=3)
    result = card(pack(once), [entry(1, "2026-11-02"), entry(2, "2026-11-03")])
    site = Site(result, pack(once), Settings())
    figure = render(site).figures["history-once"]
    bar, target = figure["data"]
    assert bar["type"] == "bar" and bar["orientation"] == "h" and bar["x"] == [2]
    assert bar["name"] == "open" and bar["text"] == ["2 of 3"]
    assert target["name"] == "target" and target["x"] == [3]
    x = figure["layout"]["xaxis"]
    assert x.get("type") != "date" and x["title"]["text"] == "times logged"
    assert ticks(x) == [0, 1, 2, 3]


# 5. Strength: the strongest few, each its own colour, the rest pointed to


def test_strength_draws_at_most_five_lines_each_its_own_colour(weeks12: Site) -> None:
    challenges = [r for r in weeks12.card.challenges if r.strength_series]
    assert len(challenges) > 5  # the default pack has more: the chart must choose
    rendered = render(weeks12)
    lines = rendered.figures["strength"]["data"]
    assert len(lines) == 5
    colours = [line["line"]["color"] for line in lines]
    assert len(set(colours)) == 5
    strongest = sorted(challenges, key=lambda r: -(r.strength or 0))[:5]
    assert {line["name"] for line in lines} == {r.title for r in strongest}
    # the others are named under the chart, each linked to its own page
    page = rendered.pages["progress.md"]
    caption = page.split('id="chart-strength"')[1].split("</figure>")[0]
    for result in set(challenges) - set(strongest):
        assert f'href="challenges/{result.id}.html"' in caption


def test_strength_colours_read_on_both_palettes(weeks12: Site) -> None:
    def luminance(colour: str) -> float:
        def channel(c: int) -> float:
            s = c / 255
            return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(int(colour[n : n + 2], 16)) for n in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    white, slate = 1.0, luminance("#1e2129")  # Material's default and slate backgrounds
    for line in render(weeks12).figures["strength"]["data"]:
        ink = luminance(line["line"]["color"])
        assert (white + 0.05) / (ink + 0.05) >= 3 and (ink + 0.05) / (slate + 0.05) >= 3


def test_the_strength_legend_sits_above_the_plot_so_a_phone_keeps_its_height(
    weeks12: Site,
) -> None:
    layout = render(weeks12).figures["strength"]["layout"]
    assert layout["legend"]["yanchor"] == "bottom" and layout["legend"]["y"] >= 1
    assert layout["height"] >= 400


# 6. A challenge's legend: met, missed, rested and open, and the target


def test_a_challenges_legend_names_each_state_in_its_own_colour() -> None:
    weekly = challenge(id="w", title="W", target=2)
    entries = [
        entry(1, "2026-10-05"),  # week of 5 Oct: 1 of 2, missed
        entry(2, "2026-10-12"),  # week of 12 Oct: met
        entry(3, "2026-10-13"),
        # week of 19 Oct: rested; week of 26 Oct: nothing, missed; week of 2 Nov: open
        entry(4, "2026-11-02"),
    ]
    rest = (Pause(date(2026, 10, 19), date(2026, 10, 25)),)
    site = Site(card(pack(weekly), entries, "2026-11-03", pauses=rest), pack(weekly), Settings())
    figure = render(site).figures["history-w"]
    bars = [t for t in figure["data"] if t["type"] == "bar"]
    assert [t["name"] for t in bars] == ["met", "missed", "rested", "open"]
    for trace in bars:
        assert trace["marker"]["color"] == STATE_COLOURS[trace["name"]]
    by_state = {t["name"]: t for t in bars}
    assert by_state["missed"]["x"] == ["2026-10-05", "2026-10-26"]
    # a rested week is drawn up to the target, hatched: never the empty gap of a missed one
    assert by_state["rested"]["y"] == [2] and by_state["rested"]["marker"]["pattern"]
    # and a missed week with nothing logged still shows, as a mark on the axis
    marks = [t for t in figure["data"] if t["type"] == "scatter" and t["name"] == "missed"]
    assert marks and marks[0]["x"] == ["2026-10-26"] and marks[0]["showlegend"] is False
    # in the missed colour: an open symbol is drawn in marker.color (its line colour unused),
    # and without one Plotly's first default, a purple, showed a miss as something else
    assert marks[0]["marker"]["color"] == STATE_COLOURS["missed"]
    assert "target" in [t["name"] for t in figure["data"]]
    right = figure["layout"]["yaxis2"]
    assert right["side"] == "right" and ticks(right) == [0, 25, 50, 75, 100]


# 7. Sample sizes on every rate


def test_a_rate_says_how_many_people_it_comes_from_and_a_tiny_one_is_set_apart() -> None:
    figure = conversion({"call": Rate(10, 3), "email": Rate(1, 1), "lift": Rate(4, 0)}, "venue")
    told, few = figure["data"]
    assert told["y"] == ["call<br>(n=10)"] and told["text"] == ["3 of 10"]
    assert few["y"] == ["email<br>(n=1)", "lift<br>(n=4)"] and few["text"] == ["1 of 1", "0 of 4"]
    assert "too few to tell" in few["name"] and few["marker"]["color"] != told["marker"]["color"]
    assert "of %{customdata[1]} people" in told["hovertemplate"]
    assert [row[2] for row in few["customdata"]] == ["email", "lift"]  # the hover's name
    # ranked below every rate worth reading (categories run bottom to top)
    order = figure["layout"]["yaxis"]["categoryarray"]
    assert order.index("call<br>(n=10)") > order.index("email<br>(n=1)")


def test_the_funnel_and_the_wins_page_give_counts_with_their_rates(weeks12: Site) -> None:
    rendered = render(weeks12)
    funnel = rendered.figures["wins-funnel"]["data"][0]
    assert "%{value" in funnel["texttemplate"] and "%{percentInitial" in funnel["texttemplate"]
    text = rendered.pages["wins.md"]
    for figure in ("wins-by-where", "wins-by-action", "wins-by-opener"):
        for trace in rendered.figures[figure]["data"]:
            assert all(re.fullmatch(r"\d+ of \d+", t) for t in trace["text"])
            assert all(re.search(r"<br>\(n=\d+\)$", label) for label in trace["y"])
    if "A win takes a median" in text:
        assert re.search(r"from the first \(over \d+ wins? with a first touch\)", text)


# 8. Long histories aggregate: no chart grows a point a day


def test_ten_years_draw_weeks_for_the_last_year_and_months_before(decade: Site) -> None:
    figures = render(decade).figures
    for name in ("points", "network"):
        months, weeks, total = figures[name]["data"]
        assert len(weeks["x"]) == 52 and 100 <= len(months["x"]) <= 10 * 12
        assert all(date.fromisoformat(x).day == 1 for x in months["x"])
        assert len(total["x"]) == len(months["x"]) + len(weeks["x"])
        # the average week of a month, on the scale of a week's bar
        assert max(months["y"]) <= 3 * max(weeks["y"])
    for line in figures["strength"]["data"]:
        assert len(line["x"]) <= 2 + 53 + 10 * 12
    for name, figure in figures.items():
        size = len(json.dumps(figure, separators=(",", ":")))
        assert size <= 40_000, f"{name} is {size} bytes"


def test_every_page_of_ten_years_stays_small(decade: Site) -> None:
    pages = render(decade).pages
    for name in ("progress.md", *(p for p in pages if p.startswith("challenges/"))):
        assert len(pages[name].encode()) <= 120_000, name  # the page's own part, under 200 KB


# 9. No caption repeating its heading; every chart named for assistive technology


class Charts(HTMLParser):
    """Each chart's heading, accessible name and visible caption."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str]] = []
        self.heading = ""
        self.into = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("h1", "h2", "h3", "figcaption"):
            self.into = tag
            if tag != "figcaption":
                self.heading = ""
        if "data-figure" in found:
            self.found.append({"heading": self.heading, "label": found.get("aria-label") or ""})

    def handle_endtag(self, tag: str) -> None:
        if tag == self.into:
            self.into = ""

    def handle_data(self, data: str) -> None:
        if self.into == "figcaption":
            self.found[-1]["caption"] = self.found[-1].get("caption", "") + data
        elif self.into:
            self.heading += data


def test_no_chart_caption_repeats_its_heading(weeks12: Site, decade: Site) -> None:
    seen = 0
    for site in (weeks12, decade):
        for name, markdown in render(site).pages.items():
            parser = Charts()
            parser.feed(markdown)
            for chart in parser.found:
                seen += 1
                assert chart["label"], f"a chart on {name} has no accessible name"
                caption = chart.get("caption", "").strip()
                assert caption != chart["heading"].strip(), f"{name}: {caption!r}"
    assert seen > 20
