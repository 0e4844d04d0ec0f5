"""Clarifying questions: findings worded from templates, linked to prepared answers,
de-duplicated and ranked by how likely an interviewer is to ask them."""

from __future__ import annotations

import re
import string
import zlib
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from tui.resume.findings import Finding, recap_findings, resume_findings
from tui.resume.model import Resume, ResumeError

PREPARED_LIKELIHOOD = 0.5
MERGE_BONUS = 0.05  # each further finding about the same prepared answer
MIN_LINK_SCORE = 2.0
MAX_EVIDENCE = 6
SUBJECT_KINDS = ("skill", "recap_topic", "recap_concern")
MAX_PER_KIND = 40  # the most likely findings of each kind are worded; a 30,000-job resume stays quick


@dataclass(frozen=True)
class ClarifyingQuestion:
    id: str  # stable, e.g. "gap-2020-01"
    kind: str  # gap | short_tenure | overlap | short_streak | metric | skill | title_change |
    # seniority_jump | degree | recap_topic | recap_concern | prepared
    text: str  # what the interviewer says
    likelihood: float  # 0..1
    evidence: tuple[str, ...]  # resume lines / recap lines
    answer_id: str | None  # the linked prepared answer's id
    topic: str  # short label, e.g. "the 2020 gap", "Kubernetes"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "likelihood": self.likelihood,
            "evidence": list(self.evidence),
            "answer_id": self.answer_id,
            "topic": self.topic,
        }


@dataclass
class QuestionReport:
    questions: list[ClarifyingQuestion]
    warnings: list[str] = field(default_factory=list)  # e.g. the resume could not be read


def clarifying_questions(
    prep,
    resume: Resume | None = None,
    seed: int = 0,
    today: date | None = None,
    limit: int | None = None,
) -> list[ClarifyingQuestion]:
    """The questions an interviewer is likely to ask, most likely first."""
    return question_report(prep, resume, seed, today, limit).questions


def question_report(
    prep,
    resume: Resume | None = None,
    seed: int = 0,
    today: date | None = None,
    limit: int | None = None,
) -> QuestionReport:
    """Like clarifying_questions, also saying why resume findings are missing (if they are)."""
    warnings: list[str] = []
    if resume is None and getattr(prep, "resume", None) is not None:
        from tui.resume.load import load_resume

        try:
            resume = load_resume(prep.resume, today)
        except ResumeError as exc:
            warnings.append(f"resume skipped: {exc}")
        else:
            warnings += [f"resume: {warning}" for warning in resume.warnings]
    findings: list[Finding] = []
    if resume is not None:
        findings += resume_findings(resume, today, context=_context(prep))
    findings += recap_findings(prep.recap)
    questions = _build(_most_likely(findings), list(prep.answers), seed)
    return QuestionReport(questions[:limit] if limit is not None else questions, warnings)


def readiness_gaps(questions: list[ClarifyingQuestion], threshold: float = 0.5) -> list[str]:
    """Likely questions with no prepared answer: "You have no notes for: the 2020 gap"."""
    return [
        f"You have no notes for: {q.topic}"
        for q in questions
        if q.answer_id is None and q.kind != "prepared" and q.likelihood >= threshold
    ]


# -- building --------------------------------------------------------------------------------


def _context(prep) -> str:
    """What the interviewer cares about: the position, company facts and the recap."""
    recap = prep.recap
    lines = [prep.application.position, *prep.company_facts]
    lines += [*recap.said, *recap.asked, *recap.stressed, *recap.concerns, *recap.topics]
    return "\n".join(lines)


def _most_likely(findings: list[Finding]) -> list[Finding]:
    """At most MAX_PER_KIND findings of each kind, the most likely, in their first order."""
    by_kind: dict[str, list[tuple[int, Finding]]] = {}
    for index, finding in enumerate(findings):
        by_kind.setdefault(finding.kind, []).append((index, finding))
    kept = []
    for group in by_kind.values():
        kept += sorted(group, key=lambda pair: (-pair[1].likelihood, pair[0]))[:MAX_PER_KIND]
    return [finding for _, finding in sorted(kept, key=lambda pair: pair[0])]


def _build(findings: list[Finding], answers: list, seed: int) -> list[ClarifyingQuestion]:
    answer_words = [_AnswerWords.of(answer) for answer in answers]
    by_answer: dict[str, list[Finding]] = {}
    unlinked: list[Finding] = []
    for finding in findings:
        answer_id = _best_answer(finding, answer_words)
        if answer_id is None:
            unlinked.append(finding)
        else:
            by_answer.setdefault(answer_id, []).append(finding)
    questions: list[ClarifyingQuestion] = []
    # A finding linked to a prepared answer absorbs it, and the other findings about it.
    for answer_id, group in by_answer.items():
        group.sort(key=lambda f: -f.likelihood)
        main = group[0]
        evidence = _unique(line for f in group for line in f.evidence)[:MAX_EVIDENCE]
        likelihood = min(0.97, main.likelihood + MERGE_BONUS * (len(group) - 1))
        questions.append(_question(main, seed, answer_id, evidence, likelihood))
    # Unlinked findings about the same topic ("Kafka" as a skill and as a topic) merge too.
    by_topic: dict[str, list[Finding]] = {}
    for finding in unlinked:
        by_topic.setdefault(finding.topic.casefold(), []).append(finding)
    for group in by_topic.values():
        group.sort(key=lambda f: -f.likelihood)
        evidence = _unique(line for f in group for line in f.evidence)[:MAX_EVIDENCE]
        questions.append(_question(group[0], seed, None, evidence, group[0].likelihood))
    for answer in answers:
        if answer.id not in by_answer:
            questions.append(
                ClarifyingQuestion(
                    id=f"prepared-{answer.id}",
                    kind="prepared",
                    text=answer.prompt,
                    likelihood=PREPARED_LIKELIHOOD,
                    evidence=(),
                    answer_id=answer.id,
                    topic=answer.prompt,
                )
            )
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    questions.sort(key=lambda q: (-q.likelihood, order.get(q.kind, 99), q.id))
    return questions


