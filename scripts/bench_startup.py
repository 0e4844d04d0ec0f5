"""Cold start to the first frame on a terminal, against baselines measured in the same run.

Each program runs as a fresh process on a pseudo-terminal (120x36, xterm-256color), the way a
user starts it: `python -m tui` (home) and `python -m tui demo` (the pre-call screen on the
bundled sample) go through the real command line. The clock stops when the terminal receives
the first whole frame of the program's screen: the bytes of every text that the frame must show
have arrived (home: its title and its list's column headings; pre-call: the rules heading,
"Checking your prep…" and the focused Start button; the bare app: "hello"). Home's rows and the
pre-call's checks and settings come after that frame; "home, list filled" times home until its
rows are on the terminal too. Nothing in the programs is instrumented. Baselines: an empty Python, `import textual.app` (both timed to exit)
and a bare Textual App with one Static. The programs run interleaved (one of each per round),
so a busy machine slows them alike; the target is a ratio to the bare app's median.

Wall time is the target; CPU time (all threads, read from /proc when the frame arrives) is
printed too, because it moves less when other processes share the machine. The data folder
holds two preps and the sample in the recent files, as a returning user's would.

    python scripts/bench_startup.py [--runs 9] [--json] [--before OTHER_CHECKOUT]

`--before` times home and demo of another checkout (e.g. main) in the same rounds.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.25  # home and demo: at most this many times a bare Textual app's first frame
COLUMNS, ROWS = 120, 36
TIMEOUT_S = 60.0
QUIT = b"\x11"  # Ctrl+Q: every program here leaves on it

BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
Bare().run()
"""

# name -> (arguments after the interpreter, the texts the first frame shows; none: timed to exit)
BASELINES = {
    "python": (["-c", "pass"], ()),
    "import textual.app": (["-c", "import textual.app"], ()),
    "bare textual App": (["-c", BARE_APP], (b"hello",)),
}
OURS = {
    "followup home": (["-m", "tui"], (b"Your preps", b"Last score")),
    "followup demo (pre-call)": (["-m", "tui", "demo"], (b"The four rules", b"Checking your prep", b"Start the call")),
}

# Not a target, shown beside it: home's list of preps is read after its first frame.
LATER = {
    "followup home, list filled": (["-m", "tui"], (b"Your preps", b"Northwind Payments")),
}


