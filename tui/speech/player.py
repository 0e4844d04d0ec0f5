"""Play rendered audio: `aplay` when it works, sounddevice when PortAudio is there, else nothing.

Every player plays mono float samples, blocks until done, and stops early when the given
event is set (that is how the speaker interrupts a line). Nothing they print reaches the
terminal. `find_player()` tries them in order and says why each one was not usable.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
import time
import wave
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np


class Player(Protocol):
    name: str

    def play(self, samples: np.ndarray, rate: int, stop: threading.Event) -> bool:
        """Play to the end (True) or until `stop` is set (False)."""


def _wav_bytes(samples: np.ndarray, rate: int) -> bytes:
    from tui.speech.audio import to_int16

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(to_int16(samples).tobytes())
    return buffer.getvalue()


class AplayPlayer:
    """ALSA's command-line player, fed a WAV on stdin."""

    name = "aplay"

    def __init__(self, executable: str):
        self.executable = executable

    def play(self, samples: np.ndarray, rate: int, stop: threading.Event) -> bool:
        process = subprocess.Popen(
            [self.executable, "-q", "-t", "wav", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        feeder = threading.Thread(target=self._feed, args=(process, _wav_bytes(samples, rate)), daemon=True)
        feeder.start()
        while process.poll() is None:
            if stop.wait(0.02):
                process.terminate()
                process.wait()
                return False
        return process.returncode == 0

    @staticmethod
    def _feed(process: subprocess.Popen, data: bytes) -> None:
        try:
            process.stdin.write(data)
            process.stdin.close()
        except (BrokenPipeError, OSError):
            pass  # aplay ended early (stopped, or no device)


class SoundDevicePlayer:
    """PortAudio through the sounddevice package."""

    def __init__(self, device_name: str):
        self.name = f"sounddevice ({device_name})"

    def play(self, samples: np.ndarray, rate: int, stop: threading.Event) -> bool:
        import sounddevice

        sounddevice.play(samples, rate)
        deadline = time.monotonic() + len(samples) / rate + 1.0
        while time.monotonic() < deadline:
            stream = sounddevice.get_stream()
            if not stream.active:
                return True
            if stop.wait(0.02):
                sounddevice.stop()
                return False
        sounddevice.stop()
        return True


class NullPlayer:
    """No audio output: lines are only shown as captions."""

    name = "none"

    def play(self, samples: np.ndarray, rate: int, stop: threading.Event) -> bool:
        return True


class SilentPlayer:
    """No audio output, but keeps time: play() lasts as long as the sound would (captions
    stay up for the length of the line, and interrupt() works the same way)."""

    name = "none"

    def play(self, samples: np.ndarray, rate: int, stop: threading.Event) -> bool:
        return not stop.wait(len(samples) / float(rate))


def probe_aplay() -> tuple[AplayPlayer | None, str]:
    """aplay, if it exists and can open a device (it exits non-zero when there is none)."""
    import numpy as np

    executable = shutil.which("aplay")
    if executable is None:
        return None, "aplay not installed"
    player = AplayPlayer(executable)
    try:
        result = subprocess.run(
            [executable, "-q", "-t", "wav", "-"],
            input=_wav_bytes(np.zeros(160, dtype=np.float32), 16000),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=5,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"aplay failed: {exc}"
    if result.returncode != 0:
        first = result.stderr.decode(errors="replace").strip().splitlines()[:1]
        return None, "aplay found no audio device" + (f" ({first[0]})" if first else "")
    return player, "aplay"


def probe_sounddevice(kind: str) -> tuple[str | None, str]:
    """The default sounddevice device of `kind` ("output" or "input"), or why there is none."""
    try:
        import sounddevice
    except OSError as exc:  # raised at import when libportaudio2 is missing
        return None, f"sounddevice unusable: {exc} (install the system package libportaudio2)"
    except ImportError:
        return None, "sounddevice not installed"
    try:
        device = sounddevice.query_devices(kind=kind)
    except Exception as exc:  # PortAudioError and friends: no such device
        return None, f"no {kind} device: {exc}"
    return str(device.get("name", "default")), f"sounddevice {kind}"


def find_player(prefer: str | None = None) -> tuple[Player, list[str]]:
    """The first working player ("aplay", "sounddevice"), else NullPlayer; and the reasons."""
    reasons: list[str] = []
    order = ["aplay", "sounddevice"]
    if prefer in order:
        order.remove(prefer)
        order.insert(0, prefer)
    for kind in order:
        if kind == "aplay":
            player, why = probe_aplay()
            if player is not None:
                return player, reasons
        else:
            device, why = probe_sounddevice("output")
            if device is not None:
                return SoundDevicePlayer(device), reasons
        reasons.append(why)
    return NullPlayer(), reasons
