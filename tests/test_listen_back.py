"""Listen back on the feedback screen: the recorded answer after the line it answered,
or, with no audio output, the recording's path. Real store, real Textual Pilot."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from speech_helpers import save, silence
from tui.speech.interfaces import ScriptedSpeaker

QUESTION = "Could you tell me more about the billing migration?"


def voice_rehearsal(data_dir: Path, recordings: list[Path | None]) -> int:
    """A finished voice rehearsal in the history: one question, one answer per recording."""
    from tui.store import Store

    with Store() as store:
        rid = store.start_rehearsal("", "Northwind Payments", "Senior Backend Engineer", "busy", "available", "voice")
        store.add_turn(rid, "receptionist", "reception", "Northwind Payments, how can I help?")
        for number, recording in enumerate(recordings):
            store.add_turn(rid, "interviewer", "questions", f"{QUESTION} ({number})", question_id=f"q{number}")
            store.add_turn(rid, "candidate", "questions", "I led it.", question_id=f"q{number}", duration=1.0,
                           audio_path=str(recording) if recording else None)
        store.finish_rehearsal(rid, "finished", 70.0, {"improvements": [], "phases": []})
    return rid


async def open_feedback(app, pilot, rid: int) -> None:
    app.show_feedback(rid)
    await pilot.pause()


async def test_p_plays_the_question_then_the_answer(data_dir, tmp_path):
    from tui.flow.personas import load_persona
    from tui.ui.app import make_app

    wav = save(tmp_path, "answer.wav", silence(0.5))
    rid = voice_rehearsal(data_dir, [wav])
    speaker = ScriptedSpeaker(has_audio=True)
    app = make_app(speaker=speaker, now=datetime(2026, 3, 2, 10, 0), seed=1)
    async with app.run_test(size=(100, 36)) as pilot:
        await open_feedback(app, pilot, rid)
        assert app.screen.query_one("#listen-3")  # a button on the spoken answer
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert speaker.spoken == [(f"{QUESTION} (0)", load_persona("busy").voice)]
    assert speaker.played == [wav]


async def test_several_recordings_are_picked_and_a_button_plays_one(data_dir, tmp_path):
    from tui.ui.app import make_app

    first, second = save(tmp_path, "a.wav", silence(0.3)), save(tmp_path, "b.wav", silence(0.3))
    rid = voice_rehearsal(data_dir, [first, None, second])
    speaker = ScriptedSpeaker(has_audio=True)
    app = make_app(speaker=speaker, now=datetime(2026, 3, 2, 10, 0), seed=1)
    async with app.run_test(size=(100, 36)) as pilot:
        await open_feedback(app, pilot, rid)
        screen = app.screen
        assert [seq for seq, _ in screen.recordings()] == ["3", "7"]  # the typed answer has none
        await pilot.press("p")
        await pilot.pause()
        assert type(app.screen).__name__ == "PickModal"
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert speaker.played == [second] and speaker.spoken[-1][0] == f"{QUESTION} (2)"
        screen.query_one("#listen-3").press()
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert speaker.played == [second, first]


async def test_without_audio_output_the_path_is_shown(data_dir, tmp_path):
    from tui.ui.app import make_app

    wav = save(tmp_path, "answer [1].wav", silence(0.3))  # brackets: never read as markup
    rid = voice_rehearsal(data_dir, [wav])
    speaker = ScriptedSpeaker()  # captions only: no audio device
    app = make_app(speaker=speaker, now=datetime(2026, 3, 2, 10, 0), seed=1)
    async with app.run_test(size=(100, 36), notifications=True) as pilot:
        await open_feedback(app, pilot, rid)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("No audio output" in m and str(wav) in m for m in messages), messages
        wav.unlink()
        await pilot.press("p")
        await pilot.pause()
        assert any("recording is gone" in n.message for n in app._notifications)
    assert speaker.played == [] and speaker.spoken == []


async def test_typed_calls_have_nothing_to_play(data_dir):
    from tui.ui.app import make_app

    rid = voice_rehearsal(data_dir, [None])
    speaker = ScriptedSpeaker(has_audio=True)
    app = make_app(speaker=speaker, now=datetime(2026, 3, 2, 10, 0), seed=1)
    async with app.run_test(size=(100, 36)) as pilot:
        await open_feedback(app, pilot, rid)
        assert not app.screen.query(".listen")
        assert "p" not in app.active_bindings  # no key in the footer
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert speaker.spoken == [] and speaker.played == []
