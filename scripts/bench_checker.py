"""Benchmark the answer checker on the labelled key-point sets: words alone vs with meaning.

    .venv/bin/python scripts/bench_checker.py [--data PATH ...] [--json] [--errors] [--lists]

Each (answer, key point) pair is labelled covered or not. The checker's "covered" is the
positive class (the app's policy: only "covered" ticks a point off; "partial" is shown as a
hint to say more). Every data file is scored on its own, typed and recognition-style (asr)
answers separately, for the word matcher alone and with the meaning check (the shipped
MiniLM model). The baseline, run on the same pairs, is exact content-word recall at
whichever of a few thresholds gives it the best F1 (tuned in-sample, so flattering to it).
Speed: milliseconds per check of 4 points on a 20-word and a 150-word answer, the model's
load time and the memory it adds, measured in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tui.checker import check_answer  # noqa: E402
from tui.checker import matcher, semantic  # noqa: E402
from tui.checker.lists import lists_off, word_set  # noqa: E402
from tui.checker.text import tokenize  # noqa: E402

EVAL = REPO.parent / "shared" / "eval"
DEFAULT_DATA = [EVAL / "keypoints_dev.json", EVAL / "keypoints_dev2.json"]
BASELINE_THRESHOLDS = (0.25, 0.34, 0.5, 0.6, 0.67, 0.75)
LATENCY_REPEAT = 40
Method = Callable[[dict], dict[str, str]]


def load(path: Path) -> list[dict]:
    """One row per answer: id, kind, text, its question's points and required items, gold.

    Two shapes: {questions, answers} (one applicant) and {applicants: [{questions, answers}]}."""
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for applicant in data.get("applicants", [data]):
        for answer in applicant["answers"]:
            points = applicant["questions"][answer["question"]]
            rows.append({
                "id": answer["id"],
                "kind": answer["kind"],
                "text": answer["text"],
                "question": answer["question"],
                "questions": applicant["questions"],
                "points": {pid: text for pid, text in points.items() if not pid.startswith("r_")},
                "required": {pid: text for pid, text in points.items() if pid.startswith("r_")},
                "covers": set(answer["covers"]),
            })
    return rows


def checker(meaning: semantic.MeaningCheck | None, heard: bool = False) -> Method:
    """The checker as a method; `heard`: recognition-style (asr) answers are read as voice mode
    reads a transcript (sound-alikes of rare point words count), typed ones as typed."""
    def run(row: dict) -> dict[str, str]:
        check = check_answer(row["text"], list(row["points"].values()), required=list(row["required"].values()),
                             meaning=meaning, heard=heard and row.get("kind") == "asr")
        ids = list(row["points"]) + list(row["required"])
        return {pid: result.status for pid, result in zip(ids, check.points)}

    return run


def run_baseline(row: dict, threshold: float) -> dict[str, str]:
    stop = word_set("stopwords")
    said = {t.form for t in tokenize(row["text"])}
    out = {}
    for pid, text in {**row["points"], **row["required"]}.items():
        words = {t.form for t in tokenize(text)} - stop
        recall = len(words & said) / len(words) if words else 0.0
        need = 1.0 if pid in row["required"] else threshold
        out[pid] = "covered" if recall >= need else "missed"
    return out


def scores(pairs: list[tuple[bool, bool]]) -> dict:
    tp = sum(p and g for p, g in pairs)
    fp = sum(p and not g for p, g in pairs)
    fn = sum(g and not p for p, g in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3), "pairs": len(pairs),
            "errors": fp + fn}


def evaluate(rows: list[dict], method: Method, positive: frozenset[str] = frozenset({"covered"})) -> tuple[dict, list]:
    by_kind: dict[str, list[tuple[bool, bool]]] = {"all": [], "typed": [], "asr": []}
    errors = []
    for row in rows:
        for pid, status in method(row).items():
            pair = (status in positive, pid in row["covers"])
            by_kind["all"].append(pair)
            by_kind.setdefault(row["kind"], []).append(pair)
            if pair[0] != pair[1]:
                errors.append((row["id"], pid, status, pair[1]))
    return {kind: scores(pairs) for kind, pairs in by_kind.items() if pairs}, errors


def cross_question_false_positives(rows: list[dict], method: Method) -> dict:
    """Every answer against the points of its applicant's OTHER questions (assumed not covered)."""
    covered = total = 0
    for row in rows:
        for qid, points in row["questions"].items():
            if qid == row["question"]:
                continue
            statuses = method({
                "text": row["text"],
                "kind": row["kind"],
                "points": {pid: t for pid, t in points.items() if not pid.startswith("r_")},
                "required": {pid: t for pid, t in points.items() if pid.startswith("r_")},
            })
            covered += sum(status == "covered" for status in statuses.values())
            total += len(statuses)
    return {"covered": covered, "pairs": total, "rate": round(covered / total, 4) if total else 0.0}


