"""A well-formed month file is read without pydantic, exactly as the schema's models read it."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from habits.core.model import WIN_KINDS
from habits.store.logfile import _validated, parse_log, plain_entry

TEXT = st.text(max_size=6)
NAMES = st.lists(TEXT, max_size=3)
GOOD_MOMENTS = st.one_of(
    st.datetimes(datetime(1900, 1, 2), datetime(2999, 12, 30)),  # floating: the workspace's zone
    st.datetimes(datetime(1900, 1, 2), datetime(2999, 12, 30), timezones=st.just(UTC)),
)
ODD = st.one_of(
    st.datetimes(datetime(1, 1, 1), datetime(1899, 12, 31)),
    st.datetimes(datetime(3000, 1, 2), datetime(9999, 1, 1)),
    st.dates(date(1899, 1, 1), date(3001, 1, 1)),
    st.times(),
    TEXT,
    NAMES,
    st.integers(-2, 2),
    st.booleans(),
    st.floats(allow_nan=False),
)
GOOD = {
    "id": st.text(min_size=1, max_size=6),
    "at": GOOD_MOMENTS,
    "action": st.text(min_size=1, max_size=6),
    "logged": GOOD_MOMENTS,
    "with": NAMES,
    "where": TEXT,
    "note": TEXT,
    "tags": NAMES,
    "opener": TEXT,
    "kind": st.sampled_from(WIN_KINDS),
}
REQUIRED = ("id", "at", "action")


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    """Entry tables as the schema takes them, half of them then put off in one field: a
    value of another type or out of range, a missing one, or one the schema does not have."""
    table = {
        key: draw(strategy)
        for key, strategy in GOOD.items()
        if key in REQUIRED or draw(st.booleans())
    }
    if draw(st.booleans()):
        key = draw(st.sampled_from([*GOOD, "other"]))
        if key in table and draw(st.booleans()):
            del table[key]
        else:
            table[key] = draw(ODD)
    return table


@given(tables())
def test_a_table_read_without_pydantic_is_read_as_the_schema_reads_it(
    table: dict[str, Any],
) -> None:
    """Whatever the plain reading takes, the schema's model takes, with the same fields; what
    it leaves to the schema may be right or wrong (the schema then says)."""
    from pydantic import ValidationError

    from habits.store.schema import EntryModel

    plain = plain_entry(table)
    if plain is None:
        return
    try:
        model = EntryModel.model_validate(table)
    except ValidationError as error:  # pragma: no cover - the failure this test is for
        raise AssertionError(f"plain reading took what the schema refuses: {error}") from None
    assert (plain.id, plain.action, plain.where, plain.note, plain.opener) == (
        model.id, model.action, model.where, model.note, model.opener,
    )  # fmt: skip
    assert (plain.at, plain.logged) == (model.at, model.logged or model.at)
    assert plain.at.tzinfo is model.at.tzinfo  # floating stays floating, offsets stay
    assert (plain.with_, plain.tags, plain.kind) == (
        tuple(model.with_), tuple(model.tags), model.kind or "",
    )  # fmt: skip


def test_what_the_log_writes_is_read_without_pydantic(tmp_path: Any) -> None:
    """A file of entries as habits writes them (and hand-written ones without an offset) reads
    as the schema reads it, in a process that never imports pydantic."""
    text = "".join(
        f'[[entry]]\nid = "e{n}"\nat = 2026-11-{n + 1:02d}T09:0{n}:00{zone}\naction = "ice"\n'
        f'with = ["Sam Lee"]\nwhere = "call"\ntags = ["a"]\n'
        + ('kind = "referral"\n' if n == 2 else "")
        + "\n"
        for n, zone in enumerate(["+01:00", "Z", ""])
    )
    assert parse_log(text, "log/x.toml") == _validated(text, "log/x.toml")
    script = (
        "import sys; from habits.store.logfile import parse_log; "
        f"entries, problems = parse_log({text!r}, 'log/x.toml'); "
        "assert len(entries) == 3 and not problems; "
        "assert 'pydantic' not in sys.modules, 'pydantic was imported'"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_one_damaged_entry_is_told_by_the_schema_and_the_others_still_count() -> None:
    text = (
        '[[entry]]\nid = "a"\nat = 2026-11-01T09:00:00Z\naction = "ice"\n\n'
        '[[entry]]\nid = "b"\nat = 2026-11-02\naction = "ice"\n\n'
        '[[entry]]\nid = "c"\nat = 2026-11-03T09:00:00Z\naction = "ice"\nwith = [" "]\n'
    )
    entries, problems = parse_log(text, "log/x.toml")
    assert [e.id for e in entries] == ["a", "c"]
    assert [p.line for p in problems] == [8, 15]  # `at` of b, `with` of c
    assert "at" in problems[0].message
