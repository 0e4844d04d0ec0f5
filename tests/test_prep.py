"""The prep file: the sample parses; every problem is reported on its own line with its line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.assets import read_text
from tui.prep import PrepError, load_prep, parse_prep

VALID = """
[candidate]
name = "Ana Lima"
phone = "555 123 4567"
email = "ana@example.com"

[application]
company = "Acme"
position = "Data Analyst"
interviewer = "Priya Shah"
interview_date = 2026-11-10

[[answers]]
id = "sql"
prompt = "How well do you know SQL?"
points = ["five years of SQL", { text = "window functions", required = true }]
"""


def test_sample_prep_is_complete(sample_prep_path: Path) -> None:
    prep = load_prep(sample_prep_path)
    assert prep.candidate.name == "Maria Gonzalez"
    assert prep.application.interviewer == "James O'Connor"
    assert prep.application.interview_date == date(2026, 11, 18)
    assert prep.recap.memory_hook
    assert prep.company_facts
    assert len(prep.answers) >= 4
    assert all(1 <= len(a.points) <= 5 for a in prep.answers)
    assert any("anything else" in q.lower() for q in prep.questions_to_ask)
    assert any("decision" in q.lower() for q in prep.questions_to_ask)
    assert prep.resume is not None and prep.resume.is_file()


def test_template_parses_and_keeps_comments() -> None:
    text = read_text("templates", "prep_template.toml")
    prep = parse_prep(text)
    assert prep.candidate.name == "Your Full Name"
    assert text.count("#") > 10


def test_points_as_text_or_tables() -> None:
    prep = parse_prep(VALID)
    answer = prep.answer("sql")
    assert answer is not None
    assert [(p.text, p.required) for p in answer.points] == [
        ("five years of SQL", False),
        ("window functions", True),
    ]


def _problems(text: str) -> list[str]:
    with pytest.raises(PrepError) as info:
        parse_prep(text, source="p.toml")
    return info.value.lines()


def test_syntax_error_names_the_line() -> None:
    lines = _problems('[candidate]\nname = "Ana\n')
    assert len(lines) == 1
    assert lines[0].startswith("p.toml: line 2: not valid TOML")


def test_unknown_keys_are_reported_with_their_line() -> None:
    text = VALID.replace('interviewer = "Priya Shah"', 'interviewer = "Priya Shah"\nintervewer_title = "x"')
    lines = _problems(text)
    line = text.splitlines().index('intervewer_title = "x"') + 1
    assert lines == [
        f"p.toml: line {line}: "
        "application.intervewer_title: unknown key (known keys here: asked_by, asked_not_to_call, "
        "company, decision_date, interview_date, interviewer, interviewer_pronunciation, "
        "interviewer_title, phone, position)"
    ]


def test_every_problem_gets_its_own_line() -> None:
    text = """
[candidate]
name = ""
email = "not an email"

[application]
company = "Acme"
position = 3
interview_date = "next tuesday"
asked_not_to_call = "yes"
colour = "blue"

[[answers]]
prompt = "Why?"
points = []
"""
    lines = _problems(text)
    joined = "\n".join(lines)
    assert "line 3: candidate.name: is empty (required)" in joined
    assert "line 4: candidate.email: does not look like an e-mail address" in joined
    assert "line 8: application.position: expected text in quotes, got the number 3" in joined
    assert "line 9: application.interview_date: expected a date like 2026-11-18, got 'next tuesday'" in joined
    assert "line 10: application.asked_not_to_call: expected true or false" in joined
    assert "line 11: application.colour: unknown key" in joined
    assert "application.interviewer: missing (required)" in joined
    assert "line 15: answers[0].points: is empty" in joined
    assert len(lines) == 8


def test_too_many_points_and_duplicate_ids() -> None:
    text = VALID + """
[[answers]]
id = "sql"
prompt = "Again?"
points = ["a", "b", "c", "d", "e", "f"]
"""
    joined = "\n".join(_problems(text))
    assert "has 6 key points; keep at most 5" in joined
    assert "answers[1].id: duplicate id 'sql'" in joined


def test_decision_before_interview_and_bad_asked_by() -> None:
    text = VALID.replace(
        "interview_date = 2026-11-10",
        'interview_date = 2026-11-10\ndecision_date = 2026-11-01\nasked_not_to_call = true\nasked_by = "boss"',
    )
    joined = "\n".join(_problems(text))
    assert "decision_date: is before the interview date" in joined
    assert "asked_by: expected one of interviewer, posting, got 'boss'" in joined


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(PrepError, match="no such file"):
        load_prep(tmp_path / "nope.toml")
    with pytest.raises(PrepError, match="is a folder"):
        load_prep(tmp_path)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00junk")
    with pytest.raises(PrepError, match="not a text file"):
        load_prep(binary)


def test_resume_path_is_relative_to_the_prep(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('resume = "cv.pdf"\n' + VALID, encoding="utf-8")
    assert load_prep(path).resume == tmp_path / "cv.pdf"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parser_never_crashes_on_any_text(text: str) -> None:
    try:
        parse_prep(text)
    except PrepError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["name", "company", "position", "interviewer", "interview_date", "points", "x"]),
        st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.lists(st.text(max_size=5), max_size=3)),
    )
)
def test_parser_never_crashes_on_odd_values(values: dict) -> None:
    import tomlkit

    doc = {"candidate": dict(values), "application": dict(values), "answers": [dict(values)]}
    try:
        parse_prep(tomlkit.dumps(doc))
    except PrepError as exc:
        assert exc.problems
