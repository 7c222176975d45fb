"""The scoring rules of the challenge-file contract, one behaviour per test."""

from __future__ import annotations

from datetime import date
from math import sqrt

import pytest

from habits.core import Badge, Pack, Pause, Settings, score
from tests.helpers import ACTIONS, card, challenge, entry, pack

MON = "2026-11-02"  # a Monday


def test_every_entry_earns_its_action_points_and_total_is_ledger_sum() -> None:
    result = card(pack(), [entry(1, MON), entry(2, MON, "lunch"), entry(3, MON, "fu")])
    assert result.points == 2 + 5 + 3
    assert [line.entry for line in result.ledger] == ["1", "2", "3"]
    assert result.points == sum(line.points for line in result.ledger)


def test_daily_cap_stops_points_and_challenge_credit_but_keeps_history() -> None:
    c = challenge(target=4, points=10)
    entries = [entry(n, f"{MON}T0{n}:00", "ice", f"P{n}") for n in range(1, 6)]
    result = card(pack(c), entries)
    assert result.capped == {"4", "5"}
    assert result.points == 3 * 2  # the 4th and 5th earn nothing, and the target of 4 is not met
    assert result.challenge("c").periods[0].count == 3
    assert len(result.entries) == 5  # still history


def test_capped_entry_still_makes_a_person_not_new() -> None:
    c = challenge(id="new", measure="new-people", actions={"lunch"})
    entries = [entry(n, f"{MON}T0{n}:00", "ice", "Zed") for n in range(1, 5)]
    entries.append(entry(9, "2026-11-03", "lunch", "Zed"))
    assert card(pack(c), entries).challenge("new").periods == ()


def test_where_and_tags_filter_case_insensitively() -> None:
    c = challenge(where={"call"}, tags={"client"}, target=1)
    entries = [
        entry(1, MON, where="CALL", tags=("Client",)),
        entry(2, "2026-11-03", where="lift", tags=("client",)),
        entry(3, "2026-11-04", where="call"),
    ]
    assert card(pack(c), entries).challenge("c").periods[0].count == 1


def test_people_counts_distinct_people_per_period_whatever_the_spelling() -> None:
    c = challenge(measure="people", target=3)
    entries = [entry(1, MON, "ice", "Sam Lee"), entry(2, "2026-11-03", "ice", "sam  lee", "Ana")]
    week = card(pack(c), entries).challenge("c").periods[0]
    assert week.count == 2


def test_new_people_counts_only_first_ever_entries_of_any_action() -> None:
    c = challenge(measure="new-people", actions={"lunch"})
    entries = [
        entry(1, MON, "ice", "Sam"),
        entry(2, "2026-11-10", "lunch", "Sam", "Ana"),
    ]
    periods = card(pack(c), entries).challenge("c").periods
    assert periods[0].count == 1  # only Ana is new; Sam's first entry was an icebreaker


def test_after_rule_needs_a_strictly_earlier_entry_with_the_same_person_in_time() -> None:
    c = challenge(actions={"fu"}, after={"ice", "lunch"}, within_days=1, every="month")
    entries = [
        entry(1, "2026-11-02T10:00", "ice", "Sam"),
        entry(2, "2026-11-03T09:00", "fu", "sam"),  # next day: counts
        entry(3, "2026-11-06T09:00", "fu", "Sam"),  # 4 days later: too late
        entry(4, "2026-11-07T09:00", "fu", "Ana"),  # never met Ana before
        entry(5, "2026-11-09T09:00", "ice", "Bo"),
        entry(6, "2026-11-09T09:00", "fu", "Bo"),  # same instant: not strictly earlier
        entry(7, "2026-11-09T10:00", "fu", "Bo"),  # same day, later: counts
    ]
    month = card(pack(c), entries).challenge("c").periods[0]
    assert month.count == 2


