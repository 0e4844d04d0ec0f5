"""Cold start of the app to its first frame, against baselines measured in the same run.

Each figure is the median wall time from launching a fresh process (interpreter start
included) to its first frame: the app runs headless and prints READY from the autopilot
hook, which runs once the first screen is composed and painted. Baselines: an empty Python,
`import textual.app`, and a bare Textual App. The programs run interleaved (one of each per
round), so a busy machine slows them alike; the target is a ratio to the bare app.

    python scripts/bench_startup.py [--runs 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.25  # home and demo: at most this many times a bare Textual app's first frame


CLOCK = "import time\n_t0 = time.perf_counter()\n"
READY = "print('READY', time.perf_counter() - _t0, flush=True)"

PROGRAMS = {
    "python": "pass",
    "import textual.app": "import textual.app\n" + READY,
    "bare textual App": """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
async def leave(pilot):
    READY_LINE
    pilot.app.exit()
Bare().run(headless=True, auto_pilot=leave)
""",
    "followup home": """
from tui.ui.app import make_app
async def leave(pilot):
    READY_LINE
    pilot.app.exit()
make_app().run(headless=True, auto_pilot=leave)
""",
    "followup demo (pre-call)": """
from tui.assets import sample_prep_path
from tui.ui.app import make_app
async def leave(pilot):
    READY_LINE
    pilot.app.exit()
make_app(str(sample_prep_path())).run(headless=True, auto_pilot=leave)
""",
}


def time_program(code: str, runs: int, data_dir: str) -> list[float]:
    """Seconds from launching the process to the first frame (the READY line the program
    prints when its first screen is up); a program without one counts until it exits."""
    env = {**os.environ, "FOLLOWUP_DATA_DIR": data_dir, "PYTHONPATH": str(ROOT)}
    code = CLOCK + code.replace("READY_LINE", READY)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        ready = None
        for line in process.stdout:
            if line.startswith("READY"):
                ready = time.perf_counter() - start
        process.wait(timeout=60)
        elapsed = time.perf_counter() - start
        if process.returncode != 0:
            raise SystemExit(f"benchmark program failed:\n{code}\n{process.stderr.read()[-2000:]}")
        times.append(ready if ready is not None else elapsed)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in PROGRAMS}
    with tempfile.TemporaryDirectory() as data_dir:
        for code in PROGRAMS.values():
            time_program(code, 1, data_dir)  # warm the file cache: we measure start-up, not disk
        for _ in range(args.runs):
            for name, code in PROGRAMS.items():
                times[name] += time_program(code, 1, data_dir)
    results = {name: {"median_s": round(statistics.median(t), 3), "min_s": round(min(t), 3),
                      "max_s": round(max(t), 3)} for name, t in times.items()}
    bare = results["bare textual App"]["median_s"]
    for figures in results.values():
        figures["vs_bare_app"] = round(figures["median_s"] / bare, 2)
    ours = ("followup home", "followup demo (pre-call)")
    summary = {"runs": args.runs, "results": results, "target_ratio": TARGET_RATIO,
               "meets_target": all(results[name]["vs_bare_app"] <= TARGET_RATIO for name in ours)}
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"Cold start to first frame, median of {args.runs} fresh processes per program, interleaved (headless):")
    for name, figures in results.items():
        print(f"  {name:<26} {figures['median_s']:.3f} s  {figures['vs_bare_app']:>5.2f}× bare"
              f"  (min {figures['min_s']:.3f}, max {figures['max_s']:.3f})")
    print(f"target: home and demo ≤ {TARGET_RATIO}× the bare app: {'met' if summary['meets_target'] else 'NOT met'}")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