def without_synonyms(rows: list[dict], method: Method) -> dict:
    """Ablation: how much rests on the hand-written synonym list."""
    real = matcher.synonyms
    matcher.synonyms = lambda word: ()
    try:
        return evaluate(rows, method)[0]
    finally:
        matcher.synonyms = real


# The word lists the checker reads (assets/lists/); --lists scores every file without each.
CHECKER_LISTS = ("stopwords", "negations", "double_negatives", "synonyms", "abbreviations", "abandonment",
                 "undertakings", "completion", "in_progress", "failures", "that_time", "said_gone",
                 "direction_down", "direction_up", "state_ended", "state_continued", "number_about",
                 "number_at_least", "number_at_most", "units", "year_before")


def list_ablation(paths: list[Path], words: Method, meaning: Method) -> dict:
    """F1 over all answers of each file with all lists, and with each list read as empty:
    how much rests on each hand-written list."""
    out: dict[str, dict] = {}
    for path in paths:
        rows = load(path)

        def f1s() -> dict:
            return {"words_only": evaluate(rows, words)[0]["all"]["f1"],
                    "with_meaning": evaluate(rows, meaning)[0]["all"]["f1"]}

        out[path.stem] = {"all lists": f1s()}
        for name in CHECKER_LISTS:
            with lists_off(name):
                out[path.stem][f"without {name}"] = f1s()
    return out


def print_list_ablation(ablation: dict) -> None:
    print(f"{'data':18} {'lists (F1, all answers)':28} {'words':>6} {'Δ':>7} {'+meaning':>8} {'Δ':>7}")
    for name, by_list in ablation.items():
        full = by_list["all lists"]
        for label, f1 in by_list.items():
            print(f"{name:18} {label:28} {f1['words_only']:6.3f} {f1['words_only'] - full['words_only']:+7.3f} "
                  f"{f1['with_meaning']:8.3f} {f1['with_meaning'] - full['with_meaning']:+7.3f}")


def file_report(path: Path, words: Method, meaning: Method, heard: Method) -> tuple[dict, dict]:
    rows = load(path)
    words_only, words_errors = evaluate(rows, words)
    with_meaning, meaning_errors = evaluate(rows, meaning)
    with_meaning_heard, _ = evaluate(rows, heard)
    baseline_at, baseline = max(
        ((at, evaluate(rows, lambda row: run_baseline(row, at))[0]) for at in BASELINE_THRESHOLDS),
        key=lambda pair: pair[1]["all"]["f1"],
    )
    report = {
        "data": str(path),
        "answers": len(rows),
        "words_only": words_only,
        "with_meaning": with_meaning,
        "with_meaning_asr_heard": with_meaning_heard,
        "with_meaning_partial_positive": evaluate(rows, meaning, frozenset({"covered", "partial"}))[0],
        "words_only_without_synonyms": without_synonyms(rows, words),
        "with_meaning_without_synonyms": without_synonyms(rows, meaning),
        "baseline_exact_word_recall": baseline,
        "baseline_threshold": baseline_at,
        "cross_question_false_positives": {
            "words_only": cross_question_false_positives(rows, words),
            "with_meaning": cross_question_false_positives(rows, meaning),
            "with_meaning_asr_heard": cross_question_false_positives(rows, heard),
        },
    }
    return report, {"words_only": words_errors, "with_meaning": meaning_errors}


