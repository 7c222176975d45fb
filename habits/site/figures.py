"""Chart data for the personal site: Plotly figures as plain dicts (standard library only).

A figure carries data and structure, never theme colours for text, axes or grid: the page's
script applies the light or dark palette in the browser, so figures stay small and follow the
palette switch. Every label that came from a person or a pack is escaped for Plotly, which
reads a few HTML-like tags in text; `&lt;` shows as `<` and never becomes markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from html import escape
from itertools import accumulate
from typing import Any

from habits.core.followups import FOLLOW_UP
from habits.core.model import Pack
from habits.core.network import Network, Rate
from habits.core.people import Directory
from habits.core.periods import Calendar
from habits.core.scorecard import ChallengeResult, Scorecard

Figure = dict[str, Any]

# Mid-tone trace colours that read on the light and the dark palette alike.
MET = "#2e9d4f"
MISSED = "#d9534f"
OPEN = "#9e9e9e"
RESTED = "#3f8fd2"
BARS = "#6f63c9"
LINE = "#e0861a"
HEAT = [[0.0, "rgba(46,157,79,0.08)"], [0.01, "#c6e8cf"], [0.5, "#5cb874"], [1.0, "#1b6e35"]]
WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def text(value: str) -> str:
    """A label for Plotly: shown as typed, never read as markup."""
    return escape(value, quote=False)


def base_layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "margin": {"l": 48, "r": 48, "t": 16, "b": 40},
        "height": 320,
        "showlegend": True,
        "legend": {"orientation": "h", "y": -0.2},
        "hovermode": "x unified",
    }
    layout.update(extra)
    return layout


def _weeks(first: date, last: date) -> list[date]:
    out = []
    while first <= last:
        out.append(first)
        first += timedelta(days=7)
    return out


def bars_and_line(
    x: list[str],
    bars: list[int],
    line: list[int],
    names: tuple[str, str],
    colours: tuple[str, str],
    titles: tuple[str, str],
) -> Figure:
    """Weekly bars on the left axis and a line on the right one (totals, members...)."""
    return {
        "data": [
            {"type": "bar", "name": names[0], "x": x, "y": bars, "marker": {"color": colours[0]}},
            {
                "type": "scatter",
                "mode": "lines",
                "name": names[1],
                "x": x,
                "y": line,
                "yaxis": "y2",
                "line": {"color": colours[1], "width": 3},
            },
        ],
        "layout": base_layout(
            xaxis={"type": "date"},
            yaxis={"title": {"text": titles[0]}, "rangemode": "tozero"},
            yaxis2={
                "title": {"text": titles[1]},
                "overlaying": "y",
                "side": "right",
                "rangemode": "tozero",
                "showgrid": False,
                "tickformat": ",d",
            },
        ),
    }


def _weekly_with_total(
    per_week: Counter[date],
    calendar: Calendar,
    as_of: date,
    names: tuple[str, str],
    colours: tuple[str, str],
    titles: tuple[str, str],
) -> Figure:
    """Every week from the first with a count to the as-of week, and the running total."""
    weeks = _weeks(min(per_week), calendar.week_of(as_of))
    values = [per_week.get(week, 0) for week in weeks]
    running = list(accumulate(values))
    x = [week.isoformat() for week in weeks]
    return bars_and_line(x, values, running, names, colours, titles)


def points_over_time(card: Scorecard, calendar: Calendar) -> Figure:
    """Points per week (bars) and the running total (line)."""
    per_week: Counter[date] = Counter()
    for line in card.ledger:
        per_week[calendar.week_of(line.date)] += line.points
    if not per_week:
        return empty_figure("No points yet: log your first micro-connection.")
    return _weekly_with_total(
        per_week,
        calendar,
        card.as_of,
        ("Points that week", "In all"),
        (BARS, LINE),
        ("points a week", "points in all"),
    )


def activity_calendar(card: Scorecard, calendar: Calendar) -> Figure:
    """A year of days, a column a week (GitHub-style): how many entries each day."""
    per_day = Counter(card.days)
    last_week = calendar.week_of(card.as_of)
    weeks = _weeks(last_week - timedelta(weeks=52), last_week)
    order = [(calendar.week_start + n) % 7 for n in range(7)]
    z: list[list[int | None]] = []
    labels: list[list[str]] = []
    for n in range(7):
        row: list[int | None] = []
        names: list[str] = []
        for week in weeks:
            day = week + timedelta(days=n)
            row.append(None if day > card.as_of else per_day.get(day, 0))
            names.append(day.strftime("%a %d %b %Y"))
        z.append(row)
        labels.append(names)
    return {
        "data": [
            {
                "type": "heatmap",
                "name": "entries",
                "x": [w.isoformat() for w in weeks],
                "y": [WEEKDAY_NAMES[d] for d in order],
                "z": z,
                "customdata": labels,
                "colorscale": HEAT,
                "xgap": 3,
                "ygap": 3,
                "hoverongaps": False,
                "showscale": False,
                "hovertemplate": "%{customdata}: %{z} entries<extra></extra>",
            },
        ],
        "layout": base_layout(
            height=220,
            showlegend=False,
            hovermode="closest",
            xaxis={"type": "date", "showgrid": False, "zeroline": False},
            yaxis={"autorange": "reversed", "showgrid": False, "zeroline": False},
        ),
    }


def network_growth(card: Scorecard, calendar: Calendar, people: Directory) -> Figure:
    """New people met each week (bars) and everyone met so far (line)."""
    seen: set[str] = set()
    new_by_week: Counter[date] = Counter()
    for entry, day in zip(card.entries, card.days, strict=True):
        if entry.id in card.capped:
            continue
        for name in entry.with_:
            key = people.key(name)
            if key not in seen:
                seen.add(key)
                new_by_week[calendar.week_of(day)] += 1
    if not new_by_week:
        return empty_figure("No people yet: add --with NAME when you log.")
    return _weekly_with_total(
        new_by_week,
        calendar,
        card.as_of,
        ("New people that week", "People met in all"),
        (MET, BARS),
        ("new people", "people in all"),
    )


def _bars(counts: Iterable[tuple[str, int]], name: str) -> Figure:
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
            },
        ],
        "layout": _ranked_layout(len(ranked), "entries"),
    }


def _ranked_layout(rows: int, x_title: str) -> dict[str, Any]:
    """The layout of a horizontal bar chart, one labelled row per bar."""
    return base_layout(
        height=max(200, 28 * rows + 60),
        showlegend=False,
        hovermode="closest",
        margin={"l": 160, "r": 24, "t": 16, "b": 40},
        xaxis={"title": {"text": x_title}, "rangemode": "tozero"},
        yaxis={"automargin": True},
    )


def mix_by_action(card: Scorecard, pack: Pack) -> Figure:
    counts = Counter(entry.action for entry in card.entries)
    if not counts:
        return empty_figure("Nothing logged yet.")
    return _bars(((pack.actions[a].title, n) for a, n in counts.items()), "entries by action")


def mix_by_venue(card: Scorecard) -> Figure:
    counts = Counter(entry.where or "(no venue)" for entry in card.entries)
    if not counts:
        return empty_figure("Nothing logged yet.")
    return _bars(counts.items(), "entries by venue")


def strength_trends(card: Scorecard) -> Figure:
    """Every repeating challenge's strength, a point a day."""
    data = []
    for result in card.challenges:
        if result.strength_from is None or not result.strength_series:
            continue
        x = [
            (result.strength_from + timedelta(days=n)).isoformat()
            for n in range(len(result.strength_series))
        ]
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": text(result.title),
                "x": x,
                "y": [round(value * 100, 1) for value in result.strength_series],
            }
        )
    if not data:
        return empty_figure("No challenge has started yet.")
    return {
        "data": data,
        "layout": base_layout(
            height=380,
            xaxis={"type": "date"},
            yaxis={"title": {"text": "strength %"}, "range": [0, 100]},
        ),
    }


