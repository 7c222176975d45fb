"""Where a build may land: only a folder habits built, an empty one or a new one; never the
workspace, a team folder or anything holding them. And a build in progress, or several at once,
never leaves a reader half a site."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from habits.site.target import MARKER
from tests.conftest import NOW, Home

FRESH = "give a new or empty folder (e.g. --out /tmp/habits-site)"


def everything(root: Path) -> dict[str, bytes | None]:
    """Every path under a folder with its bytes (None for a folder)."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
        if ".cache" not in p.parts and p.name != ".lock"
    }


def refused(home: Home, root: Path, *args: str, code: int = 1) -> str:
    """Run a build that must be refused; return its one line, having checked nothing moved."""
    before = everything(root)
    result = home.run(*args, ok=False)
    assert result.exit_code == code
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output, result.stderr
    assert everything(root) == before
    return result.stderr.strip()


def test_site_build_leaves_a_folder_of_yours_alone(home: Home, tmp_path: Path) -> None:
    documents = tmp_path / "my-documents"
    (documents / "photos").mkdir(parents=True)
    (documents / "thesis.tex").write_text("\\chapter{Four years}\n", encoding="utf-8")
    (documents / "photos" / "a.jpg").write_bytes(b"\xff\xd8")
    line = refused(home, tmp_path, "site", "build", "--out", str(documents))
    assert line == (
        f"error: will not build into {documents}: it holds files habits did not build "
        f"(no {MARKER} file); {FRESH}, or empty this one yourself"
    )


@pytest.mark.parametrize(
    ("where", "why"),
    [
        (lambda ws: ws / "log", "it is inside the workspace"),
        (lambda ws: ws / "pages" / "site", "it is inside the workspace"),
        (lambda ws: ws, "it holds the workspace"),
        (lambda ws: ws.parent, "it holds the workspace"),
    ],
)
def test_site_build_never_lands_in_or_around_the_workspace(
    home: Home, tmp_path: Path, where: Callable[[Path], Path], why: str
) -> None:
    home.run("log", "ice", "--with", "Sam Lee")
    target = where(home.root)
    line = refused(home, tmp_path, "site", "build", "--out", str(target))
    assert line.startswith(f"error: will not build into {target.resolve()}: {why} ("), line


def test_site_build_never_lands_on_a_team_folder_or_a_file(home: Home, tmp_path: Path) -> None:
    team = tmp_path / "docs" / "team"
    home.run("team", "init", str(team))
    home.run("team", "join", str(team), "--as", "ada")
    line = refused(home, tmp_path, "site", "build", "--out", str(tmp_path / "docs"))
    assert line.startswith(
        f"error: will not build into {tmp_path / 'docs'}: it holds a team folder"
    )
    note = tmp_path / "note.txt"
    note.write_text("mine\n", encoding="utf-8")
    line = refused(home, tmp_path, "site", "build", "--out", str(note), code=2)
    assert line.startswith("error: Invalid value for '--out'") and "is a file" in line


