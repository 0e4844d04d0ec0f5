"""Check an answer against prepared key points, and the phases of the call.

Words first (stems, synonyms, sound-alikes, fuzzy spelling, spoken numbers: a few
milliseconds per answer); then the meaning check (checker/semantic.py, a small ONNX model
loaded on first use) credits points said in other words that the words alone missed.
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
