"""The command line end to end, in subprocesses, against a private data dir."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.prep import load_prep

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "assets" / "samples" / "sample_prep.toml"

ANSWERS = [
    "Hi, this is Maria Gonzalez. Could I speak with James O'Connor, please? It's about my interview.",
    "Hi James, this is Maria Gonzalez. I interviewed for the Senior Backend Engineer position on "
    "November 18th; we talked about the 2 a.m. ledger outage I debugged with a replay tool.",
    "I led the migration of the billing system to AWS, reduced costs by thirty percent and managed eight engineers.",
    "In 2020 I was um caring for a parent, and I did online courses in data engineering.",
    "DataWorks was acquired and the team was dissolved, and I wanted to get back to backend work.",
    "I ran services on Kubernetes in production at Acme and got the CKA in 2022.",
    "Is there anything else you'd like to know about me? And when do you expect to make a decision?",
    "Thank you for your time, James. Goodbye!",
]


def run(*args: str, data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "FOLLOWUP_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "tui", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.txt"
    path.write_text("\n".join(ANSWERS) + "\n", encoding="utf-8")
    return path


def test_help_and_version(tmp_path: Path) -> None:
    result = run("--help", data_dir=tmp_path)
    assert result.returncode == 0
    for command in ("new", "check", "rehearse", "history", "report", "demo"):
        assert command in result.stdout
    assert run("--version", data_dir=tmp_path).stdout.startswith("followup ")


def test_new_writes_a_template_that_parses(tmp_path: Path) -> None:
    target = tmp_path / "acme.toml"
    result = run("new", str(target), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert load_prep(target).application.company == "Company Name"
    again = run("new", str(target), data_dir=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
    missing = run("new", str(tmp_path / "no" / "such" / "p.toml"), data_dir=tmp_path)
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_check_json(tmp_path: Path) -> None:
    result = run("check", "--point", "reduced infrastructure costs by 30%", "--point", "managed a team of 8 engineers",
                 "--required", "Maria Gonzalez", "--answer", "Um, this is Maria Gonzalez; we cut infrastructure "
                 "costs by thirty percent.", "--duration", "6", "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    statuses = {p["text"]: p["status"] for p in data["points"]}
    assert statuses["reduced infrastructure costs by 30%"] == "covered"
    assert statuses["managed a team of 8 engineers"] == "missed"
    assert statuses["Maria Gonzalez"] == "covered"
    assert data["fillers"] == {"um": 1}
    assert data["words"] > 5 and data["wpm"] == pytest.approx(data["words"] * 10, rel=0.01)
    covered = next(p for p in data["points"] if p["status"] == "covered")
    assert covered["evidence"] and {"point_word", "answer_words", "score"} <= set(covered["evidence"][0])


def test_check_from_prep_question(tmp_path: Path) -> None:
    result = run("check", "--prep", str(SAMPLE), "--question", "gap",
                 "--answer", "In 2020 I was caring for a parent.", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "covered" in result.stdout and "missed" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "--point", "x"], "give the answer"),
        (["check", "--answer", "hi"], "at least one --point"),
        (["check", "--point", "x", "--answer", "hi", "--answer-file", "f"], "not both"),
        (["check", "--point", "x", "--answer-file", "/no/such/file"], "no such file"),
        (["check", "--point", "x", "--answer", "y", "--duration", "-3"], "positive"),
        (["check", "--prep", str(SAMPLE), "--question", "nope", "--answer", "y"], "no prepared answer with id 'nope'"),
        (["report", "999"], "no rehearsal #999"),
        (["rehearse", str(SAMPLE)], "--answers FILE"),
        (["rehearse", str(SAMPLE), "--answers", "/no/such"], "no such file"),
        (["rehearse", str(SAMPLE), "--answers", "x", "--persona", "nobody"], "unknown persona 'nobody'"),
        (["rehearse", "/no/such/prep.toml", "--answers", "x"], "no such file"),
        (["check", "--bogus"], "unrecognized arguments"),
    ],
)
def test_bad_usage_is_one_clear_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = run(*args, data_dir=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_data_dir_option_overrides_the_environment(tmp_path: Path, answers_file: Path) -> None:
    chosen = tmp_path / "chosen"
    result = run("--data-dir", str(chosen), "rehearse", str(SAMPLE), "--answers", str(answers_file),
                 "--outcome", "message", data_dir=tmp_path / "env")
    assert result.returncode == 0, result.stderr
    assert (chosen / "history.sqlite3").is_file() and not (tmp_path / "env" / "history.sqlite3").exists()
    assert (chosen.stat().st_mode & 0o777) == 0o700


def test_a_missing_prep_given_to_the_app_is_a_usage_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.toml"), data_dir=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"followup: {tmp_path / 'nope.toml'}: no such prep file"


def test_new_where_it_cannot_write_is_a_clear_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("mine", encoding="utf-8")
    result = run("new", str(not_a_folder / "p.toml"), data_dir=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"followup: cannot write {not_a_folder / 'p.toml'}: Not a directory"
    assert not_a_folder.read_text(encoding="utf-8") == "mine"


def test_a_file_in_place_of_the_data_dir_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run("history", data_dir=blocker)
    assert result.returncode == 2
    assert result.stderr.strip() == f"followup: cannot use {blocker} as the data folder: File exists"
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_bad_prep_lists_problems_with_lines(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[candidate]\nname = "A B"\n[application]\ncompany = "X"\nposition = 1\n', encoding="utf-8")
    result = run("rehearse", str(bad), "--answers", str(bad), data_dir=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert f"{bad}: line 5: application.position: expected text in quotes" in lines[0] or any(
        "line 5: application.position" in line for line in lines)
    assert any("application.interviewer: missing" in line for line in lines)


def test_rehearse_history_report(tmp_path: Path, answers_file: Path) -> None:
    data = tmp_path / "data"
    result = run("rehearse", str(SAMPLE), "--answers", str(answers_file), "--outcome", "available",
                 "--seed", "4", data_dir=data)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Receptionist: " in out and "Interviewer: " in out
    assert "Score:" in out and "Saved as rehearsal #1" in out

    as_json = run("rehearse", str(SAMPLE), "--answers", str(answers_file), "--outcome", "available",
                  "--seed", "4", "--json", data_dir=data)
    report = json.loads(as_json.stdout)
    assert report["id"] == 2 and report["report"]["status"] == "finished"
    assert 0 <= report["report"]["score"] <= 100
    phases = {p["phase"] for p in report["report"]["phases"]}
    assert {"reception", "intro", "closing"} <= phases
    assert any(t["speaker"] == "candidate" and t["check"] for t in report["turns"])

    history = json.loads(run("history", "--json", data_dir=data).stdout)
    assert [h["id"] for h in history] == [2, 1]
    assert all(h["score"] is not None for h in history)
    table = run("history", data_dir=data).stdout.splitlines()
    assert table[0].split()[:3] == ["id", "date", "score"]
    assert [line.split()[0] for line in table[1:]] == ["2", "1"]
    assert all("Northwind Payments / Senior Backend Engineer" in line for line in table[1:])

    markdown = run("report", "1", data_dir=data)
    assert markdown.returncode == 0
    assert markdown.stdout.startswith("# Follow-up call rehearsal #1")
    assert "## Transcript" in markdown.stdout and "**Candidate:**" in markdown.stdout
    assert json.loads(run("report", "1", "--format", "json", data_dir=data).stdout)["rehearsal"]["id"] == 1


def test_rehearse_answers_as_json_list_and_running_out(tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(ANSWERS[:3]), encoding="utf-8")
    result = run("rehearse", str(SAMPLE), "--answers", str(answers), "--outcome", "available", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "hung up" in result.stdout
    history = json.loads(run("history", "--json", data_dir=tmp_path).stdout)
    assert history[0]["status"] == "hung_up"


def test_rehearse_voicemail(tmp_path: Path) -> None:
    answers = tmp_path / "a.txt"
    answers.write_text(ANSWERS[0] + "\nHi James, this is Maria Gonzalez, 555-014-2277. I'm calling about the "
                       "Senior Backend Engineer position I interviewed for on November 18th. Again, Maria "
                       "Gonzalez, 555-014-2277.\n", encoding="utf-8")
    result = run("rehearse", str(SAMPLE), "--answers", str(answers), "--outcome", "voicemail", "--json",
                 data_dir=tmp_path)
    report = json.loads(result.stdout)["report"]
    assert report["outcome"] == "voicemail" and report["status"] == "finished"
    assert [p["phase"] for p in report["phases"]] == ["reception", "voicemail"]


def test_rehearse_rule_one_drafts_instead_of_calling(tmp_path: Path) -> None:
    prep = tmp_path / "nocall.toml"
    text = SAMPLE.read_text(encoding="utf-8").replace("asked_not_to_call = false", "asked_not_to_call = true")
    prep.write_text(text.replace('resume = "sample_resume.json"', ""), encoding="utf-8")
    result = run("rehearse", str(prep), "--answers", str(prep), "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["blocked"] and "not to call" in data["reason"]
    assert "Dear James O'Connor" in data["email"]
    assert json.loads(run("history", "--json", data_dir=tmp_path).stdout) == []


def test_followup_and_followup_demo_open_the_app_without_building_the_parser(monkeypatch, tmp_path: Path) -> None:
    """The app's two usual starts skip the parser of every subcommand (start-up time), open the
    right prep, and pause the cyclic collector for start-up (the app turns it on again)."""
    import gc

    from tui import cli

    opened = []

    def run_app(prep=None) -> int:
        opened.append((prep, gc.isenabled()))
        return 0

    def no_parser():
        raise AssertionError("the parser was built")

    monkeypatch.setenv("FOLLOWUP_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("tui.ui.app.run_app", run_app)
    monkeypatch.setattr(cli, "build_parser", no_parser)
    try:
        assert cli.main([]) == 0
        assert cli.main(["demo"]) == 0
    finally:
        gc.enable()
    assert opened == [(None, False), (str(SAMPLE), False)]


def test_the_app_starts_without_importing_argparse(monkeypatch, tmp_path: Path) -> None:
    """argparse (~4 ms) is only for the subcommands: the app's own start does not load it."""
    code = (
        "import sys\n"
        "import tui.ui.app\n"
        "tui.ui.app.run_app = lambda prep=None: print('argparse' in sys.modules) or 0\n"
        "from tui.cli import main\n"
        "main(['demo'])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "FOLLOWUP_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_a_start_that_fails_turns_the_collector_back_on(monkeypatch, tmp_path: Path) -> None:
    """The app's start pauses the cyclic collector; a start refused before the app runs (a
    prep that is not there) must not leave it off for the rest of the process."""
    import gc

    from tui import cli

    monkeypatch.setenv("FOLLOWUP_DATA_DIR", str(tmp_path))
    assert gc.isenabled()
    assert cli.main([str(tmp_path / "missing.toml")]) == 2
    assert gc.isenabled()
