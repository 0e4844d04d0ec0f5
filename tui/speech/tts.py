"""Speaking with pyttsx3 (eSpeak NG): render each line to a WAV, then play it.

One background thread owns the pyttsx3 engine for the whole process (eSpeak can only be
initialised once, and its callbacks are global); it renders one line per
save_to_file + runAndWait, because pyttsx3 drops all but the last queued item.
Everything the engine prints is kept off the terminal.
"""

from __future__ import annotations

import queue
import tempfile
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tui.heavy import heavy_imports
from tui.speech.interfaces import Voice

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np

    from tui.speech.player import Player

DEFAULT_PITCH = 50  # eSpeak's own default


@dataclass(frozen=True)
class Rendered:
    """A line rendered to audio (effects applied), ready to play."""

    samples: np.ndarray
    rate: int

    @property
    def duration(self) -> float:
        return len(self.samples) / float(self.rate)


class TtsError(RuntimeError):
    """The speech engine could not be started or could not render a line."""


class _Engine:
    """The thread that owns pyttsx3. Jobs come in through a queue, results go out as futures."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[tuple[str, Voice, Path, Future] | None] = queue.Queue()
        self._ready = threading.Event()
        self.voice_ids: tuple[str, ...] = ()
        self.unknown_voices: set[str] = set()
        self.error: Exception | None = None
        self.library = None
        self._thread = threading.Thread(target=self._run, name="pyttsx3-engine", daemon=True)
        self._thread.start()

    def render(self, text: str, voice: Voice, path: Path) -> Future:
        """Queue a line; the future resolves to `path` once the WAV is written."""
        future: Future = Future()
        self._jobs.put((text, voice, path, future))
        return future

    def _known_voice(self, voice_id: str) -> str:
        """eSpeak ignores an unknown voice and keeps the last one (another persona's):
        use the default voice instead, and remember the bad id."""
        from tui.speech.voices import is_known_voice

        if is_known_voice(voice_id, self.voice_ids):
            return voice_id
        self.unknown_voices.add(voice_id)
        return Voice().voice_id

    def wait_ready(self, timeout: float | None = None) -> bool:
        return self._ready.wait(timeout)

    def _run(self) -> None:
        from tui.speech.quiet import silenced_output

        engine = None
        finished = threading.Event()
        completed = threading.Event()  # the last utterance ran to its end (not cancelled)

        def on_finished(name=None, completed_ok=True, **_):
            if completed_ok:
                completed.set()
            finished.set()

        try:
            from tui.speech.espeak import load_espeak

            self.library = load_espeak()
            with silenced_output(), heavy_imports():
                import numpy  # noqa: F401 - first imported here, under the lock (tui/heavy.py)
                import pyttsx3
                import pyttsx3.drivers._espeak as espeak_api
                import pyttsx3.drivers.espeak as espeak_driver

                # The driver prints "Audio saved to ..." from eSpeak's own thread, which no
                # thread-local redirect can catch: give its module a silent print instead.
                espeak_driver.print = lambda *args, **kwargs: None
                engine = pyttsx3.init()
                engine.connect("finished-utterance", lambda name=None, completed=True: on_finished(name, completed))
                self.voice_ids = tuple(v.id for v in engine.getProperty("voices"))
        except Exception as exc:  # any failure here means no voice at all: report it per line
            self.error = exc
        self._ready.set()
        while True:
            job = self._jobs.get()
            if job is None:
                return
            text, voice, path, future = job
            if not future.set_running_or_notify_cancel():
                continue
            if engine is None:
                future.set_exception(TtsError(f"speech engine unavailable: {self.error}"))
                continue
            try:
                for _attempt in range(3):  # a line cancelled inside eSpeak comes out empty: redo it
                    if self._render_once(engine, espeak_api, finished, completed, text, voice, path):
                        break
                else:
                    raise TtsError(f"the engine wrote no audio for {text!r}")
                future.set_result(path)
            except Exception as exc:
                future.set_exception(exc)

    def _render_once(self, engine, espeak_api, finished, completed, text, voice, path) -> bool:
        from tui.speech.quiet import silenced_output

        finished.clear()
        completed.clear()
        with silenced_output():
            engine.setProperty("voice", self._known_voice(voice.voice_id))
            engine.setProperty("rate", int(voice.rate))
            engine.setProperty("volume", float(voice.volume))
            engine.setProperty("pitch", DEFAULT_PITCH if voice.pitch is None else int(voice.pitch))
            # eSpeak queues parameter changes, and runAndWait starts with stop(), which
            # cancels whatever eSpeak is still busy with (the line then came out at the
            # previous rate, or empty): let eSpeak finish everything first.
            espeak_api.Synchronize()
            _wait_until(lambda: not espeak_api.IsPlaying(), 2.0)
            engine.save_to_file(text, str(path))
            engine.runAndWait()  # one item per run: queued items would be lost
            # runAndWait can return before eSpeak's thread has written the file, and the
            # engine stays busy a moment longer: wait for both.
            done = finished.wait(10.0 + len(text) * 0.05)
            _wait_until(lambda: not engine.isBusy(), 2.0)
        return done and completed.is_set() and _has_frames(path)


def _wait_until(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.002)


def _has_frames(path: Path) -> bool:
    import wave

    try:
        with wave.open(str(path), "rb") as wav:
            return wav.getnframes() > 0
    except (OSError, EOFError, wave.Error):
        return False


_engine: _Engine | None = None
_engine_lock = threading.Lock()


def shared_engine() -> _Engine:
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = _Engine()
        return _engine


def engine_voice_ids(timeout: float = 10.0) -> tuple[str, ...]:
    """The eSpeak voice identifiers (e.g. "gmw/en-us"); raises TtsError if the engine failed."""
    engine = shared_engine()
    engine.wait_ready(timeout)
    if engine.error is not None:
        raise TtsError(str(engine.error))
    return engine.voice_ids


def render_line(text: str, voice: Voice, timeout: float = 30.0,
                queued: Callable[[Future], None] | None = None) -> Rendered:
    """Render one line to samples at the engine's rate, with the phone-line effect if asked.
    `queued` is given the engine's job as soon as it is queued (to cancel it while it waits)."""
    from tui.speech.audio import read_audio
    from tui.speech.effects import phone_line

    if not text.strip():
        raise ValueError("nothing to say: the text is empty")
    with tempfile.TemporaryDirectory(prefix="followup-tts-") as folder:
        path = Path(folder) / "line.wav"
        job = shared_engine().render(text, voice, path)
        if queued is not None:
            queued(job)
        job.result(timeout)
        samples, rate = read_audio(path, max_seconds=None)
    if voice.phone_line:
        samples = phone_line(samples, rate)
    return Rendered(samples, rate)


def render_to_wav(text: str, voice: Voice, path: str | Path) -> float:
    """Render a line (effects included) to a WAV file; returns its duration in seconds."""
    from tui.speech.audio import write_wav

    rendered = render_line(text, voice)
    write_wav(path, rendered.samples, rendered.rate)
    return rendered.duration


class PyttsxSpeaker:
    """The Speaker of voice mode: pre-renders lines in the background, plays them on demand.

    `player` defaults to the first working one (aplay, sounddevice), else a NullPlayer, in
    which case say() returns at once and the UI shows captions only. `phone_line` set to
    False turns the phone-line effect off for every voice (the user's setting).
    """

    def __init__(self, player: Player | None = None, cache_size: int = 32, phone_line: bool | None = None):
        if player is None:
            from tui.speech.player import find_player

            player, self.player_reasons = find_player()
        else:
            self.player_reasons = []
        self.player = player
        self._cache: OrderedDict[tuple[str, Voice], Future] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.last_error: Exception | None = None
        self.phone_line = phone_line  # None: as each Voice says; False/True: for every line
        self._guesses: set[tuple[str, Voice]] = set()  # speculate()'d lines not said yet
        self._engine_jobs: dict[int, Future] = {}  # id(line future) -> its job in the engine's queue
        self._dropped: set[int] = set()  # id(line future) of guesses dropped before their job was queued
        shared_engine()  # start the engine thread now, so the first line is not late

    @property
    def has_audio(self) -> bool:
        return self.player.name != "none"

    def prepare(self, text: str, voice: Voice) -> None:
        """Start rendering a line now, so say() can play it at once later."""
        with self._lock:
            self._guesses.discard((text, voice))  # to be said: no longer a guess
        self._future(text, voice)

    def speculate(self, lines: list[tuple[str, Voice]]) -> None:
        """Render the lines that may be said next while the applicant answers (the next
        question, or a probe if a point is missed): the reply then starts at once. The
        previous guesses that were not said are dropped from the cache."""
        with self._lock:
            for key in self._guesses - set(lines):
                future = self._cache.pop(self._key(*key), None)
                if future is not None:
                    future.cancel()
                    # Already running: its job may still wait in the engine's queue, ahead of
                    # the line that is really said next. Cancelled there, the engine skips it.
                    job = self._engine_jobs.pop(id(future), None)
                    if job is not None:
                        job.cancel()
                    elif future.running():
                        self._dropped.add(id(future))  # its job is cancelled as it is queued
            self._guesses = set(lines)
        for text, voice in lines:
            self._future(text, voice)

    def rendered(self, text: str, voice: Voice, timeout: float = 30.0) -> Rendered:
        return self._future(text, voice).result(timeout)

    def say(self, text: str, voice: Voice) -> None:
        """Play a line; returns when it ends or is interrupted. Engine errors are kept in
        last_error rather than raised: the caption is still shown and the call goes on."""
        self._stop.clear()
        with self._lock:
            self._guesses.discard((text, voice))  # said: no longer a guess
        try:
            line = self.rendered(text, voice)
        except Exception as exc:
            self.last_error = exc
            return
        if not self._stop.is_set():
            self.player.play(line.samples, line.rate, self._stop)

    def play_cue(self, name: str) -> None:
        from tui.speech.sounds import load_cue

        samples, rate = load_cue(name)
        self._stop.clear()
        self.player.play(samples, rate, self._stop)

    def play_recording(self, path: str | Path) -> None:
        """Play a saved answer (listen back); AudioFileError when it cannot be read."""
        from tui.speech.audio import read_audio

        samples, rate = read_audio(path, max_seconds=None)
        self._stop.clear()
        self.player.play(samples, rate, self._stop)

    def interrupt(self) -> None:
        self._stop.set()

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            for future in self._cache.values():
                future.cancel()
            self._cache.clear()
            self._guesses.clear()

    def _key(self, text: str, voice: Voice) -> tuple[str, Voice]:
        if self.phone_line is not None and voice.phone_line != self.phone_line:
            voice = replace(voice, phone_line=self.phone_line)
        return text, voice

    def _future(self, text: str, voice: Voice) -> Future:
        key = self._key(text, voice)
        text, voice = key
        with self._lock:
            future = self._cache.get(key)
            if future is None or (future.done() and future.exception() is not None):
                future = Future()
                threading.Thread(target=self._render_into, args=(future, text, voice), daemon=True).start()
                self._cache[key] = future
            self._cache.move_to_end(key)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            return future

    def _render_into(self, future: Future, text: str, voice: Voice) -> None:
        # The effect runs here, off the engine thread, so the engine can start the next line.
        if not future.set_running_or_notify_cancel():
            return

        def queued(job: Future) -> None:
            with self._lock:
                if id(future) in self._dropped:
                    job.cancel()
                else:
                    self._engine_jobs[id(future)] = job

        try:
            future.set_result(render_line(text, voice, queued=queued))
        except Exception as exc:  # a dropped guess's CancelledError too (an Exception here)
            future.set_exception(exc)
        finally:
            with self._lock:
                self._engine_jobs.pop(id(future), None)
                self._dropped.discard(id(future))
