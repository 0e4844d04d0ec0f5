"""Keep followup offline: onnxruntime's telemetry is switched off before any session exists.

onnxruntime (used by the meaning check and by faster-whisper's voice detector) sends
telemetry events by default. Every module that creates an onnxruntime session, directly or
through faster-whisper, calls `quiet_onnxruntime()` first; it is cheap and idempotent.
"""

from __future__ import annotations

import os
from functools import cache


@cache
def quiet_onnxruntime() -> None:
    """Import onnxruntime with telemetry events disabled (once per process)."""
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    import onnxruntime

    onnxruntime.disable_telemetry_events()
    # Warnings about unused initialisers and the like would land on the TUI's terminal.
    onnxruntime.set_default_logger_severity(3)
