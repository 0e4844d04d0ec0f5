"""The resume as plain data, shaped after JSON Resume v1 (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


class ResumeError(ValueError):
    """A resume that cannot be read; the message is one clear line."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date as people write it on resumes: a year, and maybe a month."""

    year: int
    month: int | None = None

    def __post_init__(self) -> None:
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")

    def iso(self) -> str:
        return f"{self.year:04d}" if self.month is None else f"{self.year:04d}-{self.month:02d}"

    __str__ = iso

    def first_month(self) -> int:
        """Months since year 0 of the earliest month this date can mean."""
        return self.year * 12 + (self.month or 1) - 1

    def last_month(self) -> int:
        """Months since year 0 of the latest month this date can mean."""
        return self.year * 12 + (self.month or 12) - 1

    @property
    def has_month(self) -> bool:
        return self.month is not None

    def label(self) -> str:
        """For people: "Mar 2021" or "2021"."""
        if self.month is None:
            return str(self.year)
        return f"{MONTH_ABBR[self.month - 1]} {self.year}"

    @classmethod
    def from_date(cls, day: date) -> PartialDate:
        return cls(day.year, day.month)


MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_label(month_index: int) -> str:
    """A month index (year * 12 + month - 1) as "Mar 2021"."""
    year, month = divmod(month_index, 12)
    return f"{MONTH_ABBR[month]} {year}"


@dataclass
class Basics:
    name: str = ""
    label: str = ""
    email: str = ""
    phone: str = ""
    url: str = ""
    summary: str = ""
    location: dict = field(default_factory=dict)
    profiles: list[dict] = field(default_factory=list)


@dataclass
class Job:
    employer: str
    position: str
    start: PartialDate | None = None
    end: PartialDate | None = None  # None: current job (when start is known)
    summary: str = ""
    highlights: list[str] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list)
    # Undated sub-roles inside this one entry, oldest first ("#### Role: DevOps Engineer" under
    # "Software Engineer at Acme"); a title change to ask about even without dates.
    roles: list[str] = field(default_factory=list)

    @property
    def is_current(self) -> bool:
        return self.start is not None and self.end is None

    def header(self) -> str:
        """One line naming the job, for evidence when no source line is kept."""
        who = ", ".join(part for part in (self.position, self.employer) if part)
        start = self.start.label() if self.start else "?"
        end = self.end.label() if self.end else ("Present" if self.start else "?")
        return f"{who} ({start} – {end})"

    def evidence(self) -> str:
        return self.source_lines[0] if self.source_lines else self.header()


@dataclass
class Education:
    institution: str = ""
    area: str = ""
    study_type: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None
    in_progress: bool = False
    source_lines: list[str] = field(default_factory=list)

    def describe(self) -> str:
        degree = " in ".join(p for p in (self.study_type, self.area) if p)
        return ", ".join(p for p in (degree, self.institution) if p) or "a degree"

    def evidence(self) -> str:
        return self.source_lines[0] if self.source_lines else self.describe()


@dataclass
class Skill:
    name: str
    level: str = ""
    keywords: list[str] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        """The individual skills: the keywords, or the name when there are none."""
        return list(self.keywords) if self.keywords else [self.name]


@dataclass
class Project:
    name: str
    description: str = ""
    highlights: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    start: PartialDate | None = None
    end: PartialDate | None = None
    url: str = ""
    source_lines: list[str] = field(default_factory=list)


@dataclass
class Certificate:
    name: str
    date: PartialDate | None = None
    issuer: str = ""
    url: str = ""


@dataclass
class Resume:
    basics: Basics = field(default_factory=Basics)
    work: list[Job] = field(default_factory=list)
    education: list[Education] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    # What looked wrong but was read anyway ("work[1] (Wakam): the end is before the start").
    warnings: list[str] = field(default_factory=list, compare=False)

    def skill_names(self) -> list[str]:
        seen: dict[str, str] = {}
        for skill in self.skills:
            for name in skill.names():
                seen.setdefault(name.casefold(), name)
        return list(seen.values())

    def to_json_resume(self) -> dict:
        """JSON Resume v1 field names; empty fields are left out."""
        return _drop_empty(
            {
                "basics": {
                    "name": self.basics.name,
                    "label": self.basics.label,
                    "email": self.basics.email,
                    "phone": self.basics.phone,
                    "url": self.basics.url,
                    "summary": self.basics.summary,
                    "location": self.basics.location,
                    "profiles": self.basics.profiles,
                },
                "work": [
                    {
                        "name": job.employer,
                        "position": job.position,
                        "startDate": _iso(job.start),
                        "endDate": _iso(job.end),
                        "summary": job.summary,
                        "highlights": job.highlights,
                    }
                    for job in self.work
                ],
                "education": [
                    {
                        "institution": edu.institution,
                        "area": edu.area,
                        "studyType": edu.study_type,
                        "startDate": _iso(edu.start),
                        "endDate": _iso(edu.end),
                    }
                    for edu in self.education
                ],
                "skills": [
                    {"name": s.name, "level": s.level, "keywords": s.keywords} for s in self.skills
                ],
                "projects": [
                    {
                        "name": p.name,
                        "description": p.description,
                        "highlights": p.highlights,
                        "keywords": p.keywords,
                        "startDate": _iso(p.start),
                        "endDate": _iso(p.end),
                        "url": p.url,
                    }
                    for p in self.projects
                ],
                "certificates": [
                    {"name": c.name, "date": _iso(c.date), "issuer": c.issuer, "url": c.url}
                    for c in self.certificates
                ],
            },
            keep_lists=("work",),
        )


def _iso(value: PartialDate | None) -> str:
    return value.iso() if value else ""


def _drop_empty(data: dict, keep_lists: tuple[str, ...] = ()) -> dict:
    result: dict = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = _drop_empty(value)
        elif isinstance(value, list):
            value = [_drop_empty(v) if isinstance(v, dict) else v for v in value]
        if value in ("", None, {}, []) and key not in keep_lists:
            continue
        result[key] = value
    return result
