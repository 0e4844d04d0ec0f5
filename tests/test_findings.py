"""Findings -> clarifying questions: ranking, linking to prepared answers, templates."""

from __future__ import annotations

import string
from datetime import date
from pathlib import Path

import pytest

from tui.prep import load_prep, parse_prep
from tui.resume.findings import (
    Finding,
    duration_words,
    find_claims,
    gap_findings,
    recap_findings,
    second_person,
    seniority,
    tenure_findings,
    title_findings,
)
from tui.resume.model import Job, PartialDate, Resume, Skill
from tui.resume.questions import clarifying_questions, phrase, question_report, readiness_gaps, templates

TODAY = date(2026, 11, 20)
ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PREP = ROOT / "assets" / "samples" / "sample_prep.toml"


def job(employer: str, position: str, start: str | None, end: str | None) -> Job:
    def pd(text: str) -> PartialDate:
        year, _, month = text.partition("-")
        return PartialDate(int(year), int(month) if month else None)

    return Job(employer, position, pd(start) if start else None, pd(end) if end else None)


# -- sample prep ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_questions():
    return clarifying_questions(load_prep(SAMPLE_PREP), today=TODAY)


def test_sample_prep_questions_link_prepared_answers(sample_questions) -> None:
    by_answer = {q.answer_id: q for q in sample_questions if q.answer_id}
    assert by_answer["gap"].id == "gap-2020-01" and by_answer["gap"].topic == "the 2020 gap"
    assert by_answer["short_job"].kind == "short_tenure"
    assert by_answer["kafka"].kind == "recap_concern"
    assert by_answer["kubernetes"].topic == "Kubernetes"
    assert by_answer["migration"].kind in ("recap_topic", "metric")
    # every prepared answer is absorbed by a finding: no duplicate "prepared" question
    assert not [q for q in sample_questions if q.kind == "prepared"]
    assert len({q.answer_id for q in sample_questions if q.answer_id}) == 5


def test_sample_prep_ranking(sample_questions) -> None:
    likelihoods = [q.likelihood for q in sample_questions]
    assert likelihoods == sorted(likelihoods, reverse=True)
    assert sample_questions[0].kind == "recap_concern"  # stated concerns come up first
    assert all(0.0 <= q.likelihood <= 1.0 for q in sample_questions)
    ids = [q.id for q in sample_questions]
    assert len(ids) == len(set(ids))
    assert ids.index("gap-2020-01") < ids.index("title-acme-corp-2016-03") < ids.index("skill-rust")


def test_sample_prep_evidence(sample_questions) -> None:
    gap = next(q for q in sample_questions if q.id == "gap-2020-01")
    assert gap.evidence == (
        "Backend Engineer, Acme Corp (Mar 2016 – Dec 2019)",
        "Data Engineer, DataWorks (Jan 2021 – Aug 2021)",
    )
    migration = next(q for q in sample_questions if q.answer_id == "migration")
    assert "Led migration of the billing system to AWS, reducing infrastructure costs by 30%" in migration.evidence
    kafka = next(q for q in sample_questions if q.answer_id == "kafka")
    assert "concern: I have not used Kafka in production" in kafka.evidence
    assert "Messaging: RabbitMQ, Kafka" in kafka.evidence  # the unused skill merged in
    assert "you have not used Kafka in production" in kafka.text


def test_readiness_gaps(sample_questions) -> None:
    gaps = readiness_gaps(sample_questions)
    assert "You have no notes for: on-call practices" in gaps
    assert any("6 hours to 40 minutes" in g for g in gaps)
    assert not any("2020 gap" in g for g in gaps)  # the gap has notes
    assert readiness_gaps(sample_questions, threshold=0.99) == []
    lower = readiness_gaps(sample_questions, threshold=0.3)
    assert "You have no notes for: Terraform" in lower


def test_an_unprepared_gap_is_reported(tmp_path: Path) -> None:
    text = SAMPLE_PREP.read_text(encoding="utf-8")
    start = text.index("[[answers]]\nid = \"gap\"")
    end = text.index("[[answers]]", start + 5)
    prep = parse_prep(text[:start] + text[end:], base_dir=SAMPLE_PREP.parent)
    questions = clarifying_questions(prep, today=TODAY)
    gap = next(q for q in questions if q.id == "gap-2020-01")
    assert gap.answer_id is None
    assert "You have no notes for: the 2020 gap" in readiness_gaps(questions)