def test_after_rule_can_look_back_to_a_capped_entry() -> None:
    c = challenge(actions={"fu"}, after={"ice"})
    entries = [entry(n, f"{MON}T0{n}:00", "ice", f"P{n}") for n in range(1, 5)]
    entries.append(entry(9, "2026-11-03", "fu", "P4"))  # P4 was only in the capped 4th icebreaker
    assert card(pack(c), entries).challenge("c").periods[0].count == 1


def test_points_once_per_met_period_dated_by_the_meeting_entry() -> None:
    c = challenge(target=2, points=10)
    entries = [entry(1, MON), entry(2, "2026-11-04"), entry(3, "2026-11-05")]
    lines = [line for line in card(pack(c), entries).ledger if line.challenge]
    assert [(line.date, line.points, line.entry) for line in lines] == [
        (date(2026, 11, 4), 10, "2")
    ]


def test_streak_bonus_grows_with_consecutive_periods() -> None:
    c = challenge(points=10, streak_bonus=5)
    entries = [entry(w, f"2026-11-{2 + 7 * w:02d}") for w in range(3)]
    result = card(pack(c), entries, as_of="2026-11-20")
    bonus = [line.points for line in result.ledger if line.reason.startswith("Streak")]
    assert bonus == [5, 10]
    assert result.challenge("c").streak == 3


def test_a_missed_period_breaks_the_streak_but_the_open_one_does_not() -> None:
    c = challenge()
    entries = [entry(1, "2026-11-02"), entry(2, "2026-11-16"), entry(3, "2026-11-23")]
    assert card(pack(c), entries, as_of="2026-11-25").challenge("c").streak == 2
    open_week = card(pack(c), entries[:2], as_of="2026-11-25").challenge("c")
    assert (open_week.streak, open_week.at_risk, open_week.best_streak) == (1, True, 1)
    closed = card(pack(c), entries[:2], as_of="2026-12-01").challenge("c")
    assert closed.streak == 0


def test_a_paused_unmet_period_neither_breaks_nor_extends() -> None:
    c = challenge(streak_bonus=1)
    entries = [entry(1, "2026-11-02"), entry(3, "2026-11-16")]
    rest = (Pause(date(2026, 11, 12), date(2026, 11, 13)),)
    result = card(pack(c), entries, as_of="2026-11-18", pauses=rest).challenge("c")
    assert (result.streak, result.best_streak) == (2, 2)
    other = (Pause(date(2026, 11, 12), date(2026, 11, 13), challenge="other"),)
    assert card(pack(c), entries, as_of="2026-11-18", pauses=other).challenge("c").streak == 1


def test_week_start_and_day_start_move_periods() -> None:
    c = challenge(target=2)
    sunday_late, monday_early = entry(1, "2026-11-08T23:30"), entry(2, "2026-11-09T02:00")
    both = [sunday_late, monday_early]
    monday_weeks = card(pack(c), both, as_of="2026-11-09")
    assert [p.count for p in monday_weeks.challenge("c").periods] == [1, 1]
    owl = Settings(day_start=4)  # 02:00 Monday still belongs to Sunday
    owl_weeks = card(pack(c), both, as_of="2026-11-09", settings=owl).challenge("c").periods
    assert owl_weeks[0].count == 2
    sunday = Settings(week_start=6)
    assert card(pack(c), both, settings=sunday).challenge("c").periods[0].count == 2  # one week


def test_timezone_decides_the_local_day() -> None:
    c = challenge(every="day")
    late = entry(1, "2026-11-02T23:30+00:00")
    tokyo = card(pack(c), [late], settings=Settings(timezone="Asia/Tokyo"))
    assert tokyo.challenge("c").periods[0].start == date(2026, 11, 3)


def test_month_and_once_periods_and_windows() -> None:
    monthly = challenge(id="m", every="month", target=2)
    once = challenge(
        id="o", every="once", target=3, start=date(2026, 11, 3), end=date(2026, 11, 20), points=7
    )
    entries = [entry(n, f"2026-11-{d:02d}") for n, d in enumerate((2, 3, 10, 25))]
    result = card(pack(monthly, once), entries, as_of="2026-11-30")
    assert [p.count for p in result.challenge("m").periods] == [4]
    o = result.challenge("o")
    assert (o.progress, o.met, o.strength) == (2, False, None)  # Nov 2 and 25 fall outside


