"""The tool as processes see it: parallel writers, start-up imports, the wheel, the layering."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import NOW, Home

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def habits(
    home: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "habits", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "HABITS_NOW": NOW, **(env or {})},
        check=False,
    )


@pytest.mark.slow
def test_twenty_parallel_logs_lose_nothing(home: Home) -> None:
    def one(n: int) -> int:
        return habits(home.root, "log", "ice", "--with", f"Person {n}", "--at", "17:00").returncode

    with ThreadPoolExecutor(max_workers=20) as pool:
        assert list(pool.map(one, range(20))) == [0] * 20
    text = (home.root / "log" / "2026-11.toml").read_text()
    entries = tomllib.loads(text)["entry"]
    assert sorted(e["with"][0] for e in entries) == sorted(f"Person {n}" for n in range(20))
    assert len({e["id"] for e in entries}) == 20
    assert habits(home.root, "check").returncode == 0


PROBE = """
import sys, runpy
watched = sys.argv[1].split(",")
sys.argv = ["habits"] + sys.argv[2:]
try:
    runpy.run_module("habits", run_name="__main__")
except SystemExit:
    pass
hits = [m for m in sys.modules if any(m == w or m.startswith(w + ".") for w in watched)]
print("LOADED", sorted(hits), file=sys.stderr)
"""


def loaded(home: Path, watched: str, *args: str) -> str:
    """Run habits in a fresh interpreter; return which watched modules it imported."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, watched, "--home", str(home), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "HABITS_NOW": NOW},
        check=False,
    )
    return done.stderr.rsplit("LOADED ", 1)[-1].strip()


def test_log_does_not_import_heavy_libraries_when_nothing_changed(home: Home) -> None:
    """With warm caches, `habits log` and `habits status` stay off pydantic, plotly and mkdocs."""
    habits(home.root, "log", "ice", "--at", "09:00")  # warms the caches
    heavy = "pydantic,plotly,mkdocs"
    calendars = "icalendar,recurring_ical_events,vobject"  # for ask, due --ics, people import
    assert loaded(home.root, f"{heavy},{calendars}", "log", "ice", "--at", "10:00") == "[]"
    assert loaded(home.root, heavy, "status") == "[]"
    assert loaded(home.root, f"{heavy},{calendars}", "remind") == "[]"  # it runs from cron
    # `habits log` remembered the new status, so `habits status` does not even score.
    assert loaded(home.root, "habits.core.engine", "status") == "[]"
    # After a hand edit the file is validated again (pydantic is fine then) and rescored.
    path = home.root / "log" / "2026-11.toml"
    path.write_text(path.read_text() + "\n")
    assert loaded(home.root, "habits.core.engine", "status") == "['habits.core.engine']"


def test_due_loads_icalendar_only_for_its_feed(home: Home) -> None:
    habits(home.root, "log", "ice", "--with", "Sam Lee", "--at", "09:00")
    assert loaded(home.root, "icalendar", "due") == "[]"
    assert loaded(home.root, "icalendar", "due", "--json") == "[]"
    assert "'icalendar'" in loaded(home.root, "icalendar", "due", "--ics")  # the probe works


def test_a_stale_cache_never_changes_a_point(home: Home) -> None:
    habits(home.root, "log", "lunch", "--with", "Ana", "--at", "09:00")
    before = json.loads(habits(home.root, "status", "--json").stdout)["points"]
    path = home.root / "log" / "2026-11.toml"
    path.write_text(path.read_text().replace('action = "lunch"', 'action = "icebreaker"'))
    after = json.loads(habits(home.root, "status", "--json").stdout)["points"]
    # lunch 5 + daily 1 + lunch challenge 10, then icebreaker 2 + daily 1
    assert (before, after) == (16, 3)


def test_an_edit_that_keeps_size_and_time_is_still_seen(home: Home) -> None:
    """A file trusted by its size and times (unchanged for a while) is read again once edited,
    even by a tool that puts the modification time back: the change time moves."""
    import time

    habits(home.root, "log", "lunch", "--with", "Ana", "--at", "2026-10-20")
    october = home.root / "log" / "2026-10.toml"
    old = october.stat().st_mtime_ns - 10**10
    os.utime(october, ns=(old, old))
    time.sleep(2.1)  # its change time settles: the next run records it as trusted
    habits(home.root, "log", "ice", "--at", "09:00")
    assert json.loads(habits(home.root, "status", "--json").stdout)["points"] == 19
    text = october.read_text()
    october.write_text(text.replace('action = "lunch"', 'action = "lunck"'))
    os.utime(october, ns=(old, old))  # same size, same modification time, same inode
    assert october.stat().st_size == len(text.encode())
    after = habits(home.root, "status", "--json")
    assert "unknown action 'lunck'" in after.stderr
    assert json.loads(after.stdout)["points"] == 3  # icebreaker 2 + daily 1


