"""Chart data for the personal site: Plotly figures as plain dicts (standard library only).

A figure carries data and structure, never theme colours for text, axes or grid: the page's
script applies the light or dark palette in the browser, so figures stay small and follow the
palette switch. The few colours that must change with the palette (the heatmap's) travel as
both scales in the trace's `meta`. Every label that came from a person or a pack is escaped for
Plotly, which reads a few HTML-like tags in text; `&lt;` shows as `<` and never becomes markup.

A long history is drawn in full for its last year, coarser before it, so no chart grows a
point a day (ten years of daily strength made a 1.3 MB page): weekly bars for the last 52
weeks and a bar a month before them; strength a point a week over the last year and a month
before; the heatmap one year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from habits.core.model import Pack
from habits.core.people import Directory
from habits.core.periods import Calendar
from habits.core.scorecard import ChallengeResult, Scorecard
from habits.site.chart_parts import BARS as BARS
from habits.site.chart_parts import (
    DAY_MS,
    RECENT_WEEKS,
    WEEK_MS,
    base_layout,
    count_axis,
    percent_axis,
    ranked_layout,
    text,
    week_axis,
    week_starts,
)
from habits.site.chart_parts import LINE as LINE
from habits.site.chart_parts import MET as MET
from habits.site.chart_parts import Figure as Figure
from habits.site.chart_parts import empty_figure as empty_figure
from habits.site.heatmap import activity_calendar

WEEK_BAR = 0.8 * WEEK_MS  # a week's bar: most of its week, a gap to the next
# Lines told apart by colour and dash; each colour has a contrast of 3:1 or more on white and
# on Material's slate background.
LINES = (
    ("#3f8fd2", "solid"),
    ("#d55e00", "dash"),
    ("#2e9d4f", "dot"),
    ("#8a6fd1", "dashdot"),
    ("#b8860b", "longdash"),
)
BY_MONTH = "by-month"  # the legend group of the bars that stand for a month
STRENGTH_LINES = 5  # the strongest challenges on the progress page; each has its own page


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def bars_and_line(
    x: list[str],
    bars: list[int],
    line: list[int],
    names: tuple[str, str],
    colours: tuple[str, str],
    titles: tuple[str, str],
) -> Figure:
    """Weekly bars (x: week starts) on the left axis and a line on the right one.

    A bar is given its width: Plotly makes it the gap between two bars, and a first week
    alone has none (its bar was a millisecond wide, so the chart looked empty).
    """
    first, last = date.fromisoformat(x[0]), date.fromisoformat(x[-1])
    bar = {"type": "bar", "name": names[0], "x": x, "y": bars, "width": WEEK_BAR}
    return {
        "data": [bar | {"marker": {"color": colours[0]}}, _line(names[1], x, line, colours[1])],
        "layout": base_layout(
            xaxis=week_axis(first, last),
            yaxis=count_axis(titles[0], max(bars, default=0)),
            yaxis2=_right(count_axis(titles[1], max(line, default=0))),
        ),
    }


def _line(name: str, x: list[str], y: Sequence[float], colour: str) -> dict[str, Any]:
    """A line on the right axis; a single point is a dot (a line of one point is not drawn)."""
    return {
        "type": "scatter",
        "mode": "lines" if len(x) > 1 else "markers",
        "name": name,
        "x": x,
        "y": y,
        "yaxis": "y2",
        "line": {"color": colour, "width": 3},
    }


def _right(axis: dict[str, Any]) -> dict[str, Any]:
    """An axis on the right of the plot, over the left one's (its own ticks, no grid)."""
    return {**axis, "overlaying": "y", "side": "right", "showgrid": False}


class History(NamedTuple):
    """Counts a day, bucketed: a bar a month before the recent weeks, then a bar a week."""

    months: list[date]  # the first day of each month drawn by the month
    month_values: list[float]  # an average week of that month (of its days drawn by month)
    weeks: list[date]
    week_values: list[int]
    totals: list[int]  # the running total at the end of each bucket, months then weeks
    first_week: date  # the week of the first count: where week ticks start