def test_seed_picks_phrasings_deterministically() -> None:
    prep = load_prep(SAMPLE_PREP)
    first = clarifying_questions(prep, seed=1, today=TODAY)
    again = clarifying_questions(prep, seed=1, today=TODAY)
    assert first == again
    texts = {tuple(q.text for q in clarifying_questions(prep, seed=s, today=TODAY)) for s in range(6)}
    assert len(texts) > 1
    assert [q.id for q in clarifying_questions(prep, seed=5, today=TODAY)] == [q.id for q in first]


def test_limit_and_explicit_resume() -> None:
    prep = load_prep(SAMPLE_PREP)
    assert len(clarifying_questions(prep, today=TODAY, limit=3)) == 3
    empty = Resume()
    questions = clarifying_questions(prep, resume=empty, today=TODAY)
    assert not [q for q in questions if q.kind in ("gap", "skill", "metric")]
    assert {q.kind for q in questions} >= {"recap_concern", "recap_topic"}


def test_unreadable_resume_is_skipped_with_a_warning(tmp_path: Path) -> None:
    text = SAMPLE_PREP.read_text(encoding="utf-8").replace('resume = "sample_resume.json"', 'resume = "missing.pdf"')
    prep = parse_prep(text, base_dir=tmp_path)
    report = question_report(prep, today=TODAY)
    assert report.warnings and "no such file" in report.warnings[0]
    assert report.questions and all(q.kind in ("recap_concern", "recap_topic", "prepared") for q in report.questions)
    # prepared answers not linked to any finding are still asked
    assert "prepared-gap" in {q.id for q in report.questions}


# -- detectors -----------------------------------------------------------------------------


def test_longer_gap_is_more_likely() -> None:
    jobs = [
        job("A", "Engineer", "2010-01", "2011-12"),
        job("B", "Engineer", "2012-05", "2013-12"),  # 4-month gap
        job("C", "Engineer", "2015-01", "2016-12"),  # 12-month gap
        job("D", "Engineer", "2017-02", None),  # 1-month gap: none
    ]
    gaps = {f.id: f for f in gap_findings(jobs, TODAY)}
    assert set(gaps) == {"gap-2012-01", "gap-2014-01"}
    assert gaps["gap-2014-01"].likelihood > gaps["gap-2012-01"].likelihood
    assert gaps["gap-2014-01"].topic == "the 2014 gap"


def test_overlapping_jobs_hide_no_gap_and_gap_since_last_job() -> None:
    jobs = [job("A", "Engineer", "2010-01", "2018-12"), job("B", "Consultant", "2012-01", "2013-01"),
            job("C", "Engineer", "2019-01", "2025-06")]  # fmt: skip
    findings = gap_findings(jobs, TODAY)
    assert [f.id for f in findings] == ["gap-since-2025-06"]
    assert findings[0].fields["left"] == "Jun 2025"


def test_short_tenure_and_streak() -> None:
    jobs = [job("A", "Dev", "2015-01", "2015-06"), job("B", "Dev", "2015-07", "2016-03"),
            job("C", "Dev", "2016-04", "2017-01"), job("D", "Dev", "2017-02", None)]  # fmt: skip
    findings = tenure_findings(jobs, TODAY)
    kinds = [f.kind for f in findings]
    assert kinds.count("short_tenure") == 3 and kinds.count("short_streak") == 1
    streak = next(f for f in findings if f.kind == "short_streak")
    assert streak.fields["employers"] == "A, B and C"
    short_a = next(f for f in findings if f.id == "short-a-2015-01")
    assert short_a.fields["tenure"] == "5 months"  # Jan to Jun, counted as the resume benchmark counts


def test_claims() -> None:
    assert find_claims("Increased revenue by 40% in a year") == [("percent", "40%")]
    assert [k for k, _ in find_claims("Managed a $2M budget and a team of 12")] == ["money", "team"]
    assert find_claims("Made the build 3x faster") == [("multiple", "3x")]
    assert find_claims("Worked on Windows 2000 - 2003 in 2019") == []
    # People one teaches are a count, not a team that reported to you.
    assert find_claims("Tutored 30 students in algebra") == [("count", "30 students")]
    assert find_claims("Coordinated 12 volunteers") == [("team", "12 volunteers")]


def test_seniority_levels() -> None:
    assert seniority("Software Engineering Intern") < seniority("Junior Developer") < seniority("Developer")
    assert seniority("Developer") < seniority("Senior Developer") < seniority("Director of Engineering")
    assert seniority("VP Engineering") < seniority("CTO")


