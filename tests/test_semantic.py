"""The meaning check with the real shipped model: paraphrases credited, contradictions
refused, and the word matcher alone when the model is missing or damaged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui.assets import asset_path
from tui.checker import check_answer
from tui.checker.semantic import MODEL_FILE, SHIPPED, TOKENIZER_FILE, WIDTH, WORD_TABLE_FILE, MeaningCheck


@pytest.fixture(scope="module")
def model():
    loaded = SHIPPED.model()
    assert loaded is not None, SHIPPED.status()
    return loaded


def test_the_shipped_model_loads_and_says_so(model) -> None:
    assert SHIPPED.status() == "meaning check on"
    assert SHIPPED.off_reason() is None
    assert SHIPPED.load_seconds is not None and SHIPPED.load_seconds > 0


@pytest.mark.parametrize(("point", "answer", "pair"), [
    ("hired and trained new cashiers", "I recruited and taught the new checkout staff.", ("trained", "taught")),
    ("passionate about food safety", "Keeping what we serve safe to eat matters a lot to me.", ("safety", "safe")),
])
def test_a_paraphrase_is_credited_with_the_words_that_carried_it(model, point: str, answer: str,
                                                                 pair: tuple[str, str]) -> None:
    words_only = check_answer(answer, [point], meaning=None).points[0]
    assert words_only.status != "covered"
    result = check_answer(answer, [point]).points[0]
    assert result.status == "covered" and result.by_meaning
    assert pair in {(m.point_word, m.answer_words) for m in result.evidence}
    assert all(m.answer_words in answer.lower() for m in result.evidence)


def test_an_unrelated_answer_is_not_credited(model) -> None:
    result = check_answer("I like hiking in the mountains on weekends.", ["improved customer satisfaction scores"])
    assert result.points[0].status == "missed" and not result.points[0].by_meaning


def test_a_negated_answer_is_never_rescued(model) -> None:
    point = "led the warehouse night crew"
    said_otherwise = check_answer("I ran the overnight team in the distribution center.", [point]).points[0]
    negated = check_answer("I never led the night crew at the warehouse.", [point]).points[0]
    assert said_otherwise.status == "covered"
    assert negated.status != "covered" and negated.note == "negated: never" and not negated.by_meaning


# Paraphrases with no word of their point: only the meaning check can credit them, so only
# the guards run on its own evidence can refuse them.
PAYROLL = "moved payroll to a new vendor"
PAYROLL_SAID = "I switched our salary processing to another provider."


@pytest.mark.parametrize(("answer", "guard", "why"), [
    ("It's not that I switched our salary processing to another provider.", "negated", "not"),
    ("I never switched our salary processing to another provider.", "negated", "never"),
    ("I switched our salary processing to another provider, but the project was cancelled.", "abandoned", "cancelled"),
    ("I switched our salary processing to another provider, but we pulled the plug.", "abandoned", "pulled the plug"),
])
def test_a_paraphrase_is_refused_when_its_own_evidence_is_contradicted(model, answer: str, guard: str,
                                                                       why: str) -> None:
    plain = check_answer(PAYROLL_SAID, [PAYROLL]).points[0]
    assert plain.status == "covered" and plain.by_meaning and plain.guards == ()
    words_only = check_answer(answer, [PAYROLL], meaning=None).points[0]
    assert words_only.status == "missed" and words_only.evidence == () and words_only.guards == ()
    refused = check_answer(answer, [PAYROLL]).points[0]
    assert refused.status == "missed" and not refused.by_meaning
    assert refused.guards == (guard,) and refused.note == f"{guard}: {why}" and refused.contradicted


def test_a_negation_reaches_the_whole_paraphrase_just_after_it(model) -> None:
    """ "not that I gave night lessons": the model ties "taught" to "lessons", not to "gave";
    the negation still denies the span of words that carried the meaning."""
    point = "taught evening ESL classes"
    assert check_answer("I gave night lessons in English to immigrants.", [point]).points[0].by_meaning
    refused = check_answer("It's not that I gave night lessons in English to immigrants.", [point]).points[0]
    assert refused.status == "missed" and refused.note == "negated: not"


@pytest.mark.parametrize("answer", [
    "No, I switched our salary processing to another provider.",
    "We had no choice so I switched our salary processing to another provider.",
    "I didn't wait for approval, I switched our salary processing to another provider.",
    "I not only switched our salary processing to another provider, I also trained the clerks.",
    "I never missed a deadline and I switched our salary processing to another provider.",
    "I switched our salary processing to another provider and nobody missed a paycheck.",
])
def test_a_negation_elsewhere_does_not_refuse_a_paraphrase(model, answer: str) -> None:
    result = check_answer(answer, [PAYROLL]).points[0]
    assert result.status == "covered" and result.by_meaning and result.guards == ()


def test_a_paraphrase_of_the_opposite_direction_is_refused(model) -> None:
    point = "grew weekend sales"
    credited = check_answer("Saturday and Sunday revenue climbed.", [point]).points[0]
    assert credited.status == "covered" and credited.by_meaning
    refused = check_answer("Saturday and Sunday revenue shrank.", [point]).points[0]
    assert refused.status == "missed" and not refused.by_meaning
    assert refused.guards == ("opposite direction",) and refused.note == "opposite direction: shrank"


def test_the_refusal_is_kept_in_the_stored_form(model) -> None:
    from tui.checker import AnswerCheck

    check = check_answer("It's not that I switched our salary processing to another provider.", [PAYROLL])
    again = AnswerCheck.from_dict(check.to_dict())
    assert again.points[0].guards == ("negated",) and again.points[0].status == "missed"


def test_a_different_figure_is_never_rescued(model) -> None:
    result = check_answer("We cut infrastructure costs by 15 percent.", ["cut infrastructure costs by 30%"]).points[0]
    assert result.status != "covered" and result.note.startswith("number differs")


def test_required_items_keep_the_every_word_rule(model) -> None:
    check = check_answer("I'm calling about the senior engineer job.", [], required=["Senior Backend Engineer"])
    assert check.points[0].status == "missed" and not check.points[0].by_meaning


def test_a_long_answer_is_read_to_its_end(model) -> None:
    """More than one window of word pieces: a paraphrase at the very end still counts."""
    filler = " ".join(f"On day {n} we stacked pallets and checked the loading dock." for n in range(40))
    answer = filler + " I recruited and taught the new checkout staff."
    result = check_answer(answer, ["hired and trained new cashiers"]).points[0]
    assert result.status == "covered" and ("trained", "taught") in {(m.point_word, m.answer_words) for m in result.evidence}


def test_a_very_long_answer_is_read_up_to_a_bound(model) -> None:
    """Pasted text of thousands of words costs a bounded time: only the first MAX_WORDS are read."""
    from tui.checker.semantic import MAX_WORDS

    filler = " ".join(f"On day {n} we stacked pallets and checked the loading dock." for n in range(MAX_WORDS // 5))
    assert len(model.word_vectors(filler).tokens) == MAX_WORDS
    late = check_answer(filler + " I recruited and taught the new checkout staff.", ["hired and trained new cashiers"])
    assert late.points[0].status != "covered"


def test_point_vectors_are_computed_once(model) -> None:
    first = model.point_vectors("reduced overtime by cross-training the crew")
    assert model.point_vectors("reduced overtime by cross-training the crew") is first


def _model_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    for name in (MODEL_FILE, WORD_TABLE_FILE, TOKENIZER_FILE):
        shutil.copyfile(asset_path("models", name), folder / name)
    return folder


PARAPHRASE = ("I recruited and taught the new checkout staff.", ["hired and trained new cashiers"])


def test_a_damaged_model_turns_the_check_off_with_its_reason(tmp_path: Path) -> None:
    folder = _model_folder(tmp_path)
    data = bytearray((folder / MODEL_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte in the weights
    (folder / MODEL_FILE).write_bytes(bytes(data))
    meaning = MeaningCheck(folder)
    check = check_answer(*PARAPHRASE, meaning=meaning)
    assert check.points[0].status == "missed"  # the word matcher's verdict, unchanged
    assert check.meaning_off.startswith(f"{MODEL_FILE} is damaged")
    assert meaning.status().startswith("meaning check off: ")
    assert check.to_dict()["meaning_off"] == check.meaning_off


def test_a_missing_tokenizer_turns_the_check_off(tmp_path: Path) -> None:
    folder = _model_folder(tmp_path)
    (folder / TOKENIZER_FILE).unlink()
    meaning = MeaningCheck(folder)
    assert meaning.model() is None
    assert meaning.off_reason() == f"{TOKENIZER_FILE} is missing (reinstall followup)"
    assert check_answer(*PARAPHRASE, meaning=meaning).meaning_off == meaning.off_reason()


def test_a_missing_word_piece_table_turns_the_check_off(tmp_path: Path) -> None:
    folder = _model_folder(tmp_path)
    (folder / WORD_TABLE_FILE).unlink()
    meaning = MeaningCheck(folder)
    assert check_answer(*PARAPHRASE, meaning=meaning).points[0].status == "missed"
    assert meaning.off_reason() == f"{WORD_TABLE_FILE} is missing (reinstall followup)"


def test_the_session_runs_lean(model) -> None:
    """One thread, no memory arena, no memory patterns (each kept memory that a check only
    needs while it runs), basic graph optimisation (the same speed, less memory)."""
    import onnxruntime

    options = model._session.get_session_options()
    assert (options.intra_op_num_threads, options.inter_op_num_threads) == (1, 1)
    assert not options.enable_cpu_mem_arena and not options.enable_mem_pattern
    assert options.graph_optimization_level == onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC


def test_the_word_piece_table_stays_on_disk(model) -> None:
    """The graph takes the rows of the answer's word pieces as input: the table is not in it,
    and the rows read from its file are the ones the tokenizer's ids name."""
    import numpy as np

    inputs = {i.name: i.type for i in model._session.get_inputs()}
    assert inputs["word_rows"] == "tensor(uint8)"
    table = np.fromfile(asset_path("models", WORD_TABLE_FILE), np.uint8).reshape(-1, WIDTH)
    ids = np.array([[101, 7592, 2088, 102], [101, 30521, 0, 0]])
    assert np.array_equal(model._rows(ids), table[ids])
    assert len(table) == model._tokenizer.get_vocab_size()


