"""Bounded fuzzing of every entry point that reads user input (Hypothesis, deterministic).

Each property is what the README promises: bad input is refused with the entry point's own
error (PrepError, ResumeError, one line and exit 2 on the command line), never a traceback,
and nothing printed carries an escape sequence. scripts/fuzz.py runs the long version.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from pathlib import Path

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui import cli
from tui.checker import check_answer
from tui.prep import PrepError, parse_prep
from tui.prep.model import KeyPoint
from tui.resume.load import load_resume
from tui.resume.model import ResumeError
from tui.textsafe import to_json

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "assets" / "samples" / "sample_prep.toml"
FUZZ = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Text that has broken parsers before: escapes, controls, surrogates, bidi, huge digits, deep nests.
HOSTILE = ["\x1b]0;PWNED\a", "\x1b[2J", "\x9b31m", "\x00", "\ud800", "\u202e", "\r\n", "\t", "é", "—",
           "9" * 5000, "[" * 2000, "{" * 2000, "%PDF-", "a@" + "b." * 2000 + "@", "", " ", "!!! ???"]
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=200),
                         st.lists(st.sampled_from(HOSTILE + ["a", " ", "1", "."]), max_size=30).map("".join))
toml_scalars = st.one_of(st.text(max_size=60), st.integers(), st.floats(allow_nan=True), st.booleans(),
                         st.dates(), st.datetimes())
toml_values = st.recursive(toml_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                                 st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                           max_leaves=12)
PREP_KEYS = {"candidate": ["name", "phone", "email"],
             "application": ["company", "position", "interviewer", "interview_date", "decision_date",
                             "asked_not_to_call", "asked_by"],
             "recap": ["said", "asked", "memory_hook"], "closing": ["questions"]}


@st.composite
def prep_documents(draw) -> str:
    """A prep-shaped TOML document whose values are of any type and any content."""
    doc: dict = {}
    for table, keys in PREP_KEYS.items():
        if draw(st.booleans()):
            doc[table] = {k: draw(st.one_of(toml_values, hostile_text)) for k in keys if draw(st.booleans())}
    if draw(st.booleans()):
        doc["answers"] = [{"prompt": draw(hostile_text), "points": draw(st.lists(st.one_of(hostile_text, toml_values), max_size=6))}
                          for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        doc["resume"] = draw(hostile_text)
    try:
        return tomlkit.dumps(doc)
    except Exception:  # noqa: BLE001 - tomlkit cannot write every value (e.g. NaN keys); use text
        return draw(hostile_text)


@st.composite
def mutated_sample(draw) -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 40))
        text = text[:at] + draw(hostile_text) + text[at + cut:]
    return text


@FUZZ
@given(st.one_of(prep_documents(), mutated_sample(), hostile_text))
def test_the_prep_parser_accepts_or_refuses_with_problems(text: str) -> None:
    try:
        prep = parse_prep(text, base_dir=ROOT)
    except PrepError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)
        return
    assert prep.candidate.name and prep.application.company


json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                                     hostile_text),
                           lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                   st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                           max_leaves=15)
DATES = st.one_of(st.sampled_from(["2020-02-99", "2020-13", "0001-01-01", "9999-12-31", "present", "2019", ""]),
                  hostile_text)


@st.composite
def json_resumes(draw) -> bytes:
    job = st.fixed_dictionaries({"name": hostile_text, "position": hostile_text, "startDate": DATES,
                                 "endDate": DATES, "highlights": st.lists(hostile_text, max_size=3)})
    doc = {"basics": draw(st.one_of(st.fixed_dictionaries({"name": hostile_text}), json_values)),
           "work": draw(st.one_of(st.lists(job, max_size=4), json_values))}
    return json.dumps(doc).encode()


resume_bytes = st.one_of(st.binary(max_size=3000), hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                         json_resumes(), st.just(b"%PDF-1.7\n" + b"x" * 200), st.just(b"PK\x03\x04" + b"\x00" * 100))


@FUZZ
@given(resume_bytes, st.sampled_from([".json", ".md", ".txt", ".pdf", ".docx", ""]))
def test_the_resume_readers_accept_or_refuse_with_one_error(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"resume{suffix}"
        path.write_bytes(data)
        try:
            resume = load_resume(path)
        except ResumeError as exc:
            assert str(exc)
            return
        to_json(resume.to_json_resume())  # what import-resume prints: valid, printable JSON


@FUZZ
@given(hostile_text, st.lists(hostile_text, min_size=1, max_size=4), st.booleans(),
       st.one_of(st.none(), st.floats(0.1, 86400)))
def test_the_checker_never_raises_and_its_json_is_valid(answer: str, points: list[str], required: bool,
                                                        duration: float | None) -> None:
    result = check_answer(answer, [KeyPoint(p, required) for p in points if p.strip()] or [KeyPoint("a")],
                          duration=duration)
    assert json.loads(to_json(result.to_dict()))["points"]
    assert result.verdict()


OPTION_VALUES = HOSTILE + ["0", "-3", "1" * 40, "nan", "inf", "5e-324", "1", "4", "friendly", "../../x", "available",
                           "md", "json", str(SAMPLE), "/dev/zero", "/", "-"]
COMMANDS = {
    "check": ["--point", "--required", "--answer", "--answer-file", "--duration", "--prep", "--question", "--json"],
    "rehearse": ["--answers", "--persona", "--outcome", "--seed", "--questions", "--json"],
    "report": ["--format"],
    "history": ["--json"],
    "questions": ["--json", "--limit", "--seed"],
    "import-resume": ["--json", "--explain"],
}
FLAGS = {"--json", "--explain"}


@st.composite
def command_lines(draw) -> list[str]:
    command = draw(st.sampled_from(sorted(COMMANDS)))
    argv = [command]
    if command in ("rehearse", "questions", "import-resume", "report"):
        argv.append(draw(st.sampled_from(OPTION_VALUES)))
    for option in draw(st.lists(st.sampled_from(COMMANDS[command]), max_size=5)):
        argv.append(option)
        if option not in FLAGS:
            argv.append(draw(st.one_of(st.sampled_from(OPTION_VALUES), hostile_text)))
    return [a.replace("\x00", "") for a in argv]  # argv cannot carry NUL


@pytest.fixture(scope="module")
def cli_sandbox(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz-cli")
    old_env, old_cwd = os.environ.get("FOLLOWUP_DATA_DIR"), os.getcwd()
    os.environ["FOLLOWUP_DATA_DIR"] = str(folder / "data")
    os.chdir(folder)  # relative names from the fuzzer land here
    yield folder
    os.chdir(old_cwd)
    if old_env is None:
        os.environ.pop("FOLLOWUP_DATA_DIR", None)
    else:
        os.environ["FOLLOWUP_DATA_DIR"] = old_env


@settings(FUZZ, max_examples=80)
@given(command_lines(), st.binary(max_size=300))
def test_command_lines_exit_0_or_2_with_clean_output(cli_sandbox, argv: list[str], stdin: bytes) -> None:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    sys.stdout, sys.stderr = out, err
    try:
        code = cli.main(argv)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    assert code in (0, 2), (argv, err.getvalue())
    for text in (out.getvalue(), err.getvalue()):
        assert "\x1b" not in text and "\x9b" not in text and "Traceback" not in text
    if code == 2:
        assert err.getvalue().strip(), argv
    os.environ["FOLLOWUP_DATA_DIR"] = str(cli_sandbox / "data")  # --data-dir may not move it
