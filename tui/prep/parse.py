"""Read a prep file, reporting every problem on its own line (with its line number).

Unknown keys are reported, never dropped silently: a typo such as `intervewer` would
otherwise quietly lose what the user wrote.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tui.files import PREP_MAX_BYTES, FileProblem, decode_utf8, read_capped
from tui.prep.model import Application, Candidate, KeyPoint, Prep, PreparedAnswer, Recap
from tui.textsafe import clean_line

MAX_POINTS = 5
MAX_LINE_CHARS = 20_000  # a prep is written by hand; see parse_prep
ASKED_BY = ("interviewer", "posting")
# An interview or decision date further than this from today is a typo (0001, 2099).
PLAUSIBLE_YEARS_BACK, PLAUSIBLE_YEARS_AHEAD = 20, 2


@dataclass(frozen=True)
class Problem:
    where: str  # dotted key path, e.g. "answers[2].points"
    message: str
    line: int | None = None

    def __str__(self) -> str:
        at = f"line {self.line}: " if self.line else ""
        return f"{at}{self.where}: {self.message}" if self.where else f"{at}{self.message}"


class PrepError(ValueError):
    """A prep file that cannot be used; `problems` has one entry per problem."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.source}: {p}" for p in self.problems]


def load_prep(path: str | Path) -> Prep:
    path = Path(path)
    try:
        raw = read_capped(path, PREP_MAX_BYTES)
    except FileProblem as exc:
        raise PrepError(str(path), [Problem("", str(exc))]) from None
    try:
        text = decode_utf8(raw)
    except FileProblem as exc:
        raise PrepError(str(path), [Problem("", f"not a text file (expected UTF-8 TOML): {exc}")]) from None
    return parse_prep(text, source=str(path), base_dir=path.parent, path=path)


def parse_prep(
    text: str, source: str = "<prep>", base_dir: Path | None = None, path: Path | None = None
) -> Prep:
    if not text.strip():
        raise PrepError(source, [Problem("", "the file is empty (run `followup new FILE` for a template)")])
    long_line = next((n for n, line in enumerate(text.splitlines(), 1) if len(line) > MAX_LINE_CHARS), None)
    if long_line is not None:  # tomllib reads a long dotted key in quadratic time
        raise PrepError(source, [Problem("", f"the line is over {MAX_LINE_CHARS:,} characters; split it", long_line)])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PrepError(source, [_syntax_problem(exc)]) from None
    except RecursionError:
        raise PrepError(source, [Problem("", "not valid TOML: nested too deeply")]) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise PrepError(source, [Problem("", f"not valid TOML: {str(exc).split(';')[0]}")]) from None
    reader = _Reader(_LineFinder(text))
    cleaned = _cleaned(data)
    if "resume" in data:
        cleaned["resume"] = data["resume"]  # a file name: one with control characters is a problem
    prep = reader.prep(cleaned, base_dir, path)
    if reader.problems:
        raise PrepError(source, reader.problems)
    assert prep is not None
    return prep


def _cleaned(value: Any) -> Any:
    """The TOML data with every text made one safe line: an escape or other control character
    in a field would reach the terminal from every screen and printout that shows it."""
    if isinstance(value, str):
        return clean_line(value)
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return value


def _syntax_problem(exc: tomllib.TOMLDecodeError) -> Problem:
    # tomllib ends its messages with " (at line L, column C)"; the line goes in front instead.
    message, _, where = str(exc).rpartition(" (at line ")
    line_text = where.split(",", 1)[0]
    if not message or not line_text.isdigit():
        return Problem("", f"not valid TOML: {exc}")
    return Problem("", f"not valid TOML: {message}", int(line_text))


class _LineFinder:
    """Finds the line of a key path in the TOML text (good enough for hand-written files)."""

    # Linear: the name is everything up to the first "]", stripped afterwards.
    _header = re.compile(r"^\s*\[\[?([^\]]*)\]\]?\s*(?:#.*)?$")
    _key = re.compile(r"""^\s*("?)([A-Za-z0-9_\-]+)\1\s*=""")

    def __init__(self, text: str):
        self.rows: list[tuple[int, str, str | None]] = []  # (line, table, key)
        table = ""
        counts: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            header = self._header.match(line)
            if header:
                name = header.group(1).strip()
                if not name:
                    continue
                if line.lstrip().startswith("[["):
                    index = counts.get(name, 0)
                    counts[name] = index + 1
                    name = f"{name}[{index}]"
                table = name
                self.rows.append((number, table, None))
                continue
            key = self._key.match(line)
            if key:
                self.rows.append((number, table, key.group(2)))

    def line(self, table: str, key: str | None = None) -> int | None:
        for number, row_table, row_key in self.rows:
            if row_table == table and row_key == key:
                return number
        if key is not None:  # dotted keys or inline tables: fall back to the table
            return self.line(table)
        return None


