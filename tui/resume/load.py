"""load_resume(path): find the format (extension and content), read it, parse it."""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tui.resume.jobs import MAX_JOBS
from tui.resume.jsonresume import resume_from_json
from tui.resume.model import Resume, ResumeError
from tui.resume.sections import markdown_text
from tui.resume.textparse import TraceEntry, explain_resume_text

MAX_BYTES = 20 * 1024 * 1024  # the resume file
MAX_TEXT_CHARS = 2 * 1024 * 1024  # its text, once extracted
MAX_TEXT_LINES = 20_000
TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".rst", ""}


@dataclass
class Explained:
    resume: Resume
    format: str  # "json", "pdf", "docx", "markdown", "text"
    trace: list[TraceEntry]  # empty for JSON Resume input (its fields are explicit)
    text: str  # the extracted text the trace refers to ("" for JSON)


def load_resume(path: str | Path, today: date | None = None) -> Resume:
    """The resume in a JSON Resume, PDF, DOCX, Markdown or text file; ResumeError if unusable."""
    return explain_resume(path, today).resume


def explain_resume(path: str | Path, today: date | None = None) -> Explained:
    """Like load_resume, with the trace of which lines produced what."""
    path = Path(path)
    raw = _read(path)
    kind = sniff_format(path, raw)
    if kind == "json":
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (ValueError, RecursionError) as exc:  # bad UTF-8 or JSON, 5,000 digits, deep nesting
            raise ResumeError(f"{path}: not valid JSON ({_json_problem(exc)})") from None
        resume = resume_from_json(data, str(path))
        if len(resume.work) > MAX_JOBS:
            raise ResumeError(f"{path}: too many jobs ({len(resume.work):,}; a resume is read up to {MAX_JOBS:,})")
        return Explained(resume, kind, [], "")
    if kind == "pdf":
        from tui.resume.extract import pdf_text

        text = pdf_text(path)
    elif kind == "docx":
        from tui.resume.extract import docx_text

        text = docx_text(path)
    else:
        text = _decode_text(path, raw)
        if kind == "markdown":
            text = markdown_text(text)
    check_text_size(path, text)
    try:
        resume, trace = explain_resume_text(text, today)
    except ResumeError as exc:
        raise ResumeError(f"{path}: {exc}") from None
    return Explained(resume, kind, trace, text)


def sniff_format(path: Path, raw: bytes) -> str:
    suffix = path.suffix.lower()
    head = raw[:1024].lstrip()
    if raw[:5] == b"%PDF-" or (suffix == ".pdf" and b"%PDF-" in raw[:1024]):
        return "pdf"
    if suffix == ".pdf":
        raise ResumeError(f"{path}: not a PDF file (it does not start with %PDF)")
    if raw[:4] == b"PK\x03\x04":
        if suffix in (".docx", "") or b"word/" in raw[:65536]:
            return "docx"
        raise ResumeError(f"{path}: a ZIP archive, not a resume (expected .docx, PDF, JSON or text)")
    if suffix == ".docx":
        raise ResumeError(f"{path}: not a Word .docx file (a .docx is a ZIP package; this is not)")
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ResumeError(f"{path}: an old Word .doc file; save it as .docx or PDF")
    if suffix == ".json" or head.startswith((b"{", b"\xef\xbb\xbf{")):
        return "json"
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


def _read(path: Path) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ResumeError(f"{path}: no such file") from None
    except (OSError, ValueError) as exc:
        raise ResumeError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ResumeError(f"{path}: is a folder, not a resume file")
    if not stat.S_ISREG(info.st_mode):
        raise ResumeError(f"{path}: not a regular file (a device, pipe or socket cannot be a resume)")
    size = info.st_size
    if size > MAX_BYTES:
        raise ResumeError(f"{path}: too large ({size / 1024 / 1024:.1f} MB; the limit is 20 MB)")
    if size == 0:
        raise ResumeError(f"{path}: the file is empty")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise ResumeError(f"{path}: cannot read ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise ResumeError(f"{path}: too large (over 20 MB; the limit is 20 MB)")
    return raw


def _decode_text(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:8192]:
        raise ResumeError(f"{path}: binary data, not a resume (expected PDF, DOCX, JSON, Markdown or text)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    sample = text[:8192]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    bad = sample.count("\ufffd")
    if (control + bad) > 0.05 * max(1, len(sample)):
        raise ResumeError(f"{path}: binary data, not a resume (expected PDF, DOCX, JSON, Markdown or text)")
    if not text.strip():
        raise ResumeError(f"{path}: the file has no text")
    return text


def check_text_size(path: Path, text: str) -> None:
    """Refuse text no resume has: more than 2 MB or 20,000 lines once extracted."""
    if len(text) > MAX_TEXT_CHARS:
        raise ResumeError(f"{path}: too much text ({len(text) / 1024 / 1024:.1f} MB once extracted; the limit is 2 MB)")
    lines = text.count("\n") + 1
    if lines > MAX_TEXT_LINES:
        raise ResumeError(f"{path}: too many lines ({lines:,}; the limit is {MAX_TEXT_LINES:,})")


def _json_problem(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc).split(";")[0]
