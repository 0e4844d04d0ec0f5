"""The call mixes the prep's prepared answers with the resume's and recap's questions."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from tui.flow.call import CallFlow
from tui.flow.questions import plan_questions
from tui.prep import load_prep

TODAY = date(2026, 11, 27)


def test_most_likely_first_with_the_linked_notes(sample_prep_path: Path) -> None:
    prep = load_prep(sample_prep_path)
    planned = plan_questions(prep, seed=0, today=TODAY)
    assert planned.warnings == []
    ids = [q.id for q in planned.questions]
    # Every prepared answer is asked about, once.
    assert {a.id for a in prep.answers} <= set(ids) and len(ids) == len(set(ids))
    first = planned.questions[0]
    assert first.id == "kafka" and first.points == prep.answer("kafka").points
    assert "Kafka" in first.text
    gap = next(q for q in planned.questions if q.id == "gap")
    assert gap.kind == "gap" and "2019" in gap.text  # phrased from the resume, not the prep
    unlinked = [q for q in planned.questions if prep.answer(q.id) is None]
    assert unlinked and all(q.points == () for q in unlinked)  # asked, but no notes to check against


def test_an_unreadable_resume_is_a_warning_not_a_failure(sample_prep_path: Path, tmp_path: Path) -> None:
    broken = tmp_path / "cv.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    prep = dataclasses.replace(load_prep(sample_prep_path), resume=broken)
    planned = plan_questions(prep, today=TODAY)
    assert len(planned.warnings) == 1 and "resume skipped" in planned.warnings[0]
    assert {a.id for a in prep.answers} <= {q.id for q in planned.questions}


def test_the_flow_asks_them_in_that_order(sample_prep_path: Path) -> None:
    prep = load_prep(sample_prep_path)
    planned = plan_questions(prep, today=TODAY)
    flow = CallFlow(prep, outcome="available", questions=planned.questions, max_questions=3)
    flow.start()
    flow.answer("Maria Gonzalez for James O'Connor, about my interview, please.")
    step = flow.answer("Hi James, Maria Gonzalez, about the Senior Backend Engineer position.")
    asked = []
    while step.prompt.kind == "question":
        asked.append(step.prompt.question_id)
        step = flow.answer("Let me think about that.")
    assert asked == [q.id for q in planned.questions[:3]]
