"""Read a JSON Resume (schema v1.x; the older `company` key is accepted for `name`)."""

from __future__ import annotations

import re
from typing import Any

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

_ISO_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def resume_from_json(data: Any, source: str = "<json>") -> Resume:
    """A Resume from parsed JSON; a bad field raises ResumeError naming it."""
    reader = _Reader(source)
    if not isinstance(data, dict):
        reader.fail("", "expected a JSON object with basics, work, education, skills ...")
    basics = reader.basics(reader.obj(data, "basics"))
    work = [reader.job(f"work[{i}]", item) for i, item in enumerate(reader.items(data, "work"))]
    education = [
        reader.education(f"education[{i}]", item) for i, item in enumerate(reader.items(data, "education"))
    ]
    skills = [reader.skill(f"skills[{i}]", item) for i, item in enumerate(reader.items(data, "skills"))]
    projects = [reader.project(f"projects[{i}]", item) for i, item in enumerate(reader.items(data, "projects"))]
    certificates = [
        reader.certificate(f"certificates[{i}]", item)
        for i, item in enumerate(reader.items(data, "certificates"))
    ]
    return Resume(basics, work, education, skills, projects, certificates)


def parse_iso_partial(value: str) -> PartialDate | None:
    """ "2019", "2019-03" or "2019-03-15" -> PartialDate; anything else -> None."""
    match = _ISO_RE.match(value.strip())
    if not match:
        return None
    year, month = int(match.group(1)), match.group(2)
    if month is not None and not 1 <= int(month) <= 12:
        return None
    return PartialDate(year, int(month) if month else None)


class _Reader:
    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, message: str) -> None:
        at = f"{where}: " if where else ""
        raise ResumeError(f"{self.source}: {at}{message}")

    def obj(self, data: dict, key: str, where: str = "") -> dict:
        value = data.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(_join(where, key), f"expected an object, got {_describe(value)}")
        return value

    def items(self, data: dict, key: str) -> list[dict]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, f"expected a list, got {_describe(value)}")
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.fail(f"{key}[{index}]", f"expected an object, got {_describe(item)}")
        return value

    def text(self, data: dict, key: str, where: str) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.fail(_join(where, key), f"expected text, got {_describe(value)}")
        return value.strip()

    def texts(self, data: dict, key: str, where: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(_join(where, key), "expected a list of texts")
        return [v.strip() for v in value if v.strip()]

    def day(self, data: dict, key: str, where: str) -> PartialDate | None:
        value = self.text(data, key, where)
        if not value:
            return None
        parsed = parse_iso_partial(value)
        if parsed is None:
            self.fail(_join(where, key), f"expected a date like 2019, 2019-03 or 2019-03-15, got {value!r}")
        return parsed

    def basics(self, data: dict) -> Basics:
        w = "basics"
        profiles = data.get("profiles") or []
        if not isinstance(profiles, list):
            self.fail("basics.profiles", "expected a list")
        location = self.obj(data, "location", w)
        return Basics(
            name=self.text(data, "name", w),
            label=self.text(data, "label", w),
            email=self.text(data, "email", w),
            phone=self.text(data, "phone", w),
            url=self.text(data, "url", w) or self.text(data, "website", w),
            summary=self.text(data, "summary", w),
            location=location,
            profiles=[p for p in profiles if isinstance(p, dict)],
        )

    def job(self, where: str, data: dict) -> Job:
        employer = self.text(data, "name", where) or self.text(data, "company", where)
        job = Job(
            employer=employer,
            position=self.text(data, "position", where),
            start=self.day(data, "startDate", where),
            end=self.day(data, "endDate", where),
            summary=self.text(data, "summary", where),
            highlights=self.texts(data, "highlights", where),
        )
        if job.start and job.end and job.end.last_month() < job.start.first_month():
            self.fail(_join(where, "endDate"), f"{job.end} is before the startDate {job.start}")
        job.source_lines = [job.header(), *job.highlights]
        if job.summary:
            job.source_lines.insert(1, job.summary)
        return job

    def education(self, where: str, data: dict) -> Education:
        edu = Education(
            institution=self.text(data, "institution", where),
            area=self.text(data, "area", where),
            study_type=self.text(data, "studyType", where),
            start=self.day(data, "startDate", where),
            end=self.day(data, "endDate", where),
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
            description=self.text(data, "description", where),
            highlights=self.texts(data, "highlights", where),
            keywords=self.texts(data, "keywords", where),
            start=self.day(data, "startDate", where),
            end=self.day(data, "endDate", where),
            url=self.text(data, "url", where),
        )
        project.source_lines = [project.name, project.description, *project.highlights]
        return project

    def certificate(self, where: str, data: dict) -> Certificate:
        return Certificate(
            name=self.text(data, "name", where),
            date=self.day(data, "date", where),
            issuer=self.text(data, "issuer", where),
            url=self.text(data, "url", where),
        )


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
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else type(value).__name__