def test_team_build_never_wipes_the_docs_that_hold_the_team(home: Home, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    team = docs / "team"
    home.run("team", "init", str(team))
    (docs / "index.md").write_text("# Our docs\n", encoding="utf-8")
    line = refused(home, tmp_path, "team", "build", str(team), "--out", str(docs))
    assert line.startswith(f"error: will not build into {docs}: it holds the team folder ({team})")
    line = refused(home, tmp_path, "team", "build", str(team), "--out", str(team / "site"))
    assert f"it is inside the team folder ({team})" in line
    line = refused(home, tmp_path, "team", "build", str(team), "--out", str(home.root / "b"))
    assert f"it is inside the workspace ({home.root})" in line


def test_a_build_replaces_only_what_it_built(home: Home, tmp_path: Path) -> None:
    home.run("log", "ice", "--with", "Sam Lee")
    out = tmp_path / "empty"
    out.mkdir()
    home.run("site", "build", "--out", str(out))  # an empty folder is fine
    assert (out / MARKER).is_file() and (out / "index.html").is_file()
    (out / "stale.html").write_text("from an older build\n", encoding="utf-8")
    home.run("site", "build", "--out", str(out))  # its own folder: replaced whole
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_workspace_site_folder_is_habits_own(home: Home) -> None:
    """site/ in the workspace: built into when missing, empty, marked, or holding a site an
    older habits built (its assets/habits/); anything else there is refused too."""
    site = home.root / "site"
    (site / "assets" / "habits").mkdir(parents=True)
    (site / "index.html").write_text("BUILT-BY-AN-OLDER-HABITS\n", encoding="utf-8")
    home.run("site", "build")
    assert (site / MARKER).is_file() and "BUILT-BY-AN-OLDER-HABITS" not in (
        site / "index.html"
    ).read_text()
    shutil.rmtree(site)
    site.mkdir()
    (site / "notes.txt").write_text("mine\n", encoding="utf-8")
    line = refused(home, home.root, "site", "build")
    assert "it holds files habits did not build" in line


# -- a build in progress, and builds in parallel ----------------------------------------------

PAUSE = """
import runpy, sys, time
from pathlib import Path
import mkdocs.commands.build as build

paused, resume = Path(sys.argv[1]), Path(sys.argv[2])
render = build._build_page

def pausing(*args, **kwargs):
    if not paused.exists():  # the first page: tell the test, wait until it says go on
        paused.touch()
        while not resume.exists():
            time.sleep(0.01)
    return render(*args, **kwargs)

build._build_page = pausing
sys.argv = ["habits", *sys.argv[3:]]
runpy.run_module("habits", run_name="__main__")
"""


def habits(home: Path, *args: str, hook: tuple[str, ...] = ()) -> subprocess.Popen[str]:
    command = ["-c", PAUSE, *hook] if hook else ["-m", "habits"]
    return subprocess.Popen(
        [sys.executable, *command, "--home", str(home), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HABITS_NOW": NOW},
    )


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def finished(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return out


def test_a_build_in_progress_leaves_the_old_site_whole(home: Home, tmp_path: Path) -> None:
    home.run("log", "ice", "--with", "Sam Lee")
    site = home.root / "site"
    finished(habits(home.root, "site", "build"))
    built = pages(site)
    assert "index.html" in built and len(built) > 10
    paused, resume = tmp_path / "paused", tmp_path / "resume"
    slow = habits(home.root, "site", "build", hook=(str(paused), str(resume)))
    try:
        while not paused.exists():  # wait for the condition: the build is under way
            with contextlib.suppress(subprocess.TimeoutExpired):
                slow.wait(timeout=0.05)
            assert slow.returncode is None, slow.communicate()
        assert pages(site) == built  # the old site, whole, while the new one is built
        finished(habits(home.root, "site", "build"))  # another build meanwhile
        assert pages(site) == built
    finally:
        resume.touch()
    finished(slow)
    assert pages(site) == built and (site / MARKER).is_file()
    assert [p.name for p in home.root.iterdir() if p.name.startswith(".site.")] == []


@pytest.mark.slow
def test_parallel_builds_all_succeed_and_leave_a_whole_site(home: Home) -> None:
    home.run("log", "ice", "--with", "Sam Lee")
    site = home.root / "site"
    finished(habits(home.root, "site", "build"))
    built = pages(site)
    runs = [habits(home.root, "site", "build") for _ in range(4)]
    for process in runs:
        finished(process)
    assert pages(site) == built and (site / MARKER).is_file()
    assert [p.name for p in home.root.iterdir() if p.name.startswith(".site.")] == []


def test_a_symbolic_link_loop_as_the_out_folder_is_one_line(home: Home, tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    said = refused(home, tmp_path, "site", "build", "--out", str(loop))
    assert said.endswith(f"will not build into {loop}: it is a symbolic link loop; " + FRESH)
