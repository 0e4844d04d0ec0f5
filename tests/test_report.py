"""The report: score, phase checks, the three improvements, Markdown."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tui.flow.call import CallFlow
from tui.prep import load_prep
from tui.report import advice, build_report, outcome_shown, render_markdown

NOW = datetime(2026, 12, 1, 10, 0)


@pytest.fixture
def prep(sample_prep_path: Path):
    return load_prep(sample_prep_path)


def play(prep, answers: list[str], **kwargs) -> CallFlow:
    flow = CallFlow(prep, now=NOW, seed=5, outcome="available", max_questions=2, **kwargs)
    flow.start()
    for text in answers:
        if flow.ended:
            break
        flow.answer(text)
    return flow


GOOD = [
    "Hello, Maria Gonzalez here; may I speak with James O'Connor? It's about my interview.",
    "Hi James, it's Maria Gonzalez. I interviewed for the Senior Backend Engineer position on the 18th; "
    "we talked about the 2 a.m. ledger outage I debugged with a replay tool. I'm still very interested.",
    "I led the migration of the billing system to AWS, reduced infrastructure costs by 30% and managed a team of 8 engineers.",
    "In 2020 I was caring for a parent and completed online courses in data engineering.",
    "Is there anything else you'd like to know about my background? When do you expect to make a decision?",
    "Thank you, goodbye.",
]
WEAK = [
    "Hi, um, is Jim there?",
    "Jim. Please.",
    "It's Maria.",
    "Um, about the job, like.",
    "Hi, it's Maria, um, about the analyst job, you know.",
    "Um, I did some cloud stuff, like, you know, um, basically.",
    "Um, I don't know.",
    "No.",
    "Bye.",
]


def test_a_good_call_scores_high_with_nothing_to_fix(prep) -> None:
    report = build_report(play(prep, GOOD))
    assert report["status"] == "finished"
    assert report["score"] >= 90
    assert all(item["ok"] for phase in report["phases"] for item in phase["items"]), report["phases"]
    assert [p["phase"] for p in report["phases"]] == ["reception", "intro", "closing"]
    assert len(report["questions"]) == 2


def test_a_weak_call_scores_low_and_says_what_to_fix(prep) -> None:
    report = build_report(play(prep, WEAK))
    assert report["score"] < 50
    assert len(report["improvements"]) == 3
    joined = " ".join(report["improvements"])
    assert "Ask for James O'Connor by name" in joined
    assert report["fluency"]["fillers"]["um"] >= 5
    assert report["fluency"]["filler_rate"] > 0.1


def test_hanging_up_caps_the_score(prep) -> None:
    flow = play(prep, GOOD[:3])
    flow.hang_up()
    report = build_report(flow)
    assert report["status"] == "hung_up" and report["score"] <= 50
    assert report["improvements"][0].startswith("Stay on the call to the end")
    closing = next(p for p in report["phases"] if p["phase"] == "closing")
    assert not any(item["ok"] for item in closing["items"])  # the closing never happened


def test_advice_turns_labels_into_instructions() -> None:
    assert advice({"label": "thanked them", "ok": False}) == "Thank them."
    assert advice({"label": "phone number said twice", "ok": False, "evidence": "said 1 time"}) == (
        "Say your phone number twice, slowly (said 1 time).")
    assert advice({"label": "45 seconds or less", "ok": False, "evidence": "52 s"}) == "Keep it to 45 seconds or less (52 s)."


def test_markdown_has_checks_and_transcript(prep) -> None:
    flow = play(prep, GOOD)
    report = build_report(flow)
    record = {"id": 3, "company": "Northwind Payments", "position": "Senior Backend Engineer", "started_at": "2026-12-01",
              "persona": "friendly", "outcome": "available", "mode": "keyboard", "status": "finished"}
    turns = [{"speaker": e.speaker, "text": e.text, "check": e.check.to_dict() if e.check else None}
             for e in flow.transcript if not e.cue]
    text = render_markdown(report, record, turns)
    assert text.startswith("# Follow-up call rehearsal #3: Northwind Payments, Senior Backend Engineer")
    assert f"**Score: {report['score']}/100**" in text
    assert "- [x] asked for James O'Connor by name" in text
    assert "covered (required): Maria Gonzalez" in text
    assert "**Candidate:** Thank you, goodbye." in text


def test_a_message_left_with_the_receptionist_is_checked_as_a_message(prep) -> None:
    flow = CallFlow(prep, now=NOW, seed=5, outcome="message")
    flow.start()
    flow.answer(GOOD[0])
    flow.answer("Please tell James that Maria Gonzalez called about the Senior Backend Engineer position; "
                "he can call me back at 555-014-2277.")
    report = build_report(flow)
    assert flow.ended and [p["phase"] for p in report["phases"]] == ["reception", "message"]
    assert all(item["ok"] for item in report["phases"][1]["items"])


@pytest.mark.parametrize("outcome, answers, shown", [
    ("voicemail", [], "voicemail (not reached)"),  # hung up while the receptionist asked
    ("voicemail", GOOD[:1], "voicemail"),
    ("available", GOOD[:3], "available"),
])
def test_an_outcome_the_call_never_reached_says_so(prep, outcome, answers, shown) -> None:
    flow = CallFlow(prep, now=NOW, seed=5, outcome=outcome, max_questions=2)
    flow.start()
    for text in answers:
        flow.answer(text)
    flow.hang_up()
    turns = [{"speaker": e.speaker, "text": e.text, "phase": e.phase.value, "check": None}
             for e in flow.transcript if not e.cue]
    record = {"id": 1, "company": "Northwind", "position": "Engineer", "started_at": "2026-12-01",
              "persona": "friendly", "outcome": outcome, "mode": "keyboard", "status": "hung_up"}
    assert f"outcome: {shown};" in render_markdown(build_report(flow), record, turns)
    assert outcome_shown(outcome, None) == outcome  # turns unknown: the outcome as drawn


def test_spoken_answers_fillers_are_a_floor(prep) -> None:
    # Whisper writes few of the "um"s said: a spoken call's "none" must not read as none said.
    record = {"id": 1, "company": "Northwind Payments", "position": "Senior Backend Engineer",
              "started_at": "2026-12-01", "persona": "friendly", "outcome": "available", "mode": "voice",
              "status": "finished"}
    typed = build_report(play(prep, GOOD))
    assert "fillers: none\n" in render_markdown(typed, record, []) + "\n"
    flow = CallFlow(prep, now=NOW, seed=5, outcome="available", max_questions=2)
    flow.start()
    for text in GOOD:
        if not flow.ended:
            flow.answer(text, duration=len(text.split()) / 2.5, heard=True)
    spoken = build_report(flow)
    assert spoken["fluency"]["fillers_a_floor"]
    assert "fillers: none heard (the recogniser leaves most \"um\"s and \"uh\"s out" in render_markdown(spoken, record, [])
