"""The file contract, as pydantic models: they validate files and give their JSON Schema.

Imported only when a file has changed (validation) or for `habits schema`; never on the
`habits log` fast path.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from habits.core.model import WEEKDAYS, WIN_KINDS, Figure
from habits.core.problems import HabitsError, Problem, suggest
from habits.core.when import FLOATING, MAX_COUNT, MAX_DAYS, YEARS, out_of_bounds
from habits.store.cadence import cadence_days
from habits.store.messages import explain
from habits.store.tomlfile import Lines

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Count = Annotated[int, Field(ge=1)]
Amount = Annotated[int, Field(ge=1, le=MAX_COUNT)]  # a pack's counts and thresholds
Points = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Days = Annotated[int, Field(ge=0, le=MAX_DAYS)]


def known_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        from zoneinfo import available_timezones  # scans the zone files: only on this path

        close = suggest(value, available_timezones()) or "e.g. Europe/London or UTC"
        raise ValueError(f"is an unknown timezone; {close}") from None
    return value


Zone = Annotated[str, AfterValidator(known_zone)]


def in_years(day: date) -> date:
    """Refuse a date outside the years habits takes in (see habits.core.when)."""
    if out_of_bounds(day):
        raise ValueError(f"is outside the years {YEARS}; check the year")
    return day


def local_moment(at: datetime) -> datetime:
    """A time within the years habits takes in; one written without an offset is in the
    workspace's zone (settled once the settings are read)."""
    in_years(at.date())
    return at.replace(tzinfo=FLOATING) if at.tzinfo is None else at


Day = Annotated[date, AfterValidator(in_years)]
Moment = Annotated[datetime, AfterValidator(local_moment)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)


class ActionModel(Strict):
    """One action a person logs (a table in actions.toml, keyed by the action id)."""

    title: str = Field(min_length=1)
    description: str = ""
    points: Points = Field(0, description="Earned by every logged entry of this action.")
    aliases: list[str] = []
    daily_cap: Amount | None = Field(
        None, description="Entries past this many a day earn nothing and count toward nothing."
    )
    follow_up_days: Days | None = Field(
        None, description="Opens a follow-up with each person, due this many days later."
    )
    closes_follow_up: bool = Field(
        False, description="A later entry of this action with the person closes a follow-up."
    )
    meet_check_days: Days | None = Field(
        None,
        description='With two or more people: a "did they meet?" check with each, due then.',
    )
    win: bool = Field(False, description="A win (referral, project...): entries take a kind.")


class OpenerModel(Strict):
    """A go-to opener (a table in openers.toml, keyed by its id)."""

    text: str = Field(min_length=1)
    tags: list[str] = Field([], description="Venues it suits: call, lift, lounge, canteen...")


class OpenersFile(RootModel[dict[Id, OpenerModel]]):
    """openers.toml: the go-to openers of a pack."""


class ActionsFile(RootModel[dict[Id, ActionModel]]):
    """actions.toml: the actions of a pack."""


class ChallengeModel(Strict):
    """A challenge file: any *.toml of a pack but the reserved names; its id is the file stem."""

    title: str = Field(min_length=1)
    description: str = ""
    actions: list[str] = Field(min_length=1, description="Which actions count.")
    where: list[str] = Field([], description="Only entries at one of these venues count.")
    tags: list[str] = Field([], description="Only entries carrying one of these tags count.")
    count: Literal["entries", "people", "new-people", "follow-ups"] = Field(
        "entries",
        description="What a period counts: entries, distinct people, people met for the first "
        "time, or follow-ups closed on time.",
    )
    after: list[str] = Field(
        [], description="An entry counts only if one of its people was in an earlier such entry."
    )
    within_days: Days = 1
    target: Amount = 1
    every: Literal["day", "week", "month", "once"] = "week"
    points: Points = 0
    streak_bonus: Points = 0
    start: Day | None = None
    end: Day | None = None
    workdays_only: bool = Field(
        True,
        description='Of an every = "day" challenge: a day that is not one of the workdays '
        "of habits.toml rests it like a pause (met, it still counts).",
    )

    @model_validator(mode="after")
    def _window(self) -> ChallengeModel:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end = {self.end} is before start = {self.start}; swap them")
        return self


FIGURES: tuple[str, ...] = get_args(Figure)  # the core's list: one place to add a figure


