"""The questions the interviewer asks in a call: the prep's prepared answers mixed with
the clarifying questions found in the resume and the interview recap, most likely first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tui.flow.call import CallQuestion
from tui.prep.model import Prep


@dataclass
class CallQuestions:
    questions: list[CallQuestion]
    warnings: list[str] = field(default_factory=list)  # e.g. the resume could not be read


def plan_questions(prep: Prep, seed: int = 0, today: date | None = None) -> CallQuestions:
    from tui.resume.questions import question_report

    report = question_report(prep, seed=seed, today=today)
    questions = []
    for found in report.questions:
        prepared = prep.answer(found.answer_id) if found.answer_id else None
        questions.append(CallQuestion(
            id=found.answer_id or found.id,
            text=found.text,
            points=prepared.points if prepared else (),
            kind=found.kind,
            topic=found.topic,
        ))
    return CallQuestions(questions, report.warnings)


def call_questions(prep: Prep, seed: int = 0, today: date | None = None) -> list[CallQuestion]:
    return plan_questions(prep, seed, today).questions
