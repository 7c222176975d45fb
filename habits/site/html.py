"""The HTML building blocks of every page the site makes: escaping, the page, a chart, a bar.

Each page is a front-matter title plus one raw HTML block that Markdown passes through. Every
string from the person or the pack (names, notes, venues, tags, titles, descriptions) goes
through `h` on the way in, so a note like `<img src=x onerror=alert(1)>` shows as text, and
the front matter is a YAML string that always parses: were it to fail, MkDocs would render
it, title and all, as Markdown (`[x](javascript:...)` as a live link).

Charts are `<div class="habits-chart" data-figure="...">` placeholders: the figure is JSON in
an escaped attribute and `habits.js` draws it (instant navigation re-runs inline scripts as
JavaScript, so a JSON `<script>` block would break there).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from habits.core.escape import h as h  # where the site's pages and configs take it from
from habits.core.escape import yaml_str as yaml_str
from habits.core.when import said

if TYPE_CHECKING:
    from habits.site.figures import Figure


def page(title: str, body: Iterable[str], search: bool = True) -> str:
    """A Markdown page: an escaped title in the front matter, then one raw HTML block.

    The title is escaped for HTML as well: MkDocs and Material print it raw in <title>, the
    navigation and the search index. A page with `search=False` is left out of the search.
    """
    lines = [line for line in body if line]
    excluded = "search:\n  exclude: true\n" if not search else ""
    return (
        f'---\ntitle: {yaml_str(h(title))}\n{excluded}---\n\n<div class="habits">\n'
        + "\n".join(lines)
        + "\n</div>\n"
    )


def chart(name: str, figure: Figure, label: str, caption: str = "") -> str:
    """A chart named `label` for assistive technology; a visible caption only when given.

    The heading above a chart already says what it is: a caption repeating it is noise, so
    `caption` says something else (what a bar is, what the chart leaves out). It is HTML:
    escape what goes into it. A figure with nothing to draw is its message in a paragraph.
    """
    if not figure["data"]:  # nothing to draw: the chart's message alone, not an empty frame
        message = " ".join(note["text"] for note in figure["layout"].get("annotations", []))
        return f'<p class="habits-empty" id="chart-{h(name)}">{message}</p>'  # escaped for Plotly
    data = json.dumps(figure, separators=(",", ":"), ensure_ascii=False)
    # In single quotes the JSON's double quotes stay as they are (h escapes ' and &): a
    # year's charts are 89 KB smaller than with every " written &quot;
    escaped = h(data).replace("&quot;", '"')
    shown = f"<figcaption>{caption}</figcaption>" if caption else ""
    return (
        f'<figure class="habits-figure"><div class="habits-chart" id="chart-{h(name)}" '
        f'role="img" aria-label="{h(label)}" data-figure=\'{escaped}\'></div>{shown}</figure>'
    )


def bar(value: int, target: int, label: str, met: bool = False) -> str:
    """A progress bar with an accessible name and value."""
    share = 100 if target <= 0 else min(100, round(100 * value / target))
    state = " habits-met" if met else ""
    return (
        f'<div class="habits-bar{state}" role="progressbar" aria-label="{h(label)}" '
        f'aria-valuemin="0" aria-valuemax="{max(target, 0)}" aria-valuenow="{min(value, target)}">'
        f'<span style="width: {share}%"></span></div>'
    )


def percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def table(
    head: Sequence[str],
    rows: Iterable[Sequence[str]],
    stack: bool = True,
    label: str = "",
    kind: str = "",
) -> list[str]:
    """A table of cells (HTML, escaped by the caller) that fits its column, never scrolling.

    Stacked (the default), a phone shows each row as a card: the first cell its title, every
    other cell after its column's name ("With: Sam Lee", from `data-label`); empty cells drop.
    A `kind` whose stylesheet names the columns itself (the log's `habits-entries`: thousands
    of rows) gets no `data-label`s.
    """
    classes = " ".join(
        ["habits-table", *(["habits-stack"] if stack else []), *([kind] if kind else [])]
    )
    named = f' aria-label="{h(label)}"' if label else ""
    labels = (
        ["", *(f' data-label="{h(name)}"' for name in head[1:])] if not kind else [""] * len(head)
    )
    out = [
        f'<table class="{classes}"{named}>',
        "<thead><tr>"
        + "".join(f'<th scope="col">{h(name)}</th>' for name in head)
        + "</tr></thead>",
        "<tbody>",
    ]
    for row in rows:
        cells = "".join(f"<td{labels[n] if cell else ''}>{cell}</td>" for n, cell in enumerate(row))
        out.append(f"<tr>{cells}</tr>")
    out += ["</tbody>", "</table>"]
    return out


def moment(at: datetime, local: datetime, year: bool = False) -> str:
    """An instant as a short local time that never wraps ("Mon 23 Nov 14:05")."""
    shown = said(local, "%a %d %b %Y %H:%M" if year else "%a %d %b %H:%M")
    return f'<time datetime="{h(at.isoformat())}">{shown}</time>'


def day(value: date, year: bool = True) -> str:
    """A day as a short date that never wraps ("Mon 23 Nov 2026")."""
    shown = said(value, "%a %d %b %Y" if year else "%a %d %b")
    return f'<time datetime="{value.isoformat()}">{shown}</time>'


# A run of blanks that holds a line break, unless inside an element that shows its blanks
_BLANKS = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)|\s*\n\s*", re.S | re.I)


def compact(html: str) -> str:
    """A built page with each run of blanks that holds a line break made one line break.

    The theme indents every line of its frame: a year's site is 0.45 MB smaller without
    them. A browser shows any run of blanks as one space, so the page looks the same;
    `<pre>`, `<textarea>`, scripts and styles keep theirs as they are.
    """
    return _BLANKS.sub(lambda m: m.group(1) or "\n", html)
