"""Split text into words that remember where they came from, and read spoken numbers.

Each word keeps its character span so the UI can highlight it. Spoken numbers
("thirty", "twenty twenty two", "a third") become number units alongside the raw words:
the matcher looks at both, because normalising first loses misheard words such as
"eight of us" heard for "AWS".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache

from text_to_num import text2num

from tui.checker.lists import abbreviations, measure_units, phrases, word_set

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|%|&", re.UNICODE)
# Punctuation between two words that ends a clause (negation does not reach across it).
_CLAUSE_BREAK = re.compile(r"[;:,—–()]|\s-\s|->|→")
_SENTENCE_BREAK = re.compile(r"(?<![.!?])[.!?]+(?:\s|$)")  # a run starts once: linear
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
# A change said as a multiple is a percentage of change: "doubled" is up 100 %, "halved" down 50 %.
_MULTIPLES = {
    "doubled": 100.0, "doubling": 100.0, "tripled": 200.0, "tripling": 200.0, "quadrupled": 300.0,
    "halved": 50.0, "halving": 50.0,
}
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
    weak: bool = False  # not a quantity: a lone "one" (a pronoun), a clock time, a ratio ("1:1s", "24/7")
    rank: bool = False  # a place, not an amount: "2nd", "#2", "number two", "second" (in answers)
    bound: str = ""  # "min" for "15+" / "over 15", "max" for "<1h" / "under an hour"
    approx: bool = False  # "about 40", "a third"
    fraction: bool = False  # "a third", "half": a share said in words, looser than "about"
    role: str = ""  # "from" / "to" in a change ("62% -> 85%", "from 10 to 6"), "range" in "2021-22"
    measure: str = ""  # the unit said with it (units.txt): "hour" for "160-hr", "money" for "$40k"
    counts: tuple[str, ...] = ()  # the words after a count that say what it counts: ("agents",) for "9 agents"


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
    dash, an arrow, or token i is "but", "though"...), SENTENCE (a full stop, ! or ?). A
    sentence that opens with "and" ("... every 100. And we got it to 1 in 200") goes on from
    the one before: a recogniser puts full stops at pauses. The stop of a dotted initialism
    before a lower-case word ("the F.A.R. and the REG") ends nothing."""
    breaks = [SENTENCE] if tokens else []
    goes_on = word_set("sentence_continued")
    for n, (prev, tok) in enumerate(zip(tokens, tokens[1:]), start=1):
        gap = text[prev.end:tok.start]
        if gap == "." and len(prev.low) == 1 and len(tok.low) == 1:  # inside an initialism: "F.A.R", "e.g"
            breaks.append(0)
        elif _SENTENCE_BREAK.search(gap):
            initialism = len(prev.low) == 1 and n >= 2 and text[tokens[n - 2].end:prev.start] == "."
            if initialism and text[tok.start].islower() and gap.strip() == ".":
                breaks.append(0)
            else:
                breaks.append(CLAUSE if tok.form in goes_on and gap.strip() == "." else SENTENCE)
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


_ORDINAL_SUFFIXES = {"st", "nd", "rd", "th"}
_CLOCK_SUFFIXES = {"am", "pm", "oclock"}
_THOUSANDS = {"k": 1000.0, "grand": 1000.0}
_TIME_UNITS = {"hour", "day", "week", "month", "year", "minute", "shift", "semester"}
# "the one who", "one of them", "one I liked": "one" as a pronoun, not a count.
_ONE_AS_PRONOUN_AFTER = {"the", "that", "this", "which", "every", "no", "any", "each", "another", "only", "a",
                         "is", "was"}
_ONE_AS_PRONOUN_BEFORE = {"who", "that", "which", "thing", "day", "time", "way", "more", "another", "and", "or",
                          "i", "you", "we", "they", "he", "she", "it", "is", "was", "to"}
_RANK_BEFORE = {"number", "no", "ranked", "rank", "placed", "day", "week", "month", "year"}  # "#2", "day 1"


def _ordinal_words() -> dict[str, int]:
    first = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
             "eighteenth", "nineteenth"]
    names = {word: i + 1 for i, word in enumerate(first)}
    names["twentieth"] = 20
    names["thirtieth"] = 30
    for i, word in enumerate(first[:9]):
        names[f"twenty {word}"] = 21 + i
    names["thirty first"] = 31
    return names


ORDINALS = _ordinal_words()  # "second" -> 2, "twenty first" -> 21


