"""`followup import-resume FILE [--json] [--explain]` and `followup questions PREP [--json] [--limit N]`.

The main CLI calls register(subparsers); each command returns an exit code:
0 ok, 2 bad input (one line on stderr).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from tui.textsafe import clean_line, to_json


def register(subparsers) -> None:
    """Add the import-resume and questions subcommands to an argparse subparsers object."""
    imp = subparsers.add_parser(
        "import-resume",
        help="read a resume (JSON Resume, PDF, DOCX, Markdown, text) and print it as JSON Resume",
        description="Read a resume and print it as JSON Resume.",
    )
    imp.add_argument("file", help="the resume file")
    imp.add_argument("--json", action="store_true", help="print only the JSON Resume (the default)")
    imp.add_argument("--explain", action="store_true", help="show which lines produced what")
    imp.set_defaults(func=import_resume_command)

    questions = subparsers.add_parser(
        "questions",
        help="list the clarifying questions an interviewer may ask, with evidence",
        description="List the clarifying questions from the prep's resume and interview recap.",
    )
    questions.add_argument("prep", help="the prep file (TOML)")
    questions.add_argument("--json", action="store_true", help="print JSON")
    questions.add_argument("--limit", type=_positive, default=None, help="show at most N questions")
    questions.add_argument("--seed", type=int, default=0, help="choose other phrasings")
    questions.set_defaults(func=questions_command)


def import_resume_command(args: argparse.Namespace) -> int:
    from tui.resume.load import explain_resume
    from tui.resume.model import ResumeError

    try:
        explained = explain_resume(args.file)
    except ResumeError as exc:
        print(f"followup: {exc}", file=sys.stderr)
        return 2
    data = explained.resume.to_json_resume()
    if not getattr(args, "explain", False):  # with --explain they are part of the output
        for warning in explained.resume.warnings:
            print(f"followup: warning: {warning}", file=sys.stderr)
    if getattr(args, "explain", False):
        if getattr(args, "json", False):
            data = {
                "resume": data,
                "format": explained.format,
                "warnings": explained.resume.warnings,
                "trace": [{"line": e.line, "text": e.text, "produced": e.produced} for e in explained.trace],
            }
            print(to_json(data, indent=2))
            return 0
        print(f"# format: {explained.format}")
        for warning in explained.resume.warnings:
            print(f"# warning: {clean_line(warning)}")
        if not explained.trace:
            read = "as written, but for the warnings above" if explained.resume.warnings else "as written"
            print(f"# (JSON Resume: every field is read {read})")
        for entry in explained.trace:
            print(entry)
        print()
    print(to_json(data, indent=2))
    return 0


def questions_command(args: argparse.Namespace) -> int:
    from tui.library import load_for_today
    from tui.prep import PrepError
    from tui.resume.questions import question_report, readiness_gaps

    today = getattr(args, "today", None) or date.today()
    try:
        prep = load_for_today(args.prep, today)  # the bundled sample's dates move with the calendar
    except PrepError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return 2
    report = question_report(prep, seed=getattr(args, "seed", 0) or 0, today=today, limit=getattr(args, "limit", None))
    for warning in report.warnings:
        print(f"warning: {clean_line(warning)}", file=sys.stderr)
    gaps = readiness_gaps(report.questions)
    if getattr(args, "json", False):
        payload = {
            "questions": [
                {**q.to_dict(), "answer_prompt": _prompt(prep, q.answer_id)} for q in report.questions
            ],
            "readiness_gaps": gaps,
            "warnings": report.warnings,
        }
        print(to_json(payload, indent=2))
        return 0
    for number, question in enumerate(report.questions, start=1):
        print(f"{number:>2}. [{question.likelihood:.2f}] {question.text}")
        print(f"    {question.kind}: {question.topic}")
        for line in question.evidence:
            print(f"    evidence: {line}")
        if question.answer_id:
            print(f"    your notes: {question.answer_id} ({_prompt(prep, question.answer_id)})")
        else:
            print("    your notes: none")
    if gaps:
        print()
        for gap in gaps:
            print(gap)
    return 0


def _prompt(prep, answer_id: str | None) -> str | None:
    answer = prep.answer(answer_id) if answer_id else None
    return answer.prompt if answer else None


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number
