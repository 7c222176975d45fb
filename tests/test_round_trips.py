"""What habits writes reads back the same: log entries in any zone, CSV exports of any text."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import given
from hypothesis import strategies as st

from habits.core import Entry, Pack
from habits.core.model import tidy, venue_key
from habits.store.csvjson import COLUMNS, Known, export_csv, parse_csv
from habits.store.logfile import format_entry, parse_log
from tests.helpers import ACTIONS

ZONES = sorted(available_timezones())
INSTANTS = st.datetimes(datetime(1900, 1, 2), datetime(2999, 12, 30), timezones=st.just(UTC)).map(
    lambda at: at.replace(microsecond=0)
)


@given(INSTANTS, INSTANTS, st.sampled_from(ZONES))
def test_an_entry_in_any_zone_reads_back_at_the_same_instant(
    at: datetime, logged: datetime, zone: str
) -> None:
    tz = ZoneInfo(zone)
    e = Entry("id1", at.astimezone(tz), "ice", logged.astimezone(tz))
    [back], problems = parse_log(format_entry(e), "log/x.toml")
    assert problems == []
    # Timestamps: Python never calls a time in a repeated (DST) hour equal to another zone's.
    assert (back.at.timestamp(), back.logged.timestamp()) == (
        e.at.timestamp(),
        e.logged.timestamp(),
    )


def test_a_local_mean_time_offset_is_written_as_toml() -> None:
    """Europe/London before 1847 (-00:01:15) is outside the years habits takes; Amsterdam kept
    +00:19:32 until 1937."""
    at = datetime(1930, 3, 1, 12, 0, 15, tzinfo=ZoneInfo("Europe/Amsterdam"))
    text = format_entry(Entry("old", at, "ice", at))
    assert "+00:19:32" not in text and "+00:20" in text
    [back], problems = parse_log(text, "log/x.toml")
    assert problems == [] and back.at == at


# Text with what CSV, spreadsheets and our separators treat specially.
SPECIAL = st.sampled_from(["=", "+", "-", "@", "'", ";", "\\", '"', ",", "\n", "\r", "\t", " "])
TEXT = st.lists(st.one_of(SPECIAL, st.characters(exclude_categories=["Cs"])), max_size=12).map(
    "".join
)
NAMES = st.lists(TEXT.map(tidy).filter(bool), max_size=3, unique=True)
WORDS = TEXT.map(venue_key)
NOW = datetime(2999, 12, 31, tzinfo=UTC)


@st.composite
def logged_entries(draw: st.DrawFn) -> list[Entry]:
    out = []
    for n in range(draw(st.integers(0, 6))):
        at = draw(INSTANTS)
        out.append(
            Entry(
                id=f"e{n}",
                at=at,
                action=draw(st.sampled_from(sorted(ACTIONS))),
                logged=at,
                with_=tuple(draw(NAMES)),
                where=draw(WORDS),
                note=draw(TEXT).strip(),
                tags=tuple(draw(st.lists(WORDS.filter(bool), max_size=3, unique=True))),
            )
        )
    return out


def fields(e: Entry) -> tuple[object, ...]:
    return (e.id, e.at, e.action, e.logged, e.with_, e.where, e.note, e.tags)


@given(logged_entries())
def test_export_then_import_gives_the_same_entries(log: list[Entry]) -> None:
    known = Known(Pack(dict(ACTIONS), {}), UTC, [])
    back, skipped, problems = parse_csv(export_csv(log), "x.csv", known, NOW)
    assert problems == [] and skipped == 0
    assert [fields(e) for e in back] == [fields(e) for e in log]
    # Imported again, into the log it made: every row is already there.
    again, skipped, _ = parse_csv(export_csv(log), "x.csv", known._replace(log=back), NOW)
    assert again == [] and skipped == len(log)


@given(logged_entries())
def test_an_export_without_ids_imported_twice_adds_nothing(log: list[Entry]) -> None:
    rows = list(csv.reader(io.StringIO(export_csv(log), newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(row[: len(COLUMNS)] for row in rows)
    text = out.getvalue()
    known = Known(Pack(dict(ACTIONS), {}), UTC, [])
    first, _, problems = parse_csv(text, "x.csv", known, NOW)
    assert problems == [] and len(first) == len(log)
    again, skipped, _ = parse_csv(text, "x.csv", known._replace(log=first), NOW)
    assert again == [] and skipped == len(log)
