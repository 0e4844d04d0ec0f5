"""The truth about a call: phase checks, key points per answer, fluency, a score and the
three most useful improvements. Built from a finished flow; rendered as Markdown."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tui.checker.phases import check_closing, check_intro, check_message, check_reception, check_voicemail

if TYPE_CHECKING:
    from tui.flow.call import CallFlow

PACE_BAND = (110, 160)  # words per minute for conversation
FILLER_RATE_OK = 0.04  # fillers under ~4 % of words read as fluent
POINT_VALUE = {"covered": 1.0, "partial": 0.5, "missed": 0.0}
# The outcome (interviewer available, voicemail, message) is drawn before the call starts; a call
# whose turns never went past reception did not meet it, and must not read as if it had.
PHASES_PAST_RECEPTION = frozenset({"voicemail", "message", "intro", "questions", "closing", "goodbye"})


def fillers_said(fluency: dict) -> str:
    """The fillers counted, and for spoken answers that the recogniser writes few of them."""
    counted = ", ".join(f"{w} ×{n}" for w, n in (fluency.get("fillers") or {}).items())
    if fluency.get("fillers_a_floor"):
        return (counted or "none heard") + " (the recogniser leaves most \"um\"s and \"uh\"s out: listen back)"
    return counted or "none"


def _answer_score(check: dict) -> float | None:
    points = check.get("points") or []
    if not points:
        return None
    return sum(POINT_VALUE[p["status"]] for p in points) / len(points)


def build_report(flow: CallFlow) -> dict:
    prep = flow.prep
    answers = flow.answers
    by_phase: dict[str, list] = {}
    for entry in answers:
        by_phase.setdefault(entry.phase.value, []).append(entry)

    phases = []
    reception = [e.text for e in by_phase.get("reception", [])]
    if reception:
        phases.append(check_reception(reception, prep).to_dict())
    for intro in by_phase.get("intro", [])[:1]:
        phases.append(check_intro(intro.text, prep).to_dict())
    closing = [e.text for e in by_phase.get("closing", []) + by_phase.get("goodbye", [])]
    drill = flow.start_at_questions  # a one-question drill has no closing
    # Once the interviewer is reached the closing counts, even when the call was cut short.
    if (by_phase.get("intro") or closing) and not drill:
        phases.append(check_closing(closing, prep).to_dict())
    for message in by_phase.get("voicemail", []):
        phases.append(check_voicemail(message.text, prep, message.duration).to_dict())
    for message in by_phase.get("message", []):
        phases.append(check_message(message.text, prep).to_dict())

    questions = []
    for entry in answers:
        if entry.prompt is None or entry.prompt.kind not in ("question", "probe"):
            continue
        check = entry.check.to_dict() if entry.check else {"points": []}
        questions.append({
            "question_id": entry.prompt.question_id,
            "kind": entry.prompt.kind,
            "question": entry.prompt.question,
            "topic": entry.prompt.topic or f"\"{entry.prompt.question}\"",
            "answer": entry.text,
            "skipped": entry.skipped,
            "verdict": entry.check.verdict() if entry.check else "",
            "score": _answer_score(check),
            "check": check,
        })

    fillers: Counter[str] = Counter()
    hedges: Counter[str] = Counter()
    words = 0
    spoken_words, spoken_seconds = 0, 0.0
    for entry in answers:
        if entry.check is None:
            continue
        fillers.update(entry.check.fillers)
        hedges.update(entry.check.hedges)
        words += entry.check.words
        if entry.duration:
            spoken_words += entry.check.words
            spoken_seconds += entry.duration
    wpm = round(spoken_words * 60 / spoken_seconds) if spoken_seconds else None
    fluency = {
        "words": words,
        "fillers": dict(fillers.most_common()),
        "filler_count": sum(fillers.values()),
        "filler_rate": round(sum(fillers.values()) / words, 3) if words else 0.0,
        "hedges": dict(hedges.most_common()),
        "wpm": wpm,
        # Whisper leaves most "um"s and "uh"s out of a transcript (31 said, 0-3 written in
        # scripts/bench_speech.py's answers): spoken answers' fillers are a floor.
        "fillers_a_floor": spoken_seconds > 0,
    }

    content_scores = [q["score"] for q in questions if q["score"] is not None]
    phase_items = [item for phase in phases for item in phase["items"]]
    content = sum(content_scores) / len(content_scores) if content_scores else None
    phase_score = sum(item["ok"] for item in phase_items) / len(phase_items) if phase_items else None
    fluency_score = max(0.0, 1 - fluency["filler_rate"] / (2 * FILLER_RATE_OK))
    if wpm is not None and not PACE_BAND[0] <= wpm <= PACE_BAND[1]:
        fluency_score *= 0.7
    parts = [(0.5, content), (0.4, phase_score), (0.1, fluency_score if words else None)]
    weight = sum(w for w, v in parts if v is not None)
    score = round(100 * sum(w * v for w, v in parts if v is not None) / weight) if weight else 0
    if flow.status == "hung_up":
        score = min(score, 50)  # a call abandoned midway is not a good call

    return {
        "company": prep.application.company,
        "position": prep.application.position,
        "interviewer": prep.application.interviewer,
        "persona": flow.interviewer.name,
        "outcome": flow.outcome.value,
        "status": flow.status,
        "score": score,
        "content_score": round(100 * content) if content is not None else None,
        "phase_score": round(100 * phase_score) if phase_score is not None else None,
        "phases": phases,
        "questions": questions,
        "fluency": fluency,
        "improvements": improvements(phases, questions, fluency, hung_up=flow.status == "hung_up"),
        # Why points could only be checked by their words, if the meaning check was off.
        "meaning_off": next((e.check.meaning_off for e in answers if e.check and e.check.meaning_off), ""),
    }


def improvements(phases: list[dict], questions: list[dict], fluency: dict, hung_up: bool = False) -> list[str]:
    """The three most useful things to change, most important first."""
    ranked: list[tuple[int, str]] = []
    if hung_up:
        ranked.append((-1, "Stay on the call to the end: answer, then ask your closing questions and thank them."))
    for phase in phases:
        for item in phase["items"]:
            if not item["ok"]:
                ranked.append((0, f"{phase['phase'].capitalize()}: {advice(item)}"))
    for q in questions:
        for point in q["check"].get("points", []):
            if point["status"] == "missed":
                ranked.append((1, f"Say \"{point['text']}\" when asked about {q.get('topic') or q['question']}."))
            elif point["status"] == "partial":
                ranked.append((2, f"Be more explicit about \"{point['text']}\"."))
    if fluency["fillers"] and fluency["filler_rate"] > FILLER_RATE_OK:
        word, count = next(iter(fluency["fillers"].items()))
        ranked.append((1, f"You said \"{word}\" {count} times: pause instead of filling."))
    wpm = fluency.get("wpm")
    if wpm is not None and wpm > PACE_BAND[1]:
        ranked.append((2, f"Slow down: {wpm} words per minute (aim for {PACE_BAND[0]}-{PACE_BAND[1]})."))
    elif wpm is not None and wpm < PACE_BAND[0]:
        ranked.append((2, f"Pick up the pace: {wpm} words per minute (aim for {PACE_BAND[0]}-{PACE_BAND[1]})."))
    seen: set[str] = set()
    result = []
    for _, text in sorted(ranked, key=lambda r: r[0]):
        if text not in seen:
            seen.add(text)
            result.append(text)
    return result[:3]


_IMPERATIVE = {"asked": "Ask", "gave": "Give", "said": "Say", "named": "Name", "thanked": "Thank"}
_SPECIAL = {
    "name at the start": "Say your name at the start",
    "name again at the end": "Say your name again at the end",
    "phone number said twice": "Say your phone number twice, slowly",
    "left your phone number": "Leave your phone number",
    "nothing desperate or presumptuous": "Leave out",
}


def advice(item: dict) -> str:
    """A failed check item as something to do ("thanked them" -> "Thank them")."""
    label, evidence = item["label"], item.get("evidence") or ""
    first, _, rest = label.partition(" ")
    if label in _SPECIAL:
        text = _SPECIAL[label]
    elif first in _IMPERATIVE:
        text = f"{_IMPERATIVE[first]} {rest}"
    elif label.endswith("or less"):
        text = f"Keep it to {label}"
    else:
        text = label[0].upper() + label[1:]
    return f"{text} ({evidence})." if evidence else f"{text}."


def outcome_shown(outcome: str, phases: Iterable[str] | None) -> str:
    """The outcome as a report states it: "voicemail (not reached)" when the turns (their phases;
    None or empty when they are not known) never got past reception."""
    if not phases or PHASES_PAST_RECEPTION.intersection(phases):
        return outcome
    return f"{outcome} (not reached)"


def render_markdown(report: dict | None, rehearsal: dict, turns: list[dict] | None) -> str:
    """One rehearsal as a Markdown document: summary, transcript with checks, improvements."""
    lines = [f"# Follow-up call rehearsal #{rehearsal['id']}: {rehearsal['company']}, {rehearsal['position']}", ""]
    lines.append(f"- Date: {rehearsal['started_at']}")
    phases = [turn["phase"] for turn in turns if turn.get("phase")] if turns else None
    lines.append(f"- Interviewer persona: {rehearsal['persona']}; "
                 f"outcome: {outcome_shown(rehearsal['outcome'], phases)}; "
                 f"mode: {rehearsal['mode']}; status: {rehearsal['status']}")
    if report:
        lines.append(f"- **Score: {report['score']}/100**")
        if report.get("meaning_off"):
            lines.append(f"- Meaning check off: {report['meaning_off']} (points were checked by their words only)")
        lines += ["", "## Most useful improvements", ""]
        lines += [f"{i}. {text}" for i, text in enumerate(report["improvements"], 1)] or ["None: well done."]
        lines += ["", "## Call checks", ""]
        for phase in report["phases"]:
            lines.append(f"### {phase['phase'].capitalize()}")
            for item in phase["items"]:
                mark = "x" if item["ok"] else " "
                evidence = f" — \"{item['evidence']}\"" if item.get("evidence") else ""
                lines.append(f"- [{mark}] {item['label']}{evidence}")
            lines.append("")
        fluency = report["fluency"]
        lines += ["## Delivery", "", f"- Words: {fluency['words']}; fillers: {fillers_said(fluency)}"]
        if fluency.get("hedges"):
            lines.append("- Hedges: " + ", ".join(f"{w} ×{n}" for w, n in fluency["hedges"].items()))
        if fluency.get("wpm"):
            lines.append(f"- Pace: {fluency['wpm']} words per minute")
        lines.append("")
    if turns is None:  # the caller has shown the transcript already
        return "\n".join(lines).rstrip() + "\n"
    lines += ["## Transcript", ""]
    for turn in turns:
        who = turn["speaker"].capitalize()
        text = turn["text"] or "(no answer)"
        lines.append(f"**{who}:** {text}")
        check = turn.get("check")
        if check and check.get("points"):
            for point in check["points"]:
                evidence = ", ".join(f"{m['answer_words']}→{m['point_word']}" for m in point.get("evidence", []))
                tag = " (required)" if point.get("required") else " (said in other words)" if point.get("by_meaning") else ""
                lines.append(f"  - {point['status']}{tag}: {point['text']}" + (f" [{evidence}]" if evidence else ""))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
