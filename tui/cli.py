"""The `followup` command line. Exit codes: 0 ok; 2 bad usage or bad input; 1 internal error;
130 interrupted (Ctrl-C).

Subcommands import what they need when they run, so `followup --help` stays instant and
nothing here pulls in Textual or the speech engines unless asked to. Everything printed as
text passes through `tui.textsafe.clean_text` (see `_CleanOutput`): user text can never
send escape sequences to the terminal. JSON goes out through `tui.textsafe.to_json`.
"""

from __future__ import annotations

import gc
import io
import math
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from tui import __version__, paths
from tui.textsafe import clean_line, clean_text, to_json

if TYPE_CHECKING:
    import argparse

SQLITE_MAX_INT = 2**63 - 1
MAX_NAME_CHARS = 200  # a prep file name; most file systems stop at 255 bytes


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


def _fail(message: str) -> int:
    print(f"followup: {clean_line(message)}", file=sys.stderr)
    return 2


class _CleanOutput(io.TextIOBase):
    """A text stream that removes escape sequences and control characters on the way out."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(clean_text(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def fileno(self) -> int:
        return self._stream.fileno()

    def isatty(self) -> bool:
        return self._stream.isatty()

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", "utf-8")


# The argument checks below run only while argparse parses, so it is imported where they raise:
# `followup` and `followup demo` never import argparse before the app's first frame.
def _seed(value: str) -> int:
    import argparse

    number = int(value)
    if not 0 <= number <= SQLITE_MAX_INT:
        raise argparse.ArgumentTypeError(f"must be a whole number from 0 to {SQLITE_MAX_INT}")
    return number


def _rehearsal_id(value: str) -> int:
    import argparse

    number = int(value)
    if not 1 <= number <= SQLITE_MAX_INT:
        raise argparse.ArgumentTypeError("must be a rehearsal number, as listed by `followup history`")
    return number


def _question_count(value: str) -> int:
    import argparse

    number = int(value)
    if not 1 <= number <= 50:
        raise argparse.ArgumentTypeError("must be from 1 to 50")
    return number


def _seconds(value: str) -> float:
    import argparse

    number = float(value)
    if not math.isfinite(number) or not 0.1 <= number <= 86400:
        raise argparse.ArgumentTypeError("must be a positive number of seconds (0.1 to 86400)")
    return number


# -- followup new -------------------------------------------------------------------
def cmd_new(args: argparse.Namespace) -> int:
    from tui.assets import read_text

    name = args.path.strip()
    if not name or name.endswith(("/", os.sep)) or not Path(name).name.strip("."):
        raise UsageError("give a file name for the prep, e.g. `followup new acme.toml`")
    if not name.isprintable():
        raise UsageError("the file name contains control characters")
    if len(Path(name).name) > MAX_NAME_CHARS:
        raise UsageError(f"the file name is too long ({len(Path(name).name)} characters; keep it under {MAX_NAME_CHARS})")
    target = Path(name)
    if not target.suffix:
        target = target.with_suffix(".toml")
    try:
        if target.exists() and not args.force:
            raise UsageError(f"{target} already exists (use --force to overwrite)")
        if not target.parent.exists():
            raise UsageError(f"folder {target.parent} does not exist")
        target.write_text(read_text("templates", "prep_template.toml"), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}") from None
    print(f"Wrote {target}: fill it in, then run `followup {target}`.")
    return 0


# -- followup check -----------------------------------------------------------------
def cmd_check(args: argparse.Namespace) -> int:
    from tui.checker import check_answer
    from tui.library import load_for_today
    from tui.prep.model import KeyPoint

    if args.answer is not None and args.answer_file is not None:
        raise UsageError("give --answer or --answer-file, not both")
    if args.answer_file is not None:
        answer = _read_text_file(args.answer_file, "answer file")
    elif args.answer is not None:
        answer = clean_text(args.answer)
    else:
        raise UsageError("give the answer with --answer TEXT or --answer-file FILE")
    points = [KeyPoint(_words(p, "--point")) for p in args.point or []]
    required = [_words(r, "--required") for r in args.required or []]
    if args.prep or args.question:
        if not (args.prep and args.question):
            raise UsageError("--prep and --question go together")
        prep = load_for_today(args.prep, datetime.now().date())
        prepared = prep.answer(args.question)
        if prepared is None:
            ids = ", ".join(a.id for a in prep.answers) or "none"
            raise UsageError(f"no prepared answer with id {args.question!r} (ids: {ids})")
        points = list(prepared.points) + points
    if not points and not required:
        raise UsageError("give at least one --point or --required (or --prep P --question ID)")
    _check_length(answer, "the answer")
    result = check_answer(answer, points, duration=args.duration, required=required, heard=args.heard)
    if args.json:
        print(to_json(result.to_dict(), indent=2))
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


def _words(text: str, option: str) -> str:
    """A key point or required item: refused when it has no letters or digits to match."""
    text = clean_line(text).strip()
    if not any(ch.isalnum() for ch in text):
        raise UsageError(f"{option} {text!r}: has no words to look for")
    return text


def _check_length(answer: str, what: str) -> None:
    from tui.checker.limits import too_long

    problem = too_long(answer)
    if problem:
        raise UsageError(f"{what} {problem}")


def _read_text_file(name: str, what: str) -> str:
    """A whole answer text from a file or standard input ("-"): capped, strict UTF-8, cleaned."""
    from tui.files import ANSWERS_MAX_BYTES, FileProblem, decode_utf8, read_capped, read_stdin_capped

    label = f"{what} (standard input)" if name == "-" else f"{what} {name}"
    try:
        raw = read_stdin_capped(ANSWERS_MAX_BYTES) if name == "-" else read_capped(name, ANSWERS_MAX_BYTES)
        return clean_text(decode_utf8(raw))
    except FileProblem as exc:
        raise UsageError(f"{label}: {exc}") from None


# -- followup rehearse ----------------------------------------------------------------
def _read_answers(name: str) -> Iterator[str]:
    """The scripted answers, in order: one per line (# comments skipped) or a JSON list.
    Standard input is read line by line as answers are needed, so answers can be typed."""
    if name != "-":
        return iter(_parse_answers(_read_text_file(name, "answers file"), f"answers file {name}"))
    return _stdin_answers()


def _parse_answers(text: str, label: str) -> list[str]:
    import json

    stripped = text.strip()
    if stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except RecursionError:
            raise UsageError(f"{label}: bad JSON list (nested too deeply)") from None
        except ValueError as exc:
            where = f"line {exc.lineno}: {exc.msg}" if isinstance(exc, json.JSONDecodeError) else str(exc)
            raise UsageError(f"{label}: bad JSON list ({where})") from None
        if not isinstance(data, list) or not all(isinstance(a, str) for a in data):
            raise UsageError(f"{label}: expected a JSON list of texts")
        return [clean_text(a) for a in data]
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _stdin_answers() -> Iterator[str]:
    from tui.files import ANSWERS_MAX_BYTES, FileProblem, decode_utf8

    label = "answers (standard input)"
    used, number = 0, 0
    while True:
        raw = sys.stdin.buffer.readline(ANSWERS_MAX_BYTES + 1 - used)
        if not raw:
            return
        used += len(raw)
        number += 1
        if used > ANSWERS_MAX_BYTES:
            raise UsageError(f"{label}: too large (over {ANSWERS_MAX_BYTES // (1024 * 1024)} MB)")
        try:
            line = clean_text(decode_utf8(raw))
        except FileProblem:
            raise UsageError(f"{label}: not UTF-8 text (a bad byte on line {number})") from None
        if number == 1 and line.lstrip().startswith("["):  # a JSON list: read all of it
            rest = _read_text_file("-", "answers") if used < ANSWERS_MAX_BYTES else ""
            yield from _parse_answers(line + rest, label)
            return
        if line.strip() and not line.lstrip().startswith("#"):
            yield line.strip()


def cmd_rehearse(args: argparse.Namespace) -> int:
    from tui.flow.call import CallFlow
    from tui.flow.personas import load_persona
    from tui.flow.questions import plan_questions
    from tui.library import load_for_today
    from tui.report import render_markdown
    from tui.session import Rehearsal
    from tui.store import Store

    if (args.answers is None) == (args.answers_audio is None):
        raise UsageError("give the answers with --answers FILE or --answers-audio FILES_OR_DIR")
    now = datetime.now()
    prep = load_for_today(args.prep, now.date())  # the bundled sample's dates move with the calendar
    persona = load_persona(args.persona)
    if persona.role != "interviewer":
        raise UsageError(f"persona {args.persona!r} is a {persona.role}, not an interviewer")
    planned = plan_questions(prep, seed=args.seed, today=now.date())
    for warning in planned.warnings:
        print(f"followup: {warning}", file=sys.stderr)
    flow = CallFlow(prep, persona=persona, outcome=args.outcome, seed=args.seed, questions=planned.questions,
                    max_questions=args.questions, now=now)
    if flow.blocked is not None:
        drafts = flow.blocked
        if args.json:
            print(to_json({"blocked": True, "reason": drafts.reason, "email": drafts.email,
                           "letter": drafts.letter}, indent=2))
        else:
            print(drafts.reason, "\n")
            print("--- e-mail ---\n" + drafts.email)
            print("--- letter ---\n" + drafts.letter)
        return 0

    if args.answers is not None:
        import itertools

        listener = None
        answers = _read_answers(args.answers)
        first = next(answers, None)  # before the call starts: an empty script stores nothing
        if first is None:
            raise UsageError(f"answers file {args.answers}: no answers in it")
        answers = itertools.chain([first], answers)
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
        answers = iter(())

    store = Store()
    session = Rehearsal(flow, store, mode="voice" if listener else "script")
    try:
        _run_rehearsal(session, listener, answers, args.json)
        report = session.finish()
    except BaseException:
        # Ctrl-C, an unreadable answer, a full disk: the turns so far stay, marked interrupted.
        session.interrupt()
        store.close()
        raise
    store_id = session.rehearsal_id
    if args.json:
        turns = [t.__dict__ for t in store.turns(store_id)]
        print(to_json({"id": store_id, "report": report, "turns": turns}, indent=2))
    else:
        record = store.rehearsal(store_id)
        print()
        print(render_markdown(report, record.__dict__, None).rstrip())
        print(f"\nSaved as rehearsal #{store_id}: `followup report {store_id}` for the full report.")
    store.close()
    return 0


def _run_rehearsal(session, listener, answers: Iterator[str], json_output: bool) -> None:
    step = session.start()
    out = [] if json_output else None
    _print_lines(step.lines, out)
    while not step.ended:
        if listener is not None:
            if listener.remaining == 0:
                break
            heard = listener.listen()
            text, duration, audio = heard.text, heard.duration, str(heard.audio_path) if heard.audio_path else None
        else:
            text = next(answers, None)
            if text is None:
                break
            _check_length(text, "an answer")
            duration, audio = None, None
        if out is None:
            print(f"  You: {text or '(nothing heard)'}", flush=True)
        step = session.answer(text, duration, audio, heard=listener is not None)
        if out is None and step.answer is not None and step.answer.check and step.answer.check.points:
            _print_check(step.answer.check)
        _print_lines(step.lines, out)
    if not step.ended:
        session.hang_up()
        if out is None:
            print("  (out of answers: hung up)")


def _print_lines(lines, out) -> None:
    if out is not None:
        return
    for line in lines:
        if line.cue:
            print(f"  [{line.cue}]")
        else:
            print(f"  {line.speaker.capitalize()}: {line.text}")
    sys.stdout.flush()  # answers typed on standard input see each question as it comes


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
        print(to_json([{k: v for k, v in r.__dict__.items() if k != "report"} for r in records], indent=2))
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
        print(to_json(data, indent=2))
    else:
        print(render_markdown(record.report, record.__dict__, [t.__dict__ for t in turns]), end="")
    return 0


# -- the TUI ---------------------------------------------------------------------------
def cmd_tui(args: argparse.Namespace) -> int:
    # Start-up allocates tens of thousands of objects that live as long as the app: the cyclic
    # collector would walk them again and again before the first frame (~15 ms). The app turns
    # it back on once that frame is drawn (run_app).
    # If start-up fails before that, the collector is turned back on here.
    gc.disable()
    try:
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
    finally:
        gc.enable()


# -- wiring --------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    import argparse

    class _Parser(argparse.ArgumentParser):
        """Usage errors in one line (argparse prints the whole usage first)."""

        def error(self, message: str):  # type: ignore[override]
            self.exit(2, f"{self.prog}: {message} (see `{self.prog} --help`)\n")

    parser = _Parser(
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
    p.add_argument("--duration", type=_seconds, metavar="S", help="seconds the answer took (for words per minute)")
    p.add_argument("--prep", metavar="P", help="take the key points from this prep ...")
    p.add_argument("--question", metavar="ID", help="... for the prepared answer with this id")
    p.add_argument("--heard", action="store_true",
                   help="the answer is a speech recognizer's transcript: sound-alikes of rare words count, as in voice mode")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("rehearse", help="run a whole call non-interactively from scripted answers")
    p.add_argument("prep")
    p.add_argument("--answers", metavar="FILE", help="answers in order: one per line, or a JSON list")
    p.add_argument("--answers-audio", nargs="+", metavar="FILES_OR_DIR",
                   help="answers as audio files in order (WAV, FLAC, MP3, M4A; up to 120 s each)")
    p.add_argument("--engine", choices=("whisper", "sphinx"), default="whisper", help="recognizer for --answers-audio")
    p.add_argument("--persona", default="friendly",
                   help="interviewer persona, a name from assets/personas: friendly, busy, skeptical")
    p.add_argument("--outcome", choices=("available", "voicemail", "message"), help="default: random by seed")
    p.add_argument("--seed", type=_seed, default=0)
    p.add_argument("--questions", type=_question_count, default=4, metavar="N", help="how many questions the interviewer asks")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_rehearse)

    p = sub.add_parser("history", help="list past rehearsals")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("report", help="the report of one rehearsal")
    p.add_argument("id", type=_rehearsal_id)
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
    originals = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _CleanOutput(sys.stdout), _CleanOutput(sys.stderr)
    try:
        return _main(argv, originals)
    finally:
        sys.stdout, sys.stderr = originals


def _main(argv: list[str], streams: tuple) -> int:
    prep_arg = None
    if argv in ([], ["demo"]):
        # The app itself, the commonest start: the parser of every subcommand (and the modules
        # that add theirs, and argparse itself) is not built before its first frame.
        args = SimpleNamespace(command=argv[0] if argv else None, data_dir=None, demo=bool(argv), func=cmd_tui)
    else:
        parser = build_parser()
        # `followup PREP.toml [--data-dir D]` opens that prep in the app.
        commands = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
        first = next((a for a in argv if not a.startswith("-")), None)
        if first is not None and first not in commands and argv.count(first) == 1:
            index = argv.index(first)
            if index == 0 or not argv[index - 1] == "--data-dir":
                prep_arg = first
                argv.remove(first)
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else 2
    try:
        if args.data_dir is not None:
            if not args.data_dir.strip():
                raise UsageError("--data-dir: the folder name is empty")
            if "\x00" in args.data_dir:
                raise UsageError("--data-dir: the folder name contains a NUL character")
            os.environ[paths.ENV_VAR] = str(Path(args.data_dir).expanduser().resolve())
        notice = paths.tighten_data_dir()
        if notice:
            print(f"followup: {notice}", file=sys.stderr)
        if prep_arg is not None or args.command in (None, "demo"):
            sys.stdout, sys.stderr = streams  # Textual writes its own escape sequences
            args.prep = prep_arg
            return cmd_tui(args)
        return args.func(args)
    except KeyboardInterrupt:
        print("\nfollowup: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `followup history | head`: the reader has gone, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        return _report_error(exc)


# Errors that are the user's input or environment, not followup's bugs: one line, exit 2.
_INPUT_ERRORS = {"ResumeError", "PersonaError", "SpeechError", "AudioError", "AudioFileError",
                 "DataDirError", "StoreError", "FileProblem", "UsageError"}


def _report_error(exc: Exception) -> int:
    import sqlite3

    from tui.prep import PrepError

    if isinstance(exc, PrepError):
        for line in exc.lines():
            print(clean_line(line), file=sys.stderr)
        return 2
    if type(exc).__name__ in _INPUT_ERRORS:
        return _fail(str(exc))
    if isinstance(exc, sqlite3.Error):  # full disk, read-only or locked database
        return _fail(f"the history database: {exc}")
    if isinstance(exc, RecursionError):
        return _fail("the input is nested too deeply to read")
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(f"{where}{exc.strerror}")
    import traceback

    traceback.print_exc()
    print(f"followup: internal error: {clean_line(str(exc))}", file=sys.stderr)
    return 1
