"""The command line: thin click commands over the store and the core."""

from habits.cli.main import cli


def main() -> None:
    cli.main()


__all__ = ["cli", "main"]
