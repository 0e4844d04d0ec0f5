"""What the pre-call screen checks: the four rules and the readiness list, as plain data.

Clarifying questions come from tui.resume when that module offers them; until then only
the prep's own prepared answers count as likely questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tui.flow.timing import TimingAdvice, advise
from tui.prep.model import Prep

OK, WARN, BAD = "ok", "warn", "bad"
MARK = {OK: "✓", WARN: "!", BAD: "✗"}


@dataclass(frozen=True)
class Check:
    label: str
    state: str  # OK | WARN | BAD
    detail: str = ""


@dataclass(frozen=True)
class Readiness:
    rules: list[Check]
    items: list[Check]
    timing: TimingAdvice
    blocked: bool
    gaps: list[str]  # "You have no notes for: ..." lines from the resume module


def clarifying(prep: Prep, seed: int = 0, today=None) -> list:
    """The clarifying questions from the resume and the recap ([] if they cannot be built:
    a bad resume must never block the pre-call screen)."""
    try:
        from tui.resume.questions import clarifying_questions

        return list(clarifying_questions(prep, seed=seed, today=today))
    except Exception:  # noqa: BLE001
        return []


def readiness_gaps(questions: list) -> list[str]:
    if not questions:
        return []
    from tui.resume.questions import readiness_gaps as gaps

    return list(gaps(questions))


def assess(prep: Prep, now: datetime, questions: list | None = None) -> Readiness:
    app, recap = prep.application, prep.recap
    timing = advise(prep, now)
    rules: list[Check] = []
    if app.asked_not_to_call:
        who = {"posting": "The job posting", "interviewer": app.interviewer}.get(app.asked_by, "Someone")
        rules.append(Check("Respect a \"please don't call\"", BAD,
                           f"{who} asked not to call: send the e-mail or letter instead (w)."))
    else:
        rules.append(Check("Respect a \"please don't call\"", OK, "Nobody asked you not to call."))
    rules.append(Check("Call at the right time", OK if timing.now_ok else WARN,
                       f"{timing.now_reason[:1].upper()}{timing.now_reason[1:]}. {timing.summary()}"))
    if app.interviewer and app.interviewer_pronunciation:
        rules.append(Check("Ask for the interviewer by name", OK,
                           f"{app.interviewer}, said \"{app.interviewer_pronunciation}\"."))
    else:
        rules.append(Check("Ask for the interviewer by name", WARN,
                           f"{app.interviewer}: add how to pronounce the name."))
    brief = bool(recap.memory_hook) and bool(prep.company_facts)
    rules.append(Check("Be brief: name, position, a memory hook, then listen", OK if brief else WARN,
                       "Memory hook and a company fact ready." if brief
                       else "Add a memory hook and a company fact to the prep."))

    items = [
        Check("Interviewer", OK if app.interviewer_pronunciation else WARN,
              app.interviewer + (f" (\"{app.interviewer_pronunciation}\")" if app.interviewer_pronunciation
                                 else " — pronunciation missing")),
        Check("Memory hook", OK if recap.memory_hook else BAD, recap.memory_hook or "missing: what will remind them of you?"),
        Check("Company facts", OK if prep.company_facts else WARN,
              f"{len(prep.company_facts)} ready" if prep.company_facts else "none yet"),
    ]
    for answer in prep.answers:
        items.append(Check(f"Notes: {answer.prompt}", OK, f"{len(answer.points)} key points"))
    gaps = readiness_gaps(questions or [])
    for gap in gaps:
        items.append(Check(gap, WARN))
    items.append(Check("Questions to ask", OK if prep.questions_to_ask else WARN,
                       f"{len(prep.questions_to_ask)} ready" if prep.questions_to_ask
                       else "add \"anything else?\" and \"when will you decide?\""))
    return Readiness(rules, items, timing, app.asked_not_to_call, gaps)
