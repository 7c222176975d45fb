"""One value written as TOML: the files habits writes hold text, lists, days and times."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

# A TOML basic string escapes the quote, the backslash and the control characters.
_ESCAPES = {n: f"\\u{n:04x}" for n in [*range(0x20), 0x7F]} | {
    ord('"'): '\\"',
    ord("\\"): "\\\\",
    ord("\b"): "\\b",
    ord("\t"): "\\t",
    ord("\n"): "\\n",
    ord("\f"): "\\f",
    ord("\r"): "\\r",
}


def toml_value(value: Any) -> str:
    """A TOML literal for text, lists of values, dates, datetimes, whole numbers and booleans."""
    if isinstance(value, str):
        return '"' + value.translate(_ESCAPES) + '"'  # `json` would do, but costs 1 ms to load
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, datetime):
        return _whole_minutes(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | int):
        return str(value).lower() if isinstance(value, bool) else str(value)
    raise TypeError(f"no TOML form for {type(value).__name__}")


def _whole_minutes(at: datetime) -> datetime:
    """The same instant with an offset TOML can write: zones' local mean times had offsets
    with seconds (Europe/London before 1847: -00:01:15), which TOML cannot hold. The offset
    is rounded to whole minutes and the clock moved with it, so the instant stays exact."""
    offset = at.utcoffset()
    if offset is None or (not offset.seconds % 60 and not offset.microseconds):
        return at
    minutes = round(offset.total_seconds() / 60)
    return at.astimezone(timezone(timedelta(minutes=minutes)))
