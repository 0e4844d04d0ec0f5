"""Numbers in key points and answers: the figure a point states and whether the answer
says the same one ("15+" is met by "about sixteen", "62% -> 85%" is judged by where it ended,
"cut in half" by "ten a year ... then five"), or another (a contradiction: "went to 75 %").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from tui.checker import guards
from tui.checker.lists import abbreviations, word_set
from tui.checker.matcher import AnswerIndex, Hit, numbers_agree, stem, synonyms
from tui.checker.text import Token, Unit, tokenize

SAID_AT = 0.7  # a word or number counts as said from this match score (check.EVIDENCE_AT)
CHANGE_SLACK = 0.03  # "cut in half" fits 10 -> 5 or 200 -> 97, not 10 -> 6


def optional(words: Sequence[Unit], hits: Sequence[Hit], k: int, year_referred: bool = False) -> bool:
    """A number the answer need not say: where a change started ("62% -> 85%": the 85 is
    the news), one end of a range when the other is said ("2021-22") or its length is, a
    number that is part of a word ("1:1s"), or a year the answer calls "that year"."""
    unit = words[k]
    if unit.value is None or hits[k].score >= SAID_AT:
        return False
    if unit.role == "from" or unit.weak:  # a weak number ("1:1s", "24/7") is part of a word
        return True
    if year_referred and number_kind(unit) == "year":
        return True
    if unit.role != "range":
        return False
    said = [u for u, h in zip(words, hits) if h.score >= SAID_AT]
    if any(u.role == "range" for u in said):
        return True  # one end said: "2021-22" as "in 2022"
    ends = [u for u in words if u.role == "range"]
    if len(ends) == 2 and all(number_kind(u) == "year" for u in ends):
        span = abs(ends[1].value - ends[0].value)  # "2021-22 = 1 yr" said as "for about a year"
        return any(u.measure == "year" and u.value == span and not u.role for u in said)
    return False


def year_referred(index: AnswerIndex) -> bool:
    """Whether the answer refers to a year the question named ("that year", "back then")
    and states none itself."""
    if any(number_kind(u) == "year" for u in index.number_units):
        return False
    return bool(guards.find_phrases([t.form for t in index.tokens], "that_time"))


def _amounts(index: AnswerIndex) -> list[Unit]:
    return [u for u in index.number_units
            if not (u.weak or u.rank or u.percent or u.value is None or u.value <= 0 or number_kind(u) == "year")]


def by_change(index: AnswerIndex, text: str, words: Sequence[Unit], hits: list[Hit]) -> list[Hit]:
    """Numbers said as the size of a change: "shaved four days off; it used to take 10" for
    "10 -> 6 days", and "ten a year ... then five" for "turnover cut in half"."""
    hits = list(hits)
    roles = {u.role: k for k, u in enumerate(words) if u.value is not None and u.role}
    start, end = roles.get("from"), roles.get("to")
    if start is not None and end is not None and hits[start].score >= SAID_AT > hits[end].score:
        size = abs(words[start].value - words[end].value)
        for u in _amounts(index):
            if u.value == size and u.first != hits[start].first:
                hits[end] = Hit(1.0, u.first, u.last, "number")
                break
    way = guards.point_direction(text)
    for k, unit in enumerate(words):
        if not (way and unit.percent and not unit.role and hits[k].score < SAID_AT and unit.value):
            continue
        ratio = 1 - unit.value / 100 if way == "down" else 1 + unit.value / 100
        slack = CHANGE_SLACK * (2 if unit.approx and not unit.fraction else 1)
        for before, after in _change_pairs(index):
            if abs(after.value / before.value - ratio) <= slack:
                hits[k] = Hit(1.0, before.first, after.last, "number")
                break
    return hits


@lru_cache(maxsize=1)
def _failure_stems() -> frozenset[str]:
    return frozenset(stem(w.replace("-", "")) for w in word_set("failures"))


def _failure_at(tokens: Sequence[Token], failures: frozenset[str]) -> list[int]:
    """Where the tokens say what went wrong: a word, or two written with a hyphen ("no-show")."""
    at = [i for i, t in enumerate(tokens) if stem(t.form) in failures]
    at += [i for i, (a, b) in enumerate(zip(tokens, tokens[1:])) if stem(a.form + b.form) in failures]
    return at


def by_complement(index: AnswerIndex, text: str, words: Sequence[Unit], hits: list[Hit]) -> list[Hit]:
    """A share of what went wrong says the complement: "we mis-picked four orders out of every
    hundred" for "pick accuracy 96%". Only for a point that does not itself count what went
    wrong ("4% mis-picks" wants the 4), and with the failure word in the share's sentence."""
    failures = _failure_stems()
    if _failure_at(tokenize(text), failures):
        return hits
    wrong = {index.sentences[i] for i in _failure_at(index.tokens, failures)}
    if not wrong:
        return hits
    hits = list(hits)
    shares = [u for u in index.number_units if u.percent and not u.rank and u.value is not None
              and 0 <= u.value <= 100 and index.sentences[u.first] in wrong]
    for k, unit in enumerate(words):
        if unit.value is None or not unit.percent or unit.bound or not 0 < unit.value < 100 or hits[k].score >= SAID_AT:
            continue
        rest = replace(unit, value=100 - unit.value, role="")  # compared on the failures' scale: 0.5 is not 5
        said = next((u for u in shares if numbers_agree(rest, replace(u, role=""))), None)
        if said is not None:
            hits[k] = Hit(1.0, said.first, said.last, "number")
    return hits


