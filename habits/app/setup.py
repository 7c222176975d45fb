"""Setting a workspace up: its first files, and a demo one with seeded history."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from habits.app.base import UseCases
from habits.app.results import Demo, Where
from habits.core.problems import HabitsError
from habits.store.workspace import Workspace

DEMO_MARK = ".habits-demo"  # in a demo workspace: `habits demo --force` may replace it


def create_workspace(
    ws: Workspace, pack: Path | None, name: str, timezone: str, week_start: str, day_start: int
) -> None:
    """Write settings, a copy of the pack, the log folder, the JSON Schemas and the site's
    mkdocs.yml; refuse a folder that holds a workspace already, or a setting that is wrong."""
    import tomli_w
    from pydantic import ValidationError

    from habits.store.messages import explain
    from habits.store.pack import default_pack_dir, load_pack
    from habits.store.schema import SettingsModel, write_schemas
    from habits.store.sitefiles import ensure_config
    from habits.store.tomlvalue import toml_value
    from habits.store.workspace import GITIGNORE, copy_pack, system_timezone, with_schema

    if ws.settings.exists() or ws.pack.exists() or (ws.log.exists() and any(ws.log.iterdir())):
        raise HabitsError(
            f"{ws.root} already holds a workspace", "pick another folder; nothing was changed"
        )
    source = pack or default_pack_dir()
    _, problems = load_pack(source, str)
    if problems:
        raise HabitsError(
            f"the pack at {source} has problems, e.g. {problems[0]}", "run `habits check` on a copy"
        )
    try:
        settings = SettingsModel(
            name=name,
            timezone=timezone or system_timezone(),
            week_start=week_start,
            day_start=day_start,
        )
    except ValidationError as error:  # checked before anything is written
        item = error.errors()[0]
        raise HabitsError(*explain(item, list(item["loc"]), error.title)) from None
    ws.root.mkdir(parents=True, exist_ok=True)
    copy_pack(source, ws.pack)
    ws.log.mkdir(exist_ok=True)
    write_schemas(ws.schema)
    fields = settings.model_dump(by_alias=True, exclude_none=True)
    if not fields["me"]:  # set by hand with the calendar (`habits ask`), as the guide shows
        del fields["me"]
    workdays = fields.pop("workdays")  # on one line, as the guide shows it
    body = tomli_w.dumps(fields) + f"workdays = {toml_value(workdays)}\n"
    ws.settings.write_text(with_schema(body, "schema/settings.json"), encoding="utf-8")
    ensure_config(ws, name)  # the site's mkdocs.yml and pages/, for `habits site build`
    gitignore = ws.root / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(GITIGNORE, encoding="utf-8")


def create_demo(ws: Workspace, now: datetime, weeks: int, seed: int, force: bool) -> int:
    """Create a demo workspace with `weeks` of seeded entries up to `now` and a rest in the
    middle; with `force`, replace an earlier demo there first. Return the entries written."""
    from zoneinfo import ZoneInfo

    from habits.core.periods import Calendar
    from habits.store.demo import history
    from habits.store.entries import append_entries
    from habits.store.files import locked
    from habits.store.loaded import load
    from habits.store.pauses import add_pause

    if force and (ws.root / DEMO_MARK).exists():
        import shutil

        shutil.rmtree(ws.root)
    create_workspace(ws, None, "Demo Ada", "Europe/London", "monday", 0)
    (ws.root / DEMO_MARK).write_text("made by `habits demo`; --force may replace it\n")
    with locked(ws.lock):
        state = load(ws)
        today = Calendar(state.settings).day_of(now)
        first = today - timedelta(weeks=weeks) + timedelta(days=1)
        entries = list(history(first, today, ZoneInfo("Europe/London"), now, seed=seed))
        append_entries(state, entries)
        if state.cache is not None:
            state.cache.save()
        rest = first + timedelta(weeks=weeks // 2)
        add_pause(state, rest, rest + timedelta(days=4), None, "long weekend away")
    return len(entries)


class SetupCases(UseCases):
    """Making a workspace (or a demo one), and where its parts live."""

    def init(
        self,
        pack: Path | None = None,
        name: str = "",
        timezone: str = "",
        week_start: str = "monday",
        day_start: int = 0,
    ) -> Workspace:
        """Create the workspace, from a pack folder (default: the one habits ships)."""
        create_workspace(self.home, pack, name, timezone, week_start, day_start)
        return self.home

    def where(self) -> Where:
        """Where the workspace and its parts live, whether or not it is there yet."""
        ws = self.home
        parts = [
            ("settings", ws.settings),
            ("pack", ws.pack),
            ("log", ws.log),
            ("pauses", ws.pauses),
            ("journal", ws.journal),
            ("schemas", ws.schema),
            ("cache", ws.cache),
            ("site", ws.root / "site"),
        ]
        return Where(ws.root, ws.source, ws.settings.exists(), parts)

    def schema(self, out: Path | None = None) -> list[Path]:
        """Write the JSON Schemas of habits' files (default: into the workspace's schema/)."""
        from habits.store.schema import write_schemas

        return write_schemas(out or self.home.schema)

    def demo(self, weeks: int = 12, seed: int = 7, force: bool = False) -> Demo:
        """Create a demo workspace here with `weeks` of seeded history; `force` replaces an
        earlier demo (never another folder)."""
        return Demo(self.home.root, create_demo(self.home, self.clock(), weeks, seed, force))
