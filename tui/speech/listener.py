"""Listeners of voice mode: the microphone (MicListener) and recorded answers (WavListener).

Both return a Heard: the transcript ("" for silence, noise or nothing recognised — never
invented text), the speaking time (for words per minute), the saved WAV and long pauses.

MicListener reads a SpeechRecognition AudioSource on its own thread from the moment it is
armed (while the interviewer speaks): the noise floor is known before the talk key, and a
short pre-roll keeps a word started with the key press. The energy threshold is FIXED
during an answer (a dynamic one rises with the voice and cuts answers into pieces). The
answer ends after `pause_threshold` seconds of silence, or when finish() is called
(push-to-talk). Transcription runs while the answer goes on (`live`), push-to-talk too:
the speech before a short pause is sent to the recognizer whenever it is free, so at the
end little or nothing is left to transcribe (see scripts/bench_speech.py for the figures).
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.heavy import imported
from tui.speech.interfaces import Heard

if TYPE_CHECKING:
    import numpy as np

    from tui.speech.stt import Recognizer, Transcript

LevelCallback = Callable[[float], None]
LIVE_MODES = ("chunks", "early", "off")


@dataclass(frozen=True)
class ListenSettings:
    pause_threshold: float = 0.8  # seconds of silence that end an answer
    calibrate_seconds: float = 0.5  # audio heard before the floor is trusted
    start_timeout: float = 8.0  # give up (Heard("")) when nothing is said for this long
    max_seconds: float = 120.0  # longest answer
    push_to_talk: bool = False  # end only by finish() (or max_seconds / cancel)
    preroll_seconds: float = 0.5  # audio kept from before the speech starts (or the key press)
    floor_seconds: float = 5.0  # the noise floor is taken over this much recent audio
    energy_ratio: float = 1.5  # speech is this much louder than the floor (SpeechRecognition's)
    live: str = "chunks"  # transcribe while the answer goes on: "chunks", "early" or "off"
    early_after: float = 0.3  # a pause this long sends the speech before it to the recognizer
    min_piece: float = 3.0  # shortest piece committed while speaking ("chunks")
    piece_context: bool = True  # give the recognizer the text of the earlier pieces
    min_energy: float = 150.0  # floor for the calibrated threshold (int16 RMS units)


# ---------------------------------------------------------------- helpers shared by both


def _natural_key(path: Path) -> list[Any]:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path.name)]


AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".webm", ".mp4", ".3gp", ".amr")


def audio_files(files_or_dir: str | Path | Iterable[str | Path]) -> list[Path]:
    """Answer recordings from a folder (its audio files, sorted naturally: a2 before a10) or
    from a list of files and folders (kept in the given order). A file named on its own is
    taken whatever its extension: read_audio decides whether it is audio. Raises ValueError
    with a clear message."""
    items = [files_or_dir] if isinstance(files_or_dir, (str, Path)) else list(files_or_dir)
    found: list[Path] = []
    for item in items:
        path = Path(item).expanduser()
        if path.is_dir():
            inside = sorted(
                (p for p in path.iterdir() if p.suffix.lower() in AUDIO_SUFFIXES and p.is_file()), key=_natural_key
            )
            if not inside:
                raise ValueError(f"no audio files ({', '.join(AUDIO_SUFFIXES[:4])}, ...) in {path}")
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            raise ValueError(f"{path}: no such file or folder")
    if not found:
        raise ValueError("no answer audio given")
    return found


def speaking_span(pcm: np.ndarray) -> float:
    """Seconds from the first to the last speech (leading/closing silence excluded)."""
    from tui.speech.vad import FRAME_SECONDS, _speech_runs, voiced_frames

    runs = _speech_runs(voiced_frames(pcm, aggressiveness=2))
    if not runs:
        return len(pcm) / 16000.0
    return round((runs[-1][1] - runs[0][0]) * FRAME_SECONDS, 2)


def _answer_path(audio_dir: Path) -> Path:
    audio_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return audio_dir / f"answer-{stamp}.wav"


def heard_from(pcm: np.ndarray, transcript: Transcript, audio_dir: Path | None) -> Heard:
    """Build the Heard for an answer: save its WAV, speaking time, long pauses."""
    from tui.speech.audio import write_wav
    from tui.speech.vad import long_pauses

    saved = write_wav(_answer_path(audio_dir), pcm, 16000) if audio_dir is not None else None
    if not transcript.text:
        return Heard("", duration=len(pcm) / 16000.0, audio_path=saved)
    return Heard(transcript.text, duration=speaking_span(pcm), audio_path=saved, pauses=long_pauses(pcm))


def _shared_recognizer() -> Recognizer:
    from tui.speech.stt import load_recognizer

    global _default_recognizer
    with _recognizer_lock:
        if _default_recognizer is None:
            _default_recognizer = load_recognizer()
        return _default_recognizer


_default_recognizer: Recognizer | None = None
_recognizer_lock = threading.Lock()


# ---------------------------------------------------------------- recorded answers


class WavListener:
    """Answers from audio files (any format read_audio takes), one per listen(); Heard("")
    once they run out. A file that cannot be read raises AudioFileError from listen()."""

    def __init__(
        self,
        paths: str | Path | Iterable[str | Path],
        recognizer: Recognizer | None = None,
        audio_dir: str | Path | None = None,
    ):
        self.paths = audio_files(paths)
        self._next = 0
        self._recognizer = recognizer or _shared_recognizer()  # starts loading in the background
        self.audio_dir = Path(audio_dir) if audio_dir is not None else None

    @property
    def remaining(self) -> int:
        return len(self.paths) - self._next

    def listen(self, on_level: LevelCallback | None = None, cancel: threading.Event | None = None) -> Heard:
        from tui.speech.audio import rms_level
        from tui.speech.stt import to_pcm16k

        if self._next >= len(self.paths) or (cancel is not None and cancel.is_set()):
            return Heard("")
        path = self.paths[self._next]
        self._next += 1
        pcm = to_pcm16k(path)
        if on_level is not None:
            for start in range(0, len(pcm), 1600):  # one meter value per 100 ms of audio
                on_level(rms_level(pcm[start : start + 1600]))
            on_level(0.0)
        recognizer = self._recognizer
        transcript = recognizer.transcribe(pcm)
        if cancel is not None and cancel.is_set():
            return Heard("")
        return heard_from(pcm, transcript, self.audio_dir)

    def close(self) -> None:
        return None


# ---------------------------------------------------------------- the microphone


class _LiveTranscriber:
    """Transcribes an answer on one worker thread while it is being spoken.

    At a pause (early_after) after new speech, with the worker free, the speech since the
    last committed piece is sent: as a committed piece when it is at least `min_piece`
    seconds long (Whisper does worse on short pieces, and each call has a large fixed cost:
    a 30 s window), else as a tentative piece, dropped if speech resumes and kept if the
    pause turns out to be the closing silence. "early" never commits (the whole answer is
    one tentative piece); "off" sends nothing before the end.
    """

    def __init__(self, recognizer: Recognizer, mode: str, min_piece: float):
        from concurrent.futures import ThreadPoolExecutor

        self.recognizer = recognizer
        self.mode = mode
        self.min_samples = float("inf") if mode == "early" else int(min_piece * 16000)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-stt")
        self.pieces: list[Any] = []  # committed futures, in order
        self.tentative: Any = None
        self._submitted: list[Any] = []
        self.cut = 0  # first sample not in a committed piece
        self.unsent_speech = False
        self.use_context = True

    def heard_speech(self) -> None:
        if self.tentative is not None:
            self.tentative.cancel()  # a queued one never runs; a running one just finishes
            self.tentative = None
        self.unsent_speech = True

    def wants_piece(self) -> bool:
        return self.mode != "off" and self.unsent_speech and all(f.done() for f in self._submitted)

    def send(self, pcm: np.ndarray) -> None:
        future = self._submit(pcm[self.cut :])
        if len(pcm) - self.cut >= self.min_samples:
            self.pieces.append(future)
            self.cut = len(pcm)
        else:
            self.tentative = future
        self.unsent_speech = False

    def _submit(self, pcm: np.ndarray) -> Any:
        future = self._pool.submit(self._transcribe, pcm, list(self.pieces))
        self._submitted = [f for f in self._submitted if not f.done()] + [future]
        return future

    def _transcribe(self, pcm: np.ndarray, before: list[Any]) -> Transcript:
        # One worker: the pieces before this one are done, their text is the context.
        context = " ".join(f.result().text for f in before if not f.cancelled()).strip()
        if context and self.use_context:
            return self.recognizer.transcribe(pcm, context=context)
        return self.recognizer.transcribe(pcm)

    def finish(self, pcm: np.ndarray) -> Transcript:
        """The answer's transcript: committed pieces, then the rest of the answer."""
        from tui.speech.stt import Transcript

        if self.mode == "off":
            self.pieces, self.cut = [], 0
        if self.tentative is not None and not self.unsent_speech:
            self.pieces.append(self.tentative)  # the pause was the closing silence
        elif self.unsent_speech or not self.pieces:
            self.pieces.append(self._submit(pcm[self.cut :]))
        results = [future.result() for future in self.pieces]
        self._pool.shutdown(wait=False)
        text = " ".join(t.text for t in results if t.text).strip()
        segments = tuple(s for t in results for s in t.segments)
        elapsed = sum(t.elapsed for t in results)
        engine = results[0].engine if results else ""
        return Transcript(text, len(pcm) / 16000.0, segments, engine, elapsed)


