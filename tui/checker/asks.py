"""Asks: the questions an applicant should ask at the end of the call ("is there anything else
you'd like to know about me?", "when do you expect to decide?"), found in what they said and
in their notes. One mechanism for the call's closing phase, the prep's readiness and key
points that are asks ("ask when they'll make the decision"): an ask-point is covered only
when the answer asks it, however worded; "is there anything else I should know about the
role?" asks something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tui.checker.text import Token, tokenize

ANYTHING_ELSE = "anything_else"
DECISION = "decision"
OTHER = "other"  # a point marked as an ask ("ask about the team's shifts") of no known kind

LABELS = {
    ANYTHING_ELSE: "asked if there is anything else they'd like to know",
    DECISION: "asked about the decision timeline or next steps",
    OTHER: "asked it as a question",
}


def _offer(subject: str) -> list[str]:
    """Wordings of "is there anything else <subject> would like to know about me", where
    `subject` is who wants to know (you, or they/she/he in notes)."""
    wants = r"(?:know|ask|hear|need|see|learn|cover|discuss|go over|check|clarify)"
    mine = r"(?:tell|share|add|clarify|answer|provide|send|explain|expand|elaborate|go over|walk you|do|help|give)"
    return [
        rf"(?:anything|something) (?:else|more|further) (?:that )?{subject}(?:d|ll| would| will| might| may)?(?: \w+){{0,3}}? {wants}",
        rf"(?:anything|something) (?:else|more|further) (?:that )?i (?:can|could|should|might|may)(?: \w+){{0,2}}? {mine}",
        rf"{subject}(?:d| would)? (?:\w+ ){{0,2}}?(?:need|needs|want|wants|like) (?:anything|something) (?:else|more|further)",
        r"any (?:other|more|further) (?:questions|information|info|details|concerns)(?! (?:\w+ ){0,2}i (?:should|need|must|ought))",
        r"(?:other|more) (?:questions|information|info) (?:\w+ ){0,3}(?:about|on|for|from) (?:me|my)",
        rf"(?:can|could|may) i (?:\w+ ){{0,2}}?(?:clarify|add|tell you|share|answer|provide|send)",
        r"questions (?:\w+ ){0,2}(?:about|on) my (?:background|experience|resume|application|qualifications)",
        rf"what else (?:can|could|should) i {mine}",
        rf"what else (?:would|do|does|did) {subject} (?:\w+ ){{0,2}}?(?:need|want|like)",
    ]


_DECISION = [
    r"(?:when|whens) (?:\w+ ){0,8}?(?:decision|decide|deciding|decided|hear back|hear from|hear anything|"
    r"next steps?|expect|know more|let me know|pick|choose|select|fill (?:the|this) \w+|make (?:a|an|the|your) "
    r"(?:hire|choice|call|offer)|offer|get back to)",
    r"(?:decision|hiring|selection) (?:timeline|time ?frame|process|date|schedule)",
    r"next steps?",
    r"time ?line",
    r"time ?frame",
    r"how (?:long|soon) (?:\w+ ){0,4}?(?:take|decide|decision|process|hear|know)",
    r"by when",
]


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rf"\b(?:{p})\b") for p in patterns)


_SPOKEN = {
    ANYTHING_ELSE: _compile(_offer(r"(?:you|u)")),
    DECISION: _compile(_DECISION),
}
_IN_NOTES = {
    ANYTHING_ELSE: _compile(_offer(r"(?:you|u|they|she|he|the interviewer|the manager)")),
    DECISION: _SPOKEN[DECISION],
}
# A note that is an ask: "ask when ...", "Q: ...", "end: ...", or a question.
_ASK_MARK = re.compile(r"^(?:ask\b|(?:q|question|end|close|closing)\s*[:\-–—])", re.IGNORECASE)
_QUESTION_START = frozenset({
    "what", "whats", "when", "whens", "where", "which", "who", "whom", "whose", "why", "how", "hows",
    "is", "are", "was", "were", "do", "does", "did", "can", "could", "would", "will", "should", "may",
    "might", "have", "has", "any", "anything",
})
_WONDER = frozenset({"wondering", "wondered", "curious", "wonder"})  # "I was wondering how ..."
_LEAD_IN = frozenset({"um", "uh", "er", "so", "and", "but", "also", "okay", "ok", "well", "just", "oh", "then", "one", "last"})
QUESTION_REACH = 10  # words from the start of a clause to the asked words


@dataclass(frozen=True)
class Ask:
    kind: str
    words: str  # the words that ask it, as said (lower case)
    first: int  # token span in the text
    last: int


def _plain(tokens: list[Token]) -> tuple[str, list[int]]:
    """Word forms joined by single spaces, and the token index at each character."""
    parts, owner = [], []
    for i, token in enumerate(tokens):
        if parts:
            parts.append(" ")
            owner.append(i)
        parts.append(token.form)
        owner.extend([i] * len(token.form))
    return "".join(parts), owner


def _search(tokens: list[Token], patterns: dict[str, tuple[re.Pattern[str], ...]]) -> dict[str, Ask]:
    plain, owner = _plain(tokens)
    found: dict[str, Ask] = {}
    for kind, compiled in patterns.items():
        for pattern in compiled:
            match = pattern.search(plain)
            if match:
                first, last = owner[match.start()], owner[match.end() - 1]
                found[kind] = Ask(kind, " ".join(t.low for t in tokens[first:last + 1]), first, last)
                break
    return found


def asks_in(text: str) -> dict[str, Ask]:
    """The closing questions an utterance asks, by kind ("anything_else", "decision")."""
    return asks_in_tokens(tokenize(text))


def asks_in_tokens(tokens: list[Token]) -> dict[str, Ask]:
    return _search(tokens, _SPOKEN)


def note_asks(text: str) -> set[str]:
    """The known asks a note names, written as notes are ("ask if they need anything else",
    "decision date?"), e.g. the prep's questions to ask."""
    return set(_search(tokenize(text), _IN_NOTES))


