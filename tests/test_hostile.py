"""Hostile input and faults (issue 11): each a one-line error and exit 2, never a traceback or a
hang; user text never reaches the terminal as escape sequences; files private.

Every test runs the real CLI (a subprocess, or `tui.cli.main` in-process where no stdin or
signal is involved) or the real function, with fixtures written here.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from tui import cli
from tui.flow.timing import advise
from tui.prep import PrepError, load_prep, parse_prep

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "assets" / "samples" / "sample_prep.toml"
ESC = "\x1b"
THIS_YEAR = date.today().year

PREP = textwrap.dedent(
    """\
    [candidate]
    name = "Maria Gonzalez"
    email = "maria@example.com"

    [application]
    company = "Northwind"
    position = "Backend Engineer"
    interviewer = "James O'Connor"
    interview_date = {interview}
    decision_date = {decision}
    {extra}

    [[answers]]
    id = "why"
    prompt = "Why this role?"
    points = ["payments reliability", "owning services"]
    """
)
ANSWERS = [
    "Hi, this is Maria Gonzalez. Could I speak with James O'Connor, please?",
    "Hi James, this is Maria Gonzalez; I interviewed for the Backend Engineer position.",
    "I care about payments reliability and owning services end to end.",
    "Is there anything else you'd like to know? When do you expect a decision?",
    "Thank you, goodbye!",
]


def write_prep(folder: Path, interview: str = f"{THIS_YEAR}-01-12", decision: str = f"{THIS_YEAR}-01-20",
               extra: str = "", name: str = "prep.toml") -> Path:
    path = folder / name
    path.write_text(PREP.format(interview=interview, decision=decision, extra=extra), encoding="utf-8")
    return path


def run(*args: str | bytes, data_dir: Path, stdin: bytes | None = None, timeout: float = 120,
        **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "FOLLOWUP_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "tui", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, timeout=timeout, **kwargs)


def one_line_error(result: subprocess.CompletedProcess, *expected: str) -> str:
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, (result.returncode, stderr)
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    for text in expected:
        assert text in stderr, stderr
    return stderr


@pytest.fixture
def in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    """The real CLI entry point in this process (fast): returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("FOLLOWUP_DATA_DIR", str(tmp_path / "data"))

    def call(*args: str) -> tuple[int, str, str]:
        code = cli.main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    return call


# -- 1. linear patterns on the prep side ----------------------------------------------------
def test_a_hostile_email_is_refused_quickly(tmp_path: Path) -> None:
    for email, message in (("a@" + "b." * 9_000 + "@", "does not look like an e-mail address"),
                           ("a@" + "b." * 300_000 + "@", "over 20,000 characters")):
        prep = write_prep(tmp_path).read_text(encoding="utf-8").replace('email = "maria@example.com"', f'email = "{email}"')
        path = tmp_path / "long.toml"
        path.write_text(prep, encoding="utf-8")
        # A subprocess with a deadline: the old pattern took hours on the long line.
        result = run("check", "--prep", str(path), "--question", "why", "--answer", "x", data_dir=tmp_path, timeout=60)
        one_line_error(result, message)


@pytest.mark.parametrize("line", ["[" + " " * 500_000, "a" + ".b" * 75_000 + " = 1"], ids=["brackets", "dotted-key"])
def test_a_long_line_is_refused_before_toml_reads_it(tmp_path: Path, line: str) -> None:
    # tomllib reads a long dotted key in quadratic time (12 s for this one before the cap).
    path = tmp_path / "long.toml"
    path.write_text(line + "\n", encoding="utf-8")
    result = run("check", "--prep", str(path), "--question", "why", "--answer", "x", data_dir=tmp_path, timeout=60)
    one_line_error(result, "line 1: the line is over 20,000 characters")


# -- 2. regular files only, size checked before reading -------------------------------------
def test_a_fifo_a_device_and_a_folder_are_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "prep.toml"
    os.mkfifo(fifo)
    for target, message in ((fifo, "not a regular file"), (Path("/dev/zero"), "not a regular file"),
                            (tmp_path, "is a folder")):
        result = run("rehearse", str(target), "--answers", "-", data_dir=tmp_path, timeout=30)
        one_line_error(result, message)


def test_a_prep_over_one_megabyte_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * (1024 * 1024) + "\n", encoding="utf-8")
    with pytest.raises(PrepError, match="too large"):
        load_prep(big)


