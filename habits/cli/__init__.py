"""The command line: thin click commands over the application layer (`habits.app.Habits`)."""

import gc

from habits.cli.main import cli


def main() -> None:
    """The `habits` program (and `python -m habits`)."""
    try:
        cli.main()
    finally:
        # The process ends here: spare the interpreter's last collection, which would walk
        # every object still alive (click's, the cache's) only to free memory the OS takes
        # back anyway. Several milliseconds on every command; nothing else changes.
        gc.freeze()


__all__ = ["cli", "main"]
