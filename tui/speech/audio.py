"""Small helpers for mono 16-bit PCM audio: WAV files in and out, resampling, levels.

Samples are handled as float32 numpy arrays in [-1, 1]; numpy is imported lazily so the
package stays cheap to import.
"""

from __future__ import annotations

import wave
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

WHISPER_RATE = 16000


class AudioFileError(ValueError):
    """A file that is not a readable PCM WAV."""


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """Read a PCM WAV as mono float32 samples and its sample rate (channels are averaged)."""
    import numpy as np

    try:
        with wave.open(str(path), "rb") as wav:
            rate, width, channels = wav.getframerate(), wav.getsampwidth(), wav.getnchannels()
            raw = wav.readframes(wav.getnframes())
    except FileNotFoundError:
        raise AudioFileError(f"{path}: no such file") from None
    except (wave.Error, EOFError) as exc:
        raise AudioFileError(f"{path}: not a PCM WAV file ({exc})") from None
    if width == 2:
        samples = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    elif width == 1:
        samples = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 4:
        samples = np.frombuffer(raw, dtype="<i4").astype(np.float32) / 2147483648.0
    else:
        raise AudioFileError(f"{path}: unsupported sample width {width * 8} bits")
    if channels > 1:
        samples = samples[: len(samples) // channels * channels].reshape(-1, channels).mean(axis=1)
    return samples.astype(np.float32), rate


def to_int16(samples: np.ndarray) -> np.ndarray:
    import numpy as np

    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")


def write_wav(path: str | Path, samples: np.ndarray, rate: int) -> Path:
    """Write mono float samples as a 16-bit PCM WAV."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(to_int16(samples).tobytes())
    return path


def wav_duration(path: str | Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate())


def resample(samples: np.ndarray, rate: int, new_rate: int) -> np.ndarray:
    """Band-limited resampling in the frequency domain (no aliasing when downsampling)."""
    import numpy as np

    if rate == new_rate or len(samples) == 0:
        return samples.astype(np.float32)
    count = max(1, int(round(len(samples) * new_rate / rate)))
    spectrum = np.fft.rfft(samples.astype(np.float64))
    kept = np.zeros(count // 2 + 1, dtype=np.complex128)
    bins = min(len(kept), len(spectrum))
    kept[:bins] = spectrum[:bins]
    return (np.fft.irfft(kept, count) * (count / len(samples))).astype(np.float32)


def pcm16_bytes_to_float(raw: bytes) -> np.ndarray:
    import numpy as np

    return np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0


def rms_level(samples: np.ndarray) -> float:
    """Loudness 0..1 for a live meter: RMS on a dB scale from -60 dBFS (0) to 0 dBFS (1)."""
    import numpy as np

    if len(samples) == 0:
        return 0.0
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    if rms <= 1e-6:
        return 0.0
    db = 20.0 * np.log10(rms)
    return float(min(1.0, max(0.0, (db + 60.0) / 60.0)))