def challenge_history(result: ChallengeResult) -> Figure:
    """A challenge's periods (met, missed, rested, open) against its target, and its strength."""
    periods = result.periods
    if not periods:
        return empty_figure("Nothing has counted for this challenge yet.")
    colours = [
        MET if p.met else OPEN if p.open else RESTED if p.paused else MISSED for p in periods
    ]
    states = [
        "met" if p.met else "open" if p.open else "rested" if p.paused else "missed"
        for p in periods
    ]
    x = [p.start.isoformat() for p in periods]
    data: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": "progress",
            "x": x,
            "y": [p.count for p in periods],
            "customdata": states,
            "marker": {"color": colours},
            "hovertemplate": "%{x}: %{y} (%{customdata})<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "target",
            "x": x,
            "y": [result.target] * len(x),
            "line": {"color": OPEN, "dash": "dash", "shape": "hv"},
        },
    ]
    layout = base_layout(
        xaxis={"type": "date"},
        yaxis={"title": {"text": "count"}, "rangemode": "tozero"},
        hovermode="closest",
    )
    if result.strength_from is not None and result.strength_series:
        days = [
            (result.strength_from + timedelta(days=n)).isoformat()
            for n in range(len(result.strength_series))
        ]
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "strength %",
                "x": days,
                "y": [round(v * 100, 1) for v in result.strength_series],
                "yaxis": "y2",
                "line": {"color": LINE, "width": 2},
            }
        )
        layout["yaxis2"] = {
            "title": {"text": "strength %"},
            "overlaying": "y",
            "side": "right",
            "range": [0, 100],
            "showgrid": False,
            "tickformat": ",d",
        }
    return {"data": data, "layout": layout}


