"""One thread at a time imports the heavy libraries.

The app imports numpy, onnxruntime, faster-whisper and pyttsx3 lazily, on worker threads
(Whisper's loader, the meaning check's loader, the voice's engine thread, the microphone's
reader). numpy's C core cannot be imported by two threads at once: the second one sees a
partially initialised module and fails with "cannot import name '__cpu_features__'" (one
run in three when a recognizer was used right after it was made). Every thread that may be
the first to import one of them does it inside `heavy_imports()`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Re-entrant: a loader holding it may call code that imports under it again.
_LOCK = threading.RLock()


@contextmanager
def heavy_imports() -> Iterator[None]:
    """Hold while importing (or loading) a heavy library for the first time."""
    with _LOCK:
        yield
