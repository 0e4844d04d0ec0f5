"""How long one answer may be: the command line and the app refuse longer ones alike.

One answer is a few hundred words; more is the wrong file or a paste gone wrong, and slow to
check (~25 µs a word; one 280 KB line of a single token took the checker 4 s).
"""

from __future__ import annotations

MAX_ANSWER_WORDS, MAX_ANSWER_CHARS = 5000, 40_000


def too_long(answer: str) -> str:
    """Why `answer` is too long to check ("has 6,001 words; ..."), or "" when it is not."""
    words = len(answer.split())
    if words > MAX_ANSWER_WORDS:
        return f"has {words:,} words; one answer is checked up to {MAX_ANSWER_WORDS:,}"
    if len(answer) > MAX_ANSWER_CHARS:
        return f"has {len(answer):,} characters; one answer is checked up to {MAX_ANSWER_CHARS:,}"
    return ""
