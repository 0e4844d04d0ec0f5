"""pyttsx3 + eSpeak NG for real: rendering, effects, the speaker, cues, persona voices."""

from __future__ import annotations

import threading
import time
import wave

import numpy as np
import pytest

from tui.speech.audio import read_audio
from tui.speech.effects import phone_line
from tui.speech.interfaces import Speaker, Voice
from tui.speech.player import NullPlayer, SilentPlayer
from tui.speech.sounds import load_cue
from tui.speech.tts import PyttsxSpeaker, render_line, render_to_wav
from tui.speech.voices import is_known_voice, persona_voice

LINES = [
    "Hello, this is Dana from Acme, thanks for calling back.",
    "Could you tell me why you are interested in this role?",
    "Great, we will be in touch by Friday.",
]


def test_lines_render_to_wav_with_plausible_durations_and_print_nothing(tmp_path, capfd):
    for index, line in enumerate(LINES):
        path = tmp_path / f"line{index}.wav"
        duration = render_to_wav(line, Voice(), path)
        with wave.open(str(path)) as wav:
            assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
            assert wav.getnframes() / wav.getframerate() == pytest.approx(duration, abs=0.01)
        per_word = duration / len(line.split())
        assert 0.2 <= per_word <= 0.6, (line, duration)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_each_line_gets_its_own_rate():
    # eSpeak queues parameter changes; a lost change once made a line come out at the
    # previous line's rate.
    text = "I am following up on my interview for the backend role."
    slow = render_line(text, Voice(rate=110, phone_line=False)).duration
    fast = render_line(text, Voice(rate=230, phone_line=False)).duration
    slow_again = render_line(text, Voice(rate=110, phone_line=False)).duration
    assert slow > fast * 1.5
    assert slow_again == pytest.approx(slow, rel=0.02)


def test_empty_text_is_refused():
    with pytest.raises(ValueError, match="empty"):
        render_line("   ", Voice())


def _band_energy(samples: np.ndarray, rate: int, low: float, high: float) -> float:
    spectrum = np.abs(np.fft.rfft(samples)) ** 2
    freqs = np.fft.rfftfreq(len(samples), 1.0 / rate)
    return float(spectrum[(freqs >= low) & (freqs < high)].sum())


def test_phone_line_keeps_the_voice_band_and_cuts_the_rest():
    dry = render_line(LINES[0], Voice(phone_line=False))
    wet = phone_line(dry.samples, dry.rate)
    assert len(wet) == len(dry.samples)
    share = lambda s, lo, hi: _band_energy(s, dry.rate, lo, hi) / _band_energy(s, dry.rate, 0, dry.rate / 2)  # noqa: E731
    assert share(wet, 5000, 11025) < share(dry.samples, 5000, 11025) / 10
    assert share(wet, 0, 200) < share(dry.samples, 0, 200) / 5
    assert share(wet, 300, 3400) > 0.8
    assert np.max(np.abs(wet)) <= 1.0


def test_speaker_prepares_in_background_and_caches(capfd):
    speaker = PyttsxSpeaker(player=NullPlayer())
    assert isinstance(speaker, Speaker)
    voice = Voice(rate=180)
    speaker.prepare(LINES[1], voice)
    first = speaker.rendered(LINES[1], voice)
    assert speaker.rendered(LINES[1], voice) is first  # cached by text and voice
    assert speaker.rendered(LINES[1], Voice(rate=120)) is not first
    started = time.perf_counter()
    speaker.say(LINES[1], voice)
    assert time.perf_counter() - started < 0.5
    assert speaker.last_error is None
    speaker.close()
    assert capfd.readouterr() == ("", "")


def test_interrupt_stops_a_line_being_spoken():
    speaker = PyttsxSpeaker(player=SilentPlayer())
    line = "This is a long line that would take several seconds to say out loud on the phone."
    speaker.prepare(line, Voice())
    assert speaker.rendered(line, Voice()).duration > 3.0
    done = threading.Event()
    thread = threading.Thread(target=lambda: (speaker.say(line, Voice()), done.set()))
    started = time.perf_counter()
    thread.start()
    time.sleep(0.3)
    speaker.interrupt()
    assert done.wait(1.0)
    assert time.perf_counter() - started < 1.5
    speaker.close()


