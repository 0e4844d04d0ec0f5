"""Audio in and out: read_audio (any file PyAV decodes), WAV out, resampling, levels.

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


MAX_ANSWER_SECONDS = 120.0  # the microphone's limit for one answer, applied to files too
MAX_FILE_BYTES = 200 * 1024 * 1024  # no answer worth two minutes is bigger (WAV at 48 kHz stereo: 46 MB)


class AudioFileError(ValueError):
    """An audio file that cannot be used: missing, unreadable, not audio, empty or too long.
    The message is one line, ready to show."""


def read_audio(
    path: str | Path, rate: int | None = None, max_seconds: float | None = MAX_ANSWER_SECONDS
) -> tuple[np.ndarray, int]:
    """Any audio file PyAV (FFmpeg) decodes — WAV of any sample width, float WAV, FLAC, MP3,
    M4A/AAC, Ogg — as mono float32 samples in [-1, 1] and their rate (`rate` resamples).
    A file longer than `max_seconds` is refused, not cut: a trimmed answer would be judged
    on words the applicant did not finish. The ONE audio reader: CLI, rehearse, tests."""
    import numpy as np

    name = str(path)
    file = Path(path).expanduser()
    if not file.exists():
        raise AudioFileError(f"{name}: no such file")
    if not file.is_file():
        raise AudioFileError(f"{name}: not a file")
    size = file.stat().st_size
    if size == 0:
        raise AudioFileError(f"{name}: the file is empty (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise AudioFileError(f"{name}: {size // 2**20} MB is too big for one answer")
    import av

    chunks: list[np.ndarray] = []
    try:
        with av.open(str(file), "r") as container:
            stream = next((s for s in container.streams if s.type == "audio"), None)
            if stream is None:
                raise AudioFileError(f"{name}: no sound in it (not an audio file)")
            out_rate = rate or stream.rate or stream.codec_context.sample_rate
            if not out_rate:
                raise AudioFileError(f"{name}: not a readable audio file (no sample rate)")
            # Planar float at the wanted rate, channels kept: they are averaged below (FFmpeg's
            # own downmix scales by -3 dB per channel instead).
            resampler = av.AudioResampler(format="fltp", rate=out_rate)
            limit = None if max_seconds is None else int(max_seconds * out_rate) + out_rate // 10
            count = 0

            def keep(frames) -> None:
                nonlocal count
                for frame in frames:
                    planes = frame.to_ndarray()
                    samples = planes.mean(axis=0) if planes.shape[0] > 1 else planes.reshape(-1)
                    chunks.append(samples)
                    count += len(samples)
                if limit is not None and count > limit:
                    raise AudioFileError(
                        f"{name}: longer than {max_seconds:.0f} s, the limit for one answer "
                        "(the microphone stops there too): trim or split it"
                    )

            for frame in container.decode(stream):
                keep(resampler.resample(frame))
            keep(resampler.resample(None))
    except AudioFileError:
        raise
    except (av.error.FFmpegError, ValueError, OSError, EOFError) as exc:
        reason = " ".join(str(getattr(exc, "strerror", None) or exc).split())[:120]
        raise AudioFileError(f"{name}: not a readable audio file ({reason})") from None
    if not chunks or sum(len(c) for c in chunks) == 0:
        raise AudioFileError(f"{name}: no audio in it (0 seconds)")
    samples = np.concatenate(chunks).astype(np.float32, copy=False)
    return np.clip(samples, -1.0, 1.0), int(out_rate)


def audio_duration(path: str | Path) -> float:
    samples, rate = read_audio(path, max_seconds=None)
    return len(samples) / float(rate)


def to_int16(samples: np.ndarray) -> np.ndarray:
    import numpy as np

    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")


def write_wav(path: str | Path, samples: np.ndarray, rate: int) -> Path:
    """Write mono float samples as a 16-bit PCM WAV."""
    import os

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Owner-only (0600): saved answers are the user's voice.
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle, \
            wave.open(handle, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(to_int16(samples).tobytes())
    return path


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