class BadgeModel(Strict):
    """A badge (a table in badges.toml): a title and exactly one figure with its threshold."""

    title: str = Field(min_length=1)
    description: str = ""
    entries: Amount | None = None
    people: Amount | None = None
    new_people: Amount | None = None
    best_streak: Amount | None = None
    points: Amount | None = None
    level: Amount | None = None
    follow_ups: Amount | None = Field(None, description="Follow-ups closed on time.")
    follow_up_rate: Annotated[int, Field(ge=1, le=100)] | None = Field(
        None, description="Percent of follow-ups closed on time (once 5 are decided)."
    )
    action: str | None = Field(None, description="With entries: only this action counts.")
    challenge: str | None = Field(None, description="With best_streak: the challenge.")

    @model_validator(mode="after")
    def _one_figure(self) -> BadgeModel:
        given = [f for f in FIGURES if getattr(self, f) is not None]
        if not given:
            raise ValueError(
                f"a badge needs a figure; add one of {', '.join(FIGURES)}, e.g. entries = 10"
            )
        if len(given) > 1:
            raise ValueError(
                f"give exactly one of {', '.join(FIGURES)} (found {' and '.join(given)}); "
                "keep one of them"
            )
        if self.best_streak is not None and not self.challenge:
            raise ValueError('best_streak needs a challenge; add challenge = "ID"')
        if self.action is not None and self.entries is None:
            raise ValueError(
                f'action = "{self.action}" only goes with entries; add entries = N or remove it'
            )
        return self

    @property
    def figure(self) -> str:
        return next(f for f in FIGURES if getattr(self, f) is not None)


class BadgesFile(RootModel[dict[Id, BadgeModel]]):
    """badges.toml: the badges of a pack."""


class LevelsModel(Strict):
    """levels.toml: the totals at which each level starts."""

    thresholds: list[Points] = Field(min_length=1)
    names: list[str] = []

    @field_validator("thresholds")
    @classmethod
    def _ascending(cls, value: list[int]) -> list[int]:
        if any(b <= a for a, b in pairwise(value)):
            raise ValueError("must rise; e.g. thresholds = [0, 50, 120]")
        return value


class SettingsModel(Strict):
    """habits.toml: the workspace settings."""

    name: str = ""
    timezone: Zone = Field("UTC", description="An IANA timezone, e.g. Europe/London.")
    week_start: Literal[WEEKDAYS] = "monday"  # type: ignore[valid-type]
    day_start: int = Field(
        0, ge=0, le=23, description="Entries before this hour count as the day before."
    )
    workdays: list[Literal[WEEKDAYS]] = Field(  # type: ignore[valid-type]
        default=list(WEEKDAYS[:5]),
        min_length=1,
        description="The days a daily challenge expects an entry (others rest it) and due "
        "dates count.",
    )
    inbox: str | None = Field(
        default=None,
        description="The inbox `habits inbox` reads (default inbox.txt in the workspace).",
    )
    calendar: str | None = Field(
        default=None,
        description="The calendar `habits ask` reads: an .ics file or a folder of them "
        "(an export from Outlook, Google or Apple Calendar).",
    )
    me: list[Annotated[str, Field(min_length=3, pattern="@")]] = Field(
        default=[],
        description="Your e-mail addresses: in a calendar you are never one of the people met.",
    )


class EntryModel(Strict):
    """One `[[entry]]` of a log file."""

    id: str = Field(min_length=1)
    at: Moment = Field(description="Without an offset it is in the workspace's timezone.")
    logged: Moment | None = None
    action: str = Field(min_length=1)
    with_: list[str] = Field([], alias="with")
    where: str = ""
    note: str = ""
    tags: list[str] = []
    opener: str = ""
    kind: Literal[WIN_KINDS] | None = Field(  # type: ignore[valid-type]
        None, description="Of a win: referral, project, client, mentor, job, speaking, other."
    )
    event: str = Field(
        "", description="The calendar event it answers (`habits ask`): YYYY-MM-DD and its UID."
    )


class LogFile(Strict):
    """log/YYYY-MM.toml: one `[[entry]]` per logged action."""

    entry: list[EntryModel] = []


class PauseModel(Strict):
    """One `[[pause]]` of pauses.toml: a rest that does not break streaks."""

    from_: Day = Field(alias="from")
    to: Day
    challenge: str | None = None
    note: str = ""

    @model_validator(mode="after")
    def _order(self) -> PauseModel:
        if self.to < self.from_:
            raise ValueError(f"to = {self.to} is before from = {self.from_}; swap them")
        return self


class PausesFile(Strict):
    pause: list[PauseModel] = []


