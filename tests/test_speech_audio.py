"""Audio helpers: properties of resampling, levels, WAV round trips, pauses."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from speech_helpers import silence
from tui.speech.audio import AudioFileError, read_wav, resample, rms_level, write_wav
from tui.speech.effects import band_pass
from tui.speech.vad import long_pauses

samples = arrays(np.float32, st.integers(0, 4000), elements=st.floats(-1, 1, width=32))
rates = st.sampled_from([8000, 16000, 22050, 44100, 48000])


@settings(max_examples=60, deadline=None)
@given(samples, rates, rates)
def test_resample_keeps_the_duration(x, rate, new_rate):
    y = resample(x, rate, new_rate)
    assert y.dtype == np.float32
    if len(x):
        assert abs(len(y) - len(x) * new_rate / rate) <= 1
    assert np.all(np.isfinite(y))


@settings(max_examples=60, deadline=None)
@given(samples)
def test_level_is_between_0_and_1(x):
    assert 0.0 <= rms_level(x) <= 1.0


@settings(max_examples=30, deadline=None)
@given(samples)
def test_band_pass_never_amplifies_much(x):
    y = band_pass(x, 16000, 300, 3400)
    assert len(y) == len(x)
    if len(x):
        assert np.sqrt(np.mean(y.astype(np.float64) ** 2)) <= np.sqrt(np.mean(x.astype(np.float64) ** 2)) + 1e-6


@settings(max_examples=30, deadline=None)
@given(x=samples)
def test_wav_round_trip(tmp_path_factory, x):
    path = write_wav(tmp_path_factory.mktemp("wav") / "x.wav", x, 16000)
    y, rate = read_wav(path)
    assert rate == 16000 and len(y) == len(x)
    assert np.allclose(y, x, atol=1 / 16000)


def test_stereo_and_8_bit_wavs_are_read(tmp_path):
    import wave

    path = tmp_path / "stereo8.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(1)
        wav.setframerate(8000)
        wav.writeframes(bytes([128, 255] * 800))
    y, rate = read_wav(path)
    assert rate == 8000 and len(y) == 800 and np.allclose(y, (127 / 128) / 2, atol=0.01)


def test_unreadable_wavs_raise_clear_errors(tmp_path):
    with pytest.raises(AudioFileError, match="no such file"):
        read_wav(tmp_path / "missing.wav")
    (tmp_path / "text.wav").write_text("hello")
    with pytest.raises(AudioFileError, match="not a PCM WAV"):
        read_wav(tmp_path / "text.wav")


def test_no_pauses_in_silence_or_noise_free_audio():
    assert long_pauses(silence(3.0)) == ()
