"""Issue 10: the app as a new user meets it. Each test here failed before its fix; they drive
the real app through Pilot (real SQLite, real prep files, scripted speech)."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

from tui.speech.interfaces import ScriptedSpeaker

NOW = datetime(2026, 11, 30, 10, 0)
SIZE = (120, 36)
SMALL = (80, 24)


def make(prep=None, **kwargs):
    from tui.ui.app import make_app

    kwargs.setdefault("speaker", ScriptedSpeaker())
    return make_app(str(prep) if prep else None, now=kwargs.pop("now", NOW), seed=kwargs.pop("seed", 3), **kwargs)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def new_prep_file(name: str = "acme") -> Path:
    from tui.library import new_prep

    return new_prep(name)


# -- 1. the prep editor shows the prepared answers ----------------------------------------
async def test_editor_shows_prepared_answers_and_the_add_button_adds_one(data_dir):
    path = new_prep_file()
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        app.edit_prep(path)
        await settle(pilot)
        editor = app.screen
        [card] = editor.cards
        assert card.region.height >= 8, "the template's answer card is visible, not clipped"
        assert editor.query_one("#answers").region.height >= card.region.height
        editor.query_one("#add-answer").press()
        await settle(pilot)
        assert len(editor.cards) == 2, "the Add button adds a card"
        new = editor.cards[-1]
        assert new.region.height >= 8 and app.focused is editor.query_one(f"#a{new.uid}-id")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert len(editor.cards) == 3 and editor.cards[-1].region.height >= 8


# -- 4. pasted control characters and escape sequences ------------------------------------
HOSTILE = "Hello\x1b]0;PWNED\x07, this is \x1b[31mMaria\x1b[0m Gonzalez\x00\x08 for James O'Connor."


async def test_pasted_escapes_are_cleaned_before_they_are_stored_checked_or_shown(data_dir, sample_prep_path):
    from textual.widgets import Select

    from tui.store import Store
    from tui.ui.answer_box import AnswerBox

    app = make(sample_prep_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#outcome", Select).value = "available"
        await pilot.press("f5")
        await settle(pilot)
        call = app.screen
        call.query_one(AnswerBox).insert(HOSTILE)
        await pilot.press("enter")
        await settle(pilot)
        shown = [line for line in call.query_one("#transcript").lines if line.startswith("You:")]
        rid = call.rehearsal.rehearsal_id
    expected = "Hello, this is Maria Gonzalez for James O'Connor."
    assert shown == [f"You: {expected}"]
    with Store(data_dir / "history.sqlite3") as store:
        answer = next(t for t in store.turns(rid) if t.speaker == "candidate")
    assert answer.text == expected
    assert not any(ch in json.dumps(answer.check) for ch in ("\\u001b", "PWNED", "31m"))


def test_the_session_cleans_answers_for_every_caller(data_dir, sample_prep_path):
    """The CLI's `rehearse` goes through the same Rehearsal: cleaning happens there."""
    from tui.flow.call import CallFlow
    from tui.prep import load_prep
    from tui.session import Rehearsal
    from tui.store import Store

    with Store(data_dir / "h.sqlite3") as store:
        session = Rehearsal(CallFlow(load_prep(sample_prep_path), outcome="available", seed=1, now=NOW), store)
        session.start()
        session.answer("line one\x1b[2J\nline\x9b31m two\x07")
        [answer] = [t for t in store.turns(session.rehearsal_id) if t.speaker == "candidate"]
    assert answer.text == "line one line two"


# -- 6. opening a prep never changes the settings -----------------------------------------
async def test_opening_a_short_prep_leaves_the_questions_setting_alone(data_dir, tmp_path, sample_prep_path):
    from tui.prep import load_prep

    text = sample_prep_path.read_text(encoding="utf-8")
    short = tmp_path / "short.toml"
    first_answers = text.index("[[answers]]")
    second = text.index("[[answers]]", first_answers + 1)
    closing = text.index("[closing]")
    short.write_text(text[:second] + text[closing:], encoding="utf-8")
    shutil.copy(sample_prep_path.parent / "sample_resume.json", tmp_path)
    assert len(load_prep(short).answers) == 1
    app = make(short)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#questions").value == 1
        await pilot.press("escape")
        await settle(pilot)
    saved = json.loads((data_dir / "ui.json").read_text()) if (data_dir / "ui.json").exists() else {}
    assert saved.get("questions", 4) == 4
    app = make(sample_prep_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#questions").value == 4
        app.screen.query_one("#questions").value = 2  # a real change is remembered
        await settle(pilot)
    assert json.loads((data_dir / "ui.json").read_text())["questions"] == 2


# -- issue 11 item 3: user text is never markup -------------------------------------------
async def test_markup_in_user_text_is_shown_as_typed(data_dir, sample_prep_path):
    from tui import paths

    text = sample_prep_path.read_text(encoding="utf-8").replace("James O'Connor", "Sam Green [/]")
    text = text.replace("Northwind Payments", "Northwind [b]Pay[/b]")
    path = paths.preps_dir() / "markup [red].toml"
    path.write_text(text, encoding="utf-8")
    shutil.copy(sample_prep_path.parent / "sample_resume.json", paths.preps_dir())
    app = make()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        home = app.screen
        assert "Sam Green [/]" in str(home.query_one("#details").render())
        await pilot.press("x")  # delete asks, quoting the file name
        await settle(pilot)
        assert "markup [red].toml" in str(app.screen.query_one(".dialog-question").render())
        await pilot.press("escape")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "PreCallScreen"
        assert "Northwind [b]Pay[/b]" in str(app.screen.query_one("#who").render())
        app.notify("saved to /tmp/[/]x")  # notifications carry paths: plain text
        await settle(pilot)
