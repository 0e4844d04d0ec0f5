"""Audio sources with SpeechRecognition's AudioSource interface (16 kHz, 16-bit mono).

- SoundDeviceMicrophone: the microphone through sounddevice (PyAudio has no wheel here);
  needs the system PortAudio library, which `microphone_status()` checks for.
- WavStreamSource: a WAV file presented as if it were a live microphone (optionally at
  real-time pace, with closing silence appended) — to rehearse with recorded answers, and
  to measure endpointing and latency without hardware.
"""

from __future__ import annotations

import time
from pathlib import Path

import speech_recognition as sr

RATE = 16000
CHUNK = 480  # 30 ms: also a valid webrtcvad frame


class MicrophoneUnavailable(RuntimeError):
    """No usable microphone (no PortAudio library, no input device)."""


def microphone_status() -> tuple[str | None, str]:
    """The default input device's name, or None and the reason there is none."""
    from tui.speech.player import probe_sounddevice

    return probe_sounddevice("input")


class SoundDeviceMicrophone(sr.AudioSource):
    def __init__(self, device: int | str | None = None, sample_rate: int = RATE, chunk_size: int = CHUNK):
        self.device = device
        self.SAMPLE_RATE = sample_rate
        self.SAMPLE_WIDTH = 2
        self.CHUNK = chunk_size
        self.stream = None
        self.live = True  # audio arrives in real time: read it continuously

    def __enter__(self) -> SoundDeviceMicrophone:
        try:
            import sounddevice
        except OSError as exc:
            raise MicrophoneUnavailable(f"{exc} (install the system package libportaudio2)") from exc
        try:
            raw, device_rate = self._open(sounddevice, self.SAMPLE_RATE), self.SAMPLE_RATE
        except Exception:
            # Many devices only do 44.1/48 kHz: record at their rate, resample each read.
            try:
                device_rate = int(sounddevice.query_devices(self.device, kind="input")["default_samplerate"])
                raw = self._open(sounddevice, device_rate)
            except Exception as exc:  # PortAudioError: no device, busy device
                raise MicrophoneUnavailable(f"cannot open the microphone: {exc}") from exc
        self.stream = _RawStream(raw, device_rate, self.SAMPLE_RATE)
        return self

    def _open(self, sounddevice, rate: int):
        raw = sounddevice.RawInputStream(
            samplerate=rate, blocksize=0, device=self.device, channels=1, dtype="int16"
        )
        raw.start()
        return raw

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None


class _RawStream:
    def __init__(self, raw, device_rate: int, rate: int):
        self._raw = raw
        self._device_rate = device_rate
        self._rate = rate

    def read(self, size: int) -> bytes:
        if self._device_rate == self._rate:
            data, _overflowed = self._raw.read(size)
            return bytes(data)
        import numpy as np

        frames = int(round(size * self._device_rate / self._rate))
        data, _overflowed = self._raw.read(frames)
        samples = np.frombuffer(bytes(data), dtype="<i2").astype(np.float32)
        positions = np.linspace(0, len(samples) - 1, size)
        return np.interp(positions, np.arange(len(samples)), samples).astype("<i2").tobytes()

    def close(self) -> None:
        self._raw.stop()
        self._raw.close()


class WavStreamSource(sr.AudioSource):
    """A WAV file as a live 16 kHz source; `trailing_silence` seconds of silence follow it,
    `leading_silence` precede it (room for ambient-noise calibration)."""

    def __init__(
        self,
        path: str | Path,
        realtime: bool = False,
        leading_silence: float = 0.0,
        trailing_silence: float = 1.5,
        chunk_size: int = CHUNK,
    ):
        import numpy as np

        from tui.speech.audio import read_audio, to_int16

        samples, _rate = read_audio(path, RATE)
        pad = lambda seconds: np.zeros(int(seconds * RATE), dtype=np.float32)  # noqa: E731
        self._data = to_int16(np.concatenate([pad(leading_silence), samples, pad(trailing_silence)])).tobytes()
        self.realtime = realtime
        self.live = realtime  # read ahead of an answer only when paced like a microphone
        self.SAMPLE_RATE = RATE
        self.SAMPLE_WIDTH = 2
        self.CHUNK = chunk_size
        self.stream = None

    def __enter__(self) -> WavStreamSource:
        self.stream = _PacedStream(self._data, self.realtime)
        return self

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        self.stream = None


class _PacedStream:
    def __init__(self, data: bytes, realtime: bool):
        self._data = data
        self._position = 0
        self._realtime = realtime
        self._started = time.monotonic()

    def read(self, size: int) -> bytes:
        chunk = self._data[self._position : self._position + size * 2]
        self._position += len(chunk)
        if self._realtime:
            due = self._started + self._position / (2.0 * RATE)
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        return chunk

    def close(self) -> None:
        return None