def test_cues_exist_and_unknown_cue_is_refused():
    ring, rate = load_cue("ring")
    beep, beep_rate = load_cue("beep")
    assert 2.0 < len(ring) / rate < 6.0
    assert 0.3 < len(beep) / beep_rate < 1.5
    peak_bin = np.argmax(np.abs(np.fft.rfft(beep)))
    assert np.fft.rfftfreq(len(beep), 1.0 / beep_rate)[peak_bin] == pytest.approx(1000, abs=5)
    with pytest.raises(ValueError, match="unknown sound cue"):
        load_cue("siren")
    speaker = PyttsxSpeaker(player=NullPlayer())
    speaker.play_cue("beep")  # no device: returns at once, raises nothing


def test_persona_voice_from_asset_and_default_when_missing():
    voice, note = persona_voice("no-such-persona")
    assert voice == Voice() and "no persona file" in note
    voice, note = persona_voice("../etc/passwd")
    assert voice == Voice() and "not valid" in note


def test_persona_voice_reads_the_voice_table(tmp_path):
    from tui.assets import asset_path

    existing = sorted(asset_path("personas").glob("*.toml"))
    if not existing:
        pytest.skip("no persona files yet")
    voice, note = persona_voice(existing[0].stem)
    assert note is None and isinstance(voice.rate, int) and 80 <= voice.rate <= 300


def test_voice_ids_are_checked():
    ids = ("gmw/en", "gmw/en-us", "gmw/en-gb-x-rp")
    assert is_known_voice("gmw/en-us", ids) and is_known_voice("en-us", ids) and is_known_voice("en-us+f3", ids)
    assert not is_known_voice("klingon", ids)


def test_rendered_audio_reads_back(tmp_path):
    path = tmp_path / "x.wav"
    duration = render_to_wav("Thank you for your time.", Voice(phone_line=True), path)
    samples, rate = read_audio(path)
    assert rate == 22050 and len(samples) / rate == pytest.approx(duration, abs=0.01)
    assert np.max(np.abs(samples)) > 0.1


def test_unknown_voice_falls_back_to_the_default_not_the_last_voice():
    from tui.speech.tts import shared_engine

    text = "Thanks for your patience."
    default = render_line(text, Voice(phone_line=False)).duration
    scottish = render_line(text, Voice(voice_id="gmw/en-gb-scotland", phone_line=False)).duration
    unknown = render_line(text, Voice(voice_id="no-such-voice", phone_line=False)).duration
    assert abs(default - scottish) > 0.03  # the voices differ enough to tell them apart
    assert unknown == pytest.approx(default, abs=0.01)
    assert "no-such-voice" in shared_engine().unknown_voices


def test_speaker_setting_turns_the_phone_line_off():
    def high_share(samples: np.ndarray, rate: int) -> float:
        return _band_energy(samples, rate, 5000, rate / 2) / _band_energy(samples, rate, 0, rate / 2)

    plain = render_line(LINES[2], Voice(phone_line=False))
    phone = render_line(LINES[2], Voice(phone_line=True))
    forced_off = PyttsxSpeaker(player=NullPlayer(), phone_line=False).rendered(LINES[2], Voice(phone_line=True))
    assert high_share(forced_off.samples, forced_off.rate) > 10 * high_share(phone.samples, phone.rate)
    assert high_share(forced_off.samples, forced_off.rate) == pytest.approx(high_share(plain.samples, plain.rate), rel=0.2)