def bucketed(per_day: Counter[date], calendar: Calendar, as_of: date) -> History:
    """Weeks from the first count's (at most the last RECENT_WEEKS), months before them."""
    first_day = min(per_day)
    this_week = calendar.week_of(as_of)
    start = calendar.week_of(first_day)
    recent = max(start, this_week - timedelta(weeks=RECENT_WEEKS - 1))
    weeks = week_starts(recent, this_week)
    per_week: Counter[date] = Counter()
    per_month: Counter[date] = Counter()
    for day, n in per_day.items():
        if day >= recent:
            per_week[calendar.week_of(day)] += n
        else:
            per_month[day.replace(day=1)] += n
    months: list[date] = []
    averages: list[float] = []
    totals: list[int] = []
    total = 0
    month = start.replace(day=1)
    while start < recent and month < recent:
        covered = (min(_next_month(month), recent) - max(month, start)).days
        months.append(month)
        averages.append(round(per_month[month] * 7 / covered, 1))
        total += per_month[month]
        totals.append(total)
        month = _next_month(month)
    values = [per_week[week] for week in weeks]
    for value in values:
        total += value
        totals.append(total)
    return History(months, averages, weeks, values, totals, start)


def _weekly_with_total(
    per_day: Counter[date],
    calendar: Calendar,
    as_of: date,
    names: tuple[str, str],
    colours: tuple[str, str],
    titles: tuple[str, str],
) -> Figure:
    """Bars a week (by month before the last RECENT_WEEKS) and the running total."""
    history = bucketed(per_day, calendar, as_of)
    weeks = [week.isoformat() for week in history.weeks]
    figure = bars_and_line(weeks, history.week_values, history.totals, names, colours, titles)
    if not history.months:
        return figure
    months = [month.isoformat() for month in history.months]
    figure["data"].insert(
        0,
        {
            "type": "bar",
            "name": f"{names[0].replace('that week', 'a week')}, on average, that month",
            "x": months,
            "y": history.month_values,
            "width": [0.8 * DAY_MS * (_next_month(m) - m).days for m in history.months],
            "marker": {"color": colours[0], "opacity": 0.55},
            "legendgroup": BY_MONTH,
        },
    )
    figure["data"][-1] |= {"x": months + weeks, "mode": "lines"}
    layout = figure["layout"]
    layout["barmode"] = "overlay"
    layout["xaxis"] = week_axis(history.first_week, history.weeks[-1])
    layout["xaxis"]["range"][0] = (history.months[0] - timedelta(days=16)).isoformat()
    layout["yaxis"] = count_axis(titles[0], max(history.week_values + history.month_values))
    return figure


def weeks_since(figure: Figure) -> date | None:
    """The first week a weekly chart draws by the week, if it draws older ones by the month."""
    data = figure["data"]
    if not any(trace.get("legendgroup") == BY_MONTH for trace in data):
        return None
    return date.fromisoformat(data[1]["x"][0])


def points_over_time(card: Scorecard, calendar: Calendar) -> Figure:
    """Points per week (bars) and the running total (line)."""
    per_day: Counter[date] = Counter()
    for line in card.ledger:
        per_day[line.date] += line.points
    if not per_day:
        return empty_figure("No points yet: log your first micro-connection.")
    return _weekly_with_total(
        per_day,
        calendar,
        card.as_of,
        ("Points that week", "In all"),
        (BARS, LINE),
        ("points a week", "points in all"),
    )


def network_growth(card: Scorecard, calendar: Calendar, people: Directory) -> Figure:
    """New people met each week (bars) and everyone met so far (line)."""
    seen: set[str] = set()
    new_by_day: Counter[date] = Counter()
    for entry, day in zip(card.entries, card.days, strict=True):
        if entry.id in card.capped:
            continue
        for name in entry.with_:
            key = people.key(name)
            if key not in seen:
                seen.add(key)
                new_by_day[day] += 1
    if not new_by_day:
        return empty_figure("No people yet: add --with NAME when you log.")
    return _weekly_with_total(
        new_by_day,
        calendar,
        card.as_of,
        ("New people that week", "People met in all"),
        (MET, BARS),
        ("new people a week", "people in all"),
    )


