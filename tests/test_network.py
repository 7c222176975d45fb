"""People, follow-ups, wins and openers: the core rules, then the commands."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from habits.core import Action, Badge, Challenge, Entry, Pack, Scorecard, Settings, score
from habits.core.model import Opener, person_key
from habits.core.network import network, suggest_opener
from habits.core.people import NOBODY, Directory, near_misses
from tests.conftest import Home
from tests.helpers import challenge, entry

ACTIONS = {
    "ice": Action("ice", "Break the ice", points=2, follow_up_days=1),
    "lunch": Action("lunch", "Lunch", points=5, follow_up_days=1),
    "fu": Action("fu", "Follow up", points=3, closes_follow_up=True),
    "intro": Action("intro", "Introduce", points=6, closes_follow_up=True, meet_check_days=7),
    "win": Action("win", "Win", points=20, win=True, closes_follow_up=True),
}
OPENERS = {
    "week": Opener("week", "How was your week?", frozenset({"call", "lift"})),
    "weekend": Opener("weekend", "Plans for the weekend?", frozenset({"call", "lift"})),
    "team": Opener("team", "Which team are you in?", frozenset({"canteen"})),
}


def pack(*challenges: Challenge, badges: tuple[Badge, ...] = ()) -> Pack:
    return Pack(dict(ACTIONS), {c.id: c for c in challenges}, badges, None, (), OPENERS)


def scored(
    entries: list[Entry],
    as_of: str = "2026-11-30",
    people: Directory = NOBODY,
    p: Pack | None = None,
) -> Scorecard:
    return score(p or pack(), Settings(), entries, date.fromisoformat(as_of), (), people)


# -- follow-ups ----------------------------------------------------------------------------


def test_a_follow_up_closes_on_time_the_next_day_and_late_after() -> None:
    card = scored(
        [
            entry(1, "2026-11-02T10:00", "ice", "Sam Lee"),
            entry(2, "2026-11-03T09:00", "fu", "sam  lee"),  # same person, other spelling
            entry(3, "2026-11-04T10:00", "ice", "Ana Ruiz"),
            entry(4, "2026-11-08T10:00", "fu", "Ana Ruiz"),
        ]
    )
    first, second = card.follow_up_items
    assert (first.due, first.closed_by, first.on_time) == (date(2026, 11, 3), "2", True)
    assert (second.due, second.closed_by, second.on_time) == (date(2026, 11, 5), "4", False)
    assert card.follow_ups.rate == 0.5
    assert (card.follow_ups.opened, card.follow_ups.on_time, card.follow_ups.late) == (2, 1, 1)


def test_only_a_closing_action_closes_and_a_person_has_one_open_follow_up() -> None:
    card = scored(
        [
            entry(1, "2026-11-02T10:00", "ice", "Sam"),
            entry(2, "2026-11-02T15:00", "ice", "Sam"),  # no second follow-up while one is open
            entry(3, "2026-11-03T09:00", "lunch", "Sam"),  # opens nothing new, closes nothing
        ],
        as_of="2026-11-03",
    )
    assert [f.opened_by for f in card.follow_up_items] == ["1"]
    assert card.follow_up_items[0].closed_by is None
    assert card.follow_ups.overdue == 0 and card.follow_ups.open == 1  # due today: not late


def test_an_introduction_asks_each_person_whether_they_met() -> None:
    card = scored(
        [
            entry(1, "2026-11-02T10:00", "intro", "Ana", "Ben"),
            entry(2, "2026-11-05T10:00", "ice", "Ana"),  # any later entry with Ana answers it
        ],
        as_of="2026-11-20",
    )
    checks = {f.person: f for f in card.follow_up_items if f.kind == "did-they-meet"}
    assert set(checks) == {"ana", "ben"}
    assert checks["ana"].closed_by == "2"
    # seven workdays after Monday 2 November: the weekend between does not count
    assert checks["ben"].closed_by is None and checks["ben"].due == date(2026, 11, 11)
    net = network(card, pack(), Settings(), NOBODY)
    assert [(d.person, d.kind) for d in net.due] == [("Ana", "follow-up"), ("Ben", "did-they-meet")]


def test_a_lapsed_follow_up_leaves_due_but_counts_as_missed() -> None:
    card = scored([entry(1, "2026-10-01T10:00", "ice", "Sam")], as_of="2026-11-20")
    assert card.follow_ups.rate == 0.0 and card.follow_ups.overdue == 1
    assert network(card, pack(), Settings(), NOBODY).due == ()
    assert len(network(card, pack(), Settings(), NOBODY, lapsed=True).due) == 1


def test_follow_up_badges_and_a_follow_ups_challenge() -> None:
    reliable = Badge("reliable", "Reliable", "follow_ups", 2)
    rate = Badge("rate", "Closer", "follow_up_rate", 80)
    weekly = challenge(id="fu", actions={"fu"}, measure="follow-ups", target=2, points=5)
    log = []
    for n, day in enumerate(("02", "03", "04", "05", "06")):
        log.append(entry(f"i{n}", f"2026-11-{day}T09:00", "ice", f"P{n}"))
        log.append(entry(f"f{n}", f"2026-11-{day}T17:00", "fu", f"P{n}"))
    card = scored(log, as_of="2026-11-08", p=pack(weekly, badges=(reliable, rate)))
    earned = {b.id: (b.value, b.earned) for b in card.badges}
    assert earned["reliable"] == (5, date(2026, 11, 3))
    assert earned["rate"] == (100, date(2026, 11, 6))  # the fifth decided follow-up
    assert card.challenge("fu").periods[0].count == 5
    assert card.challenge("fu").periods[0].met_on == date(2026, 11, 3)


# -- people --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "known", "meant"),
    [
        ("Sam", ["Sam Lee", "Tom Becker"], ["Sam Lee"]),
        ("Jon", ["John", "Ana"], ["John"]),
        ("Alice Moreu", ["Alice Moreau"], ["Alice Moreau"]),
        ("Sam L", ["Sam Lee"], ["Sam Lee"]),
        ("Sam Lee", ["Sam"], ["Sam"]),
        ("sam  LEE", ["Sam Lee"], []),  # the same person: not a miss
        ("Tom Becker", ["Sam Lee", "Ana Ruiz"], []),
        ("Guest 1", ["Guest 10", "Guest 2"], []),  # numbered on purpose
    ],
)
def test_a_near_miss_of_a_known_person(typed: str, known: list[str], meant: list[str]) -> None:
    assert near_misses(typed, {person_key(k): k for k in known}) == meant


def test_a_merge_makes_two_names_one_person_for_scoring() -> None:
    people = Directory(aliases={"sam": "sam lee"}, names={"sam lee": "Sam Lee"})
    log = [entry(1, "2026-11-02", "lunch", "Sam"), entry(2, "2026-11-03", "lunch", "Sam Lee")]
    assert scored(log).people == 2
    assert scored(log, people=people).people == 1
    net = network(scored(log, people=people), pack(), Settings(), people)
    [sam] = net.people
    assert (sam.name, sam.touches, sam.first.entry) == ("Sam Lee", 2, "1")


# -- wins ----------------------------------------------------------------------------------


def test_a_win_is_credited_to_the_chain_before_it() -> None:
    log = [
        entry(1, "2026-10-01T10:00", "ice", "Sam", where="lift"),
        entry(2, "2026-10-02T10:00", "fu", "Sam", where="email"),
        entry(3, "2026-10-03T10:00", "ice", "Ana", where="call"),
        entry(4, "2026-10-21T10:00", "win", "Sam"),
        entry(5, "2026-10-25T10:00", "fu", "Sam"),  # after the win: never credited
    ]
    net = network(scored(log), pack(), Settings(), NOBODY)
    [win] = net.wins
    assert win.first_touch is not None
    assert (win.first_touch.entry, win.first_touch.where, win.touches, win.days) == (
        "1",
        "lift",
        2,
        20,
    )
    assert net.conversion.by_where["lift"].wins == 1
    assert net.conversion.by_where["call"].rate == 0.0
    assert net.median_touches == 2 and net.median_days == 20


NAMES = st.sampled_from(["Sam", "Ana", "Ben", "Mei"])
START = datetime(2026, 10, 1, tzinfo=UTC)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 60 * 24 * 30),  # minutes into October (ties happen)
            st.sampled_from(["ice", "lunch", "fu", "win"]),
            st.lists(NAMES, min_size=1, max_size=2, unique=True),
        ),
        max_size=25,
    )
)
def test_attribution_never_credits_an_entry_dated_after_the_win(
    raw: list[tuple[int, str, list[str]]],
) -> None:
    log = [
        entry(n, (START + timedelta(minutes=m)).isoformat(), action, *people)
        for n, (m, action, people) in enumerate(raw)
    ]
    card = scored(log, as_of="2026-12-31")
    net = network(card, pack(), Settings(), NOBODY)
    order = [e.id for e in card.entries]
    by_id = {e.id: e for e in card.entries}
    for win in net.wins:
        keys = {person_key(n) for n in win.people}
        chain = [
            e for e in card.entries[: order.index(win.id)]
            if e.action != "win" and keys & {person_key(n) for n in e.with_}
        ]  # fmt: skip
        assert all(e.at <= by_id[win.id].at for e in chain)
        assert win.touches == len(chain)
        if chain:
            assert win.first_touch is not None
            assert by_id[win.first_touch.entry].at == min(e.at for e in chain)
        else:
            assert win.first_touch is None and win.days is None


# -- openers -------------------------------------------------------------------------------


def test_an_opener_fits_the_venue_favours_what_worked_and_rotates() -> None:
    log = [
        entry(1, "2026-11-02T10:00", "ice", "Sam", where="lift")._replace(opener="weekend"),
        entry(2, "2026-11-02T16:00", "fu", "Sam"),
    ]
    card = scored(log, as_of="2026-11-03")
    net = network(card, pack(), Settings(), NOBODY)
    first = suggest_opener(pack(), net, card, "lift", [])
    assert first is not None and first.id == "weekend"  # it led to a follow-up on time
    second = suggest_opener(pack(), net, card, "lift", ["weekend"])
    assert second is not None and second.id == "week"  # no repeat
    canteen = suggest_opener(pack(), net, card, "canteen", [])
    assert canteen is not None and canteen.id == "team"


# -- the commands --------------------------------------------------------------------------


def test_log_refuses_a_near_miss_and_writes_nothing(home: Home) -> None:
    home.run("log", "lunch", "--with", "Alice Moreau")
    before = home.snapshot()
    refused = home.run("log", "icebreaker", "--with", "Alice Moreu", ok=False)
    assert refused.exit_code == 1
    assert "did you mean Alice Moreau?" in refused.stderr
    assert "--new" in refused.stderr and "Traceback" not in refused.stderr
    assert home.snapshot() == before
    home.run("log", "icebreaker", "--with", "Alice Moreu", "--new")
    names = {p["name"] for p in home.json("people")}
    assert names == {"Alice Moreau", "Alice Moreu"}


def test_people_due_and_wins_as_json(home: Home) -> None:
    home.run(
        "log", "icebreaker", "--with", "Sam Lee", "--where", "lift", "--at", "2026-11-10T10:00"
    )
    home.run("log", "win", "--with", "Sam Lee", "--kind", "referral", "--at", "2026-11-19T10:00")
    home.run("log", "lunch", "--with", "Ana Ruiz", "--at", "2026-11-20T12:30")
    [ana, sam] = sorted(home.json("people"), key=lambda p: p["name"])
    assert set(sam) == {
        "name", "first_met", "last_contact", "touches", "open_follow_up", "wins", "cadence_days",
    }  # fmt: skip
    first = sam["first_met"]
    assert (first["date"], first["where"], first["action"]) == ("2026-11-10", "lift", "icebreaker")
    assert (sam["touches"], sam["wins"], sam["open_follow_up"]) == (2, 1, None)  # the win closed it
    assert ana["open_follow_up"]["due"] == "2026-11-23"  # Friday's lunch: due on Monday
    due = home.json("due")
    assert [(d["person"], d["overdue"]) for d in due] == [("Ana Ruiz", False)]
    assert set(due[0]) >= {"person", "opened_by", "due", "overdue"}
    wins = home.json("wins")
    [win] = wins["wins"]
    assert win["kind"] == "referral" and win["people"] == ["Sam Lee"]
    assert win["first_touch"]["action"] == "icebreaker" and win["first_touch"]["where"] == "lift"
    assert (win["touches"], win["days"]) == (1, 9)
    assert wins["conversion"]["by_where"]["lift"] == {"people": 1, "wins": 1, "rate": 1.0}
    assert set(wins["conversion"]) == {"by_where", "by_action", "by_opener"}


def test_merge_and_cadence_write_people_toml_and_never_the_log(home: Home) -> None:
    home.run("log", "lunch", "--with", "Sam", "--at", "2026-11-01T12:00")
    home.run("log", "lunch", "--with", "Sam Lee", "--new", "--at", "2026-11-02T12:00")
    log_before = home.log_text()
    assert len(home.json("people")) == 2
    said = home.run("people", "merge", "Sam", "Sam Lee").stdout
    assert "'Sam' is now another name of 'Sam Lee'" in said
    assert home.log_text() == log_before
    [sam] = home.json("people")
    assert (sam["name"], sam["touches"]) == ("Sam Lee", 2)
    home.run("people", "cadence", "sam lee", "2w")
    text = (home.root / "people.toml").read_text()
    assert 'aliases = ["Sam"]' in text and 'cadence = "2w"' in text
    keep = [d for d in home.json("due") if d["kind"] == "keep-in-touch"]
    assert [(d["person"], d["due"], d["overdue"]) for d in keep] == [
        ("Sam Lee", "2026-11-16", True)
    ]  # last contact on the 2nd, every two weeks
    assert home.json("people")[0]["cadence_days"] == 14
    unknown = home.run("people", "merge", "Zed", "Sam Lee", ok=False)
    assert "nobody called 'Zed'" in unknown.stderr


def test_kind_and_opener_are_checked(home: Home) -> None:
    assert "--kind is for wins" in home.run("log", "lunch", "--kind", "referral", ok=False).stderr
    assert "unknown kind 'raise'" in home.run("log", "win", "--kind", "raise", ok=False).stderr
    wrong = home.run("log", "icebreaker", "--opener", "weekendd", ok=False).stderr
    assert "unknown opener 'weekendd'" in wrong and "weekend" in wrong
    home.run("log", "icebreaker", "--opener", "weekend", "--where", "lift")
    assert 'opener = "weekend"' in home.log_text()
    said = home.run("opener", "--for", "lift").stdout
    assert "--opener" in said


def test_people_show_prints_the_timeline(home: Home) -> None:
    home.run("log", "icebreaker", "--with", "Sam Lee", "--note", "likes hiking", "--at", "09:00")
    shown = home.run("people", "show", "sam lee").stdout
    assert "Sam Lee · 1 touch since" in shown
    assert "likes hiking" in shown and "follow up by" in shown
    missing = home.run("people", "show", "Sam", ok=False).stderr
    assert "did you mean Sam Lee?" in missing


def test_a_damaged_people_file_is_located(home: Home) -> None:
    home.write("people.toml", '[[person]]\nname = "Sam"\ncadence = "monthly"\n')
    result = home.run("check", ok=False)
    assert "people.toml:3: cadence" in result.stdout


def test_json_output_is_valid_for_an_empty_log(home: Home) -> None:
    assert home.json("people") == [] and home.json("due") == []
    assert json.loads(home.run("wins", "--json").stdout)["wins"] == []


WORDS = st.text(alphabet="abcdefghijklmnoprstuvyzé", min_size=1, max_size=7)
NAME = st.lists(WORDS, min_size=1, max_size=3).map(lambda ws: " ".join(w.title() for w in ws))


@settings(max_examples=40, deadline=None)
@given(NAME, NAME, st.booleans())
def test_name_matching_never_merges_two_people_silently(first: str, second: str, new: bool) -> None:
    """Logging B after A either refuses (a near miss), or records B as B; it is never filed
    under A unless B is A in another case or spacing."""
    import tempfile
    from pathlib import Path

    from click.testing import CliRunner

    from habits.cli import cli

    runner = CliRunner()
    env = {"HABITS_NOW": "2026-11-20T18:00:00+00:00", "NO_COLOR": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        home = ["--home", str(Path(tmp) / "ws")]
        assert runner.invoke(cli, ["init", home[1], "--timezone", "UTC"]).exit_code == 0
        assert runner.invoke(cli, [*home, "log", "lunch", "--with", first], env=env).exit_code == 0
        args = [*home, "log", "lunch", "--with", second, *(["--new"] if new else [])]
        result = runner.invoke(cli, args, env=env)
        people = json.loads(runner.invoke(cli, [*home, "people", "--json"], env=env).stdout)
    names = sorted(p["name"] for p in people)
    if person_key(first) == person_key(second):
        assert result.exit_code == 0 and names == [first]
    elif result.exit_code != 0:
        assert "did you mean" in result.stderr and names == [first]
    else:
        assert names == sorted([first, second])


def test_a_damaged_people_file_is_never_rewritten(home: Home) -> None:
    home.run("log", "lunch", "--with", "Sam", "--at", "12:00")
    home.run("log", "lunch", "--with", "Sam Lee", "--new", "--at", "13:00")
    text = '[[person]]\nname = "Sam Lee"\n\n[[person]]\nname = "Ana"\ncadence = "soon"\n'
    home.write("people.toml", text)
    refused = home.run("people", "merge", "Sam", "Sam Lee", ok=False)
    assert "people.toml:6: cadence" in refused.stderr and "fix people.toml first" in refused.stderr
    assert (home.root / "people.toml").read_text() == text


def test_a_damaged_teams_file_is_one_line(home: Home) -> None:
    home.write("teams.toml", '[[team]]\nfolder = "x"\n')
    result = home.run("team", "publish", ok=False)
    assert result.exit_code == 1 and "teams.toml:" in result.stderr
    assert "handle" in result.stderr and "Traceback" not in result.stderr
