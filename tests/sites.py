"""Built personal sites for the site and browser tests: the demo, and one full of XSS canaries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from habits.cli import cli

NOW = "2026-11-20T18:00:00+00:00"

# Each payload sets a flag if it ever runs; none may. An <img> one would also request "x".
CANARY_IMG = "<img src=x onerror=window.__xss=1>"
CANARY_SCRIPT = "<script>window.__xss=2</script>"
CANARIES = (CANARY_IMG, CANARY_SCRIPT)


def habits(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env={"HABITS_NOW": NOW, "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output + result.stderr
    return result.stdout


@dataclass(frozen=True)
class BuiltSite:
    workspace: Path
    out: Path

    def pages(self) -> list[Path]:
        return sorted(self.out.rglob("*.html"))

    def page_names(self) -> set[str]:
        return {p.relative_to(self.out).as_posix() for p in self.pages()}


def demo_site(root: Path) -> BuiltSite:
    ws = root / "demo"
    habits("demo", str(ws))
    habits("--home", str(ws), "site", "build", "--out", str(ws / "site"))
    return BuiltSite(ws, ws / "site")


def canary_site(root: Path) -> BuiltSite:
    """The demo, with a canary in the person's name, a contact, a note, a venue, a tag, and in a
    challenge's title and description, an action's title and a badge's title."""
    ws = root / "canary"
    habits("demo", str(ws), "--weeks", "3")
    settings = ws / "habits.toml"
    settings.write_text(
        re.sub(r"(?m)^name = .*$", f"name = '{CANARY_SCRIPT}'", settings.read_text()), "utf-8"
    )
    calls = ws / "challenges" / "calls.toml"
    text = calls.read_text()
    text = re.sub(r"(?m)^title = .*$", f"title = '{CANARY_IMG} calls'", text)
    text = re.sub(r"(?m)^description = .*$", f"description = '{CANARY_SCRIPT}'", text)
    calls.write_text(text, "utf-8")
    for name, canary in (("actions.toml", CANARY_IMG), ("badges.toml", CANARY_SCRIPT)):
        path = ws / "challenges" / name
        path.write_text(
            re.sub(r'(?m)^title = "', f"title = '{canary}' # ", path.read_text(), count=1),
            "utf-8",
        )
    home = ("--home", str(ws))
    habits(*home, "log", "icebreaker", "--with", CANARY_IMG, "--where", "call",
           "--note", CANARY_SCRIPT, "--tag", "ok", "--at", "2026-11-20T09:00")  # fmt: skip
    habits(*home, "log", "lunch", "--with", CANARY_SCRIPT, "--where", CANARY_IMG,
           "--tag", CANARY_IMG, "--note", CANARY_IMG, "--at", "2026-11-19T12:30")  # fmt: skip
    habits(*home, "site", "build", "--out", str(ws / "site"))
    return BuiltSite(ws, ws / "site")
