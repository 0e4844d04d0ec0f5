"""Freed memory goes back to the system where the C library can do it (glibc)."""

from __future__ import annotations

import os

import pytest

from tui.memory import give_back_freed_memory


def _glibc() -> bool:
    try:
        return os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc")
    except (ValueError, OSError):
        return False


@pytest.mark.skipif(not _glibc(), reason="malloc_trim is glibc's")
def test_glibc_trims() -> None:
    assert give_back_freed_memory() is True