def test_an_empty_prep_says_so_in_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text("  \n", encoding="utf-8")
    one_line_error(run("rehearse", str(empty), "--answers", "-", data_dir=tmp_path), "the file is empty")


def test_an_answer_file_that_is_a_fifo_or_too_large_is_refused(in_process, tmp_path: Path) -> None:
    fifo = tmp_path / "answer.txt"
    os.mkfifo(fifo)
    code, _, err = in_process("check", "--point", "reliability", "--answer-file", str(fifo))
    assert code == 2 and "not a regular file" in err
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (600 * 1024))
    code, _, err = in_process("check", "--point", "reliability", "--answer-file", str(big))
    assert code == 2 and "too large" in err and len(err.splitlines()) == 1


# -- 3. dates at the edges of the calendar --------------------------------------------------
@pytest.mark.parametrize("interview, decision", [("0001-01-01", f"{THIS_YEAR}-01-20"),
                                                 (f"{THIS_YEAR}-01-12", "9999-12-31"),
                                                 ("2099-03-01", "2099-03-09")])
def test_implausible_dates_are_refused_with_one_line_each(tmp_path: Path, interview: str, decision: str) -> None:
    path = write_prep(tmp_path, interview, decision)
    result = run("rehearse", str(path), "--answers", "-", data_dir=tmp_path)
    stderr = result.stderr.decode()
    assert result.returncode == 2 and "Traceback" not in stderr
    assert "looks like a typo" in stderr
    assert all("looks like a typo" in line for line in stderr.strip().splitlines())


def test_call_timing_at_the_calendar_edges_does_not_overflow() -> None:
    prep = parse_prep(PREP.format(interview=f"{THIS_YEAR}-01-12", decision=f"{THIS_YEAR}-01-20", extra=""))
    from dataclasses import replace

    for interview, decision in ((date.min, date.max), (date.max, None), (None, date.min), (date.max, date.max)):
        edged = replace(prep, application=replace(prep.application, interview_date=interview, decision_date=decision))
        for now in (datetime(2026, 12, 2, 10), datetime.max.replace(microsecond=0), datetime.min):
            advice = advise(edged, now)
            assert advice.earliest <= date.max and advice.summary()


# -- 4. the first-run race ------------------------------------------------------------------
def test_two_first_runs_at_once_both_succeed(tmp_path: Path) -> None:
    prep = write_prep(tmp_path)
    answers = tmp_path / "answers.txt"
    answers.write_text("\n".join(ANSWERS), encoding="utf-8")
    for attempt in range(3):
        data = tmp_path / f"data{attempt}"
        env = {**os.environ, "FOLLOWUP_DATA_DIR": str(data)}
        command = [sys.executable, "-m", "tui", "rehearse", str(prep), "--answers", str(answers), "--json"]
        both = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for _ in range(2)]
        results = [(p.wait(timeout=120), p.stderr.read().decode()) for p in both]
        for p in both:
            p.stdout.close()
            p.stderr.close()
        assert all(code == 0 for code, _ in results), results
        with sqlite3.connect(data / "history.sqlite3") as db:
            assert db.execute("SELECT COUNT(*) FROM rehearsal").fetchone()[0] == 2


# -- 5. what used to be tracebacks ----------------------------------------------------------
def test_deeply_nested_toml_and_json_are_one_line(tmp_path: Path) -> None:
    deep_toml = tmp_path / "deep.toml"
    deep_toml.write_text("a = " + "[\n" * 50_000 + "]\n" * 50_000, encoding="utf-8")
    one_line_error(run("rehearse", str(deep_toml), "--answers", "-", data_dir=tmp_path), "nested too deeply")
    deep_json = tmp_path / "deep.json"
    deep_json.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    one_line_error(run("import-resume", str(deep_json), data_dir=tmp_path), "nested too deeply")
    prep = write_prep(tmp_path)
    one_line_error(run("rehearse", str(prep), "--answers", "-", data_dir=tmp_path,
                       stdin=("[" * 100_000 + "]" * 100_000).encode()), "nested too deeply")


def test_a_five_thousand_digit_number_is_one_line(tmp_path: Path) -> None:
    prep = write_prep(tmp_path, extra="phone = " + "9" * 5000)
    one_line_error(run("rehearse", str(prep), "--answers", "-", data_dir=tmp_path), "not valid TOML")
    resume = tmp_path / "r.json"
    resume.write_text('{"basics": {"name": "x"}, "n": ' + "1" * 5000 + "}", encoding="utf-8")
    one_line_error(run("import-resume", str(resume), data_dir=tmp_path), "not valid JSON")


