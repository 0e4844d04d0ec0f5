"""Reading users' files safely: regular files only, size checked before reading.

A prep named /dev/zero would otherwise grow without end, a FIFO would block forever and a
folder would raise deep inside a parser. `read_capped` opens without blocking, checks what
the path is and how large it is, then reads at most the cap (a file that grows while being
read is still cut off). Every refusal is a `FileProblem` whose message is one line.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

PREP_MAX_BYTES = 1024 * 1024  # a hand-written prep is a few KB
ANSWERS_MAX_BYTES = 2 * 1024 * 1024  # scripted answers or one answer's text


class FileProblem(ValueError):
    """A file that cannot be read as asked; str() is one line without the path."""


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def read_capped(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes."""
    if "\x00" in str(path):
        raise FileProblem("the file name contains a NUL character")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileProblem("no such file") from None
    except IsADirectoryError:
        raise FileProblem("is a folder, not a file") from None
    except OSError as exc:
        raise FileProblem(f"cannot read ({exc.strerror or exc})") from None
    except UnicodeEncodeError:  # a lone surrogate that no file system name can hold
        raise FileProblem("the file name is not valid text") from None
    info = os.fstat(fd)
    problem = ""
    if stat.S_ISDIR(info.st_mode):
        problem = "is a folder, not a file"
    elif not stat.S_ISREG(info.st_mode):
        problem = "not a regular file (a device, pipe or socket)"
    elif info.st_size > limit:
        problem = f"too large ({info.st_size:,} bytes; the limit is {_size(limit)})"
    if problem:
        os.close(fd)
        raise FileProblem(problem)
    with os.fdopen(fd, "rb", buffering=0) as handle:
        try:
            data = _read_up_to(handle, limit + 1)
        except OSError as exc:
            raise FileProblem(f"cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise FileProblem(f"too large (over {_size(limit)})")
    return data


def read_stdin_capped(limit: int) -> bytes:
    """Standard input, refused beyond `limit` bytes."""
    data = _read_up_to(sys.stdin.buffer, limit + 1)
    if len(data) > limit:
        raise FileProblem(f"too large (over {_size(limit)})")
    return data


def _read_up_to(handle, count: int) -> bytes:
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = handle.read(min(left, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def decode_utf8(data: bytes) -> str:
    """Strict UTF-8 (a leading BOM is dropped); FileProblem names the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileProblem(f"not UTF-8 text (a bad byte on line {line})") from None
