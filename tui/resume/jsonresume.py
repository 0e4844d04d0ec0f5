"""Read a JSON Resume leniently (schema v1.x, the older `company`/`website` keys, and FRESH).

A person can read "endDate": "Present", "janvier 2019" or an end before the start, so we do
too: what looks wrong becomes a warning on the resume (`Resume.warnings`), never an error.
Only JSON that is not a resume at all is refused.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from tui.prep.parse import describe_value
from tui.resume.dates import find_range, is_present, parse_date
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
from tui.textsafe import clean_line

_ISO_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ][\d:.+\-Z]{0,30})?)?)?")
# Keys that make an object a resume: JSON Resume's sections and FRESH's.
_RESUME_KEYS = {"basics", "work", "education", "skills", "projects", "employment", "volunteer", "awards",
                "publications", "certificates", "languages", "interests", "references", "meta", "info", "contact"}  # fmt: skip
_MAX_WARNINGS = 50


def resume_from_json(data: Any, source: str = "<json>") -> Resume:
    """A Resume from parsed JSON Resume or FRESH data; what cannot be used becomes a warning."""
    if not isinstance(data, dict):
        raise ResumeError(f"{source}: not a resume: expected a JSON object with basics, work, education ..., got {_describe(data)}")
    if not _RESUME_KEYS & set(data) and "name" not in data:
        raise ResumeError(f"{source}: not a resume: a JSON object without basics, work or employment")
    if is_fresh(data):
        data = fresh_to_json_resume(data)
    reader = _Reader()
    basics = reader.basics(reader.obj(data, "basics"))
    reader.person = basics.name
    work = [reader.job(f"work[{i}]", item) for i, item in reader.items(data, "work")]
    education = [reader.education(f"education[{i}]", item) for i, item in reader.items(data, "education")]
    skills = [reader.skill(f"skills[{i}]", item) for i, item in reader.items(data, "skills")]
    projects = [reader.project(f"projects[{i}]", item) for i, item in reader.items(data, "projects")]
    certificates = [reader.certificate(f"certificates[{i}]", item) for i, item in reader.items(data, "certificates")]
    if not work:
        reader.warn("", "no work entries: the interviewer will have no jobs to ask about")
    resume = Resume(basics, work, education, skills, projects, certificates)
    resume.warnings = reader.warnings
    return resume


def parse_iso_partial(value: str) -> PartialDate | None:
    """ "2019", "2019-03", "2019-03-15" (or a timestamp) -> PartialDate; anything else -> None."""
    match = _ISO_RE.fullmatch(value.strip())
    if not match:
        return None
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    if month is not None and not 1 <= int(month) <= 12:
        return None
    if day is not None:  # "2020-02-99" is a typo, not February
        try:
            date(year, int(month), int(day))
        except ValueError:
            return None
    return PartialDate(year, int(month) if month else None)


# -- FRESH (HackMyResume) --------------------------------------------------------------------


def is_fresh(data: dict) -> bool:
    meta = data.get("meta")
    fresh_meta = isinstance(meta, dict) and str(meta.get("format", "")).upper().startswith("FRESH")
    return fresh_meta or ("employment" in data and "work" not in data)


def fresh_to_json_resume(data: dict) -> dict:
    """The FRESH fields we use, under their JSON Resume names (the values are read later)."""
    info, contact, location = (_dict(data.get(k)) for k in ("info", "contact", "location"))
    skills = _dict(data.get("skills"))
    return {
        "basics": {
            "name": data.get("name"),
            "label": info.get("label"),
            "summary": info.get("brief"),
            "email": contact.get("email"),
            "phone": contact.get("phone"),
            "url": contact.get("website"),
            "location": location,
            "profiles": [p for p in _list(data.get("social")) if isinstance(p, dict)],
        },
        "work": [_renamed(job, {"employer": "name", "start": "startDate", "end": "endDate"})
                 for job in _history(data.get("employment"))],
        "education": [_renamed(edu, {"title": "studyType", "start": "startDate", "end": "endDate"})
                      for edu in _history(data.get("education"))],
        "skills": [_renamed(s, {"skills": "keywords"}) for s in _list(skills.get("sets"))]
                  + [s for s in _list(skills.get("list")) if isinstance(s, dict)],
        "projects": [_renamed(p, {"title": "name", "summary": "description", "start": "startDate", "end": "endDate"})
                     for p in _list(data.get("projects"))],
    }  # fmt: skip


def _history(section: Any) -> list:
    if isinstance(section, dict):
        return _list(section.get("history"))
    return _list(section)


def _renamed(item: Any, names: dict[str, str]) -> Any:
    if not isinstance(item, dict):
        return item  # reported by the reader as "expected an object"
    return {names.get(key, key): value for key, value in item.items()}


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


# -- the lenient reader ----------------------------------------------------------------------


class _Reader:
    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.person = ""  # basics.name: a job at a site in one's own name is self-employment

    def warn(self, where: str, message: str) -> None:
        if len(self.warnings) < _MAX_WARNINGS:
            self.warnings.append(clean_line(f"{where}: {message}" if where else message))

    def obj(self, data: dict, key: str, where: str = "") -> dict:
        value = data.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.warn(_join(where, key), f"expected an object, got {_describe(value)}; ignored")
            return {}
        return value

    def items(self, data: dict, key: str) -> list[tuple[int, dict]]:
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, dict):
            value = [value]  # one entry written without its list
        if not isinstance(value, list):
            self.warn(key, f"expected a list, got {_describe(value)}; ignored")
            return []
        kept = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                kept.append((index, item))
            else:
                self.warn(f"{key}[{index}]", f"expected an object, got {_describe(item)}; ignored")
        return kept

    def text(self, data: dict, key: str, where: str, one_line: bool = True) -> str:
        value = data.get(key)
        if value is None or isinstance(value, bool):
            return ""
        if isinstance(value, (int, float)):
            return str(value)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = "\n".join(value)
        if not isinstance(value, str):
            self.warn(_join(where, key), f"expected text, got {_describe(value)}; ignored")
            return ""
        if one_line:
            return " ".join(value.split())
        return "\n".join(" ".join(line.split()) for line in value.strip().splitlines())

    def texts(self, data: dict, key: str, where: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.warn(_join(where, key), f"expected a list of texts, got {_describe(value)}; ignored")
            return []
        kept = [" ".join(str(v).split()) for v in value if isinstance(v, (str, int, float)) and not isinstance(v, bool)]
        if len(kept) < len(value):
            self.warn(_join(where, key), "some entries are not text; they were left out")
        return [v for v in kept if v]

    def day(self, data: dict, key: str, where: str, end: bool = False, warn: bool = True) -> tuple[PartialDate | None, bool]:
        """(the date, whether the text said "present"); an unreadable date is None (and warns
        unless the caller words the warning itself)."""
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
            return PartialDate(value), False
        text = self.text(data, key, where)
        if not text:
            return None, False
        if is_present(text):
            return None, True
        parsed = parse_iso_partial(text)
        if parsed is None and _ISO_RE.fullmatch(text.strip()):  # "2020-02-99": ISO-shaped, no such day
            if warn:
                self.warn(_join(where, key), f"{text!r} is not a real date; left out")
            return None, False
        parsed = parsed or parse_date(text, end=end)
        if parsed is None and (found := find_range(text, single=True)) is not None:
            parsed = found.end if end else found.start  # "2019 - 2021" written in one field
            if end and found.current:
                return None, True
        if parsed is None and warn:
            self.warn(_join(where, key), f"could not read {text!r} as a date; left out")
        return parsed, False

    def basics(self, data: dict) -> Basics:
        w = "basics"
        return Basics(
            name=self.text(data, "name", w),
            label=self.text(data, "label", w),
            email=self.text(data, "email", w),
            phone=self.text(data, "phone", w),
            url=self.text(data, "url", w) or self.text(data, "website", w),
            summary=self.text(data, "summary", w, one_line=False),
            location=self.obj(data, "location", w),
            profiles=[p for _, p in self.items(data, "profiles")] if "profiles" in data else [],
        )

    def job(self, where: str, data: dict) -> Job:
        url = self.text(data, "url", where) or self.text(data, "website", where)
        employer = self.text(data, "name", where) or self.text(data, "company", where) or _site(url, self.person)
        position = self.text(data, "position", where)
        description = self.text(data, "description", where)
        if not position and 0 < len(description.split()) <= 8:
            position = description  # a role written where the company's description goes
        start, _ = self.day(data, "startDate", where, warn=False)
        end, said_present = self.day(data, "endDate", where, end=True, warn=False)
        job = Job(
            employer=employer,
            position=position,
            start=start,
            end=end,
            summary=self.text(data, "summary", where, one_line=False),
            highlights=self.texts(data, "highlights", where),
        )
        name = f"{where} ({employer or position or 'no name'})"
        if not employer:
            self.warn(name, "no employer name")
        start_text, end_text = self.text(data, "startDate", where), self.text(data, "endDate", where)
        if start is None:
            what = f"could not read the start date {start_text!r}" if start_text else "no start date"
            self.warn(name, f"{what}; the job is left out of gaps, tenures and overlaps")
        elif end is not None and end.last_month() < start.first_month():
            self.warn(name, f"the end ({end.label()}) is before the start ({start.label()}); kept as written")
        if end is None and not said_present and end_text and not isinstance(data.get("endDate"), int):
            self.warn(name, f"could not read the end date {end_text!r}; the job is taken as ongoing")
        job.source_lines = [job.header(), *([job.summary] if job.summary else []), *job.highlights]
        return job

    def education(self, where: str, data: dict) -> Education:
        start, _ = self.day(data, "startDate", where)
        end, _ = self.day(data, "endDate", where, end=True)
        edu = Education(
            institution=self.text(data, "institution", where),
            area=self.text(data, "area", where),
            study_type=self.text(data, "studyType", where),
            start=start,
            end=end,
        )
        edu.in_progress = edu.start is not None and edu.end is None
        edu.source_lines = [_education_line(edu)]
        return edu

    def skill(self, where: str, data: dict) -> Skill:
        skill = Skill(
            name=self.text(data, "name", where),
            level=self.text(data, "level", where),
            keywords=self.texts(data, "keywords", where),
        )
        skill.source_lines = [f"{skill.name}: {', '.join(skill.keywords)}" if skill.keywords else skill.name]
        return skill

    def project(self, where: str, data: dict) -> Project:
        project = Project(
            name=self.text(data, "name", where),
            description=self.text(data, "description", where, one_line=False),
            highlights=self.texts(data, "highlights", where),
            keywords=self.texts(data, "keywords", where),
            start=self.day(data, "startDate", where)[0],
            end=self.day(data, "endDate", where, end=True)[0],
            url=self.text(data, "url", where),
        )
        project.source_lines = [project.name, project.description, *project.highlights]
        return project

    def certificate(self, where: str, data: dict) -> Certificate:
        return Certificate(
            name=self.text(data, "name", where),
            date=self.day(data, "date", where)[0],
            issuer=self.text(data, "issuer", where),
            url=self.text(data, "url", where),
        )


def _site(url: str, person: str) -> str:
    """Who a job that names no employer was for, from its site: "https://www.acme.io/x" ->
    "acme.io"; a site in the person's own name -> "Self-employed (training.janedoe.com)"."""
    if not url:
        return ""
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").removeprefix("www.")
    own_name = "".join(re.findall(r"\w+", person.casefold()))
    if host and len(own_name) >= 4 and own_name in host.replace("-", "").replace(".", ""):
        return f"Self-employed ({host})"
    return host


def _education_line(edu: Education) -> str:
    dates = ""
    if edu.start or edu.end:
        start = edu.start.label() if edu.start else "?"
        end = edu.end.label() if edu.end else "Present"
        dates = f" ({start} – {end})"
    return edu.describe() + dates


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _describe(value: Any) -> str:
    return describe_value(value, mapping="an object")
