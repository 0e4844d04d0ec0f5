"""Resume import (JSON Resume, PDF, DOCX, Markdown, text) and the clarifying questions an
interviewer would ask from the resume and the interview recap."""

from tui.resume.load import Explained, explain_resume, load_resume
from tui.resume.model import (
    Basics,
    Certificate,
    Education,
    Job,
    PartialDate,
    Project,
    Resume,
    ResumeError,
    Skill,
)
from tui.resume.textparse import TraceEntry, explain_resume_text, parse_resume_text

__all__ = [
    "Basics",
    "Certificate",
    "Education",
    "Explained",
    "Job",
    "PartialDate",
    "Project",
    "Resume",
    "ResumeError",
    "Skill",
    "TraceEntry",
    "explain_resume",
    "explain_resume_text",
    "load_resume",
    "parse_resume_text",
]
