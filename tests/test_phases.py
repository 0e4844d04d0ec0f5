"""Phase checklists on realistic turns for the sample prep (assets/samples/sample_prep.toml)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from tui.checker.phases import (
    Item,
    PhaseCheck,
    check_closing,
    check_intro,
    check_reception,
    check_voicemail,
    digit_runs,
    mentioned_days,
)
from tui.checker.text import tokenize
from tui.prep import load_prep
from tui.prep.model import Prep


@pytest.fixture
def prep(sample_prep_path: Path) -> Prep:
    return load_prep(sample_prep_path)


def items(check: PhaseCheck) -> dict[str, Item]:
    return {item.label: item for item in check.items}


GOOD_VOICEMAIL = (
    "Hi Mr. O'Connor, this is Maria Gonzalez, my number is 555-014-2277. I interviewed for the "
    "Senior Backend Engineer position on Wednesday, November 18th, and I'm still very interested. "
    "Could you call me back at five five five, zero one four, two two seven seven? "
    "Again, this is Maria Gonzalez. Thank you!"
)


# --- reception --------------------------------------------------------------------------


def test_reception_full_marks(prep: Prep) -> None:
    check = check_reception(
        ["Good morning, could I speak with James O'Connor, please?",
         "It's Maria Gonzalez. I'm following up on my interview for the backend role."],
        prep,
    )
    assert check.phase == "reception" and check.passed and check.count == check.total == 3
    assert items(check)["asked for James O'Connor by name"].evidence == "james o'connor"


def test_reception_title_and_last_name_is_enough(prep: Prep) -> None:
    check = check_reception(["Hi, may I talk to Mr. O'Connor? This is Maria Gonzalez."], prep)
    asked = items(check)["asked for James O'Connor by name"]
    assert asked.ok and asked.evidence == "mr. o'connor".replace(".", "")


def test_reception_first_names_only_are_not_enough(prep: Prep) -> None:
    check = check_reception(["Hey, is Jim around?", "Can I talk to James?", "It's Maria."], prep)
    got = items(check)
    assert not got["asked for James O'Connor by name"].ok
    assert got["asked for James O'Connor by name"].evidence.startswith("first name only: james")
    assert not got["gave your full name"].ok
    assert got["gave your full name"].evidence == "first name only: Maria"
    assert not check.passed and check.missing


def test_reception_last_name_without_title_is_flagged(prep: Prep) -> None:
    check = check_reception(["Is O'Connor there? Maria Gonzalez calling about my interview."], prep)
    asked = items(check)["asked for James O'Connor by name"]
    assert not asked.ok and asked.evidence.startswith("last name only")


def test_reception_recognition_style(prep: Prep) -> None:
    check = check_reception(["hello may i speak with james o connor", "my name is maria gonzales"], prep)
    got = items(check)
    assert got["asked for James O'Connor by name"].ok
    assert got["gave your full name"].ok
    assert not got["said why you are calling"].ok


# --- intro ------------------------------------------------------------------------------


def test_intro_full_marks(prep: Prep) -> None:
    check = check_intro(
        "Hi James, this is Maria Gonzalez. I interviewed for the Senior Backend Engineer position "
        "last Wednesday. We talked about the 2 a.m. ledger outage I debugged with a replay tool, and "
        "I'm still very interested in the role.",
        prep,
    )
    assert check.passed, check.to_dict()
    got = items(check)
    assert got["said when you interviewed"].evidence == "wednesday"
    assert "replay" in got["gave a memory hook"].evidence


@pytest.mark.parametrize("when", ["on the 18th", "on November 18", "on the eighteenth of November", "on Wednesday"])
def test_intro_interview_day_said_many_ways(prep: Prep, when: str) -> None:
    check = check_intro(f"This is Maria Gonzalez, I interviewed {when}.", prep)
    assert items(check)["said when you interviewed"].ok


def test_intro_wrong_or_vague_day(prep: Prep) -> None:
    wrong = items(check_intro("I interviewed last Tuesday, the 12th.", prep))["said when you interviewed"]
    assert not wrong.ok and "the interview was wednesday November 18" in wrong.evidence
    vague = items(check_intro("I interviewed last week.", prep))["said when you interviewed"]
    assert not vague.ok and vague.evidence.startswith("vague: 'last week'")
    assert "the 18th" in vague.evidence


def test_intro_weak_opening(prep: Prep) -> None:
    check = check_intro("hi its maria i interviewed last week for the engineer job", prep)
    got = items(check)
    assert check.count == 0
    assert got["named the position"].evidence == "said only: engineer"
    assert got["said your full name"].evidence == "first name only: Maria"


def test_intro_memory_hook_can_be_another_interview_detail(prep: Prep) -> None:
    check = check_intro("I enjoyed hearing that the team is moving the payments ledger to Kafka-based services.", prep)
    assert items(check)["gave a memory hook"].ok


def test_intro_without_a_date_in_the_prep_accepts_any_day(prep: Prep) -> None:
    undated = dataclasses.replace(prep, application=dataclasses.replace(prep.application, interview_date=None))
    assert items(check_intro("I interviewed on Monday.", undated))["said when you interviewed"].ok
    assert not items(check_intro("I interviewed recently.", undated))["said when you interviewed"].ok


# --- closing ----------------------------------------------------------------------------


def test_closing_full_marks(prep: Prep) -> None:
    check = check_closing(
        ["Is there anything else you'd like to know about my background?",
         "When do you expect to make a decision?",
         "Thank you so much for your time."],
        prep,
    )
    assert check.passed and check.count == 3
    assert items(check)["thanked them"].evidence == "thank you"


def test_closing_other_wordings(prep: Prep) -> None:
    check = check_closing(["do you have any other questions for me", "what are the next steps", "thanks a lot"], prep)
    assert check.passed


def test_closing_missing_items(prep: Prep) -> None:
    check = check_closing(["Okay, bye."], prep)
    assert check.count == 0 and len(check.missing) == 3


# --- voicemail --------------------------------------------------------------------------


def test_voicemail_full_marks(prep: Prep) -> None:
    check = check_voicemail(GOOD_VOICEMAIL, prep, duration=34.0)
    assert check.passed, check.to_dict()
    got = items(check)
    assert got["phone number said twice"].evidence == "said 2 times"
    assert got["45 seconds or less"].evidence == "34 s"


def test_voicemail_problems(prep: Prep) -> None:
    check = check_voicemail(
        "Hi, it's Maria. I really need this job and honestly I'm perfect for it. "
        "My number is 555-014-2277. Call me.",
        prep,
        duration=52.0,
    )
    got = items(check)
    assert not got["name at the start"].ok
    assert got["phone number said twice"].evidence.startswith("said 1 time")
    assert not got["45 seconds or less"].ok
    unwelcome = got["nothing desperate or presumptuous"]
    assert not unwelcome.ok
    assert '"i really need this job"' in unwelcome.evidence and "\"i'm perfect for\"" in unwelcome.evidence


def test_voicemail_length_by_words_without_duration(prep: Prep) -> None:
    long_message = GOOD_VOICEMAIL + " I wanted to add" + " that I really enjoyed it" * 15
    assert items(check_voicemail(GOOD_VOICEMAIL, prep))["110 words or less"].ok
    assert not items(check_voicemail(long_message, prep))["110 words or less"].ok


def test_voicemail_name_only_at_the_start(prep: Prep) -> None:
    message = ("This is Maria Gonzalez calling about the Senior Backend Engineer position. "
               "I interviewed on Wednesday and wanted to follow up. Please call me back when you have a moment, "
               "I would be glad to talk.")
    got = items(check_voicemail(message, prep))
    assert got["name at the start"].ok and not got["name again at the end"].ok


def test_voicemail_bad_input(prep: Prep) -> None:
    with pytest.raises(ValueError, match="duration"):
        check_voicemail("hello", prep, duration=-3)
    with pytest.raises(TypeError, match="expected text"):
        check_voicemail(None, prep)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expected text"):
        check_closing(["fine", 3], prep)  # type: ignore[list-item]


# --- building blocks --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("555-014-2277", "5550142277"),
        ("five five five oh one four two two seven seven", "5550142277"),
        ("five five five zero one four double two seven seven", "5550142277"),
        ("five fifty five, oh fourteen, twenty two seventy seven", "5550142277"),
    ],
)
def test_digit_runs(said: str, digits: str) -> None:
    assert digit_runs(tokenize(f"call me at {said} thanks")) == [digits]


def test_mentioned_days() -> None:
    weekdays, days, months = mentioned_days(tokenize("I came in last Tuesday, the 18th of November; we may meet 3 people"))
    assert weekdays == {"tuesday"} and days == {18} and months == {11}
    assert mentioned_days(tokenize("the 18 engineers")) == (set(), set(), set())


def test_phase_check_json(prep: Prep) -> None:
    check = check_closing(["Thanks!"], prep)
    data = json.loads(json.dumps(check.to_dict()))
    assert data["phase"] == "closing" and data["count"] == 1 and data["total"] == 3
    assert data["items"][2] == {"label": "thanked them", "ok": True, "evidence": "thanks"}
    assert check.summary() == "closing: 1/3"
    assert date(2026, 11, 18).weekday() == 2  # the sample's interview was a Wednesday


def test_message_with_the_receptionist(prep) -> None:
    from tui.checker.phases import check_message

    good = check_message("Could you tell James that Maria Gonzalez called about the Senior Backend Engineer "
                         "position? Please ask him to call me back at 555-014-2277.", prep)
    assert good.phase == "message" and good.passed, good
    bad = check_message("Just tell him Maria called, I really need this job.", prep)
    failed = {item.label for item in bad.items if not item.ok}
    assert failed == {"gave your full name", "left your phone number", "named the position",
                      "asked for a call back", "nothing desperate or presumptuous"}
