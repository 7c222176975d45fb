"""Shell completion of option values, through click's own machinery (as bash, zsh and fish
call it): people, venues, openers and kinds of win."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete

from habits.cli import cli
from tests.conftest import Home

DATA = Path(__file__).parent / "data"


def offered(home: Home | Path, *words: str, incomplete: str = "") -> list[str]:
    """What completing the last word of `habits --home HOME WORDS...` offers."""
    root = home.root if isinstance(home, Home) else home
    complete = ShellComplete(cli, {}, "habits", "_HABITS_COMPLETE")
    args = ["--home", str(root), *words]
    return [item.value for item in complete.get_completions(args, incomplete)]


@pytest.fixture
def logged(home: Home) -> Home:
    home.run("people", "import", str(DATA / "Connections.csv"))
    home.run("log", "ice", "--with", "Sam Lee", "--where", "call")
    home.run("log", "lunch", "--with", "Samira Haddad", "--where", "Canteen")
    home.run("log", "ice", "--with", "Ana Ruiz", "--where", "coffee")
    return home


def test_with_offers_the_people_of_the_log_and_the_known_contacts(logged: Home) -> None:
    assert offered(logged, "log", "ice", "--with", incomplete="sa") == ["Sam Lee", "Samira Haddad"]
    assert offered(logged, "log", "ice", "--with", incomplete="Gr") == ["Grace Hopper"]  # known
    everyone = offered(logged, "log", "ice", "--with")
    assert {"Ada Lovelace", "Ana Ruiz", "Kwame Mensah", "Zoë Ŝmith"} <= set(everyone)
    assert offered(logged, "edit", "abc", "--with", incomplete="Zo") == ["Zoë Ŝmith"]


def test_where_offers_the_venues_used(logged: Home) -> None:
    assert offered(logged, "log", "ice", "--where", incomplete="c") == ["call", "canteen", "coffee"]
    assert offered(logged, "log", "ice", "--where", incomplete="CA") == ["call", "canteen"]
    assert offered(logged, "opener", "--for", incomplete="co") == ["coffee"]


def test_opener_offers_the_packs_openers_and_kind_the_kinds_of_win(home: Home) -> None:
    assert offered(home, "log", "ice", "--opener", incomplete="we") == ["week", "weekend"]
    assert offered(home, "log", "win", "--kind", incomplete="") == [
        "referral", "project", "client", "mentor", "job", "speaking", "other"
    ]  # fmt: skip
    assert offered(home, "edit", "abc", "--kind", incomplete="m") == ["mentor"]


def test_completion_reads_the_workspace_home_names(logged: Home, tmp_path: Path) -> None:
    assert offered(tmp_path / "elsewhere", "log", "ice", "--with", incomplete="sa") == []


def test_completion_through_the_shell_protocol_offers_names_and_never_a_traceback(
    logged: Home, tmp_path: Path
) -> None:
    def complete(home: Path, line: str) -> subprocess.CompletedProcess[str]:
        words = line.split(" ")
        env = {
            **os.environ,
            "_HABITS_COMPLETE": "bash_complete",
            "COMP_WORDS": " ".join(["habits", "--home", str(home), *words]),
            "COMP_CWORD": str(len(words) + 2),
        }
        run = [sys.executable, "-m", "habits"]
        return subprocess.run(run, env=env, capture_output=True, text=True, check=False)

    found = complete(logged.root, "log ice --with Ada")
    assert (found.returncode, found.stdout, found.stderr) == (0, "plain,Ada Lovelace\n", "")
    (logged.root / "habits.toml").write_text("timezone = 3\n", encoding="utf-8")  # broken
    for home in (logged.root, tmp_path / "none"):
        found = complete(home, "log ice --with Ada")
        assert (found.returncode, found.stdout.strip(), found.stderr) == (0, "", "")


def test_the_action_offers_the_packs_ids_and_aliases(home: Home) -> None:
    assert offered(home, "log", incomplete="i") == ["ice", "icebreaker", "intro", "introduction"]
    assert offered(home, "log", incomplete="lu") == ["lunch"]
