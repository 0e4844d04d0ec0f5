"""A shorter encoder window for Whisper: most of the time spent on a short piece of speech.

faster-whisper pads every piece to Whisper's 30 s window (3000 mel frames, zeros after the
audio) and the encoder's cost is that of 30 s whatever was said: for a 3 s piece on one
thread it is two thirds of the time (scripts/bench_speech.py --only stages). CTranslate2
accepts a shorter input, so the padding is cut to `window` seconds (at least the audio plus
a second). Below ~10 s tiny.en starts to loop ("ten of clubs ten of clubs ..."), so voice
mode uses 10 s (stt.VOICE_WINDOW_SECONDS), and a transcript that repeats itself is redone
with the full window.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any

FRAMES_PER_SECOND = 100  # mel frames (10 ms hop)
FULL_FRAMES = 3000  # Whisper's 30 s window
MARGIN_FRAMES = 100  # a second of padding after the audio, as the model always saw some

_local = threading.local()  # the window of the transcription running on this thread


@contextmanager
def encoder_window(seconds: float | None):
    """Encode at most `seconds` of window (None: Whisper's full 30 s) for transcriptions
    run on this thread inside the block."""
    before = getattr(_local, "frames", None)
    _local.frames = None if seconds is None else max(int(seconds * FRAMES_PER_SECOND), 2)
    try:
        yield
    finally:
        _local.frames = before


def trimmed(features: Any) -> Any:
    """The padded features cut to this thread's window: never shorter than the audio in
    them plus MARGIN_FRAMES (faster-whisper's padding is exact zeros after the audio)."""
    import numpy as np

    frames = getattr(_local, "frames", None)
    if frames is None or features.shape[-1] != FULL_FRAMES:
        return features
    used = np.flatnonzero(np.any(features.reshape(-1, FULL_FRAMES) != 0, axis=0))
    content = int(used[-1]) + 1 if len(used) else 0
    keep = min(FULL_FRAMES, max(frames, content + MARGIN_FRAMES))
    keep += keep % 2  # the encoder's convolution halves the frames
    return features[..., :keep] if keep < FULL_FRAMES else features


def windowed_model(*args: Any, **kwargs: Any) -> Any:
    """A faster-whisper WhisperModel whose encoder honours encoder_window()."""
    from faster_whisper import WhisperModel

    class WindowedWhisperModel(WhisperModel):
        def encode(self, features):
            return super().encode(trimmed(features))

    return WindowedWhisperModel(*args, **kwargs)


def repeats_itself(text: str, min_words: int = 3, max_words: int = 20) -> bool:
    """Does the text say the same run of `min_words` to `max_words` words twice in a row ("go
    forward ten meters go forward ten meters")? Whisper's loop, which people rarely do."""
    words = ["".join(c for c in w.lower() if c.isalnum()) for w in text.split()]
    words = [w for w in words if w]
    for size in range(min_words, min(max_words, len(words) // 2) + 1):
        for start in range(len(words) - 2 * size + 1):
            if words[start : start + size] == words[start + size : start + 2 * size]:
                return True
    return False
