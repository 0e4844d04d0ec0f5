"""Whisper's shorter encoder window (tui/speech/window.py) with the real tiny.en model."""

from __future__ import annotations

import numpy as np
import pytest

from speech_helpers import word_error_rate
from tui.speech.interfaces import Voice
from tui.speech.stt import VOICE_WINDOW_SECONDS, WhisperRecognizer, voice_recognizer
from tui.speech.tts import render_to_wav
from tui.speech.window import FULL_FRAMES, MARGIN_FRAMES, encoder_window, repeats_itself, trimmed

ANSWER = ("I led the migration of our billing system to the cloud, and with a small team of "
          "engineers we reduced the infrastructure costs by about a third.")
ANSWERS = [
    ANSWER,
    "Thank you for taking my call this afternoon.",
    "I wanted to ask when you expect to make a decision.",
    "In my last role I looked after the payment services and the team that ran them.",
]


@pytest.fixture(scope="module")
def windowed():
    recognizer = voice_recognizer()
    recognizer.wait_loaded(120)
    return recognizer


@pytest.fixture(scope="module")
def full(windowed):
    return WhisperRecognizer(windowed.model_name, cpu_threads=windowed.cpu_threads)


def _features(content_frames: int) -> np.ndarray:
    features = np.zeros((80, FULL_FRAMES), np.float32)
    features[:, :content_frames] = np.random.default_rng(0).normal(size=(80, content_frames))
    return features


def test_padding_is_cut_to_the_window_but_never_into_the_audio():
    with encoder_window(10.0):
        assert trimmed(_features(300)).shape == (80, 1000)  # a 3 s piece: a 10 s window
        assert trimmed(_features(1500)).shape == (80, 1500 + MARGIN_FRAMES)  # 15 s: the audio and a second
        assert trimmed(_features(2950)).shape == (80, FULL_FRAMES)
        assert trimmed(_features(301)).shape[-1] % 2 == 0  # the encoder halves the frames
    assert trimmed(_features(300)).shape == (80, FULL_FRAMES)  # outside the block: Whisper's 30 s
    with encoder_window(None):
        assert trimmed(_features(300)).shape == (80, FULL_FRAMES)


def test_a_transcript_that_repeats_itself_is_told_from_speech():
    assert repeats_itself("Ten of clubs 10 of clubs 10 of clubs 10 of clubs")
    assert repeats_itself("Go forward 10 meters. Go forward 10 meters.")
    assert not repeats_itself("No, no, I meant the other one.")  # two words said twice: people do that
    assert not repeats_itself(ANSWER)
    assert not repeats_itself("")


def test_voice_mode_uses_the_short_window_and_hears_as_well(windowed, full, tmp_path):
    assert windowed.window_seconds == VOICE_WINDOW_SECONDS
    short_errors = whole_errors = 0.0
    for index, sentence in enumerate(ANSWERS):
        path = tmp_path / f"answer{index}.wav"
        render_to_wav(sentence, Voice(phone_line=False), path)
        short_errors += word_error_rate(sentence, windowed.transcribe(path).text)
        whole_errors += word_error_rate(sentence, full.transcribe(path).text)
    # eSpeak's voice, not a person's: tiny.en misses a word or two in each either way.
    assert short_errors / len(ANSWERS) <= whole_errors / len(ANSWERS) + 0.05
    assert short_errors / len(ANSWERS) < 0.3


def test_a_window_too_short_that_makes_whisper_loop_is_redone_whole(windowed, tmp_path):
    path = tmp_path / "cards.wav"
    render_to_wav("Ten of clubs.", Voice(phone_line=False), path)
    from tui.speech.stt import to_pcm16k

    pcm = to_pcm16k(path)
    model = windowed.wait_loaded()
    with encoder_window(2.0):  # far below the floor: tiny.en says it over and over
        segments, _ = model.transcribe(pcm, language="en", beam_size=5, vad_filter=True,
                                       condition_on_previous_text=False)
        looped = " ".join(s.text for s in segments)
    if not repeats_itself(looped):
        pytest.skip(f"tiny.en did not loop on this machine ({looped!r})")
    tight = WhisperRecognizer(windowed.model_name, cpu_threads=windowed.cpu_threads, window_seconds=2.0)
    text = tight.transcribe(pcm).text
    assert not repeats_itself(text)
    assert word_error_rate("ten of clubs", text.replace("10", "ten")) <= 0.34
