"""A whole voice rehearsal of the sample prep from spoken answers: pyttsx3 speaks the
answers in another voice than the interviewer's, Whisper transcribes them, the checker
finds the key points. Real engines end to end, no microphone needed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from tui.speech.interfaces import Voice
from tui.speech.tts import render_to_wav

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "assets" / "samples" / "sample_prep.toml"
# British RP at 130 wpm: another voice than the friendly interviewer's (en-us), and one
# eSpeak says clearly enough for tiny.en (the Scottish voice turned "Gonzalez" into "Organzales").
APPLICANT = Voice(voice_id="en-gb-x-rp", rate=130, phone_line=False)

# In the order the sample's call asks (most likely question first).
SPOKEN = [
    "Hello, this is Maria Gonzalez. Could I speak with James O'Connor please? It is about my interview.",
    "Hi James, this is Maria Gonzalez. I interviewed for the Senior Backend Engineer position on "
    "Wednesday. We talked about the ledger outage I debugged with a replay tool.",
    None,  # silence: the interviewer did not catch that and asks again
    "I built event pipelines with RabbitMQ at Acme, and I completed the Confluent Kafka developer course.",
    "In 2020 I was caring for a parent, and I completed online courses in data engineering.",
    "Is there anything else you would like to know about my background? When do you expect to make a decision?",
    "Thank you very much for your time. Goodbye.",
]


def write_silence(path: Path, seconds: float = 2.0) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\0\0" * int(16000 * seconds))


@pytest.fixture(scope="module")
def answer_wavs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("answers")
    for number, text in enumerate(SPOKEN, start=1):
        path = folder / f"answer{number}.wav"
        if text is None:
            write_silence(path)
        else:
            assert render_to_wav(text, APPLICANT, path) > 1.0
    return folder


def test_voice_rehearsal_from_wav_answers(answer_wavs: Path, tmp_path: Path) -> None:
    env = {**os.environ, "FOLLOWUP_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run(
        [sys.executable, "-m", "tui", "rehearse", str(SAMPLE), "--answers-audio", str(answer_wavs),
         "--outcome", "available", "--questions", "2", "--seed", "3", "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    report, turns = data["report"], data["turns"]
    assert report["status"] == "finished", [t["text"] for t in turns]

    # The silent answer was not scored as words: the interviewer asked again.
    assert any("catch" in t["text"] for t in turns if t["speaker"] == "interviewer")
    answers = [t for t in turns if t["speaker"] == "candidate"]
    assert all(t["text"] for t in answers)
    assert all(t["duration"] and t["duration"] > 1 for t in answers)
    assert all(t["audio_path"] and Path(t["audio_path"]).is_file() for t in answers)
    assert all(Path(t["audio_path"]).is_relative_to(tmp_path / "data") for t in answers)

    # Most key points come through recognition.
    points = [p for q in report["questions"] for p in q["check"]["points"]]
    covered = [p for p in points if p["status"] == "covered"]
    assert len(points) == 4 and len(covered) >= 3, points  # seen: 4 of 4
    checks = {item["label"]: item["ok"] for phase in report["phases"] for item in phase["items"]}
    assert checks["asked for James O'Connor by name"]
    assert checks["named the position"]
    assert checks["asked if there is anything else they'd like to know"]
    assert checks["asked about the decision timeline or next steps"]
    assert report["fluency"]["wpm"] and 90 <= report["fluency"]["wpm"] <= 220


def test_the_prep_prompt_does_not_put_words_in_the_applicants_mouth(tmp_path: Path) -> None:
    """The prompt helps Whisper spell the prep's names; it must not make it hear them."""
    from tui.prep import load_prep
    from tui.speech.stt import voice_recognizer

    prep = load_prep(SAMPLE)
    recognizer = voice_recognizer(prep.vocabulary())
    # the names and the position; the answers' tags stay out of the prompt
    assert "Maria Gonzalez" in recognizer.initial_prompt and "James O'Connor" in recognizer.initial_prompt
    assert prep.application.position in recognizer.initial_prompt
    assert not any(tag in recognizer.initial_prompt for a in prep.answers for tag in a.tags)
    path = tmp_path / "vague.wav"
    render_to_wav("Hi there, I am calling about the job I interviewed for last week.", APPLICANT, path)
    heard = recognizer.transcribe(path).text.lower()
    assert "interview" in heard
    for term in ("maria", "gonzalez", "o'connor", "northwind", "backend", "kafka"):
        assert term not in heard


def test_unreadable_answer_audio_is_one_line_and_stores_nothing(tmp_path: Path, capsys, monkeypatch) -> None:
    from tui.cli import main
    from tui.store import Store

    monkeypatch.setenv("FOLLOWUP_DATA_DIR", str(tmp_path / "data"))
    good = tmp_path / "good.wav"
    write_silence(good, 1.0)
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    notes = tmp_path / "notes.wav"
    notes.write_text("these are my notes, not a recording")
    for bad, message in ((empty, "empty"), (notes, "not a readable audio file")):
        assert main(["rehearse", str(SAMPLE), "--answers-audio", str(good), str(bad)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and message in err[0] and str(bad) in err[0]
    with Store() as store:
        assert store.rehearsals() == []  # checked before the call: nothing left "in progress"
