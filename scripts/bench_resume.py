"""Resume import benchmark on a folder of real resumes with a truth.json (by default
../shared/eval/resumes; see its README for the conventions).

Per file and per format: jobs expected / extracted / found (same start and end), how many of
the found ones also have the employer and the title right, the flags found per kind, refused
files and the time per file. The baseline in the same run reads PDFs in pdfium's stream order
(no layout analysis) and DOCX files by `doc.paragraphs` (no tables, no heading styles), then
finds jobs with the same finder: it measures what reading the layout is worth.

Run: .venv/bin/python scripts/bench_resume.py [FOLDER] [--json] [--no-baseline]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from tui.resume import ResumeError, load_resume, parse_resume_text  # noqa: E402
from tui.resume.dates import parse_date  # noqa: E402
from tui.resume.findings import resume_findings  # noqa: E402

DEFAULT_FOLDER = ROOT.parent / "shared" / "eval" / "resumes"
FLAG_KINDS = ("gap", "short_tenure", "overlap", "title_change")
NAME_CUTOFF = 85  # rapidfuzz score (0-100) for "the same employer / title"


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text))


def same_name(found: str, expected: str) -> bool:
    a, b = _normal(found), _normal(expected)
    if not a or not b:
        return a == b
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)) >= NAME_CUTOFF


def _iso(value) -> str | None:
    return value.iso() if value else None


def _expected_end(job: dict) -> str | None:
    return None if job["end"] == "present" else job["end"]


def score_jobs(work, expected: list[dict]) -> dict:
    """Match extracted jobs to expected ones by dates (one to one), then check the names."""
    found = [(j.employer, j.position, _iso(j.start), None if j.is_current else _iso(j.end)) for j in work]
    used: set[int] = set()
    matched = all_right = employer_right = title_right = 0
    misses = []
    for job in expected:
        candidates = [
            i for i, f in enumerate(found) if i not in used and f[2] == job["start"] and f[3] == _expected_end(job)
        ]
        if not candidates:
            misses.append(f"{job['employer']} / {job['title']} ({job['start']} .. {job['end']})")
            continue
        best = max(candidates, key=lambda i: (same_name(found[i][0], job["employer"]) + same_name(found[i][1], job["title"]), -i))
        used.add(best)
        matched += 1
        emp_ok = same_name(found[best][0], job["employer"])
        title_ok = same_name(found[best][1], job["title"])
        employer_right += emp_ok
        title_right += title_ok
        all_right += emp_ok and title_ok
        if not (emp_ok and title_ok):
            misses.append(f"names: {found[best][0]!r} / {found[best][1]!r} for {job['employer']!r} / {job['title']!r}")
    extra = [found[i] for i in range(len(found)) if i not in used]
    return {
        "expected": len(expected),
        "extracted": len(found),
        "found": matched,
        "all_right": all_right,
        "employer_right": employer_right,
        "title_right": title_right,
        "misses": misses,
        "extra": [f"{e[0]!r} / {e[1]!r} ({e[2]} .. {e[3] or 'present'})" for e in extra],
    }


_MONTH_RE = re.compile(r"\b(?:19|20)\d\d(?:-\d\d)?\b")


def _month(text: str) -> tuple[int, bool]:
    year, _, month = text.partition("-")
    return int(year) * 12 + (int(month) - 1 if month else 0), bool(month)


def _named_in(name: str, text: str) -> bool:
    """The name (or most of it) is written in the truth's prose."""
    a, b = _normal(name), _normal(text)
    return bool(a) and (a in b or fuzz.partial_ratio(a, b) >= 90)


def _close(found: tuple[int, bool] | None, expected: tuple[int, bool]) -> bool:
    if found is None:
        return False
    (f, f_month), (e, e_month) = found, expected
    return abs(f - e) <= 1 if f_month and e_month else f // 12 == e // 12


def _label_month(label: str) -> tuple[int, bool] | None:
    value = parse_date(label)
    return None if value is None else (value.first_month(), value.has_month)


