"""Shell completion of option values (`habits log --with <TAB>`), through click's own.

The callbacks run in the completion process on every key press: they read the kept state
(`Habits.completions`), and any failure offers nothing, never a traceback into a shell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from habits.cli.main import Run, habits_of

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem


def run_of(ctx: click.Context) -> Run:
    """The command's Run; while completing, the group has not run: made from --home as typed
    (else HABITS_HOME or the platform's folder, as for any command)."""
    run = ctx.find_object(Run)
    if run is not None:
        return run
    home = ctx.find_root().params.get("home")
    return Run(home if isinstance(home, str) else None, False)


def _offer(what: str, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
    from click.shell_completion import CompletionItem

    try:
        found = habits_of(run_of(ctx)).completions(what, incomplete)
    except Exception:  # completion must never print a traceback into a shell
        return []
    return [CompletionItem(value, help=text or None) for value, text in found]


def complete_person(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Offer the people known: in the log and in people.toml (known contacts too)."""
    return _offer("with", ctx, incomplete)


def complete_venue(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Offer the venues used in the log."""
    return _offer("where", ctx, incomplete)


def complete_opener(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Offer the ids of the pack's openers."""
    return _offer("opener", ctx, incomplete)


def complete_kind(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Offer the kinds of win."""
    return _offer("kind", ctx, incomplete)
