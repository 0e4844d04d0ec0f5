"""Split text into words that remember where they came from, and read spoken numbers.

Each word keeps its character span so the UI can highlight it. Spoken numbers
("thirty", "twenty twenty two", "a third") become number units alongside the raw words:
the matcher looks at both, because normalising first loses misheard words such as
"eight of us" heard for "AWS".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from text_to_num import text2num

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|%|&", re.UNICODE)
# Punctuation between two words that ends a clause (negation does not reach across it).
_CLAUSE_BREAK = re.compile(r"[;:,—–()]|\s-\s|->|→")
_SENTENCE_BREAK = re.compile(r"[.!?]+(?:\s|$)")
# Words that open a contrasting clause even without a comma ("I haven't run it but I have ...").
_CONTRAST = {"but", "though", "although", "however", "whereas", "except"}
CLAUSE, SENTENCE = 1, 2

_UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred", "thousand", "million", "billion"}
_NUMBER_WORDS = (set(_UNITS) - {"oh"}) | set(_TENS) | _SCALES
# Fractions people say for percentages: "cut costs by a third".
_FRACTIONS = {
    ("a", "third"): 100 / 3, ("one", "third"): 100 / 3, ("two", "thirds"): 200 / 3,
    ("a", "quarter"): 25.0, ("one", "quarter"): 25.0, ("three", "quarters"): 75.0,
    ("a", "half"): 50.0, ("half",): 50.0, ("one", "half"): 50.0,
}
_FRACTION_STARTS = {phrase[0] for phrase in _FRACTIONS}
_PERCENT_WORDS = {"percent", "pct", "%", "percentage"}


@dataclass(frozen=True)
class Token:
    low: str  # lower-case, typographic apostrophes made plain
    form: str  # for matching: no accents, no apostrophes, no possessive 's
    start: int
    end: int


@dataclass(frozen=True)
class Unit:
    """A word, or a spoken/written number spanning one or more tokens."""

    form: str
    first: int  # token index
    last: int  # token index, inclusive
    value: float | None = None
    percent: bool = False
    weak: bool = False  # not a quantity: a lone "one" (a pronoun), an ordinal ("the 18th")


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _form(low: str) -> str:
    if low == "%":
        return "percent"
    if low == "&":
        return "and"
    word = _strip_accents(low)
    if word.endswith("'s"):
        word = word[:-2]
    return word.replace("'", "")


def tokenize(text: str) -> list[Token]:
    tokens = []
    for m in _WORD.finditer(text):
        low = m.group().lower().replace("’", "'")
        tokens.append(Token(low, _form(low), m.start(), m.end()))
    return tokens


def clause_breaks(text: str, tokens: list[Token]) -> list[int]:
    """breaks[i] says what separates token i-1 from token i: 0 nothing, CLAUSE (a comma, a
    dash, an arrow, or token i is "but", "though"...), SENTENCE (a full stop, ! or ?)."""
    breaks = [SENTENCE] if tokens else []
    for prev, tok in zip(tokens, tokens[1:]):
        gap = text[prev.end:tok.start]
        if _SENTENCE_BREAK.search(gap):
            breaks.append(SENTENCE)
        elif _CLAUSE_BREAK.search(gap) or tok.form in _CONTRAST or gap.strip() == ".":
            breaks.append(CLAUSE)
        else:
            breaks.append(0)
    return breaks


def clause_ids(breaks: list[int]) -> tuple[list[int], list[int]]:
    """(clause number, sentence number) of every token, from clause_breaks."""
    clauses, sentences = [], []
    clause = sentence = -1
    for kind in breaks:
        clause += kind > 0
        sentence += kind == SENTENCE
        clauses.append(clause)
        sentences.append(sentence)
    return clauses, sentences


def _digits_value(form: str) -> float | None:
    if not form[:1].isdigit():
        return None
    plain = form.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", form) else form
    try:
        return float(plain)
    except ValueError:
        return None


def _spoken_value(words: list[str]) -> int | None:
    if not words or words[-1] == "and" or words[0] == "and":
        return None
    try:
        return text2num(" ".join(words), "en")
    except ValueError:
        return None


def _longest_spoken(forms: list[str], i: int, limit: int = 7) -> tuple[int, int] | None:
    """The longest run of number words starting at i: (value, end index exclusive)."""
    if forms[i] not in _NUMBER_WORDS:
        return None
    end = i
    while end < len(forms) and end - i < limit and (forms[end] in _NUMBER_WORDS or forms[end] == "and"):
        end += 1
    for stop in range(end, i, -1):
        value = _spoken_value(forms[i:stop])
        if value is not None:
            return value, stop
    return None


def _spoken_year(forms: list[str], i: int) -> tuple[int, int] | None:
    """ "twenty twenty two" -> 2022, "nineteen ninety nine" -> 1999, "twenty oh five" -> 2005."""
    century = {"nineteen": 1900, "twenty": 2000}.get(forms[i])
    if century is None or i + 1 >= len(forms):
        return None
    j = i + 1
    if forms[j] == "oh" and j + 1 < len(forms) and _UNITS.get(forms[j + 1], 0) in range(1, 10):
        return century + _UNITS[forms[j + 1]], j + 2
    if forms[j] == "hundred":
        return None
    rest = _longest_spoken(forms, j, limit=2)
    if rest and 10 <= rest[0] <= 99:
        return century + rest[0], rest[1]
    return None


_ORDINAL_SUFFIXES = {"st", "nd", "rd", "th", "am", "pm", "oclock"}


def _not_quantity_suffix(forms: list[str], i: int) -> int:
    """How many words after a number make it an ordinal or a clock time (0 if none)."""
    if forms[i] in _ORDINAL_SUFFIXES:
        return 1
    if forms[i] in ("a", "p") and i + 1 < len(forms) and forms[i + 1] == "m":
        return 2
    return 0


def units(tokens: list[Token]) -> list[Unit]:
    """Words with spoken and written numbers read as values (percent attached)."""
    forms = [t.form for t in tokens]
    out: list[Unit] = []
    i = 0
    while i < len(forms):
        unit, i = _read_unit(forms, i)
        if unit.value is not None and i < len(forms):
            # "30 %", "thirty percent", "thirty per cent"
            suffix = _not_quantity_suffix(forms, i)
            if suffix:  # "the 18th", "2 a.m.": a date, a rank or a time, not a quantity
                unit = Unit(unit.form, unit.first, i + suffix - 1, unit.value, weak=True)
                i += suffix
            elif forms[i] in _PERCENT_WORDS:
                unit = Unit(unit.form, unit.first, i, unit.value, percent=True)
                i += 1
            elif forms[i] == "per" and i + 1 < len(forms) and forms[i + 1] == "cent":
                unit = Unit(unit.form, unit.first, i + 1, unit.value, percent=True)
                i += 2
        out.append(unit)
    return out


def _read_unit(forms: list[str], i: int) -> tuple[Unit, int]:
    if forms[i] in _FRACTION_STARTS:
        for phrase, value in _FRACTIONS.items():
            if tuple(forms[i:i + len(phrase)]) == phrase:
                end = i + len(phrase)
                return Unit(f"{value:.0f}", i, end - 1, value, percent=True), end
    value = _digits_value(forms[i])
    if value is not None:
        return Unit(_number_form(value), i, i, value), i + 1
    if forms[i] not in _NUMBER_WORDS:
        return Unit(forms[i], i, i), i + 1
    found = _spoken_year(forms, i) or _longest_spoken(forms, i)
    if found:
        value, end = found
        weak = end == i + 1 and forms[i] == "one"
        return Unit(_number_form(value), i, end - 1, float(value), weak=weak), end
    return Unit(forms[i], i, i), i + 1


def _number_form(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def spell_small(value: float) -> str | None:
    """0..99 as words ("8" -> "eight"), for matching misheard numbers by sound."""
    if not float(value).is_integer() or not 0 <= value < 100:
        return None
    n = int(value)
    names = {v: k for k, v in _UNITS.items() if k != "oh"}
    if n < 20:
        return names[n]
    tens = {v: k for k, v in _TENS.items()}[n - n % 10]
    return tens if n % 10 == 0 else f"{tens} {names[n % 10]}"