def test_second_person() -> None:
    assert second_person("I have not used Kafka in production") == "you have not used Kafka in production"
    assert second_person("Why I left DataWorks after eight months") == "why you left DataWorks after eight months"
    assert second_person("My team's on-call load") == "your team's on-call load"


def test_recap_findings_kinds() -> None:
    from tui.prep.model import Recap

    findings = recap_findings(Recap(topics=("GraphQL",), concerns=("I'm new to fintech",), asked=("How I test",)))
    assert {(f.kind, f.template) for f in findings} == {
        ("recap_topic", "recap_topic"), ("recap_concern", "recap_concern"), ("recap_topic", "recap_asked"),
    }  # fmt: skip
    concern = next(f for f in findings if f.kind == "recap_concern")
    assert concern.fields["concern"] == "you're new to fintech"


def test_skill_used_by_alias_is_not_a_finding() -> None:
    resume = Resume(
        work=[Job("Acme", "Engineer", PartialDate(2019, 1), None, highlights=["Ran services on k8s in Golang"])],
        skills=[Skill("Tools", keywords=["Kubernetes", "Go", "Rust"])],
    )
    from tui.resume.findings import skill_findings

    assert [f.topic for f in skill_findings(resume)] == ["Rust"]
    # "go" as an English word is not the Go language
    resume.work[0].highlights = ["Helped the team go live"]
    assert "Go" in [f.topic for f in skill_findings(resume)]


def test_duration_words() -> None:
    assert duration_words(8) == "8 months"
    assert duration_words(12) == "a year"
    assert duration_words(18) == "about a year and a half"
    assert duration_words(25) == "over 2 years"
    assert duration_words(31) == "about 2 and a half years"  # May 2024 to Dec 2026 is not "about 3 years"
    assert duration_words(34) == "about 3 years"


# -- templates -----------------------------------------------------------------------------

TEMPLATE_FIELDS = {
    "gap": {"gap_from", "gap_to", "gap_period", "gap_length", "before", "after"},
    "gap_since": {"employer", "left", "gap_length"},
    "short_tenure": {"employer", "position", "a_position", "tenure"},
    "short_internship": {"employer", "position", "a_position", "tenure"},
    "short_temporary": {"employer", "position", "a_position", "tenure"},
    "short_streak": {"employers", "count"},
    "overlap": {"first", "second", "overlap", "host_dates", "host_position"},
    "overlap_roles": {"employer", "first_role", "second_role", "a_first_role", "a_second_role", "overlap", "first", "second"},
    "metric": {"statement", "claim", "where", "employer"},
    "metric_team": {"statement", "claim", "where", "employer"},
    "metric_money": {"statement", "claim", "where", "employer"},
    "metric_change": {"statement", "claim", "where", "employer"},
    "skill": {"skill"},
    "title_change": {"employer", "old_title", "new_title", "a_new_title", "titles", "count"},
    "seniority_jump": {"employer", "old_title", "new_title", "a_new_title", "titles", "count"},
    "title_pair": {"employer", "old_title", "new_title", "a_old_title", "a_new_title", "titles", "count"},
    "sub_roles": {"employer", "roles", "count", "old_title", "new_title", "titles"},
    "degree_in_progress": {"degree", "institution"},
    "degree_no_dates": {"degree", "institution"},
    "recap_topic": {"topic"},
    "recap_asked": {"asked"},
    "recap_said": {"said"},
    "recap_concern": {"concern"},
}


def test_templates_have_several_phrasings_and_known_fields() -> None:
    groups = templates()
    assert set(groups) == set(TEMPLATE_FIELDS)
    for group, phrasings in groups.items():
        assert len(phrasings) >= 3, group
        for text in phrasings:
            used = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            assert used <= TEMPLATE_FIELDS[group], (group, used - TEMPLATE_FIELDS[group])
            assert text.rstrip().endswith("?"), text


