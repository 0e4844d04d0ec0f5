"""Fillers, hedges and pace: what the answer sounded like, apart from its content."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache

from tui.checker.lists import phrases
from tui.checker.text import Token

# "I like the team", "would like to", "looks like": "like" as a verb or comparison.
_LIKE_NOT_FILLER_BEFORE = {
    "i", "you", "we", "they", "would", "wouldd", "id", "youd", "wed", "theyd", "dont", "didnt",
    "doesnt", "really", "also", "look", "looks", "looked", "sound", "sounds", "sounded", "feel",
    "feels", "felt", "seem", "seems", "seemed", "something", "anything", "nothing", "more",
    "much", "just", "is", "was", "be", "are", "people", "things", "to", "not", "might",
}
# "what kind of role", "a sort of thing": a real noun phrase, not a filler or hedge.
_KIND_NOT_FILLER_BEFORE = {"what", "which", "this", "that", "a", "the", "any", "some", "same", "every", "one", "all", "those", "these", "different"}
# "do you know", "if you know": a real question, not a filler.
_YOU_KNOW_NOT_FILLER_BEFORE = {"do", "did", "if", "dont", "didnt", "would", "as", "whether", "what"}


def _is_real_use(words: tuple[str, ...], forms: list[str], i: int) -> bool:
    before = forms[i - 1] if i > 0 else ""
    if words == ("like",):
        return before in _LIKE_NOT_FILLER_BEFORE
    if words in (("kind", "of"), ("sort", "of")):
        return before in _KIND_NOT_FILLER_BEFORE
    if words == ("you", "know"):
        after = forms[i + 2] if i + 2 < len(forms) else ""
        return before in _YOU_KNOW_NOT_FILLER_BEFORE or after in {"what", "how", "that", "about", "the"}
    if words == ("i", "mean"):
        return before in {"what", "if"}
    return False


@cache
def _entries_by_first_word(list_name: str) -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """first word -> (phrase as listed, phrase without apostrophes), longest first."""
    index: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for words in phrases(list_name):
        plain = tuple(w.replace("'", "") for w in words)
        index.setdefault(plain[0], []).append((words, plain))
    return index


def count_phrases(tokens: Sequence[Token], list_name: str) -> dict[str, int]:
    """Occurrences of the list's phrases, longest match first, without overlaps."""
    forms = [t.low.replace("'", "") for t in tokens]
    by_first = _entries_by_first_word(list_name)
    counts: Counter[str] = Counter()
    i = 0
    while i < len(forms):
        for words, plain in by_first.get(forms[i], ()):
            n = len(plain)
            if tuple(forms[i:i + n]) == plain and not _is_real_use(plain, forms, i):
                counts[" ".join(words)] += 1
                i += n
                break
        else:
            i += 1
    return dict(counts)


def count_words(tokens: Sequence[Token]) -> int:
    return sum(1 for t in tokens if t.low not in {"%", "&"})


def words_per_minute(words: int, duration: float | None) -> float | None:
    if duration is None or duration <= 0:
        return None
    return words / duration * 60.0
