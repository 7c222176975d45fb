"""Read every member file of a team, score each with the team's pack, and gather the boards.

Members are independent, so a big team is read and scored in worker processes (one a core);
each worker sends back only the small figures the boards need. Progress is reported as
members are read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from habits.core.boards import (
    FEW_DECIDED,
    FIGURE_WORDS,
    RANKED,
    Figures,
    Span,
    competition_ranks,
    default_target,
    figures,
    quiet,
    spans,
)
from habits.core.engine import score
from habits.core.model import Pack, Settings
from habits.core.people import Directory
from habits.core.periods import week_of
from habits.core.problems import HabitsError, Problem
from habits.core.when import LATEST
from habits.store.members import member_files, read_member
from habits.store.teamfolder import Goal, Team

PARALLEL_FROM = 40  # members: below this, worker processes cost more than they save
CHUNK = 25  # members a worker scores per task

Progress = Callable[[int, int], None]


class ChallengeRow(NamedTuple):
    met: int  # periods met in the season
    streak: int
    best: int
    strength: float | None  # 0-100


class MemberBoard(NamedTuple):
    handle: str
    shown: str  # display name if opted in, else the handle
    figures: dict[str, Figures]  # by span name
    entries: dict[str, int]  # counted entries by span name (for an entries goal)
    points_week_ago: int | None  # season points a week ago (None: nothing logged by then)
    challenges: dict[str, ChallengeRow]
    weekly: dict[date, int]  # counted entries by week start
    excluded: int  # entries outside the season or recorded too late
    published: date | None = None  # the member file's day of publishing


class Row(NamedTuple):
    handle: str
    display_name: str
    rank: int | None
    figures: Figures
    ranks: dict[str, int | None]
    movement: int | None  # season places gained since a week ago; None if new
    published: date | None = None  # the member file's day of publishing
    quiet: bool = False  # not published for QUIET_DAYS by the board's day


class Leaderboard(NamedTuple):
    team: Team
    pack: Pack
    as_of: date
    spans: dict[str, Span]
    members: tuple[MemberBoard, ...]
    problems: tuple[Problem, ...]
    ended: bool = False  # asked as of a day after the season: scored as of its last day

    def board(self, period: str) -> list[Row]:
        """Members ranked by points over a period; every figure ranked too (ties share)."""
        members = self.members
        table = [m.figures[period] for m in members]
        ranks = {name: competition_ranks([_value(f, name) for f in table]) for name in RANKED}
        moved = self._movement()
        rows = [
            Row(
                m.handle,
                m.shown,
                ranks["points"][n],
                table[n],
                {name: ranks[name][n] for name in RANKED},
                moved[n] if period == "season" else None,
                m.published,
                quiet(m.published, self.as_of),
            )
            for n, m in enumerate(members)
        ]
        return sorted(rows, key=lambda r: (r.rank or 1 << 30, r.display_name.casefold()))

    def _movement(self) -> list[int | None]:
        now = competition_ranks([float(m.figures["season"].points) for m in self.members])
        then = competition_ranks(
            [None if m.points_week_ago is None else float(m.points_week_ago) for m in self.members]
        )
        return [None if t is None or n is None else t - n for t, n in zip(then, now, strict=True)]

    def challenge_board(self, challenge: str) -> list[tuple[MemberBoard, ChallengeRow, int | None]]:
        """Members ranked by periods met this season, then by the streak (ties share)."""
        rows = [(m, m.challenges[challenge]) for m in self.members if challenge in m.challenges]
        ranks = competition_ranks([(r.met, r.streak) for _, r in rows])
        out = [(m, r, rank) for (m, r), rank in zip(rows, ranks, strict=True)]
        return sorted(out, key=lambda item: (item[2] or 1 << 30, item[0].shown.casefold()))

    def goal(self) -> tuple[Goal, bool] | None:
        """The team goal with its target and title filled in, and whether the target is the
        default for the team's size (team.toml set none)."""
        goal = self.team.goal
        if goal is None:
            return None
        target = goal.target
        if target is None:
            span = self.spans[goal.period]
            last = span.last or span.end  # an open season: its days so far
            target = default_target(goal.figure, (last - span.start).days + 1, len(self.members))
        period = "the season" if goal.period == "season" else f"this {goal.period}"
        title = goal.title or f"{target:,} {FIGURE_WORDS[goal.figure]} {period}"
        return goal._replace(title=title, target=target), goal.target is None

    def goal_progress(self) -> int | None:
        goal = self.team.goal
        if goal is None:
            return None
        if goal.figure == "entries":
            return sum(m.entries[goal.period] for m in self.members)
        return sum(int(getattr(m.figures[goal.period], goal.figure) or 0) for m in self.members)

    def weekly(self) -> dict[date, tuple[int, int]]:
        """Per week: the team's counted entries and how many members logged any."""
        out: dict[date, list[int]] = {}
        for member in self.members:
            for week, count in member.weekly.items():
                tally = out.setdefault(week, [0, 0])
                tally[0] += count
                tally[1] += 1 if count else 0
        return {week: (t[0], t[1]) for week, t in sorted(out.items())}


