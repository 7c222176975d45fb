"""Cues: `habits ask` puts the day's meetings to you, one question each."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from habits.cli.main import Run, habits_of, warn
from habits.cli.terminal import asked_lines, question_text
from habits.core.problems import HabitsError

if TYPE_CHECKING:
    from habits.app.ask import Question


@click.command("ask")
@click.option("--day", metavar="DATE", help="The day to ask about (default today).")
@click.option("--calendar", metavar="PATH", help="An .ics file or a folder of them.")
@click.pass_obj
def ask_cmd(run: Run, day: str | None, calendar: str | None) -> None:
    """Ask which micro-connection each of the day's meetings held, then log the answers.

    Reads habits.toml's `calendar = "PATH"` (an export from Outlook, Google or Apple
    Calendar; `me = ["you@example.com"]` tells you apart) and asks about every meeting
    with somebody else that has begun: type an action (id, alias or a prefix), or
    press Enter to skip. Then the challenges at risk today. One answer a line, so
    `printf 'ice\\n\\n' | habits ask` works; the end of the input skips the rest.

    \b
    Example:
      habits ask
      habits ask --day yesterday --calendar ~/Downloads/calendar.ics
    """
    typing = sys.stdin.isatty()

    def answer(question: Question, error: HabitsError | None) -> str | None:
        if error is not None:
            if not typing:  # piped answers cannot be asked again: nothing is logged
                raise HabitsError(f"answer {question.number}: {error.message}", error.hint)
            click.secho(f"  {error.message}; {error.hint}", fg="yellow", err=True)
        click.echo(question_text(question, run.width))
        line = sys.stdin.readline()
        if not typing and line:
            click.echo(f"> {line.strip()}")
        return line.rstrip("\r\n") if line else None

    done = habits_of(run).ask(answer, day, calendar)
    warn(done.problems, rest="fix them in the calendar, or export it again")
    for line in asked_lines(done, run.width):
        click.echo(line)
