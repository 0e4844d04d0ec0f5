"""No network, ever: the commands run with internet sockets made to fail.

Each command runs in a fresh interpreter whose audit hook refuses (and reports) any
internet socket, address lookup or connection made from Python. Native code (onnxruntime,
CTranslate2, eSpeak) is watched with strace where it works, and the answer check and a
transcription also run in a network namespace without any network (unshare -rn) where
this machine allows it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "assets" / "samples" / "sample_prep.toml"
ATTEMPT = "NETWORK ATTEMPT"
# Runs before followup's own code: any Python-level internet access is reported and refused.
HOOK = f"""
import socket, sys

def _no_network(event, args):
    if event == "socket.__new__":
        refused = args[1] in (-1, socket.AF_INET, socket.AF_INET6)
    elif event == "socket.connect":
        refused = args[0].family in (socket.AF_INET, socket.AF_INET6)
    else:
        refused = event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                            "socket.gethostbyaddr", "socket.sendto")
    if refused:
        print("{ATTEMPT}:", event, args[1:], file=sys.stderr, flush=True)
        raise OSError("internet access refused by the test")

sys.addaudithook(_no_network)
"""
GUARD = HOOK + """
import runpy
sys.argv = ["followup", *sys.argv[1:]]
runpy.run_module("tui", run_name="__main__", alter_sys=True)
"""
ANSWER = "I recruited and taught the new checkout staff."
POINT = "hired and trained new cashiers"
SPOKEN = "Thank you for calling me about the warehouse position."


def offline(*args: str, data_dir: Path, wrap: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    env = {**os.environ, "FOLLOWUP_DATA_DIR": str(data_dir)}
    result = subprocess.run([*wrap, sys.executable, "-c", GUARD, *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert ATTEMPT not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def spoken(tmp_path_factory) -> Path:
    """A WAV of a spoken answer, made with eSpeak (offline too)."""
    folder = tmp_path_factory.mktemp("offline")
    wav = folder / "answer.wav"
    result = offline("say", SPOKEN, "--out", str(wav), "--no-phone-line", data_dir=folder / "data")
    assert result.returncode == 0, result.stderr
    return wav


def test_the_guard_reports_an_internet_socket() -> None:
    code = HOOK + "socket.create_connection(('192.0.2.1', 80), timeout=1)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and ATTEMPT in result.stderr


def test_a_check_with_the_meaning_model_opens_no_internet_socket(tmp_path: Path) -> None:
    result = offline("check", "--answer", ANSWER, "--point", POINT, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "(said in other words)" in result.stdout  # the model really ran


def test_a_transcription_opens_no_internet_socket(tmp_path: Path, spoken: Path) -> None:
    result = offline("transcribe", str(spoken), "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert "warehouse" in row["text"].lower() and row["engine"] == "whisper"


def test_the_main_commands_open_no_internet_socket(tmp_path: Path) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("Hello, this is Maria Gonzalez calling for James O'Connor.\n"
                       "I led the billing migration to AWS and managed a team of 8 engineers.\n", encoding="utf-8")
    commands = [
        ["--help"],
        ["new", str(tmp_path / "prep.toml")],
        ["questions", str(SAMPLE)],
        ["import-resume", str(ROOT / "assets" / "samples" / "sample_resume.json")],
        ["rehearse", str(SAMPLE), "--answers", str(answers), "--outcome", "available", "--seed", "3"],
        ["history"],
        ["report", "1"],
        ["doctor"],
    ]
    for command in commands:
        result = offline(*command, data_dir=tmp_path / "data")
        assert result.returncode in (0, 1), (command, result.stderr)  # doctor says 1 without a microphone


def _works(*tool: str) -> bool:
    if not shutil.which(tool[0]):
        return False
    probe = subprocess.run([*tool, "true"], capture_output=True, text=True)
    return probe.returncode == 0


def test_native_code_opens_no_internet_socket(tmp_path: Path, spoken: Path) -> None:
    """onnxruntime and CTranslate2 are C++: strace sees their sockets where Python cannot."""
    trace = tmp_path / "trace.log"
    strace = ("strace", "-f", "-qq", "-e", "trace=socket,connect,sendto", "-o", str(trace))
    if not _works(*strace):
        pytest.skip("strace is not available (or ptrace is not allowed) here")
    control = subprocess.run([*strace, sys.executable, "-c", "import socket; socket.socket().close()"])
    assert control.returncode == 0 and "AF_INET" in trace.read_text()  # strace sees a socket when there is one
    for command in (["check", "--answer", ANSWER, "--point", POINT], ["transcribe", str(spoken)]):
        result = offline(*command, data_dir=tmp_path / "data", wrap=strace)
        assert result.returncode == 0, result.stderr
        internet = [line for line in trace.read_text().splitlines() if "AF_INET" in line]  # and AF_INET6
        assert internet == [], command


def test_check_and_transcription_work_without_any_network(tmp_path: Path, spoken: Path) -> None:
    isolate = ("unshare", "-rn")
    if not _works(*isolate):
        pytest.skip("unshare -rn (a user and network namespace) is not allowed here")
    checked = offline("check", "--answer", ANSWER, "--point", POINT, data_dir=tmp_path, wrap=isolate)
    assert checked.returncode == 0 and "(said in other words)" in checked.stdout, checked.stderr
    heard = offline("transcribe", str(spoken), data_dir=tmp_path, wrap=isolate)
    assert heard.returncode == 0 and "warehouse" in heard.stdout.lower(), heard.stderr
