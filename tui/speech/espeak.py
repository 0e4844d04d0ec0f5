"""Load the eSpeak NG library that pyttsx3's Linux driver needs, before pyttsx3 is imported.

A system libespeak-ng is used when present; otherwise the copy bundled by the
`espeakng-loader` wheel. The bundled library must be told where its data is
(ESPEAK_DATA_PATH): without it, it prints a `phontab` error and exits the whole process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path


class EspeakMissing(RuntimeError):
    """No eSpeak NG library could be loaded."""


@dataclass(frozen=True)
class EspeakLibrary:
    path: str
    source: str  # "system" or "espeakng-loader"
    data_path: str | None


_lock = threading.Lock()
_loaded: EspeakLibrary | None = None


def load_espeak() -> EspeakLibrary:
    """Load libespeak-ng once per process (RTLD_GLOBAL, so pyttsx3 reuses it)."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = _load()
        return _loaded


def _load() -> EspeakLibrary:
    system = ctypes.util.find_library("espeak-ng")
    if system:
        try:
            ctypes.CDLL(system, mode=ctypes.RTLD_GLOBAL)
            return EspeakLibrary(system, "system", os.environ.get("ESPEAK_DATA_PATH"))
        except OSError:
            pass  # fall back to the bundled copy
    try:
        import espeakng_loader
    except ImportError as exc:
        raise EspeakMissing(
            "eSpeak NG not found: install the espeakng-loader package "
            "(pip install espeakng-loader) or the system libespeak-ng1"
        ) from exc
    library = espeakng_loader.get_library_path()
    data = Path(espeakng_loader.get_data_path())
    if not (data / "phontab").is_file():
        raise EspeakMissing(f"eSpeak NG data is incomplete: no phontab in {data}")
    # The library looks for "<ESPEAK_DATA_PATH>/espeak-ng-data"; set it before loading.
    os.environ["ESPEAK_DATA_PATH"] = str(data.parent)
    try:
        ctypes.CDLL(str(library), mode=ctypes.RTLD_GLOBAL)
    except OSError as exc:
        raise EspeakMissing(f"cannot load eSpeak NG from {library}: {exc}") from exc
    return EspeakLibrary(str(library), "espeakng-loader", str(data))
