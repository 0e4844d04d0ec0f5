"""MicListener's capture loop on a live-like source, wav_files, probe_audio, lazy imports."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from speech_helpers import save, silence, white_noise
from tui.speech.interfaces import Listener, Voice
from tui.speech.listener import ListenSettings, MicListener, WavListener, audio_files
from tui.speech.sources import MicrophoneUnavailable, WavStreamSource
from tui.speech.stt import load_recognizer
from tui.speech.tts import render_to_wav

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def whisper():
    recognizer = load_recognizer("whisper")
    recognizer.wait_loaded(120)
    return recognizer


@pytest.fixture(scope="module")
def spoken(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spoken") / "answer.wav"
    render_to_wav("My name is Maria Gonzalez and I am calling about the backend role.", Voice(phone_line=False), path)
    return path


def _mic(whisper, source_factory, audio_dir=None, **settings) -> MicListener:
    return MicListener(audio_dir, whisper, ListenSettings(**settings), source_factory=source_factory)


@pytest.mark.parametrize("live", ["chunks", "early", "off"])
def test_mic_listener_captures_one_answer_and_ends_on_silence(whisper, spoken, tmp_path, live):
    listener = _mic(
        whisper,
        lambda: WavStreamSource(spoken, leading_silence=0.8, trailing_silence=3.0),
        tmp_path / "audio",
        live=live,
    )
    assert isinstance(listener, Listener)
    levels: list[float] = []
    heard = listener.listen(on_level=levels.append)
    assert "maria" in heard.text.lower() and "calling" in heard.text.lower()
    assert heard.audio_path is not None and heard.audio_path.parent == tmp_path / "audio"
    from tui.speech.audio import audio_duration

    # Ended by 0.8 s of silence, not by the end of the 3 s of trailing silence.
    assert audio_duration(heard.audio_path) < 0.5 + 5.0 + 1.2
    assert 3.0 < heard.duration < 6.0
    assert all(0.0 <= level <= 1.0 for level in levels) and max(levels) > 0.5
    assert listener.energy_threshold is not None


def test_mic_listener_silence_times_out_with_empty_answer(whisper):
    listener = _mic(whisper, lambda: WavStreamSource(save_silence(), trailing_silence=0.0), start_timeout=1.0)
    assert listener.listen().text == ""


def save_silence() -> Path:
    import tempfile

    return save(Path(tempfile.mkdtemp()), "silence.wav", silence(3.0))


def test_mic_listener_noise_is_not_an_answer(whisper, tmp_path):
    # Steady noise after a quiet start crosses the energy threshold but is no speech.
    from tui.speech.audio import write_wav

    import numpy as np

    path = write_wav(tmp_path / "n.wav", np.concatenate([silence(0.6), white_noise(2.0, 0.05)]), 16000)
    listener = _mic(whisper, lambda: WavStreamSource(path, trailing_silence=1.0))
    assert listener.listen().text == ""


def test_answer_with_pauses_comes_back_whole_in_chunks_mode(whisper, tmp_path):
    # Two sentences 0.5 s apart (shorter than the 0.8 s that ends an answer): sent as two
    # pieces while "speaking", joined in order.
    import numpy as np

    from tui.speech.audio import read_audio, resample, write_wav

    parts = []
    for index, line in enumerate(["I have five years of experience with Python.", "I also led a team of four."]):
        path = tmp_path / f"{index}.wav"
        render_to_wav(line, Voice(phone_line=False), path)
        samples, rate = read_audio(path)
        loud = np.flatnonzero(np.abs(samples) > 0.02)
        parts += [resample(samples[loud[0] : loud[-1]], rate, 16000), silence(0.5)]
    answer = write_wav(tmp_path / "answer.wav", np.concatenate(parts[:-1]), 16000)
    listener = _mic(
        whisper, lambda: WavStreamSource(answer, leading_silence=0.6, trailing_silence=2.0), live="chunks", min_piece=1.0
    )
    text = listener.listen().text.lower()
    assert listener.last_pieces == 2
    assert text.index("python") < text.index("team")
    assert "five" in text or "5" in text


def test_unknown_live_mode_is_refused(whisper):
    with pytest.raises(ValueError, match="live transcription mode"):
        MicListener(recognizer=whisper, settings=ListenSettings(live="sometimes"))


def test_push_to_talk_ends_only_on_finish(whisper, spoken):
    listener = _mic(
        whisper,
        lambda: WavStreamSource(spoken, realtime=True, leading_silence=0.5, trailing_silence=10.0),
        push_to_talk=True,
    )
    timer = threading.Timer(6.5, listener.finish)
    timer.start()
    started = time.monotonic()
    heard = listener.listen()
    # The silence after the words did not end the answer; finish() did.
    assert 6.0 < listener.last_capture_end - started < 7.5
    assert "maria" in heard.text.lower()


def test_cancel_returns_empty_answer(whisper, spoken):
    cancel = threading.Event()
    listener = _mic(whisper, lambda: WavStreamSource(spoken, realtime=True, leading_silence=0.5))
    threading.Timer(1.0, cancel.set).start()
    assert listener.listen(cancel=cancel).text == ""


def test_default_microphone_missing_is_reported():
    from tui.speech.sources import microphone_status

    if microphone_status()[0] is not None:
        pytest.skip("this machine has a microphone")
    listener = MicListener(recognizer=None)
    with pytest.raises(MicrophoneUnavailable, match="libportaudio2|microphone"):
        listener._microphone().__enter__()


def test_audio_files_sorts_naturally_and_checks_input(tmp_path):
    for name in ("a10.wav", "a2.m4a", "a1.flac", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in audio_files(tmp_path)] == ["a1.flac", "a2.m4a", "a10.wav"]
    assert [p.name for p in audio_files([tmp_path / "a10.wav", tmp_path / "a1.flac"])] == ["a10.wav", "a1.flac"]
    with pytest.raises(ValueError, match="no such file"):
        audio_files(tmp_path / "missing.wav")
    # a file named on its own is taken: the reader decides whether it is audio
    assert audio_files(tmp_path / "notes.txt") == [tmp_path / "notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match="no audio files"):
        audio_files(empty)
    with pytest.raises(ValueError):
        WavListener(empty)


def test_probe_says_there_is_no_audio_device_and_no_microphone():
    from tui.speech.probe import probe_audio

    status = probe_audio()
    if status.output is not None or status.input is not None:
        pytest.skip("this machine has audio hardware")
    messages = status.messages
    assert len(messages) == 2
    assert messages[0].startswith("No audio output (") and "captions" in messages[0]
    assert messages[1].startswith("No microphone (") and "type your answers" in messages[1]
    assert any("PortAudio" in reason or "aplay" in reason for reason in status.reasons)


def test_importing_speech_modules_loads_no_engine():
    code = (
        "import sys\n"
        "import tui.speech.cli, tui.speech.tts, tui.speech.stt, tui.speech.listener, tui.speech.probe\n"
        "import tui.speech.player, tui.speech.effects, tui.speech.sounds, tui.speech.voices\n"
        "import tui.speech.vad, tui.speech.audio, tui.speech.espeak, tui.speech.quiet, tui.speech.sources\n"
        "heavy = {'faster_whisper', 'ctranslate2', 'pyttsx3', 'webrtcvad', 'pocketsphinx', 'sounddevice', 'numpy'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


FIRST_WORD = "Yesterday I finished the quarterly report for the warehouse team."


@pytest.fixture(scope="module")
def first_word_wav(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("first") / "yesterday.wav"
    render_to_wav(FIRST_WORD, Voice(phone_line=False), path)
    return path


def test_push_to_talk_keeps_the_first_word_when_speech_starts_at_once(whisper, first_word_wav):
    # Speech from the first sample and no audio before the key: nothing is spent on
    # calibration (it used to drop the first 0.5 s: "I led the move" became "Move...").
    listener = _mic(whisper, lambda: WavStreamSource(first_word_wav, trailing_silence=0.3), push_to_talk=True)
    heard = listener.listen()
    assert heard.text.lower().startswith("yesterday"), heard.text
    assert listener.energy_threshold is None  # no floor was heard before the key


@pytest.mark.parametrize("preroll,kept", [(0.5, True), (0.0, False)])
def test_armed_listener_keeps_a_word_started_before_the_key(whisper, first_word_wav, preroll, kept):
    # Armed while the interviewer speaks (here: 1 s of silence), the key pressed 0.3 s
    # after the applicant started: the pre-roll brings the first word back.
    listener = _mic(
        whisper,
        lambda: WavStreamSource(first_word_wav, realtime=True, leading_silence=1.0, trailing_silence=0.5),
        push_to_talk=True,
        preroll_seconds=preroll,
    )
    listener.arm()
    time.sleep(1.3)
    heard = listener.listen()
    listener.close()
    assert ("yesterday" in heard.text.lower()) is kept, heard.text
    assert "quarterly report" in heard.text.lower()
    assert listener.energy_threshold == pytest.approx(150.0)  # the floor of the silence, heard before the key


def test_push_to_talk_transcribes_at_pauses_while_the_key_is_held(whisper, tmp_path):
    # Two sentences 0.6 s apart, the key held through both: the first is transcribed during
    # the pause, so at the release only the second is left (two pieces, joined in order).
    import numpy as np

    from tui.speech.audio import read_audio, write_wav

    parts = []
    for index, line in enumerate(["I have five years of experience with Python.", "I also led a team of four."]):
        path = tmp_path / f"{index}.wav"
        render_to_wav(line, Voice(phone_line=False), path)
        samples, _ = read_audio(path, 16000)
        loud = np.flatnonzero(np.abs(samples) > 0.02)
        parts += [samples[loud[0] : loud[-1]], silence(0.6)]
    answer = write_wav(tmp_path / "answer.wav", np.concatenate(parts[:-1]), 16000)
    seconds = sum(len(p) for p in parts[:-1]) / 16000
    listener = _mic(
        whisper,
        lambda: WavStreamSource(answer, realtime=True, leading_silence=0.8, trailing_silence=5.0),
        push_to_talk=True,
        min_piece=1.0,
    )
    listener.arm()
    time.sleep(0.8)  # the interviewer's turn: the floor is measured
    threading.Timer(seconds + 0.4, listener.finish).start()
    text = listener.listen().text.lower()
    listener.close()
    assert listener.last_pieces == 2, text
    assert text.index("python") < text.index("team")
