"""Resume import (JSON Resume, PDF, DOCX, Markdown, text) and the clarifying questions an
interviewer would ask from the resume and the interview recap.

The names below load their module on first use (PEP 562): the command line imports
`tui.resume.cli` to list its subcommands, and that must not read the parsers (~40 ms) before
the app's first frame.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "Explained": "load", "explain_resume": "load", "load_resume": "load",
    "Basics": "model", "Certificate": "model", "Education": "model", "Job": "model", "PartialDate": "model",
    "Project": "model", "Resume": "model", "ResumeError": "model", "Skill": "model",
    "TraceEntry": "textparse", "explain_resume_text": "textparse", "parse_resume_text": "textparse",
}

__all__ = sorted(_WHERE)

if TYPE_CHECKING:
    from tui.resume.load import Explained, explain_resume, load_resume
    from tui.resume.model import Basics, Certificate, Education, Job, PartialDate, Project, Resume, ResumeError, Skill
    from tui.resume.textparse import TraceEntry, explain_resume_text, parse_resume_text


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'tui.resume' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"tui.resume.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
