"""The import-resume and questions subcommands: exit codes, stdout JSON, one-line errors."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from tui.resume.cli import import_resume_command, questions_command, register

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "resume"
SAMPLE_PREP = ROOT / "assets" / "samples" / "sample_prep.toml"


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="followup")
    register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    args = parse(argv)
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_register_adds_both_subcommands() -> None:
    args = parse(["import-resume", "cv.pdf", "--json", "--explain"])
    assert (args.file, args.json, args.explain, args.func) == ("cv.pdf", True, True, import_resume_command)
    args = parse(["questions", "prep.toml", "--limit", "3"])
    assert (args.prep, args.limit, args.json, args.func) == ("prep.toml", 3, False, questions_command)
    with pytest.raises(SystemExit):
        parse(["questions", "prep.toml", "--limit", "0"])


def test_import_resume_prints_json_resume(capsys) -> None:
    code, out, err = run(["import-resume", str(FIXTURES / "carter.md"), "--json"], capsys)
    assert code == 0 and err == ""
    data = json.loads(out)
    assert [w["name"] for w in data["work"]] == ["Globex Inc", "Initech", "Hooli", "Vandelay Industries"]
    assert data["work"][1] == {
        "name": "Initech",
        "position": "Senior Developer",
        "startDate": "2019-03",
        "endDate": "2021-12",
        "highlights": ["Migrated 200 services to Kubernetes", "Cut deploy time 3x with a new pipeline"],
    }
    assert "endDate" not in data["work"][0]  # current job


def test_import_resume_explain(capsys) -> None:
    code, out, _ = run(["import-resume", str(FIXTURES / "kim.txt"), "--explain"], capsys)
    assert code == 0
    assert "# format: text" in out
    assert "job 1: dates 2019 .. present" in out
    assert "heading: work" in out
    json_part = out[out.index("\n{") + 1 :]
    assert json.loads(json_part)["basics"]["name"] == "PRIYA KIM"
    code, out, _ = run(["import-resume", str(FIXTURES / "kim.txt"), "--explain", "--json"], capsys)
    data = json.loads(out)
    assert data["format"] == "text"
    assert {"line": 8, "text": "Acme Analytics | Data Analyst | 2019 - Current", "produced": "job 1: dates 2019 .. present"} in data["trace"]


def test_import_resume_bad_input_exits_2_with_one_line(tmp_path: Path, capsys) -> None:
    fake = tmp_path / "cv.docx"
    fake.write_text("not really a docx", encoding="utf-8")
    code, out, err = run(["import-resume", str(fake)], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "not a Word .docx file" in err and "Traceback" not in err
    code, _, err = run(["import-resume", str(tmp_path / "missing.pdf")], capsys)
    assert code == 2 and "no such file" in err


def test_questions_command_text(capsys) -> None:
    code, out, err = run(["questions", str(SAMPLE_PREP), "--limit", "4"], capsys)
    assert code == 0 and err == ""
    assert out.count("evidence:") >= 4
    assert " 1. [0.95]" in out
    assert "your notes: gap (What were you doing in 2020, between Acme and DataWorks?)" in out
    assert " 5. " not in out


def test_questions_command_json(capsys) -> None:
    code, out, _ = run(["questions", str(SAMPLE_PREP), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    gap = next(q for q in data["questions"] if q["id"] == "gap-2020-01")
    assert gap["answer_id"] == "gap" and gap["answer_prompt"].startswith("What were you doing in 2020")
    assert gap["evidence"][0] == "Backend Engineer, Acme Corp (Mar 2016 – Dec 2019)"
    assert "You have no notes for: on-call practices" in data["readiness_gaps"]
    assert data["warnings"] == []


def test_questions_command_bad_prep(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "prep.toml"
    bad.write_text("[candidate]\nname = 'X'\n", encoding="utf-8")
    code, out, err = run(["questions", str(bad)], capsys)
    assert code == 2 and out == ""
    assert "missing table [application]" in err and "Traceback" not in err


def test_questions_command_with_unreadable_resume_warns(tmp_path: Path, capsys) -> None:
    prep = tmp_path / "prep.toml"
    text = SAMPLE_PREP.read_text(encoding="utf-8").replace('resume = "sample_resume.json"', 'resume = "cv.pdf"')
    prep.write_text(text, encoding="utf-8")
    (tmp_path / "cv.pdf").write_bytes(b"%PDF-1.4 broken")
    code, out, err = run(["questions", str(prep)], capsys)
    assert code == 0
    assert err.startswith("warning: resume skipped:") and "not a readable PDF" in err
    assert "recap_concern" in out
