"""Where the speech is in 16 kHz audio, with webrtcvad: is anything said, and long pauses.

webrtcvad judges 30 ms frames of 16-bit PCM; a short smoothing (a run of voiced frames)
keeps clicks and pops from counting as speech.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

RATE = 16000
FRAME_MS = 30
FRAME_SECONDS = FRAME_MS / 1000.0
LONG_PAUSE_SECONDS = 1.2
MIN_SPEECH_SECONDS = 0.25


def voiced_frames(pcm: np.ndarray, aggressiveness: int = 3) -> list[bool]:
    """One flag per 30 ms frame of 16 kHz float audio: does webrtcvad hear speech in it?"""
    import webrtcvad

    from tui.speech.audio import to_int16

    vad = webrtcvad.Vad(aggressiveness)
    frame = RATE * FRAME_MS // 1000
    data = to_int16(pcm).tobytes()
    step = frame * 2
    return [vad.is_speech(data[i : i + step], RATE) for i in range(0, len(data) - step + 1, step)]


def _speech_runs(flags: list[bool], min_run: int = 3) -> list[tuple[int, int]]:
    """(start, end) frame indexes of voiced runs at least `min_run` frames long."""
    runs, start = [], None
    for index, voiced in enumerate([*flags, False]):
        if voiced and start is None:
            start = index
        elif not voiced and start is not None:
            if index - start >= min_run:
                runs.append((start, index))
            start = None
    return runs


def speech_seconds(pcm: np.ndarray) -> float:
    """Seconds of speech (voiced runs of 90 ms or more)."""
    return sum(end - start for start, end in _speech_runs(voiced_frames(pcm))) * FRAME_SECONDS


def has_speech(pcm: np.ndarray, min_seconds: float = MIN_SPEECH_SECONDS) -> bool:
    return speech_seconds(pcm) >= min_seconds


def long_pauses(pcm: np.ndarray, min_pause: float = LONG_PAUSE_SECONDS) -> tuple[float, ...]:
    """Silent gaps longer than `min_pause` between the first and the last speech."""
    runs = _speech_runs(voiced_frames(pcm, aggressiveness=2))
    gaps = ((b_start - a_end) * FRAME_SECONDS for (_, a_end), (b_start, _) in zip(runs, runs[1:]))
    return tuple(round(gap, 2) for gap in gaps if gap > min_pause)