def test_titles_are_said_with_an_article_and_employment_types_are_not_titles() -> None:
    from tui.resume.findings import said_title, with_article

    assert [with_article(t) for t in ("Intern", "Freelancer", "Senior Engineer", "SRE", "QA Analyst", "University Liaison")] == [
        "an Intern", "a Freelancer", "a Senior Engineer", "an SRE", "a QA Analyst", "a University Liaison"]
    assert [with_article(t) for t in ("Director of Sales", "CTO", "Head of Data", "Co-founder")] == [
        "Director of Sales", "CTO", "Head of Data", "Co-founder"]
    assert [with_article(t) for t in ("Honorary Fellow", "Hourly Associate", "House Manager", "Hospital Porter")] == [
        "an Honorary Fellow", "an Hourly Associate", "a House Manager", "a Hospital Porter"]
    assert [said_title(t) for t in ("Part-time", "Full-time co-op positions", "Stage", "Summer internship")] == ["", "", "", ""]
    assert said_title("Stage Développeur mobile") == "Stage Développeur mobile"
    # A short stay with no title to say is asked without one, in every phrasing.
    part_time = job("Hill Academy", "Part-time", "2009-06", "2009-08")
    [short] = [f for f in tenure_findings([part_time], TODAY) if f.kind == "short_tenure"]
    texts = {phrase(short, seed) for seed in range(12)}
    assert len(texts) == 2 and all("Part-time" not in t and " as " not in t and "leave" not in t for t in texts), texts
    contract = job("Daily Paper", "Contract Designer", "2013-12", "2014-11")
    [short] = [f for f in tenure_findings([contract], TODAY) if f.kind == "short_tenure"]
    # Work that ends by design is asked about what was done, never why one left.
    assert short.template == "short_temporary"
    assert any("as a Contract Designer. What did you do there?" in phrase(short, seed) for seed in range(12))
    assert not any("leave" in phrase(short, seed) for seed in range(12))
    staff = job("Daily Paper", "Designer", "2013-12", "2014-11")
    [short] = [f for f in tenure_findings([staff], TODAY) if f.kind == "short_tenure"]
    assert any("as a Designer lasted 11 months" in phrase(short, seed) for seed in range(12))


def test_no_phrasing_adds_about_or_over_before_a_length() -> None:
    # Lengths already say "about 3 years" / "over 2 years": "about about 3 years ago" is a slip.
    for group, phrasings in templates().items():
        for text in phrasings:
            assert not any(f"{word} {{{name}}}" in text for word in ("about", "over", "around")
                           for name in ("gap_length", "overlap", "tenure")), (group, text)


def test_phrase_uses_the_seed() -> None:
    finding = Finding(id="skill-rust", kind="skill", topic="Rust", likelihood=0.3, evidence=(), template="skill",
                      fields={"skill": "Rust"})  # fmt: skip
    texts = {phrase(finding, seed) for seed in range(20)}
    assert len(texts) == 3 and all("Rust" in t for t in texts)


# -- the resume benchmark's conventions ----------------------------------------------------


def ids_of(findings, kind: str) -> list[str]:
    return [f.id for f in findings if f.kind == kind]


def test_gap_is_more_than_three_months_that_no_job_covers() -> None:
    jobs = [job("A", "Dev", "2010-01", "2010-12"), job("B", "Dev", "2011-03", "2011-12"),  # Dec to Mar, 3: no
            job("C", "Dev", "2012-04", "2012-12"),  # Dec to Apr, 4 months: a gap
            job("Long", "Dev", "2013-01", "2016-12"), job("D", "Dev", "2014-01", "2014-03"),  # covered by Long
            job("E", "Dev", "2017-01", None)]  # fmt: skip
    assert ids_of(gap_findings(jobs, TODAY), "gap") == ["gap-2012-01"]


def test_short_tenure_merges_back_to_back_roles_and_skips_ongoing_and_vague() -> None:
    jobs = [
        job("Acme Inc.", "Engineer", "2015-01", "2015-07"), job("Acme", "Senior Engineer", "2015-08", "2016-03"),  # one 14-month stint
        job("Beta", "Intern", "2016-06", "2016-08"),  # 2 months
        job("Gamma", "Dev", "2017-01", "2017-12"), job("Gamma", "Dev", "2018-05", "2018-09"),  # two stints: 11 and 4
        job("Delta", "Dev", "2019", "2019"),  # year-only: too vague
        job("Norfolk", "Co-op", "2012-09", "2013-08"),  # 11 months
        job("Epsilon", "Dev", "2020-01", "2021-01"),  # 12 months: not short
        job("Zeta", "Dev", "2026-06", None),  # ongoing: never
    ]
    found = {f.id: f for f in tenure_findings(jobs, TODAY) if f.kind == "short_tenure"}
    assert set(found) == {"short-beta-2016-06", "short-gamma-2017-01", "short-gamma-2018-05", "short-norfolk-2012-09"}
    assert found["short-beta-2016-06"].fields["tenure"] == "2 months"
    assert found["short-norfolk-2012-09"].fields["tenure"] == "11 months"


