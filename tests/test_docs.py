"""Docs that cannot drift: every command documented, schemas current, the docs site builds."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import habits
from habits.cli import cli
from habits.store.pack import RESERVED
from habits.store.schema import SCHEMAS, json_schema

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = cli.list_commands(click.Context(cli))


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example_and_a_reference_section(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"\n## {name}\n" in (ROOT / "docs" / "cli.md").read_text()


def test_published_schemas_match_the_models() -> None:
    for name in SCHEMAS:
        published = json.loads((ROOT / "docs" / "schema" / f"{name}.json").read_text())
        assert published == json_schema(name), f"run: habits schema --out docs/schema ({name})"


def test_shipped_pack_files_point_at_their_schema() -> None:
    for path in (ROOT / "challenges").glob("*.toml"):
        kind = path.stem if path.stem in RESERVED else "challenge"
        first = path.read_text().splitlines()[0]
        assert first == f"#:schema ../docs/schema/{kind}.json", path.name


def test_readme_gives_the_two_commands_and_daily_use() -> None:
    readme = (ROOT / "README.md").read_text()
    for text in (
        "make demo",
        "make test",
        "habits init",
        'habits log icebreaker --with "Sam Lee" --where call',
    ):
        assert text in readme


def test_public_api_is_pinned() -> None:
    assert habits.__all__ == [
        "Action", "Badge", "BadgeResult", "Challenge", "ChallengeResult", "Entry", "HabitsError",
        "LedgerLine", "Pack", "Pause", "PeriodResult", "Problem", "Scorecard", "Settings",
        "__version__", "score",
    ]  # fmt: skip
    for name in habits.__all__:
        assert hasattr(habits, name)


def test_project_docs_build_strict_and_load_nothing_from_other_hosts(tmp_path: Path) -> None:
    out = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(ROOT / "mkdocs.yml"),
            "-d",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for page in ("index.html", "guide/index.html", "challenges/index.html", "cli/index.html"):
        assert (out / page).exists()
    loads = re.compile(r"""<(?:script|link|img|iframe)[^>]+(?:src|href)=["'](https?:)?//""", re.I)
    for html in out.rglob("*.html"):
        assert not loads.search(html.read_text()), html
