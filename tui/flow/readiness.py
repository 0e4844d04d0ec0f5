"""Before the call: the four rules as a checklist with each one's state from the prep, the
readiness list (what to have at hand) and the timing advice. Plain data, no UI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tui.checker.asks import note_asks
from tui.flow.timing import TimingAdvice, advise
from tui.prep.model import Prep
from tui.wording import plural

OK, WARN, BAD = "ok", "warn", "bad"


@dataclass(frozen=True)
class Check:
    label: str
    state: str  # OK | WARN | BAD
    detail: str = ""


@dataclass(frozen=True)
class Readiness:
    rules: list[Check]  # the four rules, in order
    items: list[Check]  # what to have at hand
    timing: TimingAdvice
    blocked: bool  # rule 1: no call, write instead
    gaps: list[str]  # "You have no notes for: ..." lines


def clarifying(prep: Prep, seed: int = 0, today: date | None = None):
    """The clarifying questions from the resume and the recap (a QuestionReport). An
    unreadable resume only drops the resume's questions and becomes one of its warnings."""
    from tui.resume.questions import question_report

    return question_report(prep, seed=seed, today=today)


def assess(prep: Prep, now: datetime, questions: list | None = None, warnings: list[str] = ()) -> Readiness:
    app, recap = prep.application, prep.recap
    gaps: list[str] = []
    if questions:  # built off the UI thread; the first call (no questions) must stay cheap
        from tui.resume.questions import readiness_gaps

        gaps = list(readiness_gaps(questions))
    asks = set().union(*(note_asks(q) for q in prep.questions_to_ask)) if prep.questions_to_ask else set()
    unfilled = not_filled_in(prep)
    rules = [
        _rule_one(prep),
        _know_what_to_say(prep),
        _ready_to_answer_and_ask(prep, gaps, asks),
        _ask_by_name(prep),
    ]
    items = [Check("Not filled in yet", BAD, "still the template's " + ", ".join(unfilled) + ": edit the prep (e)")
             ] if unfilled else []
    items += [
        Check("Interviewer", OK if app.interviewer_pronunciation else WARN,
              app.interviewer + (f" (\"{app.interviewer_pronunciation}\")" if app.interviewer_pronunciation
                                 else ": add how to pronounce the name")),
        Check("Memory hook", OK if recap.memory_hook else BAD,
              recap.memory_hook or "missing: what will remind them of you?"),
        Check("Company facts", OK if prep.company_facts else WARN,
              f"{len(prep.company_facts)} ready" if prep.company_facts else "none yet"),
        Check("What the interviewer said", OK if recap.said or recap.stressed else WARN,
              plural(len(recap.said) + len(recap.stressed), "note") if recap.said or recap.stressed
              else "add what they said and stressed"),
    ]
    for answer in prep.answers:
        items.append(Check(f"Notes: {answer.prompt}", OK, plural(len(answer.points), "key point")))
    items += [Check(gap, WARN) for gap in gaps]
    items += _resume_checks(warnings)
    items.append(Check("Questions to ask", OK if {"anything_else", "decision"} <= asks else WARN,
                       f"{len(prep.questions_to_ask)} ready" if {"anything_else", "decision"} <= asks
                       else "add \"anything else you'd like to know?\" and \"when will you decide?\""))
    return Readiness(rules, items, advise(prep, now), app.asked_not_to_call, gaps)


MAX_RESUME_WARNINGS = 3


def _resume_checks(warnings) -> list[Check]:
    """An unreadable resume is bad; what looked odd in a readable one (an end before its
    start, a date left out) is a warning. A few are shown; --explain lists them all."""
    checks = []
    for warning in list(warnings)[:MAX_RESUME_WARNINGS]:
        state = BAD if warning.startswith("resume skipped") else WARN
        checks.append(Check("Resume", state, warning.removeprefix("resume: ")))
    if len(warnings) > MAX_RESUME_WARNINGS:
        more = len(warnings) - MAX_RESUME_WARNINGS
        checks.append(Check("Resume", WARN, f"{more} more: see followup import-resume YOUR_RESUME --explain"))
    return checks


# The template's fields a user must replace, with the words used for them in the list.
_TEMPLATE_FIELDS = (("candidate", "name", "your name"), ("candidate", "phone", "phone number"),
                    ("candidate", "email", "e-mail"), ("application", "company", "company"),
                    ("application", "position", "position"), ("application", "interviewer", "interviewer"),
                    ("application", "interview_date", "interview date"),
                    ("application", "decision_date", "decision date"))


def not_filled_in(prep: Prep) -> list[str]:
    """The fields still holding the template's placeholder ("Company Name", 2026-01-01):
    compared with the bundled template itself, so the list follows the template."""
    from tui.assets import load_toml

    template = load_toml("templates", "prep_template.toml")
    unfilled = []
    for table, key, words in _TEMPLATE_FIELDS:
        placeholder = template.get(table, {}).get(key)
        if placeholder not in (None, "") and getattr(getattr(prep, table), key, None) == placeholder:
            unfilled.append(words)
    return unfilled


def _rule_one(prep: Prep) -> Check:
    label = "Don't call if asked not to: write instead"
    app = prep.application
    if app.asked_not_to_call:
        who = {"posting": "The job posting", "interviewer": app.interviewer}.get(app.asked_by, "Someone")
        return Check(label, BAD, f"{who} asked not to call: send the e-mail or letter instead (w).")
    return Check(label, OK, "Nobody asked you not to call.")


def _know_what_to_say(prep: Prep) -> Check:
    label = "Know what you'll say: remind them of you, the company, what they said"
    missing = [name for name, present in (
        ("a memory hook", prep.recap.memory_hook),
        ("a company fact", prep.company_facts),
        ("what the interviewer said", prep.recap.said or prep.recap.stressed),
    ) if not present]
    if not missing:
        return Check(label, OK, "Memory hook, company facts and interview notes ready.")
    return Check(label, WARN, "Add " + ", ".join(missing) + " to the prep.")


def _ready_to_answer_and_ask(prep: Prep, gaps: list[str], asks: set[str]) -> Check:
    label = "Be ready to answer and to ask"
    problems = []
    if not prep.answers:
        problems.append("no prepared answers")
    if gaps:
        problems.append(f"{plural(len(gaps), 'likely question')} without notes")
    if "anything_else" not in asks:
        problems.append("ask \"is there anything else you'd like to know?\"")
    if "decision" not in asks:
        problems.append("ask \"when will a decision be made?\"")
    if not problems:
        return Check(label, OK, f"{plural(len(prep.answers), 'prepared answer')}; both closing questions ready.")
    return Check(label, WARN, "; ".join(problems).capitalize() + ".")


def _ask_by_name(prep: Prep) -> Check:
    label = "Ask for the interviewer by name; be ready to leave a message"
    app, candidate = prep.application, prep.candidate
    problems = []
    if not app.interviewer_pronunciation:
        problems.append("add how to pronounce the name")
    if not candidate.phone:
        problems.append("add your phone number for a voicemail")
    if not problems:
        return Check(label, OK, f"Ask for {app.interviewer} (\"{app.interviewer_pronunciation}\"); "
                                f"leave {candidate.phone}.")
    return Check(label, WARN, f"{app.interviewer}: " + "; ".join(problems) + ".")