def ranked_bars(counts: Iterable[tuple[str, int]], name: str, what: str) -> Figure:
    """Entries by one label (an action, a venue): a row each, the most at the top."""
    ranked = sorted(counts, key=lambda item: (item[1], item[0]))
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": [text(label) for label, _ in ranked],
                "x": [n for _, n in ranked],
                "marker": {"color": BARS},
                "hovertemplate": "%{y}: %{x:,} entries<extra></extra>",
            },
        ],
        "layout": ranked_layout(
            len(ranked), count_axis("entries", max(n for _, n in ranked)), what
        ),
    }


def mix_by_action(card: Scorecard, pack: Pack) -> Figure:
    counts = Counter(entry.action for entry in card.entries)
    if not counts:
        return empty_figure("Nothing logged yet.")
    titles = ((pack.actions[a].title if a in pack.actions else a, n) for a, n in counts.items())
    return ranked_bars(titles, "entries by action", "action")


def mix_by_venue(card: Scorecard) -> Figure:
    counts = Counter(entry.where or "(no venue)" for entry in card.entries)
    if not counts:
        return empty_figure("Nothing logged yet.")
    return ranked_bars(counts.items(), "entries by venue", "venue")


def strongest(card: Scorecard) -> list[ChallengeResult]:
    """The challenges with a strength line, strongest now first (ties by title)."""
    drawn = [r for r in card.challenges if r.strength_from is not None and r.strength_series]
    return sorted(drawn, key=lambda r: (-(r.strength or 0.0), r.title, r.id))


def sampled(
    result: ChallengeResult, calendar: Calendar, as_of: date
) -> tuple[list[str], list[float]]:
    """A strength series a point a week over the last year, a month before it, and today's."""
    assert result.strength_from is not None
    recent = calendar.week_of(as_of) - timedelta(weeks=RECENT_WEEKS - 1)
    last = len(result.strength_series) - 1
    x: list[str] = []
    y: list[float] = []
    for n, value in enumerate(result.strength_series):
        day = result.strength_from + timedelta(days=n)
        if n in (0, last) or (day.day == 1 if day < recent else calendar.week_of(day) == day):
            x.append(day.isoformat())
            y.append(round(value * 100, 1))
    return x, y


def strength_trends(card: Scorecard, calendar: Calendar) -> Figure:
    """The strongest challenges' strength over time, each its own colour and dash."""
    data = []
    first: date | None = None
    for result, (colour, dash) in zip(strongest(card), LINES, strict=False):
        x, y = sampled(result, calendar, card.as_of)
        first = min(first or date.max, date.fromisoformat(x[0]))
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": text(result.title),
                "x": x,
                "y": y,
                "line": {"color": colour, "dash": dash, "width": 2.5},
                "hovertemplate": "%{y:.0f}%",
            }
        )
    if not data or first is None:
        return empty_figure("No challenge has started yet.")
    return {
        "data": data,
        "layout": base_layout(
            height=420,
            xaxis=week_axis(calendar.week_of(first), card.as_of, title="day"),
            yaxis=percent_axis("strength %"),
        ),
    }


def overview(
    card: Scorecard, pack: Pack, calendar: Calendar, people: Directory
) -> dict[str, Figure]:
    """The progress page's charts, by name (the names are stable: tests and goldens use them)."""
    return {
        "points": points_over_time(card, calendar),
        "calendar": activity_calendar(card, calendar),
        "network": network_growth(card, calendar, people),
        "strength": strength_trends(card, calendar),
        "actions": mix_by_action(card, pack),
        "venues": mix_by_venue(card),
    }