def _value(figures: Figures, name: str) -> tuple[bool, float] | None:
    """A figure as ranked: a follow-up rate from too few decided ranks below the rest."""
    value = getattr(figures, name)
    if value is None:
        return None
    told = name != "follow_up_rate" or figures.follow_ups_decided >= FEW_DECIDED
    return told, float(value)


def board_day(team: Team, day: date) -> tuple[date, bool]:
    """The day to score as of, and whether the season had ended by `day` (then its last day).

    A day before the season has no board: refused, never shown as missed weeks.
    """
    first, last = team.season
    if day < first:
        raise HabitsError(
            f"{day} is before the season starts ({first})", f"give a day from {first} on"
        )
    if last is not None and day > last:
        return last, True
    if day > LATEST:  # an open season: past what period arithmetic holds
        raise HabitsError(f"{day} is after {LATEST}", "give a day of the season")
    return day, False


def build(team: Team, pack: Pack, as_of: date, progress: Progress | None = None) -> Leaderboard:
    """Read and score every member file; damaged files are problems, the rest still counts."""
    as_of, ended = board_day(team, as_of)
    paths, problems = member_files(team)
    periods = spans(as_of, team.week_start, team.season)
    results: list[MemberBoard] = []
    done = 0
    if len(paths) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        for path in paths:
            found, more = score_member(path, team, pack, as_of, periods)
            results += found
            problems += more
            done += 1
            if progress:
                progress(done, len(paths))
    else:
        chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
        with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
            futures = {
                pool.submit(_score_chunk, chunk, team, pack, as_of, periods): len(chunk)
                for chunk in chunks
            }
            for future in as_completed(futures):
                found, more = future.result()
                results += found
                problems += more
                done += futures[future]
                if progress:
                    progress(done, len(paths))
    results.sort(key=lambda m: m.handle)
    problems.sort(key=lambda p: (p.path, p.line))
    return Leaderboard(team, pack, as_of, periods, tuple(results), tuple(problems), ended)


def _score_chunk(
    paths: Sequence[Path], team: Team, pack: Pack, as_of: date, periods: dict[str, Span]
) -> tuple[list[MemberBoard], list[Problem]]:
    results: list[MemberBoard] = []
    problems: list[Problem] = []
    for path in paths:
        found, more = score_member(path, team, pack, as_of, periods)
        results += found
        problems += more
    return results, problems


def score_member(
    path: Path, team: Team, pack: Pack, as_of: date, periods: dict[str, Span]
) -> tuple[list[MemberBoard], list[Problem]]:
    """One member's board figures, scored with the team's pack (never the member's own)."""
    member, problems = read_member(path, team, pack)
    if member is None:
        return [], problems
    # Entries come as days, each at an instant of its own on that day in UTC (line order)
    settings = Settings(timezone="UTC", week_start=team.week_start, workdays=team.workdays)
    people = Directory(known=member.known)  # the known contacts are never new people
    card = score(pack, settings, member.entries, as_of, people=people, marks=member.marks)
    season = periods["season"]
    counted = [
        (e, day) for e, day in zip(card.entries, card.days, strict=True) if e.id not in card.capped
    ]
    entries = {
        name: sum(1 for _, day in counted if span.start <= day <= span.end)
        for name, span in periods.items()
    }
    week_ago = season.end - timedelta(days=7)
    active = any(day <= week_ago for _, day in counted)
    points_then = sum(line.points for line in card.ledger if season.start <= line.date <= week_ago)
    weekly: dict[date, int] = {}
    for _, day in counted:
        week = week_of(day, team.week_start)
        weekly[week] = weekly.get(week, 0) + 1
    challenges = {
        r.id: ChallengeRow(
            # a period the season starts in counts, as it does for the streak
            met=sum(1 for p in r.periods if p.met and p.end >= season.start),
            streak=r.streak,
            best=r.best_streak,
            strength=None if r.strength is None else round(100 * r.strength, 1),
        )
        for r in card.challenges
    }
    board = MemberBoard(
        member.handle,
        member.shown,
        {name: figures(card, pack, span, member.known) for name, span in periods.items()},
        entries,
        points_then if active else None,
        challenges,
        weekly,
        member.excluded,
        member.published,
    )
    return [board], problems
