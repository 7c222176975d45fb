"""Writes that fail part-way leave nothing behind: a full disk, a kill during an import, and the
temp files a kill leaves. Faults are injected (os.write raising ENOSPC after part of a write,
a kill at the nth fsync or rename) or real (a 64 KiB tmpfs); nothing waits on a clock."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from habits.store import files
from tests.conftest import NOW, Home

NOT_WRITTEN = "; nothing was written; free some space and run it again"
CSV = "at,action,with,note\n" + "".join(
    f"2026-{month:02d}-{day:02d},lunch,Person {month}-{day},imported\n"
    for month in (9, 10)
    for day in (3, 4, 5)
)


def disk_full_after(monkeypatch: pytest.MonkeyPatch, part: int) -> None:
    """From now on the disk is full: the workspace's files take `part` more bytes, then
    ENOSPC (the cache gets none: its writes fail and are skipped, as on a real full disk)."""
    real = os.write
    room = [part]
    cache = os.environ["HABITS_CACHE_DIR"]  # the test's own user cache folder

    def write(fd: int, data: bytes | memoryview) -> int:
        if room[0] > 0 and not str(Path(f"/proc/self/fd/{fd}").readlink()).startswith(cache):
            done = real(fd, bytes(data)[: room[0]])
            room[0] -= done
            return done
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", write)


def log_state(root: Path) -> dict[str, bytes]:
    """Every file under log/ and the pauses, temp files included."""
    found = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.glob("log/*")}
    for name in ("pauses.toml",):
        if (root / name).exists():
            found[name] = (root / name).read_bytes()
    return found


def one_error(result_stderr: str) -> str:
    lines = [line for line in result_stderr.splitlines() if not line.startswith("warning:")]
    assert len(lines) == 1, result_stderr
    return lines[0]


@pytest.mark.parametrize("part", [0, 1, 40, 150])
def test_a_full_disk_leaves_the_month_file_as_it_was(
    mini: Home, monkeypatch: pytest.MonkeyPatch, part: int
) -> None:
    mini.run("log", "ice", "--with", "Sam Lee", "--at", "09:00")
    before = log_state(mini.root)
    disk_full_after(monkeypatch, part)
    result = mini.run("log", "lunch", "--with", "Ana Ruiz", "--note", "x" * 200, ok=False)
    assert (
        one_error(result.stderr) == f"error: No space left on device: log/2026-11.toml{NOT_WRITTEN}"
    )
    assert log_state(mini.root) == before
    monkeypatch.undo()
    mini.run("log", "lunch", "--with", "Ana Ruiz")
    assert mini.run("check").stdout.startswith("All good: 2 entries")


@pytest.mark.parametrize("part", [0, 30])
def test_a_failed_log_into_a_new_month_leaves_no_file(
    mini: Home, monkeypatch: pytest.MonkeyPatch, part: int
) -> None:
    disk_full_after(monkeypatch, part)
    mini.run("log", "ice", ok=False)
    assert not (mini.root / "log" / "2026-11.toml").exists()
    assert log_state(mini.root) == {}


@pytest.mark.parametrize("part", [0, 25])
def test_a_failed_pause_leaves_pauses_as_they_were(
    mini: Home, monkeypatch: pytest.MonkeyPatch, part: int
) -> None:
    with monkeypatch.context() as patch:
        disk_full_after(patch, part)
        result = mini.run("pause", "--from", "2026-12-01", "--to", "2026-12-03", ok=False)
    assert one_error(result.stderr) == f"error: No space left on device: pauses.toml{NOT_WRITTEN}"
    assert not (mini.root / "pauses.toml").exists()  # not even its header
    mini.run("pause", "--from", "2026-12-01", "--to", "2026-12-03")
    before = (mini.root / "pauses.toml").read_bytes()
    disk_full_after(monkeypatch, part)
    mini.run("pause", "--from", "2026-12-22", "--to", "2027-01-02", ok=False)
    assert (mini.root / "pauses.toml").read_bytes() == before


@pytest.mark.parametrize("part", [0, 100, 700])
def test_a_failed_import_writes_no_row(
    mini: Home, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, part: int
) -> None:
    mini.run("log", "ice", "--with", "Sam Lee", "--at", "2026-10-01")
    before = log_state(mini.root)
    csv = tmp_path / "rows.csv"
    csv.write_text(CSV, encoding="utf-8")
    disk_full_after(monkeypatch, part)
    result = mini.run("import", str(csv), ok=False)
    assert "No space left on device: log/2026-" in one_error(result.stderr)
    assert result.stderr.rstrip().endswith(NOT_WRITTEN)
    assert log_state(mini.root) == before  # no rows, no temp files
    monkeypatch.undo()
    assert "Added 6 entries" in mini.run("import", str(csv)).stdout
    assert mini.run("check").stdout.startswith("All good: 7 entries in 2 log files")


def test_an_import_cut_among_its_renames_is_finished_by_the_next_run(
    mini: Home, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A kill after the first month file took its place: the next command renames the rest."""
    csv = tmp_path / "rows.csv"
    csv.write_text(CSV, encoding="utf-8")
    real = os.replace
    renames: list[str] = []

    def replace(src: str | Path, dst: str | Path) -> None:
        renames.append(Path(dst).name)
        if Path(dst).name == "2026-10.toml":
            raise KeyboardInterrupt  # stands for SIGKILL: nothing after this line runs
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    mini.run("import", str(csv), ok=False)
    monkeypatch.undo()
    assert renames[-2:] == ["2026-09.toml", "2026-10.toml"]  # one month in place, one not
    assert "2026-10.toml" not in {p.name for p in (mini.root / "log").iterdir()}
    listed = mini.json("list")
    assert len(listed) == 6
    assert sorted(p.name for p in (mini.root / "log").iterdir()) == [
        "2026-09.toml",
        "2026-10.toml",
    ]


