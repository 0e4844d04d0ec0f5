"""Resume import benchmark: per format, jobs found vs expected and planted findings found,
against a naive baseline in the same run (PDF: pdfium's text in stream order, no column
detection; DOCX: python-docx `doc.paragraphs`, which misses tables).

Run: .venv/bin/python scripts/bench_resume.py [--json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.resume import load_resume, parse_resume_text  # noqa: E402
from tui.resume.findings import resume_findings  # noqa: E402

TODAY = date(2026, 11, 20)


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _jobs(resume) -> list[tuple]:
    return [(j.employer, j.position, j.start.iso() if j.start else None, j.end.iso() if j.end else None) for j in resume.work]


def _score(resume, expected_jobs, planted) -> dict:
    found_jobs = _jobs(resume)
    ids = {f.id for f in resume_findings(resume, TODAY)}
    return {
        "jobs_expected": len(expected_jobs),
        "jobs_exact": sum(1 for job in expected_jobs if job in found_jobs),
        "jobs_extra": sum(1 for job in found_jobs if job not in expected_jobs),
        "findings_planted": len(planted),
        "findings_found": len(planted & ids),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    tests = _module(ROOT / "tests" / "test_resume_formats.py", "resume_format_tests")
    pdf_builder = _module(ROOT / "tests" / "fixtures" / "resume" / "make_two_column_pdf.py", "pdf_builder")
    fixtures = ROOT / "tests" / "fixtures" / "resume"
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "morgan.pdf"
        pdf_builder.build(str(pdf))
        docx = Path(tmp) / "rivera.docx"
        tests.make_docx(docx)
        cases = {
            "markdown": (fixtures / "carter.md", [
                ("Globex Inc", "Director of Engineering", "2022-02", None), ("Initech", "Senior Developer", "2019-03", "2021-12"),
                ("Hooli", "Software Engineer", "2018-06", "2019-01"), ("Vandelay Industries", "Junior Developer", "2015-09", "2017-09")],
                {"gap-2017-10", "short-hooli-2018-06", "metric-globex-inc-40-pct", "skill-rust", "degree-tech-institute"}),
            "text": (fixtures / "kim.txt", [
                ("Acme Analytics", "Data Analyst", "2019", None), ("Beta Labs", "Analyst", "2016", "2018"), ("Gamma LLC", "Intern", "2013", "2013")],
                {"gap-2014", "skill-sas", "degree-university-of-somewhere"}),
            "text-layouts": (fixtures / "layouts.txt", [
                ("Acme Corp", "Backend Engineer", "2016-03", "2019-12"), ("Acme Corp", "Software Engineer", "2014-06", "2016-02"),
                ("Initech", "Developer", "2012", "2013"), ("Hooli", "Software Engineer", "2010-06", "2011-12"),
                ("Vandelay Industries", "Junior Developer", "2008", "2010")], {"title-acme-corp-2016-03"}),
            "docx-table": (docx, [
                ("Northwind Traders", "Platform Engineer", "2020-01", None), ("Contoso Ltd", "DevOps Engineer", "2018-06", "2020-03"),
                ("Fabrikam Inc", "Systems Administrator", "2015", "2017")],
                {"overlap-contoso-ltd-northwind-traders", "metric-northwind-traders-25-pct", "skill-cobol", "degree-lakeside-college"}),
            "pdf-two-column": (pdf, pdf_builder.EXPECTED_JOBS,
                {"gap-2016-07", "title-pixel-co-2020-03", "metric-pixel-co-18-pct", "skill-sketch", "skill-blender"}),
            "json-resume": (ROOT / "assets" / "samples" / "sample_resume.json", [
                ("Ledgerly", "Senior Backend Engineer", "2021-10", None), ("DataWorks", "Data Engineer", "2021-01", "2021-08"),
                ("Acme Corp", "Backend Engineer", "2016-03", "2019-12"), ("Acme Corp", "Software Engineer", "2014-06", "2016-02")],
                {"gap-2020-01", "short-dataworks-2021-01", "title-acme-corp-2016-03", "skill-rust", "skill-go", "skill-terraform", "skill-kafka"}),
        }  # fmt: skip
        for name, (path, expected, planted) in cases.items():
            started = time.perf_counter()
            resume = load_resume(path, TODAY)
            results[name] = {**_score(resume, expected, planted), "ms": round((time.perf_counter() - started) * 1000, 1)}
        # Baselines on the same files.
        import docx as python_docx
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(pdf))
        stream_text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        document.close()
        results["baseline pdf (stream order)"] = _score(parse_resume_text(stream_text, TODAY), *cases["pdf-two-column"][1:])
        paragraphs = "\n".join(p.text for p in python_docx.Document(str(docx)).paragraphs)
        results["baseline docx (paragraphs)"] = _score(parse_resume_text(paragraphs, TODAY), *cases["docx-table"][1:])
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'format':<30} {'jobs exact':>11} {'extra':>6} {'findings':>9} {'ms':>7}")
    for name, r in results.items():
        jobs = f"{r['jobs_exact']}/{r['jobs_expected']}"
        found = f"{r['findings_found']}/{r['findings_planted']}"
        print(f"{name:<30} {jobs:>11} {r['jobs_extra']:>6} {found:>9} {r.get('ms', ''):>7}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
