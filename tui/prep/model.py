"""What a prep file holds, as plain immutable data (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Candidate:
    name: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Application:
    company: str
    position: str
    interviewer: str
    interviewer_pronunciation: str = ""
    interviewer_title: str = ""
    interview_date: date | None = None
    decision_date: date | None = None
    asked_not_to_call: bool = False
    asked_by: str = ""  # "interviewer" or "posting" when asked_not_to_call
    phone: str = ""  # the company's number, for the record


@dataclass(frozen=True)
class Recap:
    """What happened in the interview, in the applicant's own notes."""

    said: tuple[str, ...] = ()  # what the interviewer said about the team/role
    asked: tuple[str, ...] = ()  # questions the interviewer asked
    stressed: tuple[str, ...] = ()  # what the interviewer stressed
    concerns: tuple[str, ...] = ()  # concerns the interviewer stated
    topics: tuple[str, ...] = ()  # topics discussed ("you mentioned X")
    memory_hook: str = ""  # the detail that reminds the interviewer of the applicant


@dataclass(frozen=True)
class KeyPoint:
    text: str
    required: bool = False


@dataclass(frozen=True)
class PreparedAnswer:
    id: str
    prompt: str  # the question as the interviewer might ask it
    points: tuple[KeyPoint, ...]
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prep:
    candidate: Candidate
    application: Application
    company_facts: tuple[str, ...] = ()
    recap: Recap = field(default_factory=Recap)
    answers: tuple[PreparedAnswer, ...] = ()
    questions_to_ask: tuple[str, ...] = ()
    resume: Path | None = None  # resolved against the prep file's folder
    path: Path | None = None  # where the prep was read from

    def answer(self, answer_id: str) -> PreparedAnswer | None:
        return next((a for a in self.answers if a.id == answer_id), None)

    @property
    def first_name(self) -> str:
        return self.candidate.name.split()[0] if self.candidate.name.split() else ""

    def vocabulary(self) -> list[str]:
        """The names a recognizer should expect in this call (voice mode's Whisper prompt):
        the people, the company and the position, which the applicant must say in full and
        Whisper cannot spell unaided ("senior Mac and engineer"). Not the answers' tags: in the
        prompt they came out where nobody said them ("eight engineers" heard as a tag);
        scripts/bench_speech.py measures both."""
        app = self.application
        return [t for t in (self.candidate.name, app.interviewer, app.company, app.position) if t]

    @property
    def interviewer_last_name(self) -> str:
        parts = self.application.interviewer.split()
        return parts[-1] if parts else ""
