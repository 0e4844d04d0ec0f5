"""What an interviewer would pick up on in a resume and the interview recap.

Each finding keeps its evidence (the resume or recap lines), a likelihood that an
interviewer asks about it, the fields its question templates need, and the keywords used
to link it to a prepared answer (`subject`: specific words; `generic`: the kind's words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from tui.resume.model import Job, PartialDate, Resume, month_label

GAP_MONTHS = 3  # a gap longer than this is worth a question
SHORT_TENURE_MONTHS = 12
STREAK_TENURE_MONTHS = 18
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
    findings: list[Finding] = []
    findings += gap_findings(resume.work, today)
    findings += tenure_findings(resume.work, today)
    findings += overlap_findings(resume.work, today)
    findings += title_findings(resume.work)
    findings += metric_findings(resume)
    findings += skill_findings(resume, context)
    findings += degree_findings(resume, today)
    return _unique_ids(findings)


# -- dates -----------------------------------------------------------------------------------


def _dated(jobs: list[Job]) -> list[Job]:
    return sorted((j for j in jobs if j.start is not None), key=lambda j: (j.start.first_month(), _end_index(j, None)))


def _end_index(job: Job, today: date | None) -> int:
    if job.end is not None:
        return job.end.last_month()
    today = today or date.today()
    return today.year * 12 + today.month - 1


def _gap_months(end: PartialDate, start: PartialDate) -> int:
    """Months with no job between an end and the next start. With a year-only date only
    whole missing years count ("2016 – 2018" then "2019 – ..." is no gap)."""
    if end.has_month and start.has_month:
        return max(0, start.first_month() - end.last_month() - 1)
    return max(0, start.year - end.year - 1) * 12


def duration_words(months: int) -> str:
    if months < 12:
        return "1 month" if months == 1 else f"{months} months"
    years, rest = divmod(months, 12)
    if rest == 0:
        return "a year" if years == 1 else f"{years} years"
    if rest <= 2:
        return "over a year" if years == 1 else f"over {years} years"
    return "about a year and a half" if years == 1 and 4 <= rest <= 8 else f"about {years + (rest > 6)} years"


def gap_findings(jobs: list[Job], today: date) -> list[Finding]:
    dated = _dated(jobs)
    findings: list[Finding] = []
    if not dated:
        return findings
    covering = dated[0]  # the job whose end reaches furthest so far
    for job in dated[1:]:
        if covering.end is None:
            break  # a current job covers everything after it
        months = _gap_months(covering.end, job.start)
        if months > GAP_MONTHS:
            findings.append(_gap(covering, job, months))
        if job.end is None or _end_index(job, today) > _end_index(covering, today):
            covering = job
    today_index = today.year * 12 + today.month - 1
    if all(j.end is not None for j in dated):
        last = max(dated, key=lambda j: j.end.last_month())
        months = today_index - last.end.last_month()
        if months > GAP_MONTHS:
            since = last.end.label()
            findings.append(
                Finding(
                    id=f"gap-since-{last.end.iso()}",
                    kind="gap",
                    template="gap_since",
                    topic=f"the time since {last.employer or 'your last job'} ({since})",
                    likelihood=round(0.6 + 0.35 * min(1.0, months / 12), 3),
                    evidence=(last.evidence(),),
                    fields={"employer": last.employer or "your last job", "left": since, "gap_length": duration_words(months)},
                    subject=(last.employer, str(last.end.year), "since", "now", "currently"),
                    generic=("gap", "since", "recent"),
                )
            )
    return findings


def _gap(before: Job, after: Job, months: int) -> Finding:
    assert before.end is not None and after.start is not None
    if before.end.has_month and after.start.has_month:
        first = before.end.last_month() + 1
        last = after.start.first_month() - 1
        first_year, last_year = divmod(first, 12)[0], divmod(last, 12)[0]
        gap_id = f"gap-{first // 12:04d}-{first % 12 + 1:02d}"
        period = month_label(first) if first == last else f"{month_label(first)} to {month_label(last)}"
        if first % 12 == 0 and last % 12 == 11:
            period = str(first_year) if first_year == last_year else f"{first_year} to {last_year}"
    else:
        first_year, last_year = before.end.year + 1, after.start.year - 1
        gap_id = f"gap-{first_year:04d}"
        period = str(first_year) if first_year == last_year else f"{first_year} to {last_year}"
    years = str(first_year) if first_year == last_year else f"{first_year}–{last_year}"
    # 12 months -> 0.77, 4 months -> 0.59: a longer gap is asked about more often.
    likelihood = 0.5 + 0.4 * min(1.0, months / 18)
    return Finding(
        id=gap_id,
        kind="gap",
        template="gap",
        topic=f"the {years} gap",
        likelihood=round(likelihood, 3),
        evidence=(before.evidence(), after.evidence()),
        fields={
            "gap_from": before.end.label(),
            "gap_to": after.start.label(),
            "gap_period": period,
            "gap_length": duration_words(months),
            "before": before.employer or "your previous job",
            "after": after.employer or "your next job",
        },
        subject=tuple(str(y) for y in range(first_year, last_year + 1)) + (before.employer, after.employer),
        generic=("gap", "between", "break"),
    )


def tenure_months(job: Job) -> int | None:
    """Months in a finished job (inclusive), None when the dates cannot tell."""
    if job.start is None or job.end is None:
        return None
    if job.start.has_month and job.end.has_month:
        return job.end.last_month() - job.start.first_month() + 1
    if job.start.year == job.end.year:
        return 12  # "2019 – 2019": at most a year
    return None


def tenure_findings(jobs: list[Job], today: date) -> list[Finding]:
    findings: list[Finding] = []
    dated = _dated(jobs)
    streak: list[Job] = []
    for job in [*dated, None]:
        months = tenure_months(job) if job is not None else None
        if job is not None and months is not None and months < STREAK_TENURE_MONTHS:
            streak.append(job)
        else:
            if len(streak) >= STREAK_LENGTH:
                findings.append(_streak(streak))
            streak = []
        if job is None or months is None:
            continue
        exact = job.start.has_month and job.end.has_month
        if months < SHORT_TENURE_MONTHS or (not exact and job.start.year == job.end.year):
            tenure = duration_words(months) if exact else "less than a year"
            findings.append(
                Finding(
                    id=f"short-{slug(job.employer) or 'job'}-{job.start.iso()}",
                    kind="short_tenure",
                    template="short_tenure",
                    topic=f"leaving {job.employer or 'a job'} after {tenure}",
                    likelihood=round(0.5 + 0.25 * (SHORT_TENURE_MONTHS - min(months, 12)) / 12 + 0.05, 3),
                    evidence=(job.evidence(),),
                    fields={"employer": job.employer or "that job", "position": job.position or "your role", "tenure": tenure},
                    subject=(job.employer,),
                    generic=("short", "leave", "left", "months", "why"),
                )
            )
    return findings


def _streak(jobs: list[Job]) -> Finding:
    names = [j.employer or j.position or "a job" for j in jobs]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}"
    return Finding(
        id=f"streak-{jobs[0].start.iso()}",
        kind="short_streak",
        template="short_streak",
        topic=f"several short jobs in a row ({listed})",
        likelihood=round(min(0.9, 0.6 + 0.05 * len(jobs)), 3),
        evidence=tuple(j.evidence() for j in jobs),
        fields={"employers": listed, "count": str(len(jobs))},
        subject=tuple(j.employer for j in jobs),
        generic=("short", "moves", "changes", "leave", "hopping"),
    )


def overlap_findings(jobs: list[Job], today: date) -> list[Finding]:
    dated = [j for j in _dated(jobs) if j.start.has_month and (j.end is None or j.end.has_month)]
    findings = []
    for i, first in enumerate(dated):
        for second in dated[i + 1 :]:
            if _same_employer(first.employer, second.employer):
                continue
            months = min(_end_index(first, today), _end_index(second, today)) - second.start.first_month() + 1
            if months <= 1:
                continue
            findings.append(
                Finding(
                    id=f"overlap-{slug(first.employer)}-{slug(second.employer)}",
                    kind="overlap",
                    template="overlap",
                    topic=f"the overlap of {first.employer} and {second.employer}",
                    likelihood=round(0.4 + 0.3 * min(1.0, months / 12), 3),
                    evidence=(first.evidence(), second.evidence()),
                    fields={"first": first.employer, "second": second.employer, "overlap": duration_words(months)},
                    subject=(first.employer, second.employer),
                    generic=("overlap", "both", "same", "time", "freelance", "part-time"),
                )
            )
    return findings


# -- titles ----------------------------------------------------------------------------------

_LEVELS = (
    (0, r"intern|internship|trainee|apprentice|student|working student"),
    (1, r"junior|jr|associate|entry|graduate|assistant"),
    (3, r"senior|sr"),
    (4, r"lead|staff|manager|supervisor|team lead"),
    (5, r"principal|senior manager|architect|distinguished"),
    (6, r"director|head"),
    (7, r"vp|vice president|svp|evp"),
    (8, r"cto|ceo|cfo|coo|cio|chief|president|founder|co-founder|cofounder"),
)


def seniority(title: str) -> int:
    """A rough level: intern 0, junior 1, plain 2, senior 3, lead 4 ... C-level 8."""
    low = title.lower()
    levels = [level for level, words in _LEVELS if re.search(rf"\b(?:{words})\b", low)]
    return max(levels) if levels else 2


def _same_employer(a: str, b: str) -> bool:
    def norm(name: str) -> str:
        name = re.sub(r"[^\w ]", " ", name.lower())
        words = [w for w in name.split() if w not in {"inc", "corp", "corporation", "llc", "ltd", "gmbh", "co", "the"}]
        return " ".join(words)

    return bool(a.strip()) and norm(a) == norm(b)


def title_findings(jobs: list[Job]) -> list[Finding]:
    findings = []
    dated = _dated(jobs)
    for before, after in zip(dated, dated[1:]):
        if not before.position or not after.position:
            continue
        jump = seniority(after.position) - seniority(before.position)
        same = _same_employer(before.employer, after.employer)
        fields = {
            "employer": after.employer or "your employer",
            "old_title": before.position,
            "new_title": after.position,
            "old_employer": before.employer or "your previous employer",
        }
        evidence = (after.evidence(), before.evidence())
        subject = (after.employer, before.employer, after.position, before.position)
        if jump >= 2:
            months = after.start.first_month() - before.start.first_month()
            likelihood = 0.5 + 0.1 * (jump - 2) + (0.1 if months < 24 else 0.0)
            findings.append(
                Finding(
                    id=f"jump-{slug(after.employer) or 'job'}-{after.start.iso()}",
                    kind="seniority_jump",
                    template="seniority_jump" if same else "seniority_jump_move",
                    topic=f"the step up from {before.position} to {after.position}",
                    likelihood=round(min(0.85, likelihood), 3),
                    evidence=evidence,
                    fields=fields,
                    subject=subject,
                    generic=("promotion", "promoted", "title", "senior", "step"),
                )
            )
        elif same and before.position.casefold() != after.position.casefold():
            findings.append(
                Finding(
                    id=f"title-{slug(after.employer)}-{after.start.iso()}",
                    kind="title_change",
                    template="title_change",
                    topic=f"the move from {before.position} to {after.position} at {after.employer}",
                    likelihood=0.4 if jump > 0 else 0.35,
                    evidence=evidence,
                    fields=fields,
                    subject=subject,
                    generic=("promotion", "promoted", "title", "role", "change"),
                )
            )
    return findings


# -- metrics ---------------------------------------------------------------------------------

_METRIC_PATTERNS = (
    ("percent", r"\b\d+(?:[.,]\d+)?\s?(?:%|percent\b|per cent\b)"),
    ("money", r"[$€£]\s?\d[\d,.]*\s?(?:[kmb]\b|mm\b|million\b|billion\b|thousand\b)?"),
    ("money", r"\b\d[\d,.]*\s?(?:million|billion|thousand|[km])\s?(?:dollars|usd|eur|euros|pounds|in revenue|revenue|budget|arr)\b"),
    ("multiple", r"\b\d+(?:\.\d+)?\s?[x×](?![\w])"),
    ("team", r"\bteams? of (?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)\b(?:\s+\w+)?"),
    ("team", r"\b\d+\s+(?:engineers|developers|people|direct reports|reports|staff|designers|analysts|members|employees|contractors)\b"),
    ("change", r"\bfrom\s+\d[\d.,]*\s*[a-z%]*\s+(?:down |up )?to\s+(?:under |below |less than )?\d[\d.,]*\s*[a-z%]*"),
    ("count", r"\b\d[\d,.]*\s?[kKmM+]?\+?\s+(?:users|customers|clients|requests|transactions|merchants|services|servers|countries|stores|downloads|subscribers|accounts|orders)\b"),
)
_METRIC_RE = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _METRIC_PATTERNS]


def find_claims(text: str) -> list[tuple[str, str]]:
    """(kind, matched text) for each quantified claim in a line."""
    claims: list[tuple[str, str, int]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _METRIC_RE:
        for match in pattern.finditer(text):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            if kind == "count" and re.fullmatch(r"(?:19|20)\d\d", match.group(0).split()[0]):
                continue
            taken.append(span)
            claims.append((kind, match.group(0).strip(), span[0]))
    return [(kind, text_) for kind, text_, _ in sorted(claims, key=lambda c: c[2])]


def _claim_clause(line: str, claim: str) -> str:
    """The clause of the line that holds the claim, at most 12 words."""
    clauses = re.split(r"[;,]\s+|\s[—–-]\s|\.\s+", line)
    clause = next((c for c in clauses if claim in c), line).strip(" .")
    words = clause.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def metric_findings(resume: Resume) -> list[Finding]:
    findings = []
    recent = _dated(resume.work)[-1] if _dated(resume.work) else None
    sources: list[tuple[str, str, bool]] = []  # (line, where, recent)
    for job in resume.work:
        for line in ([job.summary] if job.summary else []) + job.highlights:
            sources.append((line, job.employer, job is recent))
    for project in resume.projects:
        for line in ([project.description] if project.description else []) + project.highlights:
            sources.append((line, project.name, False))
    for line, where, is_recent in sources:
        claims = find_claims(line)
        if not claims:
            continue
        kind, claim = claims[0]
        clause = _claim_clause(line, claim)
        template = {"team": "metric_team", "money": "metric_money", "change": "metric_change", "count": "metric_change"}.get(kind, "metric")
        likelihood = 0.45 + 0.05 * min(3, len(claims) - 1) + (0.1 if is_recent else 0.0)
        if kind in ("percent", "multiple") and _number(claim) >= 50:
            likelihood += 0.1  # big claims draw questions
        findings.append(
            Finding(
                id=f"metric-{slug(where) or 'resume'}-{slug(claim)}",
                kind="metric",
                template=template,
                topic=f"the claim “{clause}”",
                likelihood=round(min(0.8, likelihood), 3),
                evidence=(line,),
                fields={"statement": clause, "claim": claim, "where": where or "that job", "employer": where or "that job"},
                subject=(line, where),
                generic=("metrics", "metric", "measured", "numbers", "impact"),
            )
        )
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


def skill_findings(resume: Resume, context: str = "") -> list[Finding]:
    used_in: list[str] = []
    for job in resume.work:
        used_in += [job.position, job.summary, *job.highlights]
    for project in resume.projects:
        used_in += [project.name, project.description, *project.highlights, *project.keywords]
    haystack = "\n".join(used_in)
    findings = []
    for skill in resume.skills:
        for name in skill.names():
            if not name or name.lower() in _GENERIC_SKILLS or _mentions(name, haystack):
                continue
            source = next((line for line in skill.source_lines if _mentions(name, line)), None)
            source = source or (f"{skill.name}: {', '.join(skill.keywords)}" if skill.keywords else skill.name)
            context_lines = [line for line in context.splitlines() if line.strip() and _mentions(name, line)]
            likelihood = 0.3 + (0.3 if context_lines else 0.0)
            findings.append(
                Finding(
                    id=f"skill-{slug(name)}",
                    kind="skill",
                    template="skill",
                    topic=name,
                    likelihood=likelihood,
                    evidence=(source, *context_lines[:2]),
                    fields={"skill": name},
                    subject=(name, *SKILL_ALIASES.get(name.lower(), ())),
                    generic=("skills", "skill", "used", "experience"),
                )
            )
    return findings


# -- education -------------------------------------------------------------------------------


def degree_findings(resume: Resume, today: date) -> list[Finding]:
    findings = []
    today_index = today.year * 12 + today.month - 1
    for edu in resume.education:
        name = edu.describe()
        future = edu.end is not None and edu.end.first_month() > today_index
        if edu.in_progress or future:
            expected = f" (expected {edu.end.label()})" if edu.end else ""
            findings.append(
                Finding(
                    id=f"degree-{slug(edu.institution or name)}",
                    kind="degree",
                    template="degree_in_progress",
                    topic=f"the {edu.study_type or 'degree'} in progress{expected}",
                    likelihood=0.45,
                    evidence=(edu.evidence(),),
                    fields={"degree": name, "institution": edu.institution or "school"},
                    subject=(edu.institution, edu.study_type, edu.area),
                    generic=("degree", "education", "finish", "studies", "progress"),
                )
            )
        elif edu.start is None and edu.end is None:
            findings.append(
                Finding(
                    id=f"degree-{slug(edu.institution or name)}",
                    kind="degree",
                    template="degree_no_dates",
                    topic=f"the dates of your {edu.study_type or 'degree'}",
                    likelihood=0.3,
                    evidence=(edu.evidence(),),
                    fields={"degree": name, "institution": edu.institution or "school"},
                    subject=(edu.institution, edu.study_type, edu.area),
                    generic=("degree", "education", "graduate", "dates"),
                )
            )
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
    ("concerns", "recap_concern", "recap_concern", "concern", 0.85, second_person, ("concern", "worry")),
    ("topics", "recap_topic", "recap_topic", "topic", 0.6, str.strip, ("mentioned", "interview")),
    ("asked", "recap_topic", "recap_asked", "asked", 0.55, second_person, ("asked", "interview")),
    ("said", "recap_topic", "recap_said", "said", 0.3, _mid_sentence, ("team", "role")),
)


def recap_findings(recap) -> list[Finding]:
    """Findings from prep.recap: the concerns, the topics, what was asked and said."""
    findings: list[Finding] = []
    for field_name, kind, template, label, likelihood, phrase_of, generic in _RECAP_NOTES:
        for note in getattr(recap, field_name):
            phrased = phrase_of(note)
            findings.append(
                Finding(
                    id=f"{label}-{slug(note, skip_small_words=True)}",
                    kind=kind,
                    template=template,
                    topic=f"the concern that {phrased}" if label == "concern" else phrased,
                    likelihood=likelihood,
                    evidence=(f"{label}: {note}",),
                    fields={label: phrased},
                    subject=(note,),
                    generic=generic,
                )
            )
    return _unique_ids(findings)


# -- helpers ---------------------------------------------------------------------------------


_SLUG_SKIP = {"i", "i'm", "m", "have", "has", "the", "a", "an", "to", "of", "in", "my", "we", "our",
              "is", "was", "how", "why", "what", "you", "your", "about", "and"}  # fmt: skip


def slug(text: str, words: int = 4, skip_small_words: bool = False) -> str:
    parts = re.findall(r"[a-z0-9]+", text.lower().replace("%", " pct").replace("'", ""))
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
