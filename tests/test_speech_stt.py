"""Recognition with the real engines: Whisper tiny.en (bundled) and pocketsphinx."""

from __future__ import annotations

import numpy as np
import pytest
import speech_recognition as sr

from speech_helpers import hum, save, silence, white_noise, word_error_rate
from tui.speech.interfaces import Voice
from tui.speech.listener import WavListener
from tui.speech.stt import Recognizer, Transcript, load_recognizer, to_pcm16k
from tui.speech.tts import render_to_wav

ROUND_TRIP = [
    "Thank you for taking my call this afternoon.",
    "I am calling to follow up on my interview for the data analyst position.",
    "I wanted to ask when you expect to make a decision.",
    "Is there anything else you would like to know about my experience?",
]


@pytest.fixture(scope="session")
def whisper() -> Recognizer:
    recognizer = load_recognizer("whisper")
    recognizer.wait_loaded(120)  # loaded once per process, shared by every test
    return recognizer


@pytest.fixture(scope="session")
def sphinx() -> Recognizer:
    return load_recognizer("sphinx")


@pytest.fixture(scope="session")
def non_speech(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("non_speech")
    return {
        "silence": save(folder, "silence.wav", silence(3.0)),
        "noise": save(folder, "noise.wav", white_noise(3.0)),
        "hum": save(folder, "hum.wav", hum(3.0)),
        "hiss": save(folder, "hiss.wav", white_noise(3.0, level=0.003, seed=1)),
    }


def test_round_trip_tts_to_whisper_word_error_rate(whisper, tmp_path):
    errors = words = 0
    for index, line in enumerate(ROUND_TRIP):
        path = tmp_path / f"line{index}.wav"
        render_to_wav(line, Voice(), path)  # default voice, phone line on
        transcript = whisper.transcribe(path)
        assert isinstance(transcript, Transcript) and transcript.engine == "whisper"
        errors += word_error_rate(line, transcript.text) * len(line.split())
        words += len(line.split())
    assert errors / words <= 0.15


def test_transcript_carries_duration_segments_and_timing(whisper, tmp_path):
    path = tmp_path / "line.wav"
    duration = render_to_wav(ROUND_TRIP[0], Voice(phone_line=False), path)
    transcript = whisper.transcribe(path)
    assert transcript.duration == pytest.approx(duration, abs=0.01)
    assert transcript.segments and transcript.segments[0].start < transcript.segments[-1].end <= duration + 0.5
    assert transcript.elapsed > 0 and transcript.real_time_factor > 0  # speed: scripts/bench_speech.py


@pytest.mark.parametrize("kind", ["silence", "noise", "hum", "hiss"])
def test_non_speech_gives_empty_text(whisper, sphinx, non_speech, kind):
    assert whisper.transcribe(non_speech[kind]).text == ""
    assert sphinx.transcribe(non_speech[kind]).text == ""


def test_wav_listener_on_non_speech_returns_empty_heard(whisper, non_speech, tmp_path):
    listener = WavListener([non_speech["silence"], non_speech["noise"]], whisper, audio_dir=tmp_path / "audio")
    levels: list[float] = []
    for _ in range(2):
        heard = listener.listen(on_level=levels.append)
        assert heard.text == "" and heard.pauses == ()
        assert heard.audio_path is not None and heard.audio_path.is_file()
    assert listener.listen().text == ""  # ran out
    assert levels and all(0.0 <= level <= 1.0 for level in levels)
    assert max(levels) > 0.3  # the noise moved the meter


def test_wav_listener_hears_speech_with_pauses_and_speaking_time(whisper, tmp_path):
    from tui.speech.audio import read_audio, resample, write_wav

    first = tmp_path / "a.wav"
    second = tmp_path / "b.wav"
    render_to_wav("I led the migration of our billing service.", Voice(phone_line=False), first)
    render_to_wav("It cut our costs by a third.", Voice(phone_line=False), second)
    a, rate = read_audio(first)
    b, _ = read_audio(second)
    answer = np.concatenate([silence(0.5), resample(a, rate, 16000), silence(2.0), resample(b, rate, 16000)])
    path = write_wav(tmp_path / "answer.wav", answer, 16000)
    heard = WavListener(path, whisper).listen()
    assert "migration" in heard.text.lower() and "third" in heard.text.lower()
    # the gap is 2 s plus the silence eSpeak leaves around a line
    assert len(heard.pauses) == 1 and 1.8 <= heard.pauses[0] <= 2.8
    speech_only = (len(answer) / 16000) - 0.5
    assert heard.duration == pytest.approx(speech_only, abs=0.5)
    assert heard.audio_path is None  # no audio dir given


def test_audio_inputs_accepted(tmp_path):
    pcm = white_noise(0.5)
    as_int16 = (pcm * 32767).astype(np.int16)
    assert np.allclose(to_pcm16k(as_int16), pcm, atol=1e-3)
    data = sr.AudioData(as_int16.tobytes(), 16000, 2)
    assert len(to_pcm16k(data)) == len(pcm)
    path = save(tmp_path, "n.wav", pcm)
    assert len(to_pcm16k(path)) == len(pcm)
    with pytest.raises(TypeError, match="cannot transcribe"):
        to_pcm16k(42)


def test_bad_recognizer_choices_are_clear(tmp_path):
    with pytest.raises(ValueError, match="unknown engine"):
        load_recognizer("google")
    with pytest.raises(ValueError, match="fetched online only with --download"):
        load_recognizer("whisper", "base.en")  # a name: would need the network
    with pytest.raises(ValueError, match="no model folder"):
        load_recognizer("whisper", tmp_path / "nothing.bin", allow_download=True)
    with pytest.raises(ValueError, match="no model.bin"):
        load_recognizer("whisper", tmp_path)
    with pytest.raises(ValueError, match="whisper engine only"):
        load_recognizer("sphinx", tmp_path)


def test_not_a_wav_is_a_clear_error(whisper, tmp_path):
    from tui.speech.audio import AudioFileError

    bogus = tmp_path / "bogus.wav"
    bogus.write_text("not audio")
    with pytest.raises(AudioFileError, match="not a readable audio file"):
        whisper.transcribe(bogus)


def test_short_real_answers_are_kept(whisper, tmp_path):
    # "Okay" and "Thank you" are answers, not the silence hallucinations that get dropped.
    for line in ("Okay.", "Thank you."):
        path = tmp_path / "short.wav"
        render_to_wav(line, Voice(phone_line=False), path)
        assert whisper.transcribe(path).text.strip(" .!").lower() in {"okay", "ok", "thank you"}


def test_vocabulary_prompt_is_short_and_unique():
    from tui.speech.stt import vocabulary_prompt

    assert vocabulary_prompt([]) is None
    prompt = vocabulary_prompt(["Senior Backend Engineer", "Acme", "acme", "  RabbitMQ  ", "x" * 500])
    assert prompt == "Senior Backend Engineer, Acme, RabbitMQ."


def test_prep_vocabulary_prompt_fixes_a_misheard_term(whisper, tmp_path):
    from tui.speech.stt import WhisperRecognizer, vocabulary_prompt

    path = tmp_path / "position.wav"
    render_to_wav("I interviewed for the senior backend engineer position.", Voice(rate=130, phone_line=False), path)
    prompted = WhisperRecognizer(whisper.model_name, initial_prompt=vocabulary_prompt(["Senior Backend Engineer"]))
    assert "backend" in prompted.transcribe(path).text.lower()


FIRST_USE = """
import sys, threading
from tui.checker.semantic import SHIPPED
from tui.speech.stt import WhisperRecognizer
meaning = threading.Thread(target=SHIPPED.model)  # the app loads it on a worker too
meaning.start()
print(WhisperRecognizer().transcribe(sys.argv[1]).text)  # right away: its loader is still importing
meaning.join()
"""


def test_a_recognizer_used_right_after_it_is_made_in_a_fresh_process(tmp_path):
    # numpy imported by two threads at once failed one run in three ("partially initialised
    # module"): the loaders and the first use now import one at a time (tui/heavy.py).
    import subprocess
    import sys

    path = tmp_path / "line.wav"
    render_to_wav(ROUND_TRIP[0], Voice(phone_line=False), path)
    for _ in range(4):
        run = subprocess.run([sys.executable, "-c", FIRST_USE, str(path)], capture_output=True, text=True,
                             timeout=120)
        assert run.returncode == 0, run.stderr[-800:]
        assert word_error_rate(ROUND_TRIP[0], run.stdout) <= 0.15