def _suffix(forms: list[str], tokens: list[Token], unit: Unit, i: int) -> tuple[Unit, int]:
    """A word after a number that changes what it is: "%", "18th", "2 a.m.", "12k", "two dozen"."""
    if i >= len(forms):
        return unit, i
    form = forms[i]
    if form in _ORDINAL_SUFFIXES:
        return replace(unit, last=i, rank=True), i + 1
    if form in _CLOCK_SUFFIXES:
        return replace(unit, last=i, weak=True), i + 1
    if form in ("a", "p") and i + 1 < len(forms) and forms[i + 1] == "m":
        return replace(unit, last=i + 1, weak=True), i + 2
    if form in _PERCENT_WORDS:
        return replace(unit, last=i, percent=True), i + 1
    if form == "per" and i + 1 < len(forms) and forms[i + 1] == "cent":
        return replace(unit, last=i + 1, percent=True), i + 2
    joined = tokens[i].start == tokens[i - 1].end
    if form in _THOUSANDS and (joined or form == "grand"):
        value = unit.value * _THOUSANDS[form]
        return replace(unit, form=_number_form(value), last=i, value=value), i + 1
    if form in ("dozen", "dozens"):
        value = unit.value * 12
        return replace(unit, form=_number_form(value), last=i, value=value, approx=form == "dozens"), i + 1
    return unit, i


@cache
def _qualifiers(name: str) -> tuple[dict[str, list[tuple[str, ...]]], dict[str, list[tuple[str, ...]]]]:
    """A qualifier list's phrases said before a number, keyed by their last word, and said
    after it ("… or more"), keyed by their first word."""
    before: dict[str, list[tuple[str, ...]]] = {}
    after: dict[str, list[tuple[str, ...]]] = {}
    for entry in phrases(name):
        if entry[0] == "…":
            if len(entry) > 1:
                after.setdefault(entry[1], []).append(entry[1:])
        else:
            before.setdefault(entry[-1], []).append(entry)
    return before, after


def _said_before(forms: list[str], first: int, name: str) -> bool:
    if not first:
        return False
    return any(tuple(forms[max(first - len(e), 0):first]) == e for e in _qualifiers(name)[0].get(forms[first - 1], ()))


def _said_after(forms: list[str], last: int, name: str) -> int:
    """Words of a "… or more" phrase right after a number (0 if none)."""
    if last + 1 >= len(forms):
        return 0
    for entry in _qualifiers(name)[1].get(forms[last + 1], ()):
        if tuple(forms[last + 1:last + 1 + len(entry)]) == entry:
            return len(entry)
    return 0


def _char(text: str, at: int) -> str:
    return text[at] if 0 <= at < len(text) else ""


_PAIR = re.compile(r"(?<!\d)(\d+)([:/])(\d+)")  # a number starts once: linear


def _ratio_part(text: str, tokens: list[Token], unit: Unit) -> bool:
    """Whether a number is part of "a:b" or "a/b" other than the count in "3/4" (3 of 4)."""
    if not text:
        return False
    start, end = tokens[unit.first].start, tokens[unit.last].end
    window = text[max(start - 6, 0):end + 6]
    offset = max(start - 6, 0)
    for m in _PAIR.finditer(window):
        a_start, b_start = offset + m.start(1), offset + m.start(3)
        if start not in (a_start, b_start):
            continue
        a, b = int(m.group(1)), int(m.group(3))
        if m.group(2) == "/" and a < b and start == a_start:
            return False  # "passed 3/4 sections": 3 is a count
        return True
    return False


def _in_a_name(text: str, tokens: list[Token], unit: Unit) -> bool:
    """ "Bistro Nine", "Studio Five": a capitalised number word right after a capitalised
    word is part of a name (number words are written in lower case)."""
    first = unit.first
    if not text or first == 0 or unit.first != unit.last or tokens[first].form[:1].isdigit():
        return False
    word, previous = tokens[first], tokens[first - 1]
    gap = text[previous.end:word.start]
    return text[word.start].isupper() and text[previous.start].isupper() and gap.strip() == "" and previous.low != "i"


