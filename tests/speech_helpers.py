"""Generated audio for the speech tests (no files from ../shared)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tui.speech.audio import write_wav

RATE = 16000


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.float32)


def white_noise(seconds: float, level: float = 0.1, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(0.0, level, int(seconds * RATE)).astype(np.float32)


def hum(seconds: float, freq: float = 100.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (0.2 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def save(folder: Path, name: str, samples: np.ndarray) -> Path:
    return write_wav(folder / name, samples, RATE)


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Word-level edit distance / reference length, after lowercasing and dropping punctuation."""
    from rapidfuzz.distance import Levenshtein

    def words(text: str) -> list[str]:
        return "".join(c if c.isalnum() or c.isspace() else " " for c in text.lower()).split()

    ref, hyp = words(reference), words(hypothesis)
    return Levenshtein.distance(ref, hyp) / max(1, len(ref))