# --- speed -------------------------------------------------------------------------------

def answer_of(rows: list[dict], words: int) -> str:
    """Real answers joined until they reach `words` words (cut there)."""
    said: list[str] = []
    for row in sorted(rows, key=lambda r: r["id"]):
        said += row["text"].split()
        if len(said) >= words:
            break
    return " ".join(said[:words])


def percentiles(times: list[float], cpu: list[float]) -> dict:
    times, cpu = sorted(times), sorted(cpu)
    p95 = int(0.95 * (len(times) - 1))
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(times[p95], 2),
            "max_ms": round(times[-1], 2), "cpu_p50_ms": round(statistics.median(cpu), 2),
            "cpu_p95_ms": round(cpu[p95], 2), "calls": len(times)}


def latency(rows: list[dict]) -> dict:
    """4 points (from four different questions: mostly not covered, so the meaning check runs
    for most of them, its worst case) on a 20-word and a 150-word answer."""
    points = list(dict.fromkeys(t for row in rows for t in row["points"].values()))
    four = points[::max(1, len(points) // 4)][:4]
    out = {}
    for words in (20, 150):
        answer = answer_of(rows, words)
        for name, meaning in (("words_only", None), ("with_meaning", semantic.SHIPPED)):
            check_answer(answer, four, meaning=meaning)  # warm: point vectors are cached per prep
            times, cpu = [], []
            for _ in range(LATENCY_REPEAT):
                start, start_cpu = time.perf_counter(), time.thread_time()
                check_answer(answer, four, meaning=meaning)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.thread_time() - start_cpu) * 1000)  # the model runs in this thread
            out[f"{words}_words_{name}"] = percentiles(times, cpu)
    return {"load_average": os.getloadavg()[0], "cores": os.cpu_count(), "checks": out}


LOAD_PROBE = """
import json, sys, time
sys.path.insert(0, sys.argv[1])

def status_mb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024

from tui.checker import check_answer
from tui.checker.semantic import SHIPPED
check_answer("warm up the word matcher", ["warm up"], meaning=None)
before = status_mb("VmRSS")
start = time.perf_counter()
import numpy, onnxruntime, tokenizers
imported = time.perf_counter()
with_libraries = status_mb("VmRSS")
SHIPPED.model()
loaded = time.perf_counter()
with_model = status_mb("VmRSS")
answer = " ".join(["We cross-trained the receiving crew so overtime went down and nobody got hurt."] * 11)
check_answer(answer, ["reduced overtime hours", "zero injuries", "trained the crew", "ran the night shift"])
after = status_mb("VmRSS")
print(json.dumps({"status": SHIPPED.status(), "import_s": round(imported - start, 3),
                  "load_s": round(loaded - imported, 3), "cold_s": round(loaded - start, 3),
                  "rss_before_mb": round(before, 1), "rss_libraries_mb": round(with_libraries - before, 1),
                  "rss_loaded_mb": round(with_model - with_libraries, 1),
                  "rss_model_mb": round(after - with_libraries, 1), "rss_added_mb": round(after - before, 1),
                  "rss_peak_added_mb": round(status_mb("VmHWM") - before, 1)}))
"""


def model_cost() -> dict:
    """Load time and memory of the meaning model, in a fresh interpreter (3 runs, median)."""
    runs = []
    for _ in range(3):
        result = subprocess.run([sys.executable, "-c", LOAD_PROBE, str(REPO)], capture_output=True, text=True,
                                check=True)
        runs.append(json.loads(result.stdout))
    middle = {key: statistics.median(run[key] for run in runs) for key in runs[0] if key != "status"}
    return {"status": runs[0]["status"], **middle}


# --- output ----------------------------------------------------------------------------