def test_lone_surrogates_and_nul_are_handled(in_process, tmp_path: Path) -> None:
    # From the command line (undecodable bytes become lone surrogates) ...
    result = run("check", "--point", b"reliab\xed\xa0\x80ility", "--answer", b"reliability \xff", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert b"reliability" in result.stdout
    # ... from a JSON list of answers, which json.loads accepts ...
    prep = write_prep(tmp_path)
    answers = json.dumps(["Hi \ud800 this is Maria", *ANSWERS[1:]], ensure_ascii=True).encode()
    result = run("rehearse", str(prep), "--answers", "-", "--outcome", "available", data_dir=tmp_path, stdin=answers)
    assert result.returncode == 0, result.stderr
    result.stdout.decode("utf-8")  # printable: no surrogate escaped into the output
    # ... and a NUL in the resume's file name is a problem of the prep, not a crash.
    with_nul = write_prep(tmp_path, name="nul.toml")
    with_nul.write_text('resume = "a\\u0000b"\n' + with_nul.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = in_process("rehearse", str(with_nul), "--answers", "x")
    assert code == 2 and "control characters" in err


def test_transcribe_a_folder_is_one_line(tmp_path: Path) -> None:
    one_line_error(run("transcribe", str(tmp_path), data_dir=tmp_path))


@pytest.mark.parametrize("name, message", [("", "give a file name"), ("   ", "give a file name"),
                                           ("a" * 300, "too long"), ("x/", "give a file name")])
def test_new_with_an_empty_or_overlong_name(in_process, name: str, message: str) -> None:
    code, _, err = in_process("new", name)
    assert code == 2 and message in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("args", [["report", "1" * 40], ["report", "0"], ["report", "-5"],
                                  ["rehearse", str(SAMPLE), "--answers", "x", "--seed", "9" * 40],
                                  ["rehearse", str(SAMPLE), "--answers", "x", "--seed", "-1"]])
def test_numbers_sqlite_cannot_hold_are_usage_errors(in_process, args: list[str]) -> None:
    code, _, err = in_process(*args)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_full_disk_is_one_line_and_the_call_is_kept_as_interrupted(tmp_path: Path) -> None:
    prep = write_prep(tmp_path)
    answers = tmp_path / "answers.txt"
    answers.write_text("\n".join(ANSWERS), encoding="utf-8")
    data = tmp_path / "data"
    assert run("history", data_dir=data).returncode == 0  # creates the database

    def small_disk() -> None:  # writes past 40 KB fail as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))

    result = run("rehearse", str(prep), "--answers", str(answers), "--outcome", "available", data_dir=data,
                 preexec_fn=small_disk)
    one_line_error(result, "history database")


def test_a_locked_database_is_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("history", data_dir=data).returncode == 0
    holder = sqlite3.connect(data / "history.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run("rehearse", str(write_prep(tmp_path)), "--answers", "-", data_dir=data,
                     stdin="\n".join(ANSWERS).encode())
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    one_line_error(result, "database is locked")


def test_a_foreign_sqlite_file_with_our_version_is_refused(tmp_path: Path) -> None:
    from tui.store import SCHEMA_VERSION

    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    with sqlite3.connect(data / "history.sqlite3") as db:
        db.execute("CREATE TABLE notes (x)")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    one_line_error(run("history", data_dir=data), "not a followup history database")


@pytest.mark.parametrize("option", ["--answers", "--answer-file"])
def test_non_utf8_on_standard_input_is_refused_alike(tmp_path: Path, option: str) -> None:
    prep = write_prep(tmp_path)
    command = (["rehearse", str(prep), "--answers", "-"] if option == "--answers"
               else ["check", "--point", "reliability", "--answer-file", "-"])
    one_line_error(run(*command, data_dir=tmp_path, stdin=b"I led \xff\xfe the team\n"), "not UTF-8 text")


def test_ctrl_c_exits_with_one_line_and_keeps_the_call_as_interrupted(tmp_path: Path) -> None:
    prep = write_prep(tmp_path)
    data = tmp_path / "data"
    env = {**os.environ, "FOLLOWUP_DATA_DIR": str(data)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "rehearse", str(prep), "--answers", "-", "--outcome", "available"],
        cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        process.stdin.write((ANSWERS[0] + "\n").encode())
        process.stdin.flush()  # stdin stays open: the call waits for the next answer
        database = data / "history.sqlite3"
        for _ in range(600):  # until the first answer is stored (at most a minute)
            if database.exists():
                try:
                    with sqlite3.connect(database) as db:
                        if db.execute("SELECT COUNT(*) FROM turn WHERE speaker = 'candidate'").fetchone()[0]:
                            break
                except sqlite3.OperationalError:  # the tables are still being made
                    pass
            time.sleep(0.1)
        else:
            pytest.fail("the first answer was never stored")
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
        stderr = process.stderr.read().decode()
    finally:
        if process.poll() is None:
            process.kill()
        for stream in (process.stdin, process.stdout, process.stderr):
            stream.close()
    assert code == 130
    assert stderr.strip() == "followup: interrupted"
    history = run("history", "--json", data_dir=data)
    assert [r["status"] for r in json.loads(history.stdout)] == ["interrupted"]


# -- 7. escape injection --------------------------------------------------------------------
OSC_TITLE = f"{ESC}]0;PWNED\a"
CSI_CLEAR = f"{ESC}[2J"


def test_check_prints_no_escape_sequences(in_process) -> None:
    code, out, _ = in_process("check", "--point", f"payments {OSC_TITLE}reliability",
                              "--answer", f"I care about payments{CSI_CLEAR} reliability\x9b31m")
    assert code == 0 and "payments" in out
    assert ESC not in out and "\x9b" not in out and "\a" not in out
    code, out, _ = in_process("check", "--point", "reliability", "--answer", f"reliability \x9d0;x\x07 ok", "--json")
    data = json.loads(out)  # still valid JSON, and nothing raw for the terminal
    assert code == 0 and "\x9d" not in out and data["points"][0]["status"] == "covered"


def test_rehearse_history_report_and_drafts_print_no_escape_sequences(tmp_path: Path) -> None:
    prep = write_prep(tmp_path).read_text(encoding="utf-8").replace(
        'company = "Northwind"', 'company = "North\\u001b]0;PWNED\\u0007wind\\u009b2J"')  # TOML escapes
    path = tmp_path / "hostile.toml"
    path.write_text(prep, encoding="utf-8")
    data = tmp_path / "data"
    answers = "\n".join([ANSWERS[0], f"Hi James {CSI_CLEAR}", *ANSWERS[2:]]).encode()
    outputs = [run("rehearse", str(path), "--answers", "-", "--outcome", "available", data_dir=data, stdin=answers),
               run("history", data_dir=data), run("report", "1", data_dir=data)]
    blocked = path.read_text(encoding="utf-8").replace('interviewer = "James', 'asked_not_to_call = true\ninterviewer = "James')
    path.write_text(blocked, encoding="utf-8")
    outputs.append(run("rehearse", str(path), "--answers", "-", data_dir=data, stdin=b"x\n"))
    for result in outputs:
        assert result.returncode == 0, result.stderr
        text = result.stdout.decode()
        assert "North" in text and ESC not in text and "\x9b" not in text and "\a" not in text
    as_json = run("report", "1", "--format", "json", data_dir=data).stdout.decode()
    # The prep's texts are cleaned when it is read: what is stored is what the user can see.
    assert json.loads(as_json)["rehearsal"]["company"] == "Northwind"
    assert "\x9b" not in as_json and "\\u009b" not in as_json


def test_prep_error_messages_print_no_escape_sequences(tmp_path: Path) -> None:
    path = write_prep(tmp_path, extra='"\\u001b]0;PWNED\\u0007" = 1')  # an unknown key, TOML-escaped
    result = run("rehearse", str(path), "--answers", "-", data_dir=tmp_path)
    assert result.returncode == 2 and b"unknown key" in result.stderr
    assert ESC.encode() not in result.stderr


# -- 8. personas are names ------------------------------------------------------------------
@pytest.mark.parametrize("persona", ["../../etc/friendly", "/tmp/x/evil", "friendly/../busy", "~root", "Busy"])
def test_a_persona_is_a_name_never_a_path(in_process, persona: str) -> None:
    code, _, err = in_process("rehearse", str(SAMPLE), "--answers", "x", "--persona", persona)
    assert code == 2 and "unknown persona" in err


# -- 9. private files -----------------------------------------------------------------------
def test_the_database_and_saved_audio_are_private_and_the_data_dir_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    first = run("history", data_dir=data)
    assert first.returncode == 0 and b"private (mode 0700)" in first.stderr
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "history.sqlite3").stat().st_mode) == 0o600
    assert b"private" not in run("history", data_dir=data).stderr  # said once

    import numpy as np

    from tui.speech.audio import write_wav

    old = os.umask(0)
    try:
        wav = write_wav(tmp_path / "answer.wav", np.zeros(1600, dtype=np.float32), 16000)
    finally:
        os.umask(old)
    assert stat.S_IMODE(wav.stat().st_mode) == 0o600


