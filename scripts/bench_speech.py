"""Benchmark voice mode the way the app runs it (push-to-talk, voice_recognizer's settings).

    .venv/bin/python scripts/bench_speech.py [--eval DIR] [--dev2 FILE] [--json]
        [--only wer,f1,latency,rss] [--repeat N] [--f1-limit N]

- wer: WER and real-time factor on the real recordings of DIR (refs.txt: `name|words`):
  voice mode's recognizer against pocketsphinx (the baseline, same run), and Whisper with
  each prompt policy given an unrelated prep's vocabulary: words of the prompt that come
  out but were not said are intrusions (what a prompt risks: hearing the prep's words).
- f1: the labelled answers of FILE (keypoints_dev2.json) synthesised with eSpeak in two
  voices unlike the interviewer's (en-us) at two speeds, captured by MicListener in
  push-to-talk with voice_recognizer(the applicant's vocabulary), checked by the checker:
  voice F1 beside typed F1 (the checker on the written answer) on the same pairs; WER of
  the synthesised answers; intrusion rate per prompt policy (on one voice and speed).
- latency: push-to-talk on a ~10 s real answer streamed in real time: the listener is armed
  while "the interviewer speaks", the key is released 0.3 s after the last word; seconds
  from the release to the interviewer's next line starting to play (transcript -> check ->
  history store -> next line rendered). Quiet and with one competing busy process, for
  1 and 2 decoding threads, with live transcription at pauses and without.
- rss: peak RSS of a fresh voice-mode process (speaker + Whisper + answers), target <= 350 MB.
Figures go to stdout, or to stderr with --json (JSON on stdout). This machine has 2 cores
shared with other work: every figure comes with the load average it was measured under.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import numpy as np  # noqa: E402

from tui.speech.audio import read_audio, write_wav  # noqa: E402
from tui.speech.interfaces import Voice  # noqa: E402
from tui.speech.listener import ListenSettings, MicListener  # noqa: E402
from tui.speech.sources import WavStreamSource  # noqa: E402
from tui.speech.stt import VOICE_THREADS, WhisperRecognizer, load_recognizer, vocabulary_prompt, voice_prompt  # noqa: E402

DEFAULT_EVAL = REPO.parent / "shared" / "eval" / "speech"
DEFAULT_DEV2 = REPO.parent / "shared" / "eval" / "keypoints_dev2.json"
SAMPLE_PREP = REPO / "assets" / "samples" / "sample_prep.toml"
# A prep nobody in the recordings talks about: every word of it that comes out is an intrusion.
UNRELATED = ["Maria Gonzalez", "James O'Connor", "Acme Dataworks", "Senior Backend Engineer",
             "Kubernetes", "PostgreSQL", "billing migration", "on-call rotation"]
# Interviewers and companies for the dev2 applicants (the data has none): names never said
# in the answers, so any of them in a transcript is an intrusion.
INVENTED = [("Helen Brandt", "Corbel Logistics"), ("Owen Castellano", "Larchmont Partners"),
            ("Grace Whitcombe", "Bramble and Vine"), ("Victor Lindqvist", "Halyard Support"),
            ("Ruth Okonkwo", "Meadowgate Pharmacy")]
# Applicant voices unlike the interviewers' (gmw/en-us), each at a slow and a brisk pace.
# (eSpeak's Scottish voice was tried too: 37 % WER on typed answers, against 19-25 % for
# these; tiny.en does 5-7 % on real people, so it told more about eSpeak than about voice mode.)
APPLICANT_VOICES = {"en-gb-x-rp": "British RP, male", "gmw/en-us+f2": "American, female"}
SPEEDS = (140, 185)


def say_to(json_mode: bool):
    return (lambda *a: print(*a, file=sys.stderr, flush=True)) if json_mode else (lambda *a: print(*a, flush=True))


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


def intrusions(prompt: str | None, said: str, heard: str) -> list[str]:
    """Content words of the prompt that were heard but not said. A word that sounds like
    what was said, alone or run together with the next word ("oka four" for Okafor), was
    said: hearing it right is no intrusion."""
    from tui.checker.lists import word_set
    from tui.checker.matcher import sound_codes

    stop = word_set("stopwords")
    candidates = {w for w in words(prompt or "") if w not in stop and len(w) > 2}
    spoken = words(said)
    sounds = {c for w in spoken + [a + b for a, b in zip(spoken, spoken[1:])] for c in sound_codes(w)}
    return sorted(w for w in (candidates & set(words(heard))) - set(spoken) if not set(sound_codes(w)) & sounds)


def load_refs(folder: Path) -> list[tuple[Path, str]]:
    rows = []
    for line in (folder / "refs.txt").read_text(encoding="utf-8").splitlines():
        if "|" in line:
            name, ref = line.split("|", 1)
            rows.append((folder / f"{name.strip()}.wav", ref.strip()))
    return rows


def load_avg() -> float:
    return round(os.getloadavg()[0], 2)


class Busy:
    """One competing CPU-bound process (the 'loaded' condition)."""

    def __init__(self, on: bool):
        self.on = on
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        if self.on:
            self.process = subprocess.Popen([sys.executable, "-c", "while True: pass"])
            time.sleep(0.5)
        return self

    def __exit__(self, *exc):
        if self.process is not None:
            self.process.kill()
            self.process.wait()


# ------------------------------------------------------------------ prompt policies


def prompt_policies(names: list[str], terms: list[str]) -> dict[str, dict]:
    """Whisper settings for each way of giving it the prep's words. `terms` starts with the
    position. (faster-whisper's hotwords were tried too: the same tokens in the same place as
    a prompt, and the same transcripts.)"""
    return {
        "no prompt": {},
        "names only": {"initial_prompt": vocabulary_prompt(names)},
        "names + position (voice mode)": {"initial_prompt": vocabulary_prompt(names + terms[:1])},
        "names + position + terms": {"initial_prompt": vocabulary_prompt(names + terms)},
    }


def recognizer_with(model: str, settings: dict) -> WhisperRecognizer:
    return WhisperRecognizer(model, cpu_threads=VOICE_THREADS, **settings)


# ------------------------------------------------------------------ WER on real speech


def bench_wer(clips: list[tuple[Path, str]], say) -> dict:
    whisper = load_recognizer("whisper")
    whisper.wait_loaded()
    model = whisper.model_name
    unrelated_names, unrelated_terms = UNRELATED[:3], UNRELATED[3:]  # the terms start with the position
    engines = {"sphinx (baseline)": load_recognizer("sphinx"),
               "voice mode (voice_recognizer, unrelated prep)": None}
    for name, settings in prompt_policies(unrelated_names, unrelated_terms).items():
        engines[f"tiny.en, {name}"] = recognizer_with(model, settings)
    from tui.speech.stt import voice_recognizer

    engines["voice mode (voice_recognizer, unrelated prep)"] = voice_recognizer(UNRELATED[:4])  # names, position
    say(f"\nWER on {len(clips)} real recordings ({sum(len(words(r)) for _, r in clips)} words), load {load_avg()}")
    say(f"{'recognizer':48} {'WER':>6} {'RTF':>6} {'intrusions':>10}")
    out = {}
    for name, recognizer in engines.items():
        errors = total = intruded = 0
        audio = spent = 0.0
        prompt = getattr(recognizer, "initial_prompt", None)
        texts = {}
        for path, ref in clips:
            t = recognizer.transcribe(path)
            errors += edit_distance(words(ref), words(t.text))
            total += len(words(ref))
            audio += t.duration
            spent += t.elapsed
            intruded += len(intrusions(prompt, ref, t.text))
            texts[path.stem] = t.text
        out[name] = {"wer": round(errors / total, 4), "rtf": round(spent / audio, 3), "intrusions": intruded,
                     "texts": texts}
        say(f"{name:48} {errors / total:6.1%} {spent / audio:6.3f} {intruded:10d}")
    return out


# ------------------------------------------------------------------ voice F1 on dev2


def dev2_rows(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for index, applicant in enumerate(data["applicants"]):
        interviewer, company = INVENTED[index % len(INVENTED)]
        names = [applicant["candidate"], interviewer, company]
        # A prep's tags: the points' own capitalised words and acronyms (OSHA, FastFreight).
        terms = [applicant["position"]] + list(dict.fromkeys(
            w.strip(".,()") for q in applicant["questions"].values() for p in q.values() for w in p.split()
            if len(w.strip(".,()")) > 1 and w.strip(".,()")[0].isupper()))
        for answer in applicant["answers"]:
            points = applicant["questions"][answer["question"]]
            rows.append({
                "id": answer["id"], "kind": answer["kind"], "text": answer["text"], "applicant": index,
                "names": names, "terms": terms,
                "points": {pid: t for pid, t in points.items() if not pid.startswith("r_")},
                "required": {pid: t for pid, t in points.items() if pid.startswith("r_")},
                "covers": set(answer["covers"]),
            })
    return rows


def check_as_the_app(text: str, row: dict) -> dict[str, str]:
    """The app's check of one answer (check_answer's defaults: words, sounds and meaning)."""
    from tui.checker import check_answer

    check = check_answer(text, list(row["points"].values()), required=list(row["required"].values()))
    return dict(zip(list(row["points"]) + list(row["required"]), (p.status for p in check.points)))


def f1_of(rows: list[dict], texts: dict[str, str]) -> dict:
    from bench_checker import scores

    pairs = []
    for row in rows:
        statuses = check_as_the_app(texts[row["id"]], row)
        pairs += [(status == "covered", pid in row["covers"]) for pid, status in statuses.items()]
    return scores(pairs)


def capture(recognizer, path: Path) -> str:
    """The answer through voice mode's listener: push-to-talk, released when it ends."""
    listener = MicListener(None, recognizer, ListenSettings(push_to_talk=True),
                           source_factory=lambda: WavStreamSource(path, trailing_silence=0.3))
    try:
        return listener.listen().text
    finally:
        listener.close()