def test_a_lost_month_cache_never_drops_entries(home: Home) -> None:
    """Appending through a state whose entries were never loaded keeps the month whole."""
    from datetime import datetime

    from habits.core import Entry
    from habits.store.entries import append_entries
    from habits.store.files import locked
    from habits.store.loaded import load
    from habits.store.workspace import Workspace

    for hour in ("09:00", "10:00"):
        habits(home.root, "log", "ice", "--at", hour)
    for pickle in home.cache.glob("log-*.pickle"):
        pickle.unlink()  # the core cache still knows the file; its parsed entries are gone
    ws = Workspace(home.root, "test")
    at = datetime.fromisoformat("2026-11-20T11:00:00+00:00")
    with locked(ws.lock):
        state = load(ws)
        append_entries(state, [Entry("new1", at, "icebreaker", at)])
        assert state.cache is not None
        state.cache.save()
    assert len(load(ws).entries) == 3


def test_a_months_cache_with_appended_records_reads_as_the_file(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`habits log` appends what it wrote to the month's pickle; torn or not, it reads true."""
    import shutil

    from habits.store import loaded
    from habits.store.loaded import load
    from habits.store.workspace import Workspace

    ws = Workspace(home.root, "test")
    for hour in ("09:00", "10:00", "11:00"):
        habits(home.root, "log", "ice", "--with", f"P {hour}", "--at", hour)
    pickle = home.cache / "log-2026-11.toml.pickle"
    with monkeypatch.context() as patch:  # the pickle and its records, without parsing
        patch.setattr(loaded, "_log", None)
        cached = load(ws).entries
    shutil.rmtree(home.cache)
    assert [e.id for e in load(ws).entries] == [e.id for e in cached]
    assert len(cached) == 3 and cached == load(ws).entries
    habits(home.root, "log", "ice", "--at", "12:00")
    with pickle.open("ab") as handle:
        handle.write(b"\x80\x04torn")  # a crash in the middle of a record
    assert [e.id for e in load(ws).entries] == [e.id for e in cached] + [load(ws).entries[-1].id]
    assert len(load(ws).entries) == 4


def test_the_kept_resume_and_its_records_score_as_the_files(home: Home) -> None:
    """`habits log` feeds each entry to the tally it kept, as a record after its pickle (written
    afresh every few entries); what it then shows is what scoring the files shows."""
    import shutil

    from habits.store.cache import RESUME_RECORDS
    from habits.store.frames import unframe

    shown = []
    for n in range(12):
        habits(
            home.root,
            "log",
            "lunch" if n % 3 else "ice",
            "--with",
            f"P{n % 5}",
            "--at",
            f"08:{n:02d}",
        )
        resume = memoryview((home.cache / "resume.pickle").read_bytes())
        at, objects = 0, 0
        while at < len(resume):
            body, at = unframe(resume, at)
            assert body is not None
            objects += 1
        shown.append(objects)
        assert objects <= RESUME_RECORDS + 1
    assert max(shown) > 2  # records were appended, and the pickle rewritten at the limit
    kept = habits(home.root, "status", "--json").stdout
    shutil.rmtree(home.cache)
    assert json.loads(habits(home.root, "status", "--json").stdout) == json.loads(kept)


def test_a_pack_edit_changes_the_remembered_status_at_once(home: Home) -> None:
    habits(home.root, "log", "lunch", "--with", "Ana", "--at", "09:00")
    before = json.loads(habits(home.root, "status", "--json").stdout)["points"]
    actions = home.root / "challenges" / "actions.toml"
    actions.write_text(actions.read_text().replace("points = 5\n", "points = 50\n", 1))
    after = json.loads(habits(home.root, "status", "--json").stdout)["points"]
    assert after - before == 45


def test_python_dash_m_habits_works() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "habits", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith("habits, version ")


@pytest.mark.slow
def test_a_plain_pip_install_gives_a_working_habits_with_the_default_pack(tmp_path: Path) -> None:
    """Build the wheel, install it (not editable) into a fresh venv, and use it."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    [wheel] = wheels.glob("habits-*.whl")
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    site = subprocess.run(
        [str(py), "-c", "import habits, pathlib; print(pathlib.Path(habits.__file__).parent)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": ""},  # a checkout on the path would shadow the wheel
    ).stdout.strip()
    assert site.startswith(str(venv)), site  # really the installed copy, not the checkout
    assert (Path(site) / "_pack" / "actions.toml").exists()
    ws = tmp_path / "ws"
    env = {**os.environ, "HABITS_NOW": NOW, "PYTHONPATH": ""}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(venv / "bin" / "habits"), "--home", str(ws), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            check=False,
        )

    assert run("init", "--timezone", "UTC").returncode == 0
    logged = run("log", "icebreaker", "--with", "Sam Lee", "--where", "call")
    assert logged.returncode == 0 and "Break the ice on 3 calls 1/3" in logged.stdout
    built = run("site", "build")  # the site's assets ship in the wheel, plotly.js from plotly's
    assert built.returncode == 0, built.stderr
    for asset in ("habits.js", "habits-boot.js", "habits.css", "plotly.min.js"):
        assert (ws / "site" / "assets" / "habits" / asset).is_file(), asset
    assert (ws / "site" / "progress.html").is_file()
