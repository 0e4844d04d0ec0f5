"""What an interviewer would pick up on in a resume and the interview recap.

Each finding keeps its evidence (the resume or recap lines), a likelihood that an
interviewer asks about it, the fields its question templates need, and the keywords used
to link it to a prepared answer (`subject`: specific words; `generic`: the kind's words).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from tui.assets import load_toml

from tui.resume.model import Job, PartialDate, Resume, month_label

GAP_MONTHS = 3  # a gap longer than this (end month to start month) is worth a question
SHORT_TENURE_MONTHS = 12
STREAK_LENGTH = 3


@dataclass(frozen=True)
class Finding:
    id: str
    kind: str
    topic: str
    likelihood: float
    evidence: tuple[str, ...]
    template: str = ""  # the template group in assets/questions; defaults to the kind
    fields: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    subject: tuple[str, ...] = ()  # specific words: employers, years, skill, topic words
    generic: tuple[str, ...] = ()  # words of the kind: "gap", "short", "metrics"


def resume_findings(resume: Resume, today: date | None = None, context: str = "") -> list[Finding]:
    """Findings from the resume; `context` (position, company facts, recap) raises the
    likelihood of questions about skills the interviewer cares about."""
    today = today or date.today()
    dated = _dated(resume.work)
    findings: list[Finding] = []
    findings += gap_findings(dated, today)
    findings += tenure_findings(dated, today)
    findings += overlap_findings(dated, today)
    findings += title_findings(resume.work, today)
    findings += metric_findings(resume)
    findings += skill_findings(resume, context)
    findings += degree_findings(resume, today)
    return _unique_ids(findings)


# -- one table for every kind of finding -----------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    kind: str
    generic: tuple[str, ...]  # words of the kind, to link a prepared answer


# The template group (assets/questions/templates.toml) -> the finding's kind and its words.
_KINDS = {
    "gap": _Kind("gap", ("gap", "between", "break")),
    "gap_since": _Kind("gap", ("gap", "since", "recent")),
    "short_tenure": _Kind("short_tenure", ("short", "leave", "left", "months", "why")),
    "short_internship": _Kind("short_tenure", ("short", "internship", "intern", "months", "learn")),
    "short_temporary": _Kind("short_tenure", ("short", "part-time", "summer", "contract", "freelance", "months")),
    "short_streak": _Kind("short_streak", ("short", "moves", "changes", "leave", "hopping")),
    "overlap": _Kind("overlap", ("overlap", "both", "same", "time", "freelance", "part-time")),
    "overlap_roles": _Kind("overlap", ("overlap", "both", "roles", "same", "time", "part-time")),
    "title_change": _Kind("title_change", ("promotion", "promoted", "title", "role", "change")),
    "seniority_jump": _Kind("title_change", ("promotion", "promoted", "title", "senior", "step")),
    "title_pair": _Kind("title_change", ("title", "role", "both", "change")),
    "sub_roles": _Kind("title_change", ("title", "role", "roles", "change")),
    "metric": _Kind("metric", ("metrics", "metric", "measured", "numbers", "impact")),
    "metric_team": _Kind("metric", ("metrics", "metric", "measured", "numbers", "impact")),
    "metric_money": _Kind("metric", ("metrics", "metric", "measured", "numbers", "impact")),
    "metric_change": _Kind("metric", ("metrics", "metric", "measured", "numbers", "impact")),
    "skill": _Kind("skill", ("skills", "skill", "used", "experience")),
    "degree_in_progress": _Kind("degree", ("degree", "education", "finish", "studies", "progress")),
    "degree_no_dates": _Kind("degree", ("degree", "education", "graduate", "dates")),
    "recap_concern": _Kind("recap_concern", ("concern", "worry")),
    "recap_topic": _Kind("recap_topic", ("mentioned", "interview")),
    "recap_asked": _Kind("recap_topic", ("asked", "interview")),
    "recap_said": _Kind("recap_topic", ("team", "role")),
}


def _finding(template: str, id: str, topic: str, likelihood: float, evidence, fields: dict[str, str], subject) -> Finding:
    """The one way a finding is made: its kind and generic words come from the table."""
    row = _KINDS[template]
    return Finding(
        id=id,
        kind=row.kind,
        template=template,
        topic=topic,
        likelihood=round(min(1.0, likelihood), 3),
        evidence=tuple(evidence),
        fields=fields,
        subject=tuple(s for s in subject if s),
        generic=row.generic,
    )


# -- dates -----------------------------------------------------------------------------------


class _Dated(list):
    """Jobs already filtered and sorted by _dated (sorted once per resume, not once per kind)."""


def _dated(jobs: list[Job]) -> list[Job]:
    """Jobs with a start, and an end that is not before it, by start (ties: the shorter first)."""
    if isinstance(jobs, _Dated):
        return jobs
    usable = [j for j in jobs if j.start is not None and (j.end is None or j.end.last_month() >= j.start.first_month())]
    return _Dated(sorted(usable, key=lambda j: (j.start.first_month(), _end_index(j, None))))


def _today_index(today: date | None) -> int:
    today = today or date.today()
    return today.year * 12 + today.month - 1


def _end_index(job: Job, today: date | None) -> int:
    """The last month the job can reach (today for an ongoing job)."""
    return job.end.last_month() if job.end is not None else _today_index(today)


def _gap_months(end: PartialDate, start: PartialDate) -> int:
    """Months from an end to the next start (Jul to Nov is 4, as tenures are counted). With a
    year-only date only whole missing years count ("2016 – 2018" then "2019 – ..." is none)."""
    if end.has_month and start.has_month:
        return max(0, start.first_month() - end.last_month())
    return max(0, start.year - end.year - 1) * 12


def duration_words(months: int) -> str:
    if months < 12:
        return "1 month" if months <= 1 else f"{months} months"
    years, rest = divmod(months, 12)
    if rest == 0:
        return "a year" if years == 1 else f"{years} years"
    if rest <= 2:
        return "over a year" if years == 1 else f"over {years} years"
    if 4 <= rest <= 8:
        return "about a year and a half" if years == 1 else f"about {years} and a half years"
    return f"about {years + (rest > 6)} years"


def gap_findings(jobs: list[Job], today: date) -> list[Finding]:
    """More than GAP_MONTHS months that no job covers, between the first start and the last end;
    and the time since the last job ended, when none is ongoing."""
    dated = _dated(jobs)
    findings: list[Finding] = []
    if not dated:
        return findings
    covering = dated[0]  # the job whose end reaches furthest so far
    for job in dated[1:]:
        if covering.end is None:
            break  # an ongoing job covers everything after it
        months = _gap_months(covering.end, job.start)
        if months > GAP_MONTHS:
            findings.append(_gap(covering, job, months))
        if job.end is None or _end_index(job, today) > _end_index(covering, today):
            covering = job
    if covering.end is not None:
        months = _today_index(today) - covering.end.last_month()
        if months > GAP_MONTHS:
            last, since = covering, covering.end.label()
            findings.append(_finding(
                "gap_since",
                id=f"gap-since-{last.end.iso()}",
                topic=f"the time since {last.employer or 'your last job'} ({since})",
                likelihood=0.6 + 0.35 * min(1.0, months / 12),
                evidence=(last.evidence(),),
                fields={"employer": spoken_name(last.employer) or "your last job", "left": since, "gap_length": duration_words(months)},
                subject=(last.employer, str(last.end.year), "since", "now", "currently"),
            ))  # fmt: skip
    return findings


def _gap(before: Job, after: Job, months: int) -> Finding:
    assert before.end is not None and after.start is not None
    if before.end.has_month and after.start.has_month:
        first = before.end.last_month() + 1
        last = after.start.first_month() - 1
        first_year, last_year = first // 12, last // 12
        gap_id = f"gap-{first // 12:04d}-{first % 12 + 1:02d}"
        period = month_label(first) if first == last else f"{month_label(first)} to {month_label(last)}"
        if first % 12 == 0 and last % 12 == 11:
            period = str(first_year) if first_year == last_year else f"{first_year} to {last_year}"
    else:
        first_year, last_year = before.end.year + 1, after.start.year - 1
        gap_id = f"gap-{first_year:04d}"
        period = str(first_year) if first_year == last_year else f"{first_year} to {last_year}"
    years = str(first_year) if first_year == last_year else f"{first_year}–{last_year}"
    return _finding(
        "gap",
        id=gap_id,
        topic=f"the {years} gap",
        # 12 months -> 0.77, 4 months -> 0.59: a longer gap is asked about more often.
        likelihood=0.5 + 0.4 * min(1.0, months / 18),
        evidence=(before.evidence(), after.evidence()),
        fields={
            "gap_from": before.end.label(),
            "gap_to": after.start.label(),
            "gap_period": period,
            "gap_length": duration_words(months),
            **_gap_ends(before, after),
        },
        subject=(*(str(y) for y in range(first_year, min(last_year, first_year + 50) + 1)), before.employer, after.employer),
    )


def _gap_ends(before: Job, after: Job) -> dict[str, str]:
    """How a gap's two sides are named: "A and B", or two stays at one employer."""
    if _same_employer(before.employer, after.employer):
        name = spoken_name(before.employer)
        return {"before": f"your first stint at {name}", "after": "your return there"}
    return {"before": spoken_name(before.employer) or "your previous job", "after": spoken_name(after.employer) or "your next job"}


