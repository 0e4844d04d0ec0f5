"""Give freed memory back to the system after the big, one-off allocations.

glibc keeps what a program frees for later use; after loading a model or running Whisper's
encoder (about 100 MB of working memory for a 30 s window), tens of MB of free heap stay
counted in the process's RSS, and the next allocation (the other model, the next answer)
stacks on top. `malloc_trim(0)` returns those free pages: measured in a voice rehearsal
(scripts/bench_speech.py), peak RSS 370 -> ~345 MB, at 1-3 ms per call. A fixed mmap
threshold (mallopt) returns them too, but cost Whisper 15-20 % more CPU time.
"""

from __future__ import annotations

import ctypes
import os
from functools import cache


@cache
def _malloc_trim():
    """glibc's malloc_trim, or None on another C library (musl, macOS, Windows)."""
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc"):
            return None
        return ctypes.CDLL(None).malloc_trim
    except (ValueError, OSError, AttributeError):  # no such name (not glibc), no symbol
        return None


def give_back_freed_memory() -> bool:
    """Return the heap's free pages to the system; False where the C library cannot."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
