"""What scoring produces: a ledger, per-challenge results and badges (frozen, renderer-ready)."""

from datetime import date
from typing import NamedTuple

from habits.core.followups import FollowUp, FollowUpStats
from habits.core.model import Badge, Challenge, Entry


class LedgerLine(NamedTuple):
    """One award: every point in a total comes from exactly one line.

    A named tuple rather than a dataclass: a long log makes a million of these.
    """

    date: date
    points: int
    reason: str
    entry: str | None = None
    challenge: str | None = None


class PeriodResult(NamedTuple):
    """One period of a challenge. A named tuple: a year of daily periods is made on every run.

    `count` shadows `tuple.count` on purpose (nothing counts items of a period).
    """

    start: date
    end: date  # inclusive
    count: int  # type: ignore[assignment]
    met: bool
    met_on: date | None = None
    met_by: str | None = None  # id of the entry that met the target
    paused: bool = False
    open: bool = False  # the period holding the as-of date, not over yet


class ChallengeResult(NamedTuple):
    """One challenge as of a day. From a kept (compact) tally, `periods` lists only the last
    periods (at least `TAIL`, habits.core.challenges) and the strength series starts on the
    last day no newer entry can change: the progress site draws them from a full score."""

    challenge: Challenge
    periods: tuple[PeriodResult, ...]  # first counting period .. current period
    current: PeriodResult | None  # the period holding the as-of date (the last one once ended)
    streak: int
    best_streak: int
    best_reached: tuple[date, ...]  # the day the best run first reached 1, 2, 3... periods
    at_risk: bool
    strength: float | None
    strength_from: date | None = None  # the day of strength_series[0]
    strength_series: tuple[float, ...] = ()  # one value a day from strength_from
    points: int = 0

    @property
    def id(self) -> str:
        return self.challenge.id

    @property
    def title(self) -> str:
        return self.challenge.title

    @property
    def target(self) -> int:
        return self.challenge.target

    @property
    def progress(self) -> int:
        return self.current.count if self.current else 0

    @property
    def met(self) -> bool:
        return self.current.met if self.current else False


class BadgeResult(NamedTuple):
    badge: Badge
    value: int  # the badge's figure as of the as-of date
    earned: date | None

    @property
    def id(self) -> str:
        return self.badge.id

    @property
    def title(self) -> str:
        return self.badge.title


class Summary:
    """A scorecard in brief: what the terminal shows, and all a resumed `Tally` can finish.

    `Tally.summary` makes one from a remembered state; `Scorecard.summary` from a full score.
    Both must agree to the last field, but for the old periods and strength a remembered
    state has folded (see `ChallengeResult`; a property test checks it). A plain class with
    slots: a dataclass costs a millisecond or two to create on every `habits log`.
    """

    __slots__ = (
        "as_of",
        "badges",
        "capped_count",
        "challenges",
        "follow_ups",
        "level",
        "level_name",
        "level_ups",
        "next_level_at",
        "people",
        "points",
    )

    def __init__(
        self,
        *,
        as_of: date,
        points: int,
        level: int | None,
        level_name: str,
        next_level_at: int | None,
        level_ups: tuple[tuple[int, date], ...],
        challenges: tuple[ChallengeResult, ...],
        badges: tuple[BadgeResult, ...],
        people: int,  # distinct people met, ever
        capped_count: int,  # entries past their action's daily cap
        follow_ups: FollowUpStats,
    ) -> None:
        self.as_of = as_of
        self.points = points
        self.level = level
        self.level_name = level_name
        self.next_level_at = next_level_at
        self.level_ups = level_ups
        self.challenges = challenges
        self.badges = badges
        self.people = people
        self.capped_count = capped_count
        self.follow_ups = follow_ups

    def challenge(self, challenge_id: str) -> ChallengeResult:
        for result in self.challenges:
            if result.id == challenge_id:
                return result
        raise KeyError(challenge_id)

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _slots(type(self)))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Summary)
            and type(other) is type(self)
            and (self._fields() == other._fields())
        )

    __hash__ = None  # type: ignore[assignment]  # equal by value, and not immutable

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _slots(type(self)))
        return f"{type(self).__name__}({shown})"


class Scorecard(Summary):
    """Everything scoring knows: the summary plus the ledger and every entry scored."""

    __slots__ = ("capped", "days", "entries", "follow_up_items", "ledger", "new_people")

    def __init__(
        self,
        summary: Summary,
        *,
        ledger: tuple[LedgerLine, ...],
        entries: tuple[Entry, ...],  # every entry scored, oldest first
        capped: frozenset[str],  # ids of entries past their action's daily cap
        days: tuple[date, ...],  # the local day of each of `entries`, in the same order
        follow_up_items: tuple[FollowUp, ...],  # every follow-up and "did they meet?" check
        new_people: tuple[tuple[str, ...], ...] = (),  # the people (keys) each of `entries`
        # met for the first time, in the same order
    ) -> None:
        for name in Summary.__slots__:
            setattr(self, name, getattr(summary, name))
        self.ledger = ledger
        self.entries = entries
        self.capped = capped
        self.days = days
        self.follow_up_items = follow_up_items
        self.new_people = new_people

    def summary(self) -> Summary:
        return Summary(**{name: getattr(self, name) for name in Summary.__slots__})


def _slots(cls: type) -> tuple[str, ...]:
    return tuple(
        name for klass in reversed(cls.__mro__) for name in getattr(klass, "__slots__", ())
    )
