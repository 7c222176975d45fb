"""The Wins page's charts: the funnel from people met to wins, and what first touch leads there.

A rate never stands without its sample: each bar says "n of N" and its label "(n=N)", and a
rate from fewer than FEW people is grey, marked "too few to tell" and ranked below the rest
(one person who became a win is 100%, and tells nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from habits.core.followups import FOLLOW_UP
from habits.core.network import Network, Rate
from habits.site.chart_parts import (
    BARS,
    LINE,
    MET,
    OPEN,
    Figure,
    base_layout,
    category_axis,
    empty_figure,
    percent_axis,
    ranked_layout,
    text,
)

TWO_LINES = 38  # px a row of two-line labels takes
FEW = 5  # people: a rate from fewer is shown, greyed, as too few to tell
TOO_FEW = f"too few to tell (under {FEW} people)"


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
                "texttemplate": "%{value:,} of " + f"{met:,}" + " (%{percentInitial:.0%})",
                "textposition": "auto",
                "hovertemplate": "%{y}: %{value:,} of " + f"{met:,}"
                " people met (%{percentInitial:.0%})<extra></extra>",
                "marker": {"color": [BARS, LINE, MET]},
            }
        ],
        "layout": base_layout(
            height=280,
            showlegend=False,
            hovermode="closest",
            margin={"l": 16, "r": 24, "t": 16, "b": 16},
            xaxis={"visible": False},
            yaxis=category_axis("stage"),
        ),
    }


def _bar(name: str, colour: str, rows: list[tuple[str, Rate]]) -> dict[str, Any]:
    few = " · too few to tell" if colour == OPEN else ""
    return {
        "type": "bar",
        "orientation": "h",
        "name": name,
        "y": [label for label, _ in rows],
        "x": [round(100 * rate.rate, 1) for _, rate in rows],
        "text": [f"{rate.wins} of {rate.people}" for _, rate in rows],
        # inside a long bar; beside a short one, so "0 of 3" shows too
        "textposition": ["inside" if rate.rate >= 0.3 else "outside" for _, rate in rows],
        "cliponaxis": False,
        "customdata": [[rate.wins, rate.people, label.split("<br>")[0]] for label, rate in rows],
        "hovertemplate": "%{customdata[2]}: %{customdata[0]} of %{customdata[1]} people became"
        f" a win (%{{x:.0f}}%){few}<extra></extra>",
        "marker": {"color": colour},
    }


def conversion(rates: Mapping[str, Rate], what: str) -> Figure:
    """Share of the people first met this way who became a win, per venue, action or opener."""
    # the sample on a line of its own: a phone keeps the plot wider than its labels
    shown = [(f"{text(label)}<br>(n={rate.people})", rate) for label, rate in rates.items()]
    shown = [(label, rate) for label, rate in shown if rate.people]
    if not shown:
        return empty_figure(f"No first touches by {what} yet.")
    told = sorted(
        (item for item in shown if item[1].people >= FEW),
        key=lambda item: (item[1].rate, item[1].people, item[0]),
    )
    few = sorted(
        (item for item in shown if item[1].people < FEW),
        key=lambda item: (item[1].people, item[1].rate, item[0]),
    )
    data = [_bar(name, colour, rows) for name, colour, rows in (
        ("became a win", MET, told), (TOO_FEW, OPEN, few)) if rows]  # fmt: skip
    # rows bottom to top: the rates too few to tell below every other
    order = [label for label, _ in few + told]
    return {
        "data": data,
        "layout": ranked_layout(
            len(shown),
            percent_axis("% who became a win"),
            what,
            row=TWO_LINES,
            showlegend=bool(few),
            barmode="overlay",
            yaxis=category_axis(what, categoryorder="array", categoryarray=order),
        ),
    }