def test_a_season_is_a_short_stint() -> None:
    from tui.resume.dates import find_range

    found = find_range("Counselor, Summer 2009", TODAY, single=True)
    stint = Job("Camp", "Counselor", found.start, found.end)
    assert [f.fields["tenure"] for f in tenure_findings([stint], TODAY)] == ["2 months"]


def test_end_before_start_raises_no_date_findings() -> None:
    jobs = [job("Wakam", "Coach", "2025-05", "2024-10"), job("Acme", "Dev", "2019-01", "2024-09")]
    assert not [f for f in resume_findings_of(jobs) if f.kind in ("short_tenure", "overlap") or f.template == "gap"]


def resume_findings_of(jobs, today=TODAY):
    from tui.resume.findings import resume_findings

    return resume_findings(Resume(work=jobs), today)


def test_overlap_of_two_months_or_more_between_employers() -> None:
    jobs = [job("A", "Dev", "2010-01", "2012-06"), job("B", "Dev", "2012-06", "2014-01"),  # one shared month: no
            job("C", "Dev", "2013-11", "2014-01"),  # two months with B
            job("B", "Lead", "2013-06", "2016-01")]  # the same employer as B: never
    findings = [f for f in resume_findings_of(jobs) if f.kind == "overlap"]
    assert [(f.fields["first"], f.fields["second"]) for f in findings] == [("B", "C")]
    assert findings[0].fields["overlap"] == "2 months"


def test_one_overlap_per_job_that_runs_alongside_others() -> None:
    jobs = [job("Freelance", "Trainer", "2022-06", None), job("PlayCo", "Coach", "2022-08", "2023-03"),
            job("Dax", "Coach", "2023-04", "2023-09"), job("West", "Coach", "2023-05", "2024-10")]  # fmt: skip
    found = {f.fields["first"]: f for f in resume_findings_of(jobs) if f.kind == "overlap"}
    assert set(found) == {"Freelance", "West"}
    assert found["Freelance"].fields["second"] == "PlayCo, Dax and West"
    assert found["Freelance"].fields["host_dates"] == "since Jun 2022"
    assert found["West"].fields["second"] == "Dax"


def test_year_only_overlap_counts_only_what_is_sure() -> None:
    jobs = [job("Own", "Director", "2006", None), job("Energo", "Editor", "2005", "2015-02"),
            job("Club", "Helper", "2010", "2011"), job("Shop", "Clerk", "2011", "2012")]  # 2011 shared: not sure
    pairs = {(f.fields["first"], f.fields["second"]) for f in resume_findings_of(jobs) if f.kind == "overlap"}
    assert ("Own", "Energo") in pairs or ("Energo", "Own") in pairs or any("Energo" in p for p in pairs)
    assert not any("Shop" in a and "Club" in b or "Club" in a and "Shop" in b for a, b in pairs)


def test_title_changes_at_one_employer_including_sub_roles() -> None:
    jobs = [job("LogRocket", "Director of Research Engineering", "2024-07", None),
            job("LogRocket", "Engineering Manager", "2021-01", "2024-07"),
            job("LogRocket", "Software Engineer", "2017-08", "2021-01"),
            job("edX", "Software Engineer", "2014-07", "2017-07"), job("The Economist", "Freelancer", "2013-12", "2014-11"),
            job("edX", "Intern", "2013-05", "2014-06"),
            job("Jet.com, Inc.", "Tech Lead", None, None), job("Jet.com", "Software Engineer", None, None)]  # fmt: skip
    found = {f.fields["employer"]: f for f in title_findings(jobs)}
    assert set(found) == {"LogRocket", "edX", "Jet.com"}  # as said: no ", Inc."
    assert found["LogRocket"].fields["old_title"] == "Software Engineer"
    assert found["LogRocket"].fields["new_title"] == "Director of Research Engineering"
    assert found["LogRocket"].template == "seniority_jump" and found["LogRocket"].kind == "title_change"
    assert found["edX"].fields["titles"] == "Intern → Software Engineer"
    # Sub-roles without dates keep the document's order (newest first).
    assert found["Jet.com"].fields["titles"] == "Software Engineer → Tech Lead"
    # No step up between two employers ("Intern at edX" to "Freelancer at The Economist").
    assert not [f for f in resume_findings_of(jobs) if "Economist" in f.fields.get("employer", "") and f.kind == "title_change"]


