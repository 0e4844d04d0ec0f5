"""Check one spoken or typed answer against the key points of the current step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tui.checker.fluency import count_phrases, count_words, words_per_minute
from tui.checker.evidence import content_units
from tui.checker.matcher import AnswerIndex, Hit
from tui.checker.result import COVERED, MISSED, PARTIAL, AnswerCheck, Match, PointResult
from tui.checker import asks, evidence, guards, numbers, semantic
from tui.checker.text import Unit, tokenize
from tui.prep.model import KeyPoint
from tui.textsafe import clean_text

# Thresholds chosen on the dev set (scripts/bench_checker.py): F1 is flat from 0.60 to 0.72.
COVERED_AT = 0.66  # point score from which a point counts as covered
PARTIAL_AT = 0.45  # ... and as partly covered
NUMBER_WEIGHT = 2.0  # a stated number is specific evidence: it counts double
UNCOUNTED_SHARE = 3  # the weakest 1/3 of a point's words are not counted: paraphrases drop some
EVIDENCE_AT = numbers.SAID_AT  # a note word counts as said from this match score
REQUIRED_WORD_AT = 0.75  # every word of a required item must reach this
# What a guard leaves of a point's score: a contradiction a little, a missing figure more.
GUARD_FACTORS = {
    guards.NEGATED: 0.4, guards.ABANDONED: 0.4, guards.OPPOSITE: 0.4, guards.NUMBER_DIFFERS: 0.4,
    guards.END_MISSING: 0.4, guards.NUMBER_MISSING: 0.6,
    guards.IN_PROGRESS: 0.6,  # "I'm finishing the course": partly said at most
}


def check_answer(
    answer: str,
    points: Sequence[KeyPoint | str],
    duration: float | None = None,
    required: Sequence[str] = (),
    meaning: semantic.MeaningCheck | str | None = "shipped",
    heard: bool = False,
) -> AnswerCheck:
    """Which key points the answer covers, and its fillers, hedges and pace.

    `points` are the step's key points (KeyPoint or plain text); `required` adds items that
    must be said in full (the caller's name, the position), reported after the points.
    `meaning` credits points said in other words: "shipped" is the model in assets/models/
    (semantic.SHIPPED), None the word matcher alone. `heard`: the answer is a recognizer's
    transcript, so a point word heard as a sound-alike phrase counts as said.
    """
    if not isinstance(answer, str):
        raise TypeError(f"answer must be text, not {type(answer).__name__}")
    if duration is not None and duration < 0:
        raise ValueError(f"duration must be >= 0 seconds, got {duration}")
    answer = clean_text(answer)  # no escapes, controls or lone surrogates (the tokenizer refuses them)
    index = AnswerIndex(answer, heard=heard)
    items = [_as_point(p) for p in points] + [KeyPoint(str(text), required=True) for text in required]
    items = [replace(p, text=clean_text(p.text)) if p.text != clean_text(p.text) else p for p in items]
    results = tuple(_check_point(index, p.text, p.required) for p in items)
    meaning_off = ""
    if meaning == "shipped":
        meaning = semantic.SHIPPED
    if isinstance(meaning, semantic.MeaningCheck):
        results, meaning_off = meaning.rescue(index, results)
    words = count_words(index.tokens)
    return AnswerCheck(
        points=results,
        fillers=count_phrases(index.tokens, "fillers"),
        hedges=count_phrases(index.tokens, "hedges"),
        words=words,
        duration=duration,
        wpm=words_per_minute(words, duration),
        meaning_off=meaning_off,
    )


def matched_spans(answer: str, check: AnswerCheck) -> list[tuple[int, int]]:
    """Character spans (start, end) of the answer's words that matched a point, merged."""
    tokens = tokenize(answer)
    lows = [t.low for t in tokens]
    spans = []
    for point in check.points:
        for match in point.evidence:
            words = match.answer_words.split()
            for start in range(len(lows) - len(words) + 1):
                if lows[start:start + len(words)] == words:
                    spans.append((tokens[start].start, tokens[start + len(words) - 1].end))
                    break
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _as_point(point: KeyPoint | str) -> KeyPoint:
    if isinstance(point, KeyPoint):
        return point
    if isinstance(point, str):
        return KeyPoint(point)
    raise TypeError(f"a key point must be a KeyPoint or text, not {type(point).__name__}")


def _check_point(index: AnswerIndex, text: str, required: bool) -> PointResult:
    if required:
        words = content_units(text)
        if not words:
            return PointResult(text, True, MISSED, 0.0, ())
        hits = [index.best(u) for u in words]
        score = min(h.score for h in hits)
        return PointResult(text, True, COVERED if score >= REQUIRED_WORD_AT else MISSED, score,
                           _evidence(index, words, hits))
    kind = asks.note_ask(text)
    if kind:
        return _check_ask(index, text, kind)
    return _check_statement(index, text)[0]


def _evidence(index: AnswerIndex, words: Sequence[Unit], hits: Sequence[Hit]) -> tuple[Match, ...]:
    return tuple(
        Match(u.form, index.words(h.first, h.last), round(h.score, 3))
        for u, h in zip(words, hits)
        if h.score >= EVIDENCE_AT
    )


def _check_statement(index: AnswerIndex, text: str) -> tuple[PointResult, list[Hit]]:
    """A point the answer should state: its words matched, then the contradiction guards."""
    words = content_units(text)
    if not words:
        return PointResult(text, False, MISSED, 0.0, ()), []
    words, hits = evidence.settled(index, text, words, [index.best(u) for u in words])
    score = point_score(words, hits)
    fired = evidence.against(index, text, words, hits, EVIDENCE_AT)
    for guard, _ in fired:
        score *= GUARD_FACTORS[guard]
    status = COVERED if score >= COVERED_AT else PARTIAL if score >= PARTIAL_AT else MISSED
    result = PointResult(text, False, status, score, _evidence(index, words, hits),
                         "; ".join(f"{guard}: {why}" for guard, why in fired), tuple(g for g, _ in fired))
    return result, hits


def _check_ask(index: AnswerIndex, text: str, kind: str) -> PointResult:
    """A point the applicant must ask: covered only when the answer asks it. A known ask
    ("anything else you'd like to know", "when will you decide") in any wording; another
    ask when its words are said in a question."""
    not_asked = f"{guards.NOT_ASKED}: {asks.LABELS[kind].removeprefix('asked ')}"
    if kind != asks.OTHER:
        found = asks.asks_in_tokens(index.tokens).get(kind)
        if found:
            return PointResult(text, False, COVERED, 1.0, (Match("ask", found.words, 1.0),), ask=kind)
        return PointResult(text, False, MISSED, 0.0, (), not_asked, (guards.NOT_ASKED,), kind)
    result, hits = _check_statement(index, asks.ask_topic(text))
    said = [h.first for h in hits if h.score >= EVIDENCE_AT]
    if result.status == COVERED and asks.in_question(index.text, index.tokens, index.clauses, min(said)):
        return replace(result, text=text, ask=kind)
    score = min(result.score, PARTIAL_AT)
    status = PARTIAL if score >= PARTIAL_AT else MISSED
    return replace(result, text=text, status=status, score=score, ask=kind,
                   note="; ".join(n for n in (result.note, not_asked) if n),
                   guards=(*result.guards, guards.NOT_ASKED))


def point_score(words: Sequence[Unit], hits: list[Hit]) -> float:
    """Weighted mean of the word scores, leaving out the weakest third of the words."""
    scored = sorted(((h.score, NUMBER_WEIGHT if u.value is not None else 1.0) for u, h in zip(words, hits)))
    counted = scored[len(scored) // UNCOUNTED_SHARE:]
    return sum(s * w for s, w in counted) / sum(w for _, w in counted)