def flag_matches(finding, flag: dict) -> bool:
    """Whether a finding is the truth's flag. The truth's details are prose ("Technicolor ->
    LOUSTIC: 2008-08 to 2011-06 (34 months)"): a gap matches by its two months (within one),
    a short tenure by its employer and start, an overlap by the names of both sides, a title
    change by its employer."""
    kind, detail = flag["kind"], flag["detail"]
    head = detail.split(":", 1)[0]
    dates = [_month(m) for m in _MONTH_RE.findall(detail)]
    fields = finding.fields
    if kind == "gap":
        return finding.template == "gap" and len(dates) >= 2 and _close(
            _label_month(fields["gap_from"]), dates[0]) and _close(_label_month(fields["gap_to"]), dates[1])
    if kind == "short_tenure":
        if not (_named_in(fields["employer"], head) or _named_in(head, fields["employer"])):
            return False
        started = re.search(r"(\d{4}(?:-\d\d)?)$", finding.id)
        return not dates or not started or _close(_month(started.group(1)), dates[0])
    if kind == "overlap" and finding.template == "overlap_roles":
        return _named_in(fields["first_role"], detail) and _named_in(fields["second_role"], detail)
    if kind == "overlap":
        host = any(_named_in(name, detail) for name in (fields["first"], fields.get("host_position", "")) if name)
        return host and any(_named_in(guest, detail) for guest in re.split(r", | and ", fields["second"]) if guest)
    if kind == "title_change":  # "Talgentra (later Experian)": an acquisition names both
        names = [name for name in re.split(r" \(later |\)$", fields["employer"]) if name]
        return any(_named_in(name, head) or _named_in(head, name) for name in names)
    return False


def match_flags(resume, expected_flags: list[dict], today: date) -> dict:
    """Per kind: expected, found (expected flags some finding matches), raised (findings of
    that kind; the time since the last job is not a gap here) and the misses and extras."""
    findings = [f for f in resume_findings(resume, today) if f.kind in FLAG_KINDS and f.template != "gap_since"]
    result = {}
    for kind in FLAG_KINDS:
        mine = [f for f in findings if f.kind == kind]
        wanted = [flag for flag in expected_flags if flag["kind"] == kind]
        hits = [flag for flag in wanted if any(flag_matches(f, flag) for f in mine)]
        result[kind] = {
            "expected": len(wanted),
            "found": len(hits),
            "raised": len(mine),
            "missed": [flag["detail"] for flag in wanted if flag not in hits],
            "extra": [f.topic for f in mine if not any(flag_matches(f, flag) for flag in wanted)],
        }
    return result


def _as_of(entry: dict) -> date:
    year, month = (int(x) for x in entry["as_of"].split("-"))
    return date(year, month, 28)


def baseline_resume(path: Path, kind: str, today: date):
    """The naive readers: pdfium stream order, python-docx paragraphs."""
    if kind == "pdf":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(path))
        try:
            text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        finally:
            document.close()
        return parse_resume_text(text, today)
    if kind == "docx":
        import docx

        return parse_resume_text("\n".join(p.text for p in docx.Document(str(path)).paragraphs), today)
    return load_resume(path, today)


def run(folder: Path, baseline: bool) -> dict:
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    files: dict[str, dict] = {}
    for entry in truth:
        path = folder / entry["file"]
        today = _as_of(entry)
        started = time.perf_counter()
        try:
            resume = load_resume(path, today)
        except ResumeError as exc:
            files[entry["file"]] = {"format": entry["format"], "refused": str(exc), "seconds": time.perf_counter() - started}
            continue
        seconds = time.perf_counter() - started
        result = {"format": entry["format"], "refused": None, "seconds": round(seconds, 3)}
        result.update(score_jobs(resume.work, entry["jobs"]))
        result["flags"] = match_flags(resume, entry["expected_flags"], today)
        if baseline and entry["format"] in ("pdf", "docx"):
            try:
                result["baseline_found"] = score_jobs(baseline_resume(path, entry["format"], today).work, entry["jobs"])["found"]
            except Exception as exc:  # the naive reader may fail where ours does not
                result["baseline_found"] = f"error: {type(exc).__name__}"
        files[entry["file"]] = result
    return {"files": files, "formats": _totals(files)}


