"""Pickles that show their damage: each framed with its length and digest, and every value
checked for the shape its reader expects before it is used.

The cache is written by this program, but a file can be truncated, overwritten, flipped by a
disk, or changed by hand: a frame whose digest does not match its bytes is never unpickled.
"""

from __future__ import annotations

from typing import Any

try:  # the C module alone: `pickle` loads its pure-Python half too, a ms on every start
    from _pickle import dumps, loads
except ImportError:  # pragma: no cover - CPython always builds it
    from pickle import dumps, loads

try:  # the bare C module: `hashlib` loads OpenSSL first, a few ms on every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - CPython always builds it
    from hashlib import blake2b

HEAD = 24  # a frame's head: the length of its bytes (8) and their digest (16)

__all__ = ["dumps", "frame", "loads", "shaped", "unframe"]


def frame(data: bytes) -> bytes:
    """Bytes as the cache writes them: their length and digest first, so damage shows."""
    return len(data).to_bytes(8, "little") + blake2b(data, digest_size=16).digest() + data


def unframe(raw: memoryview, at: int) -> tuple[memoryview | None, int]:
    """The bytes of the frame at `at` and where the next one starts (None: torn or damaged)."""
    end = at + HEAD
    size = int.from_bytes(raw[at : at + 8], "little")
    body = raw[end : end + size]
    if end > len(raw) or len(body) != size:
        return None, len(raw)
    if blake2b(body, digest_size=16).digest() != raw[at + 8 : end]:
        return None, len(raw)
    return body, end + size


def shaped(value: object, shape: Any) -> bool:
    """True if a value has this shape: a class (or union), a tuple of shapes (element by
    element), or [shape] for a list of values of that shape."""
    if isinstance(shape, tuple):
        return (
            isinstance(value, tuple) and len(value) == len(shape) and all(map(shaped, value, shape))
        )
    if isinstance(shape, list):
        kind = shape[0]
        if isinstance(kind, type):
            return isinstance(value, list) and all(isinstance(v, kind) for v in value)
        return isinstance(value, list) and all(shaped(v, kind) for v in value)
    return isinstance(value, shape)
