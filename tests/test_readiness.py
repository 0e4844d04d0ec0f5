"""The pre-call checklist: the four rules of the rubric, read from the prep."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

from tui.flow.readiness import BAD, OK, WARN, assess, clarifying
from tui.prep import load_prep

NOW = datetime(2026, 11, 30, 14, 0)


def test_the_sample_is_ready_but_for_two_questions_without_notes(sample_prep_path: Path) -> None:
    prep = load_prep(sample_prep_path)
    report = clarifying(prep, today=NOW.date())
    readiness = assess(prep, NOW, report.questions, report.warnings)
    assert [r.state for r in readiness.rules] == [OK, OK, WARN, OK]
    assert "2 likely questions without notes" in readiness.rules[2].detail
    assert readiness.gaps == ["You have no notes for: on-call practices",
                              "You have no notes for: the claim “Cut reconciliation time from 6 hours to 40 minutes”"]
    assert not readiness.blocked and readiness.timing.now_ok


def test_rule_one_and_missing_notes_are_flagged(sample_prep_path: Path) -> None:
    prep = load_prep(sample_prep_path)
    bare = dataclasses.replace(
        prep,
        application=dataclasses.replace(prep.application, asked_not_to_call=True, interviewer_pronunciation=""),
        recap=dataclasses.replace(prep.recap, memory_hook=""),
        questions_to_ask=("Thanks for your time.",),
    )
    readiness = assess(bare, NOW)
    assert readiness.blocked and readiness.rules[0].state == BAD
    assert "a memory hook" in readiness.rules[1].detail
    assert "when will a decision be made" in readiness.rules[2].detail
    assert "pronounce" in readiness.rules[3].detail


def test_an_unreadable_resume_is_shown_not_hidden(sample_prep_path: Path, tmp_path: Path) -> None:
    broken = tmp_path / "cv.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    prep = dataclasses.replace(load_prep(sample_prep_path), resume=broken)
    report = clarifying(prep, today=NOW.date())
    readiness = assess(prep, NOW, report.questions, report.warnings)
    [resume] = [item for item in readiness.items if item.label == "Resume"]
    assert resume.state == BAD and "cv.pdf" in resume.detail