@dataclass
class Stint:
    """Back-to-back (or overlapping) jobs at one employer, read as one stay."""

    jobs: list[Job]
    start: PartialDate
    end: PartialDate | None  # None: ongoing

    @property
    def employer(self) -> str:
        return self.jobs[-1].employer

    def months(self) -> int | None:
        """Months from start to end (Jun to Aug is 2), None when ongoing or year-only."""
        if self.end is None or not (self.start.has_month and self.end.has_month):
            return None
        return max(1, self.end.last_month() - self.start.first_month())


def stints(jobs: list[Job]) -> list[Stint]:
    """Each employer's jobs merged where one starts by the month after another ends; by start."""
    by_employer: dict[str, list[Job]] = {}
    for job in _dated(jobs):
        by_employer.setdefault(employer_key(job.employer) or f"#{id(job)}", []).append(job)
    found: list[Stint] = []
    for group in by_employer.values():
        current: Stint | None = None
        for job in group:  # already in start order
            if current is not None and (current.end is None or job.start.first_month() <= current.end.last_month() + 1):
                current.jobs.append(job)
                if current.end is not None and (job.end is None or job.end.last_month() > current.end.last_month()):
                    current.end = job.end
                continue
            current = Stint([job], job.start, job.end)
            found.append(current)
    return sorted(found, key=lambda s: (s.start.first_month(), s.end.last_month() if s.end else 1 << 30))


def tenure_months(job: Job) -> int | None:
    """Months in a finished job (Jun to Aug is 2), None when the dates cannot tell."""
    return Stint([job], job.start, job.end).months() if job.start is not None else None


def tenure_findings(jobs: list[Job], today: date) -> list[Finding]:
    """A finished stay at one employer under SHORT_TENURE_MONTHS months (year-only dates are too
    vague to say); and STREAK_LENGTH or more such stays one after another (internships aside)."""
    findings: list[Finding] = []
    streak: list[Stint] = []
    for stint in stints(jobs):
        months = stint.months()
        if months is None or months >= SHORT_TENURE_MONTHS:
            findings += _close_streak(streak)
            streak = []
            continue
        findings.append(_short(stint, months))
        if _internship(stint):
            continue
        if streak and stint.start.first_month() - streak[-1].end.last_month() - 1 > GAP_MONTHS:
            findings += _close_streak(streak)
            streak = []
        streak.append(stint)
    return findings + _close_streak(streak)


def _close_streak(streak: list[Stint]) -> list[Finding]:
    return [_streak(streak)] if len(streak) >= STREAK_LENGTH else []


def _internship(stint: Stint) -> bool:
    return all(seniority(job.position) == 0 for job in stint.jobs if job.position) and any(j.position for j in stint.jobs)


def _temporary(stint: Stint) -> bool:
    """Work that ends by design: "Part-time, Summer 2009", "Freelancer", "Contract Developer"."""
    words = {w for job in stint.jobs for w in re.findall(r"[^\W_]+(?:-[^\W_]+)*", job.position.casefold())}
    return bool(words & _temporary_words())


@cache
def _temporary_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in load_toml("lists", "resume_words.toml")["temporary_work"])


def _short(stint: Stint, months: int) -> Finding:
    job = stint.jobs[-1]
    tenure = duration_words(months)
    return _finding(
        "short_internship" if _internship(stint) else "short_temporary" if _temporary(stint) else "short_tenure",
        id=f"short-{slug(job.employer) or 'job'}-{stint.start.iso()}",
        topic=f"leaving {job.employer or 'a job'} after {tenure}",
        likelihood=0.55 + 0.25 * (SHORT_TENURE_MONTHS - months) / 12,
        evidence=(job.evidence(),),
        fields={"employer": spoken_name(job.employer) or "that job", "position": said_title(job.position),
                "a_position": with_article(said_title(job.position)), "tenure": tenure},
        subject=(job.employer,),
    )


