"""A challenge page's chart: each period met, missed, rested or open against the target.

A bar trace per state, so the legend names every colour the bars use; a rested period is a
hatched bar up to the target (the target was waived), so it never looks like a missed one
with nothing logged. The chart covers the periods of the last year (with the strength line a
point a day over them); the page says in words how the periods before it went. A once-only
challenge has one period and no dates worth an axis: its chart is one bar, the count so far
against the target.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, NamedTuple

from habits.core.periods import Calendar
from habits.core.scorecard import ChallengeResult, PeriodResult
from habits.core.when import said
from habits.site.chart_parts import (
    DAY_MS,
    LINE,
    MET,
    MISSED,
    OPEN,
    RECENT_WEEKS,
    RESTED,
    Figure,
    base_layout,
    count_axis,
    empty_figure,
    month_axis,
    percent_axis,
    week_axis,
)

STATES = {"met": MET, "missed": MISSED, "rested": RESTED, "open": OPEN}
UNITS = {
    "entries": "times logged",
    "people": "people",
    "new-people": "new people",
    "follow-ups": "follow-ups",
}
WHAT_A_BAR_IS = {"day": "a day", "week": "a week", "month": "a month"}


def state(period: PeriodResult) -> str:
    return (
        "met" if period.met else "open" if period.open else "rested" if period.paused else "missed"
    )


class Window(NamedTuple):
    """A challenge's periods: those drawn (the last year's) and those before them."""

    before: tuple[PeriodResult, ...]
    shown: tuple[PeriodResult, ...]
    since: date  # the first day the chart covers


def window(result: ChallengeResult, calendar: Calendar, as_of: date) -> Window:
    """The periods that reach into the last RECENT_WEEKS + 1 weeks, and the ones before."""
    since = calendar.week_of(as_of) - timedelta(weeks=RECENT_WEEKS)
    periods = result.periods
    cut = next((n for n, p in enumerate(periods) if p.end >= since), len(periods) - 1)
    return Window(periods[:cut], periods[cut:], since)


def _label(period: PeriodResult, every: str) -> str:
    if every == "day":
        return said(period.start, "%a %d %b %Y")
    if every == "month":
        return f"{period.start:%B %Y}"
    return f"week of {said(period.start, '%d %b %Y')}"


def challenge_history(result: ChallengeResult, calendar: Calendar, as_of: date) -> Figure:
    """A challenge's periods (met, missed, rested, open) against its target, and its strength."""
    if not result.periods:
        return empty_figure("Nothing has counted for this challenge yet.")
    every = result.challenge.every
    if every == "once":
        return once_figure(result)
    shown = window(result, calendar, as_of).shown
    target = result.target
    data: list[dict[str, Any]] = []
    for name, colour in STATES.items():
        periods = [p for p in shown if state(p) == name]
        if not periods:
            continue
        rested = name == "rested"
        data.append(
            {
                "type": "bar",
                "name": name,
                "legendgroup": name,
                "x": [p.start.isoformat() for p in periods],
                # a rested period waived the target: drawn up to it, hatched
                "y": [target if rested else p.count for p in periods],
                "width": _widths(periods),
                "customdata": [[_label(p, every), p.count] for p in periods],
                "marker": {"color": colour, "opacity": 0.45 if rested else 1}
                | ({"pattern": {"shape": "/"}} if rested else {}),
                "hovertemplate": f"%{{customdata[0]}}: %{{customdata[1]}} of {target}, "
                f"{name}<extra></extra>",
            }
        )
    nothing = [p for p in shown if state(p) == "missed" and not p.count]
    if nothing:  # a bar of 0 is no bar: a red dash on the axis shows the miss
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "missed",
                "legendgroup": "missed",
                "showlegend": False,
                "x": [p.start.isoformat() for p in nothing],
                "y": [0] * len(nothing),
                "cliponaxis": False,
                # an open symbol is stroked in marker.color: without it, Plotly's purple
                "marker": {
                    "symbol": "line-ew-open",
                    "size": 12,
                    "color": MISSED,
                    "line": {"width": 4, "color": MISSED},
                },
                "customdata": [[_label(p, every), 0] for p in nothing],
                "hovertemplate": f"%{{customdata[0]}}: 0 of {target}, missed<extra></extra>",
            }
        )
    first, last = shown[0], shown[-1]
    half = timedelta(days=((last.end - last.start).days + 1) / 2)
    data.append(
        {
            "type": "scatter",
            "mode": "lines",
            "name": "target",
            "x": [(first.start - half).isoformat(), (last.start + half).isoformat()],
            "y": [target, target],
            "line": {"color": OPEN, "dash": "dash", "width": 2},
            "hoverinfo": "skip",
        }
    )
    unit = f"{UNITS[result.challenge.measure]} {WHAT_A_BAR_IS[every]}"
    layout = base_layout(
        hovermode="closest",
        barmode="overlay",
        xaxis=(
            month_axis(first.start, last.start)
            if every == "month"
            else week_axis(
                calendar.week_of(first.start),
                last.start,
                title="week starting" if every == "week" else "day",
            )
        ),
        yaxis=count_axis(unit, max([target, *(p.count for p in shown)])),
    )
    # the strength line runs to the as-of day, inside the last period: keep it in view
    shown_to = min(as_of, last.end).isoformat()
    layout["xaxis"]["range"][1] = max(layout["xaxis"]["range"][1], shown_to)
    strength = _strength(result, first.start)
    if strength is not None:
        data.append(strength)
        layout["yaxis2"] = percent_axis("strength %", overlaying="y", side="right", showgrid=False)
    return {"data": data, "layout": layout}


