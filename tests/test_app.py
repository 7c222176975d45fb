"""The application layer on its own: each use case called directly on a workspace, its
returned values checked (points, what changed, problems), nothing read from a terminal."""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime
from pathlib import Path

import pytest

from habits.app import Habits, report_debug
from habits.app.views import Cadence, Checked, Merged
from habits.core.network import Due
from habits.core.problems import HabitsError
from habits.store.loaded import State
from habits.store.workspace import Workspace
from tests.conftest import NOW, Home


def habits(home: Home, now: str = NOW) -> Habits:
    return Habits(Workspace(home.root, "test"), lambda: datetime.fromisoformat(now))


def test_log_returns_the_points_and_what_the_entry_moved(mini: Home) -> None:
    home = mini
    logged = habits(home).log("ice", ["Sam Lee"], "call", note="likes jazz")
    assert logged.entry.action == "icebreaker"
    assert logged.entry.with_ == ("Sam Lee",)
    shown, _, line = logged.entry.origin.rpartition(":")  # where it was written
    assert (home.root / shown).read_text().splitlines()[int(line) - 1] == "[[entry]]"
    assert logged.day == date(2026, 11, 20)
    assert (logged.before.points, logged.after.points) == (0, 2)
    assert logged.title == "Break the ice"
    assert logged.own is None and logged.caution == "" and logged.problems == []
    calls = next(r for r in logged.after.challenges if r.id == "calls")
    assert calls.progress == 1
    assert "likes jazz" in home.log_text()
    # The next log starts from the standing this one left.
    again = habits(home).log("lunch", ["Ana Ruiz"])
    assert (again.before.points, again.after.points) == (2, 7)


def test_log_says_which_follow_ups_it_opened_and_closed(home: Home) -> None:
    opened = habits(home, "2026-11-19T12:00:00+00:00").log("lunch", ["Ana Ruiz"])
    assert [(f.opened_by, f.due) for f in opened.touched] == [(opened.entry.id, date(2026, 11, 20))]
    closed = habits(home).log("follow-up", ["Ana Ruiz"])
    assert [(f.closed_by, f.on_time) for f in closed.touched] == [(closed.entry.id, True)]


def test_a_backdated_entry_past_the_daily_cap_gets_its_own_points(mini: Home) -> None:
    for hour in (10, 11, 12):  # icebreaker's cap is 3 a day
        habits(mini).log("ice", when=f"{hour}:00")
    logged = habits(mini).log("ice", when="09:00")
    assert logged.own == 2  # it earns the slot...
    assert logged.after.points == logged.before.points  # ...that the 12:00 one loses
    assert logged.after.capped_count == logged.before.capped + 1


def test_log_cautions_about_a_venue_close_to_a_known_one(home: Home) -> None:
    assert habits(home).log("ice", where="calll").caution == (
        "'calll' is a new venue; did you mean call?"
    )


def test_log_returns_the_damaged_files_it_met_and_still_logs(mini: Home) -> None:
    home = mini
    home.write("log/2026-10.toml", "[[entry]\n")
    logged = habits(home).log("ice")
    assert [p.path for p in logged.problems] == ["log/2026-10.toml"]
    assert logged.after.points == 2
    with pytest.raises(HabitsError) as refused:
        habits(home).log("icebraker")
    assert refused.value.exit_code == 1
    assert "did you mean icebreaker?" in str(refused.value)
    assert [p.path for p in refused.value.problems] == ["log/2026-10.toml"]


def test_undo_takes_back_the_last_change_and_rm_returns_the_entry_removed(home: Home) -> None:
    app = habits(home)
    first = app.log("ice", ["Sam Lee"]).entry
    second = app.log("lunch", ["Ana Ruiz"]).entry
    undone = app.undo()
    assert (undone.what, undone.files) == ("log", ["log/2026-11.toml"])
    assert second.id in undone.said and second.id not in home.log_text()
    assert app.rm(first.id[:6]).entry.id == first.id
    assert "Sam Lee" not in home.log_text()
    assert app.undo().what == "rm" and "Sam Lee" in home.log_text()  # the removed one is back
    with pytest.raises(HabitsError, match="no entry with id 'abc'"):
        app.rm("abc")


