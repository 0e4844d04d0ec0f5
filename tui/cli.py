"""The `followup` command line. Exit codes: 0 ok; 2 bad usage or bad input; 1 internal error.

Subcommands import what they need when they run, so `followup --help` stays instant and
nothing here pulls in Textual or the speech engines unless asked to.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path

from tui import __version__, paths


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


def _fail(message: str) -> int:
    print(f"followup: {message}", file=sys.stderr)
    return 2


# -- followup new -------------------------------------------------------------------
def cmd_new(args: argparse.Namespace) -> int:
    from tui.assets import read_text

    target = Path(args.path)
    if target.suffix.lower() != ".toml":
        target = target.with_suffix(".toml") if not target.suffix else target
    if target.exists() and not args.force:
        raise UsageError(f"{target} already exists (use --force to overwrite)")
    if not target.parent.exists():
        raise UsageError(f"folder {target.parent} does not exist")
    try:
        target.write_text(read_text("templates", "prep_template.toml"), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}") from None
    print(f"Wrote {target}: fill it in, then run `followup {target}`.")
    return 0


# -- followup check -----------------------------------------------------------------
def cmd_check(args: argparse.Namespace) -> int:
    from tui.checker import check_answer
    from tui.prep import load_prep
    from tui.prep.model import KeyPoint

    if args.answer is not None and args.answer_file is not None:
        raise UsageError("give --answer or --answer-file, not both")
    if args.answer_file is not None:
        answer = _read_text_file(args.answer_file, "answer file")
    elif args.answer is not None:
        answer = args.answer
    else:
        raise UsageError("give the answer with --answer TEXT or --answer-file FILE")
    points = [KeyPoint(p) for p in args.point or []]
    if args.prep or args.question:
        if not (args.prep and args.question):
            raise UsageError("--prep and --question go together")
        prep = load_prep(args.prep)
        prepared = prep.answer(args.question)
        if prepared is None:
            ids = ", ".join(a.id for a in prep.answers) or "none"
            raise UsageError(f"no prepared answer with id {args.question!r} (ids: {ids})")
        points = list(prepared.points) + points
    if not points and not args.required:
        raise UsageError("give at least one --point or --required (or --prep P --question ID)")
    if args.duration is not None and args.duration <= 0:
        raise UsageError("--duration must be a positive number of seconds")
    result = check_answer(answer, points, duration=args.duration, required=args.required or [])
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return 0
    for point in result.points:
        tag = " (required)" if point.required else " (said in other words)" if point.by_meaning else ""
        evidence = ", ".join(f"{m.answer_words!r}→{m.point_word}" for m in point.evidence)
        note = f" — {point.note}" if point.note else ""
        print(f"{point.status:>8} {point.score:.2f}  {point.text}{tag}{note}")
        if evidence:
            print(f"{'':>15}{evidence}")
    print(result.verdict())
    if result.meaning_off:
        print(f"meaning check off: {result.meaning_off} (points checked by their words only)")
    return 0


def _read_text_file(name: str, what: str) -> str:
    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{what} {name}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{what} {name}: is a folder") from None
    except UnicodeDecodeError:
        raise UsageError(f"{what} {name}: not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"{what} {name}: {exc.strerror}") from None


# -- followup rehearse ----------------------------------------------------------------
def _read_answers(name: str) -> list[str]:
    text = _read_text_file(name, "answers file")
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise UsageError(f"answers file {name}: bad JSON list (line {exc.lineno}: {exc.msg})") from None
        if not isinstance(data, list) or not all(isinstance(a, str) for a in data):
            raise UsageError(f"answers file {name}: expected a JSON list of texts")
        return data
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def cmd_rehearse(args: argparse.Namespace) -> int:
    from tui.flow.call import CallFlow
    from tui.flow.personas import load_persona
    from tui.flow.questions import plan_questions
    from tui.prep import load_prep
    from tui.report import render_markdown
    from tui.session import Rehearsal
    from tui.store import Store

    if (args.answers is None) == (args.answers_audio is None):
        raise UsageError("give the answers with --answers FILE or --answers-audio FILES_OR_DIR")
    prep = load_prep(args.prep)
    persona = load_persona(args.persona)
    if persona.role != "interviewer":
        raise UsageError(f"persona {args.persona!r} is a {persona.role}, not an interviewer")
    now = datetime.now()
    planned = plan_questions(prep, seed=args.seed, today=now.date())
    for warning in planned.warnings:
        print(f"followup: {warning}", file=sys.stderr)
    flow = CallFlow(prep, persona=persona, outcome=args.outcome, seed=args.seed, questions=planned.questions,
                    max_questions=args.questions, now=now)
    if flow.blocked is not None:
        drafts = flow.blocked
        if args.json:
            print(json.dumps({"blocked": True, "reason": drafts.reason, "email": drafts.email,
                              "letter": drafts.letter}, indent=2, ensure_ascii=False))
        else:
            print(drafts.reason, "\n")
            print("--- e-mail ---\n" + drafts.email)
            print("--- letter ---\n" + drafts.letter)
        return 0

    if args.answers is not None:
        listener = None
        answers = _read_answers(args.answers)
        if not answers:
            raise UsageError(f"answers file {args.answers}: no answers in it")
    else:
        from tui.speech.audio import read_audio
        from tui.speech.listener import WavListener, audio_files
        from tui.speech.stt import voice_recognizer

        try:
            files = audio_files(args.answers_audio)
            for file in files:  # every file readable before the call starts: nothing half-stored
                read_audio(file)
        except ValueError as exc:  # AudioFileError included
            raise UsageError(str(exc)) from None
        recognizer = voice_recognizer(prep.vocabulary(), args.engine)
        listener = WavListener(files, recognizer, audio_dir=paths.audio_dir())
        answers = []

    store = Store()
    session = Rehearsal(flow, store, mode="voice" if listener else "script")
    step = session.start()
    out = [] if args.json else None
    _print_lines(step.lines, out)
    while not step.ended:
        if listener is not None:
            if listener.remaining == 0:
                break
            heard = listener.listen()
            text, duration, audio = heard.text, heard.duration, str(heard.audio_path) if heard.audio_path else None
        else:
            if not answers:
                break
            text, duration, audio = answers.pop(0), None, None
        if out is None:
            print(f"  You: {text or '(nothing heard)'}")
        step = session.answer(text, duration, audio)
        if out is None and step.answer is not None and step.answer.check and step.answer.check.points:
            _print_check(step.answer.check)
        _print_lines(step.lines, out)
    if not step.ended:
        step = session.hang_up()
        if out is None:
            print("  (out of answers: hung up)")
    report = session.finish()
    store_id = session.rehearsal_id
    if args.json:
        turns = [t.__dict__ for t in store.turns(store_id)]
        print(json.dumps({"id": store_id, "report": report, "turns": turns}, indent=2, ensure_ascii=False))
    else:
        record = store.rehearsal(store_id)
        print()
        print(render_markdown(report, record.__dict__, None).rstrip())
        print(f"\nSaved as rehearsal #{store_id}: `followup report {store_id}` for the full report.")
    store.close()
    return 0


def _print_lines(lines, out) -> None:
    if out is not None:
        return
    for line in lines:
        if line.cue:
            print(f"  [{line.cue}]")
        else:
            print(f"  {line.speaker.capitalize()}: {line.text}")


def _print_check(check) -> None:
    for point in check.points:
        mark = {"covered": "✓", "partial": "~", "missed": "✗"}[point.status]
        print(f"      {mark} {point.text}")
    print(f"      → {check.verdict()}")


# -- followup history / report ------------------------------------------------------
def cmd_history(args: argparse.Namespace) -> int:
    from tui.store import Store

    with Store() as store:
        records = store.rehearsals()
    if args.json:
        print(json.dumps([{k: v for k, v in r.__dict__.items() if k != "report"} for r in records], indent=2))
        return 0
    if not records:
        print("No rehearsals yet. Try: followup demo")
        return 0
    print(f"{'id':>4}  {'date':<16}  {'score':>5}  {'outcome':<9}  {'persona':<10}  company / position")
    for r in records:
        score = f"{r.score:.0f}" if r.score is not None else "-"
        when = r.started_at[:16].replace("T", " ")
        print(f"{r.id:>4}  {when:<16}  {score:>5}  {r.outcome:<9}  {r.persona:<10}  {r.company} / {r.position}"
              + ("" if r.status == "finished" else f"  ({r.status.replace('_', ' ')})"))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from tui.report import render_markdown
    from tui.store import Store

    with Store() as store:
        record = store.rehearsal(args.id)
        if record is None:
            raise UsageError(f"no rehearsal #{args.id} (see `followup history`)")
        turns = store.turns(args.id)
    if args.format == "json":
        data = {"rehearsal": record.__dict__, "turns": [t.__dict__ for t in turns]}
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(render_markdown(record.report, record.__dict__, [t.__dict__ for t in turns]), end="")
    return 0


# -- the TUI ---------------------------------------------------------------------------
def cmd_tui(args: argparse.Namespace) -> int:
    try:
        from tui.ui.app import run_app
    except ImportError as exc:  # pragma: no cover - only without the UI layer
        raise UsageError(f"the terminal app is not available ({exc})") from None
    prep = getattr(args, "prep", None)
    if getattr(args, "demo", False):
        from tui.assets import sample_prep_path

        prep = str(sample_prep_path())
    if prep is not None and not Path(prep).is_file():
        raise UsageError(f"{prep}: no such prep file")
    return run_app(prep=prep) or 0


# -- wiring --------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="followup",
        description="Rehearse the follow-up phone call after a job interview.",
        epilog="Run `followup` alone to open the app, `followup demo` for the sample prep, "
        "or `followup PREP.toml` to open a prep.",
    )
    parser.add_argument("--version", action="version", version=f"followup {__version__}")
    parser.add_argument("--data-dir", help=f"where history is kept (default: the user data dir; env {paths.ENV_VAR})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("demo", help="open the app on the bundled sample prep")
    p.set_defaults(func=cmd_tui, demo=True)

    p = sub.add_parser("new", help="write a commented prep template")
    p.add_argument("path")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("check", help="check one answer against key points")
    p.add_argument("--point", action="append", metavar="TEXT", help="a key point (repeatable)")
    p.add_argument("--required", action="append", metavar="TEXT", help="a required item, said in full (repeatable)")
    p.add_argument("--answer", metavar="TEXT")
    p.add_argument("--answer-file", metavar="F", help="read the answer from a file (- for stdin)")
    p.add_argument("--duration", type=float, metavar="S", help="seconds the answer took (for words per minute)")
    p.add_argument("--prep", metavar="P", help="take the key points from this prep ...")
    p.add_argument("--question", metavar="ID", help="... for the prepared answer with this id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("rehearse", help="run a whole call non-interactively from scripted answers")
    p.add_argument("prep")
    p.add_argument("--answers", metavar="FILE", help="answers in order: one per line, or a JSON list")
    p.add_argument("--answers-audio", nargs="+", metavar="FILES_OR_DIR",
                   help="answers as audio files in order (WAV, FLAC, MP3, M4A; up to 120 s each)")
    p.add_argument("--engine", choices=("whisper", "sphinx"), default="whisper", help="recognizer for --answers-audio")
    p.add_argument("--persona", default="friendly", help="interviewer persona: friendly, busy, skeptical")
    p.add_argument("--outcome", choices=("available", "voicemail", "message"), help="default: random by seed")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--questions", type=int, default=4, metavar="N", help="how many questions the interviewer asks")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_rehearse)

    p = sub.add_parser("history", help="list past rehearsals")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("report", help="the report of one rehearsal")
    p.add_argument("id", type=int)
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.set_defaults(func=cmd_report)

    for module in ("tui.resume.cli", "tui.speech.cli"):
        _register(module, sub)
    return parser


def _register(module: str, sub) -> None:
    """Subcommands contributed by the resume and speech packages (cheap to import)."""
    import importlib

    importlib.import_module(module).register(sub)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # `followup PREP.toml [--data-dir D]` opens that prep in the app.
    commands = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    first = next((a for a in argv if not a.startswith("-")), None)
    prep_arg = None
    if first is not None and first not in commands and argv.count(first) == 1:
        index = argv.index(first)
        if index == 0 or not argv[index - 1] == "--data-dir":
            prep_arg = first
            argv.remove(first)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.data_dir:
        os.environ[paths.ENV_VAR] = str(Path(args.data_dir).expanduser().resolve())
    try:
        if prep_arg is not None or args.command is None:
            args.prep = prep_arg
            return cmd_tui(args)
        return args.func(args)
    except UsageError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `followup history | head`: the reader has gone, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        from tui.prep import PrepError
        from tui.store import StoreError

        if isinstance(exc, PrepError):
            for line in exc.lines():
                print(line, file=sys.stderr)
            return 2
        if isinstance(exc, StoreError):
            return _fail(str(exc))
        if type(exc).__name__ in {"ResumeError", "PersonaError", "SpeechError", "AudioError", "DataDirError"}:
            return _fail(str(exc))
        import traceback

        traceback.print_exc()
        print(f"followup: internal error: {exc}", file=sys.stderr)
        return 1
