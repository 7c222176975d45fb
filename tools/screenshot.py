"""Take docs/screenshot.png: the demo workspace's home page in headless Chromium.

    make screenshot        # or: .venv/bin/python tools/screenshot.py

The demo is pinned to one instant (HABITS_NOW) so the picture only changes when the site does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-20T18:00:00+00:00"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def main() -> None:
    from playwright.sync_api import sync_playwright

    habits = str(Path(sys.executable).parent / "habits")
    env = {**os.environ, "HABITS_NOW": NOW}
    with tempfile.TemporaryDirectory() as tmp:
        ws, out = Path(tmp) / "demo", Path(tmp) / "site"
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(out)))
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        subprocess.run([habits, "demo", str(ws)], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(
            [habits, "--home", str(ws), "site", "build", "--out", str(out), "--url", url],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium"
            )
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(url + "index.html", wait_until="load")
            page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
            browser.close()
        server.shutdown()
    print(f"wrote {ROOT / 'docs' / 'screenshot.png'}")


if __name__ == "__main__":
    main()
