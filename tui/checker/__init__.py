"""Check an answer against prepared key points, and the phases of the call.

Lexical matching only (stems, synonyms, sound-alikes, fuzzy spelling, spoken numbers):
a few milliseconds per answer, no model to load.
"""

from tui.checker.check import check_answer, matched_spans
from tui.checker.result import COVERED, MISSED, PARTIAL, AnswerCheck, Match, PointResult

__all__ = [
    "COVERED",
    "MISSED",
    "PARTIAL",
    "AnswerCheck",
    "Match",
    "PointResult",
    "check_answer",
    "matched_spans",
]
