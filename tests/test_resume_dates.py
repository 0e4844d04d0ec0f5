"""Date ranges as people write them on resumes, and the section finder, on any text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.resume.dates import find_dates, find_range, find_ranges, is_present, parse_date
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
        ("Summer 2019 – Fall 2019", "2019-06", "2019-09"),
        ("Fall 2009 - June 2011", "2009-09", "2011-06"),
        ("Summer 2012 – Summer 2013", "2012-06", "2013-08"),
        ("December 2019 through August 2021", "2019-12", "2021-08"),
        ("2019/03 - 2020/11", "2019-03", "2020-11"),
        ("jun 2014 until feb 2016", "2014-06", "2016-02"),
        ("2010 – Current, 4.5 years", "2010", None),
        ("March 2021 -- November 2025", "2021-03", "2025-11"),
        ("2019\u00ad2021", "2019", "2021"),  # soft hyphen
        ("2019 \u2212 2021", "2019", "2021"),  # minus sign
        ("2013-10-31 - 2015-03-01", "2013-10", "2015-03"),
        ("15.03.2019 - 30.06.2020", "2019-03", "2020-06"),
        ("03/15/2019 - 06/30/2020", "2019-03", "2020-06"),  # the US order when the day shows it
        ("May 26, 2019 – June 2, 2020", "2019-05", "2020-06"),
        # French
        ("janv. 2019 – mars 2021", "2019-01", "2021-03"),
        ("Septembre 2015 à aujourd'hui", "2015-09", None),
        ("de février 2012 à août 2013", "2012-02", "2013-08"),
        ("Avril - Juillet 2017", "2017-04", "2017-07"),
        ("Novembre 2017 - Novembre 2019", "2017-11", "2019-11"),
        ("déc. 2018 au juin 2019", "2018-12", "2019-06"),
        ("2016 - actuel", "2016", None),
        ("été 2012 – automne 2012", "2012-06", "2012-09"),
        ("1er mars 2019 au 15 juillet 2019", "2019-03", "2019-07"),
        # German
        ("März 2018 bis heute", "2018-03", None),
        ("Okt. 2015 – Dez. 2017", "2015-10", "2017-12"),
        ("01.2016 bis 12.2018", "2016-01", "2018-12"),
        ("Jänner 2020 - aktuell", "2020-01", None),
        # Spanish
        ("enero de 2019 - actualidad", "2019-01", None),
        ("Sept. 2014 hasta dic. 2016", "2014-09", "2016-12"),
        ("marzo 2015 a junio 2017", "2015-03", "2017-06"),
        # Italian
        ("gennaio 2018 - oggi", "2018-01", None),
        ("giu 2016 – ott 2017", "2016-06", "2017-10"),
        # Portuguese
        ("março de 2017 até o momento", "2017-03", None),
        ("fev. 2014 - dez. 2015", "2014-02", "2015-12"),
        # Russian
        ("ноябрь 2015 – текущее время", "2015-11", None),
        ("2006 – настоящее время", "2006", None),
        ("2005 – февраль 2015", "2005", "2015-02"),
        ("апрель-июнь 2015", "2015-04", "2015-06"),
        ("сентябрь 2010 по настоящее время", "2010-09", None),
        ("янв. 2012 — по н.в.", "2012-01", None),
        ("2002 г. – 2005 г.", "2002", "2005"),
        ("с 2015 по 2018", "2015", "2018"),
        ("Since 2019", "2019", None),
        ("seit März 2020", "2020-03", None),
        ("depuis janvier 2021", "2021-01", None),
        ("desde 2018", "2018", None),
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
        "Windows Server 2008 R2 - 2012",
        "MS Office 2010 – 2016",
        "Python 2.7 to 3.11",
        "Visual Studio 2015 - 2019",
        "call 555-2019-2020",
        "ISO 9001-2015",
        "a 2 to 3 person team",
        "Jan – present",  # no year to borrow
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
    assert parse_date("  janv. 2019. ") == PartialDate(2019, 1)
    assert parse_date("août 2012") == PartialDate(2012, 8)
    assert parse_date("aout 2012") == PartialDate(2012, 8)
    assert parse_date("MÄRZ 2020") == PartialDate(2020, 3)
    assert parse_date("agosto de 2011") == PartialDate(2011, 8)
    assert parse_date("settembre 2013") == PartialDate(2013, 9)
    assert parse_date("outubro 2013") == PartialDate(2013, 10)
    assert parse_date("Сентябрь 2013") == PartialDate(2013, 9)
    assert parse_date("сентября 2013 г.") == PartialDate(2013, 9)
    assert parse_date("Summer 2012") == PartialDate(2012, 6)
    assert parse_date("Summer 2012", end=True) == PartialDate(2012, 8)
    assert parse_date("Fall 2009") == parse_date("Fall 2009", end=True) == PartialDate(2009, 9)
    assert parse_date("10.2017") == PartialDate(2017, 10)
    assert parse_date("2013-10-31") == PartialDate(2013, 10)
    assert parse_date("2013-13") is None
    assert parse_date("31.12.2019") == PartialDate(2019, 12)
    assert parse_date("May 26, 2021") == PartialDate(2021, 5)
    assert parse_date("Present") is None
    assert parse_date("'19", TODAY) == PartialDate(2019)
    assert parse_date("'95", TODAY) == PartialDate(1995)
    assert parse_date("01/2019") == PartialDate(2019, 1)
    assert parse_date("13/2019") is None
    assert parse_date("hello") is None
    assert find_dates("B.S. Computer Science, expected May 2027", TODAY) == [PartialDate(2027, 5)]


@pytest.mark.parametrize(
    "text",
    ["Present", "current", "Now", "today", "aujourd'hui", "Aujourd’hui", "actuel", "heute", "actualidad",
     "oggi", "atual", "текущее время", "настоящее время", "н.в.", "(present)", "to date"],
)
def test_present_words(text: str) -> None:
    assert is_present(text)


@pytest.mark.parametrize("text", ["", "2019", "presently employed", "the current team", "Nowhere"])
def test_not_present_words(text: str) -> None:
    assert not is_present(text)


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("Intern, Acme — June 2015", "2015-06", "2015-06"),
        ("Part-time, Summer 2009", "2009-06", "2009-08"),
        ("2014. Guest Lecturer, University", "2014", "2014"),
        ("Stage, Capptain (janvier 2012)", "2012-01", "2012-01"),
    ],
)
def test_a_single_date_is_a_short_stint(line: str, start: str, end: str) -> None:
    assert find_range(line, TODAY) is None
    found = find_range(line, TODAY, single=True)
    assert found is not None and found.single and not found.current
    assert (found.start.iso(), found.end.iso()) == (start, end)
    assert line[found.span[0] : found.span[1]] == found.text


def test_every_range_in_a_line_with_its_span() -> None:
    line = "Acme (2019 - 2021) | Initech (March 2015 – Feb. 2018) | Windows 2000 - 2003"
    found = find_ranges(line, TODAY)
    assert [(r.start.iso(), r.end.iso()) for r in found] == [("2019", "2021"), ("2015-03", "2018-02")]
    assert [line[r.span[0] : r.span[1]] for r in found] == ["2019 - 2021", "March 2015 – Feb. 2018"]


@pytest.mark.parametrize(
    "unit",
    ["a", " ", "-", "1", "2019", "2019 ", "2019-", "2019 - ", "Jan ", "jan", "01/", "1.", "janvier de ",
     "Windows 2000 - ", "'19 ", "15 ", "since ", "Summer ", "н.в. ", "по ", "à ", "—", "\u00ad", "May 26, "],
)
def test_patterns_run_in_linear_time_on_a_long_line(unit: str) -> None:
    # A quadratic pattern would take minutes on these; a linear one takes milliseconds.
    line = (unit * (100_000 // len(unit) + 1))[:100_000]
    find_range(line, TODAY, single=True)
    find_ranges(line, TODAY)
    find_dates(line, TODAY)
    parse_date(line, TODAY)
    assert not is_present(line)


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
