"""Rule 1: when asked not to call, draft a follow-up e-mail and a letter instead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tui.assets import read_text
from tui.flow.personas import fill
from tui.prep.model import Prep


@dataclass(frozen=True)
class Drafts:
    reason: str  # why no call is started
    email: str
    letter: str


def blocked_reason(prep: Prep) -> str:
    who = {"posting": "the job posting", "interviewer": prep.application.interviewer}.get(
        prep.application.asked_by, "the interviewer or the posting"
    )
    return (
        f"Rule 1: {who} asked applicants not to call. Don't phone: send this follow-up "
        "e-mail or letter instead."
    )


def _values(prep: Prep, today: date) -> dict[str, str]:
    app, recap = prep.application, prep.recap
    hook = recap.memory_hook.strip().rstrip(".") or f"we discussed the {app.position} role"
    fact = prep.company_facts[0].strip().rstrip(".") if prep.company_facts else ""
    topic = recap.topics[0] if recap.topics else ""
    when = f"{app.interview_date:%A, %B} {app.interview_date.day}" if app.interview_date else "our recent interview"
    return {
        "candidate": prep.candidate.name,
        "candidate_phone": prep.candidate.phone,
        "candidate_email": prep.candidate.email,
        "company": app.company,
        "position": app.position,
        "interviewer": app.interviewer,
        "interviewer_title": app.interviewer_title,
        "interviewer_salutation": app.interviewer or "Hiring Manager",
        "interview_date": when,
        "memory_hook": _mid_sentence(hook),
        "company_fact_clause": f", all the more since I learned that {_mid_sentence(fact)}" if fact else "",
        "topic_clause": f", for example about {topic}" if topic else "",
        "today": f"{today:%B} {today.day}, {today:%Y}",
    }


# Words that start a note with a capital only because they start it.
_COMMON_STARTS = {"the", "a", "an", "we", "our", "they", "their", "it", "its", "this", "that", "i", "you"}


def _mid_sentence(note: str) -> str:
    """A note written as a sentence, ready to sit mid-sentence ("We talked" -> "we talked")."""
    first = note.split(" ", 1)[0]
    if first.lower() in _COMMON_STARTS and first.lower() != "i":
        return first.lower() + note[len(first):]
    return note


def _fill_keeping_paragraphs(template: str, values: dict[str, str]) -> str:
    lines = [fill(line, values) if line.strip() else "" for line in template.splitlines()]
    text = "\n".join(lines).strip() + "\n"
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def draft(prep: Prep, today: date) -> Drafts:
    values = _values(prep, today)
    return Drafts(
        reason=blocked_reason(prep),
        email=_fill_keeping_paragraphs(read_text("templates", "email.txt"), values),
        letter=_fill_keeping_paragraphs(read_text("templates", "letter.txt"), values),
    )