def bench_f1(rows: list[dict], folder: Path, say, policies: bool = True) -> dict:
    from tui.speech.stt import voice_recognizer
    from tui.speech.tts import render_to_wav

    typed = f1_of(rows, {r["id"]: r["text"] for r in rows})
    say(f"\nkey points on {len(rows)} dev2 answers: typed F1 {typed['f1']:.3f} "
        f"(P {typed['precision']:.3f} R {typed['recall']:.3f}, {typed['pairs']} pairs); load {load_avg()}")
    recognizers = {}

    def recognizer_for(row: dict):
        key = row["applicant"]
        if key not in recognizers:
            recognizers[key] = voice_recognizer(row["names"] + row["terms"][:1])  # as Prep.vocabulary()
        return recognizers[key]

    out: dict = {"typed": typed, "voices": {}}
    all_texts: dict[str, str] = {}
    first_set: tuple[str, dict[str, Path]] | None = None
    say(f"{'voice':28} {'F1':>6} {'P':>6} {'R':>6} {'WER':>6} {'s/answer':>8}")
    for voice_id, label in APPLICANT_VOICES.items():
        for rate in SPEEDS:
            name = f"{label} {rate} wpm"
            paths, texts = {}, {}
            errors = total = 0
            started = time.perf_counter()
            for row in rows:
                path = folder / f"{row['id']}-{voice_id}-{rate}.wav"
                render_to_wav(row["text"], Voice(voice_id=voice_id, rate=rate, phone_line=False), path)
                paths[row["id"]] = path
                texts[row["id"]] = capture(recognizer_for(row), path)
                errors += edit_distance(words(row["text"]), words(texts[row["id"]]))
                total += len(words(row["text"]))
            figures = f1_of(rows, texts)
            figures["wer"] = round(errors / total, 4)
            figures["seconds_per_answer"] = round((time.perf_counter() - started) / len(rows), 2)
            out["voices"][name] = {**figures, "texts": texts}
            all_texts.update({f"{k}/{name}": v for k, v in texts.items()})
            first_set = first_set or (name, paths)
            say(f"{name:28} {figures['f1']:6.3f} {figures['precision']:6.3f} {figures['recall']:6.3f} "
                f"{figures['wer']:6.1%} {figures['seconds_per_answer']:8.2f}")
    pooled = [(r, n) for n in out["voices"] for r in rows]
    voice_all = f1_of([{**r, "id": f"{r['id']}/{n}"} for r, n in pooled], all_texts)
    out["voice"] = voice_all
    out["gap"] = round(typed["f1"] - voice_all["f1"], 3)
    say(f"{'all voices':28} {voice_all['f1']:6.3f} {voice_all['precision']:6.3f} {voice_all['recall']:6.3f}"
        f"   gap to typed {out['gap']:+.3f} (target <= 0.05)")

    if not policies:
        return out
    # Prompt policies on one voice and speed: intrusions (prompt words heard, not said) and F1.
    name, paths = first_set
    whisper = load_recognizer("whisper")
    say(f"\nprompt policy on '{name}' ({len(rows)} answers): intrusions = prompt words heard but not said")
    say(f"{'policy':28} {'F1':>6} {'WER':>6} {'answers with intrusions':>24}")
    out["prompt_policies"] = {}
    for policy in prompt_policies([], []):
        texts, hit, errors, total, seen = {}, 0, 0, 0, []
        per_applicant: dict[int, WhisperRecognizer] = {}
        for row in rows:
            settings = prompt_policies(row["names"], row["terms"])[policy]
            recognizer = per_applicant.setdefault(row["applicant"], recognizer_with(whisper.model_name, settings))
            texts[row["id"]] = capture(recognizer, paths[row["id"]])
            prompt = " ".join(filter(None, settings.values()))
            found = intrusions(prompt, row["text"], texts[row["id"]])
            hit += bool(found)
            seen += found
            errors += edit_distance(words(row["text"]), words(texts[row["id"]]))
            total += len(words(row["text"]))
        figures = f1_of(rows, texts)
        rate = hit / len(rows)
        out["prompt_policies"][policy] = {"f1": figures["f1"], "recall": figures["recall"], "wer": round(errors / total, 4),
                                          "intrusion_rate": round(rate, 4), "intruded_words": seen}
        say(f"{policy:28} {figures['f1']:6.3f} {errors / total:6.1%} {hit:>14d} ({rate:5.1%})  {', '.join(seen[:6])}")
    out["voice_mode_prompt"] = voice_prompt(["<applicant>", "<interviewer>", "<company>", "<position>"])
    return out