def empty_figure(message: str) -> Figure:
    return {
        "data": [],
        "layout": base_layout(
            height=160,
            showlegend=False,
            xaxis={"visible": False},
            yaxis={"visible": False},
            annotations=[
                {
                    "text": text(message),
                    "showarrow": False,
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0.5,
                    "y": 0.5,
                }
            ],
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
        "strength": strength_trends(card),
        "actions": mix_by_action(card, pack),
        "venues": mix_by_venue(card),
    }


def win_funnel(net: Network) -> Figure:
    """From people met, through people followed up, to people who became a win."""
    met = len(net.people)
    if not met:
        return empty_figure("Nobody met yet.")
    followed = len(
        {f.person for f in net.follow_ups if f.kind == FOLLOW_UP and f.closed_on is not None}
    )
    won = sum(1 for p in net.people if p.wins)
    return {
        "data": [
            {
                "type": "funnel",
                "y": ["People met", "Followed up", "Became a win"],
                "x": [met, followed, won],
                "textinfo": "value+percent initial",
                "marker": {"color": [BARS, LINE, MET]},
            }
        ],
        "layout": base_layout(
            height=260,
            showlegend=False,
            hovermode="closest",
            margin={"l": 120, "r": 24, "t": 16, "b": 16},
            yaxis={"automargin": True},
        ),
    }


def conversion(rates: Mapping[str, Rate], what: str) -> Figure:
    """Share of the people first met this way who became a win, per venue, action or opener."""
    shown = [(label, rate) for label, rate in rates.items() if rate.people]
    if not shown:
        return empty_figure(f"No first touches by {what} yet.")
    shown.sort(key=lambda item: (item[1].rate, item[1].people, item[0]))
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": "became a win",
                "y": [text(label) for label, _ in shown],
                "x": [round(100 * rate.rate, 1) for _, rate in shown],
                "customdata": [[rate.wins, rate.people] for _, rate in shown],
                "hovertemplate": "%{y}: %{customdata[0]} of %{customdata[1]} people"
                " (%{x}%)<extra></extra>",
                "marker": {"color": MET},
            }
        ],
        "layout": _ranked_layout(len(shown), f"% of people first met by {what} who became a win"),
    }
