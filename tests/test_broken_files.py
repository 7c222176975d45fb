"""A corpus of broken files: each gives a located message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Home

CORPUS = sorted((Path(__file__).parent / "broken").glob("*.toml"))


def header(text: str, key: str) -> str:
    for line in text.splitlines():
        if line.startswith(f"# {key}: "):
            return line.split(": ", 1)[1]
    return ""


@pytest.mark.parametrize("case", CORPUS, ids=[p.stem for p in CORPUS])
def test_broken_file_is_named_by_path_and_line(home: Home, case: Path) -> None:
    text = case.read_text(encoding="utf-8")
    target, expect = header(text, "target"), header(text, "expect")
    (home.root / target).write_text(text, encoding="utf-8")

    check = home.run("check", ok=False)
    assert expect in check.stdout, check.stdout
    assert "Traceback" not in check.output

    status = home.run("status", ok=None)
    assert "Traceback" not in status.output
    if target == "habits.toml":
        assert status.exit_code == 1 and expect in status.stderr
    else:
        assert status.exit_code == 0
        assert f"warning: {expect}" in status.stderr
    if survivors := header(text, "survivors"):
        assert len(home.json("list")) == int(survivors)


def test_every_command_names_a_damaged_entry_and_counts_the_rest(home: Home) -> None:
    home.run("log", "ice", "--at", "2026-11-02")
    path = home.root / "log" / "2026-11.toml"
    with path.open("a", encoding="utf-8") as f:
        f.write('\n[[entry]]\nid = "torn"\nat = 2026-11-03T10:00:00+00:00\nnote = "cut sh')
    for args in (["status"], ["list"], ["points"], ["log", "lunch"]):
        result = home.run(*args)
        assert "warning: log/2026-11.toml:" in result.stderr, args
    assert len(home.json("list")) == 2  # the first and the one logged after the damage