# -- 10. durations --------------------------------------------------------------------------
@pytest.mark.parametrize("duration", ["nan", "inf", "-inf", "0", "-3", "5e-324", "1e400"])
def test_a_non_finite_or_non_positive_duration_is_refused(in_process, duration: str) -> None:
    code, out, err = in_process("check", "--point", "x", "--answer", "x", "--duration", duration, "--json")
    assert code == 2 and out == "" and "--duration" in err and len(err.splitlines()) == 1


# -- 11. silently accepted inputs ----------------------------------------------------------
@pytest.mark.parametrize("args, message", [
    (["rehearse", str(SAMPLE), "--answers", "x", "--questions", "0"], "--questions"),
    (["rehearse", str(SAMPLE), "--answers", "x", "--questions", "-3"], "--questions"),
    (["--data-dir", "", "history"], "--data-dir"),
    (["check", "--point", "!!! ???", "--answer", "x"], "no words"),
    (["check", "--required", " ", "--answer", "x"], "no words"),
    (["say", "hello", "--out", "{tmp}/missing/x.wav"], "does not exist"),
])
def test_silently_accepted_inputs_are_now_errors(in_process, tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = in_process(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert not (tmp_path / "missing").exists()
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_a_prep_key_point_without_words_is_a_problem() -> None:
    text = PREP.format(interview=f"{THIS_YEAR}-01-12", decision=f"{THIS_YEAR}-01-20", extra="")
    with pytest.raises(PrepError, match="has no words"):
        parse_prep(text.replace('"owning services"', '"!!! ???"'))


def test_a_json_resume_date_that_does_not_exist_is_a_warning(tmp_path: Path) -> None:
    resume = tmp_path / "r.json"
    resume.write_text(json.dumps({"basics": {"name": "Jo"}, "work": [
        {"name": "Acme", "position": "Engineer", "startDate": "2020-02-99"}]}), encoding="utf-8")
    result = run("import-resume", str(resume), data_dir=tmp_path)
    assert result.returncode == 0 and b"warning" in result.stderr and b"'2020-02-99'" in result.stderr
    assert "startDate" not in json.loads(result.stdout)["work"][0]


def test_a_markdown_resume_mentioning_pdf_is_read_as_markdown(tmp_path: Path) -> None:
    from tui.resume.load import explain_resume

    resume = tmp_path / "resume.md"
    resume.write_text("# Jo Doe\n\nWrote a parser for %PDF-1.7 headers.\n\n## Experience\n\n"
                      "Acme Corp, Engineer, 2019 - 2021\n", encoding="utf-8")
    assert explain_resume(resume).format == "markdown"


# -- 12. usage errors -----------------------------------------------------------------------
@pytest.mark.parametrize("args", [["rehearse"], ["check", "--bogus"], ["report", "abc"], ["nosuch", "x", "y"],
                                  ["rehearse", str(SAMPLE), "--outcome", "maybe"]])
def test_argparse_usage_errors_are_one_line(tmp_path: Path, args: list[str]) -> None:
    one_line_error(run(*args, data_dir=tmp_path), "followup")


def test_an_answer_over_five_thousand_words_is_refused(in_process, tmp_path: Path) -> None:
    long_answer = tmp_path / "answer.txt"
    long_answer.write_text("reliability " * 6000, encoding="utf-8")
    code, _, err = in_process("check", "--point", "reliability", "--answer-file", str(long_answer))
    assert code == 2 and "6,000 words" in err and len(err.splitlines()) == 1
    code, _, err = in_process("check", "--point", "reliability", "--answer", "b." * 30_000)
    assert code == 2 and "60,000 characters" in err
