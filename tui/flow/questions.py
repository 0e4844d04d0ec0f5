"""The questions the interviewer asks in a call: the prep's own prepared answers, mixed
with the clarifying questions found in the resume and the interview recap."""

from __future__ import annotations

from datetime import date

from tui.flow.call import CallQuestion, prepared_questions
from tui.prep.model import Prep


def call_questions(prep: Prep, seed: int = 0, today: date | None = None) -> list[CallQuestion]:
    return prepared_questions(prep)