@lru_cache(maxsize=1024)
def note_ask(text: str) -> str:
    """Which ask a key point is: "anything_else", "decision", "other" (marked as an ask or
    written as a question, of no known kind), or "" (a point to state, not to ask)."""
    tokens = tokenize(text)
    marked = bool(_ASK_MARK.search(text.strip()))
    question = text.strip().endswith("?")
    starts_as_question = bool(tokens) and tokens[0].form in _QUESTION_START
    if not (marked or question or starts_as_question):
        return ""
    found = _search(tokens, _IN_NOTES)
    if found:
        return next(iter(found))
    # Another ask when marked, or written as a whole question; "started Jan 2020?" is a doubt.
    return OTHER if marked or (question and starts_as_question) else ""


_MARK_WORDS = re.compile(r"^\s*(?:(?:ask\b|(?:q|question|end|close|closing)\s*[:\-–—])[\s:\-–—]*(?:about\b|if\b|whether\b)?)+", re.IGNORECASE)


def ask_topic(text: str) -> str:
    """What an ask-point asks about, without its marker ("ask about shifts" -> "shifts")."""
    return _MARK_WORDS.sub("", text).strip().rstrip("?").strip() or text


def in_question(text: str, tokens: list[Token], clauses: list[int], first: int) -> bool:
    """Whether token `first` sits in a question: its sentence ends with "?", or its clause
    opens with a question word ("do you ...", "I was wondering ...") not far before it."""
    def gap(i: int) -> str:
        return text[tokens[i].end:tokens[i + 1].start if i + 1 < len(tokens) else len(text)]

    end = first
    while end + 1 < len(tokens) and not re.search(r"[.!?]", gap(end)):
        end += 1
    if "?" in gap(end):
        return True
    start = first
    while start > 0 and clauses[start - 1] == clauses[first] and first - start < QUESTION_REACH:
        start -= 1
    forms = [t.form for t in tokens[start:first + 1]]
    opening = next((f for f in forms if f not in _LEAD_IN), "")
    return opening in _QUESTION_START or any(f in _WONDER for f in forms)