def test_stale_temp_files_are_removed_and_a_live_writers_are_kept(mini: Home) -> None:
    dead = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1  # no process has this pid
    me = os.getpid()
    mini.cache.mkdir(parents=True, exist_ok=True)
    stale = [
        mini.root / "log" / f".2026-11.toml.{dead}.0123456789ab.tmp",
        mini.root / f".people.toml.{dead}.0123456789ab.tmp",
        mini.cache / f".core.pickle.{dead}.0123456789ab.tmp",
        mini.root / "log" / f".2026-10.toml.{me}.aaaaaaaaaaaa.tmp",  # alive, but old
    ]
    live = mini.root / "log" / f".2026-11.toml.{me}.bbbbbbbbbbbb.tmp"
    mine = mini.root / "log" / ".notes.tmp"  # not named like ours: never touched
    for path in [*stale, live, mine]:
        path.write_text("half a file", encoding="utf-8")
    old = stale[-1].stat().st_mtime - 2 * files.STALE_SECONDS
    os.utime(stale[-1], (old, old))
    mini.run("status")
    assert [p.exists() for p in stale] == [False] * len(stale)
    assert live.exists() and mine.exists()


# -- real conditions: a small file system, and SIGKILLs at every step of an import --------


@contextlib.contextmanager
def small_disk(folder: Path) -> Iterator[Path]:
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(
            f"cannot mount a tmpfs here ({mounted.stderr.strip() or 'not root'}); "
            "the injected-fault tests above cover the same paths"
        )
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def fill(folder: Path) -> Path:
    """Take every free block of the file system (one file; remove it to free them)."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 1024)
    return filler


@pytest.mark.slow
def test_a_really_full_disk_tears_nothing(tmp_path: Path, runner: CliRunner) -> None:
    with small_disk(tmp_path / "disk") as disk:
        ws = Home(disk / "ws", runner)
        ws.write("habits.toml", 'name = "Ada"\ntimezone = "UTC"\n')
        ws.write("challenges/actions.toml", '[lunch]\ntitle = "Lunch"\npoints = 5\n')
        ws.run("log", "lunch", "--with", "Sam Lee", "--at", "09:00")
        csv = tmp_path / "rows.csv"
        csv.write_text(CSV, encoding="utf-8")
        before = log_state(ws.root)
        filler = fill(disk)
        long = "a note longer than the free room left in the file's last page " * 80
        result = ws.run("log", "lunch", "--with", "Ana Ruiz", "--note", long, ok=False)
        assert one_error(result.stderr).startswith("error: No space left on device: log/2026-11")
        ws.run("import", str(csv), ok=False)
        ws.run("pause", "--from", "2026-12-01", "--to", "2026-12-03", ok=False)
        assert log_state(ws.root) == before
        filler.unlink()
        ws.run("log", "lunch", "--with", "Ana Ruiz", "--note", long)
        ws.run("import", str(csv))
        assert ws.run("check").stdout.startswith("All good: 8 entries")


KILLER = """
import os, runpy, signal, sys
name, count = sys.argv[1], int(sys.argv[2])
real = getattr(os, name)
calls = [0]
def killing(*args, **kwargs):
    calls[0] += 1
    if calls[0] == count:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
