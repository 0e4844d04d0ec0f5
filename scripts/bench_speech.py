"""Benchmark voice mode's speech stack on real recordings.

    .venv/bin/python scripts/bench_speech.py [--eval DIR] [--json] [--skip-latency]

- WER and real-time factor on the clips of DIR (refs.txt: `name|words`): Whisper tiny.en
  (bundled, kept loaded) against pocketsphinx (the baseline, same run); Whisper with an
  initial_prompt of (a) the clips' own words — an optimistic upper bound for "prompt with
  the prep's vocabulary" — and (b) an unrelated prep's vocabulary, the usual real case.
- Latency from the end of an answer's closing silence (0.8 s) to transcript ready, the
  answer streamed in real time through MicListener, for each live mode: whole answer
  transcribed after the silence ("off"), whole answer sent 0.3 s into a silence ("early"),
  speech sent in pieces at pauses while speaking ("chunks"). Two answers: a ~10 s reading
  (lv01+lv02) and ~11 s of short phrases with 0.5 s pauses (more cuts); WER of each mode.
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
    """WER, real-time factor, and intrusions: words of the prompt that came out of the
    recognizer but were not said (what a prompt risks: hearing the prep's words)."""
    prompt_words = set(words(getattr(recognizer, "initial_prompt", None) or ""))
    intrusions = 0
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
        intrusions += len((set(words(transcript.text)) & prompt_words) - set(words(ref)))
    return {"wer": round(errors / total, 4), "rtf": round(spent / audio, 3), "intrusions": intrusions,
            "seconds": round(spent, 2),
            "audio_seconds": round(audio, 2), "outputs": outputs}


# ------------------------------------------------------------------ latency


def trim(pcm: np.ndarray, frame: int = 480) -> np.ndarray:
    """Drop the clip's own leading and closing silence (30 ms frames under ~-40 dBFS)."""
    loud = [i for i in range(0, len(pcm) - frame, frame) if np.sqrt(np.mean(pcm[i : i + frame] ** 2)) > 0.01]
    return pcm[loud[0] : loud[-1] + frame] if loud else pcm


def joined_answer(folder: Path, names: list[str], gap: float, out: Path) -> tuple[Path, str]:
    """Clips joined with pauses shorter than the 0.8 s that ends an answer: one answer."""
    refs = dict((p.stem, r) for p, r in load_refs(folder))
    parts = []
    for name in names:
        samples, rate = read_wav(folder / f"{name}.wav")
        parts += [trim(resample(samples, rate, 16000)), np.zeros(int(gap * 16000), dtype=np.float32)]
    return write_wav(out, np.concatenate(parts[:-1]), 16000), " ".join(refs[n] for n in names)


def latency_mic(recognizer, answer: Path, mode: str) -> tuple[float, str, int]:
    """Stream the answer in real time through MicListener: seconds from the end of the
    closing silence to the Heard being ready, the text, and how many pieces were sent."""
    live, _, variant = mode.partition("-")
    settings = ListenSettings(live=live, piece_context=variant != "nocontext", min_piece=0.0 if variant == "min0" else 3.0)
    listener = MicListener(
        None, recognizer, settings,
        source_factory=lambda: WavStreamSource(answer, realtime=True, leading_silence=0.6, trailing_silence=1.5),
    )
    heard = listener.listen()
    return time.monotonic() - listener.last_capture_end, heard.text, listener.last_pieces


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
    parser.add_argument("--repeat", type=int, default=2, help="real-time latency runs per mode")
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
    say(f"{'engine':40} {'WER':>7} {'RTF':>6} {'prompt words not said':>22}")
    for name, recognizer in engines.items():
        result = score(recognizer, clips)
        report["recognition"][name] = result
        say(f"{name:40} {result['wer']:7.1%} {result['rtf']:6.3f} {result['intrusions']:22d}")

    with __import__("tempfile").TemporaryDirectory() as folder:
        answers = {
            "reading": joined_answer(args.eval, ["lv01", "lv02"], 0.4, Path(folder) / "reading.wav"),
            "phrases": joined_answer(args.eval, ["goforward", "cards01", "cards02", "cards03", "lv02"], 0.5,
                                     Path(folder) / "phrases.wav"),
        }
        if not args.skip_latency:
            report["latency"] = {"target_s": 0.5}
            names = {"off": "whole answer after the silence", "early": "whole answer, sent 0.3 s into silence",
                     "chunks": "pieces >= 3 s at pauses, with context",
                     "chunks-nocontext": "pieces >= 3 s at pauses, no context",
                     "chunks-min0": "every pause a piece, with context"}
            for label, (answer, ref) in answers.items():
                duration = len(read_wav(answer)[0]) / 16000
                say(f"\nlatency after the closing silence, {label} answer of {duration:.1f} s (target <= 0.5 s):")
                runs: dict[str, list[float]] = {mode: [] for mode in names}
                texts: dict[str, tuple[str, int]] = {}
                for _ in range(args.repeat):
                    for mode in names:  # interleaved, so a busy moment hits every mode alike
                        seconds, text, pieces = latency_mic(whisper, answer, mode)
                        runs[mode].append(seconds)
                        texts[mode] = (text, pieces)
                report["latency"][label] = {"answer_seconds": round(duration, 2)}
                for mode, name in names.items():
                    median = sorted(runs[mode])[len(runs[mode]) // 2]
                    text, pieces = texts[mode]
                    wer = edit_distance(words(ref), words(text)) / len(words(ref))
                    report["latency"][label][mode] = {
                        "name": name, "median_s": round(median, 3), "runs_s": [round(x, 3) for x in runs[mode]],
                        "wer": round(wer, 4), "pieces": pieces, "text": text}
                    say(f"  {name:40} median {median:6.3f} s  WER {wer:5.1%}  pieces {pieces}  "
                        f"(runs {', '.join(f'{x:.2f}' for x in runs[mode])})")
        answer = answers["reading"][0]
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
