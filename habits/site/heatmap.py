"""The year heatmap: a column a week, a cell a day, its colour the day's entries in levels.

A day with no entry is a neutral cell, never the faintest green, so an empty year reads as
empty; a colour bar names the levels. The scale differs with the palette (darker for more on
the light one, brighter for more on the dark one): both travel in the trace's `meta`, and the
page's script picks one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any, NamedTuple

from habits.core.periods import Calendar
from habits.core.scorecard import Scorecard
from habits.core.when import said
from habits.site.chart_parts import Figure, base_layout, week_axis, week_starts

# The heatmap's five levels: no entry (a neutral cell, not the faintest green), then four
# greens, darker for more on the light palette and brighter for more on the dark one.
HEAT_LIGHT = ("#ebedf0", "#b7e4c2", "#6fcf8a", "#2e9d4f", "#1b6e35")
HEAT_DARK = ("#343846", "#1f6b35", "#2e9d4f", "#4cc46c", "#8ee6a2")
WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class HeatLevels(NamedTuple):
    """Entries a day in five levels: 0, then four ranges of `step` (the last open-ended)."""

    step: int

    def level(self, count: int) -> int:
        return 0 if count <= 0 else min(4, 1 + (count - 1) // self.step)

    def labels(self) -> list[str]:
        def span(low: int) -> str:
            return str(low) if self.step == 1 else f"{low}–{low + self.step - 1}"

        return ["0", *(span(1 + n * self.step) for n in range(3)), f"{1 + 3 * self.step}+"]


def heat_levels(counts: Iterable[int]) -> HeatLevels:
    """Levels whose top one starts near the 90th percentile of the busy days' counts."""
    busy = sorted(n for n in counts if n > 0)
    usual = busy[(len(busy) - 1) * 9 // 10] if busy else 0
    return HeatLevels(max(1, round((usual - 1) / 3)))


def _heat_scale(colours: Sequence[str]) -> list[list[Any]]:
    """A stepped colour scale: level n (of 0-4, on zmin -0.5 .. zmax 4.5) in colours[n]."""
    scale: list[list[Any]] = []
    for n, colour in enumerate(colours):
        scale += [[n / 5, colour], [(n + 1) / 5, colour]]
    return scale


def activity_calendar(card: Scorecard, calendar: Calendar) -> Figure:
    """A year of days, a column a week (GitHub-style): how many entries each day, in levels."""
    per_day = Counter(card.days)
    last_week = calendar.week_of(card.as_of)
    weeks = week_starts(last_week - timedelta(weeks=52), last_week)
    levels = heat_levels(per_day[d] for d in per_day if d >= weeks[0])
    order = [(calendar.week_start + n) % 7 for n in range(7)]
    z: list[list[int | None]] = []
    labels: list[list[str]] = []
    for n in range(7):
        row: list[int | None] = []
        names: list[str] = []
        for week in weeks:
            day = week + timedelta(days=n)
            count = per_day.get(day, 0)
            row.append(None if day > card.as_of else levels.level(count))
            names.append(
                f"{said(day, '%a %d %b %Y')}: {count} {'entry' if count == 1 else 'entries'}"
            )
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
                "zmin": -0.5,
                "zmax": 4.5,
                "customdata": labels,
                "colorscale": _heat_scale(HEAT_LIGHT),
                "meta": {"colorscales": {"light": _heat_scale(HEAT_LIGHT),
                                         "dark": _heat_scale(HEAT_DARK)}},
                "xgap": 2,
                "ygap": 2,
                "hoverongaps": False,
                "showscale": True,
                "colorbar": {
                    "orientation": "h",
                    "title": {"text": "entries a day", "side": "top"},
                    "tickmode": "array",
                    "tickvals": [0, 1, 2, 3, 4],
                    "ticktext": levels.labels(),
                    "x": 1,
                    "xanchor": "right",
                    "y": 1.02,
                    "yanchor": "bottom",
                    "lenmode": "pixels",  # a phone's width holds it whole
                    "len": 200,
                    "thickness": 12,
                    "outlinewidth": 0,
                },
                "hovertemplate": "%{customdata}<extra></extra>",
            },
        ],
        "layout": base_layout(
            height=300,
            showlegend=False,
            hovermode="closest",
            margin={"l": 56, "r": 16, "t": 16, "b": 48},
            xaxis=week_axis(weeks[0], weeks[-1], showgrid=False, zeroline=False),
            yaxis={
                "title": {"text": "day"},
                "type": "category",
                "autorange": "reversed",
                "showgrid": False,
                "zeroline": False,
            },
        ),
    }  # fmt: skip