setattr(os, name, killing)
sys.argv = ["habits", *sys.argv[3:]]
runpy.run_module("habits", run_name="__main__")
"""


def run_habits(
    *args: str, prefix: tuple[str, ...] = ("-m", "habits")
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *prefix, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "HABITS_NOW": NOW},
        check=False,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.parametrize("syscall", ["fsync", "replace"])
def test_an_import_killed_at_any_step_adds_all_its_rows_or_none(
    mini: Home, tmp_path: Path, syscall: str
) -> None:
    mini.run("log", "ice", "--with", "Sam Lee", "--at", "2026-10-01")
    csv = tmp_path / "rows.csv"
    csv.write_text(CSV, encoding="utf-8")
    seen: set[int] = set()
    for count in range(1, 40):
        ws = tmp_path / f"ws{count}"
        shutil.copytree(mini.root, ws)
        killed = run_habits(
            syscall, str(count), "--home", str(ws), "import", str(csv), prefix=("-c", KILLER)
        )
        listed = run_habits("--home", str(ws), "list", "--json")
        assert listed.returncode == 0, listed.stderr
        imported = listed.stdout.count('"imported"')
        seen.add(imported)
        assert imported in (0, 6), (count, killed.returncode, imported)
        leftovers = [p.name for p in ws.rglob("*.tmp")] + [p.name for p in ws.rglob(files.PENDING)]
        assert leftovers == [], (count, leftovers)
        assert run_habits("--home", str(ws), "check").returncode == 0
        if killed.returncode == 0:
            break
    else:
        pytest.fail("the import was killed at every step: raise the range")
    assert seen == {0, 6}  # a kill came both before and after the point of no return
    logged = tomllib.loads((ws / "log" / "2026-10.toml").read_text(encoding="utf-8"))
    assert len(logged["entry"]) == 4


def test_an_import_teaches_the_cache_the_files_it_wrote(mini: Home, tmp_path: Path) -> None:
    """The month files an import rewrote are known by their new digests: no parse after it."""
    from tests.test_system import habits, loaded

    mini.run("log", "ice", "--with", "Sam Lee", "--at", "2026-10-01")
    csv = tmp_path / "rows.csv"
    csv.write_text(CSV, encoding="utf-8")
    assert habits(mini.root, "import", str(csv)).returncode == 0
    assert loaded(mini.root, "pydantic,tomllib", "list") == "[]"
    assert len(mini.json("list")) == 7


# -- the invariant under every cut: what was there stays, byte for byte ---------------------


@settings(max_examples=60, deadline=None)
@given(
    old=st.binary(max_size=300),
    text=st.text(min_size=1, max_size=300),
    cut=st.integers(min_value=0, max_value=1200),
)
def test_an_append_cut_anywhere_leaves_the_file_as_it_was(old: bytes, text: str, cut: int) -> None:
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        path = Path(folder) / "2026-11.toml"
        path.write_bytes(old)
        disk_full_after(patch, cut)
        try:
            files.append_text(path, text, header="# header\n", shown="log/2026-11.toml")
        except files.NotWritten as error:
            assert path.read_bytes() == old
            assert str(error).startswith("No space left on device: log/2026-11.toml; nothing")
        else:  # the cut came after the last byte: all of it is there
            assert path.read_bytes().endswith(text.encode("utf-8"))
        assert [p.name for p in Path(folder).iterdir()] == ["2026-11.toml"]


@settings(max_examples=60, deadline=None)
@given(
    old=st.lists(st.binary(max_size=200), min_size=1, max_size=4),
    cut=st.integers(min_value=0, max_value=2000),
)
def test_a_rewrite_of_several_files_cut_anywhere_changes_none(old: list[bytes], cut: int) -> None:
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        paths = [Path(folder) / f"2026-{n + 1:02d}.toml" for n in range(len(old))]
        for path, raw in zip(paths, old, strict=True):
            path.write_bytes(raw)
        disk_full_after(patch, cut)
        try:
            files.replace_all(
                {path: raw + b"[[entry]]\n" for path, raw in zip(paths, old, strict=True)}
            )
        except files.NotWritten:
            assert [p.read_bytes() for p in paths] == old
        else:
            assert [p.read_bytes() for p in paths] == [raw + b"[[entry]]\n" for raw in old]
        assert sorted(p.name for p in Path(folder).iterdir()) == [p.name for p in paths]


def test_a_full_disk_while_making_the_team_secret_leaves_no_key(
    mini: Home, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An empty or torn key left behind would hash everyone under a key nobody chose."""
    team = tmp_path / "team"
    mini.run("team", "init", str(team))
    real = os.fdopen

    def fdopen(fd: int, *args: object, **kwargs: object) -> object:
        handle = real(fd, *args, **kwargs)  # type: ignore[call-overload]
        if ".team-secret" in str(Path(f"/proc/self/fd/{fd}").readlink()):

            def write(data: object) -> int:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

            handle.write = write
        return handle

    with monkeypatch.context() as patch:
        patch.setattr(os, "fdopen", fdopen)
        joined = mini.run("team", "join", str(team), "--as", "ada", ok=False)
    assert one_error(joined.stderr) == f"error: No space left on device: .team-secret{NOT_WRITTEN}"
    assert not [p.name for p in mini.root.iterdir() if ".team-secret" in p.name]
    mini.run("team", "join", str(team), "--as", "ada")
    assert len(bytes.fromhex((mini.root / ".team-secret").read_text())) == 32
