"""Dismissing and snoozing single follow-ups: `habits due dismiss|snooze`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from habits.app import Habits
from habits.core.network import network
from habits.store.loaded import load
from habits.store.workspace import Workspace
from tests.conftest import NOW, Home


def rate(home: Home, now: str = NOW) -> dict[str, Any]:
    found: dict[str, Any] = home.json("status", now=now)["follow_ups"]
    return found


def test_a_dismissed_follow_up_leaves_due_people_and_the_rate(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "2026-11-16T09:00")  # due Tue 17
    home.run("log", "ice", "--with", "Ana Ruiz", "--at", "2026-11-18T09:00")
    assert rate(home)["opened"] == 2 and rate(home)["overdue"] == 2
    kept = home.snapshot()
    said = home.run("due", "dismiss", "sam lee", "--note", "a stand-up").stdout
    assert said.startswith("Dismissed the follow-up with Sam Lee")
    assert [d["person"] for d in home.json("due")] == ["Ana Ruiz"]
    sam = next(p for p in home.json("people") if p["name"] == "Sam Lee")
    assert sam["open_follow_up"] is None
    assert rate(home) | {"rate": None} == {
        "opened": 1,
        "on_time": 0,
        "late": 0,
        "open": 1,
        "overdue": 1,
        "rate": None,
    }  # neither on time nor late: it is not counted at all
    home.run("log", "follow-up", "--with", "Sam Lee")  # closes nothing now: no credit
    assert rate(home)["on_time"] == 0 and rate(home)["late"] == 0
    home.run("undo")
    assert home.run("undo").stdout.startswith("Undid dismiss ")
    assert home.snapshot() == kept | {
        k: v for k, v in home.snapshot().items() if k.startswith("journal/")
    }


def test_dismiss_by_entry_id_closes_every_check_it_opened(home: Home) -> None:
    home.run("log", "intro", "--with", "Sam Lee", "--with", "Ana Ruiz", "--at", "09:00")
    intro = home.json("list")[0]["id"]
    assert {d["kind"] for d in home.json("due")} == {"did-they-meet"}
    said = home.run("due", "dismiss", intro[:6]).stdout
    assert "did-they-meet check with Sam Lee; did-they-meet check with Ana Ruiz" in said
    assert home.json("due") == []


def test_a_snoozed_follow_up_falls_due_later(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "2026-11-18T09:00")  # due Thu 19
    assert home.json("due")[0]["overdue"] is True
    said = home.run("due", "snooze", "Sam Lee", "--until", "2026-11-24").stdout
    assert said.strip() == "Snoozed the follow-up with Sam Lee until Tue 24 Nov"
    (item,) = home.json("due")
    assert (item["due"], item["overdue"], item["days_left"]) == ("2026-11-24", False, 4)
    later = "2026-11-25T09:00:00+00:00"
    assert home.json("due", now=later)[0]["overdue"] is True
    home.run("log", "follow-up", "--with", "Sam Lee", now="2026-11-23T10:00:00+00:00")
    assert rate(home, "2026-11-23T18:00:00+00:00")["on_time"] == 1  # before the new due day


def test_dismiss_and_snooze_say_what_is_wrong_and_write_nothing(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee", "--at", "09:00")
    kept = home.snapshot()
    nothing = home.run("due", "dismiss", "Sam", ok=False).stderr
    assert "nothing open with 'Sam'" in nothing and "did you mean Sam Lee?" in nothing
    past = home.run("due", "snooze", "Sam Lee", "--until", "2026-11-19", ok=False).stderr
    assert "is not after today" in past
    assert "not a date" in home.run("due", "snooze", "Sam Lee", "--until", "soon", ok=False).stderr
    assert home.snapshot() == kept


def test_the_kept_views_and_a_full_score_agree_on_marks(home: Home) -> None:
    """What `due` finishes from the kept network is what a full score shows, marks included."""
    app = Habits(Workspace(home.root, "test"), lambda: datetime.fromisoformat(NOW))
    for n, name in enumerate(["Sam Lee", "Ana Ruiz", "Cleo Park", "Ben Ode"]):
        app.log("ice", [name], when=f"2026-11-{10 + n}")
    app.due()  # the kept network, as a daily view makes it
    app.dismiss("Ana Ruiz")
    app.snooze("Cleo Park", "2026-11-27")
    state = load(app.workspace)
    full = network(state.score(date(2026, 11, 20)), state.pack, state.settings, state.directory)
    assert app.due().due == full.due
    assert [d.person for d in full.due] == ["Sam Lee", "Ben Ode", "Cleo Park"]
    site = app.site_data().card.follow_ups
    assert site.opened == 3  # the site scores with them too


def test_an_entry_id_too_short_to_dismiss_by_says_so(home: Home) -> None:
    """`habits edit` takes one character of an id: `due dismiss` needs four (a shorter one
    could be a name), and must say that rather than "nothing open"."""
    home.run("log", "intro", "--with", "Sam Lee", "--with", "Ana Ruiz", "--at", "09:00")
    intro = home.json("list")[0]["id"]
    kept = home.snapshot()
    refused = home.run("due", "dismiss", intro[:2], ok=False).stderr
    assert f"give at least 4 characters of the id, e.g. {intro[:4]}" in refused
    assert home.snapshot() == kept