def test_import_checks_every_row_first_and_writes_only_when_all_are_good(
    home: Home, tmp_path: Path
) -> None:
    sheet = tmp_path / "old.csv"
    sheet.write_text("at,action,with\n2026-10-01,lunch,Ana Ruiz\n2026-10-02,lnuch,Sam\n")
    bad = habits(home).import_csv(sheet, dry_run=False, allow_duplicates=False)
    assert not bad.written and [p.line for p in bad.problems] == [3]
    assert home.log_text() == ""
    sheet.write_text("at,action,with\n2026-10-01,lunch,Ana Ruiz\n2026-10-02,lunch,Sam\n")
    dry = habits(home).import_csv(sheet, dry_run=True, allow_duplicates=False)
    assert (len(dry.entries), dry.written, home.log_text()) == (2, False, "")
    done = habits(home).import_csv(sheet, dry_run=False, allow_duplicates=False)
    assert (len(done.entries), done.present, done.written) == (2, 0, True)
    again = habits(home).import_csv(sheet, dry_run=False, allow_duplicates=False)
    assert (len(again.entries), again.present) == (0, 2)


def test_pause_records_a_rest_and_pauses_lists_it(home: Home) -> None:
    app = habits(home)
    rest = app.pause("today", "2026-11-30", None, "holiday")
    assert (rest.start, rest.end, rest.challenge) == (date(2026, 11, 20), date(2026, 11, 30), None)
    assert app.pauses() == [rest]
    with pytest.raises(HabitsError, match="before --from"):
        app.pause("2026-12-02", "2026-12-01", None, "")


def test_actions_lists_the_pack_and_the_problems_met(home: Home) -> None:
    home.write("log/2026-10.toml", "[[entry]\n")
    found = habits(home).actions()
    assert "icebreaker" in {a.id for a in found.actions}
    assert [p.path for p in found.problems] == ["log/2026-10.toml"]


def test_points_returns_the_ledger_and_its_totals(mini: Home) -> None:
    app = habits(mini)
    for hour in (9, 10, 11):
        app.log("ice", where="call", when=f"{hour}:00")  # meets calls: 3 calls a week
    points = app.points()
    assert (points.total, points.from_actions) == (16, 6)
    assert [(line.points, line.challenge) for line in points.ledger][-1] == (10, "calls")
    assert sum(line.points for line in points.ledger) == points.total
    assert app.points("2026-11-19").total == 0  # as of a day before them
    with pytest.raises(HabitsError, match="after today"):
        app.points("2026-11-21")


def test_entries_are_in_time_order_from_a_day_on(mini: Home) -> None:
    app = habits(mini)
    late = app.log("ice", when="2026-11-19T10:00").entry
    early = app.log("lunch", ["Ana Ruiz"], when="2026-11-02").entry
    found = app.entries()
    assert [e.id for e in found.entries] == [early.id, late.id]
    assert str(found.zone) == "UTC" and found.problems == []
    assert [e.id for e in app.entries("2026-11-10").entries] == [late.id]
    with pytest.raises(HabitsError, match="not a date"):
        app.entries("soon")


def test_an_error_after_reading_tells_the_damaged_files_first(mini: Home) -> None:
    mini.write("log/2026-10.toml", "[[entry]\n")
    with pytest.raises(HabitsError) as refused:
        habits(mini).points("2026-11-21")
    assert [p.path for p in refused.value.problems] == ["log/2026-10.toml"]


