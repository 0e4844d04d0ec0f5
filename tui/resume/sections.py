"""Split resume text into sections by their headings ("## EXPERIENCE", "**Work History**",
"Experience:", an underlined "Skills")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Heading text (lower case, letters only) -> the section it starts.
SECTION_NAMES: dict[str, str] = {}
for _section, _names in {
    "work": (
        "experience", "work experience", "professional experience", "work history",
        "employment", "employment history", "career history", "relevant experience",
        "professional background", "career", "positions", "positions held", "work",
        "experience highlights", "industry experience", "technical experience",
        "professional history", "career experience", "employment experience",
    ),
    "education": (
        "education", "academic background", "education and training", "education training",
        "academic qualifications", "academics", "degrees", "education and certifications",
        "educational background", "academic history",
    ),
    "skills": (
        "skills", "technical skills", "core competencies", "competencies", "technologies",
        "key skills", "expertise", "tech stack", "skills and tools", "tools",
        "skills and technologies", "technical expertise", "areas of expertise",
        "core skills", "technical proficiencies", "proficiencies", "skill set", "skillset",
        "tools and technologies", "languages and tools", "skills and expertise",
        "technical summary",
    ),
    "projects": (
        "projects", "personal projects", "selected projects", "side projects", "open source",
        "key projects", "notable projects", "open source projects", "project experience",
        "academic projects",
    ),
    "certificates": (
        "certifications", "certificates", "licenses and certifications", "certification",
        "licenses certifications", "certifications and licenses", "licenses",
        "professional certifications", "courses and certifications", "courses",
    ),
    "summary": (
        "summary", "profile", "about", "about me", "objective", "professional summary",
        "career summary", "career objective", "professional profile", "overview",
        "executive summary", "personal statement",
    ),
    "other": (
        "awards", "honors", "honours", "awards and honors", "publications", "languages",
        "interests", "hobbies", "volunteer", "volunteering", "volunteer experience",
        "references", "contact", "contact information", "achievements", "activities",
        "leadership", "memberships", "affiliations", "patents", "talks", "conferences",
        "additional information", "personal", "personal information", "extracurricular",
    ),
}.items():
    for _name in _names:
        SECTION_NAMES[_name] = _section

BULLET_RE = re.compile(r"^\s*(?:[-*+•·▪◦●○■□➢►‣⁃∙\u2023\u25aa\u25cf\u25e6\uf0b7\uf0a7\x7f]|\d{1,2}[.)])\s*")
_UNDERLINE_RE = re.compile(r"^\s*([=\-_~*])\1{2,}\s*$")
_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass
class Line:
    number: int  # 1-based line number in the text
    text: str  # cleaned text (markdown removed, bullet kept as "• ")
    raw: str

    @property
    def is_bullet(self) -> bool:
        return self.text.startswith("• ")

    @property
    def content(self) -> str:
        return self.text[2:] if self.is_bullet else self.text


@dataclass
class Section:
    kind: str  # "top" (before any heading), "work", "education", ... or "other"
    heading: Line | None
    lines: list[Line] = field(default_factory=list)


def clean_line(raw: str) -> str:
    """Markdown and bullet marks removed; a bullet becomes a leading "• "."""
    text = raw.replace("\t", "  ").replace("\u00a0", " ").rstrip()
    text = _MD_LINK_RE.sub(r"\1", text)
    stripped = text.lstrip()
    if stripped.startswith(">"):
        stripped = stripped.lstrip("> ")
    stripped = re.sub(r"^#{1,6}\s+", "", stripped)
    bullet = BULLET_RE.match(stripped)
    is_bullet = False
    if bullet and not _is_date_start(stripped):
        rest = stripped[bullet.end():]
        # "**Work History**" starts with "*" but is emphasis, not a bullet.
        if rest and not (stripped.startswith("**") or stripped.startswith("__")):
            is_bullet = True
            stripped = rest
    for _ in range(2):
        stripped = _MD_EMPHASIS_RE.sub(r"\2", stripped)
    stripped = stripped.strip().strip("|").strip() if stripped.count("|") >= 2 and stripped.lstrip().startswith("|") else stripped.strip()
    stripped = re.sub(r"\s{3,}", "  ", stripped)
    return f"• {stripped}" if is_bullet and stripped else stripped


def _is_date_start(text: str) -> bool:
    # "01/2019 – 03/2021" and "10.2017 -" look like numbered list items.
    return bool(re.match(r"^\d{1,2}[.)/]\d{2,4}", text.strip()))


def heading_kind(text: str) -> str | None:
    """The section a heading line starts, or None when the line is not a heading."""
    text = text.strip()
    if not text or len(text) > 48 or text.startswith("• "):
        return None
    name = text.rstrip(":").strip()
    name = re.sub(r"[&/+]", " and ", name)
    name = re.sub(r"[^a-zA-Z ]", " ", name)
    name = re.sub(r"\s+", " ", name).strip().lower()
    if not name:
        return None
    return SECTION_NAMES.get(name)


def inline_heading(text: str) -> tuple[str, str] | None:
    """ "Skills: Python, Go" -> ("skills", "Python, Go")."""
    if ":" not in text or text.startswith("• "):
        return None
    head, rest = text.split(":", 1)
    kind = heading_kind(head)
    if kind and rest.strip():
        return kind, rest.strip()
    return None


def split_lines(text: str) -> list[Line]:
    """Cleaned non-blank lines; setext/underline rules turn the line above into a heading."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[Line] = []
    for number, raw in enumerate(raw_lines, start=1):
        if _UNDERLINE_RE.match(raw) or _TABLE_RULE_RE.match(raw):
            continue
        if raw.count("|") >= 2 and raw.strip().startswith("|"):
            # A Markdown table row: keep the cells, joined by " | ".
            cells = [c.strip() for c in raw.strip().strip("|").split("|")]
            raw_text = " | ".join(c for c in cells if c)
            cleaned = clean_line(raw_text)
        else:
            cleaned = clean_line(raw)
        if cleaned:
            lines.append(Line(number, cleaned, raw))
    return lines


def split_sections(text: str) -> list[Section]:
    sections = [Section("top", None)]
    for line in split_lines(text):
        kind = heading_kind(line.text)
        if kind:
            sections.append(Section(kind, line))
            continue
        inline = inline_heading(line.text)
        if inline and inline[0] in ("skills", "certificates", "summary"):
            kind, rest = inline
            # A "Skills: Python, Go" line inside a skills section stays there as a group.
            if sections[-1].kind != kind:
                sections.append(Section(kind, line))
                sections[-1].lines.append(Line(line.number, rest, line.raw))
                continue
        sections[-1].lines.append(line)
    return sections