def _streak(run: list[Stint]) -> Finding:
    names = [spoken_name(s.employer) or s.jobs[-1].position or "a job" for s in run]
    listed = _listed(names)
    return _finding(
        "short_streak",
        id=f"streak-{run[0].start.iso()}",
        topic=f"several short jobs in a row ({listed})",
        likelihood=min(0.9, 0.6 + 0.05 * len(run)),
        evidence=[s.jobs[-1].evidence() for s in run],
        fields={"employers": listed, "count": str(len(run))},
        subject=names,
    )


OVERLAP_MONTHS = 2  # sharing one boundary month is not an overlap
PARALLEL_ROLE_MONTHS = 12  # two roles at one employer side by side for a year are two jobs
_OVERLAP_CANDIDATES = 4  # the jobs reaching furthest that a new job is compared with


def overlap_months(a: Job, b: Job, today: date) -> int:
    """How long two jobs surely ran together. A year-only boundary counts whole years: "2010 –
    2012" and "2011 – 2014" share a year; "2012 – 2013" and "Mar 2013 –" share nothing sure."""
    later = a if a.start.first_month() >= b.start.first_month() else b
    sooner = a if _end_index(a, today) <= _end_index(b, today) else b
    return _together(later.start, sooner.end, _today_index(today))


def _together(later_start: PartialDate, sooner_end: PartialDate | None, today_index: int) -> int:
    if sooner_end is None:  # both ongoing
        return today_index - later_start.first_month()
    if later_start.has_month and sooner_end.has_month:
        return sooner_end.first_month() - later_start.last_month()
    return (sooner_end.year - later_start.year) * 12


def _reach(job: Job, today: date) -> int:
    return _end_index(job, today)


def overlap_findings(jobs: list[Job], today: date) -> list[Finding]:
    """Jobs at different employers that overlap by OVERLAP_MONTHS or more, one finding per job
    that runs alongside others ("Freelance, alongside A, B and C"); and clearly parallel roles
    at one employer (one does not hold the other, a year side by side). Each job is compared
    with the few earlier jobs that reach furthest: linear, not n²."""
    pairs: dict[tuple[str, str], tuple[int, Job, Job]] = {}
    parallel: dict[tuple[str, str, str], tuple[int, Job, Job]] = {}
    dated = _dated(jobs)
    reach = [_reach(job, today) for job in dated]
    today_index = _today_index(today)
    furthest: list[int] = []  # the earlier jobs that reach furthest, furthest first (at most a few)
    for order, job in enumerate(dated):
        key, start = employer_key(job.employer), job.start.first_month()
        for other_order in furthest:
            if reach[other_order] - start < OVERLAP_MONTHS:
                break  # the rest end sooner still
            other = dated[other_order]
            other_key = employer_key(other.employer)
            if not (key and other_key):
                continue
            # Sorted by start, this job starts last; the one that reaches less ends first.
            months = _together(job.start, (job if reach[order] <= reach[other_order] else other).end, today_index)
            if key != other_key and months >= OVERLAP_MONTHS:
                pair = (min(key, other_key), max(key, other_key))
                if pair not in pairs or months > pairs[pair][0]:
                    pairs[pair] = (months, other, job)
            elif key == other_key and months >= PARALLEL_ROLE_MONTHS and _side_by_side(other, job, today):
                parallel.setdefault((key, other.position, job.position), (months, other, job))
        if len(furthest) < _OVERLAP_CANDIDATES or reach[order] > reach[furthest[-1]]:
            furthest.append(order)
            furthest.sort(key=lambda o: -reach[o])
            del furthest[_OVERLAP_CANDIDATES:]
    # The longer job of each pair hosts it: "alongside X you also list Y and Z".
    hosted: dict[str, list[tuple[int, Job, Job]]] = {}
    for months, first, second in pairs.values():
        host, guest = (first, second) if _length(first, today) >= _length(second, today) else (second, first)
        hosted.setdefault(employer_key(host.employer), []).append((months, host, guest))
    findings = [_overlap(sorted(group, key=lambda g: g[2].start.first_month()), today) for group in hosted.values()]
    return findings + [_parallel_roles(*found) for found in parallel.values()]


def _side_by_side(first: Job, second: Job, today: date) -> bool:
    """Neither role's dates hold the other's (a promotion written loosely is held)."""
    def holds(a: Job, b: Job) -> bool:
        return a.start.first_month() <= b.start.first_month() and _reach(a, today) >= _reach(b, today)

    return first.position != second.position and not holds(first, second) and not holds(second, first)


def _length(job: Job, today: date) -> int:
    return _reach(job, today) - job.start.first_month()


def _overlap(group: list[tuple[int, Job, Job]], today: date) -> Finding:
    host = max((h for _, h, _ in group), key=lambda j: _length(j, today))
    guests = list(dict.fromkeys(spoken_name(g.employer) for _, _, g in group))
    listed = _listed(guests)
    months = max(m for m, _, _ in group)
    first_guest = group[0][2]
    return _finding(
        "overlap",
        id=f"overlap-{slug(host.employer)}-{slug(first_guest.employer)}" if host.start.first_month() <= first_guest.start.first_month()
        else f"overlap-{slug(first_guest.employer)}-{slug(host.employer)}",
        topic=f"working at {spoken_name(host.employer)} alongside {listed}",
        likelihood=0.4 + 0.3 * min(1.0, months / 12) + 0.05 * min(3, len(guests) - 1),
        evidence=(host.evidence(), *(g.evidence() for _, _, g in group[:3])),
        fields={"first": spoken_name(host.employer), "second": listed, "overlap": duration_words(months),
                "host_dates": _span_words(host), "host_position": spoken_title(host.position) or "your role"},
        subject=(host.employer, *guests),
    )  # fmt: skip


def _parallel_roles(months: int, first: Job, second: Job) -> Finding:
    employer = spoken_name(first.employer)
    roles = (spoken_title(first.position), spoken_title(second.position))
    return _finding(
        "overlap_roles",
        id=f"overlap-{slug(first.employer)}-{slug(roles[0], words=2)}-{slug(roles[1], words=2)}",
        topic=f"being {roles[0]} and {roles[1]} at {employer} at the same time",
        likelihood=0.35 + 0.2 * min(1.0, months / 24),
        evidence=(first.evidence(), second.evidence()),
        fields={"employer": employer, "first_role": roles[0], "second_role": roles[1], "overlap": duration_words(months),
                "a_first_role": with_article(roles[0]), "a_second_role": with_article(roles[1]),
                "first": employer, "second": " and ".join(roles)},
        subject=(first.employer, first.position, second.position),
    )  # fmt: skip


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"