def test_a_folder_in_place_of_the_model_turns_the_check_off(tmp_path: Path) -> None:
    folder = _model_folder(tmp_path)
    (folder / MODEL_FILE).unlink()
    (folder / MODEL_FILE).mkdir()  # there, but not a file
    meaning = MeaningCheck(folder)
    assert check_answer(*PARAPHRASE, meaning=meaning).points[0].status == "missed"
    assert meaning.off_reason().startswith(f"{MODEL_FILE} cannot be read")


def test_a_broken_onnxruntime_turns_the_check_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # what a broken install looks like to Python
    meaning = MeaningCheck(_model_folder(tmp_path))
    check = check_answer(*PARAPHRASE, meaning=meaning)
    assert check.points[0].status == "missed"
    assert check.meaning_off.startswith("the model failed to load (ModuleNotFoundError")


def test_no_model_is_loaded_when_nothing_needs_it(tmp_path: Path) -> None:
    meaning = MeaningCheck(tmp_path / "nowhere")
    check = check_answer("I led the billing migration to AWS.", ["led billing migration to AWS"], meaning=meaning)
    assert check.points[0].status == "covered" and check.meaning_off == ""
    assert meaning.status() == "meaning check not loaded yet"


def test_the_command_line_says_when_the_meaning_check_is_off(tmp_path: Path) -> None:
    """A copy of followup whose model file is damaged: `check` and `doctor` say so, and the
    answer is still checked by its words."""
    import json
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "tui", tmp_path / "tui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(root / "assets", tmp_path / "assets")
    model = tmp_path / "assets" / "models" / MODEL_FILE
    model.write_bytes(model.read_bytes()[:-1000])  # a download cut short
    env = {**os.environ, "FOLLOWUP_DATA_DIR": str(tmp_path / "data")}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "tui", *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300)

    checked = run("check", "--answer", PARAPHRASE[0], "--point", PARAPHRASE[1][0],
                  "--point", "recruited new checkout staff")
    assert checked.returncode == 0, checked.stderr
    lines = checked.stdout.splitlines()
    assert lines[0].startswith("  missed")  # the paraphrase: only the meaning check could credit it
    assert any(line.lstrip().startswith("covered") and "recruited new checkout staff" in line for line in lines)
    assert lines[-1] == (f"meaning check off: {MODEL_FILE} is damaged (its sha256 is not the shipped one; "
                         "reinstall followup) (points checked by their words only)")
    doctor = run("doctor", "--json")
    [row] = [c for c in json.loads(doctor.stdout) if c["name"] == "answer checker"]
    assert not row["ok"] and not row["required"]
    assert row["detail"].startswith(f"meaning check off: {MODEL_FILE} is damaged") and row["fix"]


def test_the_report_says_which_points_were_said_in_other_words(model) -> None:
    from tui.report import render_markdown

    check = check_answer(*PARAPHRASE)
    turns = [{"speaker": "candidate", "text": PARAPHRASE[0], "check": check.to_dict()}]
    text = render_markdown(None, {"id": 1, "company": "Acme", "position": "Lead", "started_at": "2026-12-01",
                                  "persona": "friendly", "outcome": "available", "mode": "keyboard",
                                  "status": "finished"}, turns)
    assert f"covered (said in other words): {PARAPHRASE[1][0]}" in text
