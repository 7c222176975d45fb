"""TOML with places: tomllib gives no line numbers, so we find headers and keys ourselves."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([^\[\]]+?)\s*\]\]\s*(#.*)?$")
_LOOSE_HEADER = re.compile(r"""^\s*\[\s*\[?\s*["']?\s*([A-Za-z0-9_-]+)""")
# `[Lunch Time]`: a whole header whose bare name holds a space (tomllib asks for a `]`)
_SPACED_HEADER = re.compile(r"^\s*(\[\[?)\s*([\w-]+(?:[ \t]+[\w-]+)+)\s*(\]\]?)\s*(?:#.*)?$")
_LONG_QUOTE = re.compile(r'"""|\'\'\'')
_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")
_ERROR_LINE = re.compile(r"\(at line (\d+), column \d+\)")
# A value that starts like a date but is not a whole TOML date or date-time (a time without
# seconds, a day first): not one followed by a stray word, which is another mistake.
_DATED = re.compile(
    r"=\s*(?!\d{4}-\d\d-\d\d(?:[Tt ]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:\d\d)?)?"
    r"(?:\s+[^\d\s]|\s*(?:#|$)))\d{1,4}[-/.]\d"
)
_DATE_FIX = (
    "write a date as 2026-11-20 and a time as 2026-11-20T13:05:00, seconds included "
    "(an offset such as +01:00 is optional)"
)


def error_line(error: tomllib.TOMLDecodeError) -> int:
    """Return the 1-based line a TOML error points at (1 if it does not say)."""
    match = _ERROR_LINE.search(str(error))
    return int(match[1]) if match else 1


def error_text(error: tomllib.TOMLDecodeError) -> str:
    return _ERROR_LINE.sub("", str(error)).replace("(at end of document)", "").strip()


# How to fix what tomllib reports, by the start of its message.
_FIXES = (
    (
        "Invalid value",
        'quote text ("..."); dates as 2026-11-20, times as 2026-11-20T13:05:00+00:00',
    ),
    ("Expected newline", "one key = value a line; quote text with spaces in it"),
    ("Unterminated string", 'close the quote on the same line ("...")'),
    ('Expected "\'"', "close the quote on the same line ('...')"),
    ("Unclosed array", "close the list with ] and put commas between its items"),
    ("Unclosed inline table", "close the table with }"),
    ("Expected '='", "write key = value"),
    ("Expected ']]'", "close the header with ]], e.g. [[entry]]"),
    ("Expected ']'", "close the header with ], e.g. [icebreaker]"),
    ("Unescaped", "write a backslash as \\\\, or use single quotes"),
    ("Invalid date", "give a day that exists, e.g. 2026-11-20 or 2026-11-20T13:05:00"),
    ("Illegal character", "remove the control character or write it as an escape (\\t, \\n)"),
)


def describe(error: tomllib.TOMLDecodeError, text: str) -> tuple[int, str, str]:
    """A TOML syntax error as (line, what is wrong quoting that line, how to fix it)."""
    lines = split_lines(text)
    line = error_line(error) if "(at end of document)" not in str(error) else max(len(lines), 1)
    message = error_text(error)
    if message.startswith("Cannot overwrite a value") and (twice := _set_twice(text)):
        line, key = twice
        return line, f"'{key}' is set twice", "keep one of the two lines"
    if message.startswith("Cannot declare"):
        return line, f"{message} ({_quote(lines, line)})", "merge the two tables into one"
    if message.startswith("Expected ']") and (spaced := _SPACED_HEADER.match(_line(lines, line))):
        opening, name, closing = spaced.groups()
        slug = "-".join(name.split()).lower()
        hint = f"write it as an id, e.g. {opening}{slug}{closing}, or quote it: "
        hint += f'{opening}"{name}"{closing}'
        return line, f"a table name with spaces in {_quote(lines, line)}", hint
    hint = next((fix for start, fix in _FIXES if message.startswith(start)), "")
    if message.startswith(("Expected newline", "Invalid value")) and _DATED.search(
        _line(lines, line)
    ):
        hint = _DATE_FIX  # `at = 2026-11-20 13:05`: TOML times need their seconds
    if message == "Illegal character '\\n'":  # a string that runs past the end of its line
        hint = 'close the quote on the same line ("...")'

    return line, f"{message} in {_quote(lines, line)}", hint or "fix the TOML on this line"


def _line(lines: list[str], line: int) -> str:
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _quote(lines: list[str], line: int, width: int = 50) -> str:
    text = _line(lines, line).strip()
    text = text if len(text) <= width else text[: width - 1] + "…"
    return f"`{text}`" if text else "an empty line"


def _set_twice(text: str) -> tuple[int, str] | None:
    """The line and name of the first key set a second time in its table."""
    seen: set[tuple[str, str]] = set()
    section = ""
    for number, line in enumerate(text.split("\n"), start=1):
        header = _HEADER.match(line) or _ARRAY_HEADER.match(line)
        if header:
            section = header[1].strip().strip("\"'")
            seen = {s for s in seen if not _ARRAY_HEADER.match(line) or s[0] != section}
            continue
        key = _KEY.match(line)
        if key:
            name = key[1] or key[2] or key[3]
            if (section, name) in seen:
                return number, name
            seen.add((section, name))
    return None


def split_lines(text: str) -> list[str]:
    """A file's lines, each with its end, split at "\\n" only: as TOML and tomllib's error
    lines count them (`str.splitlines` also splits at U+2028, U+0085 and more, which a note
    may hold)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


class Lines:
    """Where each table header and key of a TOML document sits."""

    def __init__(self, text: str) -> None:
        self.headers: dict[str, int] = {}
        self.keys: dict[tuple[str, str], int] = {}
        self.tables: dict[str, list[int]] = {}  # each [[name]]'s header line, in order
        self.block_keys: dict[tuple[int, str], int] = {}  # (header line, key): its line
        section, block = "", 0
        for number, line in enumerate(text.split("\n"), start=1):
            header = _HEADER.match(line) or _ARRAY_HEADER.match(line)
            if header:
                section, block = header[1].strip().strip("\"'"), number
                self.headers.setdefault(section, number)
                self.tables.setdefault(section, []).append(number)
                continue
            key = _KEY.match(line)
            if key:
                name = key[1] or key[2] or key[3]
                self.keys.setdefault((section, name), number)
                self.block_keys.setdefault((block, name), number)

    def locate(self, loc: Sequence[str | int], section: str = "") -> int:
        """Return the line of a pydantic error location inside table `section` ("" = top)."""
        if loc and (section, str(loc[0])) in self.keys:
            return self.keys[(section, str(loc[0]))]
        inner = f"{section}.{loc[0]}" if section and loc else str(loc[0]) if loc else ""
        starts = self.tables.get(inner, [])
        if starts:  # a key of a sub-table ([goal]) or of the nth [[team]]
            nth, rest = (
                (loc[1], loc[2:]) if len(loc) > 1 and isinstance(loc[1], int) else (0, loc[1:])
            )
            if isinstance(nth, int) and nth < len(starts):
                return (
                    self.block_keys.get((starts[nth], str(rest[0])), starts[nth])
                    if rest
                    else starts[nth]
                )
        return self.headers.get(section, 1)


@dataclass(frozen=True, slots=True)
class Chunk:
    """One `[[entry]]` block: the line of its header and its parsed table (or an error)."""

    line: int
    table: dict[str, Any] | None
    error: str = ""
    error_line: int = 0
    hint: str = ""


def split_array(text: str, name: str) -> tuple[list[Chunk], list[Chunk]]:
    """Parse `[[name]]` blocks one by one so a broken block never hides the others.

    Returns (chunks, preamble problems). Parsing the whole file first is the fast path;
    block-by-block parsing only runs when the whole file does not parse.
    """
    lines = split_lines(text)
    starts = block_starts(lines, name)
    try:
        whole = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        whole = None
    if whole is not None and set(whole) <= {name}:
        tables = whole.get(name, [])
        if isinstance(tables, list) and len(tables) == len(starts):
            return [Chunk(s + 1, t) for s, t in zip(starts, tables, strict=True)], []

    preamble = []
    head = "".join(lines[: starts[0] if starts else len(lines)])
    try:
        if tomllib.loads(head):
            line = min(Lines(head).keys.values(), default=1)
            preamble.append(Chunk(line, None, f"only [[{name}]] tables belong in this file", line))
    except tomllib.TOMLDecodeError as error:
        line, message, hint = describe(error, head)
        preamble.append(Chunk(1, None, message, line, hint))
    chunks = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        block = "".join(lines[start:end])
        try:
            parsed = tomllib.loads(block)
        except tomllib.TOMLDecodeError as error:
            line, message, hint = describe(error, block)
            chunks.append(Chunk(start + 1, None, message, start + line, hint))
            continue
        tables = parsed.get(name)
        if set(parsed) != {name} or not isinstance(tables, list) or len(tables) != 1:
            fix = f"start it with a [[{name}]] line, nothing else"
            chunks.append(Chunk(start + 1, None, f"not a single [[{name}]] table", start + 1, fix))
        else:
            chunks.append(Chunk(start + 1, tables[0]))
    return chunks, preamble


def starts_block(line: str, name: str) -> bool:
    """True for a `[[name]]` header, for a line that only looks like one (`[[name`, `[name]`,
    `[["name"]`, `[[Name]]`) and for any other table's header: a broken or stray header
    starts a damaged block of its own, so the block before it keeps its entry and the
    message names the broken line."""
    if _HEADER.match(line) or _ARRAY_HEADER.match(line):
        return True
    match = _LOOSE_HEADER.match(line)
    return match is not None and match[1].casefold() == name


def block_starts(lines: list[str], name: str) -> list[int]:
    """The indexes of the lines that start a block, never inside a multi-line string."""
    starts, quote = [], ""
    for n, line in enumerate(lines):
        if not quote and starts_block(line, name):
            starts.append(n)
        for mark in _LONG_QUOTE.findall(line):
            quote = mark if not quote else ("" if mark == quote else quote)
    return starts


def block_span(text: str, name: str, line: int) -> tuple[int, int]:
    """Return the [start, end) line indexes of the `[[name]]` block whose header is on `line`."""
    lines = split_lines(text)
    start = line - 1
    end = next((n for n in block_starts(lines, name) if n > start), len(lines))
    return start, end
