"""Give freed memory back to the system after the big, one-off allocations.

glibc keeps what a program frees for later use; after loading a model, tens of MB of its
parse and conversion buffers stay counted in the process's RSS, and the next allocation
(the other model, an answer) stacks on top. `malloc_trim(0)` returns those free pages.
Measured (scripts/bench_speech.py, scripts/bench_checker.py): voice rehearsal peak RSS
370 -> ~325 MB with the meaning model's table on disk; the meaning check's RSS +84 -> +67 MB.

Trimming after every use is not free: the next use faults the pages in again. For the
meaning check that is ~2 ms a check; for Whisper, whose encoder reallocates ~50 MB of small
blocks per answer, it was +40 ms of CPU per 10 s answer. So once Whisper is loaded
(`keep_heap_warm`), trims after a use are skipped; trims after a load still happen.
A fixed mmap threshold (mallopt) returns memory too, but cost Whisper 15-20 % more CPU.
"""

from __future__ import annotations

import ctypes
import os
from functools import cache

_warm = False


@cache
def _malloc_trim():
    """glibc's malloc_trim, or None on another C library (musl, macOS, Windows)."""
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc"):
            return None
        return ctypes.CDLL(None).malloc_trim
    except (ValueError, OSError, AttributeError):  # no such name (not glibc), no symbol
        return None


def keep_heap_warm() -> None:
    """From now on, give_back_freed_memory(after_use=True) keeps the free heap (see above)."""
    global _warm
    _warm = True


def give_back_freed_memory(*, after_use: bool = False) -> bool:
    """Return the heap's free pages to the system; False where the C library cannot, or
    after a use while a component that reuses the heap is loaded."""
    trim = _malloc_trim()
    if trim is None or (after_use and _warm):
        return False
    trim(0)
    return True
