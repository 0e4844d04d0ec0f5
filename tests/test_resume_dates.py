"""Date ranges as people write them on resumes, and the section finder, on any text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.resume.dates import find_dates, find_range, parse_date
from tui.resume.model import PartialDate
from tui.resume.sections import heading_kind, split_sections
from tui.resume.textparse import parse_resume_text

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("Senior Engineer, Acme Corp — Jan 2019 – Mar 2021", "2019-01", "2021-03"),
        ("Acme Corp | Senior Engineer | 2019-2021", "2019", "2021"),
        ("January 2019 - Present", "2019-01", None),
        ("2019–2021", "2019", "2021"),
        ("2019—2021", "2019", "2021"),
        ("01/2019 – 03/2021", "2019-01", "2021-03"),
        ("1/2019 - 3/2021", "2019-01", "2021-03"),
        ("Sept. 2018 to now", "2018-09", None),
        ("2019 - Current", "2019", None),
        ("Jan '19 - Dec '20", "2019-01", "2020-12"),
        ("Jan ’19 – Present", "2019-01", None),
        ("2016-03 to 2019-12", "2016-03", "2019-12"),
        ("10.2017 - 02.2019", "2017-10", "2019-02"),
        ("Jan – Mar 2021", "2021-01", "2021-03"),
        ("Since 2019", "2019", None),
        ("since March 2020", "2020-03", None),
        ("Jan 2019 –", "2019-01", None),
        ("May 2018 – till date", "2018-05", None),
        ("Feb. 2020 — Present", "2020-02", None),
        ("Mar 2016 - Dec 2019 (3 yrs 10 mos)", "2016-03", "2019-12"),
        ("Summer 2019 – Fall 2019", "2019", "2019"),
        ("December 2019 through August 2021", "2019-12", "2021-08"),
        ("2019/03 - 2020/11", "2019-03", "2020-11"),
        ("jun 2014 until feb 2016", "2014-06", "2016-02"),
    ],
)
def test_date_ranges_as_people_write_them(line: str, start: str, end: str | None) -> None:
    found = find_range(line, TODAY)
    assert found is not None, line
    assert found.start is not None and found.start.iso() == start
    if end is None:
        assert found.current and found.end is None
    else:
        assert not found.current and found.end is not None and found.end.iso() == end


@pytest.mark.parametrize(
    "line",
    [
        "Windows 2000 - 2003",
        "Supported the Windows 2000 - 2003 migration",
        "SQL Server 2008 - 2012 upgrade",
        "2021 - 2019",  # backwards
        "20 - 30 people",
        "500-2000 users",
        "Python 3.8 - 3.11",
        "Engineer  2019",  # one date is not a range
        "Reduced costs by 30% in Q3",
    ],
)
def test_not_date_ranges(line: str) -> None:
    assert find_range(line, TODAY) is None


def test_year_only_dates_keep_year_precision() -> None:
    found = find_range("2019 - 2021", TODAY)
    assert found is not None
    assert found.start == PartialDate(2019) and found.start.month is None
    assert found.end == PartialDate(2021)
    assert found.start.first_month() == 2019 * 12 and found.end.last_month() == 2021 * 12 + 11


def test_single_dates() -> None:
    assert parse_date("Sept. 2018") == PartialDate(2018, 9)
    assert parse_date("'19", TODAY) == PartialDate(2019)
    assert parse_date("'95", TODAY) == PartialDate(1995)
    assert parse_date("01/2019") == PartialDate(2019, 1)
    assert parse_date("13/2019") is None
    assert parse_date("hello") is None
    assert find_dates("B.S. Computer Science, expected May 2027", TODAY) == [PartialDate(2027, 5)]


MONTH_NAMES = ["Jan", "January", "Feb", "Sept.", "Sep", "Oct", "December"]
MONTH_NUMBERS = {"Jan": 1, "January": 1, "Feb": 2, "Sept.": 9, "Sep": 9, "Oct": 10, "December": 12}


@given(
    start_year=st.integers(1960, 2025),
    length=st.integers(0, 30),
    month_a=st.sampled_from(MONTH_NAMES),
    month_b=st.sampled_from(MONTH_NAMES),
    dash=st.sampled_from([" - ", " – ", "—", " to ", "-", " – "]),
    style=st.sampled_from(["name", "numeric", "year", "iso"]),
)
def test_generated_ranges_round_trip(start_year, length, month_a, month_b, dash, style) -> None:
    end_year = start_year + length
    if end_year > 2026:
        end_year = 2026
    ma, mb = MONTH_NUMBERS[month_a], MONTH_NUMBERS[month_b]
    if (end_year, mb) < (start_year, ma):
        ma, month_a, mb, month_b = mb, month_b, ma, month_a
        if (end_year, mb) < (start_year, ma):
            end_year = start_year
    text = {
        "name": f"{month_a} {start_year}{dash}{month_b} {end_year}",
        "numeric": f"{ma:02d}/{start_year}{dash}{mb:02d}/{end_year}",
        "year": f"{start_year}{dash}{end_year}",
        "iso": f"{start_year}-{ma:02d}{dash if dash.strip() != '-' else ' - '}{end_year}-{mb:02d}",
    }[style]
    found = find_range(f"Engineer, Acme — {text}", TODAY)
    assert found is not None, text
    if style == "year":
        assert (found.start, found.end) == (PartialDate(start_year), PartialDate(end_year))
    else:
        assert (found.start, found.end) == (PartialDate(start_year, ma), PartialDate(end_year, mb))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_date_parser_never_crashes(text: str) -> None:
    found = find_range(text, TODAY)
    if found is not None:
        assert found.start is not None
        assert found.end is None or found.end.last_month() >= found.start.first_month()
    for value in find_dates(text, TODAY):
        assert 1900 <= value.year <= 2100
    parse_date(text, TODAY)


RESUMEISH = st.lists(
    st.one_of(
        st.text(max_size=60),
        st.sampled_from(
            ["## Experience", "**Work History**", "Skills:", "EDUCATION", "-----", "• Led a team of 5",
             "Jan 2019 – Present", "Engineer, Acme — 2019-2021", "| a | b |", "|---|---|", "* ", "# ",
             "Skills: Python, Go", "Windows 2000 - 2003", "'19 - '20", "Projects", "Certifications"]
        ),
    ),
    max_size=40,
).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(RESUMEISH)
def test_section_finder_and_parser_never_crash(text: str) -> None:
    sections = split_sections(text)
    assert sections and sections[0].kind == "top"
    resume = parse_resume_text(text, TODAY)
    for job in resume.work:
        assert job.start is not None
    resume.to_json_resume()


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("## EXPERIENCE", "work"),
        ("Work History", "work"),
        ("Professional Experience:", "work"),
        ("EMPLOYMENT", "work"),
        ("Education", "education"),
        ("Technical Skills", "skills"),
        ("Skills & Tools", "skills"),
        ("Licenses & Certifications", "certificates"),
        ("Projects", "projects"),
        ("Led the experience team", None),
        ("Senior Engineer, Acme Corp", None),
    ],
)
def test_heading_kinds(line: str, kind: str | None) -> None:
    from tui.resume.sections import clean_line

    assert heading_kind(clean_line(line)) == kind


def test_headings_in_any_formatting() -> None:
    text = "\n".join(
        ["Jane Doe", "**Work History**", "Engineer, Acme — 2019-2021", "Skills", "======", "Go, Rust", "Experience:",
         "Developer, Initech — 2015-2018", "<u>x</u>"]
    )
    kinds = [s.kind for s in split_sections(text)]
    assert kinds == ["top", "work", "skills", "work"]
