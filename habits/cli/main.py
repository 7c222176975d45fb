"""The `habits` command group: global options, and one clear line for every error."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, NoReturn

import click

from habits import __version__
from habits.core.problems import HabitsError, Problem

if TYPE_CHECKING:
    from habits.app import Habits, Workspace

if TYPE_CHECKING:
    from habits.app import Habits

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Run:
    """What every command gets: the workspace choice, the clock and the terminal's width."""

    def __init__(self, home: str | None, debug: bool, width: int | None = None) -> None:
        self.home = home
        self.debug = debug
        self._width = width

    @property
    def width(self) -> int:
        """The columns a line may take: COLUMNS when set, else the terminal's (80 when the
        output is not a terminal); read once, on first use (`habits log` never asks)."""
        if self._width is None:
            self._width = terminal_width()
        return self._width

    def workspace(self) -> Workspace:
        from habits.app import workspace_at

        return workspace_at(self.home)

    def now(self) -> datetime:
        """The current instant; HABITS_NOW (ISO, with offset) pins it for demos and tests."""
        from habits.app import now

        return now()


def terminal_width() -> int:
    """COLUMNS when it is a number, else the terminal's width, else 80; never below 20.

    As `shutil.get_terminal_size` finds it, without importing shutil (and with it bz2, lzma
    and zlib: 1.5 ms on every `habits status`).
    """
    from habits.cli.fit import NARROWEST

    columns = 0
    with contextlib.suppress(ValueError):
        columns = int(os.environ.get("COLUMNS", "0"))
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # no terminal (a pipe, a test)
            columns = 0
    return max(NARROWEST, columns or 80)


def habits_of(run: Run) -> Habits:
    """The workspace's use cases."""
    from habits.app import Habits

    return Habits(run.workspace(), run.now)


def fail(message: str, hint: str = "") -> NoReturn:
    raise HabitsError(message, hint)


def warn(
    problems: Sequence[Problem], limit: int = 5, rest: str = "`habits check` lists them all"
) -> None:
    """Name damaged files and entries on stderr; the command still does its work."""
    for problem in problems[:limit]:
        click.secho(f"warning: {problem}", fg="yellow", err=True)
    if len(problems) > limit:
        click.secho(
            f"warning: {len(problems) - limit} more problems; {rest}",
            fg="yellow",
            err=True,
        )


def emit_json(data: Any) -> None:
    """Print a value as the JSON a command's --json gives (shapes in habits.cli.as_json)."""
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False))


COMMANDS = {  # name: module:function, imported when the command runs
    "actions": "habits.cli.progress:actions_cmd",
    "ask": "habits.cli.cues:ask_cmd",
    "check": "habits.cli.progress:check_cmd",
    "demo": "habits.cli.setup:demo_cmd",
    "due": "habits.cli.network:due_group",
    "edit": "habits.cli.entries:edit_cmd",
    "export": "habits.cli.entries:export_cmd",
    "import": "habits.cli.entries:import_cmd",
    "inbox": "habits.cli.entries:inbox_cmd",
    "init": "habits.cli.setup:init_cmd",
    "list": "habits.cli.entries:list_cmd",
    "log": "habits.cli.entries:log_cmd",
    "opener": "habits.cli.network:opener_cmd",
    "pause": "habits.cli.progress:pause_cmd",
    "people": "habits.cli.people:people_group",
    "points": "habits.cli.progress:points_cmd",
    "remind": "habits.cli.network:remind_cmd",
    "review": "habits.cli.progress:review_cmd",
    "rm": "habits.cli.entries:rm_cmd",
    "schema": "habits.cli.setup:schema_cmd",
    "site": "habits.cli.site:site_group",
    "status": "habits.cli.progress:status_cmd",
    "team": "habits.cli.team:team_group",
    "undo": "habits.cli.entries:undo_cmd",
    "where": "habits.cli.setup:where_cmd",
    "wins": "habits.cli.network:wins_cmd",
}


class HabitsGroup(click.Group):
    """A group whose errors are one line on stderr (a traceback only with --debug).

    Commands load on first use (click's lazy-group pattern): `habits log` does not import
    the modules of `habits status` or `habits init`.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            from importlib import import_module

            module, name = COMMANDS[cmd_name].split(":")
            command = getattr(import_module(module), name)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> NoReturn:
        argv = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in argv or bool(os.environ.get("HABITS_DEBUG"))
        code = 0
        try:
            result = super().main(argv, prog_name or "habits", complete_var, False, **extra)
            code = result if isinstance(result, int) else 0
        except click.exceptions.NoArgsIsHelpError as error:
            click.echo(error.format_message())  # plain `habits`: the help, not an error
            code = 0
        except click.UsageError as error:
            where = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
            _error(f"{error.format_message()}{where}")
            code = 2
        except click.ClickException as error:
            _error(error.format_message())
            code = error.exit_code
        except (click.Abort, KeyboardInterrupt):
            _error("interrupted; nothing more was written")
            code = 130
        except HabitsError as error:
            if debug:
                raise
            warn(error.problems)
            _error(str(error))
            code = error.exit_code
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (e.g. `habits list | head`)
            code = 0
        except OSError as error:
            if debug:
                raise
            _error(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))
            code = 1
        except Exception as error:
            if debug:
                raise
            _error(
                f"internal error ({type(error).__name__}: {error}); "
                "rerun with --debug for the traceback and report it"
            )
            code = 70
        sys.exit(code)


def _error(message: str) -> None:
    click.secho(f"error: {message}", fg="red", err=True)


def color_choice(mode: str) -> bool | None:
    """--color auto|always|never; auto means a terminal, and NO_COLOR turns it off."""
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    return None


@click.group(cls=HabitsGroup, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="habits")
@click.option(
    "--home",
    metavar="DIR",
    help="Workspace folder (else $HABITS_HOME, else your platform's data folder).",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the output (auto: only on a terminal; NO_COLOR turns it off).",
)
@click.option("--debug", is_flag=True, help="Show the traceback of an unexpected error.")
@click.pass_context
def cli(ctx: click.Context, home: str | None, color: str, debug: bool) -> None:
    """Log micro-connections, score them against challenges, and watch the habit grow.

    \b
    Start:     habits init
    Daily:     habits log icebreaker --with "Sam Lee" --where call
    See it:    habits status
    """
    ctx.color = color_choice(color)
    ctx.obj = Run(home, debug)
    from habits.app import report_debug

    # Also with debug off: silence what an earlier command in this process turned on.
    report_debug(_debug_line if debug or os.environ.get("HABITS_DEBUG") else None)


def _debug_line(line: str) -> None:
    click.echo(f"debug: {line}", err=True)
