"""The store's parts one by one: the log-file splitter, safe writes, framed pickles, the cache.

The CLI tests show these at work end to end; here each part is held to its own promise.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habits.core.model import Entry
from habits.core.problems import Problem
from habits.store import files
from habits.store.cache import CACHE_FORMAT, LOG, Cache
from habits.store.frames import dumps, frame, shaped, unframe
from habits.store.members import read_member
from habits.store.pack import default_pack_dir, load_pack
from habits.store.reader import OddFile, open_regular, read_regular
from habits.store.teamfolder import Team
from habits.store.tomlfile import block_span, split_array, split_lines
from habits.store.tomlvalue import toml_value

# -- the log-file splitter ------------------------------------------------------------------

LOG_FILE = """\
# my log
[[entry]]
id = "a1"
action = "lunch"

[[entry]]
id = "b2"
action = "card"
note = "two
  lines"

[[entry]]
id = "c3"
action = "icebreaker"
"""


def test_split_lines_splits_at_newlines_only() -> None:
    """As tomllib counts lines: a note's U+2028 or U+0085 is not a line break."""
    assert split_lines("a\u2028b\nc\r\n\x85d") == ["a\u2028b\n", "c\r\n", "\x85d"]
    assert split_lines("a\n") == ["a\n"]
    assert split_lines("") == []


@given(st.text())
def test_split_lines_keeps_every_character(text: str) -> None:
    lines = split_lines(text)
    assert "".join(lines) == text
    assert all(line.count("\n") == 1 and line.endswith("\n") for line in lines[:-1])
    assert len(lines) == text.count("\n") + (not text.endswith("\n") and text != "")


def test_a_broken_block_never_hides_the_others() -> None:
    chunks, preamble = split_array(LOG_FILE, "entry")
    assert preamble == []
    assert [c.line for c in chunks] == [2, 6, 12]
    assert [c.table and c.table["id"] for c in chunks] == ["a1", None, "c3"]
    broken = chunks[1]
    assert broken.error_line == 9  # the line of the open quote, counted in the whole file
    assert '`note = "two`' in broken.error and broken.hint


def test_a_broken_header_starts_a_damaged_block_of_its_own() -> None:
    text = '[[entry]]\nid = "a1"\naction = "lunch"\n[[entry\nid = "b2"\naction = "card"\n'
    chunks, _ = split_array(text, "entry")
    assert [(c.line, c.table) for c in chunks] == [
        (1, {"id": "a1", "action": "lunch"}),
        (4, None),
    ]
    assert chunks[1].error_line == 4


def test_anything_but_entries_before_the_first_is_a_problem_of_the_preamble() -> None:
    _, preamble = split_array('name = "x"\n\n[[entry]]\nid = "a1"\n', "entry")
    assert [(p.line, p.error) for p in preamble] == [
        (1, "only [[entry]] tables belong in this file")
    ]
    _, broken = split_array('name = "x\n[[entry]]\nid = "a1"\n', "entry")
    assert [p.error_line for p in broken] == [1] and broken[0].hint


NOTES = st.text(st.characters(blacklist_categories=["Cs"]), max_size=20)


@given(st.lists(st.tuples(NOTES, st.booleans()), min_size=1, max_size=6))
def test_every_block_is_found_at_its_header_whole_or_broken(blocks: list[tuple[str, bool]]) -> None:
    """Whatever the notes hold, each block is one chunk at its header's line: a whole block
    gives its table, a broken one an error inside it, and no block changes another."""
    text, headers = "", []
    for n, (note, broken) in enumerate(blocks):
        headers.append(text.count("\n") + 1)
        value = '"unterminated' if broken else toml_value(note)
        text += f'[[entry]]\nid = "e{n}"\nnote = {value}\n\n'
    chunks, preamble = split_array(text, "entry")
    assert preamble == []
    assert [c.line for c in chunks] == headers
    for n, (chunk, (note, broken)) in enumerate(zip(chunks, blocks, strict=True)):
        if broken:
            assert chunk.table is None and chunk.error_line == headers[n] + 2
        else:
            assert chunk.table == {"id": f"e{n}", "note": note}