def _other_change(index: AnswerIndex, text: str, unit: Unit) -> str:
    """Two amounts in one sentence that change the point's way by another share ("forty,
    then thirty" for "cut in half"), as "40 -> 30"."""
    way = guards.point_direction(text)
    if not (way and unit.percent and not unit.role):
        return ""
    for before, after in _change_pairs(index):
        if after.value < before.value if way == "down" else after.value > before.value:
            return f"{before.form} -> {after.form}"
    return ""


def _change_pairs(index: AnswerIndex) -> list[tuple[Unit, Unit]]:
    """Two amounts in a row that can be one quantity before and after: in one sentence (or
    the next), of the same measure ("ten cooks a year ... five")."""
    amounts = _amounts(index)
    return [(a, b) for a, b in zip(amounts, amounts[1:])
            if 0 <= index.sentences[b.first] - index.sentences[a.first] <= 1 and a.measure == b.measure]


def number_guard(index: AnswerIndex, text: str, words: Sequence[Unit], hits: list[Hit],
                  zero_said: bool) -> tuple[str, str] | None:
    """(guard, why) when the point's number is said differently or not at all.

    Only numbers of the same kind and unit compete: a percentage, a year, or a count ("30 %"
    in the answer is not a wrong head count for "a team of 8", nor "eight months" or "$8k"). A "0" is said by a negation ("not a
    single error" for "0 errors"). A figure said otherwise outweighs one not said: "five
    years" for "2017-19 = 2 yrs" differs, though the years are missing too."""
    used = {(h.first, h.last) for u, h in zip(words, hits) if u.value is not None and h.score >= 0.8}
    said = [u for u in index.number_units if not u.weak and (u.first, u.last) not in used]
    missing = None
    for unit, hit in zip(words, hits):
        if unit.value is None or unit.weak or hit.score >= 0.8 or (unit.value == 0 and zero_said):
            continue
        change = _other_change(index, text, unit) or _ended_elsewhere(index, words, hits, unit, said)
        if change:
            return guards.NUMBER_DIFFERS, f"{change} vs {unit.form}{'%' if unit.percent else ''}"
        same_kind = [u for u in said if number_kind(u) == number_kind(unit) and same_unit(u, unit)]
        if same_kind:
            other = min(same_kind, key=lambda u: abs((u.value or 0) - unit.value))
            return guards.NUMBER_DIFFERS, f"{other.form} vs {unit.form}"
        if missing is None and unit.role == "to" and any(u.role == "from" and h.score >= 0.8
                                                         for u, h in zip(words, hits)):
            missing = guards.END_MISSING, unit.form
        missing = missing or (guards.NUMBER_MISSING, unit.form)
    return missing


def same_unit(said: Unit, point: Unit) -> bool:
    """Whether two figures can be one quantity: the same unit (units.txt) or the same thing
    counted ("7 agents" and "9 support agents"; "ppl" and "people"), or either said bare."""
    if said.measure or point.measure:
        return said.measure == point.measure or not (said.measure or said.counts) or not (point.measure or point.counts)
    if not (said.counts and point.counts) or number_kind(point) != "count":
        return True
    return bool(_unit_stems(said.counts) & _unit_stems(point.counts))


@lru_cache(maxsize=1024)
def _unit_stems(words: tuple[str, ...]) -> frozenset[str]:
    """Stems of words, of their long forms ("ppl") and of their one-word synonyms."""
    out = set()
    for word in words:
        for form in (word, *abbreviations().get(word, ())):
            out.add(stem(form))
            out.update(stem(s) for s in synonyms(form) if " " not in s)
    return frozenset(out)


def _ended_elsewhere(index: AnswerIndex, words: Sequence[Unit], hits: list[Hit], unit: Unit,
                     said: list[Unit]) -> str:
    """For the end of a change whose start was said: the number said after the start, in
    its sentence or the next ("thirty four when I came ... thirty two when I left" for
    "34% -> 28%"), as "34 -> 32"."""
    if unit.role != "to":
        return ""
    start = next((h for u, h in zip(words, hits) if u.role == "from" and h.score >= 0.8), None)
    if start is None:
        return ""
    sentence = index.sentences[start.last]
    measure = next((u.measure for u in index.number_units if (u.first, u.last) == (start.first, start.last)), "")
    later = [u for u in said if u.first > start.last and index.sentences[u.first] - sentence <= 1
             and not u.rank and number_kind(u) != "year" and u.measure == measure]
    if not later:
        return ""
    return f"{index.words(start.first, start.last)} -> {index.words(later[0].first, later[0].last)}"


def number_kind(unit: Unit) -> str:
    if unit.rank:
        return "rank"
    if unit.percent:
        return "percent"
    if unit.value is not None and float(unit.value).is_integer() and 1900 <= unit.value <= 2100:
        return "year"
    return "count"
