"""Issue 10: the app as a new user meets it. Each test here failed before its fix; they drive
the real app through Pilot (real SQLite, real prep files, scripted speech)."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

from ui_helpers import NOW, make, settle


SIZE = (120, 36)
SMALL = (80, 24)


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


# -- 2. Ctrl+Q loses nothing ---------------------------------------------------------------
async def test_ctrl_q_in_the_editor_with_unsaved_changes_asks_first(data_dir):
    path = new_prep_file()
    before = path.read_text(encoding="utf-8")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        app.edit_prep(path)
        await settle(pilot)
        editor = app.screen
        editor.query_one("#f-application-company").value = "Acme Rockets"
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmModal" and app.is_running
        await pilot.press("escape")  # stay
        await settle(pilot)
        assert app.screen is editor and app.is_running
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("ctrl+q")  # Ctrl+Q inside a dialog is still Quit: the question is already up
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmModal"
        await pilot.press("y")
        await settle(pilot)
    assert app.return_code == 0
    assert path.read_text(encoding="utf-8") == before


async def test_ctrl_q_works_inside_a_modal_dialog(data_dir):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")  # the "name of the new prep" dialog, its text box focused
        await settle(pilot)
        assert type(app.screen).__name__ == "TextModal"
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0 and not app.is_running


async def test_ctrl_q_mid_call_hangs_up_and_scores_the_rehearsal(data_dir, sample_prep_path):
    from textual.widgets import Select

    from tui.store import Store
    from tui.ui.answer_box import AnswerBox

    app = make(sample_prep_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#outcome", Select).value = "available"
        await pilot.press("f5")
        await settle(pilot)
        app.screen.query_one(AnswerBox).insert("Hello, this is Maria Gonzalez for James O'Connor, about my interview.")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    with Store(data_dir / "history.sqlite3") as store:
        [record] = store.rehearsals()
        turns = store.turns(record.id)
    assert record.status == "hung_up" and record.score is not None and record.report is not None
    assert record.report["fluency"]["words"] > 0
    assert any(t.speaker == "candidate" for t in turns)


async def test_a_call_left_in_progress_by_a_kill_shows_as_interrupted_with_its_turns(data_dir, sample_prep_path):
    import subprocess
    import sys

    from tui.store import Store

    # A process that starts a rehearsal, records two turns, and is killed (it exits at once,
    # without finishing): exactly what a crash leaves behind.
    code = (
        "from tui.store import Store\n"
        "s = Store()\n"
        f"r = s.start_rehearsal({str(sample_prep_path.resolve())!r}, 'Northwind Payments', 'Senior Backend Engineer',"
        " 'friendly', 'available', 'keyboard', 1)\n"
        "s.add_turn(r, 'receptionist', 'reception', 'Northwind Payments, how can I help?')\n"
        "s.add_turn(r, 'candidate', 'reception', 'Hello, this is Maria for James.')\n"
        "import os; os._exit(9)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=False, cwd=Path(__file__).parent.parent)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        history = app.screen
        assert history.records[0].status == "interrupted"
        await pilot.press("enter")
        await settle(pilot)
        feedback = app.screen
        summary = str(feedback.query_one("#summary").render())
        assert "Interrupted" in summary and "Nothing major" not in str(feedback.query("Static").results())
        assert not feedback.query("#improvements") and not feedback.query("#delivery")
        shown = "\n".join(str(s.render()) for s in feedback.query(".turn, .answer Static"))
        assert "Hello, this is Maria for James." in shown and "how can I help?" in shown
    with Store(data_dir / "history.sqlite3") as store:
        [record] = store.rehearsals()
    assert record.status == "interrupted" and record.ended_at is not None


# -- 3. the natural end of a call ----------------------------------------------------------
async def test_after_their_goodbye_the_call_ends_as_finished_and_feedback_opens(data_dir, sample_prep_path):
    from textual.widgets import Select

    from tui.ui.answer_box import AnswerBox

    app = make(sample_prep_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#outcome", Select).value = "available"
        app.screen.query_one("#questions", Select).value = 1
        await pilot.press("f5")
        await settle(pilot)
        call = app.screen
        said = ["Hello, this is Maria Gonzalez. Could I speak with James O'Connor? It's about my interview "
                "for the Senior Backend Engineer position.",
                "Hi James, this is Maria Gonzalez, about the Senior Backend Engineer position; the replay tool.",
                "I led the billing migration to AWS and cut costs by 30%.",
                "Thank you! Is there anything else you'd like to know? When do you expect to decide?"]
        for text in said:
            if app.screen is not call:
                break
            call.query_one(AnswerBox).insert(text)
            await pilot.press("enter")
            await settle(pilot)
        assert type(app.screen).__name__ == "FeedbackScreen", "their goodbye ends the call"
        record = app.store.rehearsal(app.screen.rehearsal_id)
        assert record.status == "finished"
        assert "Stay on the call" not in str(app.screen.query_one("#improvements").render())


def test_hanging_up_after_their_goodbye_is_a_finished_call(sample_prep_path):
    from tui.flow.call import CallFlow
    from tui.prep import load_prep

    prep = load_prep(sample_prep_path)
    early = CallFlow(prep, outcome="message", seed=1, now=NOW)
    early.start()
    early.answer("Hello, this is Maria Gonzalez for James O'Connor about my interview.")
    assert early.hang_up().ended and early.status == "hung_up"  # mid-call: hung up

    flow = CallFlow(prep, outcome="available", seed=1, now=NOW, max_questions=1)
    flow.start()
    for text in ("Hello, this is Maria Gonzalez. Could I speak with James O'Connor? It's about my interview "
                 "for the Senior Backend Engineer position.",
                 "Hi James, this is Maria Gonzalez, about the Senior Backend Engineer position.",
                 "I led the billing migration to AWS.",
                 "Thank you! Is there anything else you'd like to know? When do you expect to decide?"):
        if flow.prompt is None or flow.prompt.kind == "goodbye":
            break
        flow.answer(text)
    assert flow.prompt is not None and flow.prompt.kind == "goodbye"
    assert flow.hang_up().ended and flow.status == "finished"  # after their goodbye: finished


# -- 5. drills and outcomes compared like with like ----------------------------------------
def _seed_history(store, prep_path: str) -> dict[str, int]:
    ids = {}
    for name, kind, outcome, score, drill in (("call", "call", "available", 74, None),
                                              ("hangup", "call", "available", 0, None),
                                              ("drill", "drill", "available", 100, "migration"),
                                              ("message", "call", "message", 100, None)):
        rid = store.start_rehearsal(prep_path, "Northwind Payments", "Senior Backend Engineer", "friendly",
                                    outcome, "keyboard", 1, kind=kind, drill=drill)
        store.finish_rehearsal(rid, "finished" if name != "hangup" else "hung_up", score, {"score": score})
        ids[name] = rid
    return ids


async def test_drills_and_outcomes_are_compared_like_with_like(data_dir, sample_prep_path):
    from tui import paths
    from tui.store import Store

    prep = paths.preps_dir() / "northwind.toml"
    shutil.copyfile(sample_prep_path, prep)
    shutil.copy(sample_prep_path.parent / "sample_resume.json", paths.preps_dir())
    with Store(paths.db_path()) as store:
        ids = _seed_history(store, str(prep.resolve()))
        assert store.last_score(str(prep.resolve())) == 100  # the message call, not the drill
        assert store.scores(str(prep.resolve())) == [74, 0, 100]  # the trend: full calls only
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.entries[0].attempts == 3
        app.show_feedback(ids["drill"])
        await settle(pilot)
        summary = str(app.screen.query_one("#summary").render())
        assert "Drill score 100/100" in summary and "first scored drill of this question" in summary
        assert "since" not in summary
        await pilot.press("escape")
        app.show_feedback(ids["message"])
        await settle(pilot)
        summary = str(app.screen.query_one("#summary").render())
        assert "▲" not in summary and "first scored call at this prep where you left a message" in summary
        assert app.screen.check_action("retry", ()) is False  # a message asked no question to retry
        await pilot.press("escape")
        app.show_feedback(ids["hangup"])
        await settle(pilot)
        summary = str(app.screen.query_one("#summary").render())
        assert "▼ -74 since the previous call at this prep where the interviewer answered (74)" in summary
        await pilot.press("escape")
        await pilot.press("h")
        await settle(pilot)
        table = app.screen.query_one("#rehearsals")
        kinds = [str(table.get_row_at(i)[table.get_column_index("kind")]) for i in range(table.row_count)]
        assert kinds.count("drill") == 1 and kinds.count("call") == 3


# -- 8. dates: never a decision in the past, a sample that does not age, placeholders ------
def test_the_interviewer_never_gives_a_decision_date_in_the_past(sample_prep_path):
    from datetime import date

    from tui.flow.call import CallFlow, decision_date
    from tui.prep import load_prep

    prep = load_prep(sample_prep_path)  # decision due Fri 27 Nov 2026
    assert decision_date(prep.application.decision_date, date(2026, 11, 20)) == date(2026, 11, 27)
    later = decision_date(prep.application.decision_date, date(2026, 12, 2))
    assert later is not None and later > date(2026, 12, 2)
    flow = CallFlow(prep, outcome="available", seed=1, now=datetime(2026, 12, 2, 10, 0))
    assert "November 27" not in flow.values["decision_date"] and "December" in flow.values["decision_date"]


async def test_the_sample_can_be_called_now_whatever_the_date(data_dir, sample_prep_path):
    from datetime import date

    app = make(sample_prep_path, now=datetime(2027, 3, 10, 10, 0))  # a Wednesday morning
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        prep = app.screen.prep
        assert prep.application.decision_date == date(2027, 3, 9)  # due yesterday: today is a day to call
        assert prep.application.interview_date == date(2027, 2, 26)  # seven working days before, as in the file
        rules = str(app.screen.query_one("#rules").render())
        assert "2027" in rules and "2026" not in rules
        assert "Now is a good time to call" in rules and "Too early" not in rules
    assert "interview_date = 2026-11-18" in sample_prep_path.read_text(encoding="utf-8")  # the file is unchanged


async def test_the_untouched_template_is_flagged_as_not_filled_in(data_dir):
    path = new_prep_file()
    app = make(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        items = str(app.screen.query_one("#items").render())
        assert "Not filled in yet" in items
        for words in ("company", "position", "interviewer", "your name", "interview date"):
            assert words in items


def test_the_when_to_call_line_is_coherent_for_an_old_interview(sample_prep_path):
    import dataclasses
    from datetime import date

    from tui.flow.timing import advise
    from tui.prep import load_prep

    prep = load_prep(sample_prep_path)
    old = dataclasses.replace(prep, application=dataclasses.replace(
        prep.application, interview_date=date(2025, 12, 29), decision_date=None))
    advice = advise(old, datetime(2026, 12, 2, 10, 0))
    summary = advice.summary()
    assert "has passed" in summary and "2026" in summary and "Call from" not in summary
    assert advice.now_ok and "call now" in advice.now_reason


async def test_rule_one_blocks_the_when_to_call_line(data_dir, tmp_path, sample_prep_path):
    shutil.copy(sample_prep_path.parent / "sample_resume.json", tmp_path)
    path = tmp_path / "blocked.toml"
    path.write_text(sample_prep_path.read_text().replace("asked_not_to_call = false", "asked_not_to_call = true"))
    app = make(path, now=datetime(2026, 12, 1, 10, 0))  # a good moment, were calling allowed
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rules = str(app.screen.query_one("#rules").render())
        assert "Don't call" in rules and "good time" not in rules


# -- 9. voice mode without a sound card ----------------------------------------------------
async def test_voice_mode_without_a_sound_card_gives_one_notice_and_records_keyboard(data_dir, sample_prep_path):
    import pytest
    from textual.widgets import Select

    from tui.speech.probe import probe_audio
    from tui.store import Store

    status = probe_audio()
    if status.input is not None or status.output is not None:
        pytest.skip("this machine has audio: the no-sound-card path cannot be reached for real")
    app = make(sample_prep_path, speaker=None)  # the real speaker: pyttsx3 finds no output
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.screen.query_one("#outcome", Select).value = "available"
        app.screen.query_one("#mode", Select).value = "voice"
        await pilot.press("f5")
        await settle(pilot)
        call = app.screen
        assert not call.voice_mode and not call.query_one("#mic").display
        await pilot.press("f5")  # Talk is not offered in keyboard mode
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1, messages
        [notice] = messages
        assert notice.startswith("No sound card (") and "captions" in notice and "type your answers" in notice
        assert "No microphone" not in notice and "No audio output" not in notice  # not nested or repeated
        rid = call.rehearsal.rehearsal_id
    with Store(data_dir / "history.sqlite3") as store:
        assert store.rehearsal(rid).mode == "keyboard"


# -- 10. prep errors in the app --------------------------------------------------------------
async def test_a_toml_syntax_error_shows_its_line_and_puts_the_cursor_there(data_dir, tmp_path, sample_prep_path):
    text = sample_prep_path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(text) if t.startswith("company ="))
    text[line] = 'company = "Northwind Payments'  # the closing quote is missing
    path = tmp_path / "broken.toml"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    app = make(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = app.screen
        assert type(editor).__name__ == "PrepScreen"
        syntax = editor.query_one("#syntax")
        assert syntax.display and syntax.region.height >= 2
        assert f"line {line + 1}" in str(syntax.render())
        raw = editor.query_one("#raw")
        assert raw.show_line_numbers and raw.cursor_location[0] == line and app.focused is raw
        assert "(saved)" in str(editor.query_one("#file-bar").render())


async def test_an_unknown_key_shows_key_and_line_and_can_be_renamed(data_dir, tmp_path, sample_prep_path):
    from tui.prep import load_prep

    text = sample_prep_path.read_text(encoding="utf-8").replace('interviewer = "James', 'intervewer = "James')
    path = tmp_path / "typo.toml"
    path.write_text(text, encoding="utf-8")
    shutil.copy(sample_prep_path.parent / "sample_resume.json", tmp_path)
    number = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("intervewer"))
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        app.edit_prep(path)
        await settle(pilot)
        editor = app.screen
        row = str(editor.query_one(".unknown-label").render())
        assert f"line {number}: application.intervewer: unknown key" in row
        editor.query_one("#rename-key-0").press()
        await settle(pilot)
        editor = app.screen
        assert editor.query_one("#f-application-interviewer").value == "James O'Connor"
        assert not editor.query(".unknown-row") and editor.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert load_prep(path).application.interviewer == "James O'Connor"
    assert "intervewer" not in path.read_text(encoding="utf-8")


async def test_an_unknown_key_can_be_removed(data_dir, tmp_path, sample_prep_path):
    text = sample_prep_path.read_text(encoding="utf-8").replace("[candidate]\n", "[candidate]\nshoe_size = 42\n")
    path = tmp_path / "extra.toml"
    path.write_text(text, encoding="utf-8")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        app.edit_prep(path)
        await settle(pilot)
        editor = app.screen
        assert not editor.query("#rename-key-0")  # nothing it looks like: only Remove
        editor.query_one("#remove-key-0").press()
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert "shoe_size" not in path.read_text(encoding="utf-8")


async def test_a_file_with_a_wrongly_typed_value_opens_as_saved(data_dir, tmp_path, sample_prep_path):
    text = sample_prep_path.read_text(encoding="utf-8").replace('phone = "555-014-2277"', "phone = 5550142277")
    assert "phone = 5550142277" in text
    path = tmp_path / "typed.toml"
    path.write_text(text, encoding="utf-8")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        app.edit_prep(path)
        await settle(pilot)
        editor = app.screen
        assert editor.problems, "the wrong type is reported"
        assert "(saved)" in str(editor.query_one("#file-bar").render()) and not editor.dirty
        await pilot.press("escape")  # nothing changed: leaves without asking
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"


# -- 12. polish ----------------------------------------------------------------------------
async def test_call_polish_placeholder_empty_answer_skip_clears_and_no_talk_key(data_dir, sample_prep_path):
    from textual.widgets import Select

    from tui.ui.answer_box import AnswerBox

    app = make(sample_prep_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.screen.query_one("#outcome", Select).value = "available"
        await pilot.press("f5")
        await settle(pilot)
        call = app.screen
        box = call.query_one(AnswerBox)
        assert "Enter sends" in str(box.placeholder)
        assert call.check_action("talk", ()) is False  # hidden from the footer in keyboard mode
        await pilot.press("enter")  # nothing typed: nothing sent, no "you broke up"
        await settle(pilot)
        assert call.flow.answers == [] and "Type your answer first" in list(app._notifications)[-1].message
        assert not any("catch" in line for line in call.query_one("#transcript").lines[1:])
        box.insert("half a draft")
        await pilot.press("f3")
        await settle(pilot)
        assert box.text == "" and call.flow.answers[-1].skipped
        from tui.ui.commands import ScreenCommands

        titles = [c.title for c in app.get_system_commands(call)]
        titles += [hit.text async for hit in ScreenCommands(call).discover()]
        assert "History" not in titles and "Hang up" in titles


async def test_home_without_preps_offers_no_edit_duplicate_delete(data_dir):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        shown = {b.binding.action for b in home.active_bindings.values() if b.binding.show}
        assert not {"edit", "duplicate", "delete", "open_selected"} & shown
        assert {"new", "open_file"} <= shown  # and s (the sample), named on the empty screen
        await pilot.press("s")
        await settle(pilot)
        assert type(app.screen).__name__ == "PreCallScreen"


def test_the_improvement_tip_reads_as_advice():
    from tui.report import advice

    assert advice({"label": "left your phone number", "evidence": "said 0 times"}).startswith("Leave your phone")


async def test_drafts_copy_save_where_you_choose_and_ask_before_losing_edits(data_dir, tmp_path, sample_prep_path):
    shutil.copy(sample_prep_path.parent / "sample_resume.json", tmp_path)
    path = tmp_path / "blocked.toml"
    path.write_text(sample_prep_path.read_text().replace("asked_not_to_call = false", "asked_not_to_call = true"))
    app = make(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        drafts = app.screen
        await pilot.press("f6")
        await settle(pilot)
        assert drafts.copied == drafts.drafts.email
        drafts.query_one("#email-text").insert("P.S. ")
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmModal"
        await pilot.press("escape")  # stay
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        target = tmp_path / "mine.txt"
        app.screen.query_one("#text").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert target.read_text(encoding="utf-8").startswith("P.S. ")
        await pilot.press("escape")  # saved: leaves without asking
        await settle(pilot)
        assert type(app.screen).__name__ == "PreCallScreen"


# -- first frame: the pre-call screen comes first, home is built when needed ----------------
async def test_opened_on_a_prep_escape_goes_home_and_a_missing_file_opens_home(data_dir, sample_prep_path, tmp_path):
    app = make(sample_prep_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        precall = app.screen
        assert type(precall).__name__ == "PreCallScreen"
        assert "Checking your prep" not in str(precall.query_one("#rules").render())  # filled in by the worker
        assert precall.query_one("#questions").value == 4  # the settings were added after the first frame
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen" and app.screen.entries
    app = make(tmp_path / "nope.toml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"


async def test_feedback_shows_rows_stored_before_cleaning_without_escapes(data_dir, sample_prep_path):
    from tui.store import Store

    with Store() as store:
        rid = store.start_rehearsal(str(sample_prep_path.resolve()), "Northwind", "Engineer", "friendly",
                                    "available", "keyboard", 1)
        store.add_turn(rid, "receptionist", "reception", "Hello\x1b]0;PWNED\x07 there")
        store.add_turn(rid, "candidate", "reception", "Maria\x1b[31m here\x00")
        store.finish_rehearsal(rid, "finished", 10, {"score": 10})
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.show_feedback(rid)
        await settle(pilot)
        shown = "\n".join(str(s.render()) for s in app.screen.query(".turn, .answer Static"))
    assert "Hello there" in shown and "Maria here" in shown
    assert "\x1b" not in shown and "PWNED" not in shown and "\x00" not in shown


async def test_precall_first_frame_comes_before_its_checks_and_settings_which_then_are_right(data_dir, sample_prep_path):
    """The pre-call opened on a prep is the app's first screen, and its first frame (the first
    update Textual sends to the terminal, outside its start-up batch) is drawn before its checks
    and call settings start. Then both arrive, and the rows are what the checks say."""
    from tui.flow.readiness import assess, clarifying
    from tui.library import load_for_today

    app = make(sample_prep_path)
    at_first_frame: dict = {}
    send_to_terminal = app._display

    def display(screen, update) -> None:
        if update is not None and not app._batch_count and not at_first_frame:
            at_first_frame.update(stack=[type(s).__name__ for s in app.screen_stack],
                                  rules=str(screen.query_one("#rules").render()), selects=len(screen.query("Select")),
                                  checking=[w for w in app.workers if w.group == "readiness"])
        send_to_terminal(screen, update)

    app._display = display
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert at_first_frame == {"stack": ["PreCallScreen"], "rules": "Checking your prep…", "selects": 0,
                                  "checking": []}
        prep = load_for_today(sample_prep_path, NOW.date())
        report = clarifying(prep, today=NOW.date())
        expected = assess(prep, NOW, report.questions, report.warnings)
        rules = str(app.screen.query_one("#rules").render())
        items = str(app.screen.query_one("#items").render())
        assert all(f"{n}. {check.label}" in rules for n, check in enumerate(expected.rules, 1))
        assert [line.split(" — ")[0][2:] for line in items.splitlines()] == [check.label for check in expected.items]
        assert [select.id for select in app.screen.query("Select")] == ["persona", "outcome", "mode", "questions"]
        assert app.screen.focused is app.screen.query_one("#start")


async def test_home_first_frame_comes_before_its_list_which_then_is_right(data_dir, sample_prep_path):
    """Home's first frame (the first update sent to the terminal) has its title and column
    headings but not yet its rows, nor "No preps yet"; then the rows are the preps, as listed."""
    from tui.library import list_preps
    from tui.ui.settings import Settings

    copy = new_prep_file("acme")
    shutil.copyfile(sample_prep_path, copy)
    app = make()
    at_first_frame: dict = {}
    send_to_terminal = app._display

    def display(screen, update) -> None:
        if update is not None and not app._batch_count and not at_first_frame:
            table = screen.query_one("#preps")
            at_first_frame.update(screen=type(screen).__name__, rows=table.row_count, columns=len(table.columns),
                                  empty_shown=screen.query_one("#empty").display)
        send_to_terminal(screen, update)

    app._display = display
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert at_first_frame == {"screen": "HomeScreen", "rows": 0, "columns": 6, "empty_shown": False}
        table = app.screen.query_one("#preps")
        expected = list_preps(Settings.load().recent, app.store, NOW)
        assert [entry.path for entry in expected] == [copy.resolve()]
        assert [str(table.get_row_at(n)[0]) for n in range(table.row_count)] == [entry.title for entry in expected]
        assert not app.screen.query_one("#empty").display
