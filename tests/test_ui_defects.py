"""Defects found after issue 10: each test here failed before its fix. They drive the real app
(Pilot or a headless run, real SQLite, real prep files, scripted speech)."""

from __future__ import annotations

import gc
import warnings

import pytest

from ui_helpers import make, settle


SIZE = (120, 36)


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


async def start_call(pilot, outcome: str = "available") -> None:
    from textual.widgets import Select

    screen = pilot.app.screen
    assert type(screen).__name__ == "PreCallScreen"
    await settle(pilot)
    screen.query_one("#outcome", Select).value = outcome
    await pilot.press("f5")
    await settle(pilot)
    assert type(pilot.app.screen).__name__ == "CallScreen"


def candidate_turns(rehearsal_id: int) -> list:
    from tui.store import Store

    store = Store()
    try:
        return [t for t in store.turns(rehearsal_id) if t.speaker == "candidate"]
    finally:
        store.close()


# -- the answer box has the command line's cap --------------------------------------------
async def test_an_answer_over_the_cap_is_refused_and_kept_in_the_box(data_dir, sample_prep_path):
    from tui.checker.limits import MAX_ANSWER_WORDS
    from tui.ui.answer_box import AnswerBox

    app = make(sample_prep_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start_call(pilot)
        call = app.screen
        box = call.query_one(AnswerBox)
        long_answer = "reliability " * (MAX_ANSWER_WORDS + 1)
        box.insert(long_answer)
        await pilot.press("enter")
        await settle(pilot)
        assert box.text == long_answer, "the typed text is kept, to shorten"
        [note] = [n for n in app._notifications if n.title == "Answer too long"]
        assert "5,001 words" in note.message and "5,000" in note.message
        assert candidate_turns(call.rehearsal.rehearsal_id) == [], "nothing was sent or stored"
        box.clear()
        box.insert("b." * 20_001)  # one long token: refused by characters
        await pilot.press("enter")
        await settle(pilot)
        assert any("40,002 characters" in n.message for n in app._notifications)
        box.clear()
        box.insert("Hello, this is Maria Gonzalez for James O'Connor.")
        await pilot.press("enter")
        await settle(pilot)
        assert box.text == ""
        assert [t.text for t in candidate_turns(call.rehearsal.rehearsal_id)] == [
            "Hello, this is Maria Gonzalez for James O'Connor."]


# -- answers are checked in a thread worker, in order, and nothing is lost on quitting -----
GREETING = ("Hello, this is Maria Gonzalez. Could I speak with James O'Connor please? It's about my interview "
            "for the Senior Backend Engineer position.")
INTRO = ("Hi James, this is Maria Gonzalez. I interviewed for the Senior Backend Engineer position on the 18th; "
         "we talked about the 2 a.m. ledger outage I debugged with a replay tool. I'm still very interested.")


@pytest.fixture
def slow_checker(monkeypatch):
    """The real checker, made slow (as under load) and recording the threads it ran on."""
    import threading
    import time

    import tui.flow.call

    real = tui.flow.call.check_answer
    threads: list[threading.Thread] = []

    def slow(*args, **kwargs):
        threads.append(threading.current_thread())
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(tui.flow.call, "check_answer", slow)
    return threads


async def test_two_quick_answers_are_checked_off_the_ui_thread_in_order(data_dir, sample_prep_path, slow_checker):
    import threading

    from tui.checker import AnswerCheck
    from tui.ui.answer_box import AnswerBox

    app = make(sample_prep_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        call = app.screen
        box = call.query_one(AnswerBox)
        box.insert(GREETING)
        await pilot.press("enter")
        assert box.text == "" and "checking" in str(call.query_one("#state").render())
        box.insert(INTRO)  # the second answer, before the first is checked
        await pilot.press("enter")
        await settle(pilot)
        assert slow_checker and threading.main_thread() not in slow_checker
        turns = candidate_turns(call.rehearsal.rehearsal_id)
        assert [(t.text, t.phase) for t in turns] == [(GREETING, "reception"), (INTRO, "intro")]
        stored = [AnswerCheck.from_dict(t.check).verdict() for t in turns]
        assert call.verdicts == stored
        lines = call.query_one("#transcript").lines
        mine = [i for i, line in enumerate(lines) if line.startswith("You: ")]
        assert [lines[i] for i in mine] == [f"You: {GREETING}", f"You: {INTRO}"]
        between = lines[mine[0] + 1:mine[1]]
        assert any(line.startswith("James O'Connor: ") for line in between), "the intro prompt comes before the intro"
        assert call.flow.phase.value == "questions"


async def test_quitting_while_an_answer_is_checked_keeps_it(data_dir, sample_prep_path, slow_checker):
    from tui.store import Store
    from tui.ui.answer_box import AnswerBox

    app = make(sample_prep_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        call = app.screen
        rehearsal_id = call.rehearsal.rehearsal_id
        call.query_one(AnswerBox).insert(GREETING)
        await pilot.press("enter")
        call.query_one(AnswerBox).insert(INTRO)
        await pilot.press("enter")
        await pilot.press("ctrl+q")  # the first answer is still being checked
        await pilot.pause()
    assert app.return_code == 0
    store = Store()
    record = store.rehearsal(rehearsal_id)
    turns = [t for t in store.turns(rehearsal_id) if t.speaker == "candidate"]
    store.close()
    assert [t.text for t in turns] == [GREETING, INTRO], "both answers given before quitting are kept"
    assert all(t.check for t in turns)
    assert record.status == "hung_up" and record.score is not None


# -- user text is never markup nor escapes, on any screen ----------------------------------
MARKUP = ["[/]", "[bold red]x", "[@click=app.quit]q[/]", "[$success]v[/]", "[B]z", "a\\[b]c"]
ESC = "\x1b]0;PWNED\x07"


def hostile_prep(sample_prep_path):
    """The sample with markup in every kind of user text and escapes (TOML-escaped) in some."""
    import json
    import shutil

    from tui import paths

    text = sample_prep_path.read_text(encoding="utf-8")
    for old, new in (("Northwind Payments", "Northwind [/] Pay"), ("Senior Backend Engineer", "Senior [bold red]x Eng"),
                     ("James O'Connor", "James O'Connor [@click=app.quit]q[/]"),
                     ("Engineering Manager, Payments Platform", "Head of [$success]v[/] \\u001b]0;PWNED\\u0007"),
                     ("Can you tell me more about the billing migration you led?",
                      "Can you tell me about the [B]z migration a\\\\[b]c?"),
                     ("led migration of billing system to AWS", "led migration [/] of billing to AWS"),
                     ("we talked about the 2 a.m. ledger outage", "we talked about the [bold red]x outage \\u001b[2J")):
        assert old in text
        text = text.replace(old, new)
    folder = paths.preps_dir()
    folder.mkdir(parents=True, exist_ok=True)
    resume = json.loads((sample_prep_path.parent / "sample_resume.json").read_text(encoding="utf-8"))
    for job in resume["work"]:
        job["name"] = job["name"].replace("DataWorks", "DataWorks [/]")
    (folder / "sample_resume.json").write_text(json.dumps(resume), encoding="utf-8")
    text = text.replace("DataWorks", "DataWorks [/]")
    path = folder / "hostile [b]prep[red].toml"
    path.write_text(text, encoding="utf-8")
    return path


def shown(screen) -> str:
    """Everything the screen's text widgets show (their rendered text, not their markup)."""
    from textual.widgets import DataTable, Static

    parts = [str(widget.render()) for widget in screen.query(Static)]
    for table in screen.query(DataTable):
        parts += [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
    return "\n".join(parts)


async def palette(pilot, query: str) -> list[str]:
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*query)
    await pilot.pause(0.4)
    await settle(pilot)
    prompts = [option.prompt.plain for option in pilot.app.screen.query_one(CommandList).options]
    await pilot.press("escape")
    await settle(pilot)
    return prompts


def assert_safe(text: str) -> None:
    assert "\x1b" not in text and "PWNED" not in text and "\x07" not in text


async def test_a_hostile_prep_is_shown_as_typed_everywhere(data_dir, sample_prep_path):
    from tui.ui.answer_box import AnswerBox

    path = hostile_prep(sample_prep_path)
    app = make()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.settings.remember(path)
        app.screen.refresh_preps(select=path)
        await settle(pilot)
        home = shown(app.screen)
        assert "Northwind [/] Pay — Senior [bold red]x Eng" in home and "hostile [b]prep[red].toml" in home
        assert "James O'Connor [@click=app.quit]q[/]" in home
        assert any("hostile [b]prep[red].toml" in p for p in await palette(pilot, "dup"))
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "PreCallScreen"
        precall = shown(app.screen)
        assert "Can you tell me about the [B]z migration a\\[b]c?" in precall
        assert "Northwind [/] Pay" in precall and "[bold red]x outage" in precall
        assert_safe(precall)
        await pilot.press("w")  # the drafts quote the prep
        await settle(pilot)
        drafts = app.screen.query_one("#email-text").text
        assert "James O'Connor [@click=app.quit]q[/]" in drafts
        assert_safe(drafts)
        await pilot.press("escape")
        await settle(pilot)
        await start_call(pilot)
        call = app.screen
        greeting = GREETING.replace("James O'Connor", "James O'Connor [@click=app.quit]q[/]")
        for text in (greeting, INTRO + " [/] [bold red]x " + ESC):
            call.query_one(AnswerBox).insert(text)
            await pilot.press("enter")
            await settle(pilot)
        during = shown(call)
        assert "Northwind [/] Pay · Senior [bold red]x Eng" in during
        assert "[bold red]x" in during and "James O'Connor [@click=app.quit]q[/]" in during
        assert "Head of [$success]v[/]" in during  # the interviewer's title under their name
        assert_safe(during)
        asked = call.flow.prompt.question if call.flow.prompt else ""
        await pilot.press("f9")
        await settle(pilot)
        assert type(app.screen).__name__ == "FeedbackScreen"
        feedback = shown(app.screen)
        assert "Northwind [/] Pay — Senior [bold red]x Eng" in feedback and "[bold red]x" in feedback
        assert_safe(feedback)
        if "[B]z" in asked:
            assert any("[B]z migration a\\[b]c?" in p for p in await palette(pilot, "retry"))
        assert any(p.startswith("Export report") for p in await palette(pilot, "export"))
        await pilot.press("h")
        await settle(pilot)
        assert type(app.screen).__name__ == "HistoryScreen"
        history = shown(app.screen)
        assert "Northwind [/] Pay — Senior [bold red]x Eng" in history
        assert_safe(history)
        assert any("Open feedback" in p for p in await palette(pilot, "open"))
    assert app.return_code in (None, 0)
    for note in app._notifications:
        assert_safe(note.message + note.title)


async def test_the_editor_shows_an_escaped_unknown_key_without_its_escape(data_dir, sample_prep_path):
    """A TOML-quoted key with an escape sequence: the editor names it, the terminal gets no escape."""
    from tui import paths

    folder = paths.preps_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "keys.toml"
    path.write_text('"\\u001b]0;PWNED\\u0007[/]" = 1\n' + sample_prep_path.read_text(encoding="utf-8"), encoding="utf-8")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        app.edit_prep(path)
        await settle(pilot)
        await pilot.pause(0.5)
        await settle(pilot)
        text = shown(app.screen)
        assert "⚠ [/]: unknown key" in text  # the escape sequence is dropped, the rest shown as typed
        assert_safe(text)
