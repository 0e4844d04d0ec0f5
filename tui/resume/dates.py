"""Dates and date ranges as people write them on resumes, in seven languages.

Our own small parser: dateutil turns "Jan. '19" into 1900-01 and dateparser gives a year-only
date the current month; neither knows "Present". A year-only date keeps year precision; the
words (months, seasons, "present", "bis", "depuis"...) live in assets/lists/dates.toml.

Every quantifier in these patterns is bounded, so a search costs a constant per position:
linear in the line's length, whatever the line holds.

The API:
- find_range(line, today, single=False): the first date range in a line, with its span
  (single=True also takes a lone date as a one-month stint: "Intern, Acme — June 2015");
- find_ranges(line, today): every range in a line, left to right;
- parse_date(text, today, end=False): one whole date, or None;
- is_present(text): "Present", "aujourd'hui", "настоящее время"...;
- find_dates(line, today): every single date in a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from tui.assets import load_toml
from tui.resume.model import PartialDate

_YEAR = r"(?:19[4-9]\d|20\d\d)(?:\s{0,2}(?:гг?|р)\.?(?!\w))?"  # Russian "2015 г."
_SHORT_YEAR = r"['’‘`]\d\d"
_MM = r"(?:0?[1-9]|1[0-2])"
_DD = r"(?:0?[1-9]|[12]\d|3[01])"
_SYMBOL_DASH = "-–—‒―~→\u00ad\u2010\u2011\u2212"
# Not inside a word or a number; and a cheap first look, so that a long run of spaces or
# dashes costs one test per character.
_BEFORE = r"(?=[\w'’‘`])(?<![\w/.\-'’])"
_AFTER = r"(?![\w/])"

# Words that put a year into a product name rather than a date: "Windows 2000 - 2003".
_PRODUCT_WORDS = {
    "windows", "server", "office", "sql", "excel", "word", "exchange", "studio", "iso",
    "outlook", "sharepoint", "dynamics", "access", "project", "visio", "autocad", "revit",
    "ms", "vs", "x", "ie", "netware", "ecma", "c++", "python", "java", "iec", "en", "r2",
}  # fmt: skip
_WORD_BEFORE = re.compile(r"([\w+]{1,40})\s{1,3}$")


@dataclass(frozen=True)
class DateRange:
    start: PartialDate | None
    end: PartialDate | None  # None with current=True: "Present"
    current: bool
    span: tuple[int, int]  # where in the line it was found
    text: str
    single: bool = False  # one date read as a one-month (or one-year) stint

    def describe(self) -> str:
        start = self.start.iso() if self.start else "?"
        end = "present" if self.current else (self.end.iso() if self.end else "?")
        return f"{start} .. {end}"


@dataclass(frozen=True)
class _Words:
    months: dict[str, int]
    seasons: dict[str, tuple[int, int]]
    month: str  # pattern: one month word, with an optional dot
    season: str
    present: str
    separator: str
    since: str


def _alternation(words) -> str:
    """Longest first, so that "mars" wins over "mar"; each word must end there."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word.lower()).replace("'", "['’]").replace(r"\ ", r"\s{1,3}")
        parts.append(escaped)
    return "(?:" + "|".join(parts) + ")"


@cache
def _words() -> _Words:
    data = load_toml("lists", "dates.toml")
    months = {word.lower(): int(number) for number, words in data["months"].items() for word in words}
    seasons = {word.lower(): (pair[0], pair[1]) for word, pair in data["seasons"].items()}
    dashes = rf"\s{{0,3}}[{_SYMBOL_DASH}]{{1,3}}\s{{0,3}}"
    separator = rf"(?:{dashes}|\s{{1,3}}{_alternation(data['words']['range_words'])}\s{{1,3}})"
    return _Words(
        months=months,
        seasons=seasons,
        month=_alternation(months) + r"(?!\w)\.?",
        season=_alternation(seasons) + r"(?!\w)",
        present=_alternation(data["words"]["present"]) + r"(?!\w)",
        separator=separator,
        since=_alternation(data["words"]["since_words"]),
    )


@dataclass(frozen=True)
class _Patterns:
    date_full: re.Pattern  # one date, with groups, for parse_date
    range_: re.Pattern
    open_: re.Pattern
    date: re.Pattern
    present_full: re.Pattern


