"""Keep what native engines print (eSpeak, ALSA, pyttsx3's "Audio saved to ...") off the terminal.

C code writes straight to file descriptors 1 and 2, so those are pointed at /dev/null for
the duration of the engine call only: a Textual app shares those descriptors, so the
window must stay short. Python-level prints from the calling thread are dropped too,
while other threads keep printing to the real sys.stdout/sys.stderr.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_fd_lock = threading.Lock()
_redirect_fds = True


def configure(redirect_fds: bool) -> None:
    """Turn the fd-level redirect off (e.g. a UI that would rather risk a stray line than
    lose a frame written during the few milliseconds of an engine call)."""
    global _redirect_fds
    _redirect_fds = redirect_fds


class _ThreadFilter:
    """Drops writes from one thread, passes the others through."""

    def __init__(self, real, thread_id: int):
        self._real = real
        self._thread_id = thread_id

    def write(self, text: str) -> int:
        if threading.get_ident() == self._thread_id:
            return len(text)
        return self._real.write(text)

    def flush(self) -> None:
        if threading.get_ident() != self._thread_id:
            self._real.flush()

    def __getattr__(self, name: str):
        return getattr(self._real, name)


def _flush_c_stdio() -> None:
    try:
        import ctypes

        ctypes.CDLL(None).fflush(None)
    except (OSError, AttributeError):
        pass


@contextmanager
def silenced_output() -> Iterator[None]:
    """Silence fds 1/2 and this thread's sys.stdout/sys.stderr for the block."""
    with _fd_lock:
        real_out, real_err = sys.stdout, sys.stderr
        me = threading.get_ident()
        sys.stdout = _ThreadFilter(real_out, me)
        sys.stderr = _ThreadFilter(real_err, me)
        for stream in (real_out, real_err):
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        saved = []
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            for fd in (1, 2) if _redirect_fds else ():
                try:
                    saved.append((fd, os.dup(fd)))
                    os.dup2(devnull, fd)
                except OSError:
                    pass  # fd not open (daemon, odd embedding): nothing to silence
            yield
        finally:
            _flush_c_stdio()  # C buffers must drain into /dev/null, not later onto the screen
            for fd, copy in saved:
                os.dup2(copy, fd)
                os.close(copy)
            os.close(devnull)
            # Only undo our own swap: someone may have replaced the streams meanwhile.
            if isinstance(sys.stdout, _ThreadFilter) and sys.stdout._real is real_out:
                sys.stdout = real_out
            if isinstance(sys.stderr, _ThreadFilter) and sys.stderr._real is real_err:
                sys.stderr = real_err
