"""What is due as a calendar feed: `habits due --ics [-o FILE]`, read back with icalendar."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from habits.app.feed_views import DueFeed, Opening
from habits.app.views import DueView
from habits.cli.terminal import DUE_WHAT
from habits.core.network import Due
from habits.site.due_feed import SUMMARY, due_ics
from tests.conftest import NOW, Home


def feed(home: Home, *args: str, now: str = NOW) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(home.run("due", "--ics", *args, now=now).stdout_bytes)


def todos(calendar: icalendar.Calendar) -> dict[str, icalendar.Component]:
    """Each VTODO by its SUMMARY."""
    return {str(todo["SUMMARY"]): todo for todo in calendar.walk("VTODO")}


def day(component: icalendar.Component, name: str = "DUE") -> date:
    value = component.decoded(name)
    assert type(value) is date  # a DATE value, not a date-time
    return value


def alarm_at(component: icalendar.Component) -> datetime:
    (alarm,) = component.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"]) == str(
        component["SUMMARY"]
    )
    assert alarm["TRIGGER"].params["VALUE"] == "DATE-TIME"
    at = alarm.decoded("TRIGGER")
    assert isinstance(at, datetime)
    return at


def test_the_feed_holds_a_todo_for_each_item_due(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "2026-11-18T09:00")  # due Thu 19
    home.run("log", "intro", "--with", "Ana Ruiz", "--with", "Ben Ode", "--at", "09:00")
    due = home.json("due")
    calendar = feed(home)
    assert str(calendar["VERSION"]) == "2.0" and "habits" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "habits: what is due (Ada)"
    found = todos(calendar)
    assert len(found) == len(due) == 3
    sam = found["Follow up with Sam Lee"]
    (ice,) = [e for e in home.json("list") if e["action"] == "icebreaker"]
    assert day(sam) == date(2026, 11, 19)
    assert alarm_at(sam) == datetime(2026, 11, 19, 9, tzinfo=UTC)  # 09:00 in UTC's morning
    assert str(sam["DESCRIPTION"]) == (
        f"Break the ice with Sam Lee on Wed 18 Nov 2026 opened this follow-up (entry {ice['id']})."
    )
    assert sam.decoded("DTSTAMP") == datetime.fromisoformat(NOW)
    assert str(sam["STATUS"]) == "NEEDS-ACTION"
    ana = found["Ask Ana Ruiz whether they met Ben Ode"]
    assert day(ana) == date(2026, 12, 1)  # seven workdays after Fri 20
    assert "Ask Ben Ode whether they met Ana Ruiz" in found
    assert {day(t) for t in found.values()} == {date.fromisoformat(d["due"]) for d in due}


def test_uids_stay_a_dismissed_item_leaves_and_a_snoozed_one_moves(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "2026-11-18T09:00")
    home.run("log", "lunch", "--with", "Cleo Park", "--at", "2026-11-19T12:00")
    home.run("log", "intro", "--with", "Ana Ruiz", "--with", "Ben Ode", "--at", "09:00")
    first = {name: str(t["UID"]) for name, t in todos(feed(home)).items()}
    assert len(set(first.values())) == 4
    later = "2026-11-21T08:00:00+00:00"
    assert {n: str(t["UID"]) for n, t in todos(feed(home, now=later)).items()} == first
    home.run("due", "dismiss", "Sam Lee")
    home.run("due", "snooze", "Cleo Park", "--until", "2026-11-26")
    after = todos(feed(home))
    assert "Follow up with Sam Lee" not in after
    assert {n: str(t["UID"]) for n, t in after.items()} == {
        n: uid for n, uid in first.items() if n != "Follow up with Sam Lee"
    }
    cleo = after["Follow up with Cleo Park"]
    assert day(cleo) == date(2026, 11, 26)
    assert alarm_at(cleo) == datetime(2026, 11, 26, 9, tzinfo=UTC)
    home.run("log", "follow-up", "--with", "Cleo Park")  # done: it leaves the feed
    assert "Follow up with Cleo Park" not in todos(feed(home))


def test_a_keep_in_touch_reminder_says_when_you_last_met(home: Home) -> None:
    home.run("log", "lunch", "--with", "Sam Lee", "--at", "2026-11-02T12:00")
    home.run("log", "fu", "--with", "Sam Lee", "--at", "2026-11-03T12:00")
    home.run("people", "cadence", "Sam Lee", "3w")
    (sam,) = todos(feed(home)).values()
    assert str(sam["SUMMARY"]) == "Keep in touch with Sam Lee"
    assert day(sam) == date(2026, 11, 24)
    assert str(sam["DESCRIPTION"]).startswith("Last met on Tue 3 Nov 2026: Follow up with Sam Lee")
    home.run("log", "ice", "--with", "Sam Lee", "--at", "09:00")  # met again: a new one, later
    assert [str(t["SUMMARY"]) for t in feed(home).walk("VTODO")] == ["Follow up with Sam Lee"]


def test_the_alarm_rings_at_nine_in_the_workspaces_time_zone(tmp_path: Path, home: Home) -> None:
    settings = home.root / "habits.toml"
    settings.write_text(
        settings.read_text().replace('timezone = "UTC"', 'timezone = "America/New_York"')
    )
    home.run("log", "ice", "--with", "Sam Lee", "--at", "2026-11-18T09:00")
    (sam,) = todos(feed(home)).values()
    assert alarm_at(sam) == datetime(2026, 11, 19, 14, tzinfo=UTC)  # 09:00 EST


def test_names_with_commas_semicolons_and_line_breaks_round_trip(home: Home) -> None:
    odd = ["Lee, Sam; Jr.", 'O\'Neil "the \\ backslash"', "Ana\nRuiz", "Zoë\tKim\\N"]
    entries = "".join(
        f'\n[[entry]]\nid = "odd{n}"\nat = 2026-11-18T09:00:00Z\naction = "icebreaker"\n'
        f"with = [{_toml(name)}]\n"
        for n, name in enumerate(odd)
    )
    home.write("log/2026-11.toml", entries)
    found = todos(feed(home))
    assert len(found) == 4
    for name in odd:
        shown = name.replace("\\N", "\\\N{WORD JOINER}N")  # not a line break (see due_feed)
        assert f"Follow up with {shown}" in found
        assert f"with {shown} on Wed 18 Nov 2026" in str(
            found[f"Follow up with {shown}"]["DESCRIPTION"]
        )


def _toml(text: str) -> str:
    from habits.store.tomlvalue import toml_value

    return toml_value(text)


def test_the_summaries_say_what_due_says() -> None:
    """The feed keeps the product's words: `habits due`'s, capitalised."""
    assert {k: v[:1].lower() + v[1:] for k, v in SUMMARY.items()} == DUE_WHAT


def test_events_for_calendars_that_show_no_todos(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "2026-11-18T09:00")
    calendar = feed(home, "--events")
    assert not calendar.walk("VTODO")
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Follow up with Sam Lee"
    assert (day(event, "DTSTART"), day(event, "DTEND")) == (date(2026, 11, 19), date(2026, 11, 20))
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["UID"]) == str(todos(feed(home))["Follow up with Sam Lee"]["UID"])
    assert alarm_at(event) == datetime(2026, 11, 19, 9, tzinfo=UTC)


def test_an_empty_feed_is_still_a_calendar(home: Home) -> None:
    calendar = feed(home)
    assert calendar.walk("VTODO") == [] and str(calendar["VERSION"]) == "2.0"


# -- -o FILE --------------------------------------------------------------------------------


def test_output_writes_the_feed_in_one_step_and_replaces_an_earlier_one(
    home: Home, tmp_path: Path
) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "2026-11-18T09:00")
    out = tmp_path / "sync" / "due.ics"
    out.parent.mkdir()
    said = home.run("due", "--ics", "-o", str(out)).stdout
    assert said.strip() == f"Wrote 1 item due to {out}"
    assert out.read_bytes() == home.run("due", "--ics").stdout_bytes
    home.run("due", "dismiss", "Sam Lee")
    assert "1 item" not in home.run("due", "--ics", "-o", str(out)).stdout
    assert icalendar.Calendar.from_ical(out.read_bytes()).walk("VTODO") == []
    assert sorted(p.name for p in out.parent.iterdir()) == ["due.ics"]  # no temporary left


def test_a_failed_write_leaves_the_old_feed_whole(
    home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "2026-11-18T09:00")
    out = tmp_path / "sync" / "due.ics"
    out.parent.mkdir()
    home.run("due", "--ics", "-o", str(out))
    before = out.read_bytes()
    home.run("due", "dismiss", "Sam Lee")

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    result = home.run("due", "--ics", "-o", str(out), ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output + result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: No space left on device: {out}; nothing was written")
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["due.ics"]  # no temporary left


@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("missing/due.ics", "no folder"),
        ("notes.txt", "is there and is not a calendar feed"),
        ("ws/habits.toml", "is a file habits keeps"),
        ("folder", "is a directory"),
    ],
)
def test_an_output_it_must_not_write_is_one_clear_line(
    home: Home, tmp_path: Path, target: str, said: str
) -> None:
    (tmp_path / "notes.txt").write_text("my notes\n")
    (tmp_path / "folder").mkdir()
    kept = home.snapshot()
    notes = (tmp_path / "notes.txt").read_text()
    result = home.run("due", "--ics", "-o", str(tmp_path / target), ok=False)
    (line,) = result.stderr.strip().splitlines()
    assert said in line and "Traceback" not in result.output
    assert home.snapshot() == kept and (tmp_path / "notes.txt").read_text() == notes
    assert not (tmp_path / "missing").exists()


def test_output_and_events_go_with_ics(home: Home) -> None:
    for args in (["-o", "due.ics"], ["--events"], ["--ics", "--json"]):
        result = home.run("due", *args, ok=False)
        assert result.exit_code == 2 and "go with --ics" in result.stderr


# -- the names, whatever they hold -----------------------------------------------------------

# What iCalendar text cannot hold as it is: a control character but the tab and a line break
# (RFC 5545 3.3.11), a carriage return (one kind of line break only), and a backslash before
# N (the library's spelling of a line break).
PLAIN = st.text(
    st.characters(
        blacklist_categories=["Cs"],
        blacklist_characters=[chr(c) for c in [*range(0x20), 0x7F] if chr(c) not in "\t\n"],
    ),
    min_size=1,
).filter(lambda name: "\\N" not in name)


def rendered(names: list[str]) -> list[tuple[str, str]]:
    """Each name's follow-up through a feed and back: its SUMMARY and DESCRIPTION."""
    as_of = date(2026, 11, 20)
    due = tuple(
        Due(name, f"key{n}", "follow-up", f"e{n}", as_of, as_of) for n, name in enumerate(names)
    )
    openings = {f"e{n}": Opening("Lunch", (name,), (f"key{n}",)) for n, name in enumerate(names)}
    data = due_ics(DueFeed(DueView(as_of, due, []), openings, "UTC", ""), datetime.now(UTC))
    assert not any((b < 0x20 and b not in b"\t\r\n") or b == 0x7F for b in data)
    found = icalendar.Calendar.from_ical(data).walk("VTODO")
    return [(str(t["SUMMARY"]), str(t["DESCRIPTION"])) for t in found]


@given(st.lists(PLAIN, max_size=8))
def test_any_names_round_trip_through_the_feed_unchanged(names: list[str]) -> None:
    found = rendered(names)
    assert [summary for summary, _ in found] == [f"Follow up with {n}" for n in names]
    assert [d.split(" with ", 1)[1].rsplit(" on Fri 20 Nov 2026", 1)[0] for _, d in found] == names


@given(st.lists(st.text(min_size=1), max_size=8))
def test_every_name_gives_a_valid_feed_as_near_it_as_icalendar_can_hold(names: list[str]) -> None:
    """A control character becomes U+FFFD, a carriage return a line break (the only one
    iCalendar has), a backslash before N keeps an invisible word joiner between them."""

    def held(name: str) -> str:
        name = name.replace("\r\n", "\n").replace("\r", "\n")
        name = "".join(
            "\N{REPLACEMENT CHARACTER}" if (ord(c) < 0x20 and c not in "\t\n") or c == "\x7f" else c
            for c in name
        )
        return name.replace("\\N", "\\\N{WORD JOINER}N")

    assert [s for s, _ in rendered(names)] == [f"Follow up with {held(n)}" for n in names]