def test_entries_after_the_as_of_date_are_ignored() -> None:
    result = card(pack(), [entry(1, "2026-11-02"), entry(2, "2026-11-09")], as_of="2026-11-05")
    assert result.points == 2 and len(result.entries) == 1


def test_levels_count_thresholds_reached() -> None:
    assert card(pack(levels=(0, 4, 10)), []).level == 1
    result = card(pack(levels=(0, 4, 10)), [entry(1, MON), entry(2, "2026-11-03")])
    assert (result.level, result.next_level_at) == (2, 10)
    assert result.level_ups == ((1, date(2026, 11, 2)), (2, date(2026, 11, 3)))
    assert card(pack(), []).level is None


@pytest.mark.parametrize(
    ("badge", "earned"),
    [
        (Badge("b", "B", "entries", 2, action="ice"), date(2026, 11, 3)),
        (Badge("b", "B", "people", 3), date(2026, 11, 10)),
        (Badge("b", "B", "new_people", 2), date(2026, 11, 3)),
        (Badge("b", "B", "best_streak", 2, challenge="c"), date(2026, 11, 10)),
        (Badge("b", "B", "points", 6), date(2026, 11, 10)),
        (Badge("b", "B", "level", 2), date(2026, 11, 3)),
        (Badge("b", "B", "people", 99), None),
    ],
)
def test_badges_are_earned_when_their_figure_first_reaches_the_threshold(
    badge: Badge, earned: date | None
) -> None:
    entries = [
        entry(1, MON, "ice", "A"),
        entry(2, "2026-11-03", "ice", "B"),
        entry(3, "2026-11-10", "ice", "C", "a"),
    ]
    result = card(pack(challenge(), badges=(badge,), levels=(0, 4)), entries, as_of="2026-11-12")
    assert result.badges[0].earned == earned


def test_strength_follows_loop_habit_trackers_rule() -> None:
    daily = challenge(every="day", target=1)
    entries = [entry(1, "2026-11-02"), entry(2, "2026-11-04")]
    result = card(pack(daily), entries, as_of="2026-11-04").challenge("c")
    m = 0.5 ** (sqrt(1) / 13)
    expected = 0.0
    for c in (1, 0, 1):
        expected = expected * m + c * (1 - m)
    assert result.strength == pytest.approx(expected)
    assert result.strength_from == date(2026, 11, 2)


def test_weekly_strength_uses_the_two_period_window() -> None:
    weekly = challenge(target=2)
    entries = [entry(1, "2026-11-02")]
    result = card(pack(weekly), entries, as_of="2026-11-03").challenge("c")
    m = 0.5 ** (sqrt(2 / 7) / 13)
    share = min(1, 1 / 4)
    expected = (0 * m + share * (1 - m)) * m + share * (1 - m)
    assert result.strength == pytest.approx(expected)


def test_paused_days_freeze_strength() -> None:
    daily = challenge(every="day")
    entries = [entry(1, "2026-11-02")]
    rest = (Pause(date(2026, 11, 3), date(2026, 11, 5)),)
    result = card(pack(daily), entries, as_of="2026-11-05", pauses=rest).challenge("c")
    assert result.strength_series[1:] == (result.strength_series[0],) * 3


def test_unknown_actions_are_left_to_the_store() -> None:
    assert card(pack(), [entry(1, MON, "nope")]).points == 0


def test_scoring_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    card = score(Pack(ACTIONS, {}), Settings(), [entry(1, "2026-11-20")], date(2026, 11, 20))
    assert card.points == 2 and gc.isenabled()
    gc.disable()
    try:
        score(Pack(ACTIONS, {}), Settings(), [], date(2026, 11, 20))
        assert not gc.isenabled()
    finally:
        gc.enable()
