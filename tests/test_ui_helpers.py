"""The UI's plain helpers (no Textual): prep text editing with tomlkit, the preps list,
settings; and the editor's handling of files that do not parse."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime

import pytest

from tui.prep import document as pd

TEXT = """# top comment
[candidate]
name = "Ann Lee"   # inline comment
[application]
company = "Acme"
position = "Dev"
interviewer = "Bo Chen"
interview_date = 2026-01-05

[[answers]]
id = "a"
prompt = "Why?"
points = ["one", { text = "Two", required = true }]
"""


def test_unchanged_values_leave_the_text_byte_for_byte():
    doc = pd.parse(TEXT)
    pd.set_text(doc["candidate"], "name", "Ann Lee")
    pd.set_date(doc["application"], "interview_date", "2026-01-05")
    pd.set_points(pd.answers(doc)[0], ["one", "! Two"])
    assert pd.dumps(doc) == TEXT


def test_edits_keep_comments_and_types():
    doc = pd.parse(TEXT)
    pd.set_text(doc["candidate"], "name", "Ann B. Lee")
    pd.set_date(doc["application"], "decision_date", "2026-01-20")
    pd.set_list(doc["application"], "facts", [])  # empty list on a missing key: nothing added
    pd.set_bool(doc["application"], "asked_not_to_call", True)
    text = pd.dumps(doc)
    assert '# top comment' in text and 'name = "Ann B. Lee"   # inline comment' in text
    assert "decision_date = 2026-01-20" in text and "asked_not_to_call = true" in text
    assert "facts" not in text
    from tui.prep import parse_prep

    prep = parse_prep(text)
    assert prep.application.decision_date == date(2026, 1, 20) and prep.application.asked_not_to_call


def test_a_bad_date_is_kept_as_text_so_the_parser_reports_it_at_its_line():
    from tui.prep import PrepError, parse_prep

    doc = pd.parse(TEXT)
    pd.set_date(doc["application"], "interview_date", "next tuesday")
    with pytest.raises(PrepError) as caught:
        parse_prep(pd.dumps(doc))
    [problem] = caught.value.problems
    assert problem.where == "application.interview_date" and problem.line == 8
    pd.set_date(doc["application"], "interview_date", "")
    assert "interview_date" not in pd.dumps(doc)


def test_answers_rebuild_removes_and_appends():
    doc = pd.parse(TEXT)
    tables = pd.rebuild_answers(doc, keep=[], new=1)
    assert len(tables) == 1 and "id" not in tables[0]
    pd.set_text(tables[0], "id", "b")
    pd.set_text(tables[0], "prompt", "How?")
    pd.set_points(tables[0], ["x"])
    text = pd.dumps(doc)
    assert 'id = "a"' not in text and 'id = "b"' in text and 'points = ["x"]' in text


@pytest.mark.parametrize("where, expected", [
    ("answers[2].points", ("answers", 2, "points")),
    ("answers[0]", ("answers", 0, "")),
    ("candidate.name", ("candidate", None, "name")),
    ("resume", ("", None, "resume")),
    ("", ("", None, "")),
])
def test_split_where(where, expected):
    assert pd.split_where(where) == expected


def test_library_lists_preps_folder_and_recent_files(data_dir, sample_prep_path, tmp_path):
    from tui import paths
    from tui.store import Store
    from tui.library import duplicate_prep, list_preps, new_prep, safe_stem

    assert list_preps([]) == []
    made = new_prep("Acme / Backend")
    assert made.name == "acme-backend.toml" and new_prep("acme backend").name == "acme-backend-2.toml"
    elsewhere = tmp_path / "elsewhere.toml"
    shutil.copyfile(sample_prep_path, elsewhere)
    (paths.preps_dir() / "broken.toml").write_text("[candidate\n")
    with Store() as store:
        entries = list_preps([str(elsewhere), str(tmp_path / "gone.toml")], store, datetime(2026, 11, 30, 10))
    names = [e.path.name for e in entries]
    assert names == ["acme-backend-2.toml", "acme-backend.toml", "broken.toml", "elsewhere.toml"]
    broken = entries[2]
    assert broken.prep is None and "not valid TOML" in broken.problems[0]
    assert entries[3].title == "Northwind Payments — Senior Backend Engineer" and entries[3].when
    assert duplicate_prep(elsewhere).name == "elsewhere-copy.toml"
    assert safe_stem("  ") == ""
    with pytest.raises(ValueError):
        new_prep("///")


def test_settings_survive_a_broken_file(data_dir):
    from tui.ui.settings import Settings

    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "ui.json").write_text("{not json")
    settings = Settings.load()
    assert settings.theme == "textual-dark" and settings.recent == []
    settings.remember("/tmp/a.toml")
    settings.remember("/tmp/b.toml")
    settings.remember("/tmp/a.toml")
    assert json.loads((data_dir / "ui.json").read_text())["recent"][:2] == ["/tmp/a.toml", "/tmp/b.toml"]
    settings.forget("/tmp/a.toml")
    assert Settings.load().recent == ["/tmp/b.toml"]


async def test_a_prep_with_problems_opens_in_the_editor_at_them(data_dir, tmp_path, sample_prep_path):
    from tui.ui.app import make_app

    path = tmp_path / "bad.toml"
    path.write_text(sample_prep_path.read_text().replace('interviewer = "James O\'Connor"', 'intervewer = "J"'))
    app = make_app(str(path), now=datetime(2026, 11, 30, 10))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        editor = app.screen
        assert type(editor).__name__ == "PrepScreen"
        errors = str(editor.query_one("#e-application-interviewer").render())
        assert "missing (required)" in errors
        assert "application.intervewer: unknown key" in str(editor.query_one(".unknown-label").render())


async def test_a_file_that_is_not_toml_opens_as_text_and_can_be_fixed(data_dir, tmp_path, sample_prep_path):
    from tui.ui.app import make_app

    path = tmp_path / "syntax.toml"
    good = sample_prep_path.read_text().replace('resume = "sample_resume.json"', "")
    path.write_text(good.replace("[candidate]", "[candidate"))
    app = make_app(str(path), now=datetime(2026, 11, 30, 10))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        editor = app.screen
        assert type(editor).__name__ == "PrepScreen" and editor.doc is None
        assert "not valid TOML" in str(editor.query_one("#syntax").render())
        editor.query_one("#raw").text = good
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "PrepScreen" and app.screen.doc is not None
    assert path.read_text() == good
