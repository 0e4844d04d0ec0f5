"""Turn resume text (from PDF, DOCX, Markdown or plain text) into a Resume.

Jobs are anchored on their date-range line; the short lines just before it (or after it,
when the dates come first) give the title and the employer; bullets become highlights.
Every line that produced something is recorded in a trace for --explain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tui.resume.dates import DateRange, find_dates, find_range
from tui.resume.model import (
    Basics,
    Certificate,
    Education,
    Job,
    PartialDate,
    Project,
    Resume,
    Skill,
)
from tui.resume.sections import Line, Section, split_sections


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


# Words that mark a job title (and so tell the title from the employer).
TITLE_WORDS = {
    "engineer", "developer", "manager", "director", "analyst", "designer", "consultant",
    "lead", "architect", "intern", "internship", "scientist", "specialist", "administrator",
    "officer", "head", "vp", "president", "coordinator", "associate", "assistant",
    "technician", "programmer", "founder", "cofounder", "co-founder", "cto", "ceo", "cfo",
    "coo", "owner", "writer", "editor", "accountant", "nurse", "teacher", "representative",
    "executive", "supervisor", "researcher", "professor", "lecturer", "tutor", "trainee",
    "apprentice", "fellow", "principal", "staff", "senior", "junior", "sr", "jr", "sre",
    "devops", "administrator", "strategist", "advisor", "adviser", "recruiter", "partner",
    "clerk", "agent", "operator", "planner", "producer", "chief", "member", "contractor",
    "freelance", "freelancer", "volunteer", "tester", "qa", "support", "instructor",
    "translator", "marketer", "buyer", "auditor", "paralegal", "attorney", "counsel",
    "officer", "coach", "mechanic", "electrician", "chef", "cook", "driver",
}  # fmt: skip
EMPLOYER_WORDS = {
    "inc", "corp", "corporation", "llc", "ltd", "limited", "gmbh", "ag", "co", "company",
    "group", "labs", "lab", "technologies", "technology", "systems", "solutions",
    "university", "college", "bank", "partners", "studio", "studios", "software",
    "consulting", "agency", "institute", "foundation", "hospital", "plc", "sa", "bv",
    "holdings", "industries", "services", "networks", "media", "ventures", "capital",
}  # fmt: skip
DEGREE_RE = re.compile(
    r"\b(?:bachelor'?s?|master'?s?|b\.?\s?s\.?c?|m\.?\s?s\.?c?|b\.?\s?a\.?|m\.?\s?a\.?|b\.?\s?eng|"
    r"m\.?\s?eng|mba|ph\.?\s?d|doctor(?:ate)?|associate'?s?|diploma|a\.?a\.?s|b\.?tech|m\.?tech|"
    r"bsc|msc|beng|meng|bfa|mfa|bba|llb|llm|md|high school|ged|certificate)\b",
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
LOCATION_RE = re.compile(
    r"^(?:remote|hybrid|on-?site|[A-Z][A-Za-z.\- ]+,\s*(?:[A-Z]{2}|[A-Z][a-z]+)(?:,\s*[A-Z][A-Za-z ]+)?)"
    r"(?:\s*\((?:remote|hybrid)\))?$"
)
EMAIL_RE = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
PHONE_RE = re.compile(r"(?:\+?\(?\d[\d ().\-]{7,}\d)")
URL_RE = re.compile(r"(?:https?://|www\.)\S+|\b(?:linkedin|github)\.com/\S+", re.IGNORECASE)
_SPLIT_HEADER_RE = re.compile(r"\s*(?:\||•|·|\s[—–-]\s|\s{2,}|\t|\s@\s|\bat\s(?=[A-Z]))\s*")
# "Initech, Austin, TX": the city and state after an employer.
_CITY_TAIL_RE = re.compile(r"(?<=\w),\s*[A-Z][A-Za-z.\- ]+,\s*(?:[A-Z]{2}|USA|UK|[A-Z][a-z]+)\s*$")
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
            resume.work.extend(_jobs(section.lines, trace, today, start_index=len(resume.work)))
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
        loose = [line for s in sections if s.kind in ("top", "other") for line in s.lines]
        jobs = _jobs(loose, Trace(), today, start_index=0)
        if jobs:
            resume.work = _jobs(loose, trace, today, start_index=0)
    return resume, trace.sorted()


# -- basics --------------------------------------------------------------------------------


def _basics(lines: list[Line], trace: Trace) -> Basics:
    basics = Basics()
    for line in lines[:12]:
        text = line.content
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


def _is_header_candidate(line: Line) -> bool:
    """A short non-bullet line that could be a title or employer line."""
    text = line.text
    if line.is_bullet or len(text) > 90 or len(text.split()) > 12:
        return False
    if text.endswith(".") and len(text.split()) > 5:
        return False
    return not text[:1].islower()


def _jobs(lines: list[Line], trace: Trace, today: date, start_index: int) -> list[Job]:
    anchors: list[tuple[int, DateRange]] = []
    for index, line in enumerate(lines):
        if line.is_bullet or len(line.text) > 140:
            continue
        found = find_range(line.text, today)
        if found is not None:
            anchors.append((index, found))
    if not anchors:
        return []
    # Header lines of each job: before the anchor (title/employer lines) or after it.
    owned: set[int] = set()
    headers: list[list[int]] = []
    for number, (index, _) in enumerate(anchors):
        previous_anchor = anchors[number - 1][0] if number else -1
        before: list[int] = []
        cursor = index - 1
        while cursor > previous_anchor and len(before) < 2 and _is_header_candidate(lines[cursor]):
            if number and cursor == previous_anchor + 1 and _previous_job_empty(lines, previous_anchor, cursor):
                break  # belongs to the previous job ("dates line, then title line")
            before.insert(0, cursor)
            cursor -= 1
        headers.append(before)
        owned.update(before)
    jobs: list[Job] = []
    previous_employer = ""
    for number, (index, found) in enumerate(anchors):
        header_indexes = list(headers[number])
        anchor_rest = _remove_span(lines[index].text, found.span)
        parts = [p for i in header_indexes for p in _header_parts(lines[i].text)]
        parts += _header_parts(anchor_rest)
        next_start = (
            min([anchors[number + 1][0], *headers[number + 1]]) if number + 1 < len(anchors) else len(lines)
        )
        body = list(range(index + 1, next_start))
        # Dates first, or "Title — dates" then "Employer": take lines after the anchor.
        while body and len(parts) < 2 and _is_header_candidate(lines[body[0]]) and not _is_body_text(lines[body[0]]):
            header_indexes.append(body.pop(0))
            parts = parts + _header_parts(lines[header_indexes[-1]].text)
        position, employer = _title_and_employer(parts)
        if not employer and position and previous_employer and not header_indexes[:-1]:
            employer = previous_employer  # a second role under the same employer heading
        job = Job(employer=employer, position=position, start=found.start, end=found.end)
        label = f"job {start_index + number + 1}"
        header_lines = sorted(header_indexes + [index])
        job.source_lines = [lines[i].text for i in header_lines]
        for i in header_lines:
            produced = f"{label}: dates {found.describe()}" if i == index else f"{label}: header"
            trace.add(lines[i], produced)
        trace.add(lines[index], f"{label}: position={position!r} employer={employer!r}")
        summary: list[str] = []
        for i in body:
            line = lines[i]
            if line.is_bullet:
                job.highlights.append(line.content)
                trace.add(line, f"{label}: highlight")
            elif job.highlights and _continues(job.highlights[-1], line.text):
                job.highlights[-1] = f"{job.highlights[-1]} {line.text}"
                trace.add(line, f"{label}: highlight (continued)")
            elif _is_location(line.text):
                trace.add(line, f"{label}: location (ignored)")
            else:
                summary.append(line.text)
                trace.add(line, f"{label}: summary")
        job.summary = " ".join(summary)
        job.source_lines += job.highlights
        previous_employer = employer or previous_employer
        jobs.append(job)
    return jobs


def _previous_job_empty(lines: list[Line], previous_anchor: int, cursor: int) -> bool:
    """True when the previous anchor has no header above it, so this line is its header."""
    above = previous_anchor - 1
    return above < 0 or not _is_header_candidate(lines[above]) or bool(find_range(lines[above].text))


def _is_body_text(line: Line) -> bool:
    return line.text.endswith(".") or len(line.text.split()) > 10


def _continues(previous: str, text: str) -> bool:
    """A wrapped bullet: the line goes on from the previous highlight."""
    return bool(text) and (text[0].islower() or previous.rstrip()[-1:] in ",-–(&/")


def _remove_span(text: str, span: tuple[int, int]) -> str:
    rest = text[: span[0]] + " " + text[span[1]:]
    rest = re.sub(r"\(\s*\)|\(\s*\d+\s*(?:yrs?|years?|mos?|months?)[^)]*\)", " ", rest)
    return rest.strip(" |,–—-:()\t")


def _header_parts(text: str) -> list[str]:
    text = text.strip(" |,–—-:\t")
    if not text:
        return []
    parts = [_CITY_TAIL_RE.sub("", p).strip(" ,|–—-:()") for p in _SPLIT_HEADER_RE.split(text)]
    parts = [p for p in parts if p and not _is_location(p)]
    if len(parts) == 1 and "," in parts[0]:
        # "Senior Engineer, Acme Corp, Austin, TX"
        pieces = [p.strip() for p in parts[0].split(",") if p.strip()]
        merged = _merge_locations(pieces)
        if len(merged) >= 2 and (_title_score(merged[0]) or _title_score(merged[1])):
            return merged
    return parts


def _merge_locations(pieces: list[str]) -> list[str]:
    kept = []
    for piece in pieces:
        if re.fullmatch(r"[A-Z]{2}|Remote|USA|UK|[A-Z][a-z]+", piece) and kept and len(kept) >= 2:
            continue  # a city/state tail
        kept.append(piece)
    return kept


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower().replace(".", ""))


def _title_score(text: str) -> int:
    # The last word weighs more: "Software Engineer" is a title, "Acme Software" is not.
    words = _words(text)
    return sum(1 for w in words if w in TITLE_WORDS) + (1 if words and words[-1] in TITLE_WORDS else 0)


def _employer_score(text: str) -> int:
    words = _words(text)
    return sum(1 for w in words if w in EMPLOYER_WORDS) + (1 if words and words[-1] in EMPLOYER_WORDS else 0)


def _title_and_employer(parts: list[str]) -> tuple[str, str]:
    parts = [p for p in parts if p and not _is_location(p)]
    if not parts:
        return "", ""
    if len(parts) == 1:
        only = parts[0]
        return (only, "") if _title_score(only) > _employer_score(only) else ("", only)
    scores = [_title_score(p) - _employer_score(p) for p in parts]
    best = max(range(len(parts)), key=lambda i: (scores[i], -i))
    if scores[best] <= 0:
        best = 0  # no title words anywhere: the usual order is title, then employer
    position = parts[best]
    rest = [p for i, p in enumerate(parts) if i != best]
    employer = max(rest, key=lambda p: (_employer_score(p), -rest.index(p)))
    return position, employer


# -- education -----------------------------------------------------------------------------


def _education(lines: list[Line], trace: Trace, today: date) -> list[Education]:
    blocks: list[list[Line]] = []
    for line in lines:
        has_degree = bool(DEGREE_RE.search(line.text))
        has_school = bool(INSTITUTION_RE.search(line.text))
        current = blocks[-1] if blocks else None
        starts_new = current is None or (
            (has_degree and any(DEGREE_RE.search(x.text) for x in current))
            or (has_school and any(INSTITUTION_RE.search(x.text) for x in current))
        )
        if line.is_bullet and current is not None and not (has_degree or has_school):
            starts_new = False  # a detail of the entry above
        if starts_new:
            blocks.append([line])
        else:
            current.append(line)
    result = []
    for number, block in enumerate(blocks, start=1):
        edu = Education(source_lines=[line.content for line in block][:3])
        for line in block:
            text = line.content
            found = find_range(text, today)
            if found and edu.start is None:
                edu.start, edu.end = found.start, found.end
                edu.in_progress = found.current
                text = _remove_span(text, found.span)
            elif edu.end is None and edu.start is None and (dates := find_dates(text, today)):
                edu.end = dates[-1]
                if IN_PROGRESS_RE.search(text) or edu.end.first_month() > today.year * 12 + today.month - 1:
                    edu.in_progress = True
            if IN_PROGRESS_RE.search(text):
                edu.in_progress = True
            text = IN_PROGRESS_RE.sub("", text)
            text = re.sub(r"\b(?:graduated|graduation)\b:?", "", text, flags=re.I)
            for date_match in list(re.finditer(r"\b(?:19|20)\d\d\b|\b[A-Z][a-z]{2,8}\.?\s+(?=(?:19|20)\d\d)", text)):
                text = text.replace(date_match.group(0), " ")
            parts = [p.strip(" ()") for p in re.split(r"\s*(?:,|\||\s[—–-]\s|\s{2,})\s*", text)]
            parts = [p for p in parts if p]
            for part in parts:
                if INSTITUTION_RE.search(part) and not edu.institution:
                    edu.institution = part
                elif DEGREE_RE.search(part) and not edu.study_type:
                    degree, area = _split_once(r"\s+(?:in|of)\s+", part)
                    edu.study_type = degree
                    edu.area = edu.area or area.strip()
                elif not edu.area and not line.is_bullet and not _is_location(part) and len(part.split()) <= 6:
                    edu.area = part
            trace.add(line, f"education {number}")
        if edu.institution or edu.study_type:
            result.append(edu)
    return result


# -- skills --------------------------------------------------------------------------------


def _skills(lines: list[Line], trace: Trace) -> list[Skill]:
    skills: list[Skill] = []
    loose = Skill(name="Skills")
    for line in lines:
        text = line.content
        group = loose
        if ":" in text:
            label, rest = text.split(":", 1)
            if len(label.split()) <= 4 and rest.strip():
                group = Skill(name=label.strip())
                skills.append(group)
                text = rest
        names = [_clean_skill(p) for p in _SKILL_SPLIT_RE.split(text)]
        names = [n for n in names if n and len(n) <= 40 and len(n.split()) <= 4]
        for name in names:
            if name.casefold() not in (k.casefold() for k in group.keywords):
                group.keywords.append(name)
        group.source_lines.append(line.text)
        trace.add(line, f"skills ({group.name}): {', '.join(names)}")
    if loose.keywords:
        skills.insert(0, loose)
    return skills


def _clean_skill(text: str) -> str:
    text = re.sub(r"\((?:expert|advanced|intermediate|basic|beginner|native|fluent)\)", "", text, flags=re.I)
    return text.strip(" .()-–—*")


# -- projects and certificates --------------------------------------------------------------


def _projects(lines: list[Line], trace: Trace, today: date) -> list[Project]:
    projects: list[Project] = []
    for line in lines:
        if not line.is_bullet and _is_header_candidate(line) or not projects:
            found = find_range(line.content, today)
            text = _remove_span(line.content, found.span) if found else line.content
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
        text = line.content
        dates = find_dates(text, today)
        for match in re.finditer(r"[,(\-–—|]?\s*(?:\b[A-Z][a-z]{2,8}\.?\s+)?(?:19|20)\d\d\)?", text):
            text = text.replace(match.group(0), "")
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




def _is_location(text: str) -> bool:
    """ "Austin, TX" or "Remote"; "Engineer, Initech" is a title and an employer."""
    return bool(LOCATION_RE.match(text)) and not _title_score(text) and not _employer_score(text)
