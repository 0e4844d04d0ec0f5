"""Findings benchmark: time to read a generated JSON Resume of N jobs and find its gaps,
short tenures, overlaps and title changes, for growing N. The JSON is read by the JSON
Resume reader itself: load_resume refuses a file of more than MAX_JOBS jobs, but findings
must stay fast whatever list of jobs they are given.
A linear or n log n finder grows ~10x from 3,000 to 30,000 jobs; the baseline in the same
run, every pair of jobs compared for overlaps (what findings.py did before), grows ~100x.
CPU time is printed too: on a shared machine it is closer to the time on a quiet one.

Run: .venv/bin/python scripts/bench_findings.py [--json] [--sizes 1000,3000,30000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.resume.jsonresume import resume_from_json  # noqa: E402
from tui.resume.findings import employer_key, resume_findings  # noqa: E402

TODAY = date(2026, 11, 20)


def generated_resume(jobs: int) -> dict:
    """Jobs at 500 employers with 7 titles, a few months each, many at once (freelance-like)."""
    work = []
    for i in range(jobs):
        year, month = 1950 + i // 400, i % 12 + 1
        work.append({
            "name": f"Employer {i % 500}",
            "position": f"Title {i % 7}",
            "startDate": f"{year}-{month:02d}",
            "endDate": f"{year + (i % 3)}-{(month + 4) % 12 + 1:02d}",
            "highlights": [f"Cut costs by {i % 90 + 5}% with a team of {i % 9 + 2} engineers"],
        })  # fmt: skip
    return {"basics": {"name": "Bench Person"}, "work": work}


def all_pairs_overlaps(resume) -> int:
    """The baseline: every pair of jobs compared (quadratic)."""
    dated = [j for j in resume.work if j.start and j.end]
    count = 0
    for i, first in enumerate(dated):
        for second in dated[i + 1 :]:
            if employer_key(first.employer) == employer_key(second.employer):
                continue
            months = min(first.end.first_month(), second.end.first_month()) - max(first.start.last_month(), second.start.last_month())
            count += months >= 2
    return count


def measure(size: int, baseline: bool) -> dict:
    text = json.dumps(generated_resume(size))
    started = time.perf_counter()
    resume = resume_from_json(json.loads(text), "generated")
    read = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    findings = resume_findings(resume, TODAY)
    found, found_cpu = time.perf_counter() - started, time.process_time() - cpu
    kinds: dict[str, int] = {}
    for finding in findings:
        kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
    result = {"jobs": size, "read_s": round(read, 3), "findings_s": round(found, 3), "findings_cpu_s": round(found_cpu, 3),
              "findings": kinds}
    if baseline:
        started = time.perf_counter()
        all_pairs_overlaps(resume)
        result["baseline_all_pairs_s"] = round(time.perf_counter() - started, 3)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sizes", default="1000,3000,10000,30000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results = [measure(size, baseline=size <= 1000) for size in sizes]
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'jobs':>7} {'read s':>7} {'findings s':>10} {'(cpu s)':>8} {'all-pairs s':>11}  findings by kind")
    for r in results:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(r["findings"].items()))
        base = r.get("baseline_all_pairs_s", "")
        print(f"{r['jobs']:>7} {r['read_s']:>7.3f} {r['findings_s']:>10.3f} {r['findings_cpu_s']:>8.3f} {base!s:>11}  {kinds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
