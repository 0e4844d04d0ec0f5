"""One thread at a time imports the heavy libraries.

The app imports numpy, onnxruntime, faster-whisper and pyttsx3 lazily, on worker threads
(Whisper's loader, the meaning check's loader, the voice's engine thread, the microphone's
reader). numpy's C core cannot be imported by two threads at once: the second one sees a
partially initialised module and fails with "cannot import name '__cpu_features__'" (one
run in three when a recognizer was used right after it was made). Every thread that may be
the first to import one of them does it through `imported()` or inside `heavy_imports()`.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

# Re-entrant: a block holding it may import through imported() again.
_LOCK = threading.RLock()


@contextmanager
def heavy_imports() -> Iterator[None]:
    """Hold while importing heavy libraries for the first time (imports only: not a model's
    loading, which would keep the microphone's reader waiting)."""
    with _LOCK:
        yield


def imported(name: str) -> ModuleType:
    """The module `name`, imported under the lock the first time; no wait once it is there."""
    module = sys.modules.get(name)
    if module is not None and not getattr(getattr(module, "__spec__", None), "_initializing", False):
        return module
    with _LOCK:
        return importlib.import_module(name)