# ------------------------------------------------------------------ latency


def joined_answer(folder: Path, names: list[str], gap: float, out: Path) -> tuple[Path, str]:
    """Real clips joined with short pauses: one ~10 s answer."""
    refs = dict((p.stem, r) for p, r in load_refs(folder))
    parts = []
    for name in names:
        samples, _ = read_audio(folder / f"{name}.wav", 16000)
        loud = np.flatnonzero(np.abs(samples) > 0.01)
        parts += [samples[loud[0] : loud[-1]] if len(loud) else samples, np.zeros(int(gap * 16000), np.float32)]
    return write_wav(out, np.concatenate(parts[:-1]), 16000), " ".join(refs[n] for n in names)


class Stopwatch:
    """A player that notes when the first audio of a line would start."""

    name = "stopwatch"

    def __init__(self):
        self.started_at: float | None = None

    def play(self, samples, rate, stop):
        self.started_at = time.monotonic()
        return True


def one_turn(answer: Path, seconds: float, threads: int, live: str, speaker, clock: Stopwatch, data_dir: Path) -> dict:
    """One push-to-talk answer in a call, key release -> the next line's first audio."""
    from tui.flow.call import CallFlow
    from tui.prep import load_prep
    from tui.session import Rehearsal
    from tui.speech.stt import voice_recognizer
    from tui.store import Store

    prep = load_prep(SAMPLE_PREP)
    flow = CallFlow(prep, outcome="available", seed=1)
    store = Store(data_dir / "bench.db")
    session = Rehearsal(flow, store, mode="voice")
    session.start()
    session.answer(f"Hello, this is {prep.candidate.name}, could I speak with {prep.application.interviewer}?")
    recognizer = voice_recognizer(prep.vocabulary())
    if threads != VOICE_THREADS:
        recognizer = WhisperRecognizer(recognizer.model_name, initial_prompt=recognizer.initial_prompt,
                                       cpu_threads=threads)
    recognizer.wait_loaded()
    lead = 1.0  # armed while the interviewer speaks
    listener = MicListener(None, recognizer, ListenSettings(push_to_talk=True, live=live),
                           source_factory=lambda: WavStreamSource(answer, realtime=True, leading_silence=lead,
                                                                  trailing_silence=3.0))
    listener.arm()
    time.sleep(lead)
    released: list[float] = []

    def release():
        released.append(time.monotonic())
        listener.finish()

    timer = threading.Timer(seconds + 0.3, release)  # 0.3 s after the last word
    timer.start()
    heard = listener.listen()
    transcript_at = time.monotonic()
    step = session.answer(heard.text, heard.duration, None)
    checked_at = time.monotonic()
    line = next(e for e in step.lines if e.cue is None)
    clock.started_at = None
    speaker.say(line.text, flow.interviewer.voice)
    listener.close()
    store.close()
    return {"total": clock.started_at - released[0], "transcript": transcript_at - released[0],
            "check_store": checked_at - transcript_at, "speak": clock.started_at - checked_at,
            "text": heard.text, "pieces": listener.last_pieces}