KIND_ORDER = (
    "recap_concern", "gap", "short_streak", "short_tenure", "recap_topic", "metric",
    "seniority_jump", "overlap", "prepared", "title_change", "skill", "degree",
)  # fmt: skip


def _question(finding: Finding, seed: int, answer_id: str | None, evidence: list[str], likelihood: float) -> ClarifyingQuestion:
    return ClarifyingQuestion(
        id=finding.id,
        kind=finding.kind,
        text=phrase(finding, seed),
        likelihood=round(likelihood, 3),
        evidence=tuple(evidence),
        answer_id=answer_id,
        topic=finding.topic,
    )


def _unique(lines) -> list[str]:
    """Lines without repeats; "concern: X" and "X" count as the same line."""
    seen: dict[str, str] = {}
    for line in lines:
        if line:
            key = re.sub(r"^(?:concern|topic|asked|said|interview): ", "", line).casefold()
            seen.setdefault(key, line)
    return list(seen.values())


# -- templates -------------------------------------------------------------------------------


@cache
def templates() -> dict[str, tuple[str, ...]]:
    from tui.assets import load_toml

    data = load_toml("questions", "templates.toml")
    return {group: tuple(entry["phrasings"]) for group, entry in data.items()}


def phrase(finding: Finding, seed: int = 0) -> str:
    """The finding's question in one of its template's phrasings, chosen by the seed; a
    phrasing that needs a field the finding left empty (no title to say) is not used."""
    phrasings = templates()[finding.template or finding.kind]
    usable = [p for p in phrasings if all(finding.fields.get(name) for name in _field_names(p))] or list(phrasings)
    index = zlib.crc32(f"{seed}:{finding.id}".encode()) % len(usable)
    return usable[index].format_map(finding.fields)


@cache
def _field_names(phrasing: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(phrasing) if name)


# -- linking to prepared answers -------------------------------------------------------------

_STOP = {
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from",
    "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "as", "i", "you",
    "your", "my", "me", "we", "our", "have", "has", "had", "not", "no", "do", "did", "what",
    "how", "why", "when", "where", "who", "can", "could", "would", "tell", "more", "about",
    "after", "before", "between", "there", "their", "them", "they", "so", "if", "but", "into",
    "any", "all", "some", "only", "just", "also", "than", "then", "very", "up", "out",
}  # fmt: skip
_TOKEN_RE = re.compile(r"[a-z0-9][a-z0-9+#]*")


@cache
def _stemmer():
    import Stemmer  # PyStemmer; small, but only needed when questions are built

    return Stemmer.Stemmer("english")


def words(text: str) -> set[str]:
    """Content words of a text, lower case and stemmed ("migrated" -> "migrat")."""
    tokens = [t for t in _TOKEN_RE.findall(text.lower()) if t not in _STOP]
    return set(_stemmer().stemWords(tokens))


@dataclass(frozen=True)
class _AnswerWords:
    id: str
    tags: frozenset[str]
    text: frozenset[str]

    @classmethod
    def of(cls, answer) -> _AnswerWords:
        tags = set().union(*(words(tag) for tag in answer.tags)) if answer.tags else set()
        text = words(answer.prompt + " " + " ".join(point.text for point in answer.points))
        return cls(answer.id, frozenset(tags), frozenset(text))


def _matches(word: str, pool: frozenset[str]) -> bool:
    if word in pool:
        return True
    if len(word) < 5:
        return False
    from rapidfuzz import fuzz, process

    return process.extractOne(word, pool, scorer=fuzz.ratio, score_cutoff=88) is not None


def link_score(finding: Finding, answer: _AnswerWords) -> tuple[float, float, bool]:
    """(score from the finding's specific words, score from its kind's words, whether a
    specific word matched a tag). A tag match counts 2, a prompt or key-point word 1."""
    subject = set().union(*(words(s) for s in finding.subject if s)) if finding.subject else set()
    generic = set().union(*(words(g) for g in finding.generic)) - subject if finding.generic else set()
    specific, tagged = 0.0, False
    for word in subject:
        if _matches(word, answer.tags):
            specific, tagged = specific + 2.0, True
        elif _matches(word, answer.text):
            specific += 1.0
    kind = sum(1.0 for w in generic if _matches(w, answer.tags) or _matches(w, answer.text))
    return specific, kind, tagged


def _best_answer(finding: Finding, answers: list[_AnswerWords]) -> str | None:
    best_id, best = None, 0.0
    for answer in answers:
        specific, kind, tagged = link_score(finding, answer)
        # The specific words must carry the link ("skills" alone would link every skill):
        # three words of the prompt and key points, or a tag. A tag alone ("dataworks") must
        # also fit the kind of question (a gap is not "why did you leave DataWorks"), except
        # for a skill or a recap topic, where the tag is the whole subject.
        if specific >= MIN_LINK_SCORE + 1:
            pass
        elif not (tagged and specific >= MIN_LINK_SCORE and (kind >= 1 or finding.kind in SUBJECT_KINDS)):
            continue
        if specific + kind > best:
            best_id, best = answer.id, specific + kind
    return best_id
