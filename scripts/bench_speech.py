"""Benchmark voice mode's speech stack on real recordings.

    .venv/bin/python scripts/bench_speech.py [--eval DIR] [--json] [--skip-latency]

- WER and real-time factor on the clips of DIR (refs.txt: `name|words`): Whisper tiny.en
  (bundled, kept loaded) against pocketsphinx (the baseline, same run); Whisper with an
  initial_prompt of (a) the clips' own words — an optimistic upper bound for "prompt with
  the prep's vocabulary" — and (b) an unrelated prep's vocabulary, the usual real case.
- Latency from the end of a ~10 s answer's closing silence (0.8 s) to transcript ready,
  the answer streamed in real time through MicListener: whole answer transcribed after
  the silence, vs transcription started early (after 0.3 s of silence, while the closing
  silence runs), vs chunks transcribed while speaking (cut at pauses) plus the tail.
- TTS time to first audio (say() on a line not prepared; and prepared ahead).
- Peak RSS of a voice-mode process (speaker + Whisper + one answer), target <= 350 MB.
Figures go to stdout, or to stderr with --json (JSON on stdout).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from tui.speech.audio import read_wav, resample, write_wav  # noqa: E402
from tui.speech.interfaces import Voice  # noqa: E402
from tui.speech.listener import ListenSettings, MicListener  # noqa: E402
from tui.speech.sources import WavStreamSource  # noqa: E402
from tui.speech.stt import WhisperRecognizer, load_recognizer  # noqa: E402

DEFAULT_EVAL = REPO.parent / "shared" / "eval" / "speech"
UNRELATED_PROMPT = (
    "Maria Gonzalez, Senior Backend Engineer, Acme, Kubernetes, PostgreSQL, billing service "
    "migration, on-call rotation, hiring manager, decision date."
)


def words(text: str) -> list[str]:
    """Lowercase words, punctuation dropped, digits spelled out (refs spell numbers)."""

    spelled = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six",
               "7": "seven", "8": "eight", "9": "nine", "10": "ten"}
    cleaned = "".join(c if c.isalnum() or c in " '" else " " for c in text.lower().replace("-", " "))
    cleaned = cleaned.replace("mr ", "mister ")
    return [spelled.get(w, w) for w in cleaned.split()]


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(ref, hyp)


def load_refs(folder: Path) -> list[tuple[Path, str]]:
    rows = []
    for line in (folder / "refs.txt").read_text(encoding="utf-8").splitlines():
        if "|" in line:
            name, ref = line.split("|", 1)
            rows.append((folder / f"{name.strip()}.wav", ref.strip()))
    return rows


def score(recognizer, clips: list[tuple[Path, str]]) -> dict:
    errors = total = 0
    audio = spent = 0.0
    outputs = {}
    for path, ref in clips:
        transcript = recognizer.transcribe(path)
        errors += edit_distance(words(ref), words(transcript.text))
        total += len(words(ref))
        audio += transcript.duration
        spent += transcript.elapsed
        outputs[path.stem] = transcript.text
    return {"wer": round(errors / total, 4), "rtf": round(spent / audio, 3), "seconds": round(spent, 2),
            "audio_seconds": round(audio, 2), "outputs": outputs}


# ------------------------------------------------------------------ latency


def ten_second_answer(folder: Path, out: Path) -> tuple[Path, str]:
    a, rate_a = read_wav(folder / "lv01.wav")
    b, rate_b = read_wav(folder / "lv02.wav")
    refs = dict((p.stem, r) for p, r in load_refs(folder))
    gap = np.zeros(int(0.4 * 16000), dtype=np.float32)
    pcm = np.concatenate([resample(a, rate_a, 16000), gap, resample(b, rate_b, 16000)])
    return write_wav(out, pcm, 16000), f"{refs['lv01']} {refs['lv02']}"


def latency_mic(recognizer, answer: Path, live: str) -> tuple[float, str]:
    """Stream the answer in real time through MicListener; seconds from the end of the
    closing silence to the Heard being ready."""
    listener = MicListener(
        None, recognizer, ListenSettings(live=live),
        source_factory=lambda: WavStreamSource(answer, realtime=True, leading_silence=0.6, trailing_silence=1.5),
    )
    heard = listener.listen()
    return time.monotonic() - listener.last_capture_end, heard.text


# ------------------------------------------------------------------ TTS


def tts_first_audio() -> dict:
    from tui.speech.tts import PyttsxSpeaker

    class Stopwatch:
        name = "stopwatch"

        def __init__(self):
            self.started_at: float | None = None

        def play(self, samples, rate, stop):
            self.started_at = time.perf_counter()
            return True

    clock = Stopwatch()
    speaker = PyttsxSpeaker(player=clock)
    line = "Hi, this is Dana Whitfield. Thanks for calling back about the backend engineer role."
    results = {}
    for label, text, prepare in (
        ("cold_first_line_ms", line, False),  # includes starting the engine
        ("not_prepared_ms", line + " Go ahead.", False),
        ("prepared_ms", line + " Anything else?", True),
    ):
        if prepare:
            speaker.prepare(text, Voice())
            speaker.rendered(text, Voice())
        started = time.perf_counter()
        speaker.say(text, Voice())
        results[label] = round((clock.started_at - started) * 1000, 1)
    speaker.close()
    return results


# ------------------------------------------------------------------ RSS


def voice_mode_rss(answer: Path) -> float:
    """Peak RSS (MB) of a fresh process running the voice-mode speech stack."""
    code = f"""