class FollowUpMarkModel(Strict):
    """One `[[followup]]` of followups.toml: a follow-up or check dismissed or snoozed."""

    action: Literal["dismiss", "snooze"]
    entry: str = Field(min_length=1, description="The id of the entry that opened it.")
    person: str = Field(min_length=1)
    kind: Literal["follow-up", "did-they-meet"] = "follow-up"
    on: Day | None = Field(None, description="The day it was dismissed.")
    until: Day | None = Field(None, description="Snoozed: the day it is due.")
    note: str = ""

    @model_validator(mode="after")
    def _day(self) -> FollowUpMarkModel:
        if self.action == "snooze" and self.until is None:
            raise ValueError("a snooze needs until = YYYY-MM-DD, the day it falls due")
        if self.action == "dismiss" and self.on is None:
            raise ValueError("a dismissal needs on = YYYY-MM-DD, the day it was dismissed")
        return self


class FollowUpsFile(Strict):
    """followups.toml: what you said of single follow-ups (`habits due dismiss|snooze`)."""

    followup: list[FollowUpMarkModel] = []


def short_cadence(text: str) -> str:
    try:
        cadence_days(text)
    except HabitsError as error:
        raise ValueError(error.message.removeprefix(f"'{text}' ") + f"; {error.hint}") from None
    return text


Cadence = Annotated[str, Field(pattern=r"^[1-9][0-9]*[dwm]$"), AfterValidator(short_cadence)]


class PersonModel(Strict):
    """One `[[person]]` of people.toml: a person's name, other names, keep-in-touch cadence,
    the day they became a known contact."""

    name: str = Field(min_length=1, description="The name to show.")
    aliases: list[str] = Field([], description="Other names of this person (merged).")
    cadence: Cadence | None = Field(
        None, description="Keep in touch every N days, weeks or months: 30d, 2w, 3m."
    )
    known: Day | None = Field(
        None,
        description="A known contact since this day (`habits people import`): never counted "
        "as a new person.",
    )


class PeopleFile(Strict):
    """people.toml: aliases, merges, cadences and known contacts. The log is never rewritten
    for them."""

    person: list[PersonModel] = []


Handle = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]


class GoalModel(Strict):
    """The team's collective goal, e.g. 25 new people this month."""

    title: str | None = Field(
        None, min_length=1, description="As shown; default: said from target, figure and period."
    )
    figure: Literal["points", "new_people", "connector", "entries"] = "new_people"
    target: Count | None = Field(
        None, description="Default: scaled to the team's size (see docs/team.md)."
    )
    period: Literal["week", "month", "season"] = "month"


class TeamModel(Strict):
    """team.toml: a challenge season of a team (the leaderboard's settings)."""

    name: str = Field(min_length=1)
    season_start: Day
    season_end: Day | None = None
    week_start: Literal[WEEKDAYS] = "monday"  # type: ignore[valid-type]
    workdays: list[Literal[WEEKDAYS]] = Field(  # type: ignore[valid-type]
        default=list(WEEKDAYS[:5]),
        min_length=1,
        description="The days the board's daily challenges expect an entry (others rest them).",
    )
    backdating_days: int = Field(
        7, ge=0, description="Entries recorded more than this many days after they happened "
        "do not count.",
    )  # fmt: skip
    boards: list[Literal["week", "month", "season"]] = Field(
        ["week", "month", "season"], min_length=1
    )
    goal: GoalModel | None = None

    @field_validator("season_end")
    @classmethod
    def _after_start(cls, day: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("season_start")  # validated before season_end, if it was good
        if day is not None and start and day < start:
            raise ValueError(f"is before season_start = {start}; swap them")
        return day


class MemberModel(Strict):
    """members/HANDLE.toml: what a member shares. No names of contacts, no notes, no times."""

    format: Literal[1, 2] = 2
    handle: Handle
    display_name: str | None = Field(None, description="Shown instead of the handle (opt-in).")
    owner: str | None = Field(
        None, pattern=r"^[0-9a-f]{32}$", description="Owner mark: a keyed hash of the "
        "member's secret; only its owner publishes over the file. None in format 1.",
    )  # fmt: skip
    timezone: Zone | None = Field(None, description="Format 1 only; no longer used.")
    published: date | AwareDatetime = Field(description="The day of publishing.")
    entries: list[str] = Field(
        [], description="One entry a line: id (hashed), at (day), logged (day), action, "
        "venue, tags, people (hashed). See docs/team.md.",
    )  # fmt: skip
    known: list[Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]] = Field(
        [], description="The people (hashed) of the entries who are known contacts: never "
        "new people. See docs/team.md.",
    )  # fmt: skip
    followups: list[str] = Field(
        [], description="Follow-ups the member dismissed or snoozed, one a line: the opening "
        "entry's id (hashed), the person (hashed), the kind, then `dismiss` or the day it is "
        "due. See docs/team.md.",
    )  # fmt: skip


