"""Defects found after issue 10: each test here failed before its fix. They drive the real app
(Pilot or a headless run, real SQLite, real prep files, scripted speech)."""

from __future__ import annotations

import gc
import warnings
from datetime import datetime

import pytest

from tui.speech.interfaces import ScriptedSpeaker

NOW = datetime(2026, 11, 30, 10, 0)
SIZE = (120, 36)


def make(prep=None, **kwargs):
    from tui.ui.app import make_app

    kwargs.setdefault("speaker", ScriptedSpeaker())
    return make_app(str(prep) if prep else None, now=kwargs.pop("now", NOW), seed=kwargs.pop("seed", 3), **kwargs)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# -- the app leaving in its first frame --------------------------------------------------
@pytest.mark.parametrize("opened", ["home", "sample"])
def test_leaving_in_the_first_frame_prints_no_error(data_dir, sample_prep_path, capfd, opened):
    """Textual's Header set its title from a coroutine that ran after the header was gone
    (NoMatches) or was never awaited; home filled a table that was already removed."""
    async def leave(pilot) -> None:
        pilot.app.exit(0)

    app = make(sample_prep_path if opened == "sample" else None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app.run(headless=True, size=SIZE, auto_pilot=leave)
        del app
        gc.collect()
    err = capfd.readouterr().err
    assert "NoMatches" not in err and "Traceback" not in err and "Error" not in err, err[-2000:]
    assert not [w for w in caught if "never awaited" in str(w.message)]
