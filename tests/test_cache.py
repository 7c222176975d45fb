"""The cache can neither lie nor stop a command: it lives outside the workspace, any damage to
it is dropped, and no answer depends on it."""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Home

READERS = (
    ("status",),
    ("status", "--json"),
    ("points", "--json"),
    ("list", "--json"),
    ("due", "--json"),
)


def answers(home: Home) -> list[str]:
    return [home.run(*command).stdout for command in READERS]


def with_history(home: Home) -> None:
    for n, (action, hour) in enumerate([("ice", "09:00"), ("lunch", "10:00"), ("fu", "11:00")]):
        home.run("log", action, "--with", f"P{n % 2}", "--where", "call", "--at", hour)


def unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file this user may not read. Root reads through chmod 000, so there the refusal the
    kernel gives anyone else is given by the read itself, for any file without read bits."""
    path.chmod(0)
    if os.access(path, os.R_OK):  # running as root
        from habits.store import cache, reader

        def refuse(file: Path, cap: int = reader.MAX_FILE) -> bytes:
            if file.exists() and not file.stat().st_mode & 0o444:
                raise PermissionError(13, "Permission denied", str(file))
            return reader.read_regular(file, cap)

        monkeypatch.setattr(cache, "read_regular", refuse)


def flip_bits(raw: bytes) -> bytes:
    middle = len(raw) // 2
    return raw[:middle] + bytes([raw[middle] ^ 0b0001_0100]) + raw[middle + 1 :]


def a_directory(path: Path, _: pytest.MonkeyPatch) -> None:
    path.unlink()
    path.mkdir()
    (path / "x").write_text("x")


DAMAGE: dict[str, Callable[[Path, pytest.MonkeyPatch], object]] = {
    "text": lambda p, _: p.write_bytes(b"garbage\n"),
    "empty": lambda p, _: p.write_bytes(b""),
    "truncated": lambda p, _: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "random bytes": lambda p, _: p.write_bytes(random.Random(7).randbytes(p.stat().st_size)),
    "flipped bits": lambda p, _: p.write_bytes(flip_bits(p.read_bytes())),
    "a directory": a_directory,
    "unreadable": unreadable,
}


@pytest.mark.parametrize("group", ["core", "resume", "log-2026-11.toml"])
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_cache_file_is_dropped_and_rebuilt(
    home: Home, monkeypatch: pytest.MonkeyPatch, damage: str, group: str
) -> None:
    with_history(home)
    expected = answers(home)
    path = home.cache / f"{group}.pickle"
    assert path.is_file()
    with monkeypatch.context() as patch:
        DAMAGE[damage](path, patch)
        assert answers(home) == expected
        assert all(not home.run(*c).stderr for c in READERS)  # silently
        home.run("log", "ice", "--with", "P3", "--at", "12:00")
        logged = answers(home)
    # Gone, or written afresh: a command with --debug finds nothing damaged.
    assert not path.exists() or path.is_file()
    assert all(home.run("--debug", *c).stderr == "" for c in READERS)
    shutil.rmtree(home.cache)
    assert answers(home) == logged


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_cache_file_is_told_once_with_debug(
    home: Home, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    with_history(home)
    expected = home.run("status").stdout
    path = home.cache / "core.pickle"
    DAMAGE[damage](path, monkeypatch)
    told = home.run("--debug", "status")
    assert told.stdout == expected
    [line] = told.stderr.splitlines()
    assert line.startswith(f"debug: cache file {path} ") and line.endswith(
        ": dropped, rebuilt from the files"
    )
    again = home.run("--debug", "status")
    assert (again.stdout, again.stderr) == (expected, "")


def test_a_changed_figure_in_the_cache_is_never_shown(home: Home) -> None:
    """A few bytes changed in a pickle that still loads: the digest in front of it tells."""
    import re

    with_history(home)
    expected = answers(home)
    path = home.cache / "view-Summary.pickle"
    raw = path.read_bytes()
    # The status remembered: the same length, another title for each challenge.
    changed = re.sub(rb"Break the ice", b"Brake the ice", raw)
    assert changed != raw
    path.write_bytes(changed)
    assert answers(home) == expected


def test_a_cache_of_the_wrong_shape_is_never_used(home: Home) -> None:
    """A well-formed pickle of this version whose values are of other types: every one is
    set aside (a value is used only if it has the shape its reader expects)."""
    from habits.store.cache import CACHE_FORMAT
    from habits.store.frames import frame, unframe

    with_history(home)
    expected = answers(home)
    for path in home.cache.glob("*.pickle"):
        body, _ = unframe(memoryview(path.read_bytes()), 0)
        assert body is not None
        import pickle

        stored = pickle.loads(body)
        assert stored["format"] == CACHE_FORMAT
        wrong: dict[str, Any] = {key: (d, {"wrong"}) for key, (d, _) in stored["items"].items()}
        path.write_bytes(frame(pickle.dumps({"format": CACHE_FORMAT, "items": wrong})))
    assert answers(home) == expected
    (home.cache / "core.pickle").write_bytes(frame(pickle.dumps(["not", "a", "dict"])))
    assert answers(home) == expected


def test_the_cache_lives_outside_the_workspace(
    home: Home, cache_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with_history(home)
    home.run("status")
    assert not (home.root / ".cache").exists()
    assert not [p for p in home.root.rglob("*") if p.suffix == ".pickle"]
    assert home.cache.parent == cache_home and list(home.cache.glob("*.pickle"))
    assert str(home.cache) in home.run("where").stdout
    # Without HABITS_CACHE_DIR: the XDG cache folder, one folder per workspace path.
    monkeypatch.delenv("HABITS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    home.run("status")
    assert home.cache.parent == tmp_path / "xdg" / "habits"
    assert list(home.cache.glob("*.pickle"))


def test_an_old_cache_folder_in_a_workspace_is_ignored(home: Home) -> None:
    with_history(home)
    expected = answers(home)
    old = home.root / ".cache"
    old.mkdir()
    (old / "core.pickle").write_bytes(b"\x80\x04crafted")
    assert answers(home) == expected
    assert (old / "core.pickle").read_bytes() == b"\x80\x04crafted"  # left as it was


@pytest.mark.parametrize("edit", ["settings", "pack"])
def test_a_value_is_filed_under_the_bytes_it_was_parsed_from(
    home: Home, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    """A file edited between its digest and its parse: the value parsed is the one read, so
    once the file is back as it was, the cache gives that file's value, not the edit's."""
    from habits.store.cache import Cache
    from habits.store.loaded import load
    from habits.store.workspace import Workspace

    ws = Workspace(home.root, "test")
    path = ws.settings if edit == "settings" else ws.pack / "actions.toml"
    original = path.read_bytes()
    edited = original.replace(b'name = "Ada"', b'name = "Eve"').replace(
        b"points = 5\n", b"points = 50\n", 1
    )
    assert edited != original
    fingerprint = Cache.fingerprint

    def edit_after_reading(self: Cache, name: str, file: Path) -> tuple[str, bytes | None]:
        found = fingerprint(self, name, file)
        if file == path:
            path.write_bytes(edited)  # another program saves the file just then
        return found

    with monkeypatch.context() as patch:
        patch.setattr(Cache, "fingerprint", edit_after_reading)
        load(ws)
    path.write_bytes(original)
    state = load(ws)
    assert state.settings.name == "Ada"
    assert state.pack.actions["lunch"].points == 5


def test_the_opener_rotation_survives_deleting_the_cache(home: Home) -> None:
    first = home.run("opener", "--for", "lift").stdout
    shutil.rmtree(home.cache)
    second = home.run("opener", "--for", "lift").stdout
    assert first != second  # rotated: the same line does not come up twice in a row
    recent = (home.root / "recent-openers.toml").read_text(encoding="utf-8")
    assert first.split("--opener ")[1].split(")")[0] in recent
    (home.root / "recent-openers.toml").write_text("suggested = [[1]]\n")  # not as written
    home.run("opener", "--for", "lift")  # ignored, and written afresh
    assert "suggested = [" in (home.root / "recent-openers.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("cold", [False, True], ids=["warm-cache", "no-cache"])
def test_notes_with_unicode_line_separators_never_stop_undo_or_rm(home: Home, cold: bool) -> None:
    """U+2028 and U+0085 end a line for `str.splitlines`, not for TOML: line numbers count
    only \\n, whichever way the entries were read."""
    home.run("log", "ice", "--with", "Ana", "--note", "one\u2028two", "--at", "09:00")
    home.run("log", "lunch", "--with", "Bo", "--note", "three\u0085four\u2029", "--at", "10:00")
    home.run("log", "fu", "--with", "Ana", "--at", "11:00")
    home.run("log", "ice", "--with", "Cy", "--at", "12:00")
    if cold:
        shutil.rmtree(home.cache)
    lunch = next(e for e in home.json("list") if e["action"] == "lunch")
    if cold:
        shutil.rmtree(home.cache)
    lines = home.log_text().split("\n")
    removed = home.run("rm", lunch["id"]).stdout
    line = int(removed.rsplit(":", 1)[1].rstrip(")\n"))  # where its [[entry]] header was
    assert lines[line - 1 : line + 1] == ["[[entry]]", f'id = "{lunch["id"]}"']
    assert "three" not in home.log_text()
    if cold:
        shutil.rmtree(home.cache)
    undone = home.run("undo").stdout  # takes back the rm: the entry is back as it was
    assert "removed lunch with Bo" in undone
    assert home.log_text().split("\n") == lines
    assert [e["action"] for e in home.json("list")] == [
        "icebreaker",
        "lunch",
        "follow-up",
        "icebreaker",
    ]


@pytest.mark.parametrize("cold", [False, True], ids=["warm-cache", "no-cache"])
def test_hand_written_ids_in_any_toml_string_can_be_removed(home: Home, cold: bool) -> None:
    home.write(
        "log/2026-11.toml",
        r"""
        [[entry]]
        id = 'literal-1'
        at = 2026-11-19T09:00:00Z
        action = "icebreaker"

        [[entry]]
        id = "escaped\u002d2"
        at = 2026-11-19T10:00:00Z
        action = "lunch"

        [[entry]]
        id = '''multi-3'''
        at = 2026-11-19T11:00:00Z
        action = "lunch"
        """,
    )
    home.run("status")  # warms the cache
    for entry_id in ("escaped-2", "literal-1", "multi-3"):
        if cold:
            shutil.rmtree(home.cache)
        assert f"Removed {entry_id}" in home.run("rm", entry_id).stdout
    assert home.json("list") == []


def read_only(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a workspace read-only. Root writes through permissions, so there the refusal the
    kernel gives anyone else is given by every open that would create or write a file in it."""
    for path in [root, *root.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    probe = root / ".probe"
    try:
        probe.touch()
    except PermissionError:
        return  # the permissions hold
    probe.unlink()
    import builtins
    import io

    writes = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def inside(file: Any) -> bool:
        return isinstance(file, str | Path) and Path(file).absolute().is_relative_to(root)

    def refuse(file: Any) -> None:
        raise PermissionError(13, "Permission denied", str(file))

    real_os_open, real_open, real_mkdir = os.open, io.open, os.mkdir

    def os_open(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & writes and inside(file):
            refuse(file)
        return real_os_open(file, flags, *args, **kwargs)

    def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if set(mode) & set("wax+") and inside(file):
            refuse(file)
        return real_open(file, mode, *args, **kwargs)

    def mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
        if inside(path):
            refuse(path)
        real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(io, "open", open_)
    monkeypatch.setattr(builtins, "open", open_)


def test_a_read_only_workspace_can_be_read(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    with_history(home)
    expected = [*answers(home), home.run("check").stdout]
    (home.root / ".lock").unlink()
    try:
        with monkeypatch.context() as patch:
            read_only(home.root, patch)
            assert [*answers(home), home.run("check").stdout] == expected
            assert home.run("people").stdout
            assert not (home.root / ".lock").exists()
            refused = home.run("log", "ice", "--at", "12:00", ok=False)
            assert refused.exit_code == 1
            assert refused.stderr.startswith("error: Permission denied")
            assert ".lock" in refused.stderr
    finally:
        writable(home.root)


def writable(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.mark.parametrize("own_pages", [False, True], ids=["no-pages", "own-pages"])
def test_a_read_only_workspace_without_mkdocs_yml_builds_its_site_elsewhere(
    home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_pages: bool
) -> None:
    with_history(home)
    (home.root / ".lock").unlink()
    (home.root / "mkdocs.yml").unlink()  # a workspace made before the site, or a copy without it
    shutil.rmtree(home.root / "pages")
    if own_pages:
        home.write("pages/reading.md", "# Reading list\n")
    before = home.snapshot()
    out = tmp_path / "out"
    try:
        with monkeypatch.context() as patch:
            read_only(home.root, patch)
            said = home.run("site", "build", "--strict", "--out", str(out)).stdout
    finally:
        writable(home.root)
    assert f"Built your site in {out}" in said
    assert "P0" in (out / "people.html").read_text(encoding="utf-8")
    assert (out / "reading.html").is_file() == own_pages
    assert home.snapshot() == before
    assert not (home.root / "mkdocs.yml").exists()
    assert (home.root / "pages").exists() == own_pages


def test_without_the_cache_every_answer_is_the_same_and_nothing_is_kept(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HABITS_NO_CACHE: a null cache parses every file and keeps nothing, and every answer
    is the one a cached run gives for the same files."""
    with_history(home)
    expected = answers(home)
    shutil.rmtree(home.cache)
    with monkeypatch.context() as patch:
        patch.setenv("HABITS_NO_CACHE", "1")
        assert answers(home) == expected
        assert (
            "21 points in all" in home.run("log", "lunch", "--with", "P7", "--at", "12:00").stdout
        )
        without = answers(home)
        assert not home.cache.exists()
    assert without != expected
    assert answers(home) == without
