"""A key point's evidence in an answer, and what the answer says against it.

Any matcher finds, for each content word of a point, the answer words that say it: the word
matcher by spelling, stem, synonym or sound (check.py), the meaning check by the model's
closest word (semantic.py). Both then settle the numbers the same way and ask the same
guards about their own evidence: is it negated in its clause, abandoned, said the opposite
way, or with another figure? One mechanism, so that a paraphrase cannot be credited for
what the same words would be refused for.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from tui.checker import guards, numbers
from tui.checker.lists import abbreviations, word_set
from tui.checker.matcher import AnswerIndex, Hit, note_units
from tui.checker.text import Unit


@lru_cache(maxsize=1024)
def content_units(text: str) -> tuple[Unit, ...]:
    """The words of a point that carry its meaning (numbers always do), once each."""
    stop, negations = word_set("stopwords"), word_set("negations")
    short = abbreviations()
    # A short form of a little word or a negation is one too: "u", "abt", "w/o".
    little = stop | {s for s, longs in short.items() if all(long in stop or long in negations for long in longs)}
    everything = note_units(text)
    content = [u for u in everything if u.value is not None or (u.form not in little and u.form not in negations)]
    if not content:  # a point made only of little words: use them all
        content = [u for u in everything if u.form not in negations]
    return tuple({u.form: u for u in content}.values())


def settled(index: AnswerIndex, text: str, words: Sequence[Unit],
            hits: Sequence[Hit]) -> tuple[list[Unit], list[Hit]]:
    """The point's words and their hits once the number rules have had their say: numbers
    said as the size of a change or as the share that went wrong count, one answer word is
    evidence for one point word, and numbers the answer need not say ("62%" of "62% -> 85%",
    a year it calls "that year") are left out."""
    hits = numbers.by_complement(index, text, words, numbers.by_change(index, text, words, list(hits)))
    hits = _once_each(words, hits)
    referred = numbers.year_referred(index)
    kept = [k for k, u in enumerate(words) if not numbers.optional(words, hits, k, referred)]
    if not kept:  # a point of optional numbers only ("1:1") keeps them
        return list(words), hits
    return [words[k] for k in kept], [hits[k] for k in kept]


def _once_each(words: Sequence[Unit], hits: list[Hit]) -> list[Hit]:
    """One answer word is evidence for one note word: "trained" says "trained", not also
    "trainer" (the better match keeps it)."""
    out = list(hits)
    taken: set[tuple[int, int]] = set()
    for k in sorted(range(len(words)), key=lambda k: -hits[k].score):
        if words[k].value is not None or hits[k].first < 0:
            continue
        span = (hits[k].first, hits[k].last)
        if span in taken:
            out[k] = Hit(0.0, -1, -1, "")
        taken.add(span)
    return out


def against(index: AnswerIndex, text: str, words: Sequence[Unit], hits: Sequence[Hit],
            evidence_at: float) -> list[tuple[str, str]]:
    """(guard, why) for each guard that fires on this evidence (hits from `evidence_at` are
    evidence), in order: negated, abandoned, in progress, opposite direction, then the number guard (a
    figure said otherwise, a change's end or the figure missing)."""
    fired = []
    negated, zero_said = guards.negation_conflict(index, text, words, hits, evidence_at)
    if negated:
        fired.append((guards.NEGATED, negated))
    spans = [(h.first, h.last) for h in hits if h.score >= evidence_at and h.first >= 0]
    cue = guards.abandonment_cue(index, spans, text)
    if cue:
        fired.append((guards.ABANDONED, cue))
    ahead = guards.still_ahead(index, text, words, hits, evidence_at)
    if ahead:
        fired.append((guards.IN_PROGRESS, ahead))
    opposite = guards.opposite_direction(index, text, spans)
    if opposite:
        fired.append((guards.OPPOSITE, opposite))
    number = numbers.number_guard(index, text, words, list(hits), zero_said)
    if number:
        fired.append(number)
    return fired