def print_table(reports: list[dict], speed: dict, cost: dict) -> None:
    print("policy: covered is positive; partial counts as not covered")
    print(f"{'data':18} {'method':30} {'kind':6} {'P':>6} {'R':>6} {'F1':>6} {'errors':>6}")
    for report in reports:
        name = Path(report["data"]).stem
        for label, key in (("words only", "words_only"), ("words + meaning", "with_meaning"),
                           ("words + meaning, asr as heard", "with_meaning_asr_heard"),
                           ("words + meaning (partial = pos.)", "with_meaning_partial_positive"),
                           ("words only, no synonym list", "words_only_without_synonyms"),
                           ("words + meaning, no synonyms", "with_meaning_without_synonyms"),
                           (f"baseline: word recall>={report['baseline_threshold']}", "baseline_exact_word_recall")):
            for kind, s in report[key].items():
                print(f"{name:18} {label:30} {kind:6} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
                      f"{s['errors']:6d}")
        for method, fp in report["cross_question_false_positives"].items():
            print(f"{name:18} cross-question pairs called covered ({method}): {fp['covered']}/{fp['pairs']} "
                  f"({fp['rate']:.1%})")
    print(f"machine load (1 min average) {speed['load_average']:.1f} on {speed['cores']} cores: wall time grows "
          "with it, CPU time (this thread) does not")
    for name, lat in speed["checks"].items():
        print(f"latency 4 points, {name:24} p50 {lat['p50_ms']:6.2f} ms  p95 {lat['p95_ms']:6.2f} ms  "
              f"max {lat['max_ms']:6.2f} ms  | CPU p50 {lat['cpu_p50_ms']:6.2f} ms  p95 {lat['cpu_p95_ms']:6.2f} ms  "
              f"({lat['calls']} calls)")
    print(f"meaning model: {cost['status']}; load {cost['load_s']:.3f} s after importing numpy/onnxruntime/"
          f"tokenizers ({cost['import_s']:.3f} s), {cost['cold_s']:.3f} s cold")
    print(f"memory: RSS +{cost['rss_added_mb']:.0f} MB from {cost['rss_before_mb']:.0f} MB after a 150-word check "
          f"(target <= +70): +{cost['rss_libraries_mb']:.0f} MB importing numpy/onnxruntime/tokenizers (voice mode "
          f"imports all three anyway), +{cost['rss_loaded_mb']:.0f} MB loading the model and its tokenizer, "
          f"{cost['rss_model_mb'] - cost['rss_loaded_mb']:+.0f} MB the check; peak +{cost['rss_peak_added_mb']:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", help="labelled key-point JSON (repeatable; "
                        "default: keypoints_dev.json and keypoints_dev2.json in ../shared/eval)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", action="store_true", help="list the checker's wrong pairs (on stderr)")
    parser.add_argument("--lists", action="store_true", help="also score each file without each word list")
    args = parser.parse_args(argv)
    paths = args.data or DEFAULT_DATA
    for path in paths:
        if not path.is_file():
            parser.error(f"no data file at {path}")
    if semantic.SHIPPED.model() is None:
        print(f"warning: {semantic.SHIPPED.status()}: 'with meaning' is the word matcher alone", file=sys.stderr)

    words, meaning = checker(None), checker(semantic.SHIPPED)
    reports, errors = [], {}
    for path in paths:
        report, wrong = file_report(path, words, meaning, checker(semantic.SHIPPED, heard=True))
        reports.append(report)
        errors[path.stem] = wrong
    all_rows = [row for path in paths for row in load(path)]
    speed = latency(all_rows)
    cost = model_cost()
    ablation = list_ablation(paths, words, meaning) if args.lists else None
    if args.json:
        print(json.dumps({"files": reports, "latency": speed, "model": cost,
                          **({"list_ablation": ablation} if ablation else {})}, indent=2))
    else:
        print_table(reports, speed, cost)
        if ablation:
            print_list_ablation(ablation)
    if args.errors:
        for name, by_method in errors.items():
            for method, wrong in by_method.items():
                for answer_id, pid, status, gold in wrong:
                    print(f"error {name} {method:12} {answer_id:5} {pid:10} said {status:8} "
                          f"gold {'covered' if gold else 'not'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