def _span_words(job: Job) -> str:
    start = job.start.label() if job.start else "?"
    return f"from {start} to {job.end.label()}" if job.end else f"since {start}"


# -- titles ----------------------------------------------------------------------------------

_LEVELS = (
    (0, r"intern|internship|trainee|apprentice|student|working student|stagiaire|stage|praktikant|becario"),
    (1, r"junior|jr|associate|entry|graduate|assistant"),
    (3, r"senior|sr"),
    (4, r"lead|staff|manager|supervisor|team lead"),
    (5, r"principal|senior manager|architect|distinguished"),
    (6, r"director|head"),
    (7, r"vp|vice president|svp|evp"),
    (8, r"cto|ceo|cfo|coo|cio|chief|president|founder|co-founder|cofounder"),
)
_LEVEL_RES = tuple((level, re.compile(rf"\b(?:{words})\b")) for level, words in _LEVELS)


@lru_cache(maxsize=4096)
def seniority(title: str) -> int:
    """A rough level: intern 0, junior 1, plain 2, senior 3, lead 4 ... C-level 8."""
    low = title.lower()
    levels = [level for level, pattern in _LEVEL_RES if pattern.search(low)]
    return max(levels) if levels else 2


_PARENTHESES = re.compile(r"\([^)]{0,80}\)")
_INSTITUTION = re.compile(r"\b(?:universit\w*|univ|college|institut\w*|hospital|hôpital|école|hochschule|académie|academy)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_LEGAL_WORDS = {"inc", "corp", "corporation", "llc", "ltd", "limited", "gmbh", "co", "the", "plc", "sa", "sas",
                "sarl", "ag", "bv", "oy", "ab", "srl", "spa", "pty", "company"}  # fmt: skip


@lru_cache(maxsize=4096)
def employer_key(name: str) -> str:
    """An employer's name for comparing: "Jet.com, Inc." and "Jet.com" are one employer, and
    "Department of Zoology, University of Otago" and "University of Otago (School of Math)" are
    the University of Otago."""
    name = _PARENTHESES.sub(" ", name).strip() or name  # "Acme (Platform Team)": the team is Acme
    parts = [part for part in name.split(",") if part.strip()]
    if len(parts) > 1 and (institution := next((p for p in reversed(parts) if _INSTITUTION.search(p)), None)):
        name = institution
    words = [w for w in _WORD.findall(name.lower()) if w not in _LEGAL_WORDS]
    return " ".join(words)


