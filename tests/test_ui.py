"""Pilot tests of the app: whole rehearsals typed at the keyboard, rule 1, the prep editor,
retrying a question, history. They assert on the store, the files and the widgets."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from tui.speech.interfaces import Heard, ScriptedListener, ScriptedSpeaker
from ui_helpers import NOW, make, settle

SIZE = (120, 40)

GREETING = ("Hello, this is Maria Gonzalez. Could I speak with James O'Connor please? It's about my interview "
            "for the Senior Backend Engineer position.")
INTRO = ("Hi James, this is Maria Gonzalez. I interviewed for the Senior Backend Engineer position on the 18th; "
         "we talked about the 2 a.m. ledger outage I debugged with a replay tool. I'm still very interested.")
BY_QUESTION = {
    "migration": "I led the migration of our billing system to AWS, um, which reduced infrastructure costs by 30%, "
                 "and I managed a team of 8 engineers.",
    "gap": "In 2020 I was caring for a parent, and I completed online courses in data engineering.",
    "short_job": "DataWorks was acquired and the team was dissolved, and I wanted to return to backend development.",
    "kubernetes": "I deployed services on Kubernetes in production at Acme and earned the CKA certification in 2022.",
    "kafka": "I built event pipelines with RabbitMQ at Acme and completed the Confluent Kafka developer course.",
}
CLOSING = "Is there anything else you'd like to know about my background? When do you expect to make a decision?"
MESSAGE = ("Please tell James that Maria Gonzalez called about the Senior Backend Engineer position; "
           "my number is 555-014-2277. Thank you.")


def reply_to(prompt) -> str:
    """What a well-prepared Maria says to the prompt the call is waiting on."""
    if prompt.kind.startswith("reception"):
        return GREETING
    if prompt.kind == "intro":
        return INTRO
    if prompt.kind in ("question", "probe"):
        return BY_QUESTION.get(prompt.question_id, "I'd be glad to tell you more about that.")
    if prompt.kind == "closing":
        return CLOSING
    return MESSAGE


async def start_call(pilot, outcome: str, mode: str = "keyboard", questions: int = 4) -> None:
    from textual.widgets import Select

    screen = pilot.app.screen
    assert type(screen).__name__ == "PreCallScreen"
    screen.query_one("#outcome", Select).value = outcome
    screen.query_one("#mode", Select).value = mode
    screen.query_one("#questions", Select).value = questions
    await pilot.press("f5")
    await settle(pilot)
    assert type(pilot.app.screen).__name__ == "CallScreen"


async def answer(pilot, text: str) -> None:
    from tui.ui.answer_box import AnswerBox

    box = pilot.app.screen.query_one(AnswerBox)
    box.insert(text)
    await pilot.press("enter")
    await settle(pilot)


async def answer_until_over(pilot, limit: int = 14) -> int:
    """Answer each prompt as it comes (the interviewer's questions come in a seeded order)."""
    used = 0
    while type(pilot.app.screen).__name__ == "CallScreen" and used < limit:
        flow = pilot.app.screen.flow
        text = reply_to(flow.prompt)
        if flow.prompt.kind == "closing" and any(e.text == CLOSING for e in flow.answers):
            text = "Thank you so much for your time, James. Goodbye."
        await answer(pilot, text)
        used += 1
    await settle(pilot)
    return used


def store_rows(data_dir: Path):
    from tui.store import Store

    with Store(data_dir / "history.sqlite3") as store:
        return [(r, store.turns(r.id)) for r in store.rehearsals()]


async def test_whole_typed_rehearsal_available(data_dir, sample_prep_path):
    speaker = ScriptedSpeaker()
    app = make(str(sample_prep_path), speaker=speaker)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_call(pilot, "available")
        call = app.screen
        # The first answer is really typed, key by key, into the focused answer box.
        first = "Hello, this is Maria Gonzalez for James O'Connor about my interview."
        await pilot.press(*[c if c != " " else "space" for c in first])
        assert call.query_one("#answer").text == first
        await pilot.press("enter")
        await settle(pilot)
        assert call.query_one("#answer").text == ""
        assert "filler" in str(call.query_one("#verdict").render())
        used = await answer_until_over(pilot)
        assert type(app.screen).__name__ == "FeedbackScreen", f"call still going after {used} answers"
        feedback = app.screen
        summary = str(feedback.query_one("#summary").render())
        assert "Score" in summary and "first scored call at this prep" in summary
        assert feedback.query(".retry"), "question turns offer a retry button"

    [(record, turns)] = store_rows(data_dir)
    assert record.status == "finished" and record.outcome == "available" and record.mode == "keyboard"
    assert record.score is not None and record.score == record.report["score"]
    assert record.prep_path == str(sample_prep_path.resolve())
    candidate = [t for t in turns if t.speaker == "candidate"]
    assert candidate[0].text == first
    assert {t.question_id for t in candidate if t.phase == "questions"} >= {"migration", "gap"}
    migration = next(t for t in candidate if t.question_id == "migration")
    assert all(p["status"] == "covered" for p in migration.check["points"])
    # Everything the other side said went through the speaker, in order, after the ring.
    said = [text for text, _ in speaker.spoken]
    others = [t.text for t in turns if t.speaker in ("receptionist", "interviewer")]
    assert said == others
    assert speaker.cues == ["ring"]


async def test_voicemail_branch(data_dir, sample_prep_path):
    speaker = ScriptedSpeaker()
    app = make(str(sample_prep_path), speaker=speaker)
    message = ("Hi James, this is Maria Gonzalez, 555-014-2277, calling about the Senior Backend Engineer "
               "position I interviewed for on November 18th. I'm still very interested. Please call me back "
               "at 555-014-2277. Again, Maria Gonzalez. Thank you.")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_call(pilot, "voicemail")
        await answer(pilot, GREETING)
        assert "Voicemail" in str(app.screen.query_one("#phase").render())
        assert "beep" in app.screen.query_one("#transcript").lines[-1]
        await answer(pilot, message)
        await settle(pilot)
        assert type(app.screen).__name__ == "FeedbackScreen"
        phases = str(app.screen.query_one("#phases").render())
        assert "Voicemail" in phases
    [(record, turns)] = store_rows(data_dir)
    assert record.outcome == "voicemail" and record.status == "finished"
    assert [p["phase"] for p in record.report["phases"]] == ["reception", "voicemail"]
    assert turns[-2].speaker == "candidate" and turns[-2].text == message
    assert speaker.cues == ["ring", "beep"]


def blocked_prep(tmp_path: Path, sample_prep_path: Path) -> Path:
    text = sample_prep_path.read_text(encoding="utf-8")
    text = text.replace("asked_not_to_call = false", "asked_not_to_call = true\nasked_by = \"posting\"")
    text = text.replace('resume = "sample_resume.json"', "")
    path = tmp_path / "blocked.toml"
    path.write_text(text, encoding="utf-8")
    return path


async def test_rule_one_blocks_the_call_and_saves_the_email(data_dir, tmp_path, sample_prep_path):
    from tui.flow.drafts import draft
    from tui.prep import load_prep

    path = blocked_prep(tmp_path, sample_prep_path)
    app = make(str(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        precall = app.screen
        assert precall.query_one("#start").disabled
        assert "asked not to call" in str(precall.query_one("#rules").render())
        await pilot.press("f5")
        await settle(pilot)
        assert type(app.screen).__name__ == "DraftsScreen"
        drafts = app.screen
        expected = draft(load_prep(path), NOW.date())
        assert drafts.query_one("#email-text").text == expected.email
        drafts.query_one("#email-text").insert("P.S. Edited by hand.\n")
        await pilot.press("ctrl+s")  # asks where, the data folder by default
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        saved = drafts.saved["email"]
    assert saved.read_text(encoding="utf-8").startswith("P.S. Edited by hand.\n")
    assert expected.email.strip() in saved.read_text(encoding="utf-8")
    assert store_rows(data_dir) == []  # no call was recorded


async def test_edit_and_save_prep_keeps_comments(data_dir, sample_prep_path):
    from tui import paths
    from tui.prep import load_prep

    path = paths.preps_dir() / "northwind.toml"
    shutil.copyfile(sample_prep_path, path)
    original = path.read_text(encoding="utf-8")
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert type(editor).__name__ == "PrepScreen"
        # A bad e-mail shows its problem under the field, with its line number.
        editor.query_one("#f-candidate-email").value = "not-an-email"
        editor.query_one("#f-candidate-name").value = "Maria G. Gonzalez"
        editor.query_one("#f-recap-memory_hook").value = "the 2 a.m. outage replay tool"
        editor.query_one("#f-company-facts").text = "Fact one\nFact two"
        await pilot.pause(0.6)
        error = editor.query_one("#e-candidate-email")
        assert error.display and "line 10" not in str(error.render())
        assert "does not look like an e-mail address" in str(error.render())
        editor.query_one("#f-candidate-email").value = "maria@example.com"
        await pilot.press("ctrl+n")
        await settle(pilot)
        card = editor.cards[-1]
        editor.query_one(f"#a{card.uid}-id").value = "why_us"
        editor.query_one(f"#a{card.uid}-prompt").value = "Why Northwind?"
        editor.query_one(f"#a{card.uid}-points").text = "! small merchants\nevent-driven ledger"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert editor.problems == []
        assert "saved" in str(editor.query_one("#file-bar").render())
    text = path.read_text(encoding="utf-8")
    for comment in comments:
        assert comment in text, f"comment lost: {comment}"
    prep = load_prep(path)
    assert prep.candidate.name == "Maria G. Gonzalez"
    assert prep.candidate.email == "maria@example.com"
    assert prep.company_facts == ("Fact one", "Fact two")
    assert prep.recap.memory_hook == "the 2 a.m. outage replay tool"
    why = prep.answer("why_us")
    assert why is not None and why.points[0].required and why.points[0].text == "small merchants"
    # Untouched lines are byte for byte what the user wrote.
    assert 'interviewer = "James O\'Connor"' in text and "decision_date = 2026-11-27" in text


async def test_editor_reports_a_missing_required_field(data_dir, tmp_path, sample_prep_path):
    path = tmp_path / "p.toml"
    shutil.copyfile(sample_prep_path, path)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        app.edit_prep(path)
        await settle(pilot)
        editor = app.screen
        editor.query_one("#f-application-company").value = ""
        problems = editor._validate()
        assert any("application.company" in p for p in problems)
        assert "required" in str(editor.query_one("#e-application-company").render())
        await pilot.press("escape")  # unsaved changes: asks first
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmModal"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is editor
    assert path.read_text(encoding="utf-8") == sample_prep_path.read_text(encoding="utf-8")


async def test_hanging_up_during_a_check_keeps_the_screen_alive_and_the_answer(data_dir, sample_prep_path):
    """F9 while an answer is still being checked (held here by another thread, as a slow check
    would hold it): the screen answers at once, the answer is kept, the call is hung up."""
    import threading

    app = make(str(sample_prep_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_call(pilot, "available", questions=2)
        call = app.screen
        held, release = threading.Event(), threading.Event()

        def slow_check() -> None:
            with call._rehearsal_lock:
                held.set()
                release.wait(60)

        holder = threading.Thread(target=slow_check)
        holder.start()
        held.wait(5)
        from tui.ui.answer_box import AnswerBox

        box_answer = reply_to(call.flow.prompt)
        call.query_one(AnswerBox).insert(box_answer)
        await pilot.press("enter")  # queued behind the check in progress
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        assert not release.is_set() and app.screen is call  # the UI thread did not wait for the check
        assert "hanging up" in str(call.query_one("#state").render())
        release.set()
        holder.join()
        await settle(pilot)
        assert type(app.screen).__name__ == "FeedbackScreen"
    [(record, turns)] = store_rows(data_dir)
    assert record.status == "hung_up"
    assert box_answer in [t.text for t in turns if t.speaker == "candidate"]  # said before hanging up: kept


async def test_a_hang_up_that_cannot_be_recorded_ends_the_app_with_the_error(data_dir, sample_prep_path, monkeypatch):
    """A full disk while F9 records the call: the app ends with the error (as a check that
    cannot be stored does), never a screen stuck on "hanging up…"."""
    from textual.worker import WorkerFailed

    from tui.session import Rehearsal
    from tui.store import StoreError

    def full_disk(self):
        raise StoreError("history.sqlite3: database or disk is full")

    monkeypatch.setattr(Rehearsal, "hang_up", full_disk)
    app = make(str(sample_prep_path))
    with pytest.raises(WorkerFailed, match="disk is full"):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await start_call(pilot, "available", questions=2)
            await pilot.press("f9")
            await settle(pilot)
    assert app.return_code == 1


async def test_hang_up_then_retry_a_question_as_a_drill(data_dir, sample_prep_path):
    app = make(str(sample_prep_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_call(pilot, "available", questions=2)
        for _ in range(3):
            await answer(pilot, reply_to(app.screen.flow.prompt))
        await pilot.press("f9")  # hang up, even with the answer box focused
        await settle(pilot)
        feedback = app.screen
        assert type(feedback).__name__ == "FeedbackScreen"
        first = feedback.questions()[0][0]
        assert first in BY_QUESTION and len(feedback.questions()) == 1  # only answered questions
        await pilot.press("r")
        await settle(pilot)
        if type(app.screen).__name__ == "PickModal":
            await pilot.press("enter")
            await settle(pilot)
        call = app.screen
        assert type(call).__name__ == "CallScreen"
        assert call.flow.start_at_questions and call.flow.phase.value == "questions"
        assert call.flow.prompt.question_id == first
        assert call.flow.questions[0].text in str(call.query_one("#caption").render())
        await answer(pilot, BY_QUESTION[first])
        await settle(pilot)
        assert type(app.screen).__name__ == "FeedbackScreen"
        assert app.screen.rehearsal_id != feedback.rehearsal_id
    rows = store_rows(data_dir)
    assert [r.status for r, _ in rows] == ["finished", "hung_up"]
    drill, turns = rows[0]
    assert [t.speaker for t in turns] == ["interviewer", "candidate", "interviewer"]
    assert turns[1].question_id == first
    assert [p["phase"] for p in drill.report["phases"]] == []  # a drill has no reception or closing
    assert drill.report["questions"][0]["score"] == 1.0
    assert rows[1][0].score <= 50  # a hung-up call is capped


async def test_history_lists_rehearsals_and_opens_feedback(data_dir, sample_prep_path):
    from textual.widgets import DataTable, Sparkline

    app = make(str(sample_prep_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(2):
            await start_call(pilot, "message")
            await answer_until_over(pilot)
            assert type(app.screen).__name__ == "FeedbackScreen"
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        history = app.screen
        assert type(history).__name__ == "HistoryScreen"
        table = history.query_one("#rehearsals", DataTable)
        assert table.row_count == 2
        sparkline = history.query_one(Sparkline)
        assert list(sparkline.data) == [r.score for r in reversed(history.records)]
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "FeedbackScreen"
        assert app.screen.rehearsal_id == history.records[0].id
        summary = str(app.screen.query_one("#summary").render())
        assert "since the previous call at this prep where you left a message" in summary


async def test_home_new_duplicate_delete(data_dir):
    from tui import paths

    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert home.query_one("#empty").display and "No preps yet" in str(home.query_one("#empty").render())
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"acme", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "PrepScreen"  # a new prep opens in the editor
        await pilot.press("escape")
        await settle(pilot)
        assert (paths.preps_dir() / "acme.toml").is_file()
        assert [e.path.name for e in home.entries] == ["acme.toml"]
        await pilot.press("d")
        await settle(pilot)
        assert [e.path.name for e in home.entries] == ["acme-copy.toml", "acme.toml"]
        await pilot.press("delete")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmModal"
        await pilot.press("y")
        await settle(pilot)
        remaining = sorted(p.name for p in paths.preps_dir().glob("*.toml"))
        assert len(remaining) == 1 and remaining[0] in ("acme.toml", "acme-copy.toml")
        assert len(home.entries) == 1


async def test_open_missing_file_is_an_error_notification(data_dir, tmp_path):
    app = make()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press(*"nope.toml", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert any("no such file" in n.message for n in app._notifications)


async def test_call_keys_work_while_typing(data_dir, sample_prep_path):
    speaker = ScriptedSpeaker()
    app = make(str(sample_prep_path), speaker=speaker)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_call(pilot, "available")
        call = app.screen
        await pilot.press("h", "i")  # typing in the box...
        await pilot.press("f2")  # ...and F2 still asks to repeat
        await settle(pilot)
        assert call.query_one("#answer").text == "hi"
        assert speaker.spoken[-1][0] == speaker.spoken[0][0]
        await pilot.press("f4")
        assert call.muted and "muted" in str(call.query_one("#status").render())
        spoken_before = len(speaker.spoken)
        await pilot.press("f3")  # skip: the receptionist asks again, silently now
        await settle(pilot)
        assert len(speaker.spoken) == spoken_before
        assert call.rehearsal.flow.answers[-1].skipped


async def test_voice_mode_answers_from_the_listener(data_dir, sample_prep_path):
    listener = ScriptedListener([Heard(GREETING, duration=6.0)])
    app = make(str(sample_prep_path), listener=listener)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_call(pilot, "available", mode="voice")
        call = app.screen
        assert call.voice_mode and call.query_one("#mic").display
        await pilot.press("f5")
        await settle(pilot)
        assert call.rehearsal.flow.answers[0].text == GREETING
        assert call.rehearsal.flow.answers[0].duration == 6.0
    [(record, _)] = store_rows(data_dir)
    assert record.mode == "voice"


async def test_voice_call_renders_the_likely_replies_while_the_applicant_speaks(data_dir, sample_prep_path):
    speaker = ScriptedSpeaker()
    listener = ScriptedListener([Heard(GREETING, duration=6.0)])
    app = make(str(sample_prep_path), listener=listener, speaker=speaker)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_call(pilot, "available", mode="voice")
        flow = app.screen.rehearsal.flow
        guesses = flow.likely_replies()
        assert speaker.guesses == guesses and guesses  # asked for with the receptionist's hello
        said = len(speaker.spoken)
        await pilot.press("f5")
        await settle(pilot)
        assert speaker.spoken[said] in guesses  # her reply was rendered during the answer
        assert speaker.guesses == flow.likely_replies() != guesses  # and the next answer's replies


async def test_feedback_export_markdown(data_dir, sample_prep_path, tmp_path):
    app = make(str(sample_prep_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_call(pilot, "available", questions=1)
        await answer_until_over(pilot)
        feedback = app.screen
        assert type(feedback).__name__ == "FeedbackScreen"
        await pilot.press("x")
        await settle(pilot)
        target = tmp_path / "out" / "report.md"
        modal = app.screen
        modal.query_one("#text").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Follow-up call rehearsal #1: Northwind Payments")
    assert "## Transcript" in text and "Score:" in text


async def test_theme_choice_is_remembered(data_dir):
    import json

    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
    assert json.loads((data_dir / "ui.json").read_text())["theme"] == "nord"
    again = make()
    assert again.theme == "nord"


async def test_palette_has_screen_commands(data_dir, sample_prep_path):
    app = make(str(sample_prep_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        from tui.ui.commands import ScreenCommands

        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "History" in titles and "Theme" in titles
        hits = [hit async for hit in ScreenCommands(app.screen).search("start")]
        assert [hit.text for hit in hits] == ["Start the call"]


async def test_help_panel_toggles_with_f1(data_dir):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert app.screen.query("HelpPanel")
        await pilot.press("f1")
        await settle(pilot)
        assert not app.screen.query("HelpPanel")


def test_drill_flow_asks_one_question_then_says_goodbye(sample_prep_path):
    from tui.flow.call import CallFlow, prepared_questions
    from tui.prep import load_prep
    from tui.report import build_report

    prep = load_prep(sample_prep_path)
    question = [q for q in prepared_questions(prep) if q.id == "gap"]
    flow = CallFlow(prep, outcome="voicemail", questions=question, now=NOW, start_at_questions=True)
    step = flow.start()
    assert flow.outcome.value == "available"  # a drill always reaches the interviewer
    assert step.prompt.question_id == "gap" and [e.speaker for e in step.lines] == ["interviewer"]
    step = flow.answer("In 2020 I was caring for a parent and completed online courses in data engineering.")
    assert step.ended and flow.status == "finished"
    report = build_report(flow)
    assert report["phases"] == [] and report["score"] >= 90