def cpu_seconds(pid: int) -> float:
    """CPU time so far of every thread of a running process (ns precision, from schedstat)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            pass  # a thread that just ended
    return total / 1e9


def time_once(args: list[str], markers: tuple[bytes, ...], root: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds from launching the program on a fresh pseudo-terminal to its first
    frame (every marker's bytes have reached the terminal), or to its exit without markers."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: size its terminal before the program can ask for it
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
            os.chdir(root)
            os.execve(sys.executable, [sys.executable, *args], env)
        finally:
            os._exit(127)
    output = bytearray()
    missing = set(markers)
    wall = cpu = None
    deadline = start + TIMEOUT_S
    try:
        while time.perf_counter() < deadline:
            if not select.select([fd], [], [], 0.5)[0]:
                continue
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:  # the child closed the terminal: it has exited
                break
            if not chunk:
                break
            output += chunk
            missing = {m for m in missing if m not in output[-(len(chunk) + len(m)):]}
            if wall is None and markers and not missing:
                wall = time.perf_counter() - start
                cpu = cpu_seconds(pid)
                os.write(fd, QUIT)
                deadline = time.perf_counter() + 10  # to leave; reading on so it never blocks writing
        if not markers:
            wall = time.perf_counter() - start
    finally:
        reaped = os.wait4(pid, os.WNOHANG)
        if reaped[0] == 0:  # still running: it did not draw, or did not leave
            os.kill(pid, signal.SIGKILL)
            reaped = os.wait4(pid, 0)
        _, status, usage = reaped
        os.close(fd)
    if not markers:
        cpu = usage.ru_utime + usage.ru_stime
    if wall is None or os.waitstatus_to_exitcode(status) not in (0, -signal.SIGKILL):
        tail = output[-2000:].decode("utf-8", "replace")
        raise SystemExit(f"benchmark program failed or never drew its screen: {args[:2]}\n{tail}")
    return wall, cpu


def seed_data_dir(folder: Path, root: Path) -> None:
    """Two preps in the preps folder and the sample among the recent files."""
    sample = root / "assets" / "samples" / "sample_prep.toml"
    preps = folder / "preps"
    preps.mkdir(parents=True, exist_ok=True)
    for name in ("northwind.toml", "acme.toml"):
        shutil.copyfile(sample, preps / name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--before", type=Path, metavar="CHECKOUT",
                        help="also time home and demo of this checkout (e.g. /work/main), interleaved")
    args = parser.parse_args()
    programs = {name: (argv, markers, ROOT) for name, (argv, markers) in {**BASELINES, **OURS, **LATER}.items()}
    if args.before is not None:
        for name, (argv, markers) in OURS.items():
            programs[f"{name} [before]"] = (argv, markers, args.before.resolve())
    walls: dict[str, list[float]] = {name: [] for name in programs}
    cpus: dict[str, list[float]] = {name: [] for name in programs}
    with tempfile.TemporaryDirectory() as data_dir:
        seed_data_dir(Path(data_dir) / "data", ROOT)
        # As an installed app starts: with its bytecode cached. The warm-up round writes it to a
        # temporary folder (the checkouts are not touched), for every program alike.
        base_env = {key: value for key, value in os.environ.items()
                    if key not in ("COLUMNS", "LINES", "PYTHONDONTWRITEBYTECODE")}
        base_env.update(FOLLOWUP_DATA_DIR=str(Path(data_dir) / "data"), TERM="xterm-256color",
                        PYTHONPYCACHEPREFIX=str(Path(data_dir) / "pycache"))
        envs = {name: {**base_env, "PYTHONPATH": str(root)} for name, (_, _, root) in programs.items()}
        for name, (argv, markers, root) in programs.items():
            time_once(argv, markers, root, envs[name])  # warm the file and bytecode caches
        for _ in range(args.runs):
            for name, (argv, markers, root) in programs.items():
                wall, cpu = time_once(argv, markers, root, envs[name])
                walls[name].append(wall)
                cpus[name].append(cpu)
    bare = "bare textual App"
    bare_wall, bare_cpu = statistics.median(walls[bare]), statistics.median(cpus[bare])
    results = {name: {"median_s": round(statistics.median(walls[name]), 3), "min_s": round(min(walls[name]), 3),
                      "max_s": round(max(walls[name]), 3),
                      "vs_bare_app": round(statistics.median(walls[name]) / bare_wall, 2),
                      "cpu_median_s": round(statistics.median(cpus[name]), 3),
                      "cpu_vs_bare_app": round(statistics.median(cpus[name]) / bare_cpu, 2)} for name in programs}
    summary = {"runs": args.runs, "terminal": f"{COLUMNS}x{ROWS}", "results": results, "target_ratio": TARGET_RATIO,
               "meets_target": all(results[name]["vs_bare_app"] <= TARGET_RATIO for name in OURS)}
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"Cold start to the first frame on a {COLUMNS}x{ROWS} pseudo-terminal, median of {args.runs} fresh "
          "processes per program, interleaved (bytecode cached):")
    print(f"  {'':<35} {'wall':>7} {'':>7}  {'cpu':>7} {'':>7}  (wall min, max)")
    for name, figures in results.items():
        print(f"  {name:<35} {figures['median_s']:.3f} s {figures['vs_bare_app']:>5.2f}×  "
              f"{figures['cpu_median_s']:.3f} s {figures['cpu_vs_bare_app']:>5.2f}×"
              f"  ({figures['min_s']:.3f}, {figures['max_s']:.3f})")
    print(f"target: home and demo ≤ {TARGET_RATIO}× the bare app's wall time: "
          f"{'met' if summary['meets_target'] else 'NOT met'}")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
