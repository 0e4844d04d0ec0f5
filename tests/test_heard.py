"""Answers heard by the recognizer: a rare point word written as a sound-alike phrase counts
in voice mode (check_answer(heard=True)), and only there. Own fixtures: mishearings written
here, and one answer spoken by eSpeak and heard by the real Whisper model."""

from __future__ import annotations

import pytest

from tui.checker import check_answer
from tui.checker.matcher import rare
from tui.flow.call import CallFlow, CallQuestion
from tui.prep import load_prep
from tui.prep.model import KeyPoint


def status(answer: str, point: str, heard: bool) -> str:
    return check_answer(answer, [point], heard=heard, meaning=None).points[0].status


@pytest.mark.parametrize(("point", "misheard", "said_as"), [
    ("forklift trainer", "I'm a for a cliff trainer at the depot", "for a cliff"),
    ("Omnicell cabinets", "I restocked the on the sell cabinets every shift", "on the sell"),
    ("Tableau dashboards", "I built tab blow dashboards for the managers", "tab blow"),
    ("Kubernetes in production", "we ran the app on cuba net ease in production", "cuba net"),
    # Stems sound alike too: "restock" and "re-stalk".
    ("restocked cabinets", "I was re-stalking the cabinets every shift", "re stalking"),
])
def test_a_rare_word_heard_as_a_sound_alike_phrase_counts_when_heard(point: str, misheard: str, said_as: str) -> None:
    assert status(misheard, point, heard=False) != "covered"  # typed, it is not the word
    check = check_answer(misheard, [point], heard=True, meaning=None).points[0]
    assert check.status == "covered"
    assert said_as in {m.answer_words for m in check.evidence}  # the evidence shows what was heard


@pytest.mark.parametrize(("point", "answer"), [
    # One common word said on its own is not a misheard rare word.
    ("ServSafe certified", "I was certified in customer service"),
    # The phrase must start with the word's sound: "stock and" is no "restocked".
    ("restocked cabinets", "we kept stock and the cabinets were full"),
    # Common words are not stretched to sound-alikes: a recognizer knows them.
    ("trained the night shift", "I ran the night shot"),
])
def test_a_different_word_that_sounds_alike_is_not_credited(point: str, answer: str) -> None:
    assert status(answer, point, heard=True) != "covered"


def test_rare_words_are_the_ones_the_vocabulary_splits() -> None:
    assert rare("forklift") and rare("pyxis") and rare("servsafe")
    assert not rare("kitchen") and not rare("trained") and not rare("service")


def test_a_heard_contradiction_is_still_refused() -> None:
    point = "forklift trainer"
    check = check_answer("I was never a for a cliff trainer", [point], heard=True, meaning=None)
    assert check.points[0].status != "covered"
    assert "negated" in check.points[0].note


def test_voice_answers_go_through_the_flow_as_heard(sample_prep_path) -> None:
    """The voice path passes heard=True to the checker; the same words typed are not stretched."""
    prep = load_prep(sample_prep_path)
    question = CallQuestion("forklift", "Tell me about the warehouse.", (KeyPoint("forklift trainer"),))
    misheard = "I'm a for a cliff trainer"

    def answered(heard: bool) -> dict[str, str]:
        flow = CallFlow(prep, outcome="available", seed=1, questions=[question], start_at_questions=True)
        flow.start()
        return {m.point_word: m.answer_words for m in flow.answer(misheard, heard=heard).answer.check.points[0].evidence}

    assert answered(heard=True)["forklift"] == "for a cliff"
    assert answered(heard=False).get("forklift") != "for a cliff"  # typed: the meaning check's guess, at most


def test_check_command_reads_a_transcript_with_heard(tmp_path) -> None:
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent

    def evidence(*extra: str) -> dict[str, str]:
        result = subprocess.run(
            [sys.executable, "-m", "tui", "check", "--point", "forklift trainer", "--answer",
             "I'm a for a cliff trainer", "--json", *extra],
            cwd=root, env={**os.environ, "FOLLOWUP_DATA_DIR": str(tmp_path)}, capture_output=True, text=True,
            timeout=120)
        assert result.returncode == 0, result.stderr
        return {m["point_word"]: m["answer_words"] for m in json.loads(result.stdout)["points"][0]["evidence"]}

    assert evidence("--heard")["forklift"] == "for a cliff"
    assert evidence().get("forklift") != "for a cliff"
