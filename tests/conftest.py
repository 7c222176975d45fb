"""Fixtures that read like the user's files: inline TOML packs, workspaces and a CLI runner."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from habits.cli import cli
from tests import sites
from tests.sites import BuiltSite

NOW = "2026-11-20T18:00:00+00:00"  # a Friday; every CLI test runs at this instant

# Hypothesis profiles, loaded here, before any test module is imported: a `@settings(...)` on a
# test takes the profile in force when it is decorated as its parent. No per-example deadline
# and no data-generation speed check anywhere: both fail on a loaded machine for no fault of
# the code. CI draws the same examples every run (derandomize), so a failure there replays
# anywhere with HYPOTHESIS_PROFILE=ci, and writes no example database.
QUIET_ON_A_BUSY_MACHINE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", QUIET_ON_A_BUSY_MACHINE, max_examples=100)
settings.register_profile(
    "ci",
    QUIET_ON_A_BUSY_MACHINE,
    max_examples=100,
    derandomize=True,
    database=None,
    print_blob=True,
)


def hypothesis_profile(environ: Mapping[str, str]) -> str:
    """HYPOTHESIS_PROFILE if set, else "ci" under CI=true (or any CI value but false/0)."""
    ci = environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return environ.get("HYPOTHESIS_PROFILE") or ("ci" if ci else "dev")


settings.load_profile(hypothesis_profile(os.environ))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files.")


def pytest_configure(config: pytest.Config) -> None:
    # Caches live in the user's cache folder: never the real one while testing (subprocesses
    # and session fixtures included). Each test then gets a folder of its own, below.
    folder = tempfile.mkdtemp(prefix="habits-test-cache-")
    os.environ["HABITS_CACHE_DIR"] = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's cache folder (every workspace's cache is a folder in it)."""
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("HABITS_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, Any], None]:
    """Compare data with tests/golden/NAME (JSON); --update-golden rewrites it."""

    def check(name: str, data: Any) -> None:
        path = Path(__file__).parent / "golden" / name
        text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        if request.config.getoption("--update-golden"):
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no golden file {path.name}: run pytest --update-golden"
        assert json.loads(path.read_text(encoding="utf-8")) == data

    return check


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


MINI_ACTIONS = """
[icebreaker]
title = "Break the ice"
points = 2
aliases = ["ice"]
daily_cap = 3

[lunch]
title = "Lunch with someone new"
points = 5

[follow-up]
title = "Follow up"
points = 3
"""

MINI_CALLS = """
title = "Break the ice on 3 calls"
actions = ["icebreaker"]
where = ["call"]
target = 3
points = 10
streak_bonus = 5
"""


@dataclass
class Home:
    """A workspace on disk, and the `habits` command pointed at it."""

    root: Path
    runner: CliRunner

    def run(self, *args: str, ok: bool | None = True, now: str = NOW) -> Result:
        result = self.runner.invoke(
            cli, ["--home", str(self.root), *args], env={"HABITS_NOW": now, "NO_COLOR": "1"}
        )
        if ok is True:
            assert result.exit_code == 0, result.output + result.stderr
        if ok is False:
            assert result.exit_code != 0, result.output
        return result

    def json(self, *args: str, now: str = NOW) -> Any:
        return json.loads(self.run(*args, "--json", now=now).stdout)

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
        return path

    @property
    def cache(self) -> Path:
        """The workspace's cache folder (in the test's user cache folder)."""
        from habits.store.workspace import Workspace

        return Workspace(self.root, "test").cache

    def log_text(self) -> str:
        return "".join(
            p.read_text(encoding="utf-8") for p in sorted((self.root / "log").glob("*.toml"))
        )

    def snapshot(self) -> dict[str, bytes]:
        """Every file a user owns (not the cache), to prove a command wrote nothing."""
        return {
            str(p.relative_to(self.root)): p.read_bytes()
            for p in sorted(self.root.rglob("*"))
            if p.is_file() and ".cache" not in p.parts and p.name != ".lock"
        }


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def home(tmp_path: Path, runner: CliRunner) -> Home:
    """A workspace made by `habits init` with the default pack, in UTC."""
    h = Home(tmp_path / "ws", runner)
    h.runner.invoke(cli, ["init", str(h.root), "--timezone", "UTC", "--name", "Ada"])
    assert (h.root / "habits.toml").exists()
    return h


@pytest.fixture
def mini(tmp_path: Path, runner: CliRunner) -> Iterator[Home]:
    """A workspace with a tiny inline pack: three actions and one challenge."""
    h = Home(tmp_path / "mini", runner)
    h.write("habits.toml", 'name = "Ada"\ntimezone = "UTC"\n')
    h.write("challenges/actions.toml", MINI_ACTIONS)
    h.write("challenges/calls.toml", MINI_CALLS)
    h.write("challenges/levels.toml", "thresholds = [0, 20, 50]\n")
    (h.root / "log").mkdir()
    yield h


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The demo workspace (12 weeks) with its site built by `habits site build`."""
    return sites.demo_site(tmp_path_factory.mktemp("sites"))


@pytest.fixture(scope="session")
def canary_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A site whose names, notes, venues, tags and pack titles are XSS canaries."""
    return sites.canary_site(tmp_path_factory.mktemp("sites"))