def test_a_return_after_working_elsewhere_is_not_a_title_change() -> None:
    # A shape: the same university twice, another employer wholly between the two stays.
    jobs = [job("Northfield University", "Linux Administrator", "2013-04", "2014-11"),
            job("Acme Corp", "Systems Administrator", "2011-06", "2013-04"),
            job("Northfield University", "Systems Administrator", "2009-09", "2011-06")]
    assert title_findings(jobs, TODAY) == []
    # Back at one employer after a break with no job between: the new title is a change.
    back = [job("Rotor", "Lead Engineer", "2015-05", "2015-08"), job("Rotor", "Engineer", "2014-05", "2014-12"),
            job("Notes", "Developer", "2014-01", "2014-06")]
    assert [f.fields["titles"] for f in title_findings(back, TODAY)] == ["Engineer → Lead Engineer"]


def test_parallel_roles_at_one_employer_are_not_a_title_change() -> None:
    # Academic CVs list part-time roles side by side (year-only): the overlap question asks.
    jobs = [job("Dept of Zoology, Otago University", "Statistics Advisor", "2011", "2014"),
            job("Dept of Zoology, Otago University", "Field Assistant", "2011", "2012"),
            job("Dept of Zoology, Otago University", "Demonstrator", "2010", "2012"),
            job("Dept of Zoology, Otago University", "Proof Reader", "2010", "2010")]
    assert title_findings(jobs, TODAY) == []
    assert any(f.template == "overlap_roles" for f in resume_findings_of(jobs))
    # Titles that follow one another (sharing a boundary year) are still a change.
    sydney = [job("Sydney University", "Fellow", "2018", None), job("Sydney University", "Research Fellow", "2015", "2018"),
              job("Sydney University", "Research Associate", "2014", "2015")]
    assert [f.fields["count"] for f in title_findings(sydney, TODAY)] == ["3"]


def test_two_titles_of_one_trade_in_one_position() -> None:
    jobs = [job("HomeCo", "Senior JavaScript Developer, Senior UI Developer", "2013-03", None),
            job("Own", "Owner, Programmer", "2008-04", None), job("Okay", "Team lead & scrum master, Integrator", "2018-10", None)]
    found = title_findings(jobs)
    assert [(f.template, f.fields["old_title"], f.fields["new_title"]) for f in found] == [
        ("title_pair", "Senior JavaScript Developer", "Senior UI Developer")]


def test_findings_scale_with_many_jobs() -> None:
    # n log n: 30,000 jobs (many at once, many at one employer) finish at once; the
    # benchmark (scripts/bench_findings.py) measures how fast.
    jobs = [job(f"E{i % 500}", f"T{i % 7}", f"{1950 + i // 400}-{i % 12 + 1:02d}", f"{1951 + i // 400}-{i % 12 + 1:02d}")
            for i in range(30_000)]
    findings = resume_findings_of(jobs)
    assert sum(1 for f in findings if f.kind == "overlap") <= 30_000
    assert any(f.kind == "title_change" for f in findings)


# -- questions read as an interviewer would say them ---------------------------------------


def all_phrasings(resume: Resume, today=TODAY) -> dict[str, list[str]]:
    """Every phrasing of every resume question, by finding id (the seed picks one)."""
    from tui.resume.findings import resume_findings

    found = {}
    for finding in resume_findings(resume, today):
        found[finding.id] = [text.format_map(finding.fields) for text in templates()[finding.template]]
    return found


def career() -> Resume:
    """A career with sub-roles at one employer, a freelance stint alongside an internship,
    a long-named lab, and a claim inside a paragraph."""
    work = [
        job("LogRocket", "Director of Research Engineering", "2024-07", None),
        job("LogRocket", "Senior Engineering Manager", "2021-09", "2024-07"),
        job("LogRocket", "Engineering Manager", "2021-01", "2021-09"),
        job("LogRocket", "Software Engineer", "2017-08", "2021-01"),
        job("edX", "Senior Software Engineer", "2017-07", "2017-08"),
        job("edX", "Software Engineer", "2014-07", "2017-07"),
        job("The Economist", "Freelancer", "2013-12", "2014-11"),
        job("edX", "Intern", "2013-05", "2014-06"),
        job("LAB - Laboratory of Observation of Usages", "Intern", "2011-06", "2011-08"),
    ]
    work[3].summary = ("Joined as the second engineer. Built the session replay pipeline. "
                       "Cut ingestion costs by 40% by moving storage to columnar files. Mentored new hires.")
    return Resume(work=work)