def _qualify(forms: list[str], tokens: list[Token], text: str, unit: Unit) -> tuple[Unit, int]:
    """Marks from the words and signs around a number: bounds, approximation, rank, ratio.
    Returns the unit and how many words after it were used."""
    first, last = unit.first, unit.last
    before, after = _char(text, tokens[first].start - 1), _char(text, tokens[last].end)
    used = 0
    changes: dict = {}
    if before == "#" or (first and forms[first - 1] in _RANK_BEFORE and not unit.percent):
        changes["rank"], changes["weak"] = True, False  # "day one I ...": a rank, not the pronoun
    if _ratio_part(text, tokens, unit) or before.isalpha() or _in_a_name(text, tokens, unit):
        changes["weak"] = True  # "1:1s", "24/7", "9:30", the 4 of "3/4", "b4", "k8s": not an amount
    if after == "+" or before == ">" or _said_before(forms, first, "number_at_least"):
        changes["bound"] = "min"
    elif before == "<" or _said_before(forms, first, "number_at_most"):
        changes["bound"] = "max"
    nxt = forms[last + 1] if last + 1 < len(forms) else ""
    named = measure_units()
    if nxt in named:
        changes["measure"] = named[nxt]
    elif nxt in ("full", "whole", "straight") and last + 2 < len(forms) and forms[last + 2] in named:
        changes["measure"] = named[forms[last + 2]]  # "two full years"
    elif named.get(before) == "money" or named.get(forms[last]) == "money":
        changes["measure"] = "money"  # "$40k", "twelve grand"
    elif not unit.percent:
        changes["counts"] = _counted(forms, last + 1)
    for name, key, value in (("number_at_least", "bound", "min"), ("number_at_most", "bound", "max"),
                             ("number_about", "approx", True)):
        n = _said_after(forms, last, name)
        if n:
            changes[key], used = value, n
            break
    if before == "~" or _said_before(forms, first, "number_about"):
        changes["approx"] = True
    return (replace(unit, **changes) if changes else unit), used


def _counted(forms: list[str], i: int) -> tuple[str, ...]:
    """The content words right after a figure, up to two ("9 support agents"): what it counts.
    Fillers are skipped ("seven um agents"); a little word ends them ("7 of them": none)."""
    little = word_set("stopwords") | word_set("negations")
    fillers = word_set("fillers")
    out: list[str] = []
    for form in forms[i:i + 4]:
        if form in fillers:
            continue
        if form in little or not form.isalpha() or form in _NUMBER_WORDS or len(out) == 2:
            break
        out.append(form)
    return tuple(out)


@cache
def _change_words() -> frozenset[str]:
    return frozenset({"by"} | {" ".join(p) for p in phrases("direction_down") + phrases("direction_up")})


def _written_share(forms: list[str], tokens: list[Token], text: str, i: int) -> Unit | None:
    """ "down 2/3", "by 1/4": a written fraction after a change word is a share (a percentage);
    elsewhere "3/4 sections" is 3 of 4."""
    if not text or i + 1 >= len(forms) or not (forms[i].isdigit() and forms[i + 1].isdigit()):
        return None
    if text[tokens[i].end:tokens[i + 1].start] != "/" or not i:
        return None
    a, b = int(forms[i]), int(forms[i + 1])
    if not 0 < a < b or forms[i - 1] not in _change_words():
        return None
    value = 100 * a / b
    return Unit(f"{value:.0f}", i, i + 1, value, percent=True, approx=True, fraction=True)


def units(tokens: list[Token], text: str = "", ordinal_words: bool = False) -> list[Unit]:
    """Words with spoken and written numbers read as values (percent attached). With `text`
    (the string the tokens came from) signs count too: "15+", "<1h", "#2", "1:1", "62% -> 85%".
    `ordinal_words` reads "second" as the rank 2 (for answers; notes keep such words)."""
    forms = [t.form for t in tokens]
    out: list[Unit] = []
    i = 0
    while i < len(forms):
        gap = text[tokens[i].end:tokens[i + 1].start] if text and i + 1 < len(forms) else None
        glued = forms[i] + gap + forms[i + 1] if gap in ("", "/") else ""
        if glued in abbreviations():  # "b4", "w/o" as written: one short form
            out.append(Unit(glued, i, i + 1))
            i += 2
            continue
        share = _written_share(forms, tokens, text, i)
        if share:
            out.append(share)
            i = share.last + 1
            continue
        unit, i = _year_in_parts(forms, tokens, text, i) or _read_unit(forms, i, ordinal_words, out)
        if unit.value is not None:
            unit, i = _suffix(forms, tokens, unit, i)
            unit, used = _qualify(forms, tokens, text, unit)
            i += used
        out.append(unit)
    return _changes(forms, tokens, text, out)


_ARROW = re.compile(r"->|→|=>")
_RANGE = re.compile(r"^\s*[-–]\s*$")