@cache
def _patterns() -> _Patterns:
    w = _words()
    month, season = w.month, w.season
    day_before = r"(?:" + _DD + r"(?:er|st|nd|rd|th|\.)?\s{1,2})?"  # "15 janvier", "1er mars"
    day_after = r"(?:\s{1,2}" + _DD + r"(?:st|nd|rd|th)?,)?"  # "May 26, 2021"
    of = r"(?:\s{1,2}de)?"  # "enero de 2019", "março de 2019"
    # One date; the longer forms come first so that "01/2019" is not read as "2019".
    date_ = (
        rf"(?:{_YEAR}-(?:0[1-9]|1[0-2])(?:-\d\d)?(?!\d)"  # 2019-03, 2019-03-15
        rf"|{_YEAR}/(?:0[1-9]|1[0-2])(?![\d/])"  # 2019/03
        rf"|{day_before}{month}{day_after}{of}[\s,\-]{{0,3}}(?:{_YEAR}|{_SHORT_YEAR})"  # Jan 2019
        rf"|{season}{of}\s{{1,3}}{_YEAR}"  # Fall 2018, été 2012
        rf"|{_DD}[./]{_DD}[./]{_YEAR}"  # 15.03.2019, 15/03/2019, 03/15/2019
        rf"|{_MM}[/.\-]{_YEAR}"  # 01/2019, 10.2017
        rf"|{_MM}/\d\d(?![\d/])"  # 01/19
        rf"|{_YEAR}"  # 2019
        rf"|{_SHORT_YEAR})"  # '19
    )
    date_full = (
        rf"(?P<iso_y>{_YEAR})[-/](?P<iso_m>\d\d)(?:-\d\d)?"
        rf"|{day_before}(?P<name_m>{month}){day_after}{of}[\s,\-]{{0,3}}(?P<name_y>{_YEAR}|{_SHORT_YEAR})"
        rf"|(?P<season>{season}){of}\s{{1,3}}(?P<season_y>{_YEAR})"
        rf"|(?P<dmy_d>{_DD})[./](?P<dmy_m>{_DD})[./](?P<dmy_y>{_YEAR})"
        rf"|(?P<my_m>{_MM})[/.\-](?P<my_y>{_YEAR})"
        rf"|(?P<ms_m>{_MM})/(?P<ms_y>\d\d)"
        rf"|(?P<year>{_YEAR}|{_SHORT_YEAR})"
    )
    sep = w.separator
    present = w.present
    range_ = (
        rf"{_BEFORE}(?P<start>{date_}|(?P<bare_month>{month})(?={sep}{day_before}{month}))"
        rf"{sep}(?P<end>{date_}|(?P<present>{present})){_AFTER}"
    )
    # "Since 2019", "seit März 2020", or a range left open at the end of the line: "2019 –".
    open_ = (
        rf"(?:(?=\w)(?<!\w){w.since}\s{{1,3}}(?P<since>{date_}){_AFTER}(?!{sep}(?:{date_}|{present}))"
        rf"|{_BEFORE}(?P<open>{date_})\s{{0,3}}[{_SYMBOL_DASH}]{{1,3}}\s{{0,3}}$)"
    )
    flags = re.IGNORECASE
    return _Patterns(
        date_full=re.compile(rf"\s{{0,3}}(?:{date_full})[\s.,]{{0,3}}", flags),
        range_=re.compile(range_, flags),
        open_=re.compile(open_, flags),
        date=re.compile(rf"{_BEFORE}{date_}{_AFTER}", flags),
        present_full=re.compile(rf"[\s(\[]{{0,3}}{present}[\s.)\]]{{0,3}}", flags),
    )