def test_block_span_runs_to_the_next_header_or_the_end() -> None:
    lines = split_lines(LOG_FILE)
    assert block_span(LOG_FILE, "entry", 2) == (1, 5)
    assert block_span(LOG_FILE, "entry", 6) == (5, 11)
    assert block_span(LOG_FILE, "entry", 12) == (11, len(lines))
    text = '[[entry]]\nid = "a1"\n[entry]\nid = "b2"\n'  # a header that only looks like one
    assert block_span(text, "entry", 1) == (0, 2)


# -- safe writes ----------------------------------------------------------------------------


def no_space(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write from now on fails as on a full disk."""

    def write(fd: int, data: bytes | memoryview) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", write)


def test_write_atomic_replaces_a_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("old\n")
    path.chmod(0o600)
    files.write_atomic(path, "new\n")
    assert path.read_text() == "new\n"
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]


def test_write_atomic_makes_the_folder_and_a_readable_file(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "core.pickle"
    files.write_atomic(path, b"\x00\x01", durable=False)
    assert path.read_bytes() == b"\x00\x01"
    assert path.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("durable", [True, False])
def test_a_failed_write_atomic_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, durable: bool
) -> None:
    path = tmp_path / "people.toml"
    path.write_text("old\n")
    no_space(monkeypatch)
    with pytest.raises(files.NotWritten) as raised:
        files.write_atomic(path, "new\n", durable=durable, shown="people.toml")
    monkeypatch.undo()
    shown = "No space left on device: people.toml; nothing was written"
    assert str(raised.value) == f"{shown}; free some space and run it again"
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["people.toml"]


def test_append_text_starts_a_new_file_with_its_header(tmp_path: Path) -> None:
    path = tmp_path / "log" / "2026-11.toml"
    assert files.append_text(path, "[[entry]]\n", header="# November\n") == 0
    assert path.read_text() == "# November\n[[entry]]\n"
    assert files.append_text(path, "[[entry]]\n", header="# ignored\n") == len("# November\n") + 10
    assert path.read_text() == "# November\n[[entry]]\n[[entry]]\n"


def test_append_text_never_joins_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "2026-11.toml"
    path.write_text('[[entry]]\nid = "a1')  # a crash cut the last line
    files.append_text(path, "[[entry]]\n")
    assert path.read_text() == '[[entry]]\nid = "a1\n[[entry]]\n'


def test_a_failed_append_to_a_new_file_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "2026-12.toml"
    no_space(monkeypatch)
    with pytest.raises(files.NotWritten):
        files.append_text(path, "[[entry]]\n", header="# December\n")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_an_append_interrupted_by_the_user_is_undone_and_still_interrupts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C halfway through a write: the file is as it was, and the interrupt goes on."""
    path = tmp_path / "2026-11.toml"
    path.write_text("[[entry]]\n")
    real = os.write

    def half_then_interrupt(fd: int, data: bytes | memoryview) -> int:
        real(fd, bytes(data)[:5])
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "write", half_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        files.append_text(path, "[[entry]]\nid = 'b2'\n")
    monkeypatch.undo()
    assert path.read_text() == "[[entry]]\n"


# -- opening a file of ours ----------------------------------------------------------------


@contextlib.contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail, instead of stalling the suite, if the block is still waiting after `seconds`."""

    def late(signum: int, frame: object) -> None:
        raise TimeoutError(f"still waiting after {seconds} s")

    before = signal.signal(signal.SIGALRM, late)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


def open_fds() -> set[str]:
    return {fd.name for fd in Path("/proc/self/fd").iterdir()}


def odd_thing(tmp_path: Path, kind: str) -> Path:
    """Something named like a file of ours that is not one."""
    path = tmp_path / "2026-11.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "device":
        path.symlink_to("/dev/null")
    else:
        path.symlink_to(tmp_path / "gone.toml")
    return path


ODD_KINDS = {
    "fifo": "a named pipe (FIFO), not a file habits can read",
    "folder": "a folder, not a file habits can read",
    "device": "a symlink to a character device (/dev/null), not a file habits can read",
    "gone": "a symlink to a missing file ({}/gone.toml)",
}
READ, APPEND = os.O_RDONLY, os.O_RDWR | os.O_APPEND
# A folder is never opened to write: that is the system's own error (the next test).
ODD_OPENS = [(kind, READ) for kind in ODD_KINDS] + [
    (kind, APPEND) for kind in ODD_KINDS if kind != "folder"
]


@pytest.mark.parametrize(("kind", "flags"), ODD_OPENS)
def test_open_regular_refuses_anything_but_a_regular_file_at_once(
    tmp_path: Path, kind: str, flags: int
) -> None:
    """A FIFO with no writer would block a plain open for ever: here it is refused at once,
    and nothing is left open."""
    path = odd_thing(tmp_path, kind)
    before = open_fds()
    with within(5), pytest.raises(OddFile) as raised:
        open_regular(path, flags)
    assert raised.value.message == ODD_KINDS[kind].format(tmp_path)
    assert open_fds() == before


def test_open_regular_leaves_other_errors_to_the_caller(tmp_path: Path) -> None:
    """Nothing there is FileNotFoundError (a writer then makes the file); a folder opened to
    write, or a link refused by O_NOFOLLOW, is the system's own error."""
    with pytest.raises(FileNotFoundError) as missing:
        open_regular(tmp_path / "2026-12.toml", READ)
    assert not isinstance(missing.value, OddFile)
    with pytest.raises(IsADirectoryError):
        open_regular(odd_thing(tmp_path, "folder"), APPEND)
    link = tmp_path / ".lock"
    link.symlink_to(tmp_path / "people.toml")
    link.with_name("people.toml").write_text("")
    with pytest.raises(OSError) as refused:
        open_regular(link, READ | os.O_NOFOLLOW)
    assert refused.value.errno == errno.ELOOP and not isinstance(refused.value, OddFile)


def test_open_regular_opens_a_regular_file_with_the_flags_given(tmp_path: Path) -> None:
    path = tmp_path / "2026-11.toml"
    fd = open_regular(path, APPEND | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, b"[[entry]]\n")
        assert os.get_inheritable(fd) is False  # never handed to a child process
    finally:
        os.close(fd)
    assert path.stat().st_mode & 0o777 == 0o600
    fd = open_regular(path, READ)
    try:
        assert os.read(fd, 100) == b"[[entry]]\n"
    finally:
        os.close(fd)
    with pytest.raises(FileExistsError):
        open_regular(path, APPEND | os.O_CREAT | os.O_EXCL)


@given(st.binary(max_size=300), st.integers(min_value=0, max_value=300))
def test_read_regular_reads_a_file_whole_up_to_its_cap(raw: bytes, cap: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.toml"
        path.write_bytes(raw)
        if len(raw) <= cap:
            assert read_regular(path, cap) == raw
        else:
            with pytest.raises(OddFile, match="too large to be ours"):
                read_regular(path, cap)


# -- member files ---------------------------------------------------------------------------


def test_a_member_files_entries_are_located_as_toml_counts_lines(tmp_path: Path) -> None:
    """A display name may hold a U+2028, which `str.splitlines` would take for a line break."""
    team = Team(tmp_path, "T", (date(2026, 11, 2), None), 0, 7, ("season",), None)
    pack, _ = load_pack(default_pack_dir(), str)
    path = tmp_path / "ada.toml"
    lines = [
        "format = 2",
        'handle = "ada"',
        'display_name = "Ada\u2028L."',
        "published = 2026-11-20",
        "entries = [",
        '  "e1 2026-11-18 2026-11-18 lunch - - aa",',
        '  "e2 2026-11-18",',
        "]",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    member, problems = read_member(path, team, pack)
    assert [(p.path, p.line, p.message) for p in problems] == [
        ("members/ada.toml", 7, "an entry needs 7 fields")
    ]
    assert member is not None and [e.id for e in member.entries] == ["e1"]


# -- framed pickles -------------------------------------------------------------------------


@given(st.lists(st.binary(max_size=64), max_size=5))
def test_frames_read_back_in_order(bodies: list[bytes]) -> None:
    raw = memoryview(b"".join(map(frame, bodies)))
    at, found = 0, []
    while at < len(raw):
        body, at = unframe(raw, at)
        assert body is not None
        found.append(bytes(body))
    assert found == bodies


@given(st.binary(min_size=1, max_size=64), st.data())
def test_any_damage_to_a_frame_shows(body: bytes, data: st.DataObject) -> None:
    whole = frame(body)
    flip = data.draw(st.integers(0, len(whole) - 1), label="flipped byte")
    bit = data.draw(st.integers(0, 7), label="bit")
    damaged = bytearray(whole)
    damaged[flip] ^= 1 << bit
    assert unframe(memoryview(bytes(damaged)), 0) == (None, len(damaged))
    cut = data.draw(st.integers(0, len(whole) - 1), label="cut at")
    assert unframe(memoryview(whole[:cut]), 0) == (None, cut)


def test_a_value_has_a_shape_or_not() -> None:
    entry = Entry("a1", datetime(2026, 11, 20, tzinfo=UTC), "lunch", datetime(2026, 11, 20))
    assert shaped(([entry], []), LOG)
    assert not shaped(([entry], [], []), LOG)  # one element too many
    assert not shaped(([entry, "a1"], []), LOG)  # a list with a stranger in it
    assert not shaped([[entry], []], LOG)  # a list where a tuple belongs
    assert shaped([("k", 1), ("l", None)], [(str, int | None)])
    assert not shaped([("k", "1")], [(str, int | None)])


# -- the cache ------------------------------------------------------------------------------


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What the cache tells with --debug."""
    lines: list[str] = []
    monkeypatch.setattr(Cache, "report", lines.append)
    yield lines


def entry(n: int) -> Entry:
    at = datetime(2026, 11, n, 12, tzinfo=UTC)
    return Entry(f"e{n}", at, "lunch", at, ("Ana",), origin=f"log/2026-11.toml:{n}")


def test_a_value_is_found_again_only_for_the_same_contents_and_shape(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put("settings.toml", "digest-1", ("Ada", 7))
    cache.save()
    again = Cache(tmp_path)
    assert again.lookup("settings.toml", "digest-1", (str, int)) == ("Ada", 7)
    assert again.lookup("settings.toml", "digest-2", (str, int)) is None  # the file changed
    assert again.lookup("settings.toml", "digest-1", (str, str)) is None  # another shape
    assert again.lookup("pack.toml", "digest-1", (str, int)) is None


def test_each_log_file_is_kept_apart_from_the_rest(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put_log("log/2026-11.toml", "d-nov", [entry(1)], [])
    cache.put("settings.toml", "d-set", "Ada")
    cache.save()
    assert len(list(tmp_path.glob("*.pickle"))) == 2
    again = Cache(tmp_path)
    assert again.log_problems("log/2026-11.toml", "d-nov") == []  # known without the entries
    assert "log/2026-11.toml" not in again.groups  # whose pickle was not even read
    assert again.lookup("log/2026-11.toml", "d-nov", LOG) == ([entry(1)], [])


def test_entries_added_to_a_log_file_are_appended_to_its_pickle(tmp_path: Path) -> None:
    key = "log/2026-11.toml"
    cache = Cache(tmp_path)
    cache.put_log(key, "d1", [entry(1)], [])
    cache.save()
    (pickle,) = [p for p in tmp_path.glob("*.pickle") if "2026-11" in p.name]
    before = pickle.read_bytes()
    grown = Cache(tmp_path)
    grown.extend_log(key, "d1", "d2", [entry(2)])
    grown.save()
    after = pickle.read_bytes()
    assert len(after) > len(before) and after.startswith(before)  # only appended to
    again = Cache(tmp_path)
    assert again.lookup(key, "d2", LOG) == ([entry(1), entry(2)], [])
    assert again.lookup(key, "d1", LOG) is None


def test_a_torn_record_leaves_the_value_it_would_have_changed(
    tmp_path: Path, told: list[str]
) -> None:
    key = "log/2026-11.toml"
    cache = Cache(tmp_path)
    cache.put_log(key, "d1", [entry(1)], [])
    cache.save()
    (pickle,) = [p for p in tmp_path.glob("*.pickle") if "2026-11" in p.name]
    size = pickle.stat().st_size
    grown = Cache(tmp_path)
    grown.extend_log(key, "d1", "d2", [entry(2)])
    grown.save()
    pickle.write_bytes(pickle.read_bytes()[:-3])  # a crash while appending
    again = Cache(tmp_path)
    assert again.lookup(key, "d2", LOG) is None
    assert again.lookup(key, "d1", LOG) == ([entry(1)], [])
    again.save()  # and the pickle is written whole again
    assert pickle.stat().st_size == size
    assert told == []  # a torn record is not damage to tell about


@pytest.mark.parametrize(
    "contents",
    [b"", b"\x80\x04garbage", frame(b"not a pickle"), frame(dumps(["a", "list"]))],
    ids=["empty", "garbage", "no pickle", "not a dict"],
)
def test_a_damaged_cache_file_is_dropped(tmp_path: Path, told: list[str], contents: bytes) -> None:
    cache = Cache(tmp_path)
    cache.put("settings.toml", "d", "Ada")
    cache.save()
    (pickle,) = tmp_path.glob("*.pickle")
    pickle.write_bytes(contents)
    again = Cache(tmp_path)
    assert again.lookup("settings.toml", "d", str) is None
    assert not pickle.exists()
    assert told == [f"cache file {pickle} is damaged: dropped, rebuilt from the files"]
    again.put("settings.toml", "d", "Ada")
    again.save()
    assert Cache(tmp_path).lookup("settings.toml", "d", str) == "Ada"


def test_a_cache_file_of_other_shapes_is_dropped(tmp_path: Path, told: list[str]) -> None:
    pickle = tmp_path / "core.pickle"
    items: dict[str, Any] = {"settings.toml": "Ada, without its digest"}
    pickle.write_bytes(frame(dumps({"format": CACHE_FORMAT, "items": items})))
    assert Cache(tmp_path).lookup("settings.toml", "d", str) is None
    assert not pickle.exists()
    assert told == [
        f"cache file {pickle} is not what this version writes: dropped, rebuilt from the files"
    ]


def test_a_cache_file_of_another_version_is_ignored_quietly(
    tmp_path: Path, told: list[str]
) -> None:
    pickle = tmp_path / "core.pickle"
    items = {"settings.toml": ("d", "Ada")}
    pickle.write_bytes(frame(dumps({"format": ("0.0.0", 1), "items": items})))
    assert Cache(tmp_path).lookup("settings.toml", "d", str) is None
    assert told == []


def test_tidying_forgets_removed_log_files_and_a_killed_writes_temp_files(
    tmp_path: Path,
) -> None:
    cache = Cache(tmp_path)
    for month in ("2026-10", "2026-11"):
        cache.put_log(f"log/{month}.toml", month, [], [Problem(f"log/{month}.toml", 1, "x")])
    cache.save()
    assert len(list(tmp_path.glob("*.pickle"))) == 3
    stale = tmp_path / ".core.pickle.99999999.0123456789ab.tmp"  # its writer is gone
    stale.write_bytes(b"half a pickle")
    cache.tidy({"log/2026-11.toml"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "core.pickle",
        "log-2026-11.toml.pickle",
    ]
