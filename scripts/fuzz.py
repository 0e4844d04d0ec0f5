"""The long fuzz run: 10,000+ hostile inputs per entry point, each under a time and memory watch.

    python scripts/fuzz.py                 # 10,000 inputs per entry point, a table
    python scripts/fuzz.py --count 500 --only prep checker --json

Entry points: the prep parser, the resume readers, the answer checker and the command line
(argument handling, in-process). Inputs come from a seeded generator (hostile fragments,
mutations of the bundled sample prep and resume, long lines, deep nesting, random bytes), so
a run is repeatable and any flagged input can be regenerated from its entry point and index.

Each entry point runs in a worker process. An input is flagged when it raises anything but the
entry point's own refusal (PrepError, ResumeError, exit code 2), takes over --slow seconds, or
raises the worker's peak memory by over --memory MB. A worker silent for --hang seconds is
killed, its input recorded as a hang, and a new worker carries on after it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.checker.limits import MAX_ANSWER_CHARS, MAX_ANSWER_WORDS  # noqa: E402 - longer answers are refused before checking

ENTRY_POINTS = ("prep", "resume", "checker", "cli")
HOSTILE = ["\x1b]0;PWNED\a", "\x1b[2J", "\x9b31m", "\x9d0;x\x9c", "\x00", "\ud800", "\udfff", "\u202e", "\u2028",
           "\r\n", "\r", "\t", "\x0c", "é", "—", "•", "𝒳", "\ufeff", "%PDF-", "PK\x03\x04", "{", "[", "]", '"', "'",
           "\\", "\\u0000", "=", "#", "@", ".", ",", ":", "|", "*", "_", "`", "-", " ", "\n", "!!! ???",
           "2020-02-99", "0001-01-01", "9999-12-31", "2099", "present", "Jan 2019 - Mar 2020"]


# -- input generators ---------------------------------------------------------------------
def hostile_text(rng: random.Random, long: bool = True) -> str:
    kind = rng.random()
    if long and kind < 0.08:  # one long line: the shape that found quadratic patterns
        unit = rng.choice(["a", " ", "b.", "1", "!", "*", "[", "_", "\n", "a@", "é ", "- ", "\t", "2019 "])
        return unit * (rng.randint(10_000, 300_000) // len(unit)) + rng.choice(["", "@", "\x00", "x", "]"])
    if kind < 0.5:
        return "".join(rng.choice(HOSTILE) for _ in range(rng.randint(0, 30)))
    if kind < 0.8:
        return "".join(chr(rng.choice([rng.randint(0, 0x7f), rng.randint(0x80, 0x2fff), rng.randint(0, 0x10ffff)]))
                       for _ in range(rng.randint(0, 80)))
    words = ["I", "led", "the", "migration", "to", "AWS", "reduced", "costs", "by", "30%", "um", "James", "2020",
             "thank", "you", "decision", "anything", "else", "eight", "engineers", "Kubernetes"]
    return " ".join(rng.choice(words + HOSTILE[:10]) for _ in range(rng.randint(0, 60)))


def mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 6)):
        at = rng.randint(0, len(text))
        action = rng.random()
        if action < 0.4:
            text = text[:at] + hostile_text(rng, long=rng.random() < 0.1) + text[at:]
        elif action < 0.7:
            text = text[:at] + text[at + rng.randint(1, 60):]
        elif action < 0.85:
            depth = rng.choice([10, 1000, 50_000])
            text = text[:at] + rng.choice(["[", "{", "a = ["]) * depth + text[at:]
        else:
            text = text[:at] + str(rng.randint(0, 9)) * rng.choice([20, 4400, 5000]) + text[at:]
    return text


def prep_input(rng: random.Random) -> str:
    from tui.assets import sample_prep_path

    sample = sample_prep_path().read_text(encoding="utf-8")
    choice = rng.random()
    if choice < 0.6:
        return mutate(rng, sample)
    if choice < 0.8:
        key = rng.choice(["email", "phone", "interviewer", "company", "interview_date", "decision_date", "resume"])
        value = json.dumps(hostile_text(rng), ensure_ascii=True) if rng.random() < 0.7 else rng.choice(
            ["0001-01-01", "9999-12-31", "2099-01-01", "1e400", "nan", "inf", "9" * 5000, "[[[]]]", "true"])
        lines = [line for line in sample.splitlines() if not line.startswith(f"{key} =")]
        at = next((i + 1 for i, line in enumerate(lines) if line.startswith("[application]")), 0)
        return "\n".join(lines[:at] + [f"{key} = {value}"] + lines[at:])
    return hostile_text(rng)


def resume_input(rng: random.Random) -> tuple[bytes, str]:
    from tui.assets import asset_path

    suffix = rng.choice([".json", ".md", ".txt", ".pdf", ".docx", "", ".markdown"])
    choice = rng.random()
    if choice < 0.35:
        data = mutate(rng, asset_path("samples", "sample_resume.json").read_text(encoding="utf-8"))
    elif choice < 0.7:
        lines = ["# Jo Doe", "jo@example.com | 555 010 2000", "## Experience"]
        for _ in range(rng.randint(0, 40)):
            lines.append(rng.choice([f"Acme {hostile_text(rng, False)}, Engineer, {rng.randint(1990, 2030)} - present",
                                     f"* {hostile_text(rng)}", f"{rng.choice(HOSTILE)} {rng.randint(1, 12)}/{rng.randint(1990, 2030)}",
                                     "## Education", "University of X, BSc, 2010 - 2014", hostile_text(rng)]))
        data = "\n".join(lines)
    else:
        raw = bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 4000)))
        prefix = rng.choice([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"{", b"\xef\xbb\xbf"])
        return prefix + raw, suffix
    return data.encode("utf-8", "surrogatepass"), suffix


def checker_input(rng: random.Random) -> tuple[str, list[str], float | None]:
    points = [hostile_text(rng, long=False) or "x" for _ in range(rng.randint(1, 5))]
    duration = rng.choice([None, 0.1, 1.0, 30.0, 86400.0])
    answer = hostile_text(rng)
    if len(answer.split()) > MAX_ANSWER_WORDS:  # what the command line lets through
        answer = " ".join(answer.split()[:MAX_ANSWER_WORDS])
    answer = answer[:MAX_ANSWER_CHARS]
    return answer, points, duration


CLI_VALUES = HOSTILE + ["0", "-3", "1" * 40, "nan", "inf", "5e-324", "1", "4", "friendly", "../../x", "available",
                        "md", "json", "/dev/zero", "/", "-", "sample"]
CLI_COMMANDS = {
    "check": ["--point", "--required", "--answer", "--answer-file", "--duration", "--prep", "--question", "--json"],
    "rehearse": ["--answers", "--persona", "--outcome", "--seed", "--questions", "--json"],
    "report": ["--format"], "history": ["--json"], "questions": ["--json", "--limit", "--seed"],
    "import-resume": ["--json", "--explain"], "new": ["--force"],
}


def cli_input(rng: random.Random) -> tuple[list[str], bytes]:
    from tui.assets import sample_prep_path

    command = rng.choices(sorted(CLI_COMMANDS), weights=[4, 1, 1, 1, 2, 1, 2])[0]
    argv = [command]
    values = CLI_VALUES + [str(sample_prep_path())]
    if command in ("rehearse", "questions", "import-resume", "report", "new"):
        argv.append(rng.choice(values) if command != "new" else "new-" + hostile_text(rng, long=False)[:300])
    for _ in range(rng.randint(0, 5)):
        option = rng.choice(CLI_COMMANDS[command])
        argv.append(option)
        if option not in ("--json", "--explain", "--force"):
            argv.append(rng.choice(values) if rng.random() < 0.6 else hostile_text(rng, long=False))
    stdin = hostile_text(rng).encode("utf-8", "surrogatepass")
    if rng.random() < 0.2:
        stdin += bytes(rng.randint(128, 255) for _ in range(10))
    return [a.replace("\x00", "") for a in argv], stdin


# -- running one input ---------------------------------------------------------------------
def run_prep(rng: random.Random, scratch: Path) -> str:
    from tui.prep import PrepError, parse_prep

    try:
        parse_prep(prep_input(rng), base_dir=scratch)
    except PrepError:
        return "refused"
    return "accepted"


def run_resume(rng: random.Random, scratch: Path) -> str:
    from tui.resume.load import load_resume
    from tui.resume.model import ResumeError
    from tui.textsafe import to_json

    data, suffix = resume_input(rng)
    path = scratch / f"resume{suffix}"
    path.write_bytes(data)
    try:
        to_json(load_resume(path).to_json_resume())
    except ResumeError:
        return "refused"
    return "accepted"


def run_checker(rng: random.Random, scratch: Path) -> str:
    from tui.checker import check_answer
    from tui.prep.model import KeyPoint
    from tui.textsafe import to_json

    answer, points, duration = checker_input(rng)
    to_json(check_answer(answer, [KeyPoint(p) for p in points], duration=duration).to_dict())
    return "accepted"


def run_cli(rng: random.Random, scratch: Path) -> str:
    import io

    from tui import cli

    argv, stdin = cli_input(rng)
    os.environ["FOLLOWUP_DATA_DIR"] = str(scratch / "data")
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    try:
        code = cli.main(argv)
        out, err = sys.stdout.getvalue(), sys.stderr.getvalue()
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    if code not in (0, 2):
        raise RuntimeError(f"exit {code}: {err.strip().splitlines()[-1] if err.strip() else ''}")
    if "\x1b" in out + err or "\x9b" in out + err:
        raise RuntimeError("an escape sequence reached the output")
    return "refused" if code == 2 else "accepted"


RUNNERS = {"prep": run_prep, "resume": run_resume, "checker": run_checker, "cli": run_cli}


def input_rng(seed: int, entry: str, index: int) -> random.Random:
    return random.Random(f"{seed}:{entry}:{index}")


def worker(entry: str, seed: int, start: int, count: int, slow: float, memory_mb: float) -> None:
    """Run inputs start..count-1 of one entry point; one JSON line per input on stdout."""
    runner = RUNNERS[entry]
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        os.chdir(scratch)  # `new` with a fuzzed name writes here
        report = sys.stdout
        sys.stdout = sys.stderr  # nothing but the report on the pipe
        for index in range(start, count):
            print(json.dumps({"start": index}), file=report, flush=True)
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            started = time.perf_counter()
            error = ""
            try:
                outcome = runner(input_rng(seed, entry, index), scratch)
            except Exception as exc:  # noqa: BLE001 - the finding itself
                outcome, error = "error", f"{type(exc).__name__}: {str(exc)[:200]}"
            seconds = time.perf_counter() - started
            grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
            print(json.dumps({"index": index, "outcome": outcome, "error": error, "seconds": round(seconds, 4),
                              "grown_mb": round(grown, 1)}), file=report, flush=True)


def run_entry(entry: str, args: argparse.Namespace) -> dict:
    rows: list[dict] = []
    hangs: list[int] = []
    start = 0
    while start < args.count:
        command = [sys.executable, __file__, "--worker", entry, "--seed", str(args.seed), "--start", str(start),
                   "--count", str(args.count)]
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        current = start
        import selectors

        with selectors.DefaultSelector() as selector:
            selector.register(child.stdout, selectors.EVENT_READ)
            while True:
                if not selector.select(timeout=args.hang):
                    hangs.append(current)
                    child.kill()
                    break
                line = child.stdout.readline()
                if not line:
                    break
                record = json.loads(line)
                if "start" in record:
                    current = record["start"]
                    continue
                rows.append(record)
                current = record["index"] + 1
                if not args.json and len(rows) % 1000 == 0:
                    print(f"  {entry}: {len(rows)} inputs", file=sys.stderr, flush=True)
        child.wait()
        child.stdout.close()
        start = current + 1 if hangs and hangs[-1] == current else current
        if start == current and child.returncode not in (0, None) and not (hangs and hangs[-1] == current):
            hangs.append(current)  # the worker died on this input (e.g. a crash in C code)
            start = current + 1
    times = [r["seconds"] for r in rows]
    flagged = [r for r in rows if r["outcome"] == "error" or r["seconds"] > args.slow or r["grown_mb"] > args.memory]
    return {
        "entry": entry,
        "inputs": len(rows) + len(hangs),
        "accepted": sum(r["outcome"] == "accepted" for r in rows),
        "refused": sum(r["outcome"] == "refused" for r in rows),
        "errors": sum(r["outcome"] == "error" for r in rows),
        "slow": sum(r["seconds"] > args.slow for r in rows),
        "memory": sum(r["grown_mb"] > args.memory for r in rows),
        "hangs": len(hangs),
        "median_ms": round(statistics.median(times) * 1000, 2) if times else None,
        "max_s": round(max(times), 3) if times else None,
        "max_growth_mb": round(max((r["grown_mb"] for r in rows), default=0), 1),
        "flagged": [{"index": r["index"], "error": r["error"], "seconds": r["seconds"], "grown_mb": r["grown_mb"]}
                    for r in flagged[:20]] + [{"index": i, "error": "hang"} for i in hangs[:20]],
    }


def print_table(results: list[dict], seed: int, slow: float, memory: float, elapsed: float) -> None:
    print(f"{'entry point':<12} {'inputs':>7} {'accepted':>8} {'refused':>8} {'errors':>6} {f'>{slow:g}s':>5} "
          f"{f'>{memory:g}MB':>6} {'hangs':>5} {'median ms':>9} {'max s':>7} {'max +MB':>7}")
    for r in results:
        print(f"{r['entry']:<12} {r['inputs']:>7} {r['accepted']:>8} {r['refused']:>8} {r['errors']:>6} "
              f"{r['slow']:>5} {r['memory']:>6} {r['hangs']:>5} {r['median_ms']:>9} {r['max_s']:>7} "
              f"{r['max_growth_mb']:>7}")
    for r in results:
        for flag in r["flagged"]:
            print(f"  {r['entry']} #{flag['index']}: {flag.get('error') or ''} "
                  f"{flag.get('seconds', '')} s {flag.get('grown_mb', '')} MB")
    print(f"seed {seed}, {elapsed:.0f} s in all; regenerate an input with input_rng(seed, entry, index)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="inputs per entry point")
    parser.add_argument("--only", nargs="+", choices=ENTRY_POINTS, default=list(ENTRY_POINTS))
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--slow", type=float, default=1.0, help="flag an input slower than this (seconds)")
    parser.add_argument("--memory", type=float, default=200.0, help="flag an input growing peak memory by this (MB)")
    parser.add_argument("--hang", type=float, default=30.0, help="kill a worker silent this long (seconds)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--worker", choices=ENTRY_POINTS, help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.seed, args.start, args.count, args.slow, args.memory)
        return 0
    started = time.perf_counter()
    results = [run_entry(entry, args) for entry in args.only]
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps({"seed": args.seed, "count": args.count, "slow": args.slow, "memory": args.memory,
                          "seconds": round(elapsed, 1), "results": results}, indent=2))
    else:
        print_table(results, args.seed, args.slow, args.memory, elapsed)
    return 1 if any(r["errors"] or r["slow"] or r["memory"] or r["hangs"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