def test_questions_name_the_right_employer_and_title() -> None:
    questions = all_phrasings(career())
    texts = [t for group in questions.values() for t in group]
    # Back-to-back roles at LogRocket are one stay: no "short" question about a LogRocket role.
    assert not [t for t in texts if "LogRocket" in t and ("leave" in t or "lasted" in t or "only" in t)]
    # The Economist stint was short, and it is named, not a title.
    assert any("The Economist" in t and "11 months" in t for t in questions["short-the-economist-2013-12"])
    # No step up between two employers: the only title questions are about LogRocket and edX.
    titles = {f: q for f, q in questions.items() if f.startswith("title-")}
    assert {f.split("-")[1] for f in titles} == {"logrocket", "edx"}
    assert all("Economist" not in t for q in titles.values() for t in q)
    assert "At LogRocket you moved from Software Engineer to Director of Research Engineering." in titles["title-logrocket-2021-01"][0]


def test_overlaps_name_employers_not_titles() -> None:
    questions = all_phrasings(career())
    overlap = next(q for f, q in questions.items() if f.startswith("overlap-"))
    assert any("edX" in t and "The Economist" in t for t in overlap)
    assert not any("Freelancer" in t or "Intern" in t for t in overlap)
    assert not any("about about" in t or "about over" in t for t in overlap)


def test_internships_are_asked_about_what_was_learned_not_why_one_left() -> None:
    questions = all_phrasings(career())
    lab = questions["short-lab-laboratory-of-observation-2011-06"]
    assert all("leave" not in t for t in lab)
    assert any(t.startswith("Your internship at LAB lasted 2 months.") for t in lab)  # the short name


def test_a_claim_is_quoted_by_its_sentence_only() -> None:
    from tui.resume.findings import resume_findings

    [metric] = [f for f in resume_findings(career(), TODAY) if f.kind == "metric"]
    assert metric.fields["statement"] == "Cut ingestion costs by 40% by moving storage to columnar files"
    assert metric.evidence == ("Cut ingestion costs by 40% by moving storage to columnar files.",)
    assert all("second engineer" not in phrase(metric, seed) for seed in range(6))


def test_a_long_clause_is_quoted_by_the_phrase_with_the_claim() -> None:
    from tui.resume.findings import _claim_clause, claim_sentence

    def quote(line: str) -> str:
        claim = find_claims(line)[0][1]
        return _claim_clause(claim_sentence(line, claim), claim)

    # The claim at the far end of a long clause: the phrase that holds it, not "…the…".
    assert quote("Pushed hard for search. Our new ranking suite became the most requested feature release in the "
                 "history of the product with over 700 customers on the waiting list.") == "over 700 customers on the waiting list"
    # The claim early in a long clause: the clause's opening, cut where a phrase starts.
    assert quote("Trimmed the yearly hosting budget by 30% following the merger of the two regional data centres into "
                 "one shared site in the north.") == "Trimmed the yearly hosting budget by 30% following the merger"
    assert quote("Rebuilt the billing pipelines around a shared queue, moved the ledger to a managed database, "
                 "and achieved 8x faster invoice runs on the new queue.") == "achieved 8x faster invoice runs on the new queue"
    # A dash typed as "--" ends a clause like "—".
    assert quote("Led the platform group of the lab, a team of ~11 -- running planning, reviews, hiring and the "
                 "weekly demos for both offices.") == "a team of ~11"
    # A range is part of the claim ("team of 8" would misquote "team of 8-10").
    assert find_claims("Led and grew a support team of 8-10 people.") == [("team", "team of 8-10 people")]
    assert find_claims("Coached a team of around 6 analysts.") == [("team", "team of around 6 analysts")]
    assert find_claims("Asked to lead a team of 3 software engineers.") == [("team", "team of 3 software engineers")]
    assert find_claims("Led a team of 5 and shipped the app.") == [("team", "team of 5")]


def test_spoken_names() -> None:
    from tui.resume.findings import spoken_name

    assert spoken_name("LOUSTIC - Laboratoire d'Observation des USages des TIC") == "LOUSTIC"
    assert spoken_name("X, the moonshot factory (Chorus)") == "X, the moonshot factory"
    assert spoken_name("Self-employed (training.example.com)") == "training.example.com"
    assert spoken_name("Jet.com, Inc.") == "Jet.com"
    assert spoken_name("Lockheed Martin: Space Systems") == "Lockheed Martin"
    assert spoken_name("(Chorus)") == "(Chorus)"
    # "University of ..." is said with "the"; its unit in brackets is not said.
    assert spoken_name("Hill University of Art") == "Hill University of Art"
    assert spoken_name("University of Lakeside (School of Biology)") == "the University of Lakeside"
    assert spoken_name("Department of Botany, University of Lakeside") == "the University of Lakeside"