def bench_latency(eval_dir: Path, folder: Path, repeat: int, say) -> dict:
    from tui.speech.tts import PyttsxSpeaker

    answer, ref = joined_answer(eval_dir, ["lv01", "lv02"], 0.4, folder / "reading.wav")
    seconds = len(read_audio(answer, 16000)[0]) / 16000
    clock = Stopwatch()
    speaker = PyttsxSpeaker(player=clock)
    os.environ.setdefault("FOLLOWUP_DATA_DIR", str(folder / "data"))
    configs = [(1, "chunks"), (1, "off"), (2, "chunks"), (2, "off")]
    out: dict = {"answer_seconds": round(seconds, 2), "target_quiet_s": 0.5, "target_loaded_s": 1.0}
    say(f"\nkey release -> next line's first audio, push-to-talk, a {seconds:.1f} s real answer "
        f"(median of {repeat}; targets: quiet <= 0.5 s, one busy process <= 1.0 s)")
    say(f"{'condition':8} {'threads':>7} {'live':>7} {'median':>7} {'transcript':>10} {'check+store':>11} "
        f"{'speak':>6} {'WER':>6} {'load':>5}  runs")
    for loaded in (False, True):
        label = "loaded" if loaded else "quiet"
        with Busy(loaded):
            runs: dict = {c: [] for c in configs}
            loads = []
            for _ in range(repeat):
                for config in configs:  # interleaved: a busy moment hits every config alike
                    runs[config].append(one_turn(answer, seconds, *config, speaker, clock, folder))
                    loads.append(load_avg())
        out[label] = {}
        for (threads, live), results in runs.items():
            med = {k: statistics.median(r[k] for r in results) for k in ("total", "transcript", "check_store", "speak")}
            wer = statistics.mean(edit_distance(words(ref), words(r["text"])) / len(words(ref)) for r in results)
            out[label][f"{threads} thread(s), live {live}"] = {
                **{k: round(v, 3) for k, v in med.items()}, "wer": round(wer, 4),
                "runs": [round(r["total"], 3) for r in results], "pieces": [r["pieces"] for r in results],
                "load": round(statistics.mean(loads), 2)}
            say(f"{label:8} {threads:7d} {live:>7} {med['total']:7.3f} {med['transcript']:10.3f} "
                f"{med['check_store']:11.3f} {med['speak']:6.3f} {wer:6.1%} {statistics.mean(loads):5.2f}  "
                + " ".join(f"{r['total']:.2f}" for r in results))
    speaker.close()
    return out