def parse_date(text: str, today: date | None = None, end: bool = False) -> PartialDate | None:
    """One date ("Jan 2019", "janv. 2019", "01/2019", "2019", "'19", "Summer 2012"); None when
    the text is not one date. end=True reads a season as its last month ("Summer" = August)."""
    text = text.strip()
    if len(text) > 80:
        return None
    match = _patterns().date_full.fullmatch(text)
    if match is None:
        return None
    today = today or date.today()
    g = match.groupdict()
    if g["iso_y"]:
        return _make(_year(g["iso_y"], today), int(g["iso_m"]))
    if g["name_m"]:
        return _make(_year(g["name_y"], today), _month(g["name_m"]))
    if g["season"]:
        first, last = _words().seasons[g["season"].lower()]
        return _make(_year(g["season_y"], today), last if end else first)
    if g["dmy_d"]:
        day, month = int(g["dmy_d"]), int(g["dmy_m"])
        if month > 12:  # 03/15/2019, the US order; otherwise day first, as most of the world
            day, month = month, day
        return _make(_year(g["dmy_y"], today), month)
    if g["my_m"]:
        return _make(_year(g["my_y"], today), int(g["my_m"]))
    if g["ms_m"]:
        return _make(_year(g["ms_y"], today), int(g["ms_m"]))
    return _make(_year(g["year"], today), None)


def is_present(text: str) -> bool:
    """"Present", "Current", "aujourd'hui", "heute", "настоящее время"... (the whole text)."""
    return len(text) <= 80 and _patterns().present_full.fullmatch(text) is not None


def find_ranges(line: str, today: date | None = None) -> list[DateRange]:
    """Every date range in a line, left to right (two jobs can share a line in a table)."""
    today = today or date.today()
    found = []
    for match in _patterns().range_.finditer(line):
        value = _range_from(match, line, today)
        if value is not None:
            found.append(value)
    return found


def find_range(line: str, today: date | None = None, single: bool = False) -> DateRange | None:
    """The first plausible date range in a line, or None. "Since 2019" and "2019 –" are open
    ranges; with single=True a lone date is a stint of that month (or year, or season)."""
    today = today or date.today()
    patterns = _patterns()
    for match in patterns.range_.finditer(line):
        value = _range_from(match, line, today)
        if value is not None:
            return value
    for match in patterns.open_.finditer(line):
        text = match.group("since") or match.group("open")
        start = parse_date(text, today)
        if start is None or _after_product_word(line, match.start()):
            continue
        if start.year > today.year + 1:
            continue
        return DateRange(start, None, True, match.span(), match.group(0))
    if single:
        for match in patterns.date.finditer(line):
            if _after_product_word(line, match.start()):
                continue
            start, end = parse_date(match.group(0), today), parse_date(match.group(0), today, end=True)
            if start is None or end is None or start.year > today.year + 1:
                continue
            return DateRange(start, end, False, match.span(), match.group(0), single=True)
    return None


def find_dates(line: str, today: date | None = None) -> list[PartialDate]:
    """Every single date in a line (for education and certificate lines)."""
    today = today or date.today()
    found = []
    for match in _patterns().date.finditer(line):
        if _after_product_word(line, match.start()):
            continue
        value = parse_date(match.group(0), today)
        if value is not None:
            found.append(value)
    return found


def _range_from(match: re.Match, line: str, today: date) -> DateRange | None:
    if _after_product_word(line, match.start()):
        return None
    present = match.group("present") is not None
    end = None if present else parse_date(match.group("end"), today, end=True)
    if match.group("bare_month"):
        if end is None:
            return None  # "Jan – present" has no year to borrow
        start = _make(end.year, _month(match.group("bare_month")))
    else:
        start = parse_date(match.group("start"), today)
    if start is None or (end is None and not present):
        return None
    if end is not None and end.last_month() < start.first_month():
        return None  # "2021 - 2019" is not a range
    if start.year > today.year + 8:
        return None
    return DateRange(start, end, present, match.span(), match.group(0))


def _after_product_word(line: str, position: int) -> bool:
    word = _WORD_BEFORE.search(line[max(0, position - 48) : position])
    return bool(word) and word.group(1).lower() in _PRODUCT_WORDS


def _month(text: str) -> int:
    return _words().months[text.rstrip(".").lower()]


def _year(text: str, today: date) -> int:
    digits = text.strip("'’‘`")[:4]
    if len(digits) == 4 and digits.isdigit():
        return int(digits)
    # A two-digit year is this century unless that would be far in the future.
    year = 2000 + int(digits[:2])
    return year if year <= today.year + 10 else year - 100


def _make(year: int, month: int | None) -> PartialDate | None:
    if month is not None and not 1 <= month <= 12:
        return None
    return PartialDate(year, month)
