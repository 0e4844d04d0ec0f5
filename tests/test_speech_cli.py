"""`followup doctor`, `transcribe` and `say`, run through their argparse registration."""

from __future__ import annotations

import argparse
import json

import pytest

from speech_helpers import save, silence
from tui.speech import cli


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="followup")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_say_writes_a_wav(tmp_path, capsys):
    out = tmp_path / "line.wav"
    assert run(["say", "Hello, this is a test call.", "--out", str(out)]) == 0
    assert out.is_file() and "wrote" in capsys.readouterr().out


def test_say_with_missing_persona_uses_default_voice_and_says_so(tmp_path, capsys):
    out = tmp_path / "line.wav"
    assert run(["say", "Hello there.", "--persona", "nobody-here", "--out", str(out)]) == 0
    assert "default voice" in capsys.readouterr().err and out.is_file()


def test_say_bad_input_exits_2_with_one_line(tmp_path, capsys):
    assert run(["say", "   "]) == 2
    assert run(["say", "Hi.", "--out", str(tmp_path / "line.mp3")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "empty" in err[0] and ".wav" in err[1]


def test_say_without_audio_device_prints_the_caption(capsys):
    from tui.speech.player import find_player

    if find_player()[0].name != "none":
        pytest.skip("this machine has audio output")
    assert run(["say", "Is there anything else you need?"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "Is there anything else you need?"
    assert "no audio output" in captured.err


def test_transcribe_json(tmp_path, capsys):
    speech = tmp_path / "speech.wav"
    assert run(["say", "Thank you for calling.", "--out", str(speech), "--no-phone-line"]) == 0
    quiet = save(tmp_path, "quiet.wav", silence(2.0))
    capsys.readouterr()
    assert run(["transcribe", str(speech), str(quiet), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["file"] for r in rows] == [str(speech), str(quiet)]
    assert "thank" in rows[0]["text"].lower() and rows[1]["text"] == ""
    assert rows[0]["engine"] == "whisper" and rows[0]["duration"] > 0.5


def test_transcribe_bad_input_exits_2(tmp_path, capsys):
    assert run(["transcribe", str(tmp_path / "missing.wav")]) == 2
    (tmp_path / "bad.wav").write_text("text")
    assert run(["transcribe", str(tmp_path / "bad.wav")]) == 2
    quiet = str(save(tmp_path, "q.wav", silence(0.5)))
    assert run(["transcribe", quiet, "--model", str(tmp_path)]) == 2
    assert run(["transcribe", quiet, "--model", "base.en"]) == 2  # a name, but no --download
    assert run(["transcribe", str(tmp_path)]) == 2  # a folder
    too_long = str(save(tmp_path, "long.wav", silence(121.0)))
    assert run(["transcribe", too_long]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 6
    assert "no such file" in err[0] and "not a readable audio file" in err[1] and "model" in err[2]
    assert "base.en is a model name" in err[3] and "--download" in err[3]
    assert "not a file" in err[4] and "longer than 120 s" in err[5]


def test_transcribe_with_a_prep_uses_the_voice_mode_recognizer(tmp_path, capsys):
    from tui.cli import main
    from tui.speech.interfaces import Voice
    from tui.speech.stt import VOICE_THREADS, voice_prompt
    from tui.speech.tts import render_to_wav

    prep = tmp_path / "call.toml"
    assert main(["new", str(prep)]) == 0
    speech = tmp_path / "speech.wav"
    render_to_wav("Thanks for taking my call.", Voice(phone_line=False), speech)
    capsys.readouterr()
    assert main(["transcribe", "--prep", str(prep), str(speech), "--json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert "call" in row["text"].lower()
    assert row["settings"]["cpu_threads"] == VOICE_THREADS
    from tui.prep import load_prep

    assert row["settings"]["prompt"] == voice_prompt(load_prep(prep).vocabulary())
    assert main(["transcribe", "--prep", str(tmp_path / "nope.toml"), str(speech)]) == 2


def test_doctor_reports_every_check_with_fixes(capsys, data_dir):
    code = run(["doctor", "--json"])
    checks = {c["name"]: c for c in json.loads(capsys.readouterr().out)}
    assert {"eSpeak NG", "text to speech", "audio output", "microphone", "recognizer (Whisper)", "data dir"} <= set(
        checks
    )
    assert checks["eSpeak NG"]["ok"] and "voices" in checks["eSpeak NG"]["detail"]
    assert checks["recognizer (Whisper)"]["ok"] and "loaded in" in checks["recognizer (Whisper)"]["detail"]
    assert checks["data dir"]["ok"] and str(data_dir) in checks["data dir"]["detail"]
    for check in checks.values():
        assert check["ok"] or check["fix"]
    assert code == 0


def test_doctor_text_output(capsys, data_dir):
    assert run(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "ok   eSpeak NG" in out and "data dir" in out