def test_undated_sub_roles_are_listed_by_title_without_their_teams() -> None:
    entry = job("Juniper, Inc.", "Principal Engineer", "2015-09", "2019-10")
    entry.roles = ["Software Engineer, DevOps", "Tech Lead, Platform Squad", "Go Club Organizer"]
    [change] = title_findings([entry], TODAY)
    assert change.template == "sub_roles"
    assert change.fields["roles"] == "Software Engineer, Tech Lead and Go Club Organizer"


def test_sub_roles_and_formerly_are_title_changes() -> None:
    cools = job("The Cools, Inc.", "Software Engineer", "2012-01", "2014-11")
    cools.roles = ["DevOps Engineer", "Backend Software Engineer"]
    same = job("Skubana", "DevOps Engineer", "2014-12", "2015-09")
    same.roles = ["DevOps Engineer"]  # one sub-role that repeats the heading: no change
    formerly = job("Qualitance", "Software Engineer (formerly Junior C++ Developer)", "2016-05", None)
    found = {f.fields["employer"]: f.fields["titles"] for f in title_findings([cools, same, formerly])}
    assert found == {"The Cools": "DevOps Engineer → Backend Software Engineer",
                     "Qualitance": "Junior C++ Developer → Software Engineer"}


def test_parallel_roles_at_one_employer_but_not_a_loose_promotion() -> None:
    jobs = [job("Department of Zoology, University of Otago", "Statistics Advisor", "2011", "2014"),
            job("Department of Zoology, University of Otago", "Demonstrator for 4 undergraduate courses", "2010", "2012"),
            job("Department of Zoology, University of Otago", "Field Assistant", "2011", "2012"),  # held by both
            job("Evaneos", "Tech Lead", "2016-10", "2019-05"), job("Evaneos", "Developer", "2016-10", "2018-03")]
    found = [f for f in resume_findings_of(jobs) if f.kind == "overlap"]
    assert [(f.template, f.fields["first_role"], f.fields["second_role"]) for f in found] == [
        ("overlap_roles", "Demonstrator", "Statistics Advisor")]  # as said: the title, not its scope


def test_a_gap_between_two_stints_at_one_employer() -> None:
    jobs = [job("TechJect", "Engineer", "2014-05", "2014-12"), job("TechJect", "Lead Engineer", "2015-05", "2015-08")]
    [gap] = [f for f in gap_findings(jobs, TODAY) if f.template == "gap"]
    assert (gap.fields["before"], gap.fields["after"]) == ("your first stint at TechJect", "your return there")


def test_sub_roles_in_markdown_become_a_title_change() -> None:
    from tui.resume import parse_resume_text

    text = "\n".join([
        "# Sam Lee", "", "## Experience", "",
        "### Software Engineer at [Globex](https://globex.example)", "", "2012-01 - 2014-11", "",
        "#### Role: DevOps Engineer", "Kept the release pipelines running.", "- Ran Jenkins", "",
        "#### Role: Backend Software Engineer", "Wrote the order service.", "",
        "#### Projects", "- Billing rewrite", "",
    ])  # fmt: skip
    resume = parse_resume_text(text, TODAY)
    assert [(j.employer, j.roles) for j in resume.work] == [("Globex", ["DevOps Engineer", "Backend Software Engineer"])]
    [title] = title_findings(resume.work)
    assert title.fields["titles"] == "DevOps Engineer → Backend Software Engineer"


def test_an_acquisition_the_resume_states_joins_two_employers() -> None:
    before = job("Talgentra", "Junior Software Engineer", "2004", "2006")
    after = job("Experian", "Senior Automation Engineer", "2006", "2008")
    assert title_findings([after, before]) == []
    after.summary = "Talgentra was acquired by Experian, I progressed into a senior automated testing role."
    [title] = title_findings([after, before])
    assert (title.fields["old_title"], title.fields["new_title"]) == ("Junior Software Engineer", "Senior Automation Engineer")


def test_skills_left_behind_by_a_list_are_not_asked_about() -> None:
    from tui.resume.findings import skill_findings

    resume = Resume(work=[Job("Acme", "Dev", PartialDate(2019, 1), None)],
                    skills=[Skill("OS", keywords=["CentOS 6", "7", "advanced", "Linux (Ubuntu", "Rust"])])
    assert [f.topic for f in skill_findings(resume)] == ["CentOS 6", "Linux", "Rust"]