def test_export_gives_the_text_of_a_csv_or_json_file(mini: Home) -> None:
    app = habits(mini)
    entry = app.log("lunch", ["Ana Ruiz"], note="=1+1").entry
    csv = app.export("csv").text.splitlines()
    assert csv[0] == "at,action,with,where,note,tags,id,logged,opener,kind,event"
    assert csv[1].endswith(f",lunch,Ana Ruiz,,'=1+1,,{entry.id},2026-11-20T18:00:00+00:00,,,")
    assert [e["id"] for e in json.loads(app.export("json").text)] == [entry.id]
    with pytest.raises(HabitsError, match="no export format 'xml'"):
        app.export("xml")


def test_check_returns_the_problems_and_what_it_read(mini: Home) -> None:
    app = habits(mini)
    app.log("ice")
    good = app.check()
    assert good == Checked([], 1, 1, 3, 1, 0)
    mini.write("habits.toml", 'timezone = "Mars/Olympus"\n')  # check reads on; others stop
    bad = app.check()
    assert [p.path for p in bad.problems] == ["habits.toml"] and bad.entries == 1


def test_network_views_are_kept_until_a_file_changes(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    import habits.app.network as made

    app = habits(home, "2026-11-19T12:00:00+00:00")
    app.log("lunch", ["Ana Ruiz"], where="canteen")
    calls: list[bool] = []
    real = made.due_as_of

    def counted(state: State, day: date, lapsed: bool = False) -> tuple[Due, ...]:
        calls.append(lapsed)
        return real(state, day, lapsed)

    monkeypatch.setattr(made, "due_as_of", counted)
    view = habits(home).due()
    assert [(d.person, d.kind, d.due) for d in view.due] == [
        ("Ana Ruiz", "follow-up", date(2026, 11, 20))
    ]
    people = habits(home).people()
    assert [p.name for p in people.people] == ["Ana Ruiz"] and people.everyone == 1
    assert people.titles["lunch"] == "Lunch with someone new"
    assert habits(home).due() == view and calls == [False]  # kept: not made again
    habits(home).due(lapsed=True)
    assert calls == [False, True]  # another variant is another view
    habits(home).log("follow-up", ["Ana Ruiz"])
    assert habits(home).due().due == () and calls == [False, True, False]


def test_people_lists_the_most_recent_unless_asked_for_everyone(home: Home) -> None:
    from habits.app import PEOPLE_SHOWN

    app = habits(home)
    first = date(2026, 9, 1)
    for n in range(PEOPLE_SHOWN + 2):  # one a day
        app.log("ice", [f"Person {n:02d}"], when=f"{date.fromordinal(first.toordinal() + n)}")
    latest = app.people()
    assert latest.everyone == PEOPLE_SHOWN + 2 and len(latest.people) == PEOPLE_SHOWN
    everyone = app.people(everyone=True)
    assert [p.name for p in everyone.people][:PEOPLE_SHOWN] == [p.name for p in latest.people]
    assert {p.name for p in everyone.people} - {p.name for p in latest.people} == {
        "Person 00",
        "Person 01",
    }  # the two met first, and not since


def test_the_kept_network_shows_what_scoring_the_files_shows(home: Home) -> None:
    """`due`, `people` and `wins` finish a kept network fold that each `habits log` feeds
    (as records after its pickle, written whole every few entries); after back-dated
    entries, a hand edit of this month's file and a merge they still show what a full
    score of the files shows."""
    from habits.core.network import Wins, network
    from habits.store.loaded import load

    def agrees(now: str) -> None:
        app = habits(home, now)
        state = load(app.workspace)
        day = datetime.fromisoformat(now).date()
        card = state.score(day)
        full = network(card, state.pack, state.settings, state.directory)
        lapsed = network(card, state.pack, state.settings, state.directory, lapsed=True)
        assert app.due(lapsed=True).due == lapsed.due
        assert app.due().due == full.due
        assert app.people(everyone=True).people == full.people
        assert app.people().people == full.people[: len(app.people().people)]
        assert app.wins().wins == Wins(full.wins, full.conversion)

    names = ["Ana Ruiz", "Sam Lee", "Tom Becker", "Cleo Park", "Ben Ode"]
    for n in range(20):  # in time order: each is fed to what the last run kept
        day, hour = 1 + n, 9 + n % 3
        now = f"2026-10-{day:02d}T{hour:02d}:30:00+00:00"
        action = ["ice", "lunch", "follow-up", "intro", "win"][n % 5]
        people = [names[n % 5]] if action != "intro" else [names[n % 5], names[(n + 2) % 5]]
        habits(home, now).log(action, people, where="call" if n % 2 else "", kind="")
        agrees(now)
    habits(home, NOW).log("ice", ["Ana Ruiz"], when="2026-10-03 08:00")  # back-dated
    agrees(NOW)
    habits(home, NOW).log("lunch", ["Cleo Park"], where="canteen")
    agrees(NOW)
    month = max((home.root / "log").rglob("*.toml"))  # this month's (files sort by month)
    for n, name in enumerate(["Zoe Hand", "Sam Lee"]):  # hand edits of this month's file
        month.write_text(
            month.read_text(encoding="utf-8")
            + f'\n[[entry]]\nid = "hand0{n}"\nat = 2026-11-0{2 + n}T10:00:00Z\n'
            f'action = "lunch"\nwith = ["{name}"]\n',
            encoding="utf-8",
        )  # the second is folded from the checkpoint of the older files the first made
        agrees(NOW)
    habits(home, NOW).merge("Ben Ode", "Sam Lee")
    agrees(NOW)
    agrees("2026-12-31T12:00:00+00:00")  # a later day: lapsed follow-ups leave `due`


def test_person_returns_the_entries_with_them_and_their_follow_ups(home: Home) -> None:
    app = habits(home, "2026-11-19T12:00:00+00:00")
    lunch = app.log("lunch", ["Ana Ruiz", "Sam Lee"], where="canteen").entry
    app.log("ice", ["Tom Becker"])
    found = app.person("ana ruiz")
    assert found.person.name == "Ana Ruiz"
    assert [(m.entry.id, m.others) for m in found.meetings] == [(lunch.id, ("Sam Lee",))]
    assert [(f.opened_by, f.closed_by) for f in found.follow_ups] == [(lunch.id, None)]
    assert found.waiting() == found.follow_ups and found.as_of == date(2026, 11, 19)
    with pytest.raises(HabitsError) as refused:
        app.person("Ana")
    assert refused.value.hint == "did you mean Ana Ruiz?"


def test_merge_and_cadence_write_people_toml(home: Home) -> None:
    app = habits(home)
    app.log("ice", ["Sam"])
    app.log("ice", ["Sam Lee"], new=True)
    assert app.merge("sam", "sam lee") == Merged("sam", "Sam Lee")
    assert [p.name for p in app.people().people] == ["Sam Lee"]
    assert app.cadence("Sam", "2w") == Cadence("Sam Lee", 14)
    assert app.cadence("sam lee", "off") == Cadence("Sam Lee", None)
    with pytest.raises(HabitsError, match="already one person"):
        app.merge("Sam", "Sam Lee")
    with pytest.raises(HabitsError, match="nobody called 'Ana' in your log"):
        app.cadence("Ana", "30d")
    assert 'with = ["Sam"]' in home.log_text()  # the log stays as written


def test_opener_suggests_and_rotates(home: Home) -> None:
    app = habits(home)
    first = app.opener("lift").opener
    second = app.opener("lift").opener
    assert first.id != second.id
    assert [first.id, second.id] == [
        *reversed(tomllib.loads((home.root / "recent-openers.toml").read_text())["suggested"])
    ]
    (home.root / "challenges" / "openers.toml").write_text("")
    with pytest.raises(HabitsError, match="your pack has no openers"):
        app.opener("lift")


def test_a_workspace_that_is_not_there_is_refused_by_a_use_case_that_reads_it(
    tmp_path: Path,
) -> None:
    app = Habits(Workspace(tmp_path / "nowhere", "test"), lambda: datetime.fromisoformat(NOW))
    for use in (app.status, app.undo, app.actions, app.site_data, app.team_publish):
        with pytest.raises(HabitsError, match="no workspace at"):
            use()
    assert not (tmp_path / "nowhere").exists()  # nothing was made on the way
    where = app.where()  # where it would be: no workspace needed
    assert (where.root, where.source, where.created) == (tmp_path / "nowhere", "test", False)


def test_an_error_ends_the_command_with_its_own_exit_code(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Busy(HabitsError):
        exit_code = 75

    def busy(self: Habits) -> None:
        raise Busy("the workspace is busy", "try again")

    monkeypatch.setattr(Habits, "undo", busy)
    result = home.run("undo", ok=False)
    assert result.exit_code == 75
    assert result.stderr == "error: the workspace is busy; try again\n"


# -- setting up -------------------------------------------------------------------------


def app_at(root: Path, now: str = NOW) -> Habits:
    return Habits(Workspace(root, "test"), lambda: datetime.fromisoformat(now))


def test_init_writes_a_workspace_and_where_says_where_its_parts_are(tmp_path: Path) -> None:
    app = app_at(tmp_path / "ws")
    made = app.init(name="Ada", timezone="UTC", week_start="sunday")
    assert made.root == tmp_path / "ws"
    settings = (made.root / "habits.toml").read_text()
    assert 'timezone = "UTC"' in settings and 'week_start = "sunday"' in settings
    assert (made.root / "mkdocs.yml").is_file() and (made.root / "pages").is_dir()
    assert (made.root / "schema" / "settings.json").is_file()
    where = app.where()
    assert where.created and dict(where.parts)["log"] == made.root / "log"
    assert app.status().name == "Ada"  # a workspace the other use cases read
    with pytest.raises(HabitsError, match="already holds a workspace"):
        app.init()


def test_init_refuses_a_bad_setting_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(HabitsError, match="Mars/Olympus") as refused:
        app_at(tmp_path / "ws").init(timezone="Mars/Olympus")
    assert refused.value.hint  # how to fix it
    assert not (tmp_path / "ws").exists()


def test_schema_writes_the_json_schemas_where_asked(tmp_path: Path) -> None:
    written = app_at(tmp_path / "nowhere").schema(tmp_path / "schemas")
    assert {p.name for p in written} >= {"settings.json", "log.json", "team.json"}
    assert all(p.parent == tmp_path / "schemas" and p.stat().st_size > 0 for p in written)


def test_demo_makes_a_workspace_with_history_and_replaces_only_a_demo(tmp_path: Path) -> None:
    app = app_at(tmp_path / "demo")
    demo = app.demo(weeks=3, seed=1)
    assert demo.root == tmp_path / "demo" and demo.entries > 10
    assert app.status().card.points > 0 and len(app.pauses()) == 1
    with pytest.raises(HabitsError, match="already holds a workspace"):
        app.demo(weeks=3, seed=1)
    assert app.demo(weeks=1, seed=1, force=True).entries < demo.entries
    mine = app_at(tmp_path / "mine")
    mine.init(timezone="UTC")
    with pytest.raises(HabitsError, match="already holds a workspace"):
        mine.demo(force=True)  # not a demo: never replaced
    assert (tmp_path / "mine" / "habits.toml").is_file()


# -- the site and the team --------------------------------------------------------------


def test_site_data_is_the_whole_scorecard_with_the_damage_met(mini: Home) -> None:
    habits(mini).log("ice", ["Sam Lee"])
    mini.write("log/2026-10.toml", "[[entry]\n")
    data = habits(mini).site_data()
    assert data.card.points == 2 and data.settings.name == "Ada"
    assert data.directory.key("sam lee") == data.directory.key("Sam Lee")
    assert [p.path for p in data.problems] == ["log/2026-10.toml"]
    assert habits(mini).site_data(date(2026, 11, 19)).card.points == 0


def test_a_team_is_made_joined_published_and_scored(home: Home, tmp_path: Path) -> None:
    team = tmp_path / "docs" / "team"
    app = habits(home)
    made = app.team_init(team, name="Risk team", season_start="2026-11-02")
    assert made == team / "team.toml" and 'name = "Risk team"' in made.read_text()
    joined = app.team_join(team, "ada", "Ada L.")
    assert (joined.folder, joined.handle, joined.display_name) == (team.resolve(), "ada", "Ada L.")
    app.log("lunch", ["Ana Ruiz"], note="SECRET")
    dry = app.team_publish(dry_run=True)
    [file] = dry.files
    assert (file.path, file.entries, dry.written) == (team / "members" / "ada.toml", 1, False)
    assert "SECRET" not in file.text and "Ana" not in file.text
    assert not file.path.exists()
    done = app.team_publish()
    assert done.written and file.path.read_text() == done.files[0].text
    heard: list[tuple[int, int]] = []
    board = Habits(Workspace(tmp_path / "none", "test"), app.clock).team_board(
        team, progress=lambda done, total: heard.append((done, total))
    )  # no workspace needed to read a board
    [row] = board.board("season")
    assert (row.display_name, heard[-1]) == ("Ada L.", (1, 1))
    assert row.figures.points == app.status().card.points > 0  # the same pack, the same entry


def test_publishing_without_a_team_is_refused(home: Home) -> None:
    with pytest.raises(HabitsError, match="you have not joined a team"):
        habits(home).team_publish()


def test_the_store_tells_a_dropped_cache_file_to_the_debug_reporter(mini: Home) -> None:
    habits(mini).log("ice")
    habits(mini).status()
    damaged = mini.cache / "core.pickle"  # read by every command
    damaged.write_bytes(b"not a pickle")
    told: list[str] = []
    report_debug(told.append)
    try:
        habits(mini).status()
    finally:
        report_debug(None)
    assert told == [f"cache file {damaged} is damaged: dropped, rebuilt from the files"]
    habits(mini).status()  # silent again; and nothing left to tell
    assert len(told) == 1


# -- the site's use cases, above the app ------------------------------------------------


def test_build_site_returns_the_site_and_hands_mkdocs_warnings_back(
    mini: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from habits.site.sites import build_site

    habits(mini).log("ice", ["Sam Lee"])
    mini.write("log/2026-10.toml", "[[entry]\n")
    warned: list[str] = []
    built = build_site(habits(mini), tmp_path / "out", None, False, warned.append)
    assert built.target == tmp_path / "out" and (built.target / "index.html").is_file()
    assert built.pages == len(list(built.target.rglob("*.html"))) > 5
    assert [w for w in warned if "log/2026-10.toml" in w]  # the damaged file, told as a value
    assert capsys.readouterr().err == ""  # nothing printed by the site layer itself
    with pytest.raises(HabitsError, match="the site did not build"):
        build_site(habits(mini), tmp_path / "strict", None, True, warned.append)


def test_render_site_returns_the_pages_written_and_the_config_lines(
    mini: Home, tmp_path: Path
) -> None:
    from habits.site.sites import render_site

    habits(mini).log("ice", ["Sam Lee"])
    written = render_site(habits(mini), tmp_path / "docs", directory_urls=False)
    assert written.pages == len(list((tmp_path / "docs").rglob("*.md"))) > 5
    assert written.problems == [] and "extra_javascript:" in written.lines.snippet
    (tmp_path / "docs" / "index.md").write_text("my own page")  # theirs now: never overwritten
    (tmp_path / "docs" / "assets" / "habits" / ".habits-pages").unlink()
    mini.write("log/2026-10.toml", "[[entry]\n")
    with pytest.raises(HabitsError, match="will not overwrite") as refused:
        render_site(habits(mini), tmp_path / "docs", directory_urls=False)
    assert [p.path for p in refused.value.problems] == ["log/2026-10.toml"]


def test_the_leaderboard_renders_into_docs_and_builds_as_a_site(home: Home, tmp_path: Path) -> None:
    from habits.site.sites import build_leaderboard, render_leaderboard

    docs = tmp_path / "docs"
    app = habits(home)
    app.team_init(docs / "team", name="Risk <team>", season_start="2026-11-02")
    app.team_join(docs / "team", "ada")
    app.log("lunch", ["Ana Ruiz"])
    app.team_publish()
    pages = render_leaderboard(app, docs / "team", docs, None)
    assert [m.handle for m in pages.board.members] == ["ada"]
    assert pages.pages == len(list((docs / "leaderboard").rglob("*.md"))) > 0
    assert pages.lines.excluded == ["/team/"]  # the team folder sits inside the docs
    warned: list[str] = []
    board = build_leaderboard(app, docs / "team", tmp_path / "site", None, warned.append)
    assert board.team.name == "Risk <team>" and warned == []
    title = (tmp_path / "site" / "index.html").read_text()
    assert "Risk &lt;team&gt; leaderboard" in title


def test_serve_site_tells_the_address_once_the_workspace_scores(
    mini: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from habits.site import mkdocs
    from habits.site.sites import serve_site

    said: list[str] = []
    served: list[tuple[str, int]] = []

    def serve(config: Path, port: int, warn: object) -> None:  # MkDocs' own would block
        served.append((config.read_text(encoding="utf-8"), port))

    monkeypatch.setattr(mkdocs, "serve", serve)
    serve_site(habits(mini), 8123, print, said.append)
    assert said == ["http://127.0.0.1:8123/"]
    [(config, port)] = served
    assert port == 8123 and 'site_name: "Ada · habits"' in config
    mini.write("habits.toml", 'timezone = "Mars/Olympus"\n')
    with pytest.raises(HabitsError, match="Mars/Olympus"):
        serve_site(habits(mini), 8123, print, said.append)
    assert len(said) == 1  # settings that stop scoring stop it before it says it serves


def test_publish_writes_no_team_s_file_when_one_team_refuses(home: Home, tmp_path: Path) -> None:
    app = habits(home)
    first, second = tmp_path / "first", tmp_path / "second"
    for team in (first, second):
        app.team_init(team, season_start="2026-11-02")
        app.team_join(team, "ada")
    app.log("lunch", ["Ana Ruiz"])
    (second / "members").rmdir()
    (second / "members").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(HabitsError, match="is a symlink"):
        app.team_publish()
    assert not (first / "members" / "ada.toml").exists()


def test_the_kept_network_keeps_no_follow_up_decided_before_its_last_day(home: Home) -> None:
    """What the network fold keeps between runs stays small however it was made: folded
    afresh, fed records (written whole every few entries), or refolded after a back-dated
    entry; a follow-up closed before its newest entry's day is only a count there, but for
    those the records since it was last written whole closed."""
    from habits.store.cache import RESUME_RECORDS
    from habits.store.loaded import load

    def closed_before_last_day() -> list[object]:
        contacts = load(habits(home).workspace).contacts()
        last = contacts.fold.last_day
        return [
            f
            for f in contacts.follow_ups.active.values()
            if f.closed_on is not None and f.closed_on < last
        ]

    app = habits(home)
    for n in range(12):  # in order: each fed as a record to the kept network
        day = f"2026-11-{n + 1:02d}"
        app.log("ice", [f"Person {n}"], when=f"{day} 09:00")
        app.log("follow-up", [f"Person {n}"], when=f"{day} 10:00")
        app.due()  # reads the kept network: it takes the records
    assert len(closed_before_last_day()) <= RESUME_RECORDS // 2  # one in two entries closes
    app.log("ice", ["Late Person"], when="2026-11-01 08:00")  # back-dated: refolded
    app.due()
    assert closed_before_last_day() == []
