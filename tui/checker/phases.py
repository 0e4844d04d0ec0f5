"""Check the fixed phases of a follow-up call against the prep: reception, intro, closing,
voicemail. Each phase is a short checklist of observable items (what was said, not how the
caller seemed), with the words that showed each item as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tui.checker.asks import ANYTHING_ELSE, DECISION, LABELS, asks_in
from tui.checker.check import REQUIRED_WORD_AT, check_answer
from tui.checker.evidence import content_units
from tui.checker.fluency import count_phrases, count_words
from tui.checker.matcher import AnswerIndex
from tui.checker.result import COVERED
from tui.checker.text import ORDINALS, Token, tokenize
from tui.prep.model import Prep

VOICEMAIL_MAX_SECONDS = 45.0
VOICEMAIL_MAX_WORDS = 110  # about 45 s at a calm 145 words a minute
NAME_WINDOW = 15  # words at the start/end of a voicemail where the name should be

TITLES = {"mr", "mrs", "ms", "miss", "mister", "dr", "doctor", "prof", "professor", "mx"}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH_ABBREV = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_VAGUE_WHEN = ("last week", "recently", "the other day", "a while ago", "a few days ago", "earlier this week")


@dataclass(frozen=True)
class Item:
    label: str
    ok: bool
    evidence: str = ""

    def to_dict(self) -> dict:
        return {"label": self.label, "ok": self.ok, "evidence": self.evidence}


@dataclass(frozen=True)
class PhaseCheck:
    phase: str  # "reception", "intro", "closing", "voicemail"
    items: tuple[Item, ...]

    @property
    def passed(self) -> bool:
        return all(item.ok for item in self.items)

    @property
    def count(self) -> int:
        """Items done."""
        return sum(item.ok for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def missing(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if not item.ok)

    def summary(self) -> str:
        return f"{self.phase}: {self.count}/{self.total}"

    def to_dict(self) -> dict:
        return {
            "phase": self.phase,
            "passed": self.passed,
            "count": self.count,
            "total": self.total,
            "items": [item.to_dict() for item in self.items],
        }


# --- the phases ---------------------------------------------------------------------------


def check_reception(texts: Sequence[str], prep: Prep) -> PhaseCheck:
    """What the caller said to the receptionist: asked for the interviewer properly, gave
    their own name, said why they call."""
    text = _joined(texts)
    return PhaseCheck("reception", (
        _asked_for_interviewer(text, prep),
        _said_name(text, prep.candidate.name, "gave your full name"),
        _said_reason(text, prep),
    ))


def check_intro(text: str, prep: Prep) -> PhaseCheck:
    """The opening to the interviewer: name, position, when you interviewed, a memory hook,
    still interested."""
    _require_text(text)
    return PhaseCheck("intro", (
        _said_name(text, prep.candidate.name, "said your full name"),
        _said_required(text, prep.application.position, "named the position"),
        _said_interview_day(text, prep.application.interview_date),
        _memory_hook(text, prep),
        _still_interested(text),
    ))


def check_closing(texts: Sequence[str], prep: Prep) -> PhaseCheck:
    """The end of the call: offered more information, asked about the decision, thanked."""
    text = _joined(texts)
    asked = asks_in(text)
    thanks = _first_match(_plain(text), _THANKS)
    return PhaseCheck("closing", (
        *(Item(LABELS[kind], kind in asked, asked[kind].words if kind in asked else "")
          for kind in (ANYTHING_ELSE, DECISION)),
        Item("thanked them", bool(thanks), thanks),
    ))


def check_voicemail(text: str, prep: Prep, duration: float | None = None) -> PhaseCheck:
    """A voicemail: name at the start and the end, phone number twice, position, interview
    date, a call-back request, short, and nothing desperate or presumptuous."""
    _require_text(text)
    if duration is not None and duration < 0:
        raise ValueError(f"duration must be >= 0 seconds, got {duration}")
    tokens = tokenize(text)
    head, tail = _ends(text, tokens)
    return PhaseCheck("voicemail", (
        _said_name(head, prep.candidate.name, "name at the start"),
        _said_name(tail, prep.candidate.name, "name again at the end"),
        _phone_said(tokens, prep.candidate.phone),
        _said_required(text, prep.application.position, "named the position"),
        _said_interview_day(text, prep.application.interview_date),
        _asked_call_back(text),
        _short_enough(tokens, duration),
        _no_unwelcome_phrases(tokens),
    ))


def check_message(text: str, prep: Prep) -> PhaseCheck:
    """A message left with the receptionist: who you are, how to reach you, what about,
    and a narrow request; nothing desperate or presumptuous."""
    _require_text(text)
    tokens = tokenize(text)
    return PhaseCheck("message", (
        _said_name(text, prep.candidate.name, "gave your full name"),
        _phone_said(tokens, prep.candidate.phone, times=1),
        _said_required(text, prep.application.position, "named the position"),
        _asked_call_back(text),
        _no_unwelcome_phrases(tokens),
    ))


# --- names ----------------------------------------------------------------------------------


def _name_span(index: AnswerIndex, name: str) -> tuple[int, int] | None:
    """Token span of `name` when every word of it is said (misheard slightly is fine)."""
    words = content_units(name)
    if not words:
        return None
    hits = [index.best(u) for u in words]
    if all(h.score >= REQUIRED_WORD_AT for h in hits):
        return min(h.first for h in hits), max(h.last for h in hits)
    return None


def _said_name(text: str, name: str, label: str) -> Item:
    if not name.strip():
        return Item(label, False, "no name in the prep")
    index = AnswerIndex(text)
    span = _name_span(index, name)
    if span:
        return Item(label, True, index.words(*span))
    first = name.split()[0]
    if _name_span(index, first):
        return Item(label, False, f"first name only: {first}")
    return Item(label, False)


def _said_required(text: str, item: str, label: str) -> Item:
    if not item.strip():
        return Item(label, False, "not in the prep")
    result = check_answer(text, [], required=[item]).points[0]
    said = " ".join(m.answer_words for m in result.evidence)
    if result.status == COVERED:
        return Item(label, True, said)
    return Item(label, False, f"said only: {said}" if said else "")


def _asked_for_interviewer(text: str, prep: Prep) -> Item:
    label = f"asked for {prep.application.interviewer} by name"
    full = prep.application.interviewer
    if not full.strip():
        return Item(label, False, "no interviewer in the prep")
    index = AnswerIndex(text)
    span = _name_span(index, full)
    if span:
        return Item(label, True, index.words(*span))
    last = prep.interviewer_last_name
    span = _name_span(index, last)
    if span:
        before = index.tokens[span[0] - 1].form if span[0] > 0 else ""
        if before in TITLES:
            return Item(label, True, index.words(span[0] - 1, span[1]))
        return Item(label, False, f"last name only: {index.words(*span)} (say the full name or Mr./Ms. {last})")
    first = full.split()[0]
    span = _name_span(index, first) if len(full.split()) > 1 else None
    if span:
        return Item(label, False, f"first name only: {index.words(*span)} (use the full name)")
    return Item(label, False)


def _said_reason(text: str, prep: Prep) -> Item:
    low = _plain(text)
    reason = _first_match(low, _REASON)
    if reason:
        return Item("said why you are calling", True, reason)
    position = check_answer(text, [], required=[prep.application.position]).points[0] if prep.application.position else None
    if position is not None and position.status == COVERED:
        return Item("said why you are calling", True, " ".join(m.answer_words for m in position.evidence))
    return Item("said why you are calling", False)


def closing_asks(text: str) -> set[str]:
    """Which closing questions one utterance asks: "anything_else" and/or "decision"
    (the call flow answers them; check_closing scores them)."""
    return set(asks_in(text))


def said_reason(text: str, prep: Prep) -> bool:
    """Whether the caller said why they call (the receptionist asks if not)."""
    return _said_reason(text, prep).ok


# --- when you interviewed ------------------------------------------------------------------


_ORDINALS = ORDINALS


def _day_number(forms: Sequence[str], i: int) -> tuple[int, int] | None:
    """(day of month, words used) for "18", "18th", "eighteenth", "twenty first" at i."""
    form = forms[i]
    if form.isdigit() and 1 <= int(form) <= 31:
        return int(form), 1
    two = " ".join(forms[i:i + 2])
    if two in _ORDINALS:
        return _ORDINALS[two], 2
    if form in _ORDINALS:
        return _ORDINALS[form], 1
    return None


def _month(form: str) -> int | None:
    if form in MONTHS:
        return MONTHS.index(form) + 1
    return _MONTH_ABBREV.get(form)


def mentioned_days(tokens: Sequence[Token]) -> tuple[set[str], set[int], set[int]]:
    """Weekdays, days of the month and months mentioned ("last Tuesday", "on the 18th",
    "November eighteenth", "the 18th of November")."""
    forms = [t.form for t in tokens]
    weekdays = {f for f in forms if f in WEEKDAYS}
    days: set[int] = set()
    months: set[int] = set()
    for i, form in enumerate(forms):
        found = _day_number(forms, i)
        if found is None:
            if form in MONTHS and form != "may":  # "may" is a month only next to a day
                months.add(MONTHS.index(form) + 1)
            continue
        day, used = found
        before = forms[i - 1] if i else ""
        after = forms[i + used:i + used + 2]
        month_before = _month(before)
        month_after = _month(after[1]) if after[:1] == ["of"] and len(after) > 1 else None
        suffixed = form.isdigit() and after[:1] and after[0] in {"th", "st", "nd", "rd"}
        # A bare number is a day only in a date: "the 18th", "November 18", "18th of May".
        if month_before or month_after or suffixed or (before == "the" and (used == 2 or not form.isdigit() or suffixed)):
            days.add(day)
            months.update(m for m in (month_before, month_after) if m)
        elif before == "on" and not form.isdigit():
            days.add(day)
    return weekdays, days, months


def _nth(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _said_interview_day(text: str, interview: date | None) -> Item:
    label = "said when you interviewed"
    tokens = tokenize(text)
    weekdays, days, months = mentioned_days(tokens)
    said = ", ".join([*sorted(weekdays), *(f"the {_nth(d)}" for d in sorted(days)), *(MONTHS[m - 1] for m in sorted(months))])
    if interview is None:
        return Item(label, bool(weekdays or days), said)
    weekday = WEEKDAYS[interview.weekday()]
    if weekday in weekdays or interview.day in days:
        return Item(label, True, said)
    if weekdays or days:
        return Item(label, False, f"said {said}; the interview was {weekday} {interview:%B} {interview.day}")
    vague = _first_match(_plain(text), [re.compile(re.escape(p)) for p in _VAGUE_WHEN])
    if vague:
        return Item(label, False, f"vague: '{vague}'; say '{weekday}' or 'the {_nth(interview.day)}'")
    return Item(label, False)


# --- memory hook, interest -------------------------------------------------------------------


def _memory_hook(text: str, prep: Prep) -> Item:
    """The memory hook from the prep, or any other specific thing from the interview notes."""
    label = "gave a memory hook"
    recap = prep.recap
    hooks = [h for h in (recap.memory_hook, *recap.topics, *recap.said, *recap.stressed, *prep.company_facts) if h.strip()]
    if not hooks:
        return Item(label, False, "no memory hook in the prep")
    check = check_answer(text, hooks)
    best = max(check.points, key=lambda p: p.score)
    hook_result = check.points[0]
    if recap.memory_hook.strip() and hook_result.status != "missed":
        best = hook_result  # the prepared hook, even partly said, is the one to show
    if best.status == "missed":
        return Item(label, False)
    said = ", ".join(m.answer_words for m in best.evidence)
    return Item(label, True, f"{said} ({best.text})")


def _still_interested(text: str) -> Item:
    found = _first_match(_plain(text), _INTEREST)
    return Item("said you are still interested", bool(found), found)


# --- voicemail ------------------------------------------------------------------------------


def _ends(text: str, tokens: list[Token]) -> tuple[str, str]:
    """The opening and closing words of a message, not overlapping."""
    window = min(NAME_WINDOW, len(tokens) // 2)
    if window == 0:
        return text, ""
    head = text[: tokens[window - 1].end]
    tail = text[tokens[len(tokens) - window].start:]
    return head, tail


_DIGIT_WORDS = {"zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4",
                "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
_TEENS = {"ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
          "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19"}
_TENS = {"twenty": "2", "thirty": "3", "forty": "4", "fifty": "5", "sixty": "6", "seventy": "7",
         "eighty": "8", "ninety": "9"}


def digit_runs(tokens: Sequence[Token]) -> list[str]:
    """Phone-style digit strings: "555-014-2277", "five five five oh one four", "double two",
    "twenty two seventy seven". Consecutive number words and digit groups join into one run."""
    runs: list[str] = []
    current = ""
    forms = [t.form for t in tokens]
    i = 0
    while i < len(forms):
        form = forms[i]
        nxt = forms[i + 1] if i + 1 < len(forms) else ""
        piece = None
        step = 1
        if form.isdigit():
            piece = form
        elif form in {"double", "triple"} and nxt in _DIGIT_WORDS:
            piece = _DIGIT_WORDS[nxt] * (2 if form == "double" else 3)
            step = 2
        elif form in _TENS:
            if nxt in _DIGIT_WORDS and nxt not in {"zero", "oh", "o"}:
                piece, step = _TENS[form] + _DIGIT_WORDS[nxt], 2
            else:
                piece = _TENS[form] + "0"
        elif form in _TEENS:
            piece = _TEENS[form]
        elif form in _DIGIT_WORDS and (form != "o" or current):
            piece = _DIGIT_WORDS[form]
        elif form == "hundred" and current:
            piece = "00"
        if piece is None:
            if len(current) >= 3:
                runs.append(current)
            current = ""
        else:
            current += piece
        i += step
    if len(current) >= 3:
        runs.append(current)
    return runs


def _phone_said(tokens: list[Token], phone: str, times: int = 2) -> Item:
    label = "phone number said twice" if times == 2 else "left your phone number"
    digits = re.sub(r"\D", "", phone)
    runs = digit_runs(tokens)
    if not digits:
        long_runs = [r for r in runs if len(r) >= 7]
        ok = any(long_runs.count(r) >= times for r in long_runs)
        return Item(label, ok, f"{len(long_runs)} number(s) said; no phone in the prep")
    # Callers often leave out a country code: the last 10 (or 7) digits are enough.
    wanted = digits[-10:] if len(digits) >= 10 else digits
    said = sum(1 for r in runs if wanted in r or (len(wanted) > 7 and r.endswith(wanted[-7:]) and len(r) >= 7))
    if said >= times:
        return Item(label, True, f"said {said} time{'s' if said != 1 else ''}")
    return Item(label, False, f"said {said} time{'s' if said != 1 else ''}" + (f"; heard {', '.join(runs)}" if runs else ""))


def _asked_call_back(text: str) -> Item:
    found = _first_match(_plain(text), _CALL_BACK)
    return Item("asked for a call back", bool(found), found)


def _short_enough(tokens: list[Token], duration: float | None) -> Item:
    if duration is not None:
        return Item(f"{VOICEMAIL_MAX_SECONDS:.0f} seconds or less", duration <= VOICEMAIL_MAX_SECONDS, f"{duration:.0f} s")
    words = count_words(tokens)
    return Item(f"{VOICEMAIL_MAX_WORDS} words or less", words <= VOICEMAIL_MAX_WORDS, f"{words} words")


def _no_unwelcome_phrases(tokens: list[Token]) -> Item:
    found = {**count_phrases(tokens, "desperate"), **count_phrases(tokens, "presumptuous")}
    return Item("nothing desperate or presumptuous", not found, ", ".join(f'"{p}"' for p in found))


# --- phrase patterns -------------------------------------------------------------------------


def _patterns(*texts: str) -> list[re.Pattern[str]]:
    return [re.compile(rf"\b(?:{t})\b") for t in texts]


_THANKS = _patterns(r"thank(?:s| you)?", r"(?:i )?(?:really |truly )?appreciate", r"grateful")
_INTEREST = _patterns(
    r"(?:still|very|really|remain|remains|even more|genuinely|truly|definitely|quite) (?:\w+ ){0,1}(?:interested|excited|keen|enthusiastic|eager)",
    r"interested in (?:the|this) (?:role|position|job|opportunity)",
    r"excited about (?:the|this) (?:role|position|job|opportunity|team)",
    r"(?:would|id) love to (?:join|be part|work)",
    r"looking forward to",
    r"(?:am|im) (?:\w+ ){0,1}(?:interested|excited|keen|enthusiastic|eager)",
)
_REASON = _patterns(
    r"follow(?:ing)? ?up",
    r"(?:my |the |an |our )?interview",
    r"(?:my |the )?application",
    r"calling (?:about|regarding|to)",
    r"(?:the|your) (?:\w+ ){0,3}(?:position|role|opening|job)",
)
_CALL_BACK = _patterns(
    r"call (?:me )?back",
    r"(?:give|return) (?:me |my )?(?:a )?call",
    r"reach me (?:at|on)",
    r"call me (?:at|on)",
    r"get back to me",
    r"hear (?:back )?from you",
    r"return my call",
    r"contact me",
)


# --- helpers ---------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """Lower-case words separated by single spaces, apostrophes kept out ("i'd" -> "id")."""
    return " ".join(t.form for t in tokenize(text))


def _first_match(text: str, patterns: Sequence[re.Pattern[str]]) -> str:
    for pattern in patterns:
        found = pattern.search(text)
        if found:
            return found.group()
    return ""


def _joined(texts: Sequence[str] | str) -> str:
    if isinstance(texts, str):
        return texts
    for text in texts:
        _require_text(text)
    return "\n".join(texts)


def _require_text(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"expected text, not {type(text).__name__}")
