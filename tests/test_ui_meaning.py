"""The app and the meaning check: loaded in a worker at start-up; when it is off, the
feedback screen says why."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.worker import WorkerState

from test_ui import CLOSING, SIZE, answer, make, reply_to, settle, start_call
from tui.assets import asset_path
from tui.checker import semantic
from tui.checker.semantic import MODEL_FILE, TOKENIZER_FILE, MeaningCheck


async def test_the_app_loads_the_meaning_model_in_a_worker_after_the_first_frame(data_dir) -> None:
    from tui.ui.app import MEANING_LOAD_DELAY

    app = make()
    async with app.run_test(size=SIZE) as pilot:
        assert app.meaning_loader is None  # the first frames are drawn without it
        await pilot.pause(MEANING_LOAD_DELAY + 0.2)
        worker = app.meaning_loader
        assert worker.name == "meaning-check" and worker.group == "meaning"
        await settle(pilot)
        assert worker.state == WorkerState.SUCCESS and semantic.SHIPPED.loaded
        assert type(app.screen).__name__ == "HomeScreen"


async def test_feedback_says_the_meaning_check_is_off_and_why(data_dir, tmp_path: Path, sample_prep_path,
                                                             monkeypatch) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copyfile(asset_path("models", TOKENIZER_FILE), folder / TOKENIZER_FILE)
    (folder / MODEL_FILE).write_bytes(b"not a model")
    monkeypatch.setattr(semantic, "SHIPPED", MeaningCheck(folder))
    app = make(str(sample_prep_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_call(pilot, "available", questions=1)
        for _ in range(12):
            if type(app.screen).__name__ != "CallScreen":
                break
            prompt = app.screen.flow.prompt
            if prompt.kind in ("question", "probe"):
                text = "That was a good time in my career and I learned a lot."  # vague: needs the meaning check
            elif prompt.kind == "closing" and any(e.text == CLOSING for e in app.screen.flow.answers):
                text = "Thank you for your time. Goodbye."
            else:
                text = reply_to(prompt)
            await answer(pilot, text)
        await settle(pilot)
        assert type(app.screen).__name__ == "FeedbackScreen"
        summary = str(app.screen.query_one("#summary").render())
        assert f"meaning check off: {MODEL_FILE} is damaged" in summary