class MembershipModel(Strict):
    """One `[[team]]` of teams.toml in a member's workspace: where and as whom to publish."""

    folder: str = Field(min_length=1)
    handle: Handle
    display_name: str | None = None


class TeamsFile(Strict):
    team: list[MembershipModel] = []


SCHEMAS: dict[str, type[BaseModel]] = {
    "actions": ActionsFile,
    "challenge": ChallengeModel,
    "badges": BadgesFile,
    "levels": LevelsModel,
    "settings": SettingsModel,
    "log": LogFile,
    "pauses": PausesFile,
    "followups": FollowUpsFile,
    "openers": OpenersFile,
    "people": PeopleFile,
    "team": TeamModel,
    "member": MemberModel,
    "teams": TeamsFile,
}


def write_schemas(folder: Path) -> list[Path]:
    """Write the JSON Schema of every file habits reads into a folder."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = folder / f"{name}.json"
        path.write_text(json.dumps(json_schema(name), indent=2, sort_keys=True) + "\n", "utf-8")
        written.append(path)
    return written


def json_schema(name: str) -> dict[str, Any]:
    schema = SCHEMAS[name].model_json_schema(by_alias=True)
    schema["$id"] = f"https://habits.invalid/schema/{name}.json"
    return schema


M = TypeVar("M", bound=BaseModel)


def validate_blocks(
    text: str, shown: str, name: str, model: type[M]
) -> tuple[list[tuple[M, int]], list[Problem]]:
    """Validate every `[[name]]` block of a file: (model, its line) for the good ones, and a
    located problem for each damaged one; one bad block never hides the others."""
    from habits.store.tomlfile import Lines, block_span, split_array, split_lines

    chunks, preamble = split_array(text, name)
    problems = [
        Problem(shown, c.error_line, f"bad TOML: {c.error}", c.hint or "fix or remove this line")
        for c in preamble
    ]
    good = []
    for chunk in chunks:
        if chunk.table is None:
            skipped = f"the {name} on line {chunk.line} is skipped until then"
            problems.append(
                Problem(
                    shown,
                    chunk.error_line,
                    f"damaged {name}: {chunk.error}",
                    f"{chunk.hint}; {skipped}" if chunk.hint else f"fix it; {skipped}",
                )
            )
            continue
        try:
            good.append((model.model_validate(chunk.table), chunk.line))
        except ValidationError as error:
            start, end = block_span(text, name, chunk.line)
            block = Lines("".join(split_lines(text)[start:end]))
            problems.extend(problems_of(error, shown, block, name, offset=chunk.line - 1))
    return good, problems


def problems_of(
    error: ValidationError,
    path: str,
    lines: Lines,
    section: str = "",
    offset: int = 0,
) -> list[Problem]:
    """Turn a pydantic error into located problems: one line each, echoing the bad value,
    with how to fix it.

    `section` names the table the model validated; `offset` shifts lines when `lines`
    indexes one block of a larger file.
    """
    found = []
    for item in error.errors():
        loc = [p for p in item["loc"] if p != "root"]
        line = lines.locate(loc, section) + offset
        keys = partial(_fields, loc=loc)
        found.append(Problem(path, line, *explain(item, loc, error.title, keys)))
    return found


def _fields(title: str, loc: list[Any]) -> list[str]:
    """The keys of the table an error location is in: the model's, or a nested table's."""
    model: Any = next((m for m in MODELS if m.__name__ == title), None)
    for part in loc[:-1]:
        if model is None or isinstance(part, int):
            continue
        field = next((f for n, f in model.model_fields.items() if (f.alias or n) == part), None)
        model = _table_model(field.annotation) if field else None
    if model is None:
        return []
    return sorted(f.alias or name for name, f in model.model_fields.items())


def _table_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a table a field holds, itself or in a list or an optional."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next(filter(None, map(_table_model, get_args(annotation))), None)


MODELS: tuple[type[BaseModel], ...] = (
    ActionModel,
    ChallengeModel,
    BadgeModel,
    LevelsModel,
    SettingsModel,
    EntryModel,
    PauseModel,
    OpenerModel,
    PersonModel,
    GoalModel,
    TeamModel,
    MemberModel,
    TeamsFile,
    MembershipModel,
)
