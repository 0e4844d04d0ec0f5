"""JSON Resume read leniently: what a person can read is read, with warnings; FRESH too."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.flow.readiness import BAD, WARN, assess, clarifying
from tui.prep import load_prep
from tui.resume import ResumeError, load_resume
from tui.resume.cli import import_resume_command, questions_command
from tui.resume.jsonresume import resume_from_json

TODAY = date(2026, 11, 20)


def jobs_of(resume) -> list[tuple]:
    return [(j.employer, j.position, j.start.iso() if j.start else None, j.end.iso() if j.end else None) for j in resume.work]


def one_job(**fields) -> dict:
    return {"basics": {"name": "Ada Test"}, "work": [{"name": "Acme", "position": "Engineer", **fields}]}


@pytest.mark.parametrize(
    "end",
    ["Present", "present", "Current", "now", "aujourd'hui", "Aujourd’hui", "actualidad", "heute", "настоящее время", None, ""],
)
def test_ongoing_end_dates(end) -> None:
    resume = resume_from_json(one_job(startDate="2019-03", endDate=end))
    assert jobs_of(resume) == [("Acme", "Engineer", "2019-03", None)]
    assert resume.work[0].is_current
    assert resume.warnings == []


def test_missing_end_date_is_ongoing() -> None:
    resume = resume_from_json(one_job(startDate="2019-03"))
    assert resume.work[0].is_current and resume.warnings == []


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("janvier 2019", "mars 2021", ("2019-01", "2021-03")),
        ("Jan 2019", "Sept. 2020", ("2019-01", "2020-09")),
        ("März 2018", "Dez. 2019", ("2018-03", "2019-12")),
        ("enero de 2017", "julio de 2018", ("2017-01", "2018-07")),
        ("сентябрь 2015", "май 2017", ("2015-09", "2017-05")),
        ("03/2016", "11/2018", ("2016-03", "2018-11")),
        ("10.2017", "02.2019", ("2017-10", "2019-02")),
        ("2013-10-31", "2015-03-31", ("2013-10", "2015-03")),
        ("2013-10-31T00:00:00Z", "2015-03-31", ("2013-10", "2015-03")),
        ("Summer 2012", "Summer 2012", ("2012-06", "2012-08")),
        (2015, 2017, ("2015", "2017")),
        ("2012", "2013", ("2012", "2013")),
    ],
)
def test_dates_as_free_text(start, end, expected) -> None:
    resume = resume_from_json(one_job(startDate=start, endDate=end))
    job = resume.work[0]
    assert (job.start.iso(), job.end.iso()) == expected
    assert resume.warnings == []


def test_a_range_written_in_the_start_field() -> None:
    resume = resume_from_json(one_job(startDate="2016 - 2018", endDate="2016 – present"))
    assert resume.work[0].start.iso() == "2016" and resume.work[0].is_current


def test_end_before_start_is_kept_with_a_warning(tmp_path: Path, capsys) -> None:
    data = {"work": [{"name": "Wakam", "position": "Coach", "startDate": "2025-05", "endDate": "2024-10"},
                     {"name": "Acme", "position": "Engineer", "startDate": "2019-01", "endDate": "2024-09"}]}
    resume = resume_from_json(data)
    assert jobs_of(resume)[0] == ("Wakam", "Coach", "2025-05", "2024-10")
    [warning] = resume.warnings
    assert "Wakam" in warning and "before the start" in warning
    # The explain view shows it, before the JSON.
    path = tmp_path / "cv.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert _run(import_resume_command, file=str(path), json=False, explain=True) == 0
    out = capsys.readouterr().out
    assert "# warning: work[0] (Wakam): the end (Oct 2024) is before the start (May 2025)" in out
    assert _run(import_resume_command, file=str(path), json=True, explain=True) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == resume.warnings


def test_unreadable_date_is_left_out_with_a_warning() -> None:
    resume = resume_from_json(one_job(startDate="sometime in spring", endDate="later"))
    job = resume.work[0]
    assert job.start is None
    assert resume.warnings == [
        "work[0] (Acme): could not read the start date 'sometime in spring'; the job is left out of gaps, tenures and overlaps",
        "work[0] (Acme): could not read the end date 'later'; the job is taken as ongoing",
    ]
    assert resume_from_json(one_job(endDate="2020")).warnings == [
        "work[0] (Acme): no start date; the job is left out of gaps, tenures and overlaps"]


def test_old_keys_company_and_website() -> None:
    data = {"basics": {"name": "Lee", "website": "https://lee.dev"},
            "work": [{"company": "Old Style Inc", "website": "http://old.example", "position": "Engineer",
                      "startDate": "2018-01", "endDate": "2020-06"}]}
    resume = resume_from_json(data)
    assert jobs_of(resume) == [("Old Style Inc", "Engineer", "2018-01", "2020-06")]
    assert resume.basics.url == "https://lee.dev"


def test_no_name_takes_the_site_and_no_position_takes_a_short_description() -> None:
    data = {"basics": {"name": "Jane Doe"}, "work": [
        {"position": "Trainer", "url": "https://www.training.example.org/", "startDate": "2022-06"},
        {"position": "Coach", "url": "https://courses.jane-doe.net/", "startDate": "2021-01"},
        {"name": "Pixel", "description": "Discovery internship", "startDate": "2008-06", "endDate": "2008-08"},
    ]}
    resume = resume_from_json(data)
    assert jobs_of(resume) == [("training.example.org", "Trainer", "2022-06", None),
                               ("Self-employed (courses.jane-doe.net)", "Coach", "2021-01", None),
                               ("Pixel", "Discovery internship", "2008-06", "2008-08")]


def test_whitespace_in_names_is_collapsed() -> None:
    resume = resume_from_json(one_job(position="Consultant   Java \n EE", startDate="2017-08"))
    assert resume.work[0].position == "Consultant Java EE"


@pytest.mark.parametrize(
    ("data", "warning"),
    [
        ({"work": {"name": "Solo", "position": "Dev", "startDate": "2019"}}, None),  # one job, no list
        ({"work": ["Acme", {"name": "Kept", "startDate": "2019"}]}, "work[0]: expected an object, got 'Acme'"),
        ({"work": [{"name": "Kept", "startDate": "2019", "highlights": "did stuff"}]}, None),
        ({"work": [{"name": "Kept", "startDate": "2019", "summary": {"x": 1}}]}, "work[0].summary: expected text"),
        ({"basics": "Maria", "work": [{"name": "Kept", "startDate": "2019"}]}, "basics: expected an object"),
        ({"work": [{"name": "Kept", "startDate": "2019", "highlights": ["a", 3, None]}]}, "not text"),
    ],
)
def test_odd_shapes_are_read_with_warnings(data, warning) -> None:
    resume = resume_from_json(data)
    assert resume.work and resume.work[0].employer in ("Solo", "Kept")
    if warning is None:
        assert resume.warnings == []
    else:
        assert any(warning in w for w in resume.warnings), resume.warnings


def test_fresh_format() -> None:
    data = {
        "name": "Sam Fresh",
        "meta": {"format": "FRESH@0.6.0"},
        "info": {"label": "Developer", "brief": "Java developer."},
        "contact": {"email": "sam@example.com", "website": "https://sam.example"},
        "employment": {"history": [
            {"employer": "Okay Corp", "position": "Team lead", "start": "2018-10", "highlights": ["Led a team of 5"]},
            {"employer": "Before Ltd", "position": "Developer", "start": "2016-10", "end": "2017-07"},
        ]},
        "education": {"history": [{"institution": "Faculty of Science", "title": "Licence", "area": "Java",
                                   "start": "2009-09", "end": "2010-07"}]},
        "skills": {"sets": [{"name": "Java", "level": "advanced", "skills": ["Spring", "JPA"]}]},
        "service": {"history": [{"position": "Mentor", "organization": "Hack", "start": "2016-04"}]},
    }
    resume = resume_from_json(data)
    assert jobs_of(resume) == [("Okay Corp", "Team lead", "2018-10", None), ("Before Ltd", "Developer", "2016-10", "2017-07")]
    assert resume.basics.name == "Sam Fresh" and resume.basics.email == "sam@example.com"
    assert resume.basics.label == "Developer"
    assert [(e.institution, e.study_type, e.end.iso()) for e in resume.education] == [("Faculty of Science", "Licence", "2010-07")]
    assert resume.skill_names() == ["Spring", "JPA"]
    assert resume.warnings == []


def test_fresh_without_meta_is_recognised_by_its_employment_section() -> None:
    resume = resume_from_json({"name": "X", "employment": {"history": [{"employer": "A", "position": "B", "start": "2019"}]}})
    assert jobs_of(resume) == [("A", "B", "2019", None)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "not a resume"),
        ('"just text"', "not a resume"),
        ('{"colour": "blue"}', "not a resume"),
        ('{"work": [', "not valid JSON"),
    ],
)
def test_only_what_is_not_a_resume_is_refused(tmp_path: Path, content: str, message: str, capsys) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ResumeError) as error:
        load_resume(path)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert _run(import_resume_command, file=str(path), json=False, explain=False) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_warnings_reach_questions_and_the_precall_checks(tmp_path: Path, sample_prep_path: Path, capsys) -> None:
    cv = tmp_path / "cv.json"
    cv.write_text(json.dumps({"work": [
        {"name": "Wakam", "position": "Coach", "startDate": "2025-05", "endDate": "2024-10"},
        {"name": "Acme", "position": "Engineer", "startDate": "2019-01", "endDate": "2019-06"},
    ]}), encoding="utf-8")
    prep = dataclasses.replace(load_prep(sample_prep_path), resume=cv)
    report = clarifying(prep, today=TODAY)
    assert any("Wakam" in w and "before the start" in w for w in report.warnings)
    assert any(q.kind == "short_tenure" and "Acme" in q.text for q in report.questions)  # still read
    readiness = assess(prep, datetime(2026, 11, 20, 10), report.questions, report.warnings)
    resume_checks = [c for c in readiness.items if c.label == "Resume"]
    assert [c.state for c in resume_checks] == [WARN]  # odd, not unreadable
    assert resume_checks[0].detail.startswith("work[0] (Wakam)")
    assert BAD not in {c.state for c in resume_checks}


def test_many_warnings_are_summed_up_on_the_precall_screen() -> None:
    warnings = [f"resume: work[{i}] (X): no start date; the job is left out of gaps" for i in range(7)]
    from tui.flow.readiness import _resume_checks

    checks = _resume_checks(warnings)
    assert len(checks) == 4 and "4 more" in checks[-1].detail and "--explain" in checks[-1].detail


def _run(command, **fields) -> int:
    import argparse

    return command(argparse.Namespace(**fields))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 3000) | st.floats(allow_nan=False) | st.text(max_size=30)
    | st.sampled_from(["Present", "2019-03", "janvier 2019", "2020", "", "2013-10-31", "Summer 2012", "13/2019"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["name", "company", "position", "startDate", "endDate", "highlights", "summary", "url",
                         "keywords", "institution", "history", "employer", "start", "end", "sets", "skills"]),
        children, max_size=6),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["basics", "work", "education", "skills", "projects", "employment",
                                        "certificates", "meta", "name"]), JSON_VALUES, max_size=6))
def test_any_json_object_is_read_or_refused_in_one_line(data) -> None:
    try:
        resume = resume_from_json(data)
    except ResumeError as exc:
        assert "\n" not in str(exc)
        return
    resume.to_json_resume()
    assert all("\n" not in w for w in resume.warnings)
    from tui.resume.findings import resume_findings

    resume_findings(resume, TODAY)
