"""Benchmark the answer checker on the labelled key-point set.

    .venv/bin/python scripts/bench_checker.py [--data PATH] [--json] [--errors]

Each (answer, key point) pair is labelled covered or not. The checker's "covered" is the
positive class (the app's policy: only "covered" ticks a point off; "partial" is shown as a
hint to say more). Figures with "partial" counted as positive are printed too. The baseline,
run on the same pairs, is exact content-word recall (share of the point's content words
found verbatim in the answer; required items need all of them), at whichever of a few
thresholds gives it the best F1 on the data (tuned in-sample, so flattering to the baseline).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tui.checker import check_answer  # noqa: E402
from tui.checker import matcher  # noqa: E402
from tui.checker.lists import word_set  # noqa: E402
from tui.checker.text import tokenize  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "eval" / "keypoints_dev.json"
BASELINE_THRESHOLDS = (0.25, 0.34, 0.5, 0.6, 0.67, 0.75)


def load(path: Path) -> list[dict]:
    """One row per (answer, point): id, kind, point text, required, gold label."""
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for answer in data["answers"]:
        points = data["questions"][answer["question"]]
        rows.append({
            "id": answer["id"],
            "kind": answer["kind"],
            "text": answer["text"],
            "points": {pid: text for pid, text in points.items() if not pid.startswith("r_")},
            "required": {pid: text for pid, text in points.items() if pid.startswith("r_")},
            "covers": set(answer["covers"]),
        })
    return rows


def run_checker(row: dict) -> dict[str, str]:
    check = check_answer(row["text"], list(row["points"].values()), required=list(row["required"].values()))
    ids = list(row["points"]) + list(row["required"])
    return {pid: result.status for pid, result in zip(ids, check.points)}


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
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3), "pairs": len(pairs)}


def evaluate(rows: list[dict], method: Callable[[dict], dict[str, str]], positive: set[str]) -> tuple[dict, list]:
    by_kind: dict[str, list[tuple[bool, bool]]] = {"all": [], "typed": [], "asr": []}
    errors = []
    for row in rows:
        statuses = method(row)
        for pid, status in statuses.items():
            pair = (status in positive, pid in row["covers"])
            by_kind["all"].append(pair)
            by_kind.setdefault(row["kind"], []).append(pair)
            if pair[0] != pair[1]:
                errors.append((row["id"], pid, status, pair[1]))
    return {kind: scores(pairs) for kind, pairs in by_kind.items() if pairs}, errors


def cross_question_false_positives(path: Path, method: Callable[[dict], dict[str, str]]) -> dict:
    """Every answer against the points of the OTHER questions (assumed not covered)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    covered = total = 0
    for answer in data["answers"]:
        for qid, points in data["questions"].items():
            if qid == answer["question"]:
                continue
            row = {
                "text": answer["text"],
                "points": {pid: t for pid, t in points.items() if not pid.startswith("r_")},
                "required": {pid: t for pid, t in points.items() if pid.startswith("r_")},
            }
            statuses = method(row)
            covered += sum(status == "covered" for status in statuses.values())
            total += len(statuses)
    return {"covered": covered, "pairs": total, "rate": round(covered / total, 4) if total else 0.0}


def latency(rows: list[dict], repeat: int = 5) -> dict:
    """Milliseconds per check_answer call: with the question's points, and with 4 points."""
    four = [p for row in rows for p in row["points"].values()]
    four = list(dict.fromkeys(four))[:4]
    check_answer("warm up the caches", four)

    def measure(points_of: Callable[[dict], list[str]]) -> dict:
        times = []
        for _ in range(repeat):
            for row in rows:
                start = time.perf_counter()
                check_answer(row["text"], points_of(row))
                times.append((time.perf_counter() - start) * 1000)
        times.sort()
        return {
            "mean_ms": round(statistics.fmean(times), 3),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 3),
            "max_ms": round(times[-1], 3),
            "calls": len(times),
        }

    return {
        "question_points": measure(lambda row: list(row["points"].values()) + list(row["required"].values())),
        "four_points": measure(lambda row: four),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="labelled key-point JSON")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", action="store_true", help="list the checker's wrong pairs")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        parser.error(f"no data file at {args.data}")
    rows = load(args.data)

    checker, errors = evaluate(rows, run_checker, {"covered"})
    checker_partial, _ = evaluate(rows, run_checker, {"covered", "partial"})
    # Ablation: how much rests on the hand-written synonym list (written with this set in view).
    real_synonyms = matcher.synonyms
    matcher.synonyms = lambda word: ()
    try:
        no_synonyms, _ = evaluate(rows, run_checker, {"covered"})
    finally:
        matcher.synonyms = real_synonyms
    baseline_at, baseline = max(
        ((at, evaluate(rows, lambda row: run_baseline(row, at), {"covered"})[0]) for at in BASELINE_THRESHOLDS),
        key=lambda pair: pair[1]["all"]["f1"],
    )
    report = {
        "data": str(args.data),
        "policy": "covered is positive; partial counts as not covered",
        "checker": checker,
        "checker_partial_positive": checker_partial,
        "checker_without_synonyms": no_synonyms,
        "baseline_exact_word_recall": baseline,
        "baseline_threshold": baseline_at,
        "cross_question_false_positives": {
            "checker": cross_question_false_positives(args.data, run_checker),
            "baseline": cross_question_false_positives(args.data, lambda row: run_baseline(row, baseline_at)),
        },
        "latency": latency(rows),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"data: {args.data} ({checker['all']['pairs']} pairs)")
        print(f"policy: {report['policy']}")
        print(f"{'method':34} {'kind':6} {'P':>6} {'R':>6} {'F1':>6}")
        for name, figures in (("checker", checker), ("checker (partial = positive)", checker_partial),
                              ("checker without synonym list", no_synonyms),
                              (f"baseline: exact word recall>={baseline_at}", baseline)):
            for kind, s in figures.items():
                print(f"{name:34} {kind:6} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}")
        for name, fp in report["cross_question_false_positives"].items():
            print(f"cross-question pairs called covered ({name}): {fp['covered']}/{fp['pairs']} ({fp['rate']:.1%})")
        for name, lat in report["latency"].items():
            print(f"latency {name:16} mean {lat['mean_ms']:.2f} ms  p95 {lat['p95_ms']:.2f} ms  "
                  f"max {lat['max_ms']:.2f} ms  ({lat['calls']} calls)")
    if args.errors:
        for answer_id, pid, status, gold in errors:
            print(f"error {answer_id:4} {pid:10} said {status:8} gold {'covered' if gold else 'not'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
