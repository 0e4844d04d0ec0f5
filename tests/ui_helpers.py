"""What the Pilot tests share: the app made on a fixed clock and seed with scripted speech, and
a pause that lets its workers finish."""

from __future__ import annotations

from datetime import datetime

from tui.speech.interfaces import ScriptedSpeaker

NOW = datetime(2026, 11, 30, 10, 0)  # a Monday after the sample's fixed decision date


def make(prep=None, **kwargs):
    from tui.ui.app import make_app

    kwargs.setdefault("speaker", ScriptedSpeaker())
    return make_app(str(prep) if prep else None, now=kwargs.pop("now", NOW), seed=kwargs.pop("seed", 3), **kwargs)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
