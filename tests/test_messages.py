"""Every validation message a user can meet: one line, the bad value echoed, how to fix it."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Home

ENTRY = '[[entry]]\nid = "a1"\nat = 2026-11-02T10:00:00+00:00\naction = "icebreaker"\n'
LOG = "log/2026-11.toml"
CHALLENGE = "challenges/calls.toml"
CALLS = 'title = "Calls"\nactions = ["icebreaker"]\n'
ACTIONS = "challenges/actions.toml"
ICE = '[icebreaker]\ntitle = "Break the ice"\n'

# (file, its text, what the message must quote of the bad value)
CASES = [
    (
        LOG,
        ENTRY.replace("at = 2026-11-02T10:00:00+00:00", 'at = "2026-11-02"'),
        'at = "2026-11-02"',
    ),
    (LOG, ENTRY.replace("at = 2026-11-02T10:00:00+00:00", "at = 2026-11-02"), "at = 2026-11-02"),
    (LOG, ENTRY + 'with = "Sam Lee"\n', 'with = "Sam Lee"'),
    (LOG, ENTRY + 'with = ["Sam", 3]\n', "with.1 = 3"),
    (LOG, ENTRY + 'kind = "refferal"\n', 'kind = "refferal"'),
    (LOG, ENTRY.replace('id = "a1"', 'id = ""'), 'id = ""'),
    (LOG, ENTRY + 'action = "lunch"\n', "'action' is set twice"),
    (LOG, ENTRY + "note = hello\n", "`note = hello`"),
    (LOG, ENTRY.replace("2026-11-02T10", "0001-01-01T10"), "at = 0001-01-01T10:00:00+00:00"),
    (LOG, ENTRY.replace("2026-11-02T10:00:00+00:00", "9999-12-31T23:00:00-05:00"), "9999-12-31"),
    ("people.toml", '[[person]]\nname = "Sam"\ncadence = "3x"\n', 'cadence = "3x"'),
    ("people.toml", '[[person]]\nname = "Sam"\ncadence = "99999999999m"\n', "99999999999m"),
    ("people.toml", '[[person]]\nname = "Sam"\naliases = "Sammy"\n', 'aliases = "Sammy"'),
    (CHALLENGE, CALLS + 'every = "fortnight"\n', 'every = "fortnight"'),
    (CHALLENGE, CALLS + 'count = "peeple"\n', 'count = "peeple"'),
    (CHALLENGE, CALLS + "target = 0\n", "target = 0"),
    (CHALLENGE, CALLS + 'start = "2026-11-01"\n', 'start = "2026-11-01"'),
    (CHALLENGE, CALLS + "start = 2026-12-01\nend = 2026-11-01\n", "end = 2026-11-01"),
    (CHALLENGE, CALLS + "within_days = 99999\n", "within_days = 99999"),
    (CHALLENGE, CALLS + "end = 9999-12-31\n", "end = 9999-12-31"),
    (CHALLENGE, 'title = "Calls"\nactions = []\n', "actions = []"),
    (ACTIONS, ICE + "points = -1\n", "points = -1"),
    (ACTIONS, ICE + "daily_cap = 0\n", "daily_cap = 0"),
    (ACTIONS, ICE + 'win = "yes"\n', 'win = "yes"'),
    (ACTIONS, ICE + "follow_up_days = 999999999\n", "follow_up_days = 999999999"),
    ("challenges/badges.toml", '[b]\ntitle = "B"\nfollow_up_rate = 150\n', "= 150"),
    ("challenges/badges.toml", '[b]\ntitle = "B"\nentries = 3\npeople = 4\n', "entries and people"),
    ("challenges/levels.toml", "thresholds = [0, 50, 40]\n", "thresholds = [0, 50, 40]"),
    ("challenges/levels.toml", 'thresholds = "0, 50"\n', 'thresholds = "0, 50"'),
    ("challenges/openers.toml", '[o]\ntext = "Hi"\ntags = "call"\n', 'tags = "call"'),
    (LOG, ENTRY + '"wh\\nere" = "call"\n', "unknown key 'wh\\nere'"),
    (LOG, ENTRY.replace('"icebreaker"', '"ice\\nbreaker"'), "unknown action 'ice\\nbreaker'"),
    (LOG, ENTRY + 'kind = "x\\u2028y"\n', 'kind = "x\\u2028y"'),
    ("habits.toml", 'timezone = "Europe/Londn"\n', 'timezone = "Europe/Londn"'),
    ("habits.toml", 'week_start = "mon"\n', 'week_start = "mon"'),
    ("habits.toml", "day_start = 25\n", "day_start = 25"),
    ("habits.toml", 'timezone = "UTC"\ntimezone = "UTC"\n', "'timezone' is set twice"),
    ("pauses.toml", "[[pause]]\nfrom = 2026-11-10\nto = 2026-11-01\n", "to = 2026-11-01"),
    ("pauses.toml", '[[pause]]\nfrom = "2026-11-10"\nto = 2026-11-11\n', 'from = "2026-11-10"'),
    # numbers with a fraction and times of day are echoed as written, not by their type
    (CHALLENGE, CALLS + "target = 2.5\n", "target = 2.5"),
    (CHALLENGE, CALLS + "target = nan\n", "target = nan"),
    (ACTIONS, ICE + "points = -inf\n", "points = -inf"),
    (LOG, ENTRY + "where = 3.5\n", "where = 3.5"),
    (LOG, ENTRY.replace("at = 2026-11-02T10:00:00+00:00", "at = 10:00:00"), "at = 10:00:00"),
    (
        "people.toml",
        '[[person]]\nname = "Sam"\naliases = ["Ana"]\n\n[[person]]\nname = "Ana"\n',
        "'Ana' is already an alias of 'Sam'",
    ),
    (
        "people.toml",
        '[[person]]\nname = "Sam"\naliases = ["Al"]\n\n[[person]]\nname = "Bo"\naliases = ["Al"]\n',
        "'Al' is claimed by 'Sam' and 'Bo'",
    ),
]


@pytest.mark.parametrize(("target", "text", "bad"), CASES)
def test_a_bad_value_is_echoed_with_a_fix_on_one_line(
    home: Home, target: str, text: str, bad: str
) -> None:
    (home.root / target).write_text(text, encoding="utf-8")
    check = home.run("check", ok=False)
    lines = [line for line in check.stdout.splitlines() if line.startswith(f"{target}:")]
    assert lines, check.stdout
    for line in check.stdout.splitlines():  # every problem is one line that starts with its place
        assert re.match(r"^[^\s:]+\.toml(:\d+)?: \S", line), line
    assert any(bad in line for line in lines), lines
    for line in lines:
        place, _, rest = line.partition(": ")
        assert place.removeprefix(f"{target}:").isdigit(), line  # path:line
        message, _, fix = rest.partition("; ")
        assert message and fix, f"no fix in: {line}"
    assert "Input should" not in check.output  # pydantic's own words never reach the user
    assert "Traceback" not in check.output


# (file, its text, the line the message names, what its fix must say)
FIXES = [
    (LOG, ENTRY.replace("10:00:00+00:00", "10:00+00:00"), 3, "2026-11-20T13:05:00"),
    (LOG, ENTRY.replace("10:00:00+00:00", "10:00"), 3, "2026-11-20T13:05:00"),
    (LOG, ENTRY.replace("T10:00:00+00:00", " 10:00"), 3, "2026-11-20T13:05:00"),
    (LOG, ENTRY.replace("2026-11-02T10:00:00+00:00", "02-11-2026"), 3, "2026-11-20T13:05:00"),
    (LOG, ENTRY.replace("[[entry]]", "[entry]"), 1, "[[entry]]"),
    ("pauses.toml", "[pause]\nfrom = 2026-11-10\nto = 2026-11-12\n", 1, "[[pause]]"),
    (
        "people.toml",
        '[[person]]\nname = "Sam"\naliases = ["Ana"]\n[[person]]\nname = "Ana"\n',
        4,
        "drop",
    ),
]


@pytest.mark.parametrize(("target", "text", "line", "fix"), FIXES)
def test_a_problem_names_its_line_and_a_fix_that_works(
    home: Home, target: str, text: str, line: int, fix: str
) -> None:
    home.write(target, text)
    check = home.run("check", ok=False)
    found = [row for row in check.stdout.splitlines() if row.startswith(f"{target}:{line}: ")]
    assert len(found) == 1, check.stdout
    assert fix in found[0].partition("; ")[2], found[0]
    assert "quote text" not in found[0]  # quoting a date or time would not fix it


def test_a_time_without_an_offset_is_in_the_workspace_zone(home: Home) -> None:
    home.write("habits.toml", 'timezone = "Europe/Paris"\n')
    home.write(LOG, ENTRY)
    home.write(
        "log/2026-12.toml",
        ENTRY.replace("a1", "a2").replace("2026-11-02T10:00:00+00:00", "2026-12-02T10:00:00"),
    )
    assert "All good: 2 entries" in home.run("check").stdout
    assert [e["at"] for e in home.json("list")] == [
        "2026-11-02T10:00:00+00:00",
        "2026-12-02T10:00:00+01:00",
    ]
    home.write("habits.toml", 'timezone = "America/New_York"\n')  # the file is cached; it moves
    assert home.json("list")[1]["at"] == "2026-12-02T10:00:00-05:00"


@pytest.mark.parametrize("damage", ["daily_cap = 0", "daily_cap ="], ids=["bad-value", "bad-toml"])
def test_a_damaged_action_is_reported_once_not_at_each_use(home: Home, damage: str) -> None:
    """One slip in actions.toml is one problem: the challenges and badges that name its
    actions are not told those actions are unknown (they are there, to be fixed)."""
    actions = home.root / ACTIONS
    text = actions.read_text(encoding="utf-8")
    actions.write_text(text.replace("daily_cap = 5", damage, 1), encoding="utf-8")
    check = home.run("check", ok=False)
    problems = check.stdout.splitlines()
    assert [p for p in problems if p.startswith(f"{ACTIONS}:")], check.stdout
    assert not [p for p in problems if p.startswith("challenges/") and "unknown action" in p]
    if damage == "daily_cap =":  # no action can be read: logging says where to look
        logged = home.run("log", "lunch", ok=False)
        assert "`habits check` lists what is wrong" in logged.stderr
        assert "actions: \n" not in logged.stderr


@pytest.mark.parametrize("damage", ["daily_cap = 0", "daily_cap ="], ids=["bad-value", "bad-toml"])
def test_an_entry_of_a_damaged_action_points_at_its_declaration(home: Home, damage: str) -> None:
    """The action is there, only damaged: its entries say so, and where, not "unknown"."""
    home.run("log", "ice", "--with", "Sam", "--at", "09:00")
    actions = home.root / ACTIONS
    text = actions.read_text(encoding="utf-8")
    actions.write_text(text.replace("daily_cap = 5", damage, 1), encoding="utf-8")
    declared = text.splitlines().index("[icebreaker]") + 1
    check = home.run("check", ok=False).stdout
    assert "unknown action 'icebreaker'" not in check
    assert re.search(
        rf"^log/[0-9-]+\.toml:\d+: action 'icebreaker' is declared at {ACTIONS}:{declared} "
        r"but could not be read; fix it there \(`habits check` lists what is wrong\)",
        check,
        re.MULTILINE,
    ), check
    logged = home.run("log", "icebreaker", "--with", "Sam", ok=False)
    assert logged.exit_code == 1 and "Traceback" not in logged.output
    assert logged.stderr.splitlines()[-1] + "\n" == (
        f"error: action 'icebreaker' is declared at {ACTIONS}:{declared} but could not be "
        "read; fix it there (`habits check` lists what is wrong), then log again\n"
    )


def test_an_empty_name_in_with_is_reported_and_the_entry_counts_without_it(home: Home) -> None:
    home.write(LOG, ENTRY + 'with = ["Sam", ""]\n\n' + ENTRY.replace("a1", "a2") + "with = [' ']\n")
    check = home.run("check", ok=False).stdout.splitlines()
    assert check == [
        f'{LOG}:5: with.1 = "" is an empty name (left out; the entry counts); '
        "remove it from the list, or write the person's name",
        f'{LOG}:11: with.0 = " " is an empty name (left out; the entry counts); '
        "remove it from the list, or write the person's name",
    ]
    assert [e["with"] for e in home.json("list")] == [["Sam"], []]