import sys
sys.path.insert(0, {str(REPO)!r})
from tui.speech.interfaces import Voice
from tui.speech.tts import PyttsxSpeaker
from tui.speech.player import NullPlayer
from tui.speech.listener import WavListener
from tui.speech.stt import load_recognizer
speaker = PyttsxSpeaker(player=NullPlayer())
for i in range(5):
    speaker.say("Thanks for calling, could you tell me more about the migration project? " * 2, Voice())
listener = WavListener([{str(answer)!r}] * 3, load_recognizer())
for i in range(3):
    listener.listen()
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork+exec.
print(next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    return round(float(out.stdout.strip().splitlines()[-1]), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="real-time latency runs per mode")
    parser.add_argument("--skip-latency", action="store_true", help="skip the real-time latency runs (~40 s)")
    args = parser.parse_args()
    if not (args.eval / "refs.txt").is_file():
        print(f"bench_speech: no refs.txt in {args.eval}", file=sys.stderr)
        return 2
    say = (lambda *a: print(*a, file=sys.stderr)) if args.json else print
    clips = load_refs(args.eval)
    report: dict = {"clips": len(clips), "words": sum(len(words(r)) for _, r in clips)}

    started = time.perf_counter()
    whisper = load_recognizer("whisper")
    whisper.wait_loaded()
    report["whisper_load_s"] = round(time.perf_counter() - started, 2)
    vocabulary = " ".join(sorted({w for _, r in clips for w in r.split()}))
    engines = {
        "sphinx (baseline)": load_recognizer("sphinx"),
        "whisper tiny.en": whisper,
        "whisper tiny.en, greedy (beam 1)": WhisperRecognizer(whisper.model_name, beam_size=1),
        "whisper + prompt of the clips' words": WhisperRecognizer(whisper.model_name, initial_prompt=vocabulary),
        "whisper + unrelated prep prompt": WhisperRecognizer(whisper.model_name, initial_prompt=UNRELATED_PROMPT),
    }
    report["recognition"] = {}
    say(f"{len(clips)} clips, {report['words']} words; Whisper model loaded in {report['whisper_load_s']} s")
    say(f"{'engine':40} {'WER':>7} {'RTF':>6}")
    for name, recognizer in engines.items():
        result = score(recognizer, clips)
        report["recognition"][name] = result
        say(f"{name:40} {result['wer']:7.1%} {result['rtf']:6.3f}")

    with __import__("tempfile").TemporaryDirectory() as folder:
        answer, ref = ten_second_answer(args.eval, Path(folder) / "answer.wav")
        duration = len(read_wav(answer)[0]) / 16000
        if not args.skip_latency:
            report["latency"] = {"answer_seconds": round(duration, 2), "target_s": 0.5}
            say(f"\nlatency after the closing silence of a {duration:.1f} s answer (target <= 0.5 s):")
            names = {"off": "whole answer after the silence", "early": "whole answer, sent 0.3 s into silence",
                     "chunks": "chunks sent at pauses while speaking"}
            runs: dict[str, list[float]] = {mode: [] for mode in names}
            wers: dict[str, float] = {}
            for _ in range(args.repeat):
                for mode in names:  # interleaved, so a busy moment hits every mode alike
                    seconds, text = latency_mic(whisper, answer, mode)
                    runs[mode].append(seconds)
                    wers[mode] = edit_distance(words(ref), words(text)) / len(words(ref))
            for mode, name in names.items():
                median = sorted(runs[mode])[len(runs[mode]) // 2]
                report["latency"][mode] = {"name": name, "median_s": round(median, 3),
                                           "runs_s": [round(x, 3) for x in runs[mode]], "wer": round(wers[mode], 4)}
                say(f"  {name:40} median {median:6.3f} s  WER {wers[mode]:.1%}  "
                    f"(runs {', '.join(f'{x:.2f}' for x in runs[mode])})")
        report["tts_first_audio"] = tts_first_audio()
        say("\nTTS time to first audio: " + ", ".join(f"{k} {v}" for k, v in report["tts_first_audio"].items()))
        report["voice_mode_peak_rss_mb"] = voice_mode_rss(answer)
        say(f"peak RSS of the voice-mode speech stack: {report['voice_mode_peak_rss_mb']} MB (target <= 350)")
    report["load_average_at_end"] = [round(x, 2) for x in __import__("os").getloadavg()]
    say(f"(load average {report['load_average_at_end']}: other processes on this 2-core machine slow every figure)")
    report["bench_process_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if args.json:
        print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