def _strength(result: ChallengeResult, since: date) -> dict[str, Any] | None:
    """The strength line, a point a day from `since` (the drawn periods' first day)."""
    if result.strength_from is None or not result.strength_series:
        return None
    skip = max(0, (since - result.strength_from).days)
    values = result.strength_series[skip:]
    if not values:
        return None
    start = result.strength_from + timedelta(days=skip)
    return {
        "type": "scatter",
        "mode": "lines",
        "name": "strength %",
        "x": [(start + timedelta(days=n)).isoformat() for n in range(len(values))],
        "y": [round(v * 100, 1) for v in values],
        "yaxis": "y2",
        "line": {"color": LINE, "width": 2},
        "hovertemplate": "%{x|%-d %b %Y}: strength %{y:.0f}%<extra></extra>",
    }


def once_figure(result: ChallengeResult) -> Figure:
    """A once-only challenge: the count so far as one bar, and the target as a mark."""
    period = result.periods[-1]
    name = state(period)
    target = result.target
    row = ["so far"]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": name,
            "y": row,
            "x": [period.count],
            "width": 0.5,
            "text": [f"{period.count} of {target}"],
            "textposition": "auto",
            "cliponaxis": False,
            "marker": {"color": STATES[name]},
            "hovertemplate": f"%{{x}} of {target}, {name}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": "target",
            "y": row,
            "x": [target],
            "marker": {
                "symbol": "line-ns-open",
                "size": 40,
                "color": OPEN,
                "line": {"width": 3, "color": OPEN},
            },
            "hovertemplate": f"target: {target}<extra></extra>",
        },
    ]
    unit = UNITS[result.challenge.measure]
    return {
        "data": data,
        "layout": base_layout(
            height=200,
            hovermode="closest",
            xaxis=count_axis(unit, max(target, period.count)),
            yaxis={"visible": False},
        ),
    }


def history_caption(result: ChallengeResult, calendar: Calendar, as_of: date) -> str:
    """What the chart shows, in words, and how the periods before it went (plain text)."""
    every = result.challenge.every
    if not result.periods:
        return ""
    if every == "once":
        return "The count so far, against the target (the mark)."
    a_bar = WHAT_A_BAR_IS[every].removeprefix("a ")
    caption = (
        f"A bar a {a_bar}: its count against the target (the dashed line), coloured by its "
        "result; the line is the strength (right axis)."
    )
    before = window(result, calendar, as_of).before
    if before:
        met = sum(1 for p in before if p.met)
        rested = sum(1 for p in before if p.paused and not p.met)
        periods = f"{a_bar}s" if len(before) != 1 else a_bar
        caption += f" Before {said(before[-1].end + timedelta(days=1), '%d %b %Y')}: {met} of "
        caption += f"{len(before)} {periods} met" + (f", {rested} rested." if rested else ".")
    return caption


def _widths(periods: list[PeriodResult]) -> float | list[float]:
    """Each bar 80% of its period: one figure when the periods are alike (weeks, days)."""
    widths = [0.8 * DAY_MS * ((p.end - p.start).days + 1) for p in periods]
    return widths[0] if len(set(widths)) == 1 else widths
