"""SVG snapshots of every screen at 80x24 and 120x36, with a fixed clock, seed and store times
(cursor blink off: a fixed clock means a frozen app).

Regenerate with `pytest tests/test_ui_snapshots.py --snapshot-update` and look at the SVGs
in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

import shutil
import time

import pytest

from ui_helpers import make, settle


SIZES = [(80, 24), (120, 36)]
GREETING = ("Hello, this is Maria Gonzalez. Could I speak with James O'Connor please? It's about my "
            "interview for the Senior Backend Engineer position.")
INTRO = ("Hi James, this is Maria Gonzalez. I interviewed for the Senior Backend Engineer position on the "
         "18th; we talked about the 2 a.m. ledger outage I debugged with a replay tool. I'm still interested.")
KAFKA = ("I built event pipelines with RabbitMQ at Acme, um, and I'm taking the Confluent Kafka developer "
         "course.")
CLOSING = "Is there anything else you'd like to know about my background? When do you expect to decide?"


@pytest.fixture(params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def size(request):
    return request.param


@pytest.fixture(autouse=True)
def fixed_store_clock(monkeypatch, data_dir):
    import tui.store

    monkeypatch.setattr(tui.store, "_now", lambda: "2026-11-30T10:00:00+00:00")
    monkeypatch.setenv("TZ", "UTC")  # history shows local times
    time.tzset()


async def call(pilot, outcome="available", questions=1, answers=()) -> None:
    from textual.widgets import Select

    from tui.ui.answer_box import AnswerBox

    await settle(pilot)
    pilot.app.screen.query_one("#outcome", Select).value = outcome
    pilot.app.screen.query_one("#questions", Select).value = questions
    await pilot.press("f5")
    await settle(pilot)
    for text in answers:
        if type(pilot.app.screen).__name__ != "CallScreen":
            break
        pilot.app.screen.query_one(AnswerBox).insert(text)
        await pilot.press("enter")
        await settle(pilot)


def test_home(snap_compare, size, sample_prep_path):
    from tui import paths

    shutil.copyfile(sample_prep_path, paths.preps_dir() / "northwind.toml")
    assert snap_compare(make(), terminal_size=size, run_before=settle)


def test_home_empty(snap_compare, size):
    assert snap_compare(make(), terminal_size=size, run_before=settle)


def test_precall(snap_compare, size, sample_prep_path):
    assert snap_compare(make(sample_prep_path), terminal_size=size, run_before=settle)


def blocked_prep(sample_prep_path, tmp_path):
    """The sample prep with asked_not_to_call set, next to a copy of its resume."""
    shutil.copy(sample_prep_path.parent / "sample_resume.json", tmp_path)
    path = tmp_path / "blocked.toml"
    path.write_text(sample_prep_path.read_text().replace("asked_not_to_call = false", "asked_not_to_call = true"))
    return path


def test_precall_rule_one(snap_compare, size, sample_prep_path, tmp_path):
    path = blocked_prep(sample_prep_path, tmp_path)
    assert snap_compare(make(path), terminal_size=size, run_before=settle)


def test_drafts(snap_compare, size, sample_prep_path, tmp_path):
    path = blocked_prep(sample_prep_path, tmp_path)

    async def open_drafts(pilot):
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)

    assert snap_compare(make(path), terminal_size=size, run_before=open_drafts)


def test_call_in_progress(snap_compare, size, sample_prep_path):
    async def mid_call(pilot):
        await call(pilot, answers=[GREETING, INTRO])

    assert snap_compare(make(sample_prep_path), terminal_size=size, run_before=mid_call)


def test_call_with_help(snap_compare, size, sample_prep_path):
    async def help_on_call(pilot):
        await call(pilot, outcome="voicemail", answers=[GREETING])
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(make(sample_prep_path), terminal_size=size, run_before=help_on_call)


def test_feedback(snap_compare, size, sample_prep_path):
    async def finished(pilot):
        await call(pilot, answers=[GREETING, INTRO, KAFKA, CLOSING, "Thank you, goodbye.", "Bye."])
        assert type(pilot.app.screen).__name__ == "FeedbackScreen"

    assert snap_compare(make(sample_prep_path), terminal_size=size, run_before=finished)


def test_history(snap_compare, size, sample_prep_path):
    async def two_calls(pilot):
        await call(pilot, answers=[GREETING, INTRO, KAFKA, CLOSING, "Thank you, goodbye.", "Bye."])
        await pilot.press("escape")
        await call(pilot, outcome="voicemail", answers=[GREETING, INTRO])
        await pilot.press("h")
        await settle(pilot)

    assert snap_compare(make(sample_prep_path), terminal_size=size, run_before=two_calls)


def test_prep_editor(snap_compare, size, sample_prep_path):
    from tui import paths

    path = paths.preps_dir() / "northwind.toml"
    shutil.copyfile(sample_prep_path, path)

    async def edit(pilot):
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        pilot.app.screen.query_one("#f-candidate-email").value = "maria-at-example"
        await pilot.pause(0.6)
        await settle(pilot)

    assert snap_compare(make(), terminal_size=size, run_before=edit)


def test_prep_editor_syntax_error(snap_compare, size, sample_prep_path, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text(sample_prep_path.read_text().replace('company = "Northwind Payments"', 'company = "Northwind'))
    assert snap_compare(make(path), terminal_size=size, run_before=settle)


def test_prep_editor_unknown_key(snap_compare, size, sample_prep_path, tmp_path):
    path = tmp_path / "typo.toml"
    path.write_text(sample_prep_path.read_text().replace('interviewer = "James', 'intervewer = "James'))

    async def edit(pilot):
        pilot.app.edit_prep(path)
        await settle(pilot)

    assert snap_compare(make(), terminal_size=size, run_before=edit)


def test_feedback_interrupted(snap_compare, size, sample_prep_path):
    from tui.store import Store

    with Store() as store:
        rid = store.start_rehearsal(str(sample_prep_path.resolve()), "Northwind Payments", "Senior Backend Engineer",
                                    "friendly", "available", "keyboard", 3)
        store.add_turn(rid, "receptionist", "reception", "Northwind Payments, how can I help you?")
        store.add_turn(rid, "candidate", "reception", GREETING)
        store._db.execute("UPDATE rehearsal SET pid = 0 WHERE id = ?", (rid,))
        store._db.commit()

    async def open_it(pilot):
        await settle(pilot)
        pilot.app.show_feedback(rid)
        await settle(pilot)

    assert snap_compare(make(), terminal_size=size, run_before=open_it)
