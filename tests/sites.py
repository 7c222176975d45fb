"""Built personal sites for the site and browser tests: the demo, and one full of XSS canaries."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import tomli_w
from click.testing import CliRunner

from habits.cli import cli

NOW = "2026-11-20T18:00:00+00:00"

# Each payload sets a flag if it ever runs; none may. An <img> one would also request "x".
CANARY_IMG = "<img src=x onerror=window.__xss=1>"
CANARY_SCRIPT = "<script>window.__xss=2</script>"
CANARIES = (CANARY_IMG, CANARY_SCRIPT)
# Markdown, not HTML: read as Markdown it is a live javascript: link and a request to another
# host. The emoji is outside the basic plane (a surrogate pair in JSON's ASCII escapes).
EMOJI = "🍱"
CANARY_MD = (
    f"Lunch {EMOJI} [click](javascript:alert(document.domain)) ![x](http://evil.example/p.png)"
)
# Markdown that works only at the start of a line (fenced code, a reference link, a heading,
# a snippet include), then a template expression: for the fields that may hold line breaks.
CANARY_LINES = (
    f"ok {EMOJI}\n\n```\nfenced [f](javascript:alert(3))\n```\n\n[r]: javascript:alert(4)\n"
    '# {{ 7 * 7 }}\n--8<-- "/etc/hostname"\n![y](http://evil.example/y.png)'
)
EVIL = "evil.example"


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


def toml_str(value: str) -> str:
    """A TOML basic string holding value (line breaks and emoji included)."""
    return tomli_w.dumps({"v": value}).removeprefix("v = ").strip()


def canary_site(root: Path) -> BuiltSite:
    """The demo, with canaries (HTML, Markdown, line-start Markdown, an emoji) in the person's
    name, contacts, notes, venues and tags, and in challenge, action and badge titles and
    descriptions, level names and an opener's text."""
    ws = root / "canary"
    habits("demo", str(ws), "--weeks", "3")
    settings = ws / "habits.toml"
    name = toml_str(f"{CANARY_SCRIPT} {CANARY_MD}")
    text = re.sub(r"(?m)^name = .*$", lambda _: f"name = {name}", settings.read_text())
    settings.write_text(text, "utf-8")
    (ws / "mkdocs.yml").unlink()  # written again from the name above
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
    lunch = ws / "challenges" / "lunch.toml"
    # replacements as functions: re.sub would read the escapes in a TOML string
    text = re.sub(
        r"(?m)^title = .*$", lambda _: f"title = {toml_str(CANARY_MD)}", lunch.read_text()
    )
    text = re.sub(
        r"(?m)^description = .*$", lambda _: f"description = {toml_str(CANARY_LINES)}", text
    )
    lunch.write_text(text, "utf-8")
    edits = {  # file: (the n-th `key = "` to change, its key)
        "actions.toml": (2, "title"),  # follow-up: the first action holds CANARY_IMG by now
        "badges.toml": (1, "description"),  # the first badge, earned by the first entry
        "openers.toml": (1, "text"),
    }
    for name, (nth, key) in edits.items():
        path = ws / "challenges" / name
        parts = re.split(rf'(?m)^{key} = "', path.read_text())
        parts[nth] = f"{toml_str(CANARY_MD)} # " + parts[nth]  # the old value: a comment
        path.write_text(parts[0] + "".join(
            (f"{key} = " if n == nth else f'{key} = "') + part
            for n, part in enumerate(parts[1:], start=1)
        ), "utf-8")  # fmt: skip
    levels = ws / "challenges" / "levels.toml"
    names = ", ".join(toml_str(f"{CANARY_MD} {n}") for n in range(1, 13))
    text = re.sub(r"(?ms)^names = \[.*?\]", lambda _: f"names = [{names}]", levels.read_text())
    levels.write_text(text, "utf-8")
    home = ("--home", str(ws))
    habits(*home, "log", "icebreaker", "--with", CANARY_IMG, "--where", "call",
           "--note", CANARY_SCRIPT, "--tag", "ok", "--at", "2026-11-20T09:00")  # fmt: skip
    habits(*home, "log", "lunch", "--with", CANARY_SCRIPT, "--where", CANARY_IMG,
           "--tag", CANARY_IMG, "--note", CANARY_IMG, "--at", "2026-11-19T12:30")  # fmt: skip
    habits(*home, "log", "lunch", "--with", CANARY_MD, "--where", f"{EMOJI} {CANARY_MD}",
           "--tag", CANARY_MD, "--note", CANARY_LINES, "--at", "2026-11-18T12:30")  # fmt: skip
    assert "All good" in habits(*home, "check")  # every canary was read, none broke a file
    habits(*home, "site", "build", "--out", str(ws / "site"))
    return BuiltSite(ws, ws / "site")


# Attributes whose value a browser follows or fetches as a URL.
URL_ATTRIBUTES = {
    "href", "src", "srcset", "data", "action", "formaction", "poster", "background", "cite",
    "ping", "xlink:href",
}  # fmt: skip


@dataclass
class Markup:
    """A page as a browser reads it: every URL in its markup, its text, and the text of its
    <title>, its <h1> and its links."""

    urls: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    h1: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found = Markup()
        self.shown = {"title": self.found.title, "h1": self.found.h1, "a": self.found.links}
        self.open: list[str] = []  # the open elements among those of self.shown

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.urls += [v for k, v in attrs if k in URL_ATTRIBUTES and v]
        if tag in self.shown:
            self.open.append(tag)
            self.shown[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag)]

    def handle_data(self, data: str) -> None:
        self.found.text.append(data)
        for tag in set(self.open):
            self.shown[tag][-1] += data


def read_markup(html: str) -> Markup:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.found


def search_docs(out: Path) -> list[dict[str, str]]:
    """The entries of a built site's search index (titles and text are HTML)."""
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs: list[dict[str, str]] = index["docs"]
    return docs


def assert_inert(out: Path, shown: Iterable[str]) -> dict[str, Markup]:
    """Assert that no built page and no search entry holds a `javascript:` URL or any URL to
    the canaries' host, and that each string in `shown` is there as text, whole (its emoji
    too). Returns every page and search entry as read."""
    read = {
        path.relative_to(out).as_posix(): read_markup(path.read_text(encoding="utf-8"))
        for path in sorted(out.rglob("*.html"))
    }
    for doc in search_docs(out):
        read[f"search:{doc['location']}"] = read_markup(
            f"<title>{doc['title']}</title>{doc['text']}"
        )
    for name, markup in read.items():
        for url in markup.urls:
            # browsers drop whitespace and control characters in a scheme: "java\tscript:"
            bare = "".join(c for c in url if c.isprintable() and not c.isspace()).lower()
            assert urlsplit(bare).scheme not in ("javascript", "vbscript"), f"{name}: {url}"
            assert EVIL not in bare, f"{name} links to or loads {url}"
        assert not any(re.search(r"\\u[dD][89abAB]", text) for text in markup.text), (
            f"{name} shows a surrogate escape: a string went through JSON's ASCII escapes"
        )
    pages = "\n".join(
        t for name, m in read.items() if not name.startswith("search:") for t in m.text
    )
    search = "\n".join(t for name, m in read.items() if name.startswith("search:") for t in m.text)
    for text in shown:
        assert text in pages, f"{text!r} is not shown as text on any page"
        # the search index keeps the text, its spacing folded
        assert " ".join(text.split()) in " ".join(search.split()), f"{text!r} is not in search"
    return read