def _totals(files: dict[str, dict]) -> dict:
    groups: dict[str, list[dict]] = {}
    for result in files.values():
        groups.setdefault(result["format"], []).append(result)
    groups["all"] = list(files.values())
    totals = {}
    for name, results in groups.items():
        read = [r for r in results if not r["refused"]]
        expected = sum(r.get("expected", 0) for r in read) + sum(0 for r in results if r["refused"])
        extracted = sum(r["extracted"] for r in read)
        found = sum(r["found"] for r in read)
        all_right = sum(r["all_right"] for r in read)
        flags = {kind: {"expected": 0, "found": 0, "raised": 0} for kind in FLAG_KINDS}
        for r in read:
            for kind in FLAG_KINDS:
                for count in ("expected", "found", "raised"):
                    flags[kind][count] += r["flags"][kind][count]
        for counts in flags.values():
            counts["recall"] = round(counts["found"] / counts["expected"], 3) if counts["expected"] else None
        totals[name] = {
            "files": len(results),
            "refused": len(results) - len(read),
            "expected": expected,
            "extracted": extracted,
            "found": found,
            "all_right": all_right,
            "recall": round(found / expected, 3) if expected else None,
            "all_right_recall": round(all_right / expected, 3) if expected else None,
            "precision": round(found / extracted, 3) if extracted else None,
            "max_seconds": round(max((r["seconds"] for r in results), default=0.0), 3),
            "flags": flags,
        }
    return totals


def _print(report: dict) -> None:
    print(f"{'file':<42} {'exp':>4} {'ext':>4} {'found':>5} {'right':>5} {'base':>5} {'sec':>6}  flags g/s/o/t found/expected (raised)")
    for name, r in report["files"].items():
        if r["refused"]:
            print(f"{name:<42} REFUSED: {r['refused'][:70]}")
            continue
        flags = " ".join(f"{r['flags'][k]['found']}/{r['flags'][k]['expected']}({r['flags'][k]['raised']})" for k in FLAG_KINDS)
        base = r.get("baseline_found", "")
        print(f"{name:<42} {r['expected']:>4} {r['extracted']:>4} {r['found']:>5} {r['all_right']:>5} {base!s:>5} {r['seconds']:>6.3f}  {flags}")
    print()
    print(f"{'format':<10} {'files':>5} {'refused':>7} {'exp':>4} {'ext':>4} {'found':>5} {'recall':>7} {'right':>7} {'precision':>9} {'max s':>6}")
    for name, t in report["formats"].items():
        print(
            f"{name:<10} {t['files']:>5} {t['refused']:>7} {t['expected']:>4} {t['extracted']:>4} {t['found']:>5} "
            f"{t['recall'] or 0:>7.2f} {t['all_right_recall'] or 0:>7.2f} {t['precision'] or 0:>9.2f} {t['max_seconds']:>6.3f}"
        )
    flags = report["formats"]["all"]["flags"]
    print("flag recall (found/expected, raised): " + ", ".join(
        f"{k} {v['found']}/{v['expected']} = {v['recall'] or 0:.2f} ({v['raised']})" for k, v in flags.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT_FOLDER), help="a folder with truth.json")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--no-baseline", action="store_true", help="skip the naive readers")
    parser.add_argument("--misses", action="store_true", help="list the missed and extra jobs and flags")
    args = parser.parse_args()
    folder = Path(args.folder)
    if not (folder / "truth.json").is_file():
        print(f"bench_resume: no truth.json in {folder}", file=sys.stderr)
        return 2
    report = run(folder, baseline=not args.no_baseline)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    _print(report)
    if args.misses:
        for name, r in report["files"].items():
            flag_lines = [f"{how} {kind}: {text}" for kind, f in r.get("flags", {}).items()
                          for how, texts in (("missed", f["missed"]), ("extra", f["extra"])) for text in texts]
            for line in r.get("misses", []) + [f"extra: {e}" for e in r.get("extra", [])] + flag_lines:
                print(f"  {name}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
