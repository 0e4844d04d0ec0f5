"""When to call (rule 2's timing advice) and the rule-1 drafts."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tui.flow.drafts import draft
from tui.flow.timing import add_business_days, advise, next_good_slot, slot_problem
from tui.prep import load_prep


@pytest.fixture
def prep(sample_prep_path: Path):
    return load_prep(sample_prep_path)


@pytest.mark.parametrize(
    "moment, problem",
    [
        (datetime(2026, 11, 30, 9, 30), "Monday mornings"),  # Monday
        (datetime(2026, 11, 27, 14, 0), "Friday afternoons"),  # Friday
        (datetime(2026, 12, 1, 11, 30), "lunch"),
        (datetime(2026, 12, 1, 18, 0), "office hours"),
        (datetime(2026, 11, 28, 10, 0), "weekend"),
        (datetime(2026, 12, 1, 10, 0), ""),  # Tuesday 10:00 is fine
    ],
)
def test_bad_moments(moment: datetime, problem: str) -> None:
    assert problem in slot_problem(moment) if problem else slot_problem(moment) == ""


def test_business_days_skip_weekends() -> None:
    assert add_business_days(date(2026, 11, 18), 5) == date(2026, 11, 25)  # Wed -> next Wed
    assert add_business_days(date(2026, 11, 20), 1) == date(2026, 11, 23)  # Fri -> Mon


def test_after_the_decision_date(prep) -> None:
    advice = advise(prep, datetime(2026, 11, 20, 10, 0))
    assert advice.earliest == date(2026, 11, 30) and not advice.now_ok  # the first business day after Fri 27
    assert "too early" in advice.now_reason
    # The next good slot skips the weekend and Monday morning.
    assert advice.next_slot == datetime(2026, 11, 30, 13, 0)


def test_without_a_decision_date_five_to_seven_business_days(prep) -> None:
    no_decision = dataclasses.replace(prep, application=dataclasses.replace(prep.application, decision_date=None))
    advice = advise(no_decision, datetime(2026, 11, 26, 10, 0))
    assert (advice.earliest, advice.latest) == (date(2026, 11, 25), date(2026, 11, 27))
    assert advice.now_ok
    assert "5-7 business days" in advice.summary()


def test_next_good_slot_is_never_a_bad_moment() -> None:
    start = datetime(2026, 11, 27, 16, 47)
    for hours in range(0, 24 * 7, 5):
        slot = next_good_slot(start.replace(hour=0) + timedelta(hours=hours))
        assert slot_problem(slot) == ""


def test_drafts_use_the_notes(prep) -> None:
    drafts = draft(prep, date(2026, 11, 27))
    assert drafts.email.startswith("Subject: Following up on the Senior Backend Engineer interview")
    assert "Wednesday, November 18" in drafts.email
    assert "we talked about the 2 a.m. ledger outage" in drafts.email
    assert "Northwind processes card payments" in drafts.email  # a proper noun keeps its capital
    assert "November 27, 2026" in drafts.letter and "Engineering Manager" in drafts.letter
    minimal = dataclasses.replace(prep, company_facts=(), recap=dataclasses.replace(prep.recap, memory_hook="", topics=()),
                                  application=dataclasses.replace(prep.application, interview_date=None))
    text = draft(minimal, date(2026, 11, 27)).email
    assert "{" not in text and "our recent interview" in text and "  " not in text


# -- the bundled sample's dates move so that it can be called --------------------------------
def test_the_sample_is_never_too_early_to_call(sample_prep_path: Path):
    from tui.library import load_for_today

    for offset in range(21):
        today = date(2027, 1, 4) + timedelta(days=offset)
        prep = load_for_today(sample_prep_path, today)
        app = prep.application
        assert app.interview_date.weekday() < 5 and app.decision_date.weekday() < 5
        assert app.interview_date < app.decision_date < today
        for hour in (9, 10, 14, 16):
            advice = advise(prep, datetime.combine(today, datetime.min.time()).replace(hour=hour))
            assert "too early" not in advice.now_reason
            assert advice.earliest <= today <= advice.latest
            # Now is good unless the moment is (weekend, Monday morning, Friday afternoon, lunch).
            assert advice.now_ok == (slot_problem(datetime.combine(today, datetime.min.time()).replace(hour=hour)) == "")


def test_rehearse_on_the_sample_uses_the_moved_dates(sample_prep_path: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """On 20 Nov 2026 the file's decision date (27 Nov) is a week away; the moved one has passed,
    so the interviewer names a day three working days from then, as in the app."""
    from tui import cli

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 11, 20, 10, 0)

    monkeypatch.setattr(cli, "datetime", Frozen)
    monkeypatch.setenv("FOLLOWUP_DATA_DIR", str(tmp_path / "data"))
    answers = tmp_path / "answers.txt"
    asks = "Is there anything else you'd like to know? When do you expect to make a decision?\n"
    answers.write_text("Hello, this is Maria Gonzalez. Could I speak with James O'Connor please?\n"
                       "Hi James, this is Maria Gonzalez; I interviewed for the Senior Backend Engineer position.\n"
                       + asks * 6, encoding="utf-8")  # whatever is asked before the closing
    code = cli.main(["rehearse", str(sample_prep_path), "--answers", str(answers), "--outcome", "available",
                     "--questions", "1", "--seed", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "November 27" not in out and "November 25" in out, out[-1500:]
