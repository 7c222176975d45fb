"""Take the screenshots in docs/: the demo's personal site and a demo team's leaderboard, on a
laptop (1,400 px; the board at 1,280 px) and on a phone (390 px), in both palettes.

    make screenshot        # or: .venv/bin/python tools/screenshot.py

The demo is pinned to one instant (HABITS_NOW) so the pictures only change when the site does.
docs/screenshot.png (the README's) is the home page on a laptop; the rest go to
docs/screenshots/, named page-device-palette.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
NOW = "2026-11-20T18:00:00+00:00"
HABITS = str(Path(sys.executable).parent / "habits")
ENV = {**os.environ, "HABITS_NOW": NOW}
LAPTOP = {"width": 1400, "height": 900}
BOARD_LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# (page under the site, name, device, palette, whole page?)
PERSONAL = [
    ("index.html", "home", LAPTOP, "light", False),
    ("index.html", "home", LAPTOP, "dark", False),
    ("index.html", "home", PHONE, "light", True),
    ("progress.html", "progress", LAPTOP, "light", True),
    ("progress.html", "progress", PHONE, "dark", True),
    ("challenges/calls.html", "challenge", LAPTOP, "light", True),
    ("wins.html", "wins", LAPTOP, "light", True),
    ("people.html", "people", PHONE, "light", True),
    ("log/2026-10.html", "log", LAPTOP, "light", False),
    ("log/2026-10.html", "log", PHONE, "dark", False),
    ("weeks/2026-11-09.html", "week", LAPTOP, "dark", True),
]
BOARD = [
    ("index.html", "leaderboard", BOARD_LAPTOP, "light", True),
    ("index.html", "leaderboard", PHONE, "dark", True),
    ("challenges/index.html", "leaderboard-challenges", BOARD_LAPTOP, "light", True),
]
MEMBERS = [("ada", "Ada Lovelace"), ("ben", ""), ("cleo", "Cleo Park"), ("dan", "Dan Wu")]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def habits(*args: str) -> None:
    subprocess.run([HABITS, *args], env=ENV, check=True, stdout=subprocess.DEVNULL)


@contextmanager
def served(folder: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def personal_site(tmp: Path) -> Path:
    ws, out = tmp / "demo", tmp / "site"
    habits("demo", str(ws))
    habits("--home", str(ws), "site", "build", "--out", str(out))
    return out


def team_site(tmp: Path) -> Path:
    team, out = tmp / "team", tmp / "board"
    habits("team", "init", str(team), "--season-start", "2026-10-05")
    for seed, (handle, shown) in enumerate(MEMBERS):
        ws = tmp / handle
        habits("demo", str(ws), "--weeks", "10", "--seed", str(seed + 3))
        extra = ["--display-name", shown] if shown else []
        habits("--home", str(ws), "team", "join", str(team), "--as", handle, *extra)
        habits("--home", str(ws), "team", "publish")
    habits("team", "build", str(team), "--out", str(out))
    return out


def shoot(browser: Any, url: str, shots: list[tuple[str, str, dict[str, int], str, bool]]) -> None:
    for page_path, name, viewport, palette, whole in shots:
        context = browser.new_context(
            viewport=viewport,
            color_scheme="dark" if palette == "dark" else "light",
            device_scale_factor=1,
        )
        page = context.new_page()
        response = page.goto(url + page_path, wait_until="load")
        if response is None or not response.ok:  # never a picture of an error page
            raise SystemExit(f"{url + page_path}: {response.status if response else 'no answer'}")
        # Every chart drawn (habits.js marks <body> with the page's path), or no chart at all.
        page.wait_for_function(
            "document.body.hasAttribute('data-habits-drawn')"
            " || !document.querySelector('.habits-chart[data-figure]')"
        )
        device = "phone" if viewport is PHONE else "laptop"
        target = OUT / f"{name}-{device}-{palette}.png"
        page.screenshot(path=str(target), full_page=whole)
        print(f"wrote {target.relative_to(ROOT)}")
        if (name, device, palette) == ("home", "laptop", "light"):
            page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
            print("wrote docs/screenshot.png")
        context.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        personal, board = personal_site(Path(tmp)), team_site(Path(tmp))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium"
            )
            with served(personal) as url:
                shoot(browser, url, PERSONAL)
            with served(board) as url:
                shoot(browser, url, BOARD)
            browser.close()


if __name__ == "__main__":
    main()
