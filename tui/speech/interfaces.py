"""The two small interfaces the call screen talks to, and their scripted versions.

Real implementations (pyttsx3 speaker, microphone/WAV listener) live in their own modules
and import their heavy engines lazily, off the UI thread. The scripted ones are for UI
tests and for running without audio: they record what was said and return prepared text.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Voice:
    """How a persona sounds; fields come from the persona's asset file."""

    voice_id: str = "gmw/en-us"
    rate: int = 165  # words per minute
    volume: float = 1.0
    pitch: int | None = None  # eSpeak pitch 0-99, when the engine supports it
    phone_line: bool = True  # band-pass 300-3400 Hz, like a phone call


@dataclass(frozen=True)
class Heard:
    """One answer as the listener heard it."""

    text: str
    duration: float | None = None  # seconds of audio, when the answer was spoken
    audio_path: Path | None = None  # the saved WAV, when there is one
    pauses: tuple[float, ...] = ()  # silent pauses over 1.2 s inside the answer


@runtime_checkable
class Speaker(Protocol):
    def prepare(self, text: str, voice: Voice) -> None:
        """Render a line ahead of time so say() starts at once (may be a no-op)."""

    def speculate(self, lines: list[tuple[str, Voice]]) -> None:
        """Render lines that MAY be said next (the replies to an answer not given yet);
        replaces the previous guesses, and those that were not said are dropped."""

    def say(self, text: str, voice: Voice) -> None:
        """Speak a line and return when it has been spoken (or interrupted)."""

    def play_cue(self, name: str) -> None:
        """Play a sound cue from assets: "ring" or "beep"."""

    def play_recording(self, path: Path) -> None:
        """Play a recorded answer (any file read_audio reads); returns when done or interrupted."""

    def interrupt(self) -> None:
        """Stop the line being spoken now (thread-safe)."""

    def close(self) -> None: ...


@runtime_checkable
class Listener(Protocol):
    def listen(
        self,
        on_level: Callable[[float], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Heard:
        """Capture one answer and return its transcript ("" when nothing was heard)."""

    def close(self) -> None: ...


@dataclass
class ScriptedSpeaker:
    """Records every line instead of speaking it (UI tests, captions-only mode)."""

    spoken: list[tuple[str, Voice]] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    played: list[Path] = field(default_factory=list)
    guesses: list[tuple[str, Voice]] = field(default_factory=list)  # the last speculate()
    has_audio: bool = False  # captions only; a UI test sets True to stand for a sound card

    def prepare(self, text: str, voice: Voice) -> None:
        return None

    def speculate(self, lines: list[tuple[str, Voice]]) -> None:
        self.guesses = list(lines)

    def say(self, text: str, voice: Voice) -> None:
        self.spoken.append((text, voice))

    def play_cue(self, name: str) -> None:
        self.cues.append(name)

    def play_recording(self, path: Path) -> None:
        self.played.append(Path(path))

    def interrupt(self) -> None:
        return None

    def close(self) -> None:
        return None


class ScriptedListener:
    """Returns prepared answers in order; "" once they run out (as silence would)."""

    def __init__(self, answers: Iterable[str | Heard]):
        self._answers = [a if isinstance(a, Heard) else Heard(a) for a in answers]

    def listen(self, on_level=None, cancel=None) -> Heard:
        if on_level is not None:
            on_level(0.0)
        return self._answers.pop(0) if self._answers else Heard("")

    def close(self) -> None:
        return None
