"""Audio helpers: the one audio reader (formats, caps, errors), resampling, levels, WAV round trips, pauses."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from speech_helpers import silence
from tui.speech.audio import AudioFileError, read_audio, resample, rms_level, write_wav
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
    assume(len(x) > 0)  # an empty file is refused: see test_unreadable_files_raise_one_line_errors
    path = write_wav(tmp_path_factory.mktemp("wav") / "x.wav", x, 16000)
    y, rate = read_audio(path)
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
    y, rate = read_audio(path)
    assert rate == 8000 and len(y) == 800 and np.allclose(y, (127 / 128) / 2, atol=0.01)


def test_unreadable_files_raise_one_line_errors(tmp_path):
    (tmp_path / "text.wav").write_text("hello, this is not audio")
    (tmp_path / "empty.wav").write_bytes(b"")
    header_only = tmp_path / "header.wav"
    write_wav(header_only, silence(0.0), 16000)
    cases = {
        tmp_path / "missing.wav": "no such file",
        tmp_path: "not a file",
        tmp_path / "empty.wav": "empty",
        tmp_path / "text.wav": "not a readable audio file",
        header_only: "no audio in it",
    }
    for path, message in cases.items():
        with pytest.raises(AudioFileError, match=message) as caught:
            read_audio(path)
        assert "\n" not in str(caught.value)


def _encode(path, samples: np.ndarray, rate: int, codec: str, sample_format: str) -> None:
    """Write samples with FFmpeg's encoders (PyAV), as a phone or an editor would."""
    import av

    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate)
        stream.layout = "mono"
        frame_size = stream.codec_context.frame_size or 1024
        data = samples.astype(np.float32)
        for start in range(0, len(data), frame_size):
            piece = data[start : start + frame_size]
            if sample_format in ("s16", "s32"):
                scale = 32767 if sample_format == "s16" else 2147483647
                piece = (piece * scale).astype("<i2" if sample_format == "s16" else "<i4")
            frame = av.AudioFrame.from_ndarray(piece.reshape(1, -1), format=sample_format, layout="mono")
            frame.rate = rate
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


TONE = (0.5 * np.sin(2 * np.pi * 440 * np.arange(16000) / 16000)).astype(np.float32)


@pytest.mark.parametrize(
    "name,codec,sample_format",
    [("f32.wav", "pcm_f32le", "flt"), ("s24.wav", "pcm_s24le", "s32"), ("a.flac", "flac", "s16"),
     ("a.mp3", "libmp3lame", "fltp"), ("a.m4a", "aac", "fltp")],
)
def test_other_formats_and_widths_are_read(tmp_path, name, codec, sample_format):
    path = tmp_path / name
    _encode(path, TONE, 16000, codec, sample_format)
    y, rate = read_audio(path, 16000)
    assert rate == 16000
    assert abs(len(y) - 16000) < 2400  # lossy codecs pad a little
    assert rms_level(y) == pytest.approx(rms_level(TONE), abs=0.05)


def test_a_renamed_or_truncated_wav_is_read_leniently(tmp_path):
    flac = tmp_path / "phone.flac"
    _encode(flac, TONE, 16000, "flac", "s16")
    renamed = tmp_path / "answer.wav"
    renamed.write_bytes(flac.read_bytes())  # a FLAC named .wav: read by its content
    assert len(read_audio(renamed, 16000)[0]) == 16000
    whole = write_wav(tmp_path / "whole.wav", np.concatenate([TONE, TONE]), 16000)
    cut = tmp_path / "cut.wav"
    cut.write_bytes(whole.read_bytes()[: 44 + 16000 * 2])  # the header still claims 2 s
    y, _ = read_audio(cut, 16000)
    assert len(y) == pytest.approx(16000, abs=200)


def test_answers_over_120_seconds_are_refused_with_the_limit(tmp_path):
    long = write_wav(tmp_path / "long.wav", np.zeros(16000 * 125, dtype=np.float32), 16000)
    with pytest.raises(AudioFileError, match="longer than 120 s"):
        read_audio(long)
    assert len(read_audio(long, max_seconds=None)[0]) == 16000 * 125  # internal files: no cap


def test_no_pauses_in_silence_or_noise_free_audio():
    assert long_pauses(silence(3.0)) == ()
