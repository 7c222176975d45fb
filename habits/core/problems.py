"""Problems are values with a place: a file, a line, what is wrong and how to fix it."""

from collections.abc import Iterable
from typing import NamedTuple

# Control characters and line separators, escaped: a problem is always one line, whatever a
# file's bad value or a typed name holds.
_ONE_LINE = {
    n: {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}.get(n, f"\\u{n:04x}")
    for n in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]
}


def one_line(text: str) -> str:
    return text.translate(_ONE_LINE)


class Problem(NamedTuple):
    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        return one_line(f"{place}: {self.message}" + (f"; {self.hint}" if self.hint else ""))


class HabitsError(Exception):
    """An error a user can fix: its message says what is wrong and how to fix it.

    `exit_code` is the status the command ends with (as click's `ClickException`): a
    subclass for another kind of failure sets its own.
    """

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        # Damaged files met before it went wrong: told first, as they may be the cause.
        self.problems: list[Problem] = []

    def __str__(self) -> str:
        return one_line(self.message + (f"; {self.hint}" if self.hint else ""))


def suggest(word: str, candidates: Iterable[str]) -> str:
    """Return ' (did you mean X?)'-style advice for a near miss, or ''."""
    from difflib import get_close_matches  # only on the error path

    options = sorted(set(candidates))
    lowered = {c.casefold(): c for c in options}
    close = get_close_matches(word.casefold(), list(lowered), n=1, cutoff=0.6)
    return f"did you mean {lowered[close[0]]}?" if close else ""
