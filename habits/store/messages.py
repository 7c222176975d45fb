"""What a validation problem says: the bad value as written, and how to fix it, on one line.

Pydantic's own words ("Input should be a valid list") name neither the value nor a fix; every
error a file can raise is put in ours here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from math import isinf, isnan
from typing import Any

from habits.core.problems import suggest
from habits.core.when import MAX_DAYS
from habits.store.tomlvalue import toml_value

# What each type error wants, and an example of a key of that kind.
_KINDS = {
    "string_type": ("text", '"..."'),
    "int_type": ("a whole number", "3"),
    "int_from_float": ("a whole number", "3"),
    "int_parsing": ("a whole number", "3"),
    "bool_type": ("true or false", "true"),
    "list_type": ("a list", '["...", "..."]'),
    "date_type": ("a date", "2026-11-20"),
    "datetime_type": ("a date and time", "2026-11-20T13:05:00+00:00"),
    "dict_type": ("a table", "{ ... }"),
    "model_type": ("a table", "{ ... }"),
}
# Examples by key, for the hint of a missing or mistyped key.
_EXAMPLES = {
    "id": '"lunch-with-sam"',
    "at": "2026-11-20T13:05:00+00:00",
    "logged": "2026-11-20T13:05:00+00:00",
    "action": '"icebreaker"',
    "with": '["Sam Lee", "Ana Ruiz"]',
    "tags": '["mentoring"]',
    "aliases": '["ice"]',
    "actions": '["icebreaker"]',
    "where": '"call"',
    "after": '["icebreaker"]',
    "title": '"Break the ice"',
    "text": '"What are you working on?"',
    "name": '"Sam Lee"',
    "cadence": '"30d"',
    "from": "2026-12-22",
    "to": "2027-01-02",
    "start": "2026-11-01",
    "end": "2026-12-31",
    "thresholds": "[0, 50, 120]",
    "timezone": '"Europe/London"',
    "workdays": '["monday", "tuesday", "wednesday", "thursday", "friday"]',
    "folder": '"../team"',
    "handle": '"nina"',
}
_NUMBERS = frozenset({"thresholds"})  # lists of numbers, not of text
# Text that must match a pattern: what it is and how to write it.
_PATTERNS = {
    "cadence": ("a cadence", "write days, weeks or months, e.g. 30d, 2w or 3m"),
    "handle": ("a handle", "use 1-40 lowercase letters, digits, - and _, e.g. nina"),
}
# Files published on the team board: their problems never quote what the file holds.
_QUIET = frozenset({"MemberModel"})


def explain(
    item: Any, loc: list[Any], title: str, fields: Callable[[str], list[str]] = lambda _: []
) -> tuple[str, str]:
    """One pydantic error as (what is wrong, quoting the bad value; how to fix it).

    `title` names the model; `fields` gives a model's keys, for a near miss of an unknown key.
    """
    key = next((str(p) for p in reversed(loc) if not isinstance(p, int)), "")
    where = ".".join(str(p) for p in loc)
    kind = item["type"]
    value = item.get("input")
    said = f"{where} = {echo(value)}" if title not in _QUIET else where
    example = f"{key} = {_EXAMPLES.get(key, '...')}"
    ctx = item.get("ctx") or {}
    if kind == "extra_forbidden":
        known = fields(title)
        return f"unknown key '{where}'", suggest(key, known) or f"known keys: {', '.join(known)}"
    if kind == "missing":
        return f"missing key '{where}'", f"add {example}"
    if kind in _KINDS:
        wanted, sample = _KINDS[kind]
        in_list = bool(loc) and isinstance(loc[-1], int)
        return f"{said} is not {wanted}", _type_hint(key, kind, value, sample, in_list)
    if kind == "timezone_aware":
        return f"{said} has no UTC offset", f"add one, e.g. {key} = 2026-11-20T13:05:00+00:00"
    if kind == "literal_error":
        options = [
            o.strip(" '") for o in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")
        ]
        close = suggest(str(value), options) if isinstance(value, str) else ""
        sample = (
            f'"{options[0]}"' if not loc or not isinstance(loc[-1], int) else f'["{options[0]}"]'
        )
        return f"{said} is not one of {', '.join(options)}", close or f"e.g. {key} = {sample}"
    if kind == "string_pattern_mismatch":
        what, how = _PATTERNS.get(key, ("a valid id", "use lowercase letters, digits, - and _"))
        return f"{said} is not {what}", how
    if kind in ("string_too_short", "too_short"):
        return f"{said} is empty", f"give at least one, e.g. {example}"
    if kind in ("greater_than_equal", "greater_than"):
        least = ctx.get("ge", ctx.get("gt"))
        return (
            f"{said} is too small",
            f"use {least} or more" if "ge" in ctx else f"use more than {least}",
        )
    if kind in ("less_than_equal", "less_than"):
        most = ctx.get("le", ctx.get("lt"))
        why = " (ten years)" if most == MAX_DAYS else ""
        return f"{said} is too large", f"use at most {most}{why}"
    # Our validators say "is ...; how to fix it" of a key, or a whole sentence of a table.
    message, _, hint = str(item["msg"]).removeprefix("Value error, ").partition("; ")
    return (f"{said} {message}" if loc else message), hint


def _type_hint(key: str, kind: str, value: Any, sample: str, in_list: bool = False) -> str:
    example = _EXAMPLES.get(key, sample)
    if kind in ("date_type", "datetime_type") and isinstance(value, str):
        plain = value.strip()
        if _reads_as(plain, kind):
            return f"write it without quotes: {key} = {plain}"
        return f"write it without quotes, e.g. {key} = {example}"
    if kind == "datetime_type" and isinstance(value, date):
        return f"add a time of day, e.g. {key} = {value.isoformat()}T12:00:00"
    if kind in ("int_type", "bool_type") and isinstance(value, str):
        return f"write it without quotes, e.g. {key} = {sample}"
    if kind == "list_type" and isinstance(value, str) and key not in _NUMBERS:
        return f"put it in brackets: {key} = [{echo(value)}]"
    if kind == "string_type" and in_list and not isinstance(value, dict | list):
        return f'put each item in quotes: "{echo(value, quoted=False)}"'
    if kind == "string_type" and not isinstance(value, dict | list):
        return f'put it in quotes: {key} = "{echo(value, quoted=False)}"'
    return f"e.g. {key} = {example}"


def _reads_as(text: str, kind: str) -> bool:
    try:
        if kind == "date_type":
            date.fromisoformat(text)
        else:
            datetime.fromisoformat(text)
    except ValueError:
        return False
    return len(text) > 10 or kind == "date_type"


def echo(value: Any, quoted: bool = True, width: int = 40) -> str:
    """A bad value as it would be written in TOML, on one line and cut short if long."""
    try:
        text = toml_value(value)
    except TypeError:
        text = "a table" if isinstance(value, dict) else _number_or_time(value)
    if not quoted and isinstance(value, str):
        text = text[1:-1]
    return text if len(text) <= width else text[: width - 1] + "…"


def _number_or_time(value: Any) -> str:
    """A float or a time of day as TOML writes it (nan, inf, 2.5, 10:00:00)."""
    if isinstance(value, float) and isinf(value):
        return "-inf" if value < 0 else "inf"
    if isinstance(value, float):
        return "nan" if isnan(value) else repr(value)
    if isinstance(value, time):
        return value.isoformat()
    return type(value).__name__
