"""Turn resume text (from PDF, DOCX, Markdown or plain text) into a Resume.

Jobs are anchored on their date-range line; the short lines just before it (or after it,
when the dates come first) give the title and the employer; bullets become highlights.
Every line that produced something is recorded in a trace for --explain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tui.resume.dates import find_dates, find_range
from tui.resume.jobs import MAX_JOBS, anchor_rest, find_jobs, is_place
from tui.resume.model import (
    Basics,
    Certificate,
    Education,
    Job,
    Project,
    Resume,
    ResumeError,
    Skill,
)
from tui.resume.sections import GAP, Line, heading_key, split_sections


@dataclass(frozen=True)
class TraceEntry:
    line: int  # 1-based line number in the extracted text
    text: str
    produced: str  # e.g. "heading: work", "job 2: dates 2019-01 .. 2021-03"

    def __str__(self) -> str:
        return f"{self.line:>4}  {self.produced:<42} | {self.text}"


class Trace:
    def __init__(self) -> None:
        self.entries: list[TraceEntry] = []

    def add(self, line: Line, produced: str) -> None:
        self.entries.append(TraceEntry(line.number, line.text, produced))

    def sorted(self) -> list[TraceEntry]:
        return sorted(self.entries, key=lambda e: e.line)


DEGREE_RE = re.compile(
    r"\b(?:bachelor'?s?|master'?s?|b\.?\s?s\.?c?|m\.?\s?s\.?c?|b\.?\s?a\.?|m\.?\s?a\.?|b\.?\s?eng|"
    r"m\.?\s?eng|mba|ph\.?\s?d|doctor(?:ate)?|associate'?s?|diploma|a\.?a\.?s|a\.\s?s|b\.?tech|m\.?tech|"
    r"bsc|msc|beng|meng|bfa|mfa|bba|llb|llm|md|high school|ged|certificate|certification)\b",
    re.IGNORECASE,
)
INSTITUTION_RE = re.compile(
    r"\b(?:university|college|institute|school|academy|polytechnic|universidad|universit[äe]t|"
    r"bootcamp|conservatory)\b",
    re.IGNORECASE,
)
IN_PROGRESS_RE = re.compile(
    r"\b(?:expected|in progress|ongoing|current(?:ly)?|present|candidate|pursuing|anticipated)\b",
    re.IGNORECASE,
)
EMAIL_RE = re.compile(r"(?<![\w.+\-])[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,8}")
PHONE_RE = re.compile(r"(?<![\d(+])\+?\(?\d[\d ().\-]{7,20}\d")
URL_RE = re.compile(r"(?:https?://|www\.)\S+|\b(?:linkedin|github)\.com/\S+", re.IGNORECASE)
_EDUCATION_DATE_RE = re.compile(r"\b(?:19|20)\d\d\b|\b[A-Z][a-z]{2,8}\.?\s{1,3}(?=(?:19|20)\d\d)")
_CERTIFICATE_DATE_RE = re.compile(r"[,(\-–—|]?\s{0,3}(?:\b[A-Z][a-z]{2,8}\.?\s{1,3})?(?:19|20)\d\d\)?")
MAX_SKILL_LINE = 5000  # a skills line longer than this is not a list a person wrote
_SKILL_SPLIT_RE = re.compile(r"\s*(?:[,;|•·▪/]|\s{2,}|\band\b)\s*")
_WORD_RE = re.compile(r"[a-z0-9+#\-]+")


def parse_resume_text(text: str, today: date | None = None) -> Resume:
    """A Resume from extracted text; see explain_resume_text for the line trace."""
    return explain_resume_text(text, today)[0]


def explain_resume_text(text: str, today: date | None = None) -> tuple[Resume, list[TraceEntry]]:
    today = today or date.today()
    trace = Trace()
    sections = split_sections(text)
    resume = Resume()
    for section in sections:
        if section.heading is not None:
            trace.add(section.heading, f"heading: {section.kind}")
        if section.kind == "top":
            resume.basics = _basics(section.lines, trace)
        elif section.kind == "work":
            resume.work.extend(_jobs(section.lines, trace, today, len(resume.work), singles=True))
        elif section.kind == "education":
            resume.education.extend(_education(section.lines, trace, today))
        elif section.kind == "skills":
            resume.skills.extend(_skills(section.lines, trace))
        elif section.kind == "projects":
            resume.projects.extend(_projects(section.lines, trace, today))
        elif section.kind == "certificates":
            resume.certificates.extend(_certificates(section.lines, trace, today))
        elif section.kind == "summary":
            summary = " ".join(line.content for line in section.lines)
            resume.basics.summary = (resume.basics.summary + " " + summary).strip()
            for line in section.lines:
                trace.add(line, "basics.summary")
    if not any(s.kind == "work" for s in sections):
        # No "Experience" heading: look for jobs anywhere outside the known sections.
        loose = [
            line
            for s in sections
            if s.kind in ("top", "other") and not _never_jobs(s)
            for line in s.lines
            if not DEGREE_RE.search(line.text[:300])  # a degree line is not a job, heading or not
        ]
        resume.work = _jobs(loose, trace, today, 0, singles=False)
    if len(resume.work) > MAX_JOBS:
        raise ResumeError(f"too many jobs ({len(resume.work)}; a resume is read up to {MAX_JOBS})")
    return resume, trace.sorted()


# -- basics --------------------------------------------------------------------------------


def _basics(lines: list[Line], trace: Trace) -> Basics:
    basics = Basics()
    for line in lines[:12]:
        text = line.content[:300]
        if email := EMAIL_RE.search(text):
            basics.email = basics.email or email.group(0)
            trace.add(line, "basics.email")
        if url := URL_RE.search(text):
            basics.url = basics.url or url.group(0).rstrip(".,)")
        phone = PHONE_RE.search(EMAIL_RE.sub("", URL_RE.sub("", text)))
        if phone and len(re.sub(r"\D", "", phone.group(0))) >= 7 and not find_range(text):
            basics.phone = basics.phone or phone.group(0).strip()
            trace.add(line, "basics.phone")
        if email or url or phone:
            if basics.name and not basics.label:
                # "Product Designer | name@example.com | 555-..." : the label is the plain part.
                plain = [p.strip() for p in re.split(r"\s*[|•·]\s*|\s{2,}", text)]
                plain = [p for p in plain if p and not (EMAIL_RE.search(p) or URL_RE.search(p) or PHONE_RE.search(p))]
                if plain and len(plain[0].split()) <= 6:
                    basics.label = plain[0]
                    trace.add(line, "basics.label")
            continue
        if not basics.name and _looks_like_name(text):
            basics.name = text
            trace.add(line, "basics.name")
        elif basics.name and not basics.label and len(text.split()) <= 8:
            basics.label = text
            trace.add(line, "basics.label")
    return basics


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 < len(words) <= 5 and all(re.fullmatch(r"[^\W\d_][\w.'’\-]*", w) for w in words)


# -- work ----------------------------------------------------------------------------------


def _jobs(lines: list[Line], trace: Trace, today: date, start_index: int, singles: bool) -> list[Job]:
    jobs = []
    for number, (job, produced) in enumerate(find_jobs(lines, today, singles), start=start_index + 1):
        for index, what in produced:
            trace.add(lines[index], f"job {number}: {what}")
        jobs.append(job)
    return jobs


# -- education -----------------------------------------------------------------------------


def _education(lines: list[Line], trace: Trace, today: date) -> list[Education]:
    blocks: list[list[Line]] = []
    block_has_degree = block_has_school = False
    for line in lines:
        has_degree = bool(DEGREE_RE.search(line.text[:300]))
        has_school = bool(INSTITUTION_RE.search(line.text[:300]))
        current = blocks[-1] if blocks else None
        starts_new = current is None or (has_degree and block_has_degree) or (has_school and block_has_school)
        if line.is_bullet and current is not None and (
                not (has_degree or has_school) or (not current[0].is_bullet and not has_degree)):
            # A detail of the entry above: under an entry written as a line of its own, even a
            # bullet that names a college ("• Honors College Scholar") is one of its details;
            # a bullet that names a degree ("- M.S. Chemistry, Vale University") is an entry.
            starts_new = False
        if starts_new:
            blocks.append([line])
            block_has_degree, block_has_school = has_degree, has_school
        else:
            current.append(line)
            block_has_degree, block_has_school = block_has_degree or has_degree, block_has_school or has_school
    result = []
    for number, block in enumerate(blocks, start=1):
        edu = Education(source_lines=[line.content for line in block][:3])
        for line in block:
            text = line.content[:300]  # an education entry is a short line; prose is not read
            found = find_range(text, today)
            if found and edu.start is None:
                edu.start, edu.end = found.start, found.end
                edu.in_progress = found.current
                text = anchor_rest(text, found.span)
            elif edu.end is None and edu.start is None and (dates := find_dates(text, today)):
                edu.end = dates[-1]
                if IN_PROGRESS_RE.search(text) or edu.end.first_month() > today.year * 12 + today.month - 1:
                    edu.in_progress = True
            if IN_PROGRESS_RE.search(text):
                edu.in_progress = True
            text = IN_PROGRESS_RE.sub("", text)
            text = re.sub(r"\b(?:graduated|graduation|class of)\b:?", "", text, flags=re.I)
            text = re.sub(r"^\s{0,3}(?:major|field of study|speciali[sz]ation|concentration)\s{0,3}:\s{0,3}", "", text, flags=re.I)
            if re.match(r"\s{0,3}(?:gpa\b|(?:minor|grades?|honou?rs|awards|(?:relevant )?coursework)\s{0,3}(?::|$))", text, flags=re.I):
                trace.add(line, f"education {number}")
                continue  # a detail of the entry, not its subject
            text = _EDUCATION_DATE_RE.sub(" ", text)
            text = re.sub(r"\(\s{0,3}\)", " ", text)  # "(expected May 2027)" once its words are read
            parts = _whole_brackets(re.split(r"\s*(?:,|\||\s[—–-]\s|\s{2,}|\s(?:from|at)\s)\s*", text))  # "B.S. from Hill"
            parts = [p for p in (_bracket_edges(p) for p in parts) if any(ch.isalpha() for ch in p)]
            for part in parts:
                if INSTITUTION_RE.search(part) and not edu.institution:
                    edu.institution = part
                elif DEGREE_RE.search(part) and not edu.study_type:
                    degree, area = _split_once(r"\s+(?:in|of)\s+", part)
                    edu.study_type = degree
                    edu.area = edu.area or area.strip()
                elif not edu.area and not line.is_bullet and not is_place(part) and len(part.split()) <= 6:
                    edu.area = part
            trace.add(line, f"education {number}")
        if edu.institution or edu.study_type:
            result.append(edu)
    return result


def _whole_brackets(pieces: list[str]) -> list[str]:
    """Pieces cut inside brackets joined again: ["AAB (A-Levels", "B)"] -> ["AAB (A-Levels, B)"]."""
    joined: list[str] = []
    for piece in pieces:
        if joined and piece.strip() and joined[-1].count("(") > joined[-1].count(")") and ")" in piece:
            joined[-1] = f"{joined[-1]}, {piece}"
        else:
            joined.append(piece)
    return joined


def _bracket_edges(piece: str) -> str:
    """A piece without the brackets that open or close outside it: "(Honours)" -> "Honours",
    "Tech Institute (" -> "Tech Institute"; "AAB (A-Levels)" stays whole."""
    piece = piece.strip()
    if piece.startswith("(") and piece.endswith(")") and piece.count("(") == 1:
        return piece[1:-1].strip()
    while piece.endswith("(") or piece.endswith(")") and piece.count(")") > piece.count("("):
        piece = piece[:-1].strip()
    while piece.startswith(")") or piece.startswith("(") and piece.count("(") > piece.count(")"):
        piece = piece[1:].strip()
    return piece


# -- skills --------------------------------------------------------------------------------


def _skills(lines: list[Line], trace: Trace) -> list[Skill]:
    skills: list[Skill] = []
    loose = Skill(name="Skills")
    captions = _captions(lines)
    for index, line in enumerate(lines):
        text = line.content
        group = loose
        if index in captions:
            trace.add(line, "skills: caption (ignored)")
            continue
        for mark in (":", GAP):  # "Languages: Go" / "Database   Postgres, Redis" (a label column)
            label, found, rest = text.partition(mark)
            if found and 0 < len(label.split()) <= 4 and "," not in label and rest.strip():
                group = Skill(name=label.strip())
                skills.append(group)
                text = rest
                break
        names = [_clean_skill(p) for p in _SKILL_SPLIT_RE.split(text[:MAX_SKILL_LINE])]
        names = [n for n in names if n and len(n) <= 40 and len(n.split()) <= 4]
        known = {k.casefold() for k in group.keywords}
        for name in names:
            if name.casefold() not in known:
                known.add(name.casefold())
                group.keywords.append(name)
        group.source_lines.append(line.text)
        trace.add(line, f"skills ({group.name}): {', '.join(names)}")
    if loose.keywords:
        skills.insert(0, loose)
    return skills


def _capitals(line: Line) -> bool:
    """A line in capitals with no list marks ("SOFTWARE ARCHITECT"), not a bullet."""
    letters = [ch for ch in line.content if ch.isalpha()]
    return (not line.is_bullet and len(letters) >= 4 and all(ch.isupper() for ch in letters)
            and not re.search(r"[,;|•·/:+#]", line.content))


def _captions(lines: list[Line]) -> set[int]:
    """Capitalised captions inside a skills section: lines in capitals right above a list of
    items (its group's name, or a title printed in a side column over it, "SOFTWARE" /
    "ARCHITECT"). Capitals not followed by a list are skills: "PYTHON" / "DOCKER" one per line,
    or a lone "MICROSOFT OFFICE" among other skills."""
    found: set[int] = set()
    run: list[int] = []  # the capitalised lines just above the current one
    for index, line in enumerate(lines):
        if _capitals(line):
            run.append(index)
            continue
        if run and re.search(r"[,;|•·]", line.content):
            found.update(run)
        run = []
    return found


def _clean_skill(text: str) -> str:
    text = re.sub(r"\((?:expert|advanced|intermediate|basic|beginner|native|fluent)\)", "", text, flags=re.I)
    return text.strip(" .()-–—*")


# -- projects and certificates --------------------------------------------------------------


def _projects(lines: list[Line], trace: Trace, today: date) -> list[Project]:
    projects: list[Project] = []
    headed = False  # the projects are named by headings (or bold lines): other lines describe them
    for line in lines:
        found = find_range(line.content[:300], today)
        text = anchor_rest(line.content, found.span) if found else line.content
        if projects and found and not text:
            projects[-1].start, projects[-1].end = found.start, found.end  # "2015 -- Present" under its name
            projects[-1].source_lines.append(line.text)
            trace.add(line, f"project {len(projects)}: dates")
            continue
        heading = bool(line.level or line.strong)
        if not projects or (heading if headed else not line.is_bullet and _is_project_header(line)):
            headed = headed or heading
            name, description = _split_once(r"\s[—–-]\s|:\s", text)
            project = Project(name=name.strip(), description=description.strip(), source_lines=[line.text])
            if found:
                project.start, project.end = found.start, found.end
            projects.append(project)
            trace.add(line, f"project {len(projects)}: {project.name}")
        elif line.is_bullet:
            projects[-1].highlights.append(line.content)
            projects[-1].source_lines.append(line.text)
            trace.add(line, f"project {len(projects)}: highlight")
        else:
            projects[-1].description = f"{projects[-1].description} {line.text}".strip()
            trace.add(line, f"project {len(projects)}: description")
    return projects


def _certificates(lines: list[Line], trace: Trace, today: date) -> list[Certificate]:
    result = []
    for line in lines:
        text = line.content[:300]
        dates = find_dates(text, today)
        text = _CERTIFICATE_DATE_RE.sub("", text)
        parts = [p.strip() for p in re.split(r"\s[—–-]\s|\s\|\s|,\s", text) if p.strip()]
        if not parts:
            continue
        cert = Certificate(name=parts[0], date=dates[0] if dates else None, issuer=parts[1] if len(parts) > 1 else "")
        result.append(cert)
        trace.add(line, f"certificate: {cert.name}")
    return result


def _split_once(pattern: str, text: str) -> tuple[str, str]:
    pieces = re.split(pattern, text, maxsplit=1)
    return pieces[0].strip(), (pieces[1].strip() if len(pieces) > 1 else "")


def _is_project_header(line: Line) -> bool:
    text = line.text
    if len(text) > 90 or len(text.split()) > 12 or (text.endswith(".") and len(text.split()) > 5):
        return False
    return not text[:1].islower()


def _never_jobs(section) -> bool:
    """A section whose heading says its dated entries are not jobs (publications, talks...)."""
    return section.heading is not None and section.kind == "other" and bool(heading_key(section.heading.text))