class _Ear:
    """Reads a live source on its own thread from the moment voice mode is armed, so that
    (1) the noise floor is known before the talk key is pressed, and (2) the last
    `preroll` chunks before the key are kept: a word started with the key press survives.
    While an answer is captured, chunks go to a queue that MicListener.listen() reads.
    A source that is not live (a file read as fast as possible) is read only during an answer.
    """

    def __init__(self, source: Any, preroll: int, floor_window: int):
        import queue

        self.source = source
        self.live = getattr(source, "live", True)
        self.ring: deque[np.ndarray] = deque(maxlen=max(1, preroll))
        self.levels: deque[float] = deque(maxlen=floor_window)  # int16 RMS of recent chunks
        self.answer: queue.Queue | None = None
        self.capturing = threading.Event()
        self.dry = threading.Event()
        self.closed = threading.Event()
        self.error: Exception | None = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="mic-ear", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        np = imported("numpy")

        from tui.speech.audio import pcm16_bytes_to_float

        try:
            while not self.closed.is_set():
                if not self.live and not self.capturing.wait(0.1):
                    continue
                data = self.source.stream.read(self.source.CHUNK)
                if not data:
                    break
                chunk = pcm16_bytes_to_float(data)
                level = float(np.sqrt(np.mean(np.square(chunk * 32768.0, dtype=np.float64))))
                with self._lock:
                    self.levels.append(level)
                    if self.answer is not None:
                        self.answer.put(chunk)
                    else:
                        self.ring.append(chunk)
        except Exception as exc:  # noqa: BLE001 - a device that fails mid-call ends the answer
            self.error = exc
        self.dry.set()
        with self._lock:
            if self.answer is not None:
                self.answer.put(None)

    def start_answer(self) -> Any:
        """A queue of the answer's chunks, starting with the pre-roll; None = source ended."""
        import queue

        with self._lock:
            self.answer = queue.Queue()
            for chunk in self.ring:
                self.answer.put(chunk)
            self.ring.clear()
            if self.dry.is_set():
                self.answer.put(None)
            self.capturing.set()
            return self.answer

    def end_answer(self) -> None:
        with self._lock:
            self.answer = None
            self.capturing.clear()

    def floor(self, min_chunks: int) -> float | None:
        """The noise floor: a low percentile of recent levels (speech has gaps; the
        interviewer's voice from a loudspeaker has pauses), once enough audio was heard."""
        with self._lock:
            levels = sorted(self.levels)
        if len(levels) < min_chunks:
            return None
        return levels[len(levels) // 5]

    def close(self) -> None:
        self.closed.set()
        self.capturing.set()
        self._thread.join(timeout=1.0)


class MicListener:
    """Answers from a live source (the microphone by default).

    `source_factory` returns a SpeechRecognition AudioSource; it is opened once (by arm(),
    or by the first listen()) and kept open for the call, so the noise level is measured
    before the talk key and a short pre-roll keeps the first word. By default a
    SoundDeviceMicrophone (raises MicrophoneUnavailable when there is none — check
    `probe_audio()` first).
    """

    def __init__(
        self,
        audio_dir: str | Path | None = None,
        recognizer: Recognizer | None = None,
        settings: ListenSettings | None = None,
        source_factory: Callable[[], Any] | None = None,
        device: int | str | None = None,
    ):
        self.audio_dir = Path(audio_dir) if audio_dir is not None else None
        # The model starts loading now, in the background, while the phone rings.
        self._recognizer = recognizer or _shared_recognizer()
        self.settings = settings or ListenSettings()
        if self.settings.live not in LIVE_MODES:
            raise ValueError(f"live transcription mode {self.settings.live!r}: expected one of {', '.join(LIVE_MODES)}")
        self._source_factory = source_factory or self._microphone
        self._device = device
        self._finish = threading.Event()
        self._source: Any = None
        self._ear: _Ear | None = None
        self._arm_lock = threading.Lock()
        self.energy_threshold: float | None = None  # the threshold the last answer used
        self.last_capture_end: float | None = None  # monotonic time the answer was judged over
        self.last_pieces = 0  # how many pieces the last answer was transcribed in

    def _microphone(self) -> Any:
        from tui.speech.sources import SoundDeviceMicrophone

        return SoundDeviceMicrophone(self._device)

    def arm(self) -> None:
        """Open the source and start listening for the noise floor and the pre-roll (call it
        when voice mode starts, e.g. while the interviewer speaks). Idempotent; raises
        MicrophoneUnavailable when the source cannot be opened."""
        with self._arm_lock:
            if self._ear is not None and not self._ear.dry.is_set():
                return
            self._disarm()
            source = self._source_factory()
            source.__enter__()
            self._source = source
            chunk_seconds = source.CHUNK / source.SAMPLE_RATE
            self._ear = _Ear(source, int(self.settings.preroll_seconds / chunk_seconds),
                             int(self.settings.floor_seconds / chunk_seconds))

    def _disarm(self) -> None:
        if self._ear is not None:
            self._ear.close()
            self._ear = None
        if self._source is not None:
            try:
                self._source.__exit__(None, None, None)
            finally:
                self._source = None

    def finish(self) -> None:
        """End the current answer now (push-to-talk released, or "done" pressed)."""
        self._finish.set()

    def recalibrate(self) -> None:
        if self._ear is not None:
            self._ear.levels.clear()

    def listen(self, on_level: LevelCallback | None = None, cancel: threading.Event | None = None) -> Heard:
        recognizer = self._recognizer
        self.arm()
        ear = self._ear
        assert ear is not None
        chunk_seconds = ear.source.CHUNK / ear.source.SAMPLE_RATE
        floor = ear.floor(max(1, int(self.settings.calibrate_seconds / chunk_seconds)))  # before the key
        answer = ear.start_answer()
        try:
            result = self._capture(ear, answer, floor, recognizer, on_level, cancel)
        finally:
            ear.end_answer()
            self._finish.clear()
        if ear.error is not None:
            self._disarm()
            raise ear.error
        if result is None:
            return Heard("")
        pcm, transcript = result
        return heard_from(pcm, transcript, self.audio_dir)

    def _capture(
        self,
        ear: _Ear,
        answer: Any,
        floor: float | None,
        recognizer: Recognizer,
        on_level: LevelCallback | None,
        cancel: threading.Event | None,
    ) -> tuple[np.ndarray, Transcript] | None:
        """Read one answer; None when nothing was said, or when cancelled."""
        import queue

        np = imported("numpy")

        from tui.speech.audio import rms_level

        settings = self.settings
        source = ear.source
        chunk_seconds = source.CHUNK / source.SAMPLE_RATE
        calibrate_chunks = max(1, int(settings.calibrate_seconds / chunk_seconds))
        preroll = max(1, int(settings.preroll_seconds / chunk_seconds))
        live = _LiveTranscriber(recognizer, settings.live, settings.min_piece)
        live.use_context = settings.piece_context
        chunks: list[np.ndarray] = []
        # The threshold is fixed for the whole answer (a rising one cuts answers apart). With
        # push-to-talk it must come from audio heard BEFORE the key (the answer itself would
        # raise it): without that, the answer is transcribed whole at the release.
        threshold = None if floor is None else max(settings.min_energy, floor * settings.energy_ratio)
        self.energy_threshold = threshold
        speaking = settings.push_to_talk  # push-to-talk records from the key press (and pre-roll)
        silent_for = waited = talked = 0.0
        while True:
            if cancel is not None and cancel.is_set():
                return None
            if self._finish.is_set():
                break
            try:
                chunk = answer.get(timeout=0.05)
            except queue.Empty:
                continue
            if chunk is None:
                break  # the source ended (a file) or failed
            if on_level is not None:
                on_level(rms_level(chunk))
            if threshold is None and not settings.push_to_talk:
                floor = ear.floor(calibrate_chunks)  # the first calibrate_seconds of waiting
                if floor is not None:
                    threshold = self.energy_threshold = max(settings.min_energy, floor * settings.energy_ratio)
            level = float(np.sqrt(np.mean(np.square(chunk * 32768.0, dtype=np.float64))))
            loud = threshold is not None and level > threshold
            chunks.append(chunk)
            if not speaking:
                waited += chunk_seconds
                if loud:
                    speaking = True
                else:
                    del chunks[:-preroll]
                    if waited >= settings.start_timeout:
                        return None
                    continue
            talked += chunk_seconds
            if loud:
                live.heard_speech()
            if talked >= settings.max_seconds:
                break
            silent_for = 0.0 if loud else silent_for + chunk_seconds
            if threshold is not None and silent_for >= settings.early_after and live.wants_piece():
                live.send(np.concatenate(chunks))
            if not settings.push_to_talk and silent_for >= settings.pause_threshold:
                break
        self.last_capture_end = time.monotonic()
        if on_level is not None:
            on_level(0.0)
        if not speaking or not chunks:
            return None
        pcm = np.concatenate(chunks)
        transcript = live.finish(pcm)
        self.last_pieces = len(live.pieces)
        return pcm, transcript

    def close(self) -> None:
        self._finish.set()
        with self._arm_lock:
            self._disarm()
