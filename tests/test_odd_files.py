"""Files that are not what they seem: FIFOs, devices, links to nothing, folders and huge files
where a TOML file should be. Each is reported by its path and every other file still counts.

Commands run in a child process with a time limit and a memory limit: before these checks, a
FIFO hung a command and a link to /dev/zero ate memory until it died."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from habits.store.reader import MAX_FILE
from tests.conftest import NOW, Home

MEMORY = 2 * 1024**3  # far above what habits needs, far below what /dev/zero would take


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def habits(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "habits", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "HABITS_NOW": NOW, "NO_COLOR": "1"},
        check=False,
        timeout=120,
        preexec_fn=_limit_memory,
    )


def huge(path: Path) -> Path:
    """A sparse file past the cap: it takes no disk, but reading it would take the memory."""
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE + 1)
    return path


@pytest.fixture
def odd_log(mini: Home) -> Home:
    """A good month, and every kind of odd thing named like a month file beside it."""
    mini.run("log", "ice", "--with", "Sam Lee", "--at", "09:00")
    log = mini.root / "log"
    (log / "2026-01.toml").symlink_to("/dev/zero")
    os.mkfifo(log / "2026-02.toml")
    huge(log / "2026-03.toml")
    (log / "2026-04.toml").symlink_to(log / "gone.toml")
    (log / "x.toml").mkdir()
    return mini


ODD = {
    "log/2026-01.toml": "a symlink to a character device (/dev/zero)",
    "log/2026-02.toml": "a named pipe (FIFO)",
    "log/2026-03.toml": f"too large to be ours ({MAX_FILE + 1:,} bytes, over the 64 MiB limit)",
    "log/2026-04.toml": "a symlink to a missing file",
    "log/x.toml": "a folder, not a file habits can read",
}


def test_odd_month_files_are_reported_by_path_and_the_rest_counts(odd_log: Home) -> None:
    checked = habits(odd_log.root, "check")
    assert checked.returncode == 1
    for path, what in ODD.items():
        assert any(
            line.startswith(f"{path}: ") and what in line for line in checked.stdout.splitlines()
        ), (
            path,
            checked.stdout,
        )
    listed = habits(odd_log.root, "list")
    assert listed.returncode == 0, listed.stderr
    assert "Sam Lee" in listed.stdout
    assert listed.stderr.count("warning: log/") == len(ODD)
    logged = habits(odd_log.root, "log", "lunch", "--with", "Ana Ruiz")
    assert logged.returncode == 0, logged.stderr
    again = habits(odd_log.root, "list").stdout
    assert "Sam Lee" in again and "Ana Ruiz" in again


def test_a_file_where_the_log_folder_should_be_is_reported(mini: Home) -> None:
    (mini.root / "log").rmdir()
    (mini.root / "log").write_text("not a folder\n", encoding="utf-8")
    checked = habits(mini.root, "check")
    assert checked.returncode == 1
    assert checked.stdout.startswith("log: is a file, not the folder of month files")


@pytest.mark.parametrize("name", ["pauses.toml", "people.toml", "challenges/extra.toml"])
@pytest.mark.parametrize("kind", ["fifo", "dangling"])
def test_odd_files_beside_the_settings_are_reported_and_never_read(
    mini: Home, name: str, kind: str
) -> None:
    mini.run("log", "ice", "--with", "Sam Lee", "--at", "09:00")
    if kind == "fifo":
        os.mkfifo(mini.root / name)
    else:
        (mini.root / name).symlink_to(mini.root / "gone.toml")
    checked = habits(mini.root, "check")
    assert checked.returncode == 1
    what = "a named pipe (FIFO), not a file" if kind == "fifo" else "a symlink to a missing file"
    assert f"{name}: {what}" in checked.stdout, checked.stdout + checked.stderr
    listed = habits(mini.root, "list")
    assert listed.returncode == 0 and "Sam Lee" in listed.stdout, listed.stderr


@pytest.mark.parametrize("kind", ["fifo", "zero", "huge"])
def test_odd_settings_stop_with_one_line_and_never_hang(mini: Home, kind: str) -> None:
    settings = mini.root / "habits.toml"
    settings.unlink()
    if kind == "fifo":
        os.mkfifo(settings)
    elif kind == "zero":
        settings.symlink_to("/dev/zero")
    else:
        huge(settings)
    status = habits(mini.root, "status")
    assert status.returncode == 1
    assert "Traceback" not in status.stderr and status.stderr.count("\n") == 1, status.stderr
    assert "habits.toml" in status.stderr
    want = {"fifo": "a named pipe (FIFO)", "zero": "character device", "huge": "too large"}
    assert want[kind] in status.stderr


def test_a_log_file_that_turns_into_a_fifo_is_not_appended_to(mini: Home) -> None:
    os.mkfifo(mini.root / "log" / "2026-11.toml")
    logged = habits(mini.root, "log", "ice")
    assert logged.returncode == 1
    assert logged.stderr.splitlines()[-1] == (
        "error: a named pipe (FIFO), not a file habits can read: log/2026-11.toml; "
        "nothing was written; move it out of the workspace"
    )


def odd(path: Path, kind: str) -> None:
    """Put an odd thing of this kind where a file of ours should be."""
    if path.exists() or path.is_symlink():
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    else:
        huge(path)


@pytest.mark.parametrize("kind", ["fifo", "zero", "folder"])
def test_an_odd_lock_file_stops_with_one_line_and_never_hangs(mini: Home, kind: str) -> None:
    odd(mini.root / ".lock", kind)
    for args in (("status",), ("log", "ice")):
        result = habits(mini.root, *args)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
        assert ".lock: " in result.stderr and "habits makes a new one" in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "zero", "huge"])
def test_an_odd_team_secret_is_reported_and_never_read(
    mini: Home, tmp_path: Path, kind: str
) -> None:
    team = tmp_path / "team"
    for args in (("team", "init", str(team)), ("team", "join", str(team), "--as", "ada")):
        assert habits(mini.root, *args).returncode == 0
    odd(mini.root / ".team-secret", kind)
    published = habits(mini.root, "team", "publish")
    assert published.returncode == 1
    assert published.stderr.startswith("error: .team-secret: "), published.stderr
    assert not (team / "members" / "ada.toml").exists()


@pytest.mark.parametrize("name", ["pages/mine.md", "pages/deep/er.md", "mkdocs.yml"])
@pytest.mark.parametrize("kind", ["fifo", "zero", "huge"])
def test_an_odd_page_or_site_config_stops_the_build_with_its_path(
    mini: Home, tmp_path: Path, name: str, kind: str
) -> None:
    (mini.root / name).parent.mkdir(parents=True, exist_ok=True)
    odd(mini.root / name, kind)
    built = habits(mini.root, "site", "build", "--out", str(tmp_path / "site"))
    assert built.returncode == 1
    assert built.stderr.startswith(f"error: {name}: "), built.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_people_commands_never_read_an_odd_people_file(mini: Home, kind: str) -> None:
    mini.run("log", "ice", "--with", "Sam Lee", "--at", "09:00")
    mini.run("log", "ice", "--with", "Sam", "--new", "--at", "09:30")
    odd(mini.root / "people.toml", kind)
    for args in (("cadence", "Sam Lee", "2w"), ("merge", "Sam", "Sam Lee")):
        result = habits(mini.root, "people", *args)
        assert result.returncode == 1
        assert result.stderr.splitlines()[-1].startswith("error: people.toml: "), result.stderr


def test_importing_a_fifo_stops_with_one_line_and_never_hangs(mini: Home, tmp_path: Path) -> None:
    fifo = tmp_path / "rows.csv"
    os.mkfifo(fifo)
    done = habits(mini.root, "import", str(fifo))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and str(fifo) in done.stderr