def test_play_recording_plays_a_saved_answer_and_can_be_interrupted(tmp_path):
    # Listen back: the saved answer goes to the player as it is (no phone line), and
    # interrupt() stops it like a line.
    from tui.speech.audio import AudioFileError, write_wav

    class Clock(SilentPlayer):
        def __init__(self):
            self.started = threading.Event()
            self.played: list[tuple[int, int]] = []

        def play(self, samples, rate, stop):
            self.played.append((len(samples), rate))
            self.started.set()
            return super().play(samples, rate, stop)

    tone = (0.3 * np.sin(2 * np.pi * 220 * np.arange(48000) / 16000)).astype(np.float32)
    wav = write_wav(tmp_path / "answer.wav", tone, 16000)
    player = Clock()
    speaker = PyttsxSpeaker(player=player)
    thread = threading.Thread(target=speaker.play_recording, args=(wav,))
    thread.start()
    assert player.started.wait(10.0)
    assert player.played == [(48000, 16000)]  # 3 s, played in real time
    speaker.interrupt()
    thread.join(1.0)
    assert not thread.is_alive()
    with pytest.raises(AudioFileError, match="no such file"):
        speaker.play_recording(tmp_path / "gone.wav")
    speaker.close()


def test_speculated_replies_render_ahead_and_unsaid_ones_are_dropped(sample_prep_path):
    """Voice mode renders the likely replies while the applicant answers. An answer that
    misses its points gets the probe, rendered ahead; the next question's acknowledgement,
    rendered too, is never played and is dropped with the next guesses."""
    from tui.flow.call import CallFlow
    from tui.prep import load_prep

    class Recorder(NullPlayer):
        def __init__(self):
            self.played = []

        def play(self, samples, rate, stop):
            self.played.append(samples)
            return True

    flow = CallFlow(load_prep(sample_prep_path), persona="skeptical", seed=1, start_at_questions=True)
    flow.start()
    player = Recorder()
    speaker = PyttsxSpeaker(player=player)
    voice = flow.interviewer.voice
    guesses = flow.likely_replies()
    speaker.speculate(guesses)
    ahead = {text: speaker.rendered(text, v) for text, v in guesses}
    acknowledgement = next(text for text in ahead if text in flow.interviewer.lines["acknowledge"])
    step = flow.answer("I don't remember much about it.")  # no key point said: the probe
    assert step.prompt.kind == "probe"
    for entry in step.lines:  # what the call screen does with a step: prepare, speculate, say
        speaker.prepare(entry.text, voice)
    speaker.speculate(flow.likely_replies())
    speaker.say(step.lines[0].text, voice)
    assert player.played == [ahead[step.lines[0].text].samples]  # the render made during the answer
    assert speaker.rendered(step.lines[0].text, voice) is ahead[step.lines[0].text]  # kept: it was said
    assert speaker.rendered(acknowledgement, voice) is not ahead[acknowledgement]  # dropped, rendered anew
    speaker.close()


def test_dropped_guesses_leave_the_engine_queue(monkeypatch):
    """Guesses dropped while they wait in the engine's one queue are not rendered: the line
    really said next does not wait behind them."""
    from tui.speech.tts import _Engine

    rendered: list[str] = []
    busy = "The engine is busy with this line."
    gate = threading.Event()
    original = _Engine._render_once

    def counting(self, engine, espeak_api, finished, completed, text, voice, path):
        rendered.append(text)
        if text == busy:
            gate.wait(10)  # holds the engine while the guesses queue up behind it
        return original(self, engine, espeak_api, finished, completed, text, voice, path)

    monkeypatch.setattr(_Engine, "_render_once", counting)
    speaker = PyttsxSpeaker(player=NullPlayer())
    speaker.prepare(busy, Voice())
    deadline = time.monotonic() + 10
    while busy not in rendered and time.monotonic() < deadline:
        time.sleep(0.01)
    guesses = [(f"Guess number {n}, which is never said.", Voice()) for n in range(6)]
    speaker.speculate(guesses)
    speaker.speculate([])  # the answer went elsewhere: every guess is dropped
    gate.set()
    said = "Thank you, that is clear."
    speaker.say(said, Voice())
    assert said in rendered
    assert not [t for t in rendered if t.startswith("Guess")], rendered
    speaker.close()