_SELF_EMPLOYED = re.compile(r"(?:self[- ]employed|freelance|independent)\s{0,3}\((.{1,80})\)", re.IGNORECASE)
_MARKS = str.maketrans("", "", "®™©℠")
_NAME_TAIL = re.compile(r"\s[-–—|]\s|:\s")
_LEGAL_TAIL = re.compile(r"(?<![\s,]),?\s+(?:inc|llc|ltd|limited|gmbh|ag|corp|co|plc|s\.?a\.?s?|s\.?a\.?r\.?l)\.?$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def spoken_name(employer: str) -> str:
    """An employer as an interviewer says it: "LOUSTIC - Laboratoire d'Observation..." ->
    "LOUSTIC", "X, the moonshot factory (Chorus)" -> "X, the moonshot factory", "Skubana, Inc."
    -> "Skubana", "Lockheed Martin: Space Systems" -> "Lockheed Martin", and
    "Self-employed (training.example.com)" -> "training.example.com"."""
    if own := _SELF_EMPLOYED.fullmatch(employer.strip()):
        return own.group(1).strip()
    parts = [part.strip() for part in employer.split(",") if part.strip()]
    if len(parts) > 1 and (institution := next((p for p in reversed(parts) if _INSTITUTION.search(p)), None)):
        return spoken_name(institution)  # "Department of Zoology, University of Otago" -> the university
    bare = _PARENTHESES.sub(" ", employer.translate(_MARKS)).strip(" ,")
    bare = " ".join((bare or employer).split())
    head = _NAME_TAIL.split(bare, maxsplit=1)[0].strip(" ,") or bare
    name = _LEGAL_TAIL.sub("", head).strip(" ,") or head
    return f"the {name}" if _OF_NAME.match(name) else name


# "the University of Otago", "the City of Austin": names of this form are said with "the".
_OF_NAME = re.compile(
    r"(?:University|College|Institute|School|Department|Faculty|Academy|Museum|Library|Ministry|Office|Embassy"
    r"|City|State|County|Council|Government|Province|Republic)\s+of\s"
)


_TITLE_CUTS = re.compile(r"(?<!\s)\s*[;:(]\s*|,\s+|(?<!\s)\s+(?:including|for|in|of|at|within)\s+", re.IGNORECASE)
SPOKEN_TITLE_WORDS = 6


@lru_cache(maxsize=4096)
def spoken_title(title: str) -> str:
    """A long title as an interviewer says it: "Demonstrator for 4 undergraduate courses
    including ..." -> "Demonstrator"; "Director of Research Engineering" stays whole."""
    title = " ".join(title.split())
    if len(title.split()) > 3 and ", " in title:
        title = title.split(", ", 1)[0]  # "Tech Lead, Microservices Platform Squad": the title, not the team
    if len(title.split()) > 3 and (scope := re.search(r"\s(?:for|pour|für|para|per)\s", title)):
        title = title[: scope.start()]  # "Demonstrator for 4 courses": the title, not its scope
    while len(title.split()) > SPOKEN_TITLE_WORDS:
        cut = _TITLE_CUTS.search(title)
        if cut is None or cut.start() == 0:
            break
        title = title[: cut.start()]
    return title.strip(" ,.;:-")


@cache
def _role_words() -> tuple[frozenset[str], frozenset[str]]:
    data = load_toml("lists", "resume_words.toml")
    return frozenset(w.casefold() for w in data["employment_types"]), frozenset(w.casefold() for w in data["sole_titles"])


def said_title(title: str) -> str:
    """The title as said in a question, or "" when the entry names only how the person was
    employed ("Part-time", "Full-time co-op positions"): no question says "as Part-time"."""
    title = spoken_title(title)
    words = re.findall(r"[^\W_]+", title.casefold())
    return "" if not words or all(w in _role_words()[0] for w in words) else title


def with_article(title: str) -> str:
    """ "an Intern", "a Senior Engineer", "a Freelancer"; "Director of Sales", "CTO" and "Head
    of Data" are held by one person and stay bare."""
    if not title:
        return ""
    first = title.split()[0]
    if " of " in title.casefold() or first.casefold().strip(",.") in _role_words()[1]:
        return title
    if first.isupper() and len(first) > 1:  # an acronym is read letter by letter: "an SRE", "a QA lead"
        return ("an " if first[0] in "AEFHILMNORSX" else "a ") + title
    vowel = (first[:1].casefold() in "aeiou" and not re.match(r"(?i)u(?:ni|s[eu])|eu|one", first)
             or bool(re.match(r"(?i)ho(?:nou?r|nest|ur)|heir", first)))  # a silent h: "an Honorary Fellow"
    return ("an " if vowel else "a ") + title


def _same_employer(a: str, b: str) -> bool:
    return bool(employer_key(a)) and employer_key(a) == employer_key(b)


def title_findings(jobs: list[Job], today: date | None = None) -> list[Finding]:
    """More than one title at one employer (promotions, sub-roles, "formerly ..."), one
    finding per stay, earliest title to latest; and one position naming two titles.

    A stay ends where a job elsewhere lies wholly between two roles (a return after working
    elsewhere is a new start, not a title change), and a stay whose roles ran side by side for
    a year is parallel work (the overlap question asks about it), not a change of title."""
    acquired = acquisitions(jobs)
    by_employer: dict[str, list[tuple[int, Job]]] = {}
    for index, job in enumerate(jobs):
        if job.position and (key := employer_key(job.employer)):
            by_employer.setdefault(acquired.get(key, key), []).append((index, job))
    elsewhere = _JobsBetween(jobs, acquired)
    findings = []
    for key, group in by_employer.items():
        # Oldest first; undated roles keep the document's order, which lists the newest first.
        ordered = [job for _, job in sorted(group, key=lambda p: (p[1].start.first_month() if p[1].start else -1, -p[0]))]
        for stay in _stays(ordered, key, elsewhere):
            if _parallel(stay, today):
                continue
            titles: list[tuple[str, Job]] = []
            for job in stay:
                for title in job_titles(job):
                    if not titles or _title_key(title) != _title_key(titles[-1][0]):
                        titles.append((title, job))
            if len({_title_key(title) for title, _ in titles}) >= 2:
                findings.append(_title_change(titles))
            elif (pair := _two_titles(stay[-1].position)) is not None:
                findings.append(_title_pair(stay[-1], *pair))
    return findings


class _JobsBetween:
    """Answers "does a job at another employer lie wholly between these two months?" in
    log time: jobs by start, with the two earliest ends (of two employers) from each on."""

    def __init__(self, jobs: list[Job], acquired: dict[str, str]) -> None:
        dated = sorted((j for j in jobs if j.start is not None), key=lambda j: j.start.first_month())
        self.starts = [j.start.first_month() for j in dated]
        self.best: list[tuple[tuple[int, str], tuple[int, str]]] = [((1 << 30, ""), (1 << 30, ""))] * (len(dated) + 1)
        for i in range(len(dated) - 1, -1, -1):
            key = employer_key(dated[i].employer)
            end = (dated[i].end.last_month() if dated[i].end else 1 << 30, acquired.get(key, key))
            first, second = self.best[i + 1]
            if end[0] < first[0]:
                first, second = end, (first if first[1] != end[1] else second)
            elif end[0] < second[0] and end[1] != first[1]:
                second = end
            self.best[i] = (first, second)

    def any_between(self, after: int, before: int, employer: str) -> bool:
        first, second = self.best[bisect_left(self.starts, after)]
        end = first if first[1] != employer else second
        return end[0] <= before


def _stays(ordered: list[Job], key: str, elsewhere: _JobsBetween) -> list[list[Job]]:
    """The employer's roles (oldest first) cut where a job elsewhere lies wholly between the
    end of the stay so far and the next role's start."""
    stays: list[list[Job]] = [[]]
    reached: int | None = None  # the last month the stay so far reaches (None: not known or ongoing)
    for job in ordered:
        if job.start is not None and reached is not None and elsewhere.any_between(reached, job.start.last_month(), key):
            stays.append([])
            reached = None
        stays[-1].append(job)
        if job.start is not None:  # an ongoing role covers whatever comes after it
            reached = None if job.end is None else max(reached or 0, job.end.first_month())
    return stays


def _parallel(stay: list[Job], today: date | None) -> bool:
    """Two roles of the stay side by side for PARALLEL_ROLE_MONTHS (one does not hold the other)."""
    today = today or date.today()
    dated = [job for job in stay if job.start is not None and (job.end is None or job.end.last_month() >= job.start.first_month())]
    furthest: Job | None = None
    for job in dated:
        if furthest is not None and overlap_months(furthest, job, today) >= PARALLEL_ROLE_MONTHS and _side_by_side(furthest, job, today):
            return True
        if furthest is None or _reach(job, today) > _reach(furthest, today):
            furthest = job
    return False


MAX_ACQUISITIONS = 20  # sentences read for "X was acquired by us"
ACQUISITION_JOBS = 200  # entries whose text is read for them (a career has fewer)


@cache
def _acquired_re() -> re.Pattern:
    phrases = sorted(load_toml("lists", "resume_words.toml")["acquired_by"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)


_SENTENCE_BREAK = re.compile(r"[.;:!?]")


def acquisitions(jobs: list[Job]) -> dict[str, str]:
    """Employers that the resume says were bought by another employer it lists, mapped to
    the buyer's key ("Talgentra was acquired by Experian" in the Experian entry): one employer
    for title changes."""
    keys = {key for job in jobs if (key := employer_key(job.employer))}
    merged: dict[str, str] = {}
    seen = 0
    for job in jobs[:ACQUISITION_JOBS]:
        if seen >= MAX_ACQUISITIONS or not (buyer := employer_key(job.employer)):
            continue
        text = " ".join([job.summary, *job.highlights])[:2000]
        for found in _acquired_re().finditer(text):
            seen += 1
            before = _SENTENCE_BREAK.split(text[max(0, found.start() - 80) : found.start()])[-1]
            words = _WORD.findall(before.lower())
            for size in range(1, min(4, len(words)) + 1):
                name = " ".join(words[-size:])
                for key in keys:
                    if key != buyer and (key == name or key.startswith(name + " ")):
                        merged[key] = merged.get(buyer, buyer)
    return merged


_FORMERLY = re.compile(
    r"[(,;]?\s{0,3}\b(?:formerly|previously|promoted from|anciennement|auparavant|ehemals|zuvor|anteriormente"
    r"|precedentemente|ранее)\s{1,3}([^);,]{2,60})\)?",
    re.IGNORECASE,
)


def job_titles(job: Job) -> list[str]:
    """The titles one job entry holds, oldest first: "Software Engineer (formerly Junior
    Developer)" holds two; a job with sub-roles holds the sub-roles."""
    position, earlier = job.position, []
    if found := _FORMERLY.search(position):
        earlier.append(found.group(1).strip())
        position = (position[: found.start()] + position[found.end() :]).strip(" ,;")
    return [*earlier, *(job.roles or [position])]


@lru_cache(maxsize=4096)
def _title_key(title: str) -> str:
    return " ".join(re.findall(r"\w+", title.casefold()))


def _two_titles(position: str) -> tuple[str, str] | None:
    """ "Senior JavaScript Developer, Senior UI Developer": two titles of one trade (same last
    word, two words or more each); "Owner, Programmer" is one role with two hats."""
    parts = [p.strip() for p in position.split(",")]
    if len(parts) != 2 or not all(len(p.split()) >= 2 for p in parts):
        return None
    last = [p.split()[-1].casefold() for p in parts]
    return (parts[0], parts[1]) if last[0] == last[1] and _title_key(parts[0]) != _title_key(parts[1]) else None


def _title_change(titles: list[tuple[str, Job]]) -> Finding:
    (first, _), (last, last_job) = titles[0], titles[-1]
    if all(job is last_job for _, job in titles) and last_job.roles:
        return _sub_roles(titles)
    jump = seniority(last) - seniority(first)
    chain = " → ".join(spoken_title(title) for title, _ in titles)
    changed = titles[1][1].start.iso() if titles[1][1].start else "undated"
    employer = spoken_name(last_job.employer)
    if (first_name := spoken_name(titles[0][1].employer)) and employer_key(first_name) != employer_key(employer):
        employer = f"{first_name} (later {employer})"  # an acquisition the resume states
    return _finding(
        "seniority_jump" if jump >= 2 else "title_change",
        id=f"title-{slug(last_job.employer)}-{changed}",
        topic=f"your roles at {employer}: {chain}" if len(titles) <= 3 else f"your {len(titles)} roles at {employer}",
        likelihood=(0.5 + 0.05 * min(4, jump - 2)) if jump >= 2 else (0.4 if jump > 0 else 0.35),
        evidence=list(dict.fromkeys(job.evidence() for _, job in reversed(titles)))[:3],
        fields={"employer": employer, "old_title": spoken_title(first), "new_title": spoken_title(last),
                "a_new_title": with_article(spoken_title(last)), "titles": chain, "count": str(len(titles))},
        subject=(last_job.employer, *(title for title, _ in titles)),
    )  # fmt: skip


def _sub_roles(titles: list[tuple[str, Job]]) -> Finding:
    """Roles one entry lists without dates: which came first is not known, so none is "became"."""
    job = titles[-1][1]
    # In a list, "Software Engineer, DevOps" would read as two roles: the title before its team.
    roles = list(dict.fromkeys(spoken_title(title.split(", ")[0]) for title, _ in titles))
    employer = spoken_name(job.employer)
    return _finding(
        "sub_roles",
        id=f"title-{slug(job.employer)}-{job.start.iso() if job.start else 'undated'}",
        topic=f"your roles at {employer}: {_listed(roles)}",
        likelihood=0.35,
        evidence=(job.evidence(),),
        fields={"employer": employer, "roles": _listed(roles), "count": str(len(roles)),
                "old_title": roles[0], "new_title": roles[-1], "titles": " → ".join(roles)},
        subject=(job.employer, *roles),
    )


def _title_pair(job: Job, first: str, second: str) -> Finding:
    return _finding(
        "title_pair",
        id=f"title-{slug(job.employer)}-{job.start.iso() if job.start else 'undated'}",
        topic=f"your two titles at {job.employer}",
        likelihood=0.35,
        evidence=(job.evidence(),),
        fields={"employer": spoken_name(job.employer), "old_title": first, "new_title": second,
                "a_old_title": with_article(first), "a_new_title": with_article(second), "titles": f"{first} → {second}", "count": "2"},
        subject=(job.employer, first, second),
    )


# -- metrics ---------------------------------------------------------------------------------

# People one leads. People one teaches or cares for are counted ("count" below), not led:
# "tutored 30 students" is no team.
_PEOPLE = ("(?:engineers|developers|people|direct reports|reports|staff|designers|analysts|members|employees|contractors"
           "|scientists|testers|consultants|specialists|technicians|nurses|agents|associates|volunteers)")
# Every quantifier is bounded: a claim is found in time linear in the line's length.
_METRIC_PATTERNS = (
    ("percent", r"\b\d{1,6}(?:[.,]\d{1,3})?\s?(?:%|percent\b|per cent\b)"),
    ("money", r"[$€£]\s?\d[\d,.]{0,15}\s?(?:[kmb]\b|mm\b|million\b|billion\b|thousand\b)?"),
    ("money", r"\b\d[\d,.]{0,15}\s?(?:million|billion|thousand|[km])\s?(?:dollars|usd|eur|euros|pounds|in revenue|revenue|budget|arr)\b"),
    ("multiple", r"\b\d{1,4}(?:\.\d{1,2})?\s?[x×](?![\w])"),
    ("team", r"\bteams? of (?:(?:about|around|over|nearly|~)\s?)?(?:\d{1,5}(?:\s?[-–]\s?\d{1,5})?|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)\b"
     r"(?:\s{1,3}(?:[\w-]{1,30}\s{1,3})?" + _PEOPLE + r"\b|\s{1,3}(?!(?:and|or|to|in|on|at|for|with|the|who|that|which)\b)\w{1,30})?"),
    ("team", r"\b\d{1,5}\s{1,3}" + _PEOPLE + r"\b"),
    ("change", r"\bfrom\s{1,3}\d[\d.,]{0,15}\s{0,3}[a-z%]{0,15}\s{1,3}(?:down |up )?to\s{1,3}(?:under |below |less than )?\d[\d.,]{0,15}\s{0,3}[a-z%]{0,15}"),
    ("count", r"\b\d[\d,.]{0,15}\s?[kKmM+]?\+?\s{1,3}(?:users|customers|clients|requests|transactions|merchants|services|servers|countries|stores|downloads|subscribers|accounts|orders|students|patients|trainees)\b"),
)
# One pass over the line: at each place the first pattern that matches wins.
# The first look is cheap: every claim starts with a digit, a currency sign, "team" or "from".
_METRIC_RE = re.compile(
    r"(?=[\d$€£tTfF])(?:" + "|".join(f"(?P<k{i}>{pattern})" for i, (_, pattern) in enumerate(_METRIC_PATTERNS)) + ")",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"(?:19|20)\d\d")


def find_claims(text: str) -> list[tuple[str, str]]:
    """(kind, matched text) for each quantified claim in a line, left to right."""
    claims = []
    for match in _METRIC_RE.finditer(text):
        kind = _METRIC_PATTERNS[int(match.lastgroup[1:])][0]
        if kind == "count" and _YEAR_RE.fullmatch(match.group(0).split()[0]):
            continue  # "2019 customers" is more likely a year than a count
        claims.append((kind, match.group(0).strip()))
    return claims


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9À-Ý\"“(])|\n+")
_CLAUSE_END = re.compile(r"[;,]\s+|\s(?:[—–-]|-{2,3})\s|\.\s+")  # "--" is a dash written in plain text
MAX_QUOTE_WORDS = 14


def claim_sentence(line: str, claim: str) -> str:
    """The sentence of a line (a summary may be a paragraph) that holds the claim."""
    if len(line) <= 120 and "\n" not in line and len(line.split(". ")) == 1:
        return line.strip()
    for sentence in _SENTENCE_END.split(line):
        if claim in sentence:
            return sentence.strip()[:400]
    return line.strip()[:400]


# Words that open a phrase: a quote cut from a long clause starts and ends at one of them.
_PHRASE_WORDS = frozenset(
    "with from by to in on for of and as at after while through via across including within following "
    "which that who where when using resulting leading saving reducing increasing cutting".split()
)
_KEEP_LEADING = frozenset({"from"})  # "from 3 months to 2 years" keeps its "from"


def _claim_clause(sentence: str, claim: str) -> str:
    """What the question quotes: the whole sentence when it is short, else the clause that
    holds the claim; a clause still too long is cut to the phrase around the claim, at phrase
    words ("with over 500 customers on the waiting list" -> "over 500 customers on the
    waiting list"), never mid-phrase."""
    sentence = sentence.strip().rstrip(".")
    if len(sentence.split()) <= MAX_QUOTE_WORDS:
        return sentence
    clauses = _CLAUSE_END.split(sentence)
    clause = next((c for c in clauses if claim in c), sentence).strip(" .")
    clause = re.sub(r"^(?:and|but|or|while)\s+", "", clause, flags=re.IGNORECASE)  # "..., and achieved 8x"
    words = clause.split()
    if len(words) <= MAX_QUOTE_WORDS:
        return clause
    at = clause.find(claim)
    if at < 0:
        return " ".join(words[:MAX_QUOTE_WORDS])
    first_claim = len(clause[:at].split())
    after_claim = len(clause[: at + len(claim)].split())

    def bare(word: str) -> str:
        return word.casefold().strip("\"'“”(),")

    if after_claim <= MAX_QUOTE_WORDS - 2:
        start = 0  # the clause's own opening ("Reduced the budget by 20%") says what the number is
    else:
        start = first_claim
        for back in range(first_claim - 1, max(-1, first_claim - 5), -1):
            if bare(words[back]) in _PHRASE_WORDS:
                start = back if bare(words[back]) in _KEEP_LEADING else back + 1
                break
    if len(words) - start <= MAX_QUOTE_WORDS + 2:
        return " ".join(words[start:])  # the rest of the clause reads whole
    stops = [i for i in range(after_claim, min(len(words), start + MAX_QUOTE_WORDS + 1)) if bare(words[i]) in _PHRASE_WORDS]
    end = stops[-1] if stops else min(len(words), start + MAX_QUOTE_WORDS)
    while end > after_claim and bare(words[end - 1]) in _PHRASE_WORDS | {"a", "an", "the"}:
        end -= 1
    return " ".join(words[start:end]).rstrip(",;:")


_METRIC_TEMPLATES = {"team": "metric_team", "money": "metric_money", "change": "metric_change", "count": "metric_change"}


def metric_findings(resume: Resume) -> list[Finding]:
    findings = []
    usable = [j for j in resume.work if j.start is not None]
    recent = max(usable, key=lambda j: (j.start.first_month(), _end_index(j, None)), default=None)
    sources: list[tuple[str, str, str, bool]] = []  # (line, employer or project, how it is said, recent)
    for job in resume.work:
        for line in ([job.summary] if job.summary else []) + job.highlights:
            said = f"at {spoken_name(job.employer)}" if spoken_name(job.employer) else "in one of your jobs"
            sources.append((line, job.employer, said, job is recent))
    for project in resume.projects:
        for line in ([project.description] if project.description else []) + project.highlights:
            name = " ".join(project.name.split()[:6])
            said = "in one of your projects" if not name or len(project.name.split()) > 6 else (
                f"in your {name} project" if not name.casefold().endswith("project") else f"in your {name}")
            sources.append((line, project.name, said, False))
    for line, where, said, is_recent in sources:
        claims = find_claims(line)
        if not claims:
            continue
        kind, claim = claims[0]
        sentence = claim_sentence(line, claim)
        clause = _claim_clause(sentence, claim)
        template = _METRIC_TEMPLATES.get(kind, "metric")
        likelihood = 0.45 + 0.05 * min(3, len(claims) - 1) + (0.1 if is_recent else 0.0)
        if kind in ("percent", "multiple") and _number(claim) >= 50:
            likelihood += 0.1  # big claims draw questions
        findings.append(_finding(
            template,
            id=f"metric-{slug(where) or 'resume'}-{slug(claim)}",
            topic=f"the claim “{clause}”",
            likelihood=min(0.8, likelihood),
            evidence=(sentence,),
            fields={"statement": clause, "claim": claim, "where": said,
                    "employer": spoken_name(where) or "one of your jobs"},
            subject=(line, where),
        ))  # fmt: skip
    return findings


def _number(text: str) -> float:
    match = re.search(r"\d+(?:\.\d+)?", text.replace(",", ""))
    return float(match.group(0)) if match else 0.0


# -- skills ----------------------------------------------------------------------------------

SKILL_ALIASES = {
    "go": ("golang",),
    "golang": ("go",),
    "kubernetes": ("k8s", "kubectl", "eks", "gke", "aks"),
    "postgresql": ("postgres", "psql"),
    "postgres": ("postgresql",),
    "javascript": ("js", "node.js", "nodejs", "react", "typescript"),
    "typescript": ("ts",),
    "amazon web services": ("aws",),
    "aws": ("amazon web services", "ec2", "s3", "lambda"),
    "gcp": ("google cloud",),
    "google cloud": ("gcp",),
    "machine learning": ("ml",),
    "ci/cd": ("ci", "continuous integration", "jenkins", "github actions", "gitlab ci"),
    "node.js": ("node", "nodejs"),
}
_GENERIC_SKILLS = {"english", "communication", "teamwork", "leadership", "problem solving", "backend", "frontend"}


def _mentions(skill: str, text: str) -> bool:
    names = (skill, *SKILL_ALIASES.get(skill.lower(), ()))
    for name in names:
        pattern = rf"(?<![\w+#.]){re.escape(name)}(?![\w+#]|\.\w)"
        # Short names ("Go", "R", "C") only in their written case: "go live" is not Go.
        flags = 0 if len(name) <= 2 or name.lower() in {"go", "rust", "swift", "spark", "chef"} else re.IGNORECASE
        if re.search(pattern, text, flags):
            return True
    return False


_SKILL_LEVELS = {"advanced", "intermediate", "beginner", "basic", "basics", "expert", "fluent", "native", "proficient",
                 "familiar", "good", "excellent", "notions", "courant", "débutant", "avancé", "fließend", "grundkenntnisse"}  # fmt: skip


def _skill_name(name: str) -> str | None:
    """A skill as listed, or None for what a list leaves behind: "7" (of "CentOS 6/7"), a level
    ("advanced"); "Linux (Ubuntu" loses its unclosed parenthesis."""
    name = " ".join(name.split())
    if name.count("(") > name.count(")"):
        name = name[: name.rindex("(")].strip()
    if not any(ch.isalpha() for ch in name) or name.casefold() in _SKILL_LEVELS:
        return None
    return name


def skill_findings(resume: Resume, context: str = "") -> list[Finding]:
    used_in: list[str] = []
    for job in resume.work:
        used_in += [job.position, job.summary, *job.highlights]
    for project in resume.projects:
        used_in += [project.name, project.description, *project.highlights, *project.keywords]
    haystack = "\n".join(used_in)
    findings = []
    for skill in resume.skills:
        for name in filter(None, map(_skill_name, skill.names())):
            if name.lower() in _GENERIC_SKILLS or _mentions(name, haystack):
                continue
            source = next((line for line in skill.source_lines if _mentions(name, line)), None)
            source = source or (f"{skill.name}: {', '.join(skill.keywords)}" if skill.keywords else skill.name)
            context_lines = [line for line in context.splitlines() if line.strip() and _mentions(name, line)]
            likelihood = 0.3 + (0.3 if context_lines else 0.0)
            findings.append(_finding(
                "skill",
                id=f"skill-{slug(name)}",
                topic=name,
                likelihood=likelihood,
                evidence=(source, *context_lines[:2]),
                fields={"skill": name},
                subject=(name, *SKILL_ALIASES.get(name.lower(), ())),
            ))  # fmt: skip
    return findings


# -- education -------------------------------------------------------------------------------


def degree_findings(resume: Resume, today: date) -> list[Finding]:
    findings = []
    today_index = _today_index(today)
    for edu in resume.education:
        name = edu.describe()
        future = edu.end is not None and edu.end.first_month() > today_index
        if edu.in_progress or future:
            expected = f" (expected {edu.end.label()})" if edu.end else ""
            template, topic, likelihood = "degree_in_progress", f"the {edu.study_type or 'degree'} in progress{expected}", 0.45
        elif edu.start is None and edu.end is None and edu.study_type:
            # Only a named degree: school grades ("AAB (A-Levels)") are not asked about.
            template, topic, likelihood = "degree_no_dates", f"the dates of your {edu.study_type}", 0.3
        else:
            continue
        findings.append(_finding(
            template,
            id=f"degree-{slug(edu.institution or name)}",
            topic=topic,
            likelihood=likelihood,
            evidence=(edu.evidence(),),
            # Empty when unknown: the phrasings that need it are not used ("your Class of", "at school").
            fields={"degree": spoken_title(" in ".join(p for p in (edu.study_type, edu.area) if p)) if edu.study_type else "",
                    "institution": spoken_name(edu.institution)},
            subject=(edu.institution, edu.study_type, edu.area),
        ))  # fmt: skip
    return findings


# -- the interview recap ---------------------------------------------------------------------

_PRONOUNS = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "i'm": "you're", "i've": "you've", "i'd": "you'd", "i'll": "you'll", "am": "are",
    "we": "you", "our": "your", "us": "you",
}  # fmt: skip


