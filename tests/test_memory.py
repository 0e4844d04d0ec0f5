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


@pytest.mark.skipif(not _glibc(), reason="malloc_trim is glibc's")
def test_after_whisper_loads_a_use_keeps_the_heap_but_a_load_still_trims(monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.memory

    monkeypatch.setattr(tui.memory, "_warm", False)
    assert give_back_freed_memory(after_use=True) is True
    tui.memory.keep_heap_warm()
    assert give_back_freed_memory(after_use=True) is False
    assert give_back_freed_memory() is True
