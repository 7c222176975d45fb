"""Shell completion of option values (`habits log --with <TAB>`), through click's own.

The callbacks run in the completion process on every key press: they read the kept state
(`Habits.completions`), and any failure offers nothing, never a traceback into a shell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from habits.cli.main import Run, habits_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from click.shell_completion import CompletionItem


def run_of(ctx: click.Context) -> Run:
    """The command's Run; while completing, the group has not run: made from --home as typed
    (else HABITS_HOME or the platform's folder, as for any command)."""
    run = ctx.find_object(Run)
    if run is not None:
        return run
    home = ctx.find_root().params.get("home")
    return Run(home if isinstance(home, str) else None, False)


def completer(what: str) -> Callable[[click.Context, click.Parameter, str], list[CompletionItem]]:
    """A click `shell_complete` callback offering what `Habits.completions` has for `what`."""

    def offer(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        try:
            found = habits_of(run_of(ctx)).completions(what, incomplete)
        except Exception:  # completion must never print a traceback into a shell
            return []
        return [CompletionItem(value, help=text or None) for value, text in found]

    return offer


complete_action = completer("action")  # action ids and aliases of the workspace's pack
complete_person = completer("with")  # the people known: in the log and in people.toml
complete_venue = completer("where")  # the venues used in the log
complete_opener = completer("opener")  # the ids of the pack's openers
complete_kind = completer("kind")  # the kinds of win
