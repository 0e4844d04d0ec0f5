"""Asks judged as asks: key points the applicant must ask, the closing phase and the call
flow share one mechanism (own fixtures, no ../shared)."""

from __future__ import annotations

import pytest

from tui.checker import check_answer
from tui.checker import guards
from tui.checker.asks import ANYTHING_ELSE, DECISION, OTHER, asks_in, note_ask, note_asks
from tui.checker.phases import closing_asks


@pytest.mark.parametrize("note, kind", [
    ("ask whether she needs anything else from me", ANYTHING_ELSE),
    ("Q: anything more they'd want to know about me?", ANYTHING_ELSE),
    ("close: any other info the manager needs from me?", ANYTHING_ELSE),
    ("ask when the committee will decide", DECISION),
    ("end - hiring timeline?", DECISION),
    ("how soon will they know?", DECISION),
    ("ask about parking for night staff", OTHER),
    ("what does a typical week on the ward look like?", OTHER),
    ("asked to lead the safety committee", ""),
    ("ran the night shift for two years", ""),
    ("next steps: train two apprentices", ""),
    ("close 10 -> 6 days", ""),  # the month-end close, not a closing question
    ("end of shift handover notes", ""),
    ("started at the depot Jan 2020?", ""),  # a doubt, not a question to ask
    ("q - shifts on weekends?", OTHER),
])
def test_which_points_are_asks(note: str, kind: str) -> None:
    assert note_ask(note) == kind


@pytest.mark.parametrize("answer", [
    "Before we finish, is there anything else you'd like to know about my time at the depot?",
    "is there anything more i can tell you about my certifications",
    "um could i clarify anything about my experience for you",
    "Do you have any other questions for me?",
    "what else would you need from me",
])
def test_the_offer_in_any_wording(answer: str) -> None:
    [point] = check_answer(answer, ["ask if there's anything else they want to know about me"]).points
    assert point.status == "covered" and point.ask == ANYTHING_ELSE
    assert point.evidence and point.evidence[0].answer_words in answer.lower()


@pytest.mark.parametrize("answer", [
    "Is there anything else I should know about the depot?",
    "anything else i need to know before the first shift",
    "Do you have any other information I should read before Monday?",
    "I think that covers everything about me.",
])
def test_asking_for_information_is_not_offering_it(answer: str) -> None:
    [point] = check_answer(answer, ["anything else u want to know abt me?"]).points
    assert point.status != "covered"
    assert guards.NOT_ASKED in point.guards and not point.rescuable


@pytest.mark.parametrize("answer", [
    "When do you think you'll settle on who gets the job? I mean when you'd decide.",
    "do you have a rough time frame for when you'll pick someone",
    "what's the timeline on your end",
    "How long does the process usually take from here?",
    "when could i expect to hear back from you",
])
def test_the_decision_ask_in_any_wording(answer: str) -> None:
    [point] = check_answer(answer, ["ask when they'll make the decision"]).points
    assert point.status == "covered", answer


def test_a_question_about_something_else_is_not_the_decision_ask() -> None:
    [point] = check_answer("when would the new person start on the floor", ["end: decision date?"]).points
    assert point.status == "missed" and point.note.startswith("not asked:")


def test_another_ask_is_covered_only_when_asked_as_a_question() -> None:
    point = "ask about the on-call rota for weekends"
    asked = check_answer("How does the on-call rota work for weekends?", [point]).points[0]
    assert asked.status == "covered" and asked.ask == OTHER
    spoken = check_answer("i was wondering how the on call rota works on weekends", [point]).points[0]
    assert spoken.status == "covered"
    stated = check_answer("I did the on-call rota for weekends at my last job.", [point]).points[0]
    assert stated.status != "covered" and guards.NOT_ASKED in stated.guards


def test_closing_phase_and_notes_use_the_same_asks() -> None:
    assert closing_asks("Is there anything else I should know about the store?") == set()
    assert closing_asks("anything else you'd like to know? and when will you decide?") == {ANYTHING_ELSE, DECISION}
    found = asks_in("So, when will you make a decision?")
    assert found[DECISION].words == "when will you make a decision"
    assert note_asks("Ask if they need anything else from me; decision date") == {ANYTHING_ELSE, DECISION}
    assert note_asks("bring the parking pass") == set()
    assert note_asks("anything else they'd like to know about me?") == {ANYTHING_ELSE}


def test_asks_on_bad_and_long_input() -> None:
    assert asks_in("") == {}
    assert note_ask("") == ""
    long = "anything else " * 3000 + "i should know"
    assert ANYTHING_ELSE not in asks_in(long)  # linear: no runaway backtracking