def second_person(text: str) -> str:
    """The applicant's note in the interviewer's words: "I left" -> "you left"."""

    def swap(match: re.Match) -> str:
        word = match.group(0)
        return _PRONOUNS.get(word.lower().replace("’", "'"), word)

    text = re.sub(r"\b(?:I['’](?:m|ve|d|ll)|[A-Za-z]+)\b", swap, text.strip().rstrip("."))
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _mid_sentence(note: str) -> str:
    return note[:1].lower() + note[1:].rstrip(".")


# How each kind of recap note becomes a finding: the recap field, its kind, template and
# label, how likely the interviewer is to bring it up, the note as the interviewer would put
# it, and words that tie a prepared answer to it.
_RECAP_NOTES = (
    ("concerns", "recap_concern", "concern", 0.85, second_person),
    ("topics", "recap_topic", "topic", 0.6, str.strip),
    ("asked", "recap_asked", "asked", 0.55, second_person),
    ("said", "recap_said", "said", 0.3, _mid_sentence),
)


def recap_findings(recap) -> list[Finding]:
    """Findings from prep.recap: the concerns, the topics, what was asked and said."""
    findings: list[Finding] = []
    for field_name, template, label, likelihood, phrase_of in _RECAP_NOTES:
        for note in getattr(recap, field_name):
            phrased = phrase_of(note)
            findings.append(_finding(
                template,
                id=f"{label}-{slug(note, skip_small_words=True)}",
                topic=f"the concern that {phrased}" if label == "concern" else phrased,
                likelihood=likelihood,
                evidence=(f"{label}: {note}",),
                fields={label: phrased},
                subject=(note,),
            ))  # fmt: skip
    return _unique_ids(findings)


# -- helpers ---------------------------------------------------------------------------------


_SLUG_SKIP = {"i", "i'm", "m", "have", "has", "the", "a", "an", "to", "of", "in", "my", "we", "our",
              "is", "was", "how", "why", "what", "you", "your", "about", "and"}  # fmt: skip


_SLUG_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=8192)
def slug(text: str, words: int = 4, skip_small_words: bool = False) -> str:
    parts = _SLUG_WORD.findall(text.lower().replace("%", " pct").replace("'", ""))
    kept = ([p for p in parts if p not in _SLUG_SKIP] or parts) if skip_small_words else parts
    return "-".join(kept[:words])


def _unique_ids(findings: list[Finding]) -> list[Finding]:
    seen: dict[str, int] = {}
    result = []
    for finding in findings:
        count = seen.get(finding.id, 0)
        seen[finding.id] = count + 1
        if count:
            finding = Finding(**{**finding.__dict__, "id": f"{finding.id}-{count + 1}"})
        result.append(finding)
    return result