# ------------------------------------------------------------------ RSS


def voice_mode_rss(answer: Path) -> dict[str, float]:
    """Peak RSS (MB) of a fresh process running the voice-mode speech stack, and its RSS at
    the end (what it holds between answers)."""
    code = f"""
import sys
sys.path.insert(0, {str(REPO)!r})
from tui.speech.interfaces import Voice
from tui.speech.tts import PyttsxSpeaker
from tui.speech.player import NullPlayer
from tui.speech.listener import ListenSettings, MicListener
from tui.speech.sources import WavStreamSource
from tui.speech.stt import voice_recognizer
from tui.prep import load_prep
from tui.checker import check_answer
speaker = PyttsxSpeaker(player=NullPlayer())
for i in range(5):
    speaker.say("Thanks for calling, could you tell me more about the migration project? " * 2, Voice())
recognizer = voice_recognizer(load_prep({str(SAMPLE_PREP)!r}).vocabulary())
for i in range(3):
    listener = MicListener(None, recognizer, ListenSettings(push_to_talk=True),
                           source_factory=lambda: WavStreamSource({str(answer)!r}, trailing_silence=0.3))
    check_answer(listener.listen().text, ["led the billing migration", "cut costs by a third"])
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork+exec.
status = dict(l.split(":", 1) for l in open("/proc/self/status"))
print(int(status["VmHWM"].split()[0]) / 1024, int(status["VmRSS"].split()[0]) / 1024)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    peak, end = (round(float(x), 1) for x in out.stdout.strip().splitlines()[-1].split())
    return {"peak": peak, "end": end}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="folder of real recordings with refs.txt")
    parser.add_argument("--dev2", type=Path, default=DEFAULT_DEV2, help="labelled key-point answers (dev2 shape)")
    parser.add_argument("--only", default="wer,f1,latency,rss", help="sections to run, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="latency runs per configuration and condition")
    parser.add_argument("--f1-limit", type=int, default=0, help="use only the first N dev2 answers (0: all)")
    parser.add_argument("--no-policies", action="store_true", help="skip the prompt-policy comparison (4 x 110 answers)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sections = set(args.only.split(","))
    if not (args.eval / "refs.txt").is_file():
        print(f"bench_speech: no refs.txt in {args.eval}", file=sys.stderr)
        return 2
    say = say_to(args.json)
    report: dict = {"load_at_start": load_avg(), "voice_threads": VOICE_THREADS}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if "wer" in sections:
            report["wer"] = bench_wer(load_refs(args.eval), say)
        if "f1" in sections:
            rows = dev2_rows(args.dev2)
            report["f1"] = bench_f1(rows[: args.f1_limit] if args.f1_limit else rows, folder, say, not args.no_policies)
        if "latency" in sections:
            report["latency"] = bench_latency(args.eval, folder, args.repeat, say)
        if "rss" in sections:
            answer, _ = joined_answer(args.eval, ["lv01", "lv02"], 0.4, folder / "rss.wav")
            rss = voice_mode_rss(answer)
            report["voice_mode_peak_rss_mb"], report["voice_mode_end_rss_mb"] = rss["peak"], rss["end"]
            say(f"\npeak RSS of a voice-mode process: {rss['peak']} MB (target <= 350); {rss['end']} MB after its "
                "third answer")
    report["load_at_end"] = load_avg()
    say(f"(load average {report['load_at_start']} at start, {report['load_at_end']} at end, 2 cores)")
    if args.json:
        print(json.dumps(report, indent=2, default=sorted))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