class _Reader:
    def __init__(self, lines: _LineFinder):
        self.lines = lines
        self.problems: list[Problem] = []

    # -- reporting -------------------------------------------------------------
    def problem(self, table: str, key: str | None, message: str) -> None:
        where = f"{table}.{key}" if table and key else (table or key or "")
        self.problems.append(Problem(where, message, self.lines.line(table, key)))

    def unknown_keys(self, table: str, data: dict, known: set[str]) -> None:
        for key in data:
            if key not in known:
                hint = ", ".join(sorted(known))
                self.problem(table, key, f"unknown key (known keys here: {hint})")

    # -- typed getters -----------------------------------------------------------
    def table(self, data: dict, key: str, required: bool = True) -> dict:
        value = data.get(key)
        if value is None:
            if required:
                self.problem("", key, f"missing table [{key}]")
            return {}
        if not isinstance(value, dict):
            self.problem("", key, f"expected a table [{key}]")
            return {}
        return value

    def text(self, table: str, data: dict, key: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(table, key, "missing (required)")
            return ""
        if not isinstance(value, str):
            self.problem(table, key, f"expected text in quotes, got {describe_value(value)}")
            return ""
        value = value.strip()
        if required and not value:
            self.problem(table, key, "is empty (required)")
        return value

    def texts(self, table: str, data: dict, key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(table, key, "expected a list of texts, e.g. [\"...\", \"...\"]")
            return ()
        return tuple(v.strip() for v in value if v.strip())

    def flag(self, table: str, data: dict, key: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.problem(table, key, f"expected true or false, got {describe_value(value)}")
            return False
        return value

    def day(self, table: str, data: dict, key: str, required: bool = False) -> date | None:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(table, key, "missing (a date like 2026-11-18)")
            return None
        if isinstance(value, datetime):
            return self._plausible(table, key, value.date())
        if isinstance(value, date):
            return self._plausible(table, key, value)
        if isinstance(value, str):
            try:
                return self._plausible(table, key, date.fromisoformat(value.strip()))
            except ValueError:
                pass
        self.problem(table, key, f"expected a date like 2026-11-18, got {describe_value(value)}")
        return None

    def _plausible(self, table: str, key: str, day: date) -> date | None:
        year = date.today().year
        first, last = year - PLAUSIBLE_YEARS_BACK, year + PLAUSIBLE_YEARS_AHEAD
        if not first <= day.year <= last:
            self.problem(table, key, f"{day.isoformat()} looks like a typo (expected a year from {first} to {last})")
            return None
        return day

    # -- sections ----------------------------------------------------------------
    def prep(self, data: dict, base_dir: Path | None, path: Path | None) -> Prep | None:
        self.unknown_keys(
            "",
            data,
            {"candidate", "application", "company", "recap", "answers", "closing", "resume"},
        )
        candidate = self.candidate(self.table(data, "candidate"))
        application = self.application(self.table(data, "application"))
        company = self.table(data, "company", required=False)
        self.unknown_keys("company", company, {"facts"})
        facts = self.texts("company", company, "facts")
        recap = self.recap(self.table(data, "recap", required=False))
        answers = self.answers(data.get("answers", []))
        closing = self.table(data, "closing", required=False)
        self.unknown_keys("closing", closing, {"questions"})
        questions = self.texts("closing", closing, "questions")
        resume = self.text("", data, "resume")
        resume_path = None
        if resume and not resume.isprintable():
            self.problem("", "resume", "the file name contains control characters")
            resume = ""
        if resume:
            resume_path = Path(resume).expanduser()
            if not resume_path.is_absolute() and base_dir is not None:
                resume_path = base_dir / resume_path
        if candidate is None or application is None:
            return None
        return Prep(
            candidate=candidate,
            application=application,
            company_facts=facts,
            recap=recap,
            answers=answers,
            questions_to_ask=questions,
            resume=resume_path,
            path=path,
        )

    def candidate(self, data: dict) -> Candidate | None:
        t = "candidate"
        self.unknown_keys(t, data, {"name", "phone", "email"})
        name = self.text(t, data, "name", required=True)
        phone = self.text(t, data, "phone")
        email = self.text(t, data, "email")
        if phone and len(re.sub(r"\D", "", phone)) < 7:
            self.problem(t, "phone", f"does not look like a phone number: {phone!r}")
        if email and not _looks_like_email(email):
            self.problem(t, "email", f"does not look like an e-mail address: {email!r}")
        return Candidate(name, phone, email) if name else None

    def application(self, data: dict) -> Application | None:
        t = "application"
        self.unknown_keys(
            t,
            data,
            {
                "company",
                "position",
                "interviewer",
                "interviewer_pronunciation",
                "interviewer_title",
                "interview_date",
                "decision_date",
                "asked_not_to_call",
                "asked_by",
                "phone",
            },
        )
        company = self.text(t, data, "company", required=True)
        position = self.text(t, data, "position", required=True)
        interviewer = self.text(t, data, "interviewer", required=True)
        interview_date = self.day(t, data, "interview_date")
        decision_date = self.day(t, data, "decision_date")
        if interview_date and decision_date and decision_date < interview_date:
            self.problem(t, "decision_date", "is before the interview date")
        asked_not_to_call = self.flag(t, data, "asked_not_to_call")
        asked_by = self.text(t, data, "asked_by").lower()
        if asked_by and asked_by not in ASKED_BY:
            self.problem(t, "asked_by", f"expected one of {', '.join(ASKED_BY)}, got {asked_by!r}")
            asked_by = ""
        if not (company and position and interviewer):
            return None
        return Application(
            company=company,
            position=position,
            interviewer=interviewer,
            interviewer_pronunciation=self.text(t, data, "interviewer_pronunciation"),
            interviewer_title=self.text(t, data, "interviewer_title"),
            interview_date=interview_date,
            decision_date=decision_date,
            asked_not_to_call=asked_not_to_call,
            asked_by=asked_by,
            phone=self.text(t, data, "phone"),
        )

    def recap(self, data: dict) -> Recap:
        t = "recap"
        keys = ("said", "asked", "stressed", "concerns", "topics")
        self.unknown_keys(t, data, {*keys, "memory_hook"})
        lists = {key: self.texts(t, data, key) for key in keys}
        return Recap(**lists, memory_hook=self.text(t, data, "memory_hook"))

    def answers(self, value: Any) -> tuple[PreparedAnswer, ...]:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem("", "answers", "expected [[answers]] tables")
            return ()
        result: list[PreparedAnswer] = []
        seen: set[str] = set()
        for index, data in enumerate(value):
            answer = self.answer(f"answers[{index}]", data, index)
            if answer is None:
                continue
            if answer.id in seen:
                self.problem(f"answers[{index}]", "id", f"duplicate id {answer.id!r}")
                continue
            seen.add(answer.id)
            result.append(answer)
        return tuple(result)

    def answer(self, t: str, data: dict, index: int) -> PreparedAnswer | None:
        self.unknown_keys(t, data, {"id", "prompt", "tags", "points"})
        answer_id = self.text(t, data, "id") or f"q{index + 1}"
        prompt = self.text(t, data, "prompt", required=True)
        tags = self.texts(t, data, "tags")
        points = self.points(t, data.get("points"))
        if not prompt or not points:
            return None
        return PreparedAnswer(answer_id, prompt, points, tags)

    def points(self, t: str, value: Any) -> tuple[KeyPoint, ...]:
        if value is None:
            self.problem(t, "points", "missing: give 1 to 5 key points")
            return ()
        if not isinstance(value, list):
            self.problem(t, "points", "expected a list of key points")
            return ()
        points: list[KeyPoint] = []
        for item in value:
            if isinstance(item, str) and item.strip() and not _has_words(item):
                self.problem(t, "points", f"the key point {item.strip()!r} has no words to listen for")
            elif isinstance(item, str) and item.strip():
                points.append(KeyPoint(item.strip()))
            elif isinstance(item, dict):
                extra = set(item) - {"text", "required"}
                if extra:
                    self.problem(t, "points", f"unknown key(s) in a point: {', '.join(sorted(extra))}")
                text = item.get("text")
                required = item.get("required", False)
                if not isinstance(text, str) or not text.strip():
                    self.problem(t, "points", "each point needs text = \"...\"")
                    continue
                if not _has_words(text):
                    self.problem(t, "points", f"the key point {text.strip()!r} has no words to listen for")
                    continue
                if not isinstance(required, bool):
                    self.problem(t, "points", "required must be true or false")
                    required = False
                points.append(KeyPoint(text.strip(), required))
            else:
                self.problem(t, "points", f"a point must be text or {{ text = ..., required = ... }}, got {describe_value(item)}")
        if value and not points:
            return ()
        if not points:
            self.problem(t, "points", "is empty: give 1 to 5 key points")
        elif len(points) > MAX_POINTS:
            self.problem(t, "points", f"has {len(points)} key points; keep at most {MAX_POINTS}")
        return tuple(points)


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _looks_like_email(text: str) -> bool:
    """local@domain.tld without spaces; written without a regex so a long line stays linear."""
    local, _, domain = text.partition("@")
    if not local or "@" in domain or any(ch.isspace() for ch in text):
        return False
    return "." in domain[1:-1]


def describe_value(value: Any, mapping: str = "a table") -> str:
    """A value's kind for a message: "the number 3", "'text'", "a list", "a table"."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return mapping
    return "null" if value is None else type(value).__name__
