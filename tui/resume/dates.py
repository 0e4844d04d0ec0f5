"""Dates and date ranges as people write them on resumes.

Our own small parser: dateutil turns "Jan. '19" into 1900-01 and dateparser gives a year-only
date the current month; neither knows "Present". A year-only date keeps year precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tui.resume.model import PartialDate

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_SHORT_YEAR = r"['’‘`]\d\d"
_MM = r"(?:0?[1-9]|1[0-2])"

# One date; the longer forms come first so that "01/2019" is not read as "2019".
_DATE = (
    rf"(?:{_YEAR}-(?:0[1-9]|1[0-2])(?:-\d\d)?(?![\d])"  # 2019-03, 2019-03-15
    rf"|{_YEAR}/(?:0[1-9]|1[0-2])(?![\d/])"  # 2019/03
    rf"|{_MONTH}[\s,\-]*(?:{_YEAR}|{_SHORT_YEAR})"  # Jan 2019, Sept. 2018, Jan '19
    rf"|{_SEASON}\s+{_YEAR}"  # Fall 2018
    rf"|{_MM}[/.\-]{_YEAR}"  # 01/2019, 10.2017
    rf"|{_MM}/\d\d(?![\d/])"  # 01/19
    rf"|{_YEAR}"  # 2019
    rf"|{_SHORT_YEAR})"  # '19
)
_PRESENT = r"(?:present|current(?:ly)?|now|today|ongoing|(?:(?:till|to)\s+)?date)"
_SEP = r"(?:\s*[-–—‒―~→]+\s*|\s+(?:to|until|till|through|thru)\s+)"

_BEFORE = r"(?<![\w/.\-'’])"
_AFTER = r"(?![\w/])"

RANGE_RE = re.compile(
    rf"{_BEFORE}(?P<start>{_DATE}|(?P<bare_month>{_MONTH})(?={_SEP}{_MONTH}))"
    rf"{_SEP}(?P<end>{_DATE}|(?P<present>{_PRESENT})){_AFTER}",
    re.IGNORECASE,
)
# "Since 2019", "from Jan 2020", or a range left open at the end of the line: "2019 –".
OPEN_RE = re.compile(
    rf"(?:\b(?:since|from)\s+(?P<since>{_DATE}){_AFTER}(?!{_SEP}(?:{_DATE}|{_PRESENT}))"
    rf"|{_BEFORE}(?P<open>{_DATE})\s*[-–—]+\s*$)",
    re.IGNORECASE,
)
DATE_RE = re.compile(rf"{_BEFORE}{_DATE}{_AFTER}", re.IGNORECASE)

# Words that put a year into a product name rather than a date: "Windows 2000 - 2003".
_PRODUCT_WORDS = {
    "windows", "server", "office", "sql", "excel", "word", "exchange", "studio", "iso",
    "outlook", "sharepoint", "dynamics", "access", "project", "visio", "autocad", "revit",
    "ms", "vs", "x", "ie", "netware", "ecma", "c++", "python", "java", "iec", "en",
}  # fmt: skip
_WORD_BEFORE = re.compile(r"([\w+]+)\s+$")


@dataclass(frozen=True)
class DateRange:
    start: PartialDate | None
    end: PartialDate | None  # None with current=True: "Present"
    current: bool
    span: tuple[int, int]  # where in the line it was found
    text: str

    def describe(self) -> str:
        start = self.start.iso() if self.start else "?"
        end = "present" if self.current else (self.end.iso() if self.end else "?")
        return f"{start} .. {end}"


def parse_date(text: str, today: date | None = None) -> PartialDate | None:
    """One date ("Jan 2019", "01/2019", "2019", "'19", "Sept. 2018"); None when not a date."""
    text = text.strip().rstrip(".,").strip()
    if not text:
        return None
    today = today or date.today()
    low = text.lower()
    if match := re.fullmatch(rf"({_YEAR})[-/](\d\d)(?:-\d\d)?", low):
        return _make(int(match.group(1)), int(match.group(2)))
    if match := re.fullmatch(rf"({_MONTH})[\s,\-]*({_YEAR}|{_SHORT_YEAR})", low):
        return _make(_year(match.group(2), today), _month(match.group(1)))
    if match := re.fullmatch(rf"{_SEASON}\s+({_YEAR})", low):
        return _make(int(match.group(1)), None)
    if match := re.fullmatch(rf"({_MM})[/.\-]({_YEAR})", low):
        return _make(int(match.group(2)), int(match.group(1)))
    if match := re.fullmatch(rf"({_MM})/(\d\d)", low):
        return _make(_year(match.group(2), today), int(match.group(1)))
    if re.fullmatch(rf"{_YEAR}|{_SHORT_YEAR}", low):
        return _make(_year(low, today), None)
    return None


def find_range(line: str, today: date | None = None) -> DateRange | None:
    """The first plausible date range in a line, or None."""
    today = today or date.today()
    for match in RANGE_RE.finditer(line):
        if _after_product_word(line, match.start()):
            continue
        end_text = match.group("end")
        present = match.group("present") is not None
        end = None if present else parse_date(end_text, today)
        if match.group("bare_month"):
            if end is None:
                continue
            start = _make(end.year, _month(match.group("bare_month")))
        else:
            start = parse_date(match.group("start"), today)
        if start is None or (end is None and not present):
            continue
        if end is not None and end.last_month() < start.first_month():
            continue  # "2021 - 2019" is not a range
        if start.year > today.year + 8:
            continue
        return DateRange(start, end, present, match.span(), match.group(0))
    for match in OPEN_RE.finditer(line):
        text = match.group("since") or match.group("open")
        start = parse_date(text, today)
        if start is None or _after_product_word(line, match.start()):
            continue
        if start.year > today.year + 1:
            continue
        return DateRange(start, None, True, match.span(), match.group(0))
    return None


def find_dates(line: str, today: date | None = None) -> list[PartialDate]:
    """Every single date in a line (for education and certificate lines)."""
    today = today or date.today()
    found = []
    for match in DATE_RE.finditer(line):
        if _after_product_word(line, match.start()):
            continue
        value = parse_date(match.group(0), today)
        if value is not None:
            found.append(value)
    return found


def _after_product_word(line: str, position: int) -> bool:
    word = _WORD_BEFORE.search(line[:position])
    return bool(word) and word.group(1).lower() in _PRODUCT_WORDS


def _month(text: str) -> int:
    return MONTHS[text.strip(".").lower()[:3]]


def _year(text: str, today: date) -> int:
    digits = text.strip("'’‘`")
    if len(digits) == 4:
        return int(digits)
    # A two-digit year is this century unless that would be far in the future.
    year = 2000 + int(digits)
    return year if year <= today.year + 10 else year - 100


def _make(year: int, month: int | None) -> PartialDate | None:
    if month is not None and not 1 <= month <= 12:
        return None
    return PartialDate(year, month)