def _changes(forms: list[str], tokens: list[Token], text: str, read: list[Unit]) -> list[Unit]:
    """Mark "from" and "to" in a change ("62% -> 85%", "from 62 to 75 percent", "10 to 6")
    and both ends of a range ("2021-22", "10-12"); a year range's short end becomes a year."""
    out = list(read)
    numbers = [k for k, u in enumerate(out) if u.value is not None and not u.weak]
    for a, b in zip(numbers, numbers[1:]):
        x, y = out[a], out[b]
        if x.role or b - a > 3:
            continue
        gap = text[tokens[x.last].end:tokens[y.first].start] if text else ""
        between = forms[x.last + 1:y.first]
        if _ARROW.search(gap) or between == ["to"]:
            role_x, role_y = "from", "to"
        elif text and _RANGE.match(gap) and not between:
            role_x = role_y = "range"
            if _year(x.value) and y.value is not None and y.value < 100:
                value = x.value // 100 * 100 + y.value
                y = replace(y, form=_number_form(value), value=value)
        else:
            continue
        percent = x.percent or y.percent
        out[a] = replace(x, role=role_x, percent=percent)
        out[b] = replace(y, role=role_y, percent=percent)
    return out


def _year(value: float | None) -> bool:
    return value is not None and float(value).is_integer() and 1900 <= value <= 2100


def _year_in_parts(forms: list[str], tokens: list[Token], text: str, i: int) -> tuple[Unit, int] | None:
    """A year a recogniser wrote in two parts, after a word that leads to a year
    ("in 20 27", "since 2000 and 19", "by 2000 and twenty"): 2027, 2019, 2020."""
    if not i or forms[i - 1] not in word_set("year_before") or i + 1 >= len(forms):
        return None
    if forms[i] in ("19", "20") and len(forms[i + 1]) == 2 and forms[i + 1].isdigit():
        if text and text[tokens[i].end:tokens[i + 1].start].strip(" "):  # "in 20, 27": two figures
            return None
        value, end = int(forms[i]) * 100 + int(forms[i + 1]), i + 2
    elif forms[i] == "2000" and forms[i + 1] == "and" and i + 2 < len(forms):
        part = forms[i + 2]
        spoken = None if part.isdigit() else _longest_spoken(forms, i + 2, limit=2)
        small, end = (int(part), i + 3) if part.isdigit() and len(part) <= 2 else spoken or (0, 0)
        if not 0 < small < 100:
            return None
        value = 2000 + small
    else:
        return None
    return Unit(str(value), i, end - 1, float(value)), end


def _read_unit(forms: list[str], i: int, ordinal_words: bool, out: list[Unit]) -> tuple[Unit, int]:
    form = forms[i]
    nxt = forms[i + 1] if i + 1 < len(forms) else ""
    if form in ("a", "one") and nxt == "dozen":
        if forms[i + 2:i + 5] == ["and", "a", "half"]:
            return Unit("18", i, i + 4, 18.0), i + 5
        return Unit("12", i, i + 1, 12.0), i + 2
    if form == "half" and forms[i + 1:i + 3] == ["a", "dozen"]:
        return Unit("6", i, i + 2, 6.0), i + 3
    after_amount = any(u.value is not None and not _year(u.value) for u in out[-3:])
    if form in _FRACTION_STARTS and not (form == "a" and after_amount):  # "9 a quarter" is a rate
        for phrase, value in _FRACTIONS.items():
            if tuple(forms[i:i + len(phrase)]) == phrase:
                end = i + len(phrase)
                return Unit(f"{value:.0f}", i, end - 1, value, percent=True, approx=True, fraction=True), end
    if form in _MULTIPLES:
        value = _MULTIPLES[form]
        return Unit(f"{value:.0f}", i, i, value, percent=True, approx=True, fraction=True), i + 1
    if form in ("a", "an") and nxt in _TIME_UNITS and not after_amount:
        return Unit("1", i, i + 1, 1.0), i + 2  # "under an hour", "for about a year" (not "ten a year")
    if ordinal_words:
        two = f"{form} {nxt}"
        if two in ORDINALS:
            return Unit(str(ORDINALS[two]), i, i + 1, float(ORDINALS[two]), rank=True), i + 2
        if form in ORDINALS:
            return Unit(str(ORDINALS[form]), i, i, float(ORDINALS[form]), rank=True), i + 1
    value = _digits_value(form)
    if value is not None:
        return Unit(_number_form(value), i, i, value), i + 1
    if form not in _NUMBER_WORDS:
        return Unit(form, i, i), i + 1
    found = _spoken_year(forms, i) or _longest_spoken(forms, i)
    if found:
        value, end = found
        weak = end == i + 1 and form == "one" and (  # "the one who", "one of them": not a count
            (i and forms[i - 1] in _ONE_AS_PRONOUN_AFTER) or nxt in ("of", "") or nxt in _ONE_AS_PRONOUN_BEFORE)
        return Unit(_number_form(value), i, end - 1, float(value), weak=weak), end
    return Unit(form, i, i), i + 1


def says_number(form: str) -> bool:
    """Whether a word form is a number, written or spoken ("20", "twenty"; not "one" alone)."""
    return form[:1].isdigit() or form in _NUMBER_WORDS


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
