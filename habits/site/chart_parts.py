"""What every chart of the site shares: its layout, its colours, escaping, and its axes.

Plotly's own ticks read badly for small counts (0, 0.5, 1 shown as "0, 1, 1" with a whole-number
format) and for a right axis matched to the left one's grid (132, 264, 396); its weekly ticks
fall on Sundays. Every axis here is set outright: a "nice" step (1, 2 or 5 x 10^n) from the
data's largest value, and week ticks from a week start, a whole number of weeks apart.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from math import ceil
from typing import Any

Figure = dict[str, Any]
Axis = dict[str, Any]

# Mid-tone trace colours that read on the light and the dark palette alike.
MET = "#2e9d4f"
MISSED = "#d9534f"
OPEN = "#9e9e9e"
RESTED = "#3f8fd2"
BARS = "#6f63c9"
LINE = "#e0861a"

RECENT_WEEKS = 52  # drawn week by week (strength a point a week); older history coarser
DAY_MS = 86_400_000
WEEK_MS = 7 * DAY_MS
MOST_COUNT_TICKS = 6  # steps from 0 to the top of a count axis
MOST_WEEK_TICKS = 8  # a phone's width holds about that many "16 Nov" labels
WEEK_STEPS = (1, 2, 4, 8, 13, 26, 52)  # weeks between ticks: a quarter, half a year, a year
TITLE_STANDOFF = 12  # px between an axis of names and its title


def text(value: str) -> str:
    """A label for Plotly: shown as typed, never read as markup."""
    return escape(value, quote=False)


def base_layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "margin": {"l": 56, "r": 56, "t": 16, "b": 48},
        "height": 340,
        "showlegend": True,
        # above the plot: below it, a long legend on a phone squeezes the plot to nothing
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
        "hovermode": "x unified",
    }
    layout.update(extra)
    return layout


def week_starts(first: date, last: date) -> list[date]:
    out = []
    while first <= last:
        out.append(first)
        first += timedelta(days=7)
    return out


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


def nice_step(top: float, most: int = MOST_COUNT_TICKS) -> int:
    """The smallest step of 1, 2 or 5 x 10^n that reaches `top` from 0 in `most` steps."""
    scale = 1
    while True:
        for step in (scale, 2 * scale, 5 * scale):
            if step * most >= top:
                return step
        scale *= 10


def count_axis(title: str, top: float, **extra: Any) -> Axis:
    """A count axis from 0, ticked in whole round numbers (0, 2, 4 ...; 0, 100, 200 ...)."""
    step = nice_step(top)
    axis: Axis = {
        "title": {"text": title},
        "range": [0, step * max(1, ceil(top / step))],
        "tickmode": "linear",
        "tick0": 0,
        "dtick": step,
        "tickformat": ",d",
        "zeroline": False,
    }
    axis.update(extra)
    return axis


def percent_axis(title: str, **extra: Any) -> Axis:
    """A 0-100 % axis ticked every 25 (a line at 0 or 100 is drawn whole, not cut in half)."""
    axis: Axis = {
        "title": {"text": title},
        "range": [-2, 102],
        "tickmode": "linear",
        "tick0": 0,
        "dtick": 25,
        "tickformat": ",d",
        "zeroline": False,
    }
    axis.update(extra)
    return axis


def weeks_between_ticks(weeks: int) -> int:
    """Weeks from one tick to the next, so that `weeks` weeks get at most MOST_WEEK_TICKS."""
    for step in WEEK_STEPS:
        if ceil(weeks / step) <= MOST_WEEK_TICKS:
            return step
    return 52 * ceil(weeks / (52 * MOST_WEEK_TICKS))


def week_axis(first_week: date, last_day: date, title: str = "week starting", **extra: Any) -> Axis:
    """A date axis ticked on week starts (first_week is one), a whole number of weeks apart.

    Labels are day and month (and year, past a year); the years spanned go in its title.
    """
    weeks = (last_day - first_week).days // 7 + 1
    step = weeks_between_ticks(weeks)
    # half a week past the last day, so its bar is whole; but never as far as the next tick
    # (a line to today on the 20th would be ticked "23 Nov", a week still to come)
    next_tick = first_week + timedelta(weeks=step * ((weeks - 1) // step + 1))
    end = min(last_day + timedelta(days=4), next_tick - timedelta(days=1))
    axis: Axis = {
        "type": "date",
        "title": {"text": f"{title} ({_years(first_week, last_day)})"},
        "tickmode": "linear",
        "tick0": first_week.isoformat(),
        "dtick": step * WEEK_MS,
        "tickformat": "%-d %b" if weeks <= 60 else "%-d %b %Y",
        "hoverformat": "%a %-d %b %Y",
        "automargin": True,  # a phone turns the labels: the title goes below them
        # half a week before the first: its bar is whole
        "range": [(first_week - timedelta(days=4)).isoformat(), end.isoformat()],
    }
    axis.update(extra)
    return axis


def month_axis(first: date, last: date, title: str = "month", **extra: Any) -> Axis:
    """A date axis ticked on the first of a month (first is one), whole months apart."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next((n for n in (1, 2, 3, 6, 12) if ceil(months / n) <= MOST_WEEK_TICKS), None)
    axis: Axis = {
        "type": "date",
        "title": {"text": f"{title} ({_years(first, last)})"},
        "tickmode": "linear",
        "tick0": first.isoformat(),
        "dtick": f"M{step or 12 * ceil(months / (12 * MOST_WEEK_TICKS))}",
        "tickformat": "%b" if first.year == last.year else "%b %Y",
        "hoverformat": "%B %Y",
        "automargin": True,
        "range": [
            (first - timedelta(days=16)).isoformat(),
            (last + timedelta(days=16)).isoformat(),
        ],
    }
    axis.update(extra)
    return axis


def _years(first: date, last: date) -> str:
    return f"{first:%Y}" if first.year == last.year else f"{first:%Y}–{last:%Y}"


def category_axis(title: str, **extra: Any) -> Axis:
    """An axis of names ("2024" is a venue, not a year) whose margin fits its labels and its
    title: without a standoff, automargin makes room for the labels only, and the title is
    drawn over the longest of them."""
    axis: Axis = {
        "title": {"text": title, "standoff": TITLE_STANDOFF},
        "type": "category",
        "automargin": True,
    }
    axis.update(extra)
    return axis


def ranked_layout(
    rows: int, x_axis: Axis, y_title: str, row: int = 28, **extra: Any
) -> dict[str, Any]:
    """The layout of a horizontal bar chart, one labelled row (`row` px) per bar."""
    layout = base_layout(
        height=max(200, row * rows + 90),
        showlegend=False,
        hovermode="closest",
        margin={"l": 16, "r": 24, "t": 16, "b": 48},
        xaxis=x_axis,
        # a category axis: a venue called "2024" is a name, not a number
        yaxis=category_axis(y_title),
    )
    layout.update(extra)
    return layout
